"""The rankings page's sections, computed once per filters and language and kept.

Each function returns everything one section of the page shows (tables with their texts,
counts, the frames its charts draw), so a rerun that changes nothing in a section only
reads it back. The statistics come from :mod:`ui.rankings.trends` (cached there too).
Language-dependent sections take ``lang`` only as part of the cache key: the texts are made
with :func:`ui.i18n.t`, which reads the same language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from analysis.reports import ranking as trend_tables
from analysis.reports.ranking import movement_arrow
from analysis.stats.trend import biggest_falls, most_improved
from ui import charts, i18n, labels, layout, queries
from ui.chartspec import Spec
from ui.i18n import pct, signed, t
from ui.layout import as_arrow
from ui.queries import DbKey
from ui.rankings import charts as rc
from ui.rankings import trends as rt

__all__ = [
    "RankingSection",
    "LinesSection",
    "SlopeSection",
    "MovementSection",
    "ranking_section",
    "lines_section",
    "slope_section",
    "movement_section",
]


def _full(key: DbKey, dataset: str, first: int, end: int) -> pd.DataFrame:
    # Every unit, from the year before the range: ranks are places among all units and the
    # end year's movement needs the previous year.
    return queries.panel(key, dataset, (min(first, end - 1), end), indicator_ids=("total",))


def _names(key: DbKey) -> dict[str, str]:
    return i18n.names_of(queries.units(key))


@dataclass(frozen=True)
class RankingSection:
    """The end year's ranking table, its export and what it covers."""

    view: pa.Table  # rank, unit, type, score, move, history (sparkline points); shown as is
    export: pd.DataFrame
    unit_ids: list[str]  # in table order (best first)
    history_min: float | None
    history_max: float | None
    n_units: int
    n_scores: int
    n_ranks: int
    n_none: int
    ranks_computed: bool  # the end year has scores but no published ranks


@queries.cached(max_entries=64)
def ranking_section(
    key: DbKey, dataset: str, available: tuple[int, ...], unit_ids: tuple[str, ...], lang: str
) -> RankingSection:
    """The ranking of ``available[-1]`` for ``unit_ids`` with movement and sparklines."""
    first, end = available[0], available[-1]
    full = _full(key, dataset, first, end)
    units = queries.units(key)
    names = i18n.names_of(units)
    types = dict(zip(units["unit_id"], units["unit_type"], strict=True))
    table = trend_tables.ranking_table(full, unit_ids, end, list(available))
    history = [v for row in table["history"] for v in row if v is not None]
    view = pd.DataFrame(
        {
            "rank": table["rank"],
            "unit": [names.get(u, u) for u in table["unit_id"]],
            "type": [t(f"type_{types.get(u, '')}") for u in table["unit_id"]],
            "score": table["score"],
            "move": [movement_arrow(c) for c in table["rank_change"]],
            # A sparkline joins the years that have a score (a gap cannot be drawn); none
            # below 2.
            "history": [
                pts if len(pts) >= 2 else None
                for pts in ([v for v in row if v is not None] for row in table["history"])
            ],
        }
    )
    export = pd.DataFrame(
        {
            "unit_id": table["unit_id"],
            "unit": view["unit"],
            "unit_type": [types.get(u) for u in table["unit_id"]],
            f"rank_{end}": table["rank"],
            f"score_{end}": table["score"],
            f"rank_{end - 1}": table["prev_rank"],
            "rank_change": table["rank_change"],
            "rank_change_text": view["move"],
        }
    )
    for i, year in enumerate(available):
        export[f"score_{year}"] = [row[i] for row in table["history"]]
    end_rows = full[full["year"] == end]
    return RankingSection(
        view=as_arrow(view),
        export=export,
        unit_ids=list(table["unit_id"]),
        history_min=min(history) if history else None,
        history_max=max(history) if history else None,
        n_units=len(table),
        n_scores=int(table["score"].notna().sum()),
        n_ranks=int(table["rank"].notna().sum()),
        n_none=int((table["score"].isna() & table["rank"].isna()).sum()),
        ranks_computed=bool(
            not end_rows.empty and end_rows["rank"].isna().all() and end_rows["value"].notna().any()
        ),
    )


@dataclass(frozen=True)
class LinesSection:
    """The units drawn in the score and rank charts, with what was drawn and why."""

    scores: pd.DataFrame  # unit_id, name, year, value, value_text (scored rows)
    scores_download: pd.DataFrame
    scores_said: str
    ranks: pd.DataFrame  # unit_id, name, year, rank, value (ranked rows)
    ranks_said: str
    scores_chart: Spec | None  # None when nobody has a score in range
    ranks_chart: Spec | None


