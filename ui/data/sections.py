"""The data page's tables, computed once per filters and language and kept.

All four tabs run on every rerun (a tab is only a view in the browser), so without this a
slider move re-filtered every observation, re-derived the coverage matrix and re-counted
each source's figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from analysis.reports.summary import coverage_status
from ui import queries
from ui.i18n import indicator_name, t, unit_names
from ui.layout import as_arrow
from ui.queries import DbKey
from ui.texts import TEXT

__all__ = [
    "disagreements",
    "CoverageView",
    "crosswalk_table",
    "observations",
    "observations_shown",
    "measure_label",
    "named",
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


def measure_label(measure: str) -> str:
    """A measure's name in the reader's language (its code when it has none)."""
    return t(f"measure_{measure}") if f"measure_{measure}" in TEXT else measure


def named(frame: pd.DataFrame, key: DbKey) -> pd.DataFrame:
    """``frame`` with unit and indicator names in place of their codes (for reading)."""
    out = frame.copy()
    if "unit_id" in out:
        names = unit_names(queries.units(key))
        out.insert(
            list(out.columns).index("unit_id"),
            "unit",
            [names.get(u, u) for u in out["unit_id"]],
        )
        out = out.drop(columns="unit_id")
    if "indicator_id" in out:
        indicators = queries.indicators(key)
        out.insert(
            list(out.columns).index("indicator_id"),
            "indicator",
            [indicator_name(indicators, i) for i in out["indicator_id"]],
        )
        out = out.drop(columns="indicator_id")
    if "measure" in out:
        out["measure"] = [measure_label(m) for m in out["measure"]]
    if "dataset" in out:
        out["dataset"] = [t(f"ds_{d}") if f"ds_{d}" in TEXT else d for d in out["dataset"]]
    return out


@queries.cached(max_entries=64)
def observations_shown(
    key: DbKey,
    dataset: str,
    years: tuple[int, int],
    unit_ids: tuple[str, ...] | None,
    indicator: str,
    measure: str,
    lang: str,
) -> pa.Table:
    """The figures as a reader sees them: names instead of codes, measures named.

    Kept as Arrow, so a rerun shows the same table without fingerprinting 3,000 rows.
    """
    return as_arrow(named(observations(key, dataset, years, unit_ids, indicator, measure), key))


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
        table=cov[["name", "year", "status", "value", "published_rank"]].assign(
            status=lambda d: d["status"].map(coverage_labels())
        ),
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


@queries.cached(max_entries=4)
def crosswalk_table(key: DbKey, lang: str) -> pd.DataFrame:
    """The 126 phường and xã of 2025 beside the former districts their area came from."""
    from ui.i18n import t

    cross = queries.crosswalk(key)
    vi = lang == "vi"
    units = queries.units(key, None).set_index("unit_id")
    name = units["name_vi" if vi else "name_en"]
    out = pd.DataFrame(
        {
            t("dt_cross_unit"): cross["unit_id"].map(name),
            t("dt_cross_type"): cross["unit_type"].map(lambda v: t(f"type_{v}")),
            t("dt_cross_code"): cross["unit_id"].map(units["geo_code"]),
            t("dt_cross_former"): cross["former_unit_id"].map(name),
            t("dt_cross_share"): (cross["area_share"] * 100).round(1),
            t("dt_cross_main"): cross["is_main"].map({True: "✓", False: ""}),
            "unit_id": cross["unit_id"],
            "former_unit_id": cross["former_unit_id"],
        }
    )
    return out


@queries.cached(max_entries=4)
def disagreements(key: DbKey, lang: str) -> pd.DataFrame:
    """Where an imported official table and a report give different figures (both kept)."""
    from analysis.ingest.disagree import sources_disagree

    frame = sources_disagree(queries.store_for(key).published_figures())
    names = unit_names(queries.units(key, None))
    return frame.assign(unit=[names.get(u, u) for u in frame["unit_id"]])
