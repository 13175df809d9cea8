"""Tables behind the rankings page: the year's ranking with movement and history, and
which units a chart shows by default.

Pure pandas (no Streamlit), so the rules are tested on their own. Ranks follow
:func:`analysis.stats.result.unit_ranks`: a year's published (or simulated) ranks when the panel
has any for that year and indicator, otherwise competition ranks of the scores (1 = best).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stats.result import check_panel

__all__ = [
    "RANKING_COLUMNS",
    "fill_ranks",
    "movement_arrow",
    "pick_units",
    "rank_axis_ticks",
    "ranking_table",
]

#: Columns of :func:`ranking_table`.
RANKING_COLUMNS: tuple[str, ...] = (
    "unit_id",
    "rank",
    "score",
    "prev_rank",
    "rank_change",
    "history",
)


def fill_ranks(panel: pd.DataFrame) -> pd.DataFrame:
    """The panel with a ``rank`` for every scored unit where a year has no ranks at all.

    A (year, indicator) that has at least one rank keeps its ranks as they are (published
    ranks are out of all 30 units; re-ranking a handful of published scores among
    themselves would invent places). A (year, indicator) without any rank gets competition
    ranks of its scores (``method="min"``), as :func:`analysis.stats.result.unit_ranks` does.
    Column ``rank_computed`` says which ranks were computed here.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": ["a", "b", "a", "b"], "year": [2022, 2022, 2023, 2023],
    ...                   "indicator_id": "total", "value": [80.0, 90.0, 85.0, 84.0],
    ...                   "rank": [None, None, 7.0, None]})
    >>> fill_ranks(p)[["unit_id", "year", "rank", "rank_computed"]].values.tolist()
    [['a', 2022, 2.0, True], ['b', 2022, 1.0, True], ['a', 2023, 7.0, False], ['b', 2023, nan, False]]
    """
    data = check_panel(panel)
    if "rank" not in data.columns:
        data["rank"] = np.nan
    # A built-in reduction, not a lambda per group: ten thousand units make many groups.
    has_rank = data["rank"].notna().groupby([data["year"], data["indicator_id"]]).transform("any")
    computed = data.groupby(["year", "indicator_id"])["value"].rank(ascending=False, method="min")
    fill = ~has_rank.astype(bool) & data["value"].notna()
    data["rank"] = data["rank"].where(~fill, computed)
    data["rank_computed"] = fill.astype(bool)
    return data


def rank_axis_ticks(n_units: int) -> list[int]:
    """Ticks of a rank axis: 1, then every 5 places (to 30), 10 (to 100) or 25, and the last.

    The last place is added unless it would crowd the tick before it.

    Parameters
    ----------
    n_units : int
        Units ranked together (30 districts; since 2025 51 phường or 75 xã).

    Returns
    -------
    list of int

    Examples
    --------
    >>> rank_axis_ticks(30), rank_axis_ticks(75)
    ([1, 5, 10, 15, 20, 25, 30], [1, 10, 20, 30, 40, 50, 60, 70, 75])
    """
    step = 5 if n_units <= 30 else 10 if n_units <= 100 else 25
    ticks = [1, *range(step, n_units + 1, step)]
    if n_units - ticks[-1] >= step / 2:
        ticks.append(n_units)
    return ticks


def movement_arrow(change: float | None) -> str:
    """A rank change as text that does not rely on colour: ▲ 3 (up), ▼ 2 (down), = 0, —.

    ``change`` is previous rank minus current rank (positive = moved up).

    Examples
    --------
    >>> movement_arrow(3.0), movement_arrow(-2), movement_arrow(0), movement_arrow(float("nan"))
    ('▲ 3', '▼ 2', '= 0', '—')
    """
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return "—"
    value = int(round(float(change)))
    if value > 0:
        return f"▲ {value}"
    if value < 0:
        return f"▼ {-value}"
    return "= 0"


def ranking_table(
    panel: pd.DataFrame,
    units: Sequence[str],
    year: int,
    years: Sequence[int],
    indicator: str = "total",
) -> pd.DataFrame:
    """One row per unit of ``units``: rank and score in ``year``, movement since ``year - 1``.

    ``history`` is the unit's scores over ``years`` as a list (None where a year has no
    score), for a sparkline. Ranks come from :func:`fill_ranks`, so pass the panel of all
    units (ranks are places among all units, whichever units are listed). ``rank_change``
    = rank in ``year - 1`` minus rank in ``year`` (positive = moved up), NaN when either is
    missing. Units without any figure are kept with NaN, so the table says what is missing.

    Minimum n: none.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RANKING_COLUMNS`, sorted by rank, then score (descending), then
        unit_id; units without a rank come last.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": ["a", "b", "a", "b"], "year": [2022, 2022, 2023, 2023],
    ...                   "indicator_id": "total", "value": [80.0, 90.0, 85.0, 84.0]})
    >>> t = ranking_table(p, ["a", "b", "c"], 2023, [2022, 2023])
    >>> t[["unit_id", "rank", "prev_rank", "rank_change"]].values.tolist()
    [['a', 1.0, 2.0, 1.0], ['b', 2.0, 1.0, -1.0], ['c', nan, nan, nan]]
    >>> t["history"].tolist()
    [[80.0, 85.0], [90.0, 84.0], [None, None]]
    """
    data = fill_ranks(panel)
    data = data[data["indicator_id"] == indicator]
    units = list(dict.fromkeys(str(u) for u in units))

    def _col(y: int, col: str) -> pd.Series:
        rows = data[data["year"] == int(y)].set_index("unit_id")[col]
        return rows.reindex(units).astype(float)

    out = pd.DataFrame({"unit_id": units})
    out["rank"] = _col(year, "rank").to_numpy()
    out["score"] = _col(year, "value").to_numpy()
    out["prev_rank"] = _col(int(year) - 1, "rank").to_numpy()
    out["rank_change"] = out["prev_rank"] - out["rank"]
    wide = (
        data[data["year"].isin([int(y) for y in years])]
        .pivot(index="unit_id", columns="year", values="value")
        .reindex(index=units, columns=[int(y) for y in years])
    )
    out["history"] = [
        [None if pd.isna(v) else float(v) for v in wide.loc[u].tolist()] for u in units
    ]
    out["unit_id"] = out["unit_id"].astype(object)
    out = out.sort_values(
        ["rank", "score", "unit_id"], ascending=[True, False, True], na_position="last"
    )
    return out[list(RANKING_COLUMNS)].reset_index(drop=True)


def pick_units(
    panel: pd.DataFrame,
    year: int,
    among: Sequence[str],
    indicator: str = "total",
    measure: str = "value",
    k: int = 4,
) -> tuple[list[str], str]:
    """Which units a multi-unit chart shows when the user has not chosen any.

    Candidates are the units of ``among`` with at least one ``measure`` ("value" or
    "rank") for the indicator in the panel. Rules, in order:

    * ``"all"``: at most ``2k`` candidates, so all of them are shown;
    * ``"top_bottom"``: at least ``2k`` candidates are ranked in ``year``, so the ``k``
      best and the ``k`` worst of ``year`` are shown;
    * ``"most_data"``: otherwise the candidates ranked in ``year`` (best first), topped up
      to ``2k`` with the candidates that have the most figures (then unit_id).

    Returns
    -------
    (list of str, str)
        The unit ids (best rank in ``year`` first) and the rule used.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": list("abcdefghij"), "year": 2023,
    ...                   "indicator_id": "total", "value": [float(v) for v in range(90, 80, -1)]})
    >>> pick_units(p, 2023, list("abcdefghij"), k=2)
    (['a', 'b', 'i', 'j'], 'top_bottom')
    >>> pick_units(p, 2023, list("abc"), k=2)
    (['a', 'b', 'c'], 'all')
    """
    if measure not in ("value", "rank"):
        raise ValueError("measure must be 'value' or 'rank'")
    data = fill_ranks(panel)
    data = data[(data["indicator_id"] == indicator) & data["unit_id"].isin([str(u) for u in among])]
    present = data.dropna(subset=[measure])
    counts = present.groupby("unit_id").size()
    candidates = list(counts.index)
    this = data[(data["year"] == int(year)) & data["unit_id"].isin(candidates)].dropna(
        subset=["rank"]
    )
    this = this.assign(_neg=-this["value"].fillna(-np.inf)).sort_values(["rank", "_neg", "unit_id"])
    ranked = this["unit_id"].tolist()
    order = ranked + sorted(set(candidates) - set(ranked))
    if len(candidates) <= 2 * k:
        return order, "all"
    if len(ranked) >= 2 * k:
        return ranked[:k] + ranked[-k:], "top_bottom"
    rest = sorted(set(candidates) - set(ranked), key=lambda u: (-int(counts[u]), u))
    return ranked + rest[: 2 * k - len(ranked)], "most_data"
