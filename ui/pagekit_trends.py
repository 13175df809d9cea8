"""Cached statistics and small display helpers for the rankings and change pages.

The statistics themselves live in :mod:`analysis` (trend, change, trend_tables); this
module only caches them per database, dataset, years and units, and formats their
results for the reader's language. Every cached function takes hashable arguments only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from analysis.stats.change import ordinary_variation_band, yoy_table
from analysis.stats.periods import period_of
from analysis.stats.result import INDICATOR_IDS, StatResult
from analysis.stats.trend import (
    citywide_trend,
    rank_movement,
    rank_stability,
    unit_trends,
)
from ui import charts_trends as ct
from ui import data
from ui.data import DbKey
from ui.downloads import download_row
from ui.i18n import lang, num, t
from ui.layout import data_caption, draw_chart

__all__ = [
    "band",
    "chart_setting",
    "citywide",
    "figure",
    "fmt_ci",
    "fmt_p",
    "names_of",
    "span_periods",
    "stability",
    "trends",
    "yoy",
]


# --- cached statistics ------------------------------------------------------------------
def _unit_panel(
    key: DbKey,
    dataset: str,
    years: tuple[int, int],
    units: tuple[str, ...],
    indicators: tuple[str, ...],
) -> pd.DataFrame:
    frame = data.panel(key, dataset, years, indicator_ids=indicators)
    return frame[frame["unit_id"].isin(units)]


@data.cached(max_entries=64)
def trends(
    key: DbKey, dataset: str, years: tuple[int, int], units: tuple[str, ...]
) -> pd.DataFrame:
    """Per-unit Theil–Sen trends of the total (analysis.stats.trend.unit_trends)."""
    panel = _unit_panel(key, dataset, years, units, ("total",))
    return unit_trends(panel, "total", years[0], years[1], periods=data.periods(key))


@data.cached(max_entries=64)
def citywide(
    key: DbKey, dataset: str, years: tuple[int, int], units: tuple[str, ...]
) -> tuple[StatResult, int, int]:
    """Page's trend test of the total, with (units with any score, years with any score)."""
    panel = _unit_panel(key, dataset, years, units, ("total",))
    res = citywide_trend(panel, "total", years[0], years[1], periods=data.periods(key))
    scored = panel.dropna(subset=["value"])
    return res, int(scored["unit_id"].nunique()), int(scored["year"].nunique())


@data.cached(max_entries=64)
def stability(
    key: DbKey, dataset: str, year_a: int, year_b: int, units: tuple[str, ...]
) -> tuple[list[StatResult], pd.DataFrame]:
    """Rank stability (Kendall tau-b, Spearman) and the rank movement between two years."""
    lo, hi = min(year_a, year_b), max(year_a, year_b)
    panel = _unit_panel(key, dataset, (lo, hi), units, ("total",))
    panel = panel[panel["year"].isin([year_a, year_b])]
    return (
        rank_stability(panel, year_a, year_b, "total", periods=data.periods(key)),
        rank_movement(panel, year_a, year_b, "total"),
    )


@data.cached(max_entries=64)
def yoy(key: DbKey, dataset: str, year_a: int, year_b: int, units: tuple[str, ...]) -> pd.DataFrame:
    """The year-over-year tests of the total and the eight areas (Holm across the nine)."""
    panel = _unit_panel(
        key, dataset, (min(year_a, year_b), max(year_a, year_b)), units, INDICATOR_IDS
    )
    return yoy_table(
        panel,
        year_a,
        year_b,
        indicators=list(INDICATOR_IDS),
        periods=data.periods(key),
        adjust="holm",
    )


@data.cached(max_entries=64)
def band(
    key: DbKey, dataset: str, year_a: int, year_b: int, indicator: str, units: tuple[str, ...]
) -> pd.DataFrame:
    """Each unit's change with the band of ordinary variation (analysis.stats.change)."""
    panel = _unit_panel(
        key, dataset, (min(year_a, year_b), max(year_a, year_b)), units, (indicator,)
    )
    return ordinary_variation_band(panel, year_a, year_b, indicator, periods=data.periods(key))


# --- display helpers --------------------------------------------------------------------
def chart_setting(dataset: str, meeting: bool) -> tuple[str | None, ct.Sizes]:
    """A section chart's note (SIMULATED on the demo panel) and sizes (larger in meeting mode)."""
    return (t("caption_demo") if dataset == "demo" else None), ct.sizes_for(meeting)


def names_of(units: pd.DataFrame) -> dict[str, str]:
    """unit_id -> name in the reader's language."""
    col = "name_vi" if lang() == "vi" else "name_en"
    return dict(zip(units["unit_id"], units[col], strict=True))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_p(p: float | None) -> str:
    """A p-value as read: "< 0,001", "0,012", or "—"."""
    if _missing(p):
        return "—"
    if p < 0.001:
        return "< " + num(0.001, 3)
    return num(p, 3)


def fmt_ci(low: float | None, high: float | None, decimals: int = 2) -> str:
    """An interval: [0,84; 1,68] in Vietnamese, [0.84, 1.68] in English."""
    if _missing(low) or _missing(high):
        return "—"
    sep = "; " if lang() == "vi" else ", "
    return f"[{num(low, decimals)}{sep}{num(high, decimals)}]"


def span_periods(key: DbKey, years: Sequence[int]) -> list:
    """The method periods that ``years`` fall in (in order, each once)."""
    periods = data.periods(key)
    out = []
    for y in sorted(set(years)):
        p = period_of(y, periods)
        if p is not None and p not in out:
            out.append(p)
    return out


def figure(
    chart: alt.TopLevelMixin,
    summary: str,
    f,
    page: str,
    download: pd.DataFrame,
    *,
    key: str,
    years: tuple[int, ...] | None = None,
) -> None:
    """A chart, its one-line summary with the data note, and its downloads (CSV, Excel, PNG)."""
    draw_chart(chart, key=key)
    st.caption(f"{summary}  \n{data_caption(f)}")
    # The PNG is drawn on the server, where there is no container to fit: give it a width.
    download_row(download, f, page, years=years or f.years, chart=chart, key=key)
