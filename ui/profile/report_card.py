"""Report-card pieces of the unit profile: status labels, history, benchmarks, figures and sources."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from analysis.stats.result import COMPONENT_IDS
from ui import plain, queries
from ui.i18n import indicator_name, lang, num, pct, per_language, signed, t, unit_name
from ui.labels import short

__all__ = [
    "EQUAL_MARK",
    "StatusLabel",
    "status_labeller",
    "status_order",
    "unit_history",
    "figure_years",
    "score_summary",
    "rank_summary",
    "as_published",
    "history_download",
    "rank_sentence",
    "rank_delta",
    "rank_move",
    "latest_component_year",
    "benchmarks",
    "benchmark_long",
    "benchmark_table",
    "benchmark_summary",
    "lang_is_vi",
    "source_link",
    "screen_links",
    "initiative_groups",
    "figures_table",
    "figures_columns",
    "source_lines",
    "demo_counts",
]

# === unit profile ==========================================================================
EQUAL_MARK = "equals the published figure"


@queries.cached(max_entries=128)
def _equal_flags(key: queries.DbKey, unit_id: str) -> set[tuple[int, str, str]]:
    # Demo rows whose locator says they equal a published figure: (year, indicator, measure).
    demo = queries.unit_sources(key, unit_id, "demo")
    hit = demo[demo.locator.fillna("").str.contains(EQUAL_MARK, regex=False)]
    return {
        (int(y), str(i), str(m))
        for y, i, m in zip(hit.year, hit.indicator_id, hit.measure, strict=True)
    }


@dataclasses.dataclass(frozen=True)
class StatusLabel:
    """(year, indicator, measure) → 'published' / 'SIMULATED' / 'SIMULATED = published'.

    A value, not a closure, so tables made with it can be kept by their arguments.
    """

    key: queries.DbKey
    dataset: str
    unit_id: str

    def __call__(self, year, indicator: str, measure: str) -> str:
        if self.dataset == "published":
            return t("pf_status_published")
        if self.dataset == "demo":
            flags = _equal_flags(self.key, self.unit_id)
            equal = (int(year), indicator, measure) in flags
            return t("pf_status_sim_equal") if equal else t("pf_status_simulated")
        return t("pf_status_upload")


def status_labeller(f, unit_id: str) -> StatusLabel:
    """The status label of the unit's figures on the dataset of ``f``."""
    return StatusLabel(f.key, f.dataset, unit_id)


def status_order(f) -> list[str]:
    """Status labels in legend order for the dataset."""
    # The same three cases as StatusLabel: a workspace's figures are uploaded ones too (the
    # legend said "published" and, with a label outside its domain, no marker was drawn).
    if f.dataset == "published":
        return [t("pf_status_published")]
    if f.dataset == "demo":
        return [t("pf_status_simulated"), t("pf_status_sim_equal")]
    return [t("pf_status_upload")]


def unit_history(
    key: queries.DbKey, dataset: str, years: tuple[int, int], unit_id: str
) -> pd.DataFrame:
    """The unit's total and rank by year in the sidebar range, with status labels and texts."""
    panel = queries.panel(key, dataset, years, (unit_id,), ("total",))
    label = StatusLabel(key, dataset, unit_id)
    out = panel[["year", "value", "rank"]].sort_values("year").reset_index(drop=True)
    out["value_status"] = [
        label(y, "total", "score_pct") if pd.notna(v) else None
        for y, v in zip(out.year, out.value, strict=True)
    ]
    out["rank_status"] = [
        label(y, "total", "rank") if pd.notna(r) else None
        for y, r in zip(out.year, out["rank"], strict=True)
    ]
    out["value_text"] = [num(v) for v in out.value]
    out["rank_text"] = ["—" if pd.isna(r) else f"#{int(r)}" for r in out["rank"]]
    return out


def figure_years(hist: pd.DataFrame) -> list[int]:
    """Years of the history with a score or a rank, ascending."""
    have = hist[hist.value.notna() | hist["rank"].notna()]
    return [int(y) for y in have.year]


