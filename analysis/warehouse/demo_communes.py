"""The SIMULATED 2025 commune panel: the 126 phường and xã × the total and eight components.

No per-unit 2025 result of Hà Nội's phường and xã is held (none was published in the material
reachable when the seeds were curated), so demos of the commune level need an invented panel.
Like the district panel (:mod:`analysis.warehouse.demo`) it is deterministic, labelled
``dataset = 'demo'`` and carries its own clearly simulated source ``sim_demo_communes_2025``.
It reproduces exactly every published 2025 score of a commune-level unit found in the seeds
(none today) and is regenerated until every published 2025 rank holds.

How it is generated (every number below is invented and documented here):

1. each unit's *predecessor score* per indicator is the area-weighted mean of the simulated
   2024 scores of its former districts (weights: the crosswalk's area shares);
2. the predecessor scores are standardised over the 126 units; a unit's latent score mixes
   its predecessor (correlation ρ = 0.8, so units of the same former district resemble it)
   with its own noise, which for a component loads on the unit's total noise (λ = 0.6, so
   components correlate beyond what they inherit);
3. values are the block's mean plus its spread times the latent: the phường block scores
   higher and more evenly than the xã block, and the xã block lags in digital government
   (``_BLOCK_MEAN``, ``_BLOCK_SD``, ``_COMPONENT_OFFSET``);
4. values are clipped to [70, 99.9], rounded to 0,01 and made distinct within a block by
   single cents, then ranked within the block (1..51 for phường, 1..75 for xã).

Simulated components are not constrained to add up to the simulated total, and the eight
components are the areas of the 2021–2025 framework, used as placeholders until the areas
of Quyết định 5666/QĐ-UBND are known (see the ``period_indicators`` view).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.codes import SCORE_INDICATORS

__all__ = ["SEED", "YEAR", "SOURCE_ID", "BLOCKS", "simulate_communes", "check_communes"]

SEED = 20251117
YEAR = 2025
SOURCE_ID = "sim_demo_communes_2025"
BLOCKS = ("phường", "xã")
MAX_ATTEMPTS = 200

_RHO = 0.8  # correlation of a unit's latent with its predecessor districts' scores
_LOADING = 0.6  # how much a component's own noise follows the unit's total noise
_BLOCK_MEAN = {"phường": 93.2, "xã": 90.8}
_BLOCK_SD = {"phường": 1.5, "xã": 2.3}
_BOUNDS = (70.0, 99.9)
# Offsets of each component from the block's total mean (invented; the xã block lags more in
# digital government and public finance, the phường block in socio-economic impact).
_COMPONENT_OFFSET = {
    "phường": {
        "direction": 1.5,
        "institutions": -3.0,
        "procedures": 0.5,
        "organisation": 2.0,
        "civil_service": 0.5,
        "public_finance": -2.5,
        "digital_government": -4.0,
        "socioeconomic_impact": -3.0,
    },
    "xã": {
        "direction": 1.5,
        "institutions": -4.0,
        "procedures": 0.0,
        "organisation": 2.5,
        "civil_service": 0.0,
        "public_finance": -4.0,
        "digital_government": -8.0,
        "socioeconomic_impact": -2.0,
    },
}


def _predecessor(
    units: pd.DataFrame, crosswalk: pd.DataFrame, district_scores: pd.DataFrame
) -> pd.DataFrame:
    """Units × indicators: the area-weighted mean of the former districts' scores."""
    scores = district_scores.pivot(index="unit_id", columns="indicator_id", values="value")
    cw = crosswalk[crosswalk.unit_id.isin(units.unit_id)]
    missing = sorted(set(cw.former_unit_id) - set(scores.index))
    if missing:
        raise ValueError(f"no simulated 2024 scores for former district(s) {', '.join(missing)}")
    weights = cw.pivot_table(
        index="unit_id", columns="former_unit_id", values="area_share", aggfunc="sum", fill_value=0
    )
    weights = weights.reindex(index=units.unit_id, fill_value=0.0)
    lost = weights.index[weights.sum(axis=1) <= 0].tolist()
    if lost:
        raise ValueError(f"unit(s) without a former district in the crosswalk: {', '.join(lost)}")
    weights = weights.div(weights.sum(axis=1), axis=0)
    return weights @ scores.reindex(index=weights.columns)[list(SCORE_INDICATORS)]


