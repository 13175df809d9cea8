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
from ui.queries import DbKey

__all__ = ["YearView", "year_view"]


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
    head = year_headline(panel, year, queries.block_averages(key, dataset), n_units=len(units))
    name_col = "name_vi" if lang == "vi" else "name_en"
    this = panel[panel.year == year].merge(
        units[["unit_id", name_col, "geo_code", "unit_type"]], on="unit_id", how="right"
    )
    if restrict:
        this = this[this.unit_id.isin(unit_ids)]
    this = this.rename(columns={name_col: "name"})
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