def score_summary(hist: pd.DataFrame) -> str:
    """One line under the score history."""
    scored = hist.dropna(subset=["value"])
    if scored.empty:
        return t("pf_score_none")
    return t(
        "pf_score_summary", k=len(scored), lo=pct(scored.value.min()), hi=pct(scored.value.max())
    )


def rank_summary(hist: pd.DataFrame) -> str:
    """One line under the rank history."""
    ranked = hist.dropna(subset=["rank"])
    if ranked.empty:
        return t("pf_rank_none")
    best, worst = ranked.loc[ranked["rank"].idxmin()], ranked.loc[ranked["rank"].idxmax()]
    return t(
        "pf_rank_summary",
        k=len(ranked),
        best=int(best["rank"]),
        best_year=int(best.year),
        worst=int(worst["rank"]),
        worst_year=int(worst.year),
    )


def as_published(f):
    """The filters with dataset 'published' (downloads of published sources say so)."""
    return dataclasses.replace(f, dataset="published")


def history_download(hist: pd.DataFrame) -> pd.DataFrame:
    """History table for analysts."""
    return hist[["year", "value", "value_status", "rank", "rank_status"]].rename(
        columns={"value": "score_pct"}
    )


def rank_sentence(change: dict | None, unit: str, total: int) -> str | None:
    """'In 2023 Ba Đình ranked 6 of 30; in 2022 it ranked 8: up 2 places.'"""
    if change is None:
        return None
    rank = {"year": change["year"], "unit": unit, "rank": change["rank"], "total": total}
    if change["previous_rank"] is None:
        return t("pf_rank_sentence_single", **rank)
    return t(
        "pf_rank_sentence",
        **rank,
        prev_year=change["previous_year"],
        prev=change["previous_rank"],
        move=rank_move(change),
    )


def rank_delta(change: dict) -> tuple[str | None, str]:
    """Metric delta ('+2 bậc' / '-3 bậc') and its colour mode; moving up is good."""
    k = change.get("places_up")
    if k is None:
        return None, "normal"
    if k == 0:
        return t("pf_rank_delta_same", year=change["previous_year"]), "off"
    sign = "+" if k > 0 else "-"  # ASCII minus: st.metric reads it as "down"
    return f"{sign}{abs(k)} {t('pf_places', year=change['previous_year'])}", "normal"


def rank_move(change: dict) -> str:
    """'up 2 places on 2022' etc."""
    k = change["places_up"]
    if k > 0:
        return t("pf_rank_delta_up", k=k, year=change["previous_year"])
    if k < 0:
        return t("pf_rank_delta_down", k=-k, year=change["previous_year"])
    return t("pf_rank_delta_same", year=change["previous_year"])


def latest_component_year(
    key: queries.DbKey, dataset: str, years: tuple[int, int], unit_id: str
) -> int | None:
    """Latest year in the sidebar range in which the unit has a component score."""
    panel = queries.panel(key, dataset, years, (unit_id,), COMPONENT_IDS).dropna(subset=["value"])
    return int(panel.year.max()) if not panel.empty else None


@queries.cached(max_entries=64)
def benchmarks(key: queries.DbKey, dataset: str, unit_id: str, year: int) -> pd.DataFrame:
    """The unit's components against the mean and best of its block's units that year."""
    from analysis.reports.unit_report import component_benchmarks

    peers = queries.block_peers(key, unit_id) or None  # since 2025: the phường or the xã
    panel = queries.panel(key, dataset, (year, year), peers, COMPONENT_IDS)
    return component_benchmarks(panel, unit_id, year, COMPONENT_IDS)


