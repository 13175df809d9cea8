"""What-if pieces: simulatable units and years, weights, sliders, the simulation and the target rank."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from analysis.stats.result import COMPONENT_IDS, INDICATOR_IDS
from ui import queries
from ui.i18n import num, pct, per_language, signed, t, unit_name
from ui.labels import short

__all__ = [
    "COMPONENTS",
    "WHATIF_FALLBACK_UNIT",
    "year_scores",
    "block_scores",
    "official_rank",
    "simulatable_years",
    "opening_unit",
    "cannot_why",
    "simulatable_list",
    "published_target",
    "default_weights",
    "weight_key",
    "seed_weights",
    "reset_weights",
    "current_weights",
    "weights_changed",
    "weight_kinds",
    "weights_plain",
    "slider_key",
    "seed_sliders",
    "reset_sliders",
    "simulate",
    "metric_delta",
    "places_delta",
    "strip_frames",
    "strip_summary",
    "simulation_table",
    "default_target",
    "target_span",
    "target_result",
    "target_holder",
    "target_frames",
    "equal_weight_note",
    "target_summary",
]

COMPONENTS: tuple[str, ...] = COMPONENT_IDS


# === what-if ===============================================================================
WHATIF_FALLBACK_UNIT = "chuong_my"  # the unit with a published "rise 6–8 places" target


@queries.cached(max_entries=64)
def year_scores(key: queries.DbKey, dataset: str, year: int) -> pd.DataFrame:
    """All units' total and component scores of one year: index unit_id, one column each."""
    panel = queries.panel(key, dataset, (year, year), None, INDICATOR_IDS)
    wide = panel.pivot(index="unit_id", columns="indicator_id", values="value")
    return wide.reindex(columns=list(INDICATOR_IDS)).astype(float)


def block_scores(key: queries.DbKey, dataset: str, year: int, unit_id: str) -> pd.DataFrame:
    """The year's scores of the units ranked with ``unit_id``: its block, as the index ranks."""
    wide = year_scores(key, dataset, year)
    peers = queries.block_peers(key, unit_id)
    return wide[wide.index.isin(peers)] if peers else wide


def official_rank(key: queries.DbKey, dataset: str, unit_id: str, year: int) -> int | None:
    """The unit's published (or simulated) rank on the total that year."""
    panel = queries.panel(key, dataset, (year, year), (unit_id,), ("total",)).dropna(
        subset=["rank"]
    )
    return int(panel["rank"].iloc[0]) if not panel.empty else None


def _simulatable(wide: pd.DataFrame) -> pd.Index:
    return wide.index[wide["total"].notna() & wide[list(COMPONENTS)].notna().any(axis=1)]


def simulatable_years(f, unit_id: str, available: list[int]) -> list[int]:
    """Years (of ``available``) in which the unit has a total and a component score."""
    return _simulatable_years(f.key, f.dataset, unit_id, tuple(available))


def opening_unit(f, options: list[str], available: list[int]) -> str:
    """The unit the page opens on: one it can simulate in the sidebar's years.

    The first unit chosen in the sidebar, then the unit with a published target
    (:data:`WHATIF_FALLBACK_UNIT`), then the others in order; the first of them with a year
    to simulate. When none has one, the usual default (the page then says why).
    """
    chosen = [u for u in f.chosen_units if u in options]
    fallback = [WHATIF_FALLBACK_UNIT] if WHATIF_FALLBACK_UNIT in options else []
    for unit in dict.fromkeys([*chosen, *fallback, *options]):
        if simulatable_years(f, unit, available):
            return unit
    return (chosen or fallback or options)[0]


# Cached: the what-if page asks on every rerun and the answer only changes with the data.
@queries.cached(max_entries=256)
def _simulatable_years(
    key: queries.DbKey, dataset: str, unit_id: str, available: tuple[int, ...]
) -> list[int]:
    return [y for y in available if unit_id in _simulatable(year_scores(key, dataset, y))]


def cannot_why(wide: pd.DataFrame, unit_id: str) -> str | None:
    """Why a unit cannot be simulated in a year (None when it can)."""
    row = wide.loc[unit_id] if unit_id in wide.index else None
    has_total = row is not None and pd.notna(row["total"])
    has_comp = row is not None and bool(row[list(COMPONENTS)].notna().any())
    if has_total and has_comp:
        return None
    if has_total:
        return t("wi_why_no_components")
    return t("wi_why_no_total") if has_comp else t("wi_why_neither")


