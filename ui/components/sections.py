"""The components page's sections, computed once per filters and language and kept.

Heat map, one pair and top-vs-bottom each come from one cached call keyed by plain values,
so a rerun reads them back instead of fingerprinting the correlation matrix and the pair's
points for every helper (about a dozen frames a rerun). The statistics and the helpers
live in :mod:`ui.components.correlations`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ui import queries
from ui.components import correlations as corr
from ui.queries import DbKey

__all__ = ["Heat", "Pair", "Separation", "heat", "pair", "separation"]


@dataclass(frozen=True)
class Heat:
    """The correlation matrix of the nine indicators as the heat map shows it."""

    matrix: pd.DataFrame
    cells: pd.DataFrame  # the heat map's rows (the selected pair marked)
    download: pd.DataFrame
    best: pd.Series | None  # the strongest pair; None when no pair could be computed
    n_ok: int


@queries.cached(max_entries=128)
def heat(
    key: DbKey,
    dataset: str,
    years: tuple[int, ...],
    unit_ids: tuple[str, ...],
    method: str,
    selected: tuple[str, str],
    lang: str,
) -> Heat:
    """Correlations between every two indicators over ``years``."""
    matrix = corr.corr_matrix(key, dataset, years, unit_ids, method)
    return Heat(
        matrix=matrix,
        cells=corr.heat_table(matrix, selected),
        download=corr.heat_download(matrix),
        best=corr.best_pair(matrix),
        n_ok=int((matrix.status == "ok").sum()),
    )


@dataclass(frozen=True)
class Pair:
    """One pair of indicators: the sentence, the points with the fitted line, the summary."""

    sentence: str
    table: pd.DataFrame  # the scatter's points with names and texts
    line: pd.DataFrame
    download: pd.DataFrame
    summary: str


@queries.cached(max_entries=128)
def pair(
    key: DbKey,
    dataset: str,
    years: tuple[int, ...],
    unit_ids: tuple[str, ...],
    method: str,
    x: str,
    y: str,
    pooled: bool,
    lang: str,
) -> Pair:
    """The scatter of ``x`` against ``y`` and what it says."""
    matrix = corr.corr_matrix(key, dataset, years, unit_ids, method)
    points, _fit, line = corr.pair_fit(key, dataset, years, unit_ids, x, y)
    table = corr.scatter_table(points, queries.units(key), x, y)
    return Pair(
        sentence=corr.pair_sentence(matrix, x, y, method, pooled),
        table=table,
        line=line,
        download=table.drop(columns=["x_text", "y_text"]),
        summary=corr.scatter_summary(points, line, pooled),
    )


@dataclass(frozen=True)
class Separation:
    """How the top and bottom units differ in each area in one year."""

    ok: pd.DataFrame  # the areas that could be tested
    download: pd.DataFrame
    problem: str  # why some or all areas were not tested ("" if none)
    lead: pd.Series | None  # the area with the largest difference


@queries.cached(max_entries=128)
def separation(
    key: DbKey, dataset: str, year: int, unit_ids: tuple[str, ...], k: int, lang: str
) -> Separation:
    """Top ``k`` against bottom ``k`` units of ``year`` in every area."""
    sep = corr.separation(key, dataset, year, unit_ids, k)
    ok = corr.separation_table(sep)
    totals = corr.n_totals(key, dataset, year, unit_ids)
    return Separation(
        ok=ok,
        download=corr.separation_download(ok) if not ok.empty else ok,
        problem=corr.separation_problem(sep, k, year, totals),
        lead=None if ok.empty else ok.iloc[ok.estimate.abs().idxmax()],
    )