def benchmark_long(bench: pd.DataFrame, units: pd.DataFrame, unit_label_text: str) -> pd.DataFrame:
    """Long form for the dot chart (only the areas where the unit has a score)."""
    own = bench.dropna(subset=["value"])
    rows = []
    for r in own.itertuples(index=False):
        best_names = ", ".join(unit_name(units, u) for u in r.best_units)
        rows += [
            {
                "name": short(r.component),
                "series": unit_label_text,
                "value": r.value,
                "who": unit_label_text,
            },
            {
                "name": short(r.component),
                "series": t("pf_series_mean"),
                "value": r.mean,
                "who": t("pf_n_units", n=r.n_units),
            },
            {
                "name": short(r.component),
                "series": t("pf_series_best"),
                "value": r.best,
                "who": best_names,
            },
        ]
    out = pd.DataFrame(rows, columns=["name", "series", "value", "who"])
    out["value_text"] = [num(v) for v in out.value]
    return out


def benchmark_table(bench: pd.DataFrame, units: pd.DataFrame, label, year: int) -> pd.DataFrame:
    """The comparison table for readers and downloads."""
    own = bench.dropna(subset=["value"])
    return pd.DataFrame(
        {
            t("pf_col_area"): [short(c) for c in own.component],
            t("pf_col_unit"): own.value.round(2),
            t("pf_col_status"): [label(year, c, "score_pct") for c in own.component],
            t("pf_col_mean"): own["mean"].round(2),
            t("pf_col_n"): own.n_units.astype(int),
            t("pf_col_best"): own.best.round(2),
            t("pf_col_best_unit"): [
                ", ".join(unit_name(units, u) for u in b) for b in own.best_units
            ],
            t("pf_col_position"): [
                f"{int(p)}/{n}" for p, n in zip(own.position, own.n_units, strict=True)
            ],
            "indicator_id": own.component,
        }
    )


def benchmark_summary(bench: pd.DataFrame) -> str:
    """Furthest above and below the mean."""
    own = bench.dropna(subset=["value"])
    up = own.loc[own.gap_mean.idxmax()]
    down = own.loc[own.gap_mean.idxmin()]
    if down.gap_mean >= 0:
        return t(
            "pf_comp_summary_all_above",
            k=len(own),
            down=short(down.component),
            ddown=signed(down.gap_mean),
        )
    if up.gap_mean <= 0:
        return t(
            "pf_comp_summary_all_below", k=len(own), up=short(up.component), dup=signed(up.gap_mean)
        )
    return t(
        "pf_comp_summary",
        k=len(own),
        up=short(up.component),
        dup=signed(up.gap_mean),
        down=short(down.component),
        ddown=signed(down.gap_mean),
    )


def _place(all_units: pd.DataFrame, unit_id: str) -> str:
    row = all_units[all_units.unit_id == unit_id]
    if row.empty:
        return unit_id
    return str(row.iloc[0]["name_vi"] if lang_is_vi() else row.iloc[0]["name_en"])


def lang_is_vi() -> bool:
    """True when the page is in Vietnamese."""
    from ui.i18n import lang

    return lang() == "vi"


def source_link(row) -> str:
    """A markdown link for checked web addresses, a plain note for documents archived as seeds.

    Titles and addresses of imported sources come from whoever ran the import: they are shown
    as text, and a link is made only from an address :func:`ui.plain.safe_url` accepts.
    """
    url = str(row.url) if isinstance(row.url, str) else ""
    if url.startswith("seed:"):
        return t("pf_src_seed", file=plain.text(url.removeprefix("seed:")))
    return plain.link(url, url)


def screen_links(table: pd.DataFrame) -> pd.DataFrame:
    """The figures table for the screen: its link column holds only checked http(s) addresses
    (the downloads keep the addresses as stored)."""
    col = t("pf_col_link")
    if col not in table:
        return table
    return table.assign(**{col: [plain.safe_url(u) for u in table[col]]})


def _date(value) -> str:
    return str(value) if isinstance(value, str) and value else t("pf_src_undated")


def initiative_groups(
    key: queries.DbKey, unit_id: str, indicators: pd.DataFrame
) -> list[tuple[str, list[str]]]:
    """Initiatives grouped by source: (source line, item lines with kind, status, year, area, place)."""
    return _initiative_groups(key, unit_id, indicators, lang())