def simulatable_list(f, available: list[int]) -> str:
    """'Bắc Từ Liêm (2023)' for every unit-year of the sidebar's units that can be simulated."""
    units = queries.units(f.key)
    found: dict[str, list[int]] = {}
    for y in available:
        for u in _simulatable(year_scores(f.key, f.dataset, y)):
            if u in f.unit_ids:
                found.setdefault(u, []).append(y)
    if not found:
        return t("wi_possible_none")
    items = "; ".join(
        f"{unit_name(units, u)} ({', '.join(map(str, ys))})" for u, ys in found.items()
    )
    return t("wi_possible", items=items)


@queries.cached(max_entries=256)
def published_target(key: queries.DbKey, unit_id: str) -> dict | None:
    """A published 'rise lo–hi places' target of the unit, with its source title."""
    obs = queries.observations(key, "published", None, (unit_id,))
    rows = obs[obs.measure.isin(["target_rank_gain_min", "target_rank_gain_max"])]
    if rows.empty:
        return None
    lo = rows[rows.measure == "target_rank_gain_min"]
    hi = rows[rows.measure == "target_rank_gain_max"]
    year = int(rows.year.iloc[0])
    srcs = queries.sources(key).set_index("source_id")
    sid = rows.source_id.iloc[0]
    return {
        "year": year,
        "prev": year - 1,
        "lo": int(lo.value.iloc[0]) if not lo.empty else int(hi.value.iloc[0]),
        "hi": int(hi.value.iloc[0]) if not hi.empty else int(lo.value.iloc[0]),
        "source": str(srcs.loc[sid].title) if sid in srcs.index else sid,
    }


# --- weights -------------------------------------------------------------------------------
@queries.cached(max_entries=16)
def default_weights(key: queries.DbKey) -> pd.DataFrame:
    """Published maximum points where known, equal shares of the remaining 100 otherwise."""
    from analysis.reports.unit_report import assumed_max_points

    ind = queries.indicators(key).set_index("indicator_id")
    known = {c: ind.max_points.get(c) for c in COMPONENTS}
    return assumed_max_points(known, COMPONENTS, 100.0)


def weight_key(comp: str) -> str:
    """Session key of one weight input."""
    return f"wi_w_{comp}"


def seed_weights(defaults: pd.DataFrame) -> None:
    """Put the default weights into session state before the inputs are drawn (first time)."""
    for r in defaults.itertuples(index=False):
        st.session_state.setdefault(weight_key(r.component), float(r.max_points))


def reset_weights(defaults: pd.DataFrame) -> None:
    """Callback: back to the default weights."""
    for r in defaults.itertuples(index=False):
        st.session_state[weight_key(r.component)] = float(r.max_points)


def current_weights(defaults: pd.DataFrame) -> dict[str, float]:
    """The weights in use (from the inputs)."""
    return {
        r.component: float(st.session_state.get(weight_key(r.component), r.max_points))
        for r in defaults.itertuples(index=False)
    }


def weights_changed(defaults: pd.DataFrame, weights: dict[str, float]) -> bool:
    """True when the user moved any weight off its default."""
    # Inputs show two decimals; a weight re-typed as 13.14 for 92/7 is not a real change.
    return any(
        abs(weights[r.component] - float(r.max_points)) > 0.006
        for r in defaults.itertuples(index=False)
    )


@per_language
def weight_kinds(defaults: pd.DataFrame) -> dict[str, str]:
    """'published' or 'ASSUMED' for every area, by component (the page asks once a rerun)."""
    return {
        c: t("wi_weight_assumed") if bool(a) else t("wi_weight_published")
        for c, a in zip(defaults["component"], defaults["assumed"], strict=True)
    }


@per_language
def weights_plain(defaults: pd.DataFrame) -> str:
    """The plain-words explanation of the weights."""
    known = defaults[~defaults.assumed]
    assumed = defaults[defaults.assumed]
    rest = float(assumed.max_points.sum())
    return t(
        "wi_weights_plain",
        known=", ".join(
            t("wi_known_item", area=short(c), pts=num(p, 0))
            for c, p in zip(known.component, known.max_points, strict=True)
        ),
        k=len(assumed),
        rest=num(rest, 0),
        share=num(float(assumed.max_points.iloc[0]) if len(assumed) else math.nan),
        total=num(float(defaults.max_points.sum()), 0),
    )


