"""The what-if page's results, computed once per inputs and language and kept.

The page reruns whenever a slider or weight moves; each result below is one cached call keyed
by plain values (the year's scores are read inside), so moving a slider back, switching units
or changing the sidebar only reads results back instead of fingerprinting the year's table
for every helper. The helpers live in :mod:`ui.whatif.simulation`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ui import queries
from ui.i18n import unit_name
from ui.queries import DbKey
from ui.whatif import simulation as sim

__all__ = ["Scores", "Simulation", "Target", "scores", "simulation", "target"]

Pairs = tuple[tuple[str, float], ...]  # (area, value) pairs: a dict as a cache key


@dataclass(frozen=True)
class Scores:
    """The unit's scores in the year, or why it cannot be simulated."""

    why: str | None  # None when the unit can be simulated
    current: dict[str, float]  # area -> score (NaN where missing)


@queries.cached(max_entries=256)
def scores(key: DbKey, dataset: str, year: int, unit_id: str, lang: str) -> Scores:
    """The unit's component scores in ``year`` (what the sliders start from)."""
    wide = sim.block_scores(key, dataset, year, unit_id)
    why = sim.cannot_why(wide, unit_id)
    current = {} if why else {c: float(wide.loc[unit_id, c]) for c in sim.COMPONENTS}
    return Scores(why=why, current=current)


@dataclass(frozen=True)
class Simulation:
    """Total, rank and the position chart's rows with the sliders' scores."""

    result: dict  # ui.whatif.simulation.simulate
    others: pd.DataFrame
    marks: pd.DataFrame
    table: pd.DataFrame
    summary: str


@queries.cached(max_entries=256)
def simulation(
    key: DbKey, dataset: str, year: int, unit_id: str, new: Pairs, weights: Pairs, lang: str
) -> Simulation:
    """The unit's total and rank with the component scores in ``new``."""
    wide = sim.block_scores(key, dataset, year, unit_id)
    moved, used = dict(new), dict(weights)
    res = sim.simulate(wide, unit_id, moved, used)
    others, marks = sim.strip_frames(wide, queries.units(key), unit_id, res)
    return Simulation(
        result=res,
        others=others,
        marks=marks,
        table=sim.simulation_table(wide, unit_id, moved, used, sim.default_weights(key)),
        summary=sim.strip_summary(res),
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


@queries.cached(max_entries=256)
def target(
    key: DbKey, dataset: str, year: int, unit_id: str, place: int, weights: Pairs, lang: str
) -> Target:
    """What it takes for ``unit_id`` to reach ``place`` in ``year``."""
    wide = sim.block_scores(key, dataset, year, unit_id)
    units = queries.units(key)
    result = sim.target_result(wide, unit_id, place, dict(weights))
    holder, score = sim.target_holder(wide, units, unit_id, place)
    bars, table = sim.target_frames(result, sim.default_weights(key))
    return Target(
        holder=holder,
        holder_score=score,
        need=float(result.total_points_needed.iloc[0]),
        bars=bars,
        table=table,
        summary=sim.target_summary(result, unit_name(units, unit_id), place),
        equal_weights=sim.equal_weight_note(result),
    )