# Cached per language (the lines are translated); the profile page asks on every rerun.
@queries.cached(max_entries=128)
def _initiative_groups(
    key: queries.DbKey, unit_id: str, indicators: pd.DataFrame, language: str
) -> list[tuple[str, list[str]]]:
    ini = queries.initiatives(key, unit_id)
    if ini.empty:
        return []
    srcs = queries.sources(key).set_index("source_id")
    all_units = queries.units(key, None)
    groups: list[tuple[str, list[str]]] = []
    for source_id, rows in ini.groupby("source_id", sort=False):
        if source_id in srcs.index:
            src = srcs.loc[source_id]
            head = t(
                "pf_init_source",
                title=plain.text(src.title),
                publisher=plain.text(src.publisher),
                date=plain.text(_date(src.published_on)),
                link=source_link(src),
            )
        else:
            head = t("pf_init_source_unknown")
        items = []
        for r in rows.sort_values(["year", "unit_id", "initiative_id"]).itertuples(index=False):
            kind, status = f"pf_kind_{r.kind}", f"pf_istatus_{r.status}"
            area = r.component_id
            items.append(
                t(
                    "pf_init_line",
                    name=plain.text(r.name_vi),
                    kind=t(kind) if _has_text(kind) else r.kind,
                    status=t(status) if _has_text(status) else r.status,
                    year=r.year,
                    area=short(area) if area in COMPONENT_IDS else indicator_name(indicators, area),
                    where=""
                    if r.unit_id == unit_id
                    else t("pf_init_where", place=_place(all_units, r.unit_id)),
                )
            )
        groups.append((head, items))
    return groups


def _has_text(key: str) -> bool:
    from ui.texts import TEXT

    return key in TEXT


def _measure(m: str) -> str:
    key = f"pf_measure_{m}"
    return t(key) if _has_text(key) else m


@per_language
def figures_table(frame: pd.DataFrame, indicators: pd.DataFrame, label=None) -> pd.DataFrame:
    """Figures of a unit with their sources, for readers and downloads."""
    out = pd.DataFrame(
        {
            t("pf_col_year"): frame.year.astype(int),
            t("pf_col_indicator"): [indicator_name(indicators, i) for i in frame.indicator_id],
            t("pf_col_measure"): [_measure(m) for m in frame.measure],
            t("pf_col_as_published"): frame.value_as_published,
            t("pf_col_locator"): frame.locator,
            t("pf_col_source"): frame.title,
            t("pf_col_publisher"): frame.publisher,
            t("pf_col_date"): frame.published_on,
            t("pf_col_link"): frame.url,
            t("pf_col_value"): frame.value,
            "indicator_id": frame.indicator_id,
            "measure": frame.measure,
            "source_id": frame.source_id,
        }
    )
    if label is not None:
        out.insert(
            3,
            t("pf_col_status"),
            [
                label(y, i, m)
                for y, i, m in zip(frame.year, frame.indicator_id, frame.measure, strict=True)
            ],
        )
    return out


def figures_columns() -> dict:
    """Column widths and link rendering of the figures table."""
    return {
        t("pf_col_indicator"): st.column_config.TextColumn(width="medium"),
        t("pf_col_locator"): st.column_config.TextColumn(width="large"),
        t("pf_col_source"): st.column_config.TextColumn(width="medium"),
        t("pf_col_link"): st.column_config.LinkColumn(t("pf_col_link")),
        # Ids stay in the downloads (stable keys for analysts) but are not shown on screen.
        "indicator_id": None,
        "measure": None,
        "source_id": None,
    }


def source_lines(frame: pd.DataFrame) -> list[str]:
    """One markdown line per distinct source of the figures."""
    seen = frame.drop_duplicates("source_id")
    return [
        t(
            "pf_src_line",
            title=plain.text(r.title),
            publisher=plain.text(r.publisher),
            date=plain.text(_date(r.published_on)),
            link=source_link(r),
        )
        for r in seen.itertuples(index=False)
    ]


def demo_counts(frame: pd.DataFrame) -> tuple[int, int]:
    """(equal to published, simulated only) among a unit's demo figures."""
    eq = int(frame.locator.fillna("").str.contains(EQUAL_MARK, regex=False).sum())
    return eq, len(frame) - eq