# --- sliders and the simulation -------------------------------------------------------------
def slider_key(unit_id: str, year: int, comp: str) -> str:
    """Session key of one slider (per unit and year, so a new unit starts from its scores)."""
    return f"wi_s_{unit_id}_{year}_{comp}"


def seed_sliders(unit_id: str, year: int, current: dict[str, float]) -> None:
    """Start sliders at the unit's current scores (first time only)."""
    for comp, v in current.items():
        if pd.notna(v):
            st.session_state.setdefault(slider_key(unit_id, year, comp), round(float(v), 2))


def reset_sliders(unit_id: str, year: int, current: dict[str, float]) -> None:
    """Callback: sliders back to the current scores."""
    for comp, v in current.items():
        if pd.notna(v):
            st.session_state[slider_key(unit_id, year, comp)] = round(float(v), 2)


def simulate(
    wide: pd.DataFrame, unit_id: str, new: dict[str, float], weights: dict[str, float]
) -> dict:
    """Current and simulated total, rank and weighted mean of the components."""
    from analysis.stats.weighting import apply_changes, rank_of, recompute_total

    row = wide.loc[unit_id]
    current = {c: float(row[c]) for c in COMPONENTS if pd.notna(row[c])}
    total_points = sum(weights.values())
    now_total = float(row["total"])
    sim_total = apply_changes(now_total, current, new, weights, total_points)
    others = wide["total"].drop(index=unit_id).dropna()
    used = {c: weights[c] for c in current}
    return {
        "now_total": now_total,
        "sim_total": sim_total,
        "now_rank": rank_of(now_total, others),
        "sim_rank": rank_of(sim_total, others),
        "n": int(others.size + 1),
        "now_mean": recompute_total(current, used),
        "sim_mean": recompute_total({c: new.get(c, v) for c, v in current.items()}, used),
        "total_points": total_points,
    }


def metric_delta(d: float, decimals: int = 2) -> str | None:
    """A delta for st.metric: ASCII '-' so the arrow points the right way; None for no change."""
    if abs(d) < 0.5 * 10**-decimals:
        return None
    return f"{'+' if d > 0 else '-'}{num(abs(d), decimals)}"


def places_delta(now_rank: int, sim_rank: int) -> tuple[str | None, str]:
    """Metric delta for a rank move and its colour mode (up = good); None for no move."""
    k = now_rank - sim_rank
    if k == 0:
        return None, "off"
    return f"{'+' if k > 0 else '-'}{abs(k)} {t('wi_places')}", "normal"


