"""The overview page's year, computed once per filters and language and kept.

A slider move reruns the whole page; without this the headline and the map's table (merges,
sorts and per-unit texts on 30 rows) were recomputed on every rerun, about two thirds of the
page's time.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.reports.summary import Headline, year_headline
from ui import queries
from ui.i18n import num
from ui.queries import DbKey

__all__ = ["YearView", "year_view", "opening_year"]


@dataclass(frozen=True)
class YearView:
    """What the overview shows for one year."""

    head: Headline
    units: pd.DataFrame  # unit_id, name, unit_type, geo_code, value, rank, status
    table: pd.DataFrame  # the map's table, best first
    scored: pd.DataFrame  # units with a score
    n_missing: int  # units with neither score nor rank


@queries.cached(max_entries=64)
def year_view(
    key: DbKey,
    dataset: str,
    year: int,
    unit_ids: tuple[str, ...],
    restrict: bool,
    lang: str,
    status_texts: tuple[str, str, str],
) -> YearView:
    """The headline and per-unit rows of ``year``.

    ``restrict``: show only ``unit_ids`` on the map (otherwise every unit, greyed when out of
    the filter's scores). ``status_texts``: (scored, rank only, missing) in the reader's
    language; names follow ``lang``.
    """
    units = queries.units(key)
    panel = queries.panel(key, dataset, (year - 1, year), indicator_ids=("total",))
    panel = panel[panel.unit_id.isin(unit_ids)]
    # Communes are ranked within their block: the headline counts the block's units.
    n_units = len(unit_ids) if key.level == "commune" else len(units)
    head = year_headline(panel, year, queries.block_averages(key, dataset), n_units=n_units)
    name_col = "name_vi" if lang == "vi" else "name_en"
    this = panel[panel.year == year].merge(
        units[["unit_id", name_col, "geo_code", "unit_type"]], on="unit_id", how="right"
    )
    if restrict:
        this = this[this.unit_id.isin(unit_ids)]
    this = this.rename(columns={name_col: "name"})
    if key.level == "commune":
        points = queries.unit_points(key)[["unit_id", "point_lon", "point_lat"]]
        this = this.merge(points, on="unit_id", how="left")
        this["value_text"] = [num(v, 2, lang) for v in this["value"]]
        this["rank_text"] = [num(r, 0, lang) for r in this["rank"]]
    scored_text, rank_text, missing_text = status_texts
    this["status"] = [
        scored_text if pd.notna(v) else (rank_text if pd.notna(r) else missing_text)
        for v, r in zip(this["value"], this["rank"], strict=True)
    ]
    table = this[["unit_id", "name", "unit_type", "value", "rank", "status"]].sort_values(
        ["rank", "value"], ascending=[True, False], na_position="last"
    )
    scored = this.dropna(subset=["value"])
    n_missing = int((this["value"].isna() & this["rank"].isna()).sum())
    return YearView(
        head=head,
        units=this.reset_index(drop=True),
        table=table,
        scored=scored[["unit_id", "name", "value", "rank"]],
        n_missing=n_missing,
    )


@queries.cached(max_entries=64)
def opening_year(
    key: DbKey, dataset: str, available: tuple[int, ...], unit_ids: tuple[str, ...]
) -> int:
    """The year the page opens on: the latest one whose headline rests on enough units.

    The latest year with at least half as many unit scores as the best-covered year (and at
    least two); on the published figures 2024 has a single unit score, so the page opens on
    2023 (seven). On a full panel this is the latest year.
    """
    panel = queries.panel(key, dataset, (min(available), max(available)), indicator_ids=("total",))
    panel = panel[panel["unit_id"].isin(unit_ids) & panel["value"].notna()]
    counts = panel.groupby("year").size().reindex(list(available), fill_value=0)
    enough = max(2, -(-int(counts.max()) // 2))
    good = [y for y in available if counts[y] >= enough]
    return (good or list(available))[-1]
