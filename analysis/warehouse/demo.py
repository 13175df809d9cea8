"""The SIMULATED demo panel: 30 units × 2019–2024 × the total and eight components, with ranks.

Published per-district figures are sparse, so meetings and tests need a full panel. This
one is invented, deterministic and labelled ``dataset = 'demo'`` with source
``sim_demo_panel`` everywhere. It is built to reproduce exactly every published figure
it can contain, taken from the seeds at build time:

* every published district total (``score_pct``) and rank, and component score and rank;
* the published block averages of the 30 units (the mean, rounded to the printed decimals);
* the published block-average changes of the components (2023 on 2022);
* published per-unit changes of the total (Ứng Hòa +5,03 in 2023, the largest rise; Bắc Từ
  Liêm +0,64) and the count of units that improved (24 of 30 in 2023);
* the published counts of component areas whose block average rose (6 of 8 in 2021, 5 of 8
  in 2022 and 2023), with the areas the sources name among them.

How it is generated, per indicator and year, from the best rank down (``_slots``):

1. a persistent latent quality per unit (an AR(1) over years, ρ = 0.85) orders the units;
2. 30 "slot" values are drawn from a normal distribution with the year's mean and spread
   (the 2021 method change shifts the means and the spread; the 2017–2020 period has lower
   digital-government scores and weaker links between components);
3. published (rank, value) pairs pin their slots; units with only a published rank take that
   slot; units with only a published value take the free slot nearest to it;
4. free slots are clipped between their pinned neighbours, shifted so the mean hits the
   published block average, rounded to 0,01 and nudged by single cents where needed;
5. the remaining units fill the free slots in the order of their latent quality (a unit with
   a published large rise next year has its latent lowered this year by the excess rise).

Components draw on the unit's total-score latent with a loading (weaker before 2021), so
components correlate and units persist from year to year. The whole panel is regenerated
with the next attempt number until every check in :func:`check` passes; the first passing
attempt (searched from 0 with the fixed ``SEED``) is used, so the result is deterministic.
Simulated components are not constrained to add up to the simulated total.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.codes import COMPONENTS, OBSERVATION_VIEW_COLUMNS, SCORE_INDICATORS

__all__ = [
    "SEED",
    "YEARS",
    "COMPONENTS",
    "INDICATORS",
    "simulate",
    "check",
    "Targets",
    "targets_from",
]

SEED = 20250227
YEARS = tuple(range(2019, 2025))
INDICATORS = SCORE_INDICATORS
SOURCE_ID = "sim_demo_panel"
MAX_ATTEMPTS = 400

# Simulation settings (invented; documented here so that a reader can see every assumption).
# Total: mean per year (published block averages where they exist) and spread.
_TOTAL_MEAN = {2019: 89.40, 2020: 88.90, 2021: 90.55, 2022: 92.75, 2023: 94.01, 2024: 92.30}
_TOTAL_SD = {2019: 2.4, 2020: 2.5, 2021: 2.0, 2022: 1.6, 2023: 1.1, 2024: 1.4}
_TOTAL_BOUNDS = {2019: (83.0, 99.0), 2020: (83.0, 99.0)}  # 2019: results "83% or above"
# Component offsets from the year's total mean, before and after the 2021 method change.
_COMPONENT_OFFSET_2017 = {
    "direction": 2.0,
    "institutions": -1.0,
    "procedures": 1.0,
    "organisation": 3.0,
    "civil_service": 0.5,
    "public_finance": -2.0,
    "digital_government": -9.0,
    "socioeconomic_impact": 1.5,
}
_COMPONENT_OFFSET_2021 = {
    "direction": 1.5,
    "institutions": -4.0,
    "procedures": 0.5,
    "organisation": 2.5,
    "civil_service": 0.5,
    "public_finance": -3.0,
    "digital_government": -6.0,
    "socioeconomic_impact": -2.5,
}
# Published in words, not as a figure: seed000 says Ứng Hòa "tăng cao nhất với 5,03%" in 2023.
_LARGEST_RISE = {2023: "ung_hoa"}
_LOADING = {2019: 0.45, 2020: 0.45, 2021: 0.75, 2022: 0.75, 2023: 0.75, 2024: 0.7}


@dataclass
class Cell:
    """What is published for one indicator and year."""

    values: dict[str, float] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)
    mean: float | None = None
    mean_decimals: int = 2
    mean_delta: float | None = None  # published change of the block mean on the previous year


@dataclass
class Targets:
    """Every published figure the panel must reproduce, by (indicator, year)."""

    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)
    unit_deltas: dict[tuple[str, int], float] = field(default_factory=dict)
    units_improved: dict[int, int] = field(default_factory=dict)
    largest_rise: dict[int, str] = field(default_factory=dict)
    # Published counts of component areas whose block average rose, and the ones named.
    components_improved: dict[int, int] = field(default_factory=dict)
    components_rose: set[tuple[str, int]] = field(default_factory=set)

    def cell(self, indicator: str, year: int) -> Cell:
        return self.cells.setdefault((indicator, year), Cell())


def targets_from(published: pd.DataFrame, units: list[str]) -> Targets:
    """Collect the published figures the panel must reproduce.

    ``published`` has columns unit_id, year, indicator_id, measure, value (one row per
    figure and source; the first row of a key wins, so order it most precise first).

    Examples
    --------
    >>> df = pd.DataFrame({"unit_id": ["a"], "year": [2023], "indicator_id": ["total"],
    ...                    "measure": ["rank"], "value": [1.0]})
    >>> targets_from(df, ["a", "b"]).cell("total", 2023).ranks
    {'a': 1}
    """
    t = Targets()
    unit_set = set(units)
    seen: set[tuple] = set()
    for row in published.itertuples(index=False):
        key = (row.unit_id, int(row.year), row.indicator_id, row.measure)
        if key in seen or int(row.year) not in YEARS or row.indicator_id not in INDICATORS:
            continue
        seen.add(key)
        year = int(row.year)
        cell = t.cell(row.indicator_id, year)
        if row.unit_id in unit_set:
            if row.measure == "score_pct":
                cell.values[row.unit_id] = float(row.value)
            elif row.measure == "rank":
                cell.ranks[row.unit_id] = int(row.value)
            elif row.measure == "delta_pct" and row.indicator_id == "total":
                t.unit_deltas[(row.unit_id, year)] = float(row.value)
        elif row.unit_id == "district_block":
            if row.measure == "score_pct":
                # Rows come most precise first, so 94,01 wins over the rounded 94.
                cell.mean = float(row.value)
                cell.mean_decimals = int(getattr(row, "decimals", 2))
            elif row.measure == "delta_pct":
                cell.mean_delta = float(row.value)
    for row in published.itertuples(index=False):
        if row.unit_id != "district_block":
            continue
        if row.indicator_id == "units_improved":
            t.units_improved[int(row.year)] = int(row.value)
        elif row.indicator_id == "components_improved":
            t.components_improved[int(row.year)] = int(row.value)
        elif row.indicator_id in COMPONENTS and (
            (row.measure == "flag" and row.value == 1)
            or (row.measure == "delta_pct" and row.value > 0)
        ):
            t.components_rose.add((row.indicator_id, int(row.year)))
    for year, unit in _LARGEST_RISE.items():
        if (unit, year) in t.unit_deltas:
            t.largest_rise[year] = unit
    return t


def _slots(
    rng: np.random.Generator,
    n: int,
    mean: float,
    sd: float,
    bounds: tuple[float, float],
    pinned: dict[int, float],
    target_mean: float | None,
    mean_tol: float,
) -> np.ndarray:
    """Slot values 1..n (index 0 = rank 1), non-increasing, honouring pinned slots and the mean."""
    lo, hi = bounds
    draw = np.sort(rng.normal(mean, sd, n))[::-1]
    values = np.clip(draw, lo, hi)
    fixed = np.zeros(n, dtype=bool)
    for slot, v in pinned.items():
        values[slot] = v
        fixed[slot] = True
    # Bounds of each free slot: strictly between its nearest pinned neighbours.
    upper = np.full(n, hi)
    lower = np.full(n, lo)
    above = hi + 0.01
    for i in range(n):
        if fixed[i]:
            above = values[i]
        else:
            upper[i] = min(hi, above - 0.01)
    below = lo - 0.01
    for i in range(n - 1, -1, -1):
        if fixed[i]:
            below = values[i]
        else:
            lower[i] = max(lo, below + 0.01)
    free = ~fixed
    if np.any(lower[free] > upper[free] + 1e-9):
        raise ValueError("published ranks and values leave no room for the other units")

    def fill(shift: float) -> np.ndarray:
        out = values.copy()
        out[free] = np.clip(draw[free] + shift, lower[free], upper[free])
        # Keep free slots ordered after clipping (clip bounds are themselves ordered).
        return out

    if target_mean is not None and free.any():
        a, b = -50.0, 50.0
        for _ in range(80):
            mid = (a + b) / 2
            if fill(mid).mean() < target_mean:
                a = mid
            else:
                b = mid
        out = fill((a + b) / 2)
    else:
        out = fill(0.0)
    out = np.round(out, 2)
    out[fixed] = values[fixed]
    # Restore order broken by rounding, then hit the mean with single-cent nudges.
    for i in range(1, n):
        if free[i] and out[i] > out[i - 1]:
            out[i] = out[i - 1] if not fixed[i - 1] else out[i - 1] - 0.01
    if target_mean is not None:
        for _ in range(4 * n):
            gap = target_mean * n - out.sum()
            if abs(gap) <= mean_tol * n - 1e-9:
                break
            step = 0.01 if gap > 0 else -0.01
            order = np.argsort(np.abs(draw - out))  # nudge where it changes least
            for i in order:
                if not free[i]:
                    continue
                new = round(out[i] + step, 2)
                ok_up = i == 0 or new <= out[i - 1] - (0.01 if fixed[i - 1] else 0)
                ok_down = i == n - 1 or new >= out[i + 1] + (0.01 if fixed[i + 1] else 0)
                if lower[i] - 1e-9 <= new <= upper[i] + 1e-9 and ok_up and ok_down:
                    out[i] = new
                    break
            else:
                raise ValueError("cannot reach the published mean")
    return out


def _assign(
    units: list[str],
    slot_values: np.ndarray,
    cell: Cell,
    latent: dict[str, float],
) -> tuple[dict[str, float], dict[str, int]]:
    """Put units in slots: published ranks first, then the rest by latent quality."""
    n = len(units)
    slot_unit: dict[int, str] = {r - 1: u for u, r in cell.ranks.items()}
    free_units = [u for u in units if u not in cell.ranks]
    free_units.sort(key=lambda u: (-latent[u], u))
    free_slots = [i for i in range(n) if i not in slot_unit]
    for u, s in zip(free_units, free_slots, strict=True):
        slot_unit[s] = u
    values = {slot_unit[i]: float(slot_values[i]) for i in range(n)}
    ranks = {slot_unit[i]: i + 1 for i in range(n)}
    return values, ranks


def _pins(cell: Cell, rng_values: np.ndarray, n: int) -> tuple[dict[int, float], Cell]:
    """Turn published values into pinned slots; value-only units get the nearest free slot."""
    pinned: dict[int, float] = {}
    ranks = dict(cell.ranks)
    for unit, rank in cell.ranks.items():
        if unit in cell.values:
            pinned[rank - 1] = cell.values[unit]
    for unit, value in sorted(cell.values.items(), key=lambda kv: -kv[1]):
        if unit in ranks:
            continue
        taken = set(ranks.values())
        # The slot whose neighbours bracket the value, given the pins so far.
        best = None
        for slot in range(n):
            if slot + 1 in taken:
                continue
            above = [v for s, v in pinned.items() if s < slot]
            below = [v for s, v in pinned.items() if s > slot]
            if (not above or min(above) > value) and (not below or max(below) < value):
                cost = abs(rng_values[slot] - value)
                if best is None or cost < best[0]:
                    best = (cost, slot)
        if best is None:
            raise ValueError(f"published value {value} of {unit} does not fit the published ranks")
        ranks[unit] = best[1] + 1
        pinned[best[1]] = value
    out = Cell(
        values=dict(cell.values), ranks=ranks, mean=cell.mean, mean_decimals=cell.mean_decimals
    )
    return pinned, out


def _generate(targets: Targets, units: list[str], attempt: int) -> pd.DataFrame:
    rng = np.random.default_rng([SEED, attempt])
    n = len(units)
    latent = {u: float(z) for u, z in zip(units, rng.normal(size=n), strict=True)}
    rows: list[tuple] = []
    prev_total: dict[str, float] = {}
    prev_means: dict[str, float] = {}
    for year in YEARS:
        if year != YEARS[0]:
            latent = {u: 0.85 * z + 0.53 * float(rng.normal()) for u, z in latent.items()}
        # A unit with a published large rise next year starts lower this year, so that its
        # next-year score (this year's plus the rise) can fit under the published ranks.
        for (unit, y), delta in targets.unit_deltas.items():
            if y == year + 1 and unit in latent:
                latent[unit] -= max(0.0, delta - 1.5)
        # Totals.
        cell = targets.cells.get(("total", year), Cell())
        cell = Cell(
            dict(cell.values), dict(cell.ranks), cell.mean, cell.mean_decimals, cell.mean_delta
        )
        for (unit, y), delta in targets.unit_deltas.items():
            if y == year and unit in prev_total and unit not in cell.values:
                cell.values[unit] = round(prev_total[unit] + delta, 2)
        mean = cell.mean if cell.mean is not None else _TOTAL_MEAN[year]
        draw = np.sort(rng.normal(mean, _TOTAL_SD[year], n))[::-1]
        pinned, cell = _pins(cell, draw, n)
        tol = 0.5 * 10 ** (-cell.mean_decimals) if cell.mean is not None else 0.5
        slot_values = _slots(
            rng,
            n,
            mean,
            _TOTAL_SD[year],
            _TOTAL_BOUNDS.get(year, (70.0, 100.0)),
            pinned,
            # A tolerance of 0.002 keeps rounded changes of the mean exact too (94,01 − 92,75).
            mean,
            min(tol, 0.002) if cell.mean is not None else tol,
        )
        values, ranks = _assign(units, slot_values, cell, latent)
        for u in units:
            rows.append((u, year, "total", "score_pct", values[u]))
            rows.append((u, year, "total", "rank", float(ranks[u])))
        z_total = np.array([values[u] for u in units])
        z_total = (z_total - z_total.mean()) / (z_total.std() or 1.0)
        total_z = dict(zip(units, z_total, strict=True))
        prev_total = values
        # Components.
        offsets = _COMPONENT_OFFSET_2017 if year < 2021 else _COMPONENT_OFFSET_2021
        load = _LOADING[year]
        means_now: dict[str, float] = {}
        rising = _rising_components(targets, year, rng) if prev_means else {}
        for comp in COMPONENTS:
            ccell = targets.cells.get((comp, year), Cell())
            ccell = Cell(dict(ccell.values), dict(ccell.ranks), None, 2, ccell.mean_delta)
            cmean = min(_TOTAL_MEAN[year] + offsets[comp] + (year - 2021) * 0.3, 97.5)
            target = None
            if ccell.mean_delta is not None and comp in prev_means:
                target = round(prev_means[comp] + ccell.mean_delta, 4)
                cmean = target
            elif comp in rising and comp in prev_means:
                # A published count of rising areas: rise or fall, heading for the intended level.
                gap = cmean - prev_means[comp]
                jitter = float(rng.uniform(0.0, 0.3))
                step = (
                    min(max(gap, 0.2), 4.0) + jitter
                    if rising[comp]
                    else -min(max(-gap, 0.1), 1.5) - jitter
                )
                target = round(prev_means[comp] + step, 4)
                cmean = target
            sd = 3.0 if comp == "digital_government" else 2.2
            clatent = {
                u: load * total_z[u] + np.sqrt(1 - load**2) * float(rng.normal()) for u in units
            }
            draw = np.sort(rng.normal(cmean, sd, n))[::-1]
            pinned, ccell = _pins(ccell, draw, n)
            # Only published block means are forced; other component means float freely.
            slot_values = _slots(rng, n, cmean, sd, (50.0, 100.0), pinned, target, 0.004)
            cvalues, cranks = _assign(units, slot_values, ccell, clatent)
            for u in units:
                rows.append((u, year, comp, "score_pct", cvalues[u]))
                rows.append((u, year, comp, "rank", float(cranks[u])))
            means_now[comp] = float(np.mean([cvalues[u] for u in units]))
        prev_means = means_now
    frame = pd.DataFrame(rows, columns=["unit_id", "year", "indicator_id", "measure", "value"])
    return frame


def _rising_components(targets: Targets, year: int, rng: np.random.Generator) -> dict[str, bool]:
    """Which components rise this year, when a count of rising areas is published."""
    k = targets.components_improved.get(year)
    if k is None:
        return {}
    named = [c for c in COMPONENTS if (c, year) in targets.components_rose]
    others = [c for c in COMPONENTS if c not in named]
    extra = list(rng.permutation(others)[: max(0, k - len(named))]) if len(named) < k else []
    return {c: (c in named or c in extra) for c in COMPONENTS}


def check(panel: pd.DataFrame, targets: Targets) -> list[str]:
    """Every way the panel fails to reproduce the published figures (empty when it does).

    Examples
    --------
    >>> check(pd.DataFrame(columns=["unit_id", "year", "indicator_id", "measure", "value"]),
    ...       Targets())
    []
    """
    problems: list[str] = []
    if panel.empty:
        return problems
    idx = panel.set_index(["unit_id", "year", "indicator_id", "measure"])["value"]
    for (ind, year), cell in targets.cells.items():
        for u, v in cell.values.items():
            got = idx.get((u, year, ind, "score_pct"))
            if got is None or abs(got - v) > 1e-9:
                problems.append(f"{u} {year} {ind}: score {got} != published {v}")
        for u, r in cell.ranks.items():
            got = idx.get((u, year, ind, "rank"))
            if got is None or int(got) != r:
                problems.append(f"{u} {year} {ind}: rank {got} != published {r}")
        scores = panel[
            (panel.year == year) & (panel.indicator_id == ind) & (panel.measure == "score_pct")
        ]
        if cell.mean is not None and not scores.empty:
            got = round(float(scores.value.mean()), cell.mean_decimals)
            if abs(got - cell.mean) > 1e-9:
                problems.append(f"{year} {ind}: block mean {got} != published {cell.mean}")
        if cell.mean_delta is not None and not scores.empty:
            before = panel[
                (panel.year == year - 1)
                & (panel.indicator_id == ind)
                & (panel.measure == "score_pct")
            ]
            if not before.empty:
                got = round(float(scores.value.mean()) - float(before.value.mean()), 2)
                if abs(got - cell.mean_delta) > 1e-9:
                    problems.append(
                        f"{year} {ind}: change of block mean {got} != published {cell.mean_delta}"
                    )
    totals = panel[(panel.indicator_id == "total") & (panel.measure == "score_pct")].pivot(
        index="unit_id", columns="year", values="value"
    )
    for (u, year), delta in targets.unit_deltas.items():
        if year - 1 in totals and u in totals.index:
            got = round(totals.loc[u, year] - totals.loc[u, year - 1], 2)
            if abs(got - delta) > 1e-9:
                problems.append(f"{u} {year}: change {got} != published {delta}")
    for year, count in targets.units_improved.items():
        if year - 1 in totals:
            got = int((totals[year] - totals[year - 1] > 0).sum())
            if got != count:
                problems.append(f"{year}: {got} units improved, published {count}")
    comp_means = (
        panel[(panel.measure == "score_pct") & (panel.indicator_id.isin(COMPONENTS))]
        .groupby(["indicator_id", "year"])["value"]
        .mean()
    )
    for year, k in targets.components_improved.items():
        if (COMPONENTS[0], year - 1) not in comp_means:
            continue
        rose = {
            c for c in COMPONENTS if round(comp_means[(c, year)] - comp_means[(c, year - 1)], 2) > 0
        }
        if len(rose) != k:
            problems.append(f"{year}: {len(rose)} component averages rose, published {k}")
        for c, y in targets.components_rose:
            if y == year and c not in rose:
                problems.append(f"{year}: the average of {c} did not rise, published as rising")
    for year, unit in targets.largest_rise.items():
        if year - 1 in totals:
            change = (totals[year] - totals[year - 1]).round(2)
            others = change.drop(unit)
            if (others >= change[unit]).any():
                problems.append(f"{year}: {unit} is not the unique largest rise")
    return problems


def simulate(published: pd.DataFrame, units: list[str]) -> pd.DataFrame:
    """The demo panel as rows of (unit_id, year, indicator_id, measure, value, source_id, locator, out_of, note).

    Deterministic: the same published figures give the same panel. Raises ValueError when no
    attempt reproduces the published figures (a sign that the seeds contradict each other).

    Examples
    --------
    >>> from analysis.warehouse.build import validate  # doctest: +SKIP
    >>> p = simulate(pd.DataFrame(columns=["unit_id", "year", "indicator_id", "measure", "value"]),
    ...              [f"u{i:02d}" for i in range(30)])
    >>> sorted(p.year.unique().tolist()) == list(YEARS), p.dataset.unique().tolist()
    (True, ['demo'])
    """
    units = sorted(units)
    targets = targets_from(published, units)
    last: list[str] = []
    for attempt in range(MAX_ATTEMPTS):
        try:
            panel = _generate(targets, units, attempt)
        except ValueError as exc:
            last = [str(exc)]
            continue
        last = check(panel, targets)
        if not last:
            break
    else:
        raise ValueError(
            "the demo panel cannot reproduce the published figures: " + "; ".join(last[:5])
        )
    reproduced = {
        (u, y, ind, "score_pct") for (ind, y), c in targets.cells.items() for u in c.values
    } | {(u, y, ind, "rank") for (ind, y), c in targets.cells.items() for u in c.ranks}
    panel["dataset"] = "demo"
    panel["source_id"] = SOURCE_ID
    keys = list(zip(panel.unit_id, panel.year, panel.indicator_id, panel.measure, strict=True))
    panel["locator"] = [
        "SIMULATED; equals the published figure" if k in reproduced else "SIMULATED" for k in keys
    ]
    panel["out_of"] = np.where(panel.measure == "rank", len(units), np.nan)
    panel["out_of"] = panel["out_of"].astype("Int64")
    panel["note"] = (
        f"Simulated demo panel (analysis/warehouse/demo.py, seed {SEED}, attempt {attempt})"
    )
    panel.attrs["attempt"] = attempt
    columns = [c for c in OBSERVATION_VIEW_COLUMNS if c in panel.columns]
    return panel[columns].sort_values(
        ["unit_id", "year", "indicator_id", "measure"], ignore_index=True
    )
