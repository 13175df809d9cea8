"""Cached year-over-year tests and the band of ordinary variation of the change page."""

from __future__ import annotations

import pandas as pd

from analysis.stats.change import ordinary_variation_band, yoy_table
from analysis.stats.result import INDICATOR_IDS
from ui import queries
from ui.queries import DbKey

__all__ = [
    "yoy",
    "band",
]


@queries.cached(max_entries=64)
def yoy(key: DbKey, dataset: str, year_a: int, year_b: int, units: tuple[str, ...]) -> pd.DataFrame:
    """The year-over-year tests of the total and the eight areas (Holm across the nine)."""
    panel = queries.unit_panel(
        key, dataset, (min(year_a, year_b), max(year_a, year_b)), units, INDICATOR_IDS
    )
    return yoy_table(
        panel,
        year_a,
        year_b,
        indicators=list(INDICATOR_IDS),
        periods=queries.periods(key),
        adjust="holm",
    )


@queries.cached(max_entries=64)
def band(
    key: DbKey, dataset: str, year_a: int, year_b: int, indicator: str, units: tuple[str, ...]
) -> pd.DataFrame:
    """Each unit's change with the band of ordinary variation (analysis.stats.change)."""
    panel = queries.unit_panel(
        key, dataset, (min(year_a, year_b), max(year_a, year_b)), units, (indicator,)
    )
    return ordinary_variation_band(panel, year_a, year_b, indicator, periods=queries.periods(key))
