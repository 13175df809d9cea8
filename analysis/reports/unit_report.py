"""Report-card arithmetic for one unit: benchmarks, rank change and assumed component weights.

Pure functions on the long panel (see :func:`analysis.stats.result.check_panel`). Nothing here
fills a gap: a unit or component without a value stays missing, averages are taken over
the units that *have* a value, and ranks are read from the panel's ``rank`` column
(published or simulated) rather than computed from a partial set of scores.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.stats.result import COMPONENT_IDS, check_panel

__all__ = ["assumed_max_points", "component_benchmarks", "peer_comparison", "rank_change"]


def assumed_max_points(
    known: Mapping[str, float | None],
    components: Sequence[str] = COMPONENT_IDS,
    total_points: float = 100.0,
) -> pd.DataFrame:
    """Maximum points per component: the known ones, the rest equal shares of what remains.

    Only some components have published maximum points; treating the unknown ones as
    equal shares of ``total_points`` minus the known points is an *assumption* (flagged in
    the ``assumed`` column), made so that a what-if can be computed at all.

    Minimum n: none; with every component known nothing is assumed.

    Parameters
    ----------
    known : mapping of str to float or None
        Component id to published maximum points; None, NaN or non-positive = unknown.
    components : sequence of str
        Components to return, in order.
    total_points : float
        Points shared by the components (100 = the whole index).

    Returns
    -------
    pandas.DataFrame
        Columns component, max_points, assumed (bool); max_points sum to ``total_points``
        when at least one component is unknown.

    Raises
    ------
    ValueError
        When the known points leave nothing (or less than nothing) for the unknown ones.

    Examples
    --------
    >>> w = assumed_max_points({"institutions": 8}, ["direction", "institutions", "procedures"])
    >>> w.round(2).to_dict("list")
    {'component': ['direction', 'institutions', 'procedures'], 'max_points': [46.0, 8.0, 46.0], 'assumed': [True, False, True]}
    """
    comps = list(components)
    fixed: dict[str, float] = {}
    for comp in comps:
        value = known.get(comp)
        if value is not None and math.isfinite(float(value)) and float(value) > 0:
            fixed[comp] = float(value)
    unknown = [c for c in comps if c not in fixed]
    rest = float(total_points) - sum(fixed.values())
    if unknown and rest <= 0:
        raise ValueError(
            f"the known maximum points ({sum(fixed.values()):g}) leave nothing of "
            f"{total_points:g} for {len(unknown)} other component(s)"
        )
    share = rest / len(unknown) if unknown else math.nan
    return pd.DataFrame(
        {
            "component": pd.Series(comps, dtype=object),
            "max_points": [fixed.get(c, share) for c in comps],
            "assumed": [c not in fixed for c in comps],
        }
    )


def component_benchmarks(
    panel: pd.DataFrame,
    unit_id: str,
    year: int,
    components: Sequence[str] = COMPONENT_IDS,
) -> pd.DataFrame:
    """A unit's component scores beside the mean and the best of the units that have them.

    The city average of a component is the mean over the units with a value for it that
    year (``n_units`` says how many); nothing is imputed. Ties for the best score list
    every unit holding it.

    Minimum n: none; a component nobody has gives NaN numbers and ``n_units`` 0.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel holding (at least) every unit's components for ``year``.
    unit_id : str
        The unit of the report card.
    year : int
    components : sequence of str
        Rows to return, in order.

    Returns
    -------
    pandas.DataFrame
        Columns component, value (the unit's score), mean, n_units, best, best_units
        (tuple of unit ids), gap_mean (value − mean), gap_best (value − best), position
        (1 + number of units strictly above the unit; NaN without a value).

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": ["a", "b", "c", "a", "b"], "year": 2023,
    ...                   "indicator_id": ["procedures"] * 3 + ["direction"] * 2,
    ...                   "value": [90.0, 96.0, 84.0, 80.0, float("nan")]})
    >>> out = component_benchmarks(p, "a", 2023, ["procedures", "direction"])
    >>> out[["component", "value", "mean", "n_units", "best", "position"]]
        component  value  mean  n_units  best  position
    0  procedures   90.0  90.0        3  96.0       2.0
    1   direction   80.0  80.0        1  80.0       1.0
    >>> out.loc[0, "best_units"]
    ('b',)
    """
    data = check_panel(panel)
    data = data[(data["year"] == int(year)) & data["value"].notna()]
    rows = []
    for comp in components:
        values = data[data["indicator_id"] == comp].set_index("unit_id")["value"]
        own = float(values.get(unit_id, math.nan))
        if values.empty:
            mean = best = math.nan
            best_units: tuple[str, ...] = ()
        else:
            mean, best = float(values.mean()), float(values.max())
            best_units = tuple(sorted(values.index[values == best]))
        rows.append(
            {
                "component": comp,
                "value": own,
                "mean": mean,
                "n_units": int(values.size),
                "best": best,
                "best_units": best_units,
                "gap_mean": own - mean,
                "gap_best": own - best,
                "position": math.nan if math.isnan(own) else float(1 + (values > own).sum()),
            }
        )
    out = pd.DataFrame(rows, columns=list(rows[0]) if rows else None)
    for col in ("value", "mean", "best", "gap_mean", "gap_best", "position"):
        if col in out.columns:
            out[col] = out[col].astype(float)
    return out


def rank_change(panel: pd.DataFrame, unit_id: str, indicator: str = "total") -> dict | None:
    """The unit's latest rank and the change since its previous ranked year.

    Ranks come from the panel's ``rank`` column only (as published, or as simulated on the
    demo panel). They are never recomputed from scores here, because with sparse published
    scores a computed rank would be a rank among the few units that happen to have one.

    Minimum n: one ranked year; with none the result is None. With a single ranked year
    the previous fields are None.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel with a ``rank`` column.
    unit_id : str
    indicator : str

    Returns
    -------
    dict or None
        Keys year, rank, previous_year, previous_rank, places_up (positive = moved up).

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": "a", "year": [2021, 2022, 2023],
    ...                   "indicator_id": "total", "value": float("nan"),
    ...                   "rank": [10.0, 8.0, 6.0]})
    >>> rank_change(p, "a")
    {'year': 2023, 'rank': 6, 'previous_year': 2022, 'previous_rank': 8, 'places_up': 2}
    """
    data = check_panel(panel)
    if "rank" not in data.columns:
        return None
    rows = data[
        (data["unit_id"] == unit_id) & (data["indicator_id"] == indicator) & data["rank"].notna()
    ].sort_values("year")
    if rows.empty:
        return None
    last = rows.iloc[-1]
    out = {
        "year": int(last["year"]),
        "rank": int(last["rank"]),
        "previous_year": None,
        "previous_rank": None,
        "places_up": None,
    }
    if len(rows) > 1:
        prev = rows.iloc[-2]
        out.update(
            previous_year=int(prev["year"]),
            previous_rank=int(prev["rank"]),
            places_up=int(prev["rank"]) - int(last["rank"]),
        )
    return out


def _position(own: float, others: pd.Series, lower_is_better: bool) -> float:
    """1 + the number of values strictly better than ``own`` (NaN without ``own``)."""
    if math.isnan(own):
        return math.nan
    better = (others < own) if lower_is_better else (others > own)
    return float(1 + better.sum())


def peer_comparison(
    panel: pd.DataFrame,
    unit_types: Mapping[str, str],
    unit_id: str,
    year: int,
    indicators: Sequence[str] = ("total",),
) -> pd.DataFrame:
    """A unit against its own group (same unit type) and against the whole block.

    For each indicator and each scope (``group``: the units of the unit's type, e.g. quận
    with quận; ``block``: every unit in ``unit_types``) the mean and the spread (minimum,
    quartiles, maximum) of the scores that exist that year, the unit's gap to the mean, and
    its place. The place is read from the published (or simulated) ranks when the unit has
    one (they are places in the whole block): in the block the rank itself, out of every
    member; in the group 1 + the group's units ranked better, out of those ranked. Without
    a rank, from the scores (1 + those scoring higher, out of those with a score). ``position_of`` says out of how many units with a rank (or a score) the place
    is, and ``complete`` whether every unit of the scope has one, so a reader knows when
    "3/12" is a place among all twelve or only among those published.

    Nothing is imputed; quartiles are pandas' linear ones (NumPy's default percentile).

    Minimum n: none. A scope where nobody has a score gives NaN statistics; a unit without
    a score or rank gets NaN ``value``/``position``.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel (unit_id, year, indicator_id, value, optionally rank).
    unit_types : mapping of str to str
        Unit id to its type (quận, huyện, thị xã): the block's members and their groups.
    unit_id : str
    year : int
    indicators : sequence of str
        Rows to return, in order (two per indicator: group, then block).

    Returns
    -------
    pandas.DataFrame
        Columns indicator_id, scope ('group' | 'block'), group (the unit type, or 'block'),
        n_units (members of the scope), n_values (members with a score), value, mean, min,
        q1, median, q3, max, gap_mean (value − mean), position, position_of, position_by
        ('rank' | 'score' | None), complete (bool).

    Raises
    ------
    KeyError
        When ``unit_id`` has no type in ``unit_types``.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": ["a", "b", "c", "d"], "year": 2023,
    ...                   "indicator_id": "total", "value": [90.0, 80.0, 70.0, 95.0],
    ...                   "rank": [2.0, 3.0, 4.0, 1.0]})
    >>> types = {"a": "quận", "b": "quận", "c": "huyện", "d": "huyện"}
    >>> out = peer_comparison(p, types, "b", 2023)
    >>> out[["scope", "group", "n_values", "mean", "min", "max", "position", "position_of"]]
       scope  group  n_values  mean   min   max  position  position_of
    0  group   quận         2  85.0  80.0  90.0       2.0            2
    1  block  block         4  83.75  70.0  95.0       3.0            4
    """
    own_type = unit_types[unit_id]
    data = check_panel(panel)
    data = data[(data["year"] == int(year)) & data["unit_id"].isin(list(unit_types))]
    has_rank = "rank" in data.columns
    rows = []
    for indicator in indicators:
        rows_of = data[data["indicator_id"] == indicator].drop_duplicates("unit_id")
        values = rows_of.set_index("unit_id")["value"].dropna().astype(float)
        ranks = (
            rows_of.set_index("unit_id")["rank"].dropna().astype(float)
            if has_rank
            else pd.Series(dtype=float)
        )
        for scope in ("group", "block"):
            members = [u for u, kind in unit_types.items() if scope == "block" or kind == own_type]
            v = values[values.index.isin(members)]
            r = ranks[ranks.index.isin(members)]
            own = float(values.get(unit_id, math.nan))
            own_rank = float(ranks.get(unit_id, math.nan))
            if not math.isnan(own_rank) and scope == "block":
                # Ranks are places in the whole block: the published rank is the place.
                position, of, by = own_rank, len(members), "rank"
            elif not math.isnan(own_rank):
                position, of, by = _position(own_rank, r, True), int(r.size), "rank"
            elif not math.isnan(own):
                position, of, by = _position(own, v, False), int(v.size), "score"
            else:
                position, of, by = math.nan, 0, None
            stats = (
                dict.fromkeys(("mean", "min", "q1", "median", "q3", "max"), math.nan)
                if v.empty
                else {
                    "mean": float(v.mean()),
                    "min": float(v.min()),
                    "q1": float(v.quantile(0.25)),
                    "median": float(v.median()),
                    "q3": float(v.quantile(0.75)),
                    "max": float(v.max()),
                }
            )
            rows.append(
                {
                    "indicator_id": indicator,
                    "scope": scope,
                    "group": own_type if scope == "group" else "block",
                    "n_units": len(members),
                    "n_values": int(v.size),
                    "value": own,
                    **stats,
                    "gap_mean": own - stats["mean"],
                    "position": position,
                    "position_of": of,
                    "position_by": by,
                    "complete": bool(of == len(members)),
                }
            )
    return pd.DataFrame(rows)
