"""Cached trend statistics of the rankings page: per-unit trends, the citywide trend, rank stability."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.stats.periods import period_of
from analysis.stats.result import StatResult
from analysis.stats.trend import (
    citywide_trend,
    rank_movement,
    rank_stability,
    unit_trends,
)
from ui import queries
from ui.queries import DbKey

__all__ = [
    "trends",
    "citywide",
    "stability",
    "span_periods",
]


# --- cached statistics ------------------------------------------------------------------
@queries.cached(max_entries=64)
def trends(
    key: DbKey, dataset: str, years: tuple[int, int], units: tuple[str, ...]
) -> pd.DataFrame:
    """Per-unit Theil–Sen trends of the total (analysis.stats.trend.unit_trends)."""
    panel = queries.unit_panel(key, dataset, years, units, ("total",))
    return unit_trends(panel, "total", years[0], years[1], periods=queries.periods(key))


@queries.cached(max_entries=64)
def citywide(
    key: DbKey, dataset: str, years: tuple[int, int], units: tuple[str, ...]
) -> tuple[StatResult, int, int]:
    """Page's trend test of the total, with (units with any score, years with any score)."""
    panel = queries.unit_panel(key, dataset, years, units, ("total",))
    res = citywide_trend(panel, "total", years[0], years[1], periods=queries.periods(key))
    scored = panel.dropna(subset=["value"])
    return res, int(scored["unit_id"].nunique()), int(scored["year"].nunique())


@queries.cached(max_entries=64)
def stability(
    key: DbKey, dataset: str, year_a: int, year_b: int, units: tuple[str, ...]
) -> tuple[list[StatResult], pd.DataFrame]:
    """Rank stability (Kendall tau-b, Spearman) and the rank movement between two years."""
    lo, hi = min(year_a, year_b), max(year_a, year_b)
    panel = queries.unit_panel(key, dataset, (lo, hi), units, ("total",))
    panel = panel[panel["year"].isin([year_a, year_b])]
    return (
        rank_stability(panel, year_a, year_b, "total", periods=queries.periods(key)),
        rank_movement(panel, year_a, year_b, "total"),
    )


def span_periods(key: DbKey, years: Sequence[int]) -> list:
    """The method periods that ``years`` fall in (in order, each once)."""
    periods = queries.periods(key)
    out = []
    for y in sorted(set(years)):
        p = period_of(y, periods)
        if p is not None and p not in out:
            out.append(p)
    return out
