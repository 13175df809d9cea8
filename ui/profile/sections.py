"""The unit profile's sections, computed once per unit, filters and language and kept.

The report card, the components against the city and the sources are each one cached call
keyed by plain values, so a rerun that changes nothing in a section reads it back instead of
re-deriving tables, labels and sentences (the page used to fingerprint and copy a dozen
frames per rerun). The pieces themselves live in :mod:`ui.profile.report_card`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.reports.unit_report import rank_change
from ui import queries
from ui.i18n import unit_name
from ui.profile import report_card
from ui.queries import DbKey

__all__ = [
    "Predecessors",
    "predecessors",
    "open_predecessor",
    "Card",
    "Components",
    "Sources",
    "card",
    "components",
    "sources",
]


@dataclass(frozen=True)
class Card:
    """The report card: history, latest figures, rank movement and the lines under charts."""

    history: pd.DataFrame  # year, value, rank, statuses and texts
    download: pd.DataFrame
    has_scores: bool
    has_ranks: bool
    last_score: tuple[int, float, str] | None  # year, value, status
    change: dict | None  # analysis.reports.unit_report.rank_change
    n_years: int  # years with a score or a rank
    sentence: str | None
    ranked_together: int  # units ranked with it (its block)
    span: list[int]  # years with a figure
    score_summary: str
    rank_summary: str


@queries.cached(max_entries=128)
def card(key: DbKey, dataset: str, years: tuple[int, int], unit_id: str, lang: str) -> Card:
    """The unit's total and rank over ``years`` as the report card shows them."""
    hist = report_card.unit_history(key, dataset, years, unit_id)
    scored = hist.dropna(subset=["value"])
    last = scored.iloc[-1] if not scored.empty else None
    change = rank_change(hist.assign(unit_id=unit_id, indicator_id="total"), unit_id)
    units = queries.units(key)
    name = unit_name(units, unit_id)
    # Ranked together with its block: the 30 districts, or the 51 phường or the 75 xã.
    total = len(queries.block_peers(key, unit_id)) or len(units)
    return Card(
        history=hist,
        download=report_card.history_download(hist),
        has_scores=not scored.empty,
        has_ranks=bool(hist["rank"].notna().any()),
        last_score=None
        if last is None
        else (int(last.year), float(last.value), str(last.value_status)),
        change=change,
        n_years=int((hist.value.notna() | hist["rank"].notna()).sum()),
        sentence=report_card.rank_sentence(change, name, total),
        ranked_together=total,
        span=report_card.figure_years(hist),
        score_summary=report_card.score_summary(hist),
        rank_summary=report_card.rank_summary(hist),
    )


@dataclass(frozen=True)
class Components:
    """The unit's eight areas against the mean and the best of the units that year."""

    year: int | None  # latest year with a component score; None: nothing to show
    table: pd.DataFrame | None
    long: pd.DataFrame | None  # the dot chart's rows
    summary: str
    most: int  # units with a score in the best-covered area
    smallest: int  # ... in the least-covered area


@queries.cached(max_entries=128)
def components(
    key: DbKey, dataset: str, years: tuple[int, int], unit_id: str, lang: str
) -> Components:
    """The comparison of the latest year in ``years`` with component scores."""
    year = report_card.latest_component_year(key, dataset, years, unit_id)
    if year is None:
        return Components(None, None, None, "", 0, 0)
    units = queries.units(key)
    bench = report_card.benchmarks(key, dataset, unit_id, year)
    scored = bench.dropna(subset=["value"])
    most = int(scored.n_units.max())
    label = report_card.StatusLabel(key, dataset, unit_id)
    return Components(
        year=year,
        table=report_card.benchmark_table(bench, units, label, year),
        long=report_card.benchmark_long(bench, units, unit_name(units, unit_id))
        if most > 1
        else None,
        summary=report_card.benchmark_summary(bench) if most > 1 else "",
        most=most,
        smallest=int(scored.n_units.min()),
    )


@dataclass(frozen=True)
class Sources:
    """Where the unit's figures come from."""

    published: pd.DataFrame  # the unit's published figures with their sources
    published_table: pd.DataFrame
    lines: list[str]  # one markdown line per source
    n_sources: int
    own: pd.DataFrame  # the unit's figures on the chosen dataset (empty on published)
    own_equal: int  # of which equal to a published figure
    own_simulated: int


@queries.cached(max_entries=128)
def sources(key: DbKey, dataset: str, unit_id: str, lang: str) -> Sources:
    """The unit's published figures and, on another dataset, its own figures' origin."""
    indicators = queries.indicators(key)
    published = queries.unit_sources(key, unit_id, "published")
    own = queries.unit_sources(key, unit_id, dataset) if dataset != "published" else published[:0]
    eq, sim = report_card.demo_counts(own) if not own.empty else (0, 0)
    return Sources(
        published=published,
        published_table=report_card.figures_table(published, indicators),
        lines=report_card.source_lines(published) if not published.empty else [],
        n_sources=int(published.source_id.nunique()),
        own=own,
        own_equal=eq,
        own_simulated=sim,
    )


@dataclass(frozen=True)
class Predecessors:
    """The former districts a phường or xã took its area from (by area share)."""

    table: pd.DataFrame  # shown: former district, area share (%), largest share
    former: tuple[tuple[str, str, float], ...]  # (unit_id, name, share) largest first
    covered: float  # share of the unit's area inside any former district


@queries.cached(max_entries=128)
def predecessors(key: DbKey, unit_id: str, lang: str) -> Predecessors:
    """The bridge from a commune-level unit to the 30 former districts (area shares)."""
    from ui.i18n import t

    cross = queries.crosswalk(key, unit_id)
    districts = queries.units(key.at("district"))
    name = dict(
        zip(districts.unit_id, districts["name_vi" if lang == "vi" else "name_en"], strict=True)
    )
    table = pd.DataFrame(
        {
            t("pf_pred_former"): [name.get(u, u) for u in cross.former_unit_id],
            t("pf_pred_share"): (cross.area_share * 100).round(1).to_numpy(),
        }
    )
    former = tuple(
        (u, name.get(u, u), float(s))
        for u, s in zip(cross.former_unit_id, cross.area_share, strict=True)
    )
    covered = float(cross.covered_share.iloc[0]) if len(cross) else float("nan")
    return Predecessors(table=table, former=former, covered=covered)


def open_predecessor(former_unit_id: str) -> None:
    """Button callback: show the former district's own history (the district level)."""
    import streamlit as st

    st.session_state["level"] = "district"
    st.session_state["unit"] = former_unit_id