@queries.cached(max_entries=64)
def lines_section(
    key: DbKey,
    dataset: str,
    available: tuple[int, ...],
    unit_ids: tuple[str, ...],
    chosen: bool,
    k: int,
    meeting: bool,
    lang: str,
) -> LinesSection:
    """Scores and ranks over the years of the chosen units, or of ``k`` at each end."""
    first, end = available[0], available[-1]
    full = _full(key, dataset, first, end)
    in_range = full[full["year"].between(first, end)]
    shown = in_range[in_range["unit_id"].isin(unit_ids)]
    names = _names(key)

    def picked(measure: str) -> tuple[list[str], str]:
        if chosen:
            return list(unit_ids), t("rk_pick_chosen", k=len(unit_ids))
        ids, rule = trend_tables.pick_units(in_range, end, unit_ids, measure=measure, k=k)
        return ids, t(f"rk_pick_{rule}", k=len(ids), n=len(unit_ids), half=k, year=end)

    ids_s, said_s = picked("value")
    ids_r, said_r = picked("rank")
    either = set(ids_s) | set(ids_r)
    ranked = ranking_section(key, dataset, available, unit_ids, lang).unit_ids
    # One colour per unit on both charts: best end-year rank first.
    order = [names.get(u, u) for u in dict.fromkeys(ranked) if u in either]
    scores = shown[shown["unit_id"].isin(ids_s)].dropna(subset=["value"]).copy()
    scores["name"] = scores["unit_id"].map(names)
    scores["value_text"] = [pct(v) for v in scores["value"]]
    ranks = shown[shown["unit_id"].isin(ids_r)].dropna(subset=["rank"]).copy()
    ranks["name"] = ranks["unit_id"].map(names)
    note, sizes = layout.chart_setting(dataset, meeting)
    scores_chart = ranks_chart = None
    if not scores.empty:
        scores_chart = rc.score_lines(
            scores,
            title=t("rk_lines_title", a=first, b=end),
            note=note,
            y_title=t("score"),
            names=order,
            sizes=sizes,
        )
    if not ranks.empty:
        ranks_chart = rc.bump(
            ranks,
            title=t("rk_bump_title", a=first, b=end),
            note=note,
            rank_title=t("rank"),
            names=order,
            n_places=len(queries.units(key)),
            sizes=sizes,
        )
    return LinesSection(
        scores=scores[["unit_id", "name", "year", "value", "value_text"]],
        scores_download=scores[["unit_id", "name", "year", "value"]],
        scores_said=said_s,
        ranks=ranks[["unit_id", "name", "year", "rank", "value"]],
        ranks_said=said_r,
        scores_chart=None if scores_chart is None else charts.localised(scores_chart, lang),
        ranks_chart=None if ranks_chart is None else charts.localised(ranks_chart, lang),
    )


@dataclass(frozen=True)
class SlopeSection:
    """Per-unit Theil–Sen slopes for the chart and the table, and who has none."""

    ok: pd.DataFrame  # units with a slope, steepest first, with texts
    table: pa.Table  # unit, n, slope, ci: the table beside the chart
    download: pd.DataFrame  # every unit's trend result, named
    n_up: int  # interval above zero
    n_down: int  # interval below zero
    without: list[str]  # names of the units without a slope
    chart: Spec | None  # None when no unit has a slope


@queries.cached(max_entries=64)
def slope_section(
    key: DbKey,
    dataset: str,
    span: tuple[int, int],
    unit_ids: tuple[str, ...],
    meeting: bool,
    lang: str,
) -> SlopeSection:
    """Each unit's trend of the total over ``span`` (analysis.stats.trend.unit_trends)."""
    names = _names(key)
    trends = rt.trends(key, dataset, span, unit_ids)
    ok = trends[trends["status"] == "ok"].copy()
    missing = trends[trends["status"] != "ok"]
    with_trend = set(trends["unit_id"])  # once: per unit it is O(units²) at national scale
    lacking = [u for u in unit_ids if u not in with_trend]
    ok["name"] = ok["unit_id"].map(names)
    ok["slope"] = ok["slope_theil_sen"]
    ok["slope_text"] = [signed(v) for v in ok["slope"]]
    ok["ci_text"] = [
        labels.fmt_ci(lo, hi) for lo, hi in zip(ok["ci_low"], ok["ci_high"], strict=True)
    ]
    ok = ok.sort_values("slope", ascending=False)
    note, sizes = layout.chart_setting(dataset, meeting)
    chart = None
    if not ok.empty:
        chart = charts.localised(
            rc.slopes(
                ok,
                title=t("rk_slope_title", a=span[0], b=span[1]),
                note=note,
                x_title=t("rk_slope_axis"),
                extra=[t("rk_slope_legend")],
                sizes=sizes,
            ),
            lang,
        )
    return SlopeSection(
        ok=ok,
        table=as_arrow(
            ok[["name", "n", "slope_text", "ci_text"]].rename(
                columns={"name": "unit", "slope_text": "slope", "ci_text": "ci"}
            )
        ),
        download=trends.assign(unit=trends["unit_id"].map(names)),
        n_up=int((ok["ci_low"] > 0).sum()),
        n_down=int((ok["ci_high"] < 0).sum()),
        without=[names.get(u, u) for u in [*missing["unit_id"], *lacking]],
        chart=chart,
    )


@dataclass(frozen=True)
class MovementSection:
    """Rank movement between two years: the five up, the five down, everyone, the export."""

    up: pa.Table  # the tables as shown
    down: pa.Table
    all: pa.Table
    export: pd.DataFrame
    stability: pd.DataFrame  # Kendall and Spearman results, one row each (the download)


def _movement_view(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit": [names.get(u, u) for u in frame["unit_id"]],
            "rank_a": frame["rank_a"],
            "rank_b": frame["rank_b"],
            "places": [movement_arrow(c) for c in frame["change"]],
            "delta": [signed(d) for d in frame["delta"]],
        }
    )


@queries.cached(max_entries=64)
def movement_section(
    key: DbKey, dataset: str, year_a: int, year_b: int, unit_ids: tuple[str, ...], lang: str
) -> MovementSection:
    """The movement table of :func:`ui.rankings.trends.stability`, as the page shows it."""
    names = _names(key)
    results, movement = rt.stability(key, dataset, year_a, year_b, unit_ids)
    return MovementSection(
        up=as_arrow(_movement_view(most_improved(movement, 5), names)),
        down=as_arrow(_movement_view(biggest_falls(movement, 5), names)),
        all=as_arrow(_movement_view(movement, names)),
        export=movement.assign(
            unit=[names.get(u, u) for u in movement["unit_id"]],
            change_text=[movement_arrow(c) for c in movement["change"]],
        ),
        stability=pd.DataFrame([r.to_dict() for r in results]),
    )
