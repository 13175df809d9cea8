"""The what-if page's results, computed once per inputs and language and kept.

The page reruns whenever a slider or weight moves; each result below is one cached call keyed
by plain values (the year's scores are read inside), so moving a slider back, switching units
or changing the sidebar only reads results back instead of fingerprinting the year's table
for every helper. The helpers live in :mod:`ui.pagekit_components`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ui import data
from ui import pagekit_components as kit
from ui.data import DbKey
from ui.i18n import unit_name

__all__ = ["Scores", "Simulation", "Target", "scores", "simulation", "target"]

Pairs = tuple[tuple[str, float], ...]  # (area, value) pairs: a dict as a cache key


@dataclass(frozen=True)
class Scores:
    """The unit's scores in the year, or why it cannot be simulated."""

    why: str | None  # None when the unit can be simulated
    current: dict[str, float]  # area -> score (NaN where missing)


@data.cached(max_entries=256)
def scores(key: DbKey, dataset: str, year: int, unit_id: str, lang: str) -> Scores:
    """The unit's component scores in ``year`` (what the sliders start from)."""
    wide = kit.year_scores(key, dataset, year)
    why = kit.cannot_why(wide, unit_id)
    current = {} if why else {c: float(wide.loc[unit_id, c]) for c in kit.COMPONENTS}
    return Scores(why=why, current=current)


@dataclass(frozen=True)
class Simulation:
    """Total, rank and the position chart's rows with the sliders' scores."""

    result: dict  # ui.pagekit_components.simulate
    others: pd.DataFrame
    marks: pd.DataFrame
    table: pd.DataFrame
    summary: str


@data.cached(max_entries=256)
def simulation(
    key: DbKey, dataset: str, year: int, unit_id: str, new: Pairs, weights: Pairs, lang: str
) -> Simulation:
    """The unit's total and rank with the component scores in ``new``."""
    wide = kit.year_scores(key, dataset, year)
    moved, used = dict(new), dict(weights)
    res = kit.simulate(wide, unit_id, moved, used)
    others, marks = kit.strip_frames(wide, data.units(key), unit_id, res)
    return Simulation(
        result=res,
        others=others,
        marks=marks,
        table=kit.simulation_table(wide, unit_id, moved, used, kit.default_weights(key)),
        summary=kit.strip_summary(res),
    )


@dataclass(frozen=True)
class Target:
    """The smallest change in each area alone that reaches a target rank."""

    holder: str  # the unit at the target place now
    holder_score: float
    need: float  # total points needed
    bars: pd.DataFrame
    table: pd.DataFrame
    summary: str
    equal_weights: bool


@data.cached(max_entries=256)
def target(
    key: DbKey, dataset: str, year: int, unit_id: str, place: int, weights: Pairs, lang: str
) -> Target:
    """What it takes for ``unit_id`` to reach ``place`` in ``year``."""
    wide = kit.year_scores(key, dataset, year)
    units = data.units(key)
    result = kit.target_result(wide, unit_id, place, dict(weights))
    holder, score = kit.target_holder(wide, units, unit_id, place)
    bars, table = kit.target_frames(result, kit.default_weights(key))
    return Target(
        holder=holder,
        holder_score=score,
        need=float(result.total_points_needed.iloc[0]),
        bars=bars,
        table=table,
        summary=kit.target_summary(result, unit_name(units, unit_id), place),
        equal_weights=kit.equal_weight_note(result),
    )