def strip_frames(
    wide: pd.DataFrame, units: pd.DataFrame, unit_id: str, res: dict
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Other units' totals, and the unit now and simulated, for the position chart."""
    others = wide["total"].drop(index=unit_id).dropna()
    other = pd.DataFrame(
        {
            "unit_id": others.index,
            "name": [unit_name(units, u) for u in others.index],
            "value": others.to_numpy(),
        }
    )
    other["value_text"] = [num(v) for v in other.value]
    now, sim = t("wi_strip_now"), t("wi_strip_sim")
    marks = pd.DataFrame(
        {
            "series": [now, sim],
            "value": [res["now_total"], res["sim_total"]],
            "label": [
                t("wi_strip_label", what=now, rank=res["now_rank"]),
                t("wi_strip_label", what=sim, rank=res["sim_rank"]),
            ],
        }
    )
    marks["value_text"] = [num(v) for v in marks.value]
    return other, marks


def strip_summary(res: dict) -> str:
    """One line under the position chart."""
    return t(
        "wi_strip_summary",
        a=pct(res["now_total"]),
        b=pct(res["sim_total"]),
        d=signed(res["sim_total"] - res["now_total"]),
        r0=res["now_rank"],
        r1=res["sim_rank"],
        n=res["n"],
    )


def simulation_table(
    wide: pd.DataFrame, unit_id: str, new: dict[str, float], weights: dict, defaults: pd.DataFrame
) -> pd.DataFrame:
    """Per area: weight and its origin, current and simulated score, effect on the total."""
    row = wide.loc[unit_id]
    total_points = sum(weights.values())
    out = pd.DataFrame({"indicator_id": list(COMPONENTS)})
    out[t("wi_col_area")] = [short(c) for c in COMPONENTS]
    out[t("wi_col_weight")] = [round(weights[c], 2) for c in COMPONENTS]
    kinds = weight_kinds(defaults)
    out[t("wi_col_weight_kind")] = [kinds[c] for c in COMPONENTS]
    out[t("wi_col_current")] = [row[c] for c in COMPONENTS]
    out["simulated"] = [new.get(c, math.nan) for c in COMPONENTS]
    out["effect_on_total"] = [
        (new[c] - row[c]) * weights[c] / total_points if c in new and pd.notna(row[c]) else math.nan
        for c in COMPONENTS
    ]
    return out


# --- target rank ---------------------------------------------------------------------------
def default_target(now_rank: int) -> int:
    """Six places up (low end of a 'rise 6–8 places' target), or 1 near the top."""
    return max(1, int(now_rank) - 6)


def target_span(now_rank: int, info: dict) -> dict[str, int]:
    """Ranks a 'rise lo–hi places' target points to: {'a': now − lo, 'b': now − hi} (≥ 1)."""
    return {"a": max(1, now_rank - info["lo"]), "b": max(1, now_rank - info["hi"])}


def target_result(
    wide: pd.DataFrame, unit_id: str, target: int, weights: dict[str, float]
) -> pd.DataFrame:
    """Smallest change in each area alone to reach the target rank (others held fixed)."""
    from analysis.stats.weighting import target_changes

    return target_changes(unit_id, int(target), wide, weights, total_points=sum(weights.values()))


def target_holder(
    wide: pd.DataFrame, units: pd.DataFrame, unit_id: str, target: int
) -> tuple[str, float]:
    """The unit at place ``target`` when ``unit_id`` is left out, and its total."""
    others = wide["total"].drop(index=unit_id).dropna()
    order = sorted(others.index, key=lambda u: (-others[u], u))
    holder = order[min(target, len(order)) - 1]
    return unit_name(units, holder), float(others[holder])


def target_frames(res: pd.DataFrame, defaults: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Chart rows (name, change, status, label) and the download table of a target result."""
    yes, no = t("wi_feasible"), t("wi_infeasible")
    total_points = float(res.max_points.sum())
    rows = []
    for r in res.itertuples(index=False):
        if r.feasible:
            label = t("wi_label_feasible", change=num(r.change), required=pct(r.required))
        elif pd.isna(r.current):
            label = t("wi_label_missing")
        else:
            need = r.current + r.total_points_needed * total_points / r.max_points
            label = t("wi_label_infeasible", required=pct(need))
        rows.append(
            {
                "name": short(r.component),
                "change": r.change if r.feasible else math.nan,
                "status": yes if r.feasible else no,
                "label": label,
            }
        )
    chart = pd.DataFrame(rows)
    feasible_first = (
        chart.assign(_o=chart.change.fillna(math.inf)).sort_values("_o").drop(columns="_o")
    )
    table = pd.DataFrame(
        {
            t("wi_col_area"): [short(c) for c in res.component],
            t("wi_col_weight"): res.max_points.round(2),
            t("wi_col_weight_kind"): [weight_kinds(defaults)[c] for c in res.component],
            t("wi_col_current"): res.current.round(2),
            t("wi_col_required"): res.required.round(2),
            t("wi_col_change"): res.change.round(2),
            t("wi_col_feasible"): [t("wi_yes") if v else t("wi_no") for v in res.feasible],
            "total_points_needed": res.total_points_needed.round(4),
            "indicator_id": res.component,
        }
    )
    return feasible_first.reset_index(drop=True), table


def equal_weight_note(res: pd.DataFrame) -> bool:
    """True when two reachable areas share a weight (so they need the very same change)."""
    ok = res[res.feasible]
    return bool(ok.max_points.round(6).duplicated().any())


def target_summary(res: pd.DataFrame, unit: str, target: int) -> str:
    """One line under the target chart."""
    ok = res[res.feasible]
    if ok.empty:
        return t("wi_target_summary_none", unit=unit, target=target)
    easy = ok.loc[ok.change.idxmin()]
    return t(
        "wi_target_summary",
        k=len(ok),
        m=len(res),
        unit=unit,
        target=target,
        easy=short(easy.component),
        change=num(easy.change),
    )
