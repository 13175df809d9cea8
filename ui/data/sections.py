"""The data page's tables, computed once per filters and language and kept.

All four tabs run on every rerun (a tab is only a view in the browser), so without this a
slider move re-filtered every observation, re-derived the coverage matrix and re-counted
each source's figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.reports.summary import coverage_status
from ui import queries
from ui.i18n import t, unit_names
from ui.queries import DbKey

__all__ = [
    "CoverageView",
    "observations",
    "observation_options",
    "coverage_view",
    "coverage_labels",
    "sources_with_counts",
]


@queries.cached(max_entries=64)
def observations(
    key: DbKey,
    dataset: str,
    years: tuple[int, int],
    unit_ids: tuple[str, ...] | None,
    indicator: str,
    measure: str,
) -> pd.DataFrame:
    """Every figure in range, of one indicator and measure ("*" = all)."""
    obs = queries.observations(key, dataset, years, unit_ids)
    keep = pd.Series(True, index=obs.index)
    if indicator != "*":
        keep &= obs["indicator_id"] == indicator
    if measure != "*":
        keep &= obs["measure"] == measure
    return obs[keep]


@queries.cached(max_entries=64)
def observation_options(
    key: DbKey, dataset: str, years: tuple[int, int], unit_ids: tuple[str, ...] | None
) -> tuple[list[str], list[str]]:
    """The indicators and the measures that figures in range have ("*" first: all)."""
    obs = queries.observations(key, dataset, years, unit_ids)
    return ["*", *sorted(obs.indicator_id.unique())], ["*", *sorted(obs.measure.unique())]


@dataclass(frozen=True)
class CoverageView:
    """The coverage matrix of one indicator: chart rows, counts and the table."""

    cells: pd.DataFrame  # per unit × year: status, name, order (most published first)
    table: pd.DataFrame
    counts: dict[str, int]


@queries.cached(max_entries=64)
def coverage_view(
    key: DbKey,
    dataset: str,
    indicator: str,
    years: tuple[int, int],
    unit_ids: tuple[str, ...],
    lang: str,
) -> CoverageView:
    """What is published, rank only, simulated, uploaded or missing, per unit and year."""
    cov = coverage_status(queries.coverage(key, dataset), dataset)
    cov = cov[
        (cov.indicator_id == indicator)
        & cov.year.between(years[0], years[1])
        & cov.unit_id.isin(unit_ids)
    ]
    names = unit_names(queries.units(key))
    cov = cov.assign(name=[names.get(u, u) for u in cov["unit_id"]])
    published = (cov["status"] == "published").groupby(cov["unit_id"]).sum()
    cov = cov.merge(published.mul(-1).rename("order"), on="unit_id")
    counts = cov["status"].value_counts()
    return CoverageView(
        cells=cov,
        table=cov[["unit_id", "name", "year", "indicator_id", "status", "value", "published_rank"]],
        counts={str(k): int(v) for k, v in counts.items()},
    )


@queries.cached(max_entries=16)
def sources_with_counts(key: DbKey) -> tuple[pd.DataFrame, int]:
    """Every source with the number of published figures it gives, and their total."""
    pub = queries.observations(key, "published")
    counts = pub.groupby("source_id").size().rename("figures").reset_index()
    srcs = queries.sources(key).merge(counts, on="source_id", how="left").fillna({"figures": 0})
    return srcs, len(pub)


def coverage_labels() -> dict[str, str]:
    """Status → its label in the reader's language."""
    return {
        k: t(f"cov_{k.replace(' ', '_')}")
        for k in ("published", "rank only", "simulated", "uploaded", "missing")
    }