def _distinct_ranks(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Make values distinct by single cents (from the top down) and rank them 1..n."""
    order = values.sort_values(ascending=False, kind="mergesort")
    out = order.round(2).to_numpy().copy()
    for i in range(1, len(out)):
        if out[i] >= out[i - 1]:
            out[i] = round(out[i - 1] - 0.01, 2)
    distinct = pd.Series(out, index=order.index)
    ranks = pd.Series(np.arange(1, len(out) + 1), index=order.index)
    return distinct.reindex(values.index), ranks.reindex(values.index)


def _generate(
    units: pd.DataFrame, pred: pd.DataFrame, published: pd.DataFrame, attempt: int
) -> pd.DataFrame:
    rng = np.random.default_rng([SEED, attempt])
    ids = units.unit_id.tolist()
    blocks = units.set_index("unit_id").block
    z_pred = (pred - pred.mean()) / pred.std(ddof=0).replace(0, 1)
    noise_total = rng.normal(size=len(ids))
    pinned = {
        (r.unit_id, r.indicator_id): float(r.value)
        for r in published[published.measure == "score_pct"].itertuples(index=False)
    }
    ranked: dict[str, dict[str, int]] = {}
    for r in published[published.measure == "rank"].itertuples(index=False):
        ranked.setdefault(r.indicator_id, {})[r.unit_id] = int(r.value)
    rows = []
    for ind in SCORE_INDICATORS:
        if ind == "total":
            noise = noise_total
        else:
            own = rng.normal(size=len(ids))
            noise = _LOADING * noise_total + np.sqrt(1 - _LOADING**2) * own
        latent = _RHO * z_pred[ind].to_numpy() + np.sqrt(1 - _RHO**2) * noise
        for block in BLOCKS:
            mask = (blocks.reindex(ids) == block).to_numpy()
            mean = _BLOCK_MEAN[block] + (0.0 if ind == "total" else _COMPONENT_OFFSET[block][ind])
            raw = mean + _BLOCK_SD[block] * latent[mask]
            values = pd.Series(np.clip(raw, *_BOUNDS), index=np.array(ids)[mask])
            values, _ = _distinct_ranks(values)
            # A published rank takes the value now at that rank (a swap keeps the block's
            # distribution); a published score then replaces the unit's value. Whether the
            # result is consistent is left to check_communes (another attempt if not).
            for uid, rank in sorted(ranked.get(ind, {}).items(), key=lambda kv: kv[1]):
                if uid in values.index:
                    order = values.sort_values(ascending=False).index
                    other = order[min(rank, len(order)) - 1]
                    values[uid], values[other] = values[other], values[uid]
            for uid in values.index:
                if (uid, ind) in pinned:
                    values[uid] = pinned[(uid, ind)]
            _, ranks = _distinct_ranks(values)
            for uid in values.index:
                rows.append((uid, YEAR, ind, "score_pct", float(round(values[uid], 2))))
                rows.append((uid, YEAR, ind, "rank", float(ranks[uid])))
    return pd.DataFrame(rows, columns=["unit_id", "year", "indicator_id", "measure", "value"])


def check_communes(panel: pd.DataFrame, units: pd.DataFrame, published: pd.DataFrame) -> list[str]:
    """Problems of a commune panel: coverage, ranks within blocks, published figures.

    Examples
    --------
    >>> check_communes(pd.DataFrame(columns=["unit_id", "year", "indicator_id", "measure",
    ...                                      "value"]), pd.DataFrame({"unit_id": ["a"],
    ...                "block": ["xã"]}), pd.DataFrame())[0]
    'expected 18 figures (1 units × 9 indicators × score and rank), found 0'
    """
    problems: list[str] = []
    n = len(units) * len(SCORE_INDICATORS) * 2
    if len(panel) != n:
        return [
            f"expected {n} figures ({len(units)} units × {len(SCORE_INDICATORS)} indicators "
            f"× score and rank), found {len(panel)}"
        ]
    blocks = units.set_index("unit_id").block
    ranks = panel[panel.measure == "rank"].assign(block=lambda f: f.unit_id.map(blocks))
    for (block, ind), group in ranks.groupby(["block", "indicator_id"]):
        if sorted(group.value.astype(int)) != list(range(1, len(group) + 1)):
            problems.append(f"ranks of {ind} in the {block} block are not 1..{len(group)}")
    idx = panel.set_index(["unit_id", "indicator_id", "measure"])["value"]
    for r in published.itertuples(index=False):
        key = (r.unit_id, r.indicator_id, r.measure)
        if key in idx.index and abs(idx[key] - float(r.value)) > 1e-9:
            problems.append(
                f"{'/'.join(key)} is {idx[key]:g} in the panel but {float(r.value):g} as published"
            )
    return problems


def simulate_communes(
    units: pd.DataFrame,
    crosswalk: pd.DataFrame,
    district_scores: pd.DataFrame,
    published: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The 2025 commune demo panel as observation rows (``dataset = 'demo'``).

    Parameters
    ----------
    units : DataFrame
        The commune-level units of 2025: ``unit_id`` and ``block`` (``phường`` or ``xã``).
    crosswalk : DataFrame
        ``unit_id``, ``former_unit_id``, ``area_share``.
    district_scores : DataFrame
        The simulated 2024 district scores: ``unit_id``, ``indicator_id``, ``value``
        (score_pct of the total and the eight components).
    published : DataFrame, optional
        Published 2025 figures of these units (``unit_id``, ``indicator_id``, ``measure``,
        ``value``; score_pct and rank) that the panel must reproduce.

    Returns
    -------
    DataFrame
        dataset, unit_id, year, indicator_id, measure (score_pct, rank), value, source_id,
        locator, out_of (the block's size for ranks), note.

    Raises
    ------
    ValueError
        When a unit has no former district, a former district has no 2024 score, or no
        attempt reproduces the published figures.

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["p_a", "p_b", "x_c"], "block": ["phường", "phường", "xã"]})
    >>> cw = pd.DataFrame({"unit_id": ["p_a", "p_b", "x_c"], "former_unit_id": ["d1", "d2", "d2"],
    ...                    "area_share": [1.0, 1.0, 1.0]})
    >>> ds = pd.DataFrame([(d, i, v) for d, v in (("d1", 95.0), ("d2", 90.0))
    ...                    for i in SCORE_INDICATORS], columns=["unit_id", "indicator_id", "value"])
    >>> p = simulate_communes(units, cw, ds)
    >>> p[(p.indicator_id == "total") & (p.measure == "rank")].value.tolist()
    [1.0, 2.0, 1.0]
    """
    units = units[["unit_id", "block"]].sort_values("unit_id", ignore_index=True)
    bad = sorted(set(units.block) - set(BLOCKS))
    if bad:
        raise ValueError(f"unknown block(s) {', '.join(map(str, bad))}; expected phường or xã")
    cols = ["unit_id", "indicator_id", "measure", "value"]
    published = (
        pd.DataFrame(columns=cols)
        if published is None or published.empty
        else published[cols][published.unit_id.isin(units.unit_id)]
    )
    pred = _predecessor(units, crosswalk, district_scores)
    last: list[str] = []
    for attempt in range(MAX_ATTEMPTS):
        panel = _generate(units, pred, published, attempt)
        last = check_communes(panel, units, published)
        if not last:
            break
    else:
        raise ValueError(
            "the 2025 commune demo panel cannot reproduce the published figures: "
            + "; ".join(last[:5])
        )
    sizes = units.block.value_counts()
    block_of = units.set_index("unit_id").block
    reproduced = {(r.unit_id, r.indicator_id, r.measure) for r in published.itertuples()}
    panel["dataset"] = "demo"
    panel["source_id"] = SOURCE_ID
    panel["locator"] = [
        "SIMULATED; equals the published figure" if k in reproduced else "SIMULATED"
        for k in zip(panel.unit_id, panel.indicator_id, panel.measure, strict=True)
    ]
    out_of = panel.unit_id.map(block_of).map(sizes).astype(float)
    panel["out_of"] = pd.Series(
        np.where(panel.measure == "rank", out_of, np.nan), index=panel.index
    ).astype("Int64")
    stem = f"Simulated 2025 commune demo panel (analysis/warehouse/demo_communes.py, seed {SEED}, attempt {attempt})"
    panel["note"] = [f"{stem}; ranked within the {block_of[u]} block" for u in panel.unit_id]
    panel.attrs["attempt"] = attempt
    columns = [
        "dataset",
        "unit_id",
        "year",
        "indicator_id",
        "measure",
        "value",
        "source_id",
        "locator",
        "out_of",
        "note",
    ]
    return panel[columns].sort_values(
        ["unit_id", "year", "indicator_id", "measure"], ignore_index=True
    )
