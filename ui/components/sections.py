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

__all__ = ["Heat", "Pair", "RestAssociation", "heat", "pair", "rest_association"]


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
class RestAssociation:
    """How each area goes with the other areas in one year (not with the total)."""

    ok: pd.DataFrame  # the areas that could be tested
    download: pd.DataFrame
    problem: str  # why some or all areas were not tested ("" if none)
    lead: pd.Series | None  # the area with the strongest association


@queries.cached(max_entries=128)
def rest_association(
    key: DbKey, dataset: str, year: int, unit_ids: tuple[str, ...], method: str, lang: str
) -> RestAssociation:
    """Each area of ``year`` against the mean of the other areas (non-circular)."""
    res = corr.rest_association(key, dataset, year, unit_ids, method)
    ok = corr.rest_table(res, method)
    return RestAssociation(
        ok=ok,
        download=corr.rest_download(ok) if not ok.empty else ok,
        problem=corr.rest_problem(res),
        lead=None if ok.empty else ok.iloc[ok.estimate.abs().idxmax()],
    )
