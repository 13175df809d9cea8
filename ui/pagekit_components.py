"""Cached queries, tables and small helpers of the components, unit-profile and what-if pages."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import streamlit as st

from analysis.stats.correlation import (
    MIN_GROUP,
    MIN_PAIRS,
    correlation_matrix,
    fitted_line,
    pair_scatter,
    top_bottom_separation,
)
from analysis.stats.result import COMPONENT_IDS, INDICATOR_IDS
from ui import data
from ui.i18n import indicator_name, lang, num, pct, per_language, signed, t, unit_name

__all__ = [
    "COMPONENTS",
    "INDICATORS",
    "METHODS",
    "HEAT_KEY",
    "HEAT_PARAM",
    "MIN_PAIRS",
    "EQUAL_MARK",
    "WHATIF_FALLBACK_UNIT",
    "short",
    "pval",
    "p_is",
    "year_options",
    "years_for",
    "period_label",
    "corr_matrix",
    "pair_fit",
    "separation",
    "heat_table",
    "best_pair",
    "pair_n_table",
    "heat_tooltips",
    "heat_download",
    "units_with_components",
    "component_years",
    "n_totals",
    "on_heat_select",
    "pair_sentence",
    "scatter_table",
    "scatter_summary",
    "method_symbol",
    "separation_problem",
    "separation_table",
    "separation_download",
    "full_name",
    "unit_options",
    "default_unit",
    "unit_label",
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
    "initiative_groups",
    "figures_table",
    "figures_columns",
    "source_lines",
    "demo_counts",
    "year_scores",
    "official_rank",
    "simulatable_years",
    "cannot_why",
    "simulatable_list",
    "published_target",
    "default_weights",
    "weight_key",
    "seed_weights",
    "reset_weights",
    "current_weights",
    "weights_changed",
    "weight_kinds",
    "weights_plain",
    "slider_key",
    "seed_sliders",
    "reset_sliders",
    "simulate",
    "metric_delta",
    "places_delta",
    "strip_frames",
    "strip_summary",
    "simulation_table",
    "default_target",
    "target_span",
    "target_result",
    "target_holder",
    "target_frames",
    "equal_weight_note",
    "target_summary",
]

COMPONENTS: tuple[str, ...] = COMPONENT_IDS
INDICATORS: tuple[str, ...] = INDICATOR_IDS
METHODS = ("spearman", "pearson")
_SYMBOL = {"spearman": "ρ", "pearson": "r"}
_NAME = {"spearman": "Spearman", "pearson": "Pearson"}
HEAT_KEY = "co_heat"
HEAT_PARAM = "co_cell"


# --- formatting ----------------------------------------------------------------------------
def short(indicator: str) -> str:
    """Short display name of the total or a component area."""
    return t(f"co_short_{indicator}")


def pval(p: float | None) -> str:
    """A p-value for people: '< 0,001' below a thousandth, three decimals otherwise."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "—"
    return f"< {num(0.001, 3)}" if p < 0.001 else num(p, 3)


def p_is(p: float | None) -> str:
    """'= 0,012' or '< 0,001' (for 'p …' in sentences)."""
    text = pval(p)
    return text if text.startswith("<") else f"= {text}"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# --- year choice ---------------------------------------------------------------------------
def year_options(available: list[int]) -> list[str]:
    """Single years (as text, for the URL) and 'pooled' when there are two or more."""
    return [str(y) for y in available] + (["pooled"] if len(available) > 1 else [])


def years_for(choice: str, available: list[int]) -> tuple[int, ...]:
    """The years behind a year choice."""
    return tuple(available) if choice == "pooled" else (int(choice),)


def period_label(choice: str, available: list[int]) -> str:
    """'2023' or 'Gộp 2019–2024' for titles."""
    if choice == "pooled":
        return t("co_pooled", a=available[0], b=available[-1])
    return str(choice)


# --- cached analysis -----------------------------------------------------------------------
@data.cached(max_entries=128)
def corr_matrix(
    key: data.DbKey, dataset: str, years: tuple[int, ...], unit_ids: tuple[str, ...], method: str
) -> pd.DataFrame:
    """Correlation matrix of the total and the eight areas (one year or pooled years)."""
    panel = data.panel(key, dataset, (years[0], years[-1]), unit_ids, INDICATORS)
    return correlation_matrix(
        panel,
        list(years) if len(years) > 1 else years[0],
        method,
        indicators=INDICATORS,
        periods=data.periods(key),
    )


@data.cached(max_entries=128)
def pair_fit(
    key: data.DbKey,
    dataset: str,
    years: tuple[int, ...],
    unit_ids: tuple[str, ...],
    x: str,
    y: str,
):
    """Points, OLS fit and the fitted line's end points of one pair."""
    panel = data.panel(key, dataset, (years[0], years[-1]), unit_ids, INDICATORS)
    points, fit = pair_scatter(
        panel, x, y, list(years) if len(years) > 1 else years[0], periods=data.periods(key)
    )
    return points, fit, fitted_line(points)


@data.cached(max_entries=128)
def separation(
    key: data.DbKey, dataset: str, year: int, unit_ids: tuple[str, ...], k: int
) -> pd.DataFrame:
    """Top-k against bottom-k units on each area (Mann–Whitney, Holm)."""
    panel = data.panel(key, dataset, (year, year), unit_ids, INDICATORS)
    return top_bottom_separation(panel, year, k=k, components=list(COMPONENTS))


# --- heatmap -------------------------------------------------------------------------------
def _reason(reason: str | None, n: int) -> str:
    if reason and "no variation" in reason:
        return t("co_reason_novar", n=n)
    return t("co_reason_n", n=n, min=MIN_PAIRS)


def heat_table(matrix: pd.DataFrame, selected: tuple[str, str]) -> pd.DataFrame:
    """One row per pair with display texts for cells and tooltips."""
    rows = []
    for r in matrix.itertuples(index=False):
        ok = r.status == "ok"
        rows.append(
            {
                "x_id": r.x,
                "y_id": r.y,
                "x": short(r.x),
                "y": short(r.y),
                "r": float(r.r) if ok else math.nan,
                "label": num(r.r, 2) if ok else "—",
                "n": int(r.n),
                "ci": t("co_ci_range", lo=num(r.ci_low, 2), hi=num(r.ci_high, 2)) if ok else "—",
                "p": pval(r.pvalue),
                "p_holm": pval(r.p_holm),
                "p_bh": pval(r.p_bh),
                "note": t("co_cell_computed") if ok else _reason(r.reason, int(r.n)),
                "selected": {r.x, r.y} == set(selected),
            }
        )
    return pd.DataFrame(rows)


def best_pair(matrix: pd.DataFrame) -> pd.Series | None:
    """The computed pair with the largest |r| (None when none is computed)."""
    ok = matrix[matrix.status == "ok"]
    if ok.empty:
        return None
    return ok.loc[ok.r.abs().idxmax()]


@per_language
def pair_n_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """Pairs with any complete observation and their n (for the 'not computable' message)."""
    some = matrix[matrix.n > 0].sort_values("n", ascending=False)
    return pd.DataFrame(
        {
            t("co_n_pair"): [
                f"{short(a)} – {short(b)}" for a, b in zip(some.x, some.y, strict=True)
            ],
            t("co_n_n"): some.n.astype(int).to_numpy(),
        }
    )


def heat_tooltips(method: str) -> dict[str, str]:
    """Tooltip titles of the heatmap in the reader's language."""
    return {
        "x": t("co_tt_x"),
        "y": t("co_tt_y"),
        "r": _SYMBOL[method],
        "n": t("co_tt_n"),
        "ci": t("co_tt_ci"),
        "p": t("co_tt_p"),
        "holm": t("co_tt_holm"),
        "bh": t("co_tt_bh"),
        "note": t("co_tt_note"),
    }


def heat_download(matrix: pd.DataFrame) -> pd.DataFrame:
    """The correlation matrix for the data table and downloads (names beside the ids)."""
    out = matrix.drop(columns=["method"]).copy()
    out.insert(2, "name_x", [short(i) for i in out.x])
    out.insert(3, "name_y", [short(i) for i in out.y])
    return out


def units_with_components(key: data.DbKey, dataset: str, unit_ids: tuple[str, ...]) -> str:
    """Units with any component score in the dataset and their years: 'Ba Đình (2022, 2023)'."""
    panel = data.panel(key, dataset, None, unit_ids, COMPONENTS).dropna(subset=["value"])
    if panel.empty:
        return t("co_none_units")
    units = data.units(key)
    years = panel.groupby("unit_id")["year"].agg(
        lambda ys: ", ".join(str(y) for y in sorted(set(ys)))
    )
    return "; ".join(f"{unit_name(units, u)} ({ys})" for u, ys in years.items())


@data.cached(max_entries=64)
def component_years(key: data.DbKey, dataset: str, unit_ids: tuple[str, ...]) -> list[int]:
    """Years in which any of the units has a component score."""
    panel = data.panel(key, dataset, None, unit_ids, COMPONENTS).dropna(subset=["value"])
    return sorted({int(y) for y in panel.year})


@data.cached(max_entries=64)
def n_totals(key: data.DbKey, dataset: str, year: int, unit_ids: tuple[str, ...]) -> int:
    """How many units have a total score in the year."""
    panel = data.panel(key, dataset, (year, year), unit_ids, ("total",))
    return int(panel["value"].notna().sum())


def on_heat_select() -> None:
    """Chart click → pair pickers (runs before the rerun, so the selectboxes follow)."""
    event = st.session_state.get(HEAT_KEY)
    if not event:
        return
    picked = (event.get("selection") or {}).get(HEAT_PARAM) or []
    if picked and "x_id" in picked[0] and "y_id" in picked[0]:
        x, y = picked[0]["x_id"], picked[0]["y_id"]
        if x in INDICATORS and y in INDICATORS:
            st.session_state["co_x"], st.session_state["co_y"] = x, y


# --- pair scatter --------------------------------------------------------------------------
def pair_sentence(matrix: pd.DataFrame, x: str, y: str, method: str, pooled: bool) -> str:
    """The r / CI / n sentence of one pair."""
    rows = matrix[((matrix.x == x) & (matrix.y == y)) | ((matrix.x == y) & (matrix.y == x))]
    row = rows.iloc[0]
    if row.status != "ok":
        return t(
            "co_scatter_not",
            method=_NAME[method],
            x=short(x),
            y=short(y),
            reason=_reason(row.reason, int(row.n)),
        )
    return t(
        "co_scatter_sentence",
        method=_NAME[method],
        x=short(x),
        y=short(y),
        sym=_SYMBOL[method],
        r=num(row.r, 2),
        lo=num(row.ci_low, 2),
        hi=num(row.ci_high, 2),
        n=int(row.n),
        obs=t("co_obs_unit_years" if pooled else "co_obs_units"),
        p=p_is(row.pvalue),
        holm=p_is(row.p_holm),
    )


def scatter_table(points: pd.DataFrame, units: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    """Scatter points with unit names and formatted values (for tooltips and the table)."""
    out = points.copy()
    out.insert(1, "name", [unit_name(units, u) for u in out.unit_id])
    out["x_text"] = [num(v) for v in out.x]
    out["y_text"] = [num(v) for v in out.y]
    return out.rename(columns={"x": "x", "y": "y"}).assign(x_indicator=x, y_indicator=y)


def scatter_summary(points: pd.DataFrame, line: pd.DataFrame, pooled: bool) -> str:
    """One line under the scatter."""
    what = t("co_obs_unit_year" if pooled else "co_obs_unit")
    if line.empty:
        return t("co_scatter_summary_nofit", n=len(points), what=what)
    return t(
        "co_scatter_summary", n=len(points), what=what, slope=num(float(line.slope.iloc[0]), 2)
    )


def method_symbol(method: str) -> str:
    """ρ for Spearman, r for Pearson."""
    return _SYMBOL[method]


# --- top vs bottom -------------------------------------------------------------------------
def separation_problem(sep: pd.DataFrame, k: int, year: int, n_totals: int) -> str:
    """Why rows of the separation table were not computed, in the reader's language."""
    reasons = []
    for row in sep[sep.status != "ok"].itertuples(index=False):
        reason = str(row.reason or "")
        if reason.startswith("k ="):
            return t("co_sep_reason_k", k=k, need=2 * k, n=n_totals, year=year)
        if "no variation" in reason:
            reasons.append(f"{short(row.indicator)} ({t('co_reason_novar', n=int(row.n))})")
        else:
            reasons.append(
                f"{short(row.indicator)} ({t('co_sep_reason_group', n=int(row.n), min=MIN_GROUP)})"
            )
    return "; ".join(reasons)


def separation_table(sep: pd.DataFrame) -> pd.DataFrame:
    """Computed rows of the separation, sorted by difference, with labels for the chart."""
    ok = sep[sep.status == "ok"].copy()
    ok["name"] = [short(i) for i in ok.indicator]
    ok["label"] = [
        t("co_sep_label", d=signed(d), rb=num(rb, 2), p=pval(p))
        for d, rb, p in zip(ok.estimate, ok.effect_size, ok.p_adjusted, strict=True)
    ]
    ok["test"] = [t("co_sep_sig") if p < 0.05 else t("co_sep_nonsig") for p in ok.p_adjusted]
    return ok.sort_values("estimate", ascending=False).reset_index(drop=True)


def separation_download(ok: pd.DataFrame) -> pd.DataFrame:
    """The separation rows as analysts want them (names, not ids)."""
    return pd.DataFrame(
        {
            t("co_col_area"): ok.name,
            t("co_col_mean_top"): ok.mean_top.round(2),
            t("co_col_mean_bottom"): ok.mean_bottom.round(2),
            t("co_col_diff"): ok.estimate.round(2),
            t("co_col_rb"): ok.effect_size.round(3),
            "p": ok.pvalue,
            t("co_col_p_holm"): ok.p_adjusted,
            "n_top": ok.n_top.astype(int),
            "n_bottom": ok.n_bottom.astype(int),
            "indicator_id": ok.indicator,
        }
    )


def full_name(indicators: pd.DataFrame, indicator: str) -> str:
    """Full indicator name from the codebook."""
    return indicator_name(indicators, indicator)


# === unit profile ==========================================================================
EQUAL_MARK = "equals the published figure"


def unit_options(f) -> list[str]:
    """Units the pickers offer: the sidebar's resolved units."""
    return list(f.unit_ids)


def default_unit(f, options: list[str], fallback: str = "ba_dinh") -> str:
    """First unit chosen in the sidebar, else ``fallback``, else the first option."""
    for u in f.chosen_units:
        if u in options:
            return u
    return fallback if fallback in options else options[0]


def unit_label(units: pd.DataFrame):
    """format_func for unit pickers."""
    return lambda u: unit_name(units, u)


@data.cached(max_entries=128)
def _equal_flags(key: data.DbKey, unit_id: str) -> set[tuple[int, str, str]]:
    # Demo rows whose locator says they equal a published figure: (year, indicator, measure).
    demo = data.unit_sources(key, unit_id, "demo")
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

    key: data.DbKey
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
    if f.dataset == "demo":
        return [t("pf_status_simulated"), t("pf_status_sim_equal")]
    if f.dataset == "upload":
        return [t("pf_status_upload")]
    return [t("pf_status_published")]


def unit_history(
    key: data.DbKey, dataset: str, years: tuple[int, int], unit_id: str
) -> pd.DataFrame:
    """The unit's total and rank by year in the sidebar range, with status labels and texts."""
    panel = data.panel(key, dataset, years, (unit_id,), ("total",))
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


def rank_sentence(change: dict | None, unit: str) -> str | None:
    """'In 2023 Ba Đình ranked 6 of 30; in 2022 it ranked 8: up 2 places.'"""
    if change is None:
        return None
    if change["previous_rank"] is None:
        return t("pf_rank_sentence_single", year=change["year"], unit=unit, rank=change["rank"])
    return t(
        "pf_rank_sentence",
        year=change["year"],
        unit=unit,
        rank=change["rank"],
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
    key: data.DbKey, dataset: str, years: tuple[int, int], unit_id: str
) -> int | None:
    """Latest year in the sidebar range in which the unit has a component score."""
    panel = data.panel(key, dataset, years, (unit_id,), COMPONENTS).dropna(subset=["value"])
    return int(panel.year.max()) if not panel.empty else None


@data.cached(max_entries=64)
def benchmarks(key: data.DbKey, dataset: str, unit_id: str, year: int) -> pd.DataFrame:
    """The unit's components against the mean and best of all units with a score that year."""
    from analysis.reports.unit_report import component_benchmarks

    panel = data.panel(key, dataset, (year, year), None, COMPONENTS)
    return component_benchmarks(panel, unit_id, year, COMPONENTS)


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
    """A markdown link for web sources, a plain note for documents archived as seeds."""
    url = str(row.url) if isinstance(row.url, str) else ""
    if url.startswith(("http://", "https://")):
        return f"[{url}]({url})"
    if url.startswith("seed:"):
        return t("pf_src_seed", file=url.removeprefix("seed:"))
    return url


def _date(value) -> str:
    return str(value) if isinstance(value, str) and value else t("pf_src_undated")


def initiative_groups(
    key: data.DbKey, unit_id: str, indicators: pd.DataFrame
) -> list[tuple[str, list[str]]]:
    """Initiatives grouped by source: (source line, item lines with kind, status, year, area, place)."""
    return _initiative_groups(key, unit_id, indicators, lang())


# Cached per language (the lines are translated); the profile page asks on every rerun.
@data.cached(max_entries=128)
def _initiative_groups(
    key: data.DbKey, unit_id: str, indicators: pd.DataFrame, language: str
) -> list[tuple[str, list[str]]]:
    ini = data.initiatives(key, unit_id)
    if ini.empty:
        return []
    srcs = data.sources(key).set_index("source_id")
    all_units = data.units(key, None)
    groups: list[tuple[str, list[str]]] = []
    for source_id, rows in ini.groupby("source_id", sort=False):
        if source_id in srcs.index:
            src = srcs.loc[source_id]
            head = t(
                "pf_init_source",
                title=src.title,
                publisher=src.publisher,
                date=_date(src.published_on),
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
                    name=r.name_vi,
                    kind=t(kind) if _has_text(kind) else r.kind,
                    status=t(status) if _has_text(status) else r.status,
                    year=r.year,
                    area=short(area) if area in COMPONENTS else indicator_name(indicators, area),
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
            title=r.title,
            publisher=r.publisher,
            date=_date(r.published_on),
            link=source_link(r),
        )
        for r in seen.itertuples(index=False)
    ]


def demo_counts(frame: pd.DataFrame) -> tuple[int, int]:
    """(equal to published, simulated only) among a unit's demo figures."""
    eq = int(frame.locator.fillna("").str.contains(EQUAL_MARK, regex=False).sum())
    return eq, len(frame) - eq


# === what-if ===============================================================================
WHATIF_FALLBACK_UNIT = "chuong_my"  # the unit with a published "rise 6–8 places" target


@data.cached(max_entries=64)
def year_scores(key: data.DbKey, dataset: str, year: int) -> pd.DataFrame:
    """All units' total and component scores of one year: index unit_id, one column each."""
    panel = data.panel(key, dataset, (year, year), None, INDICATORS)
    wide = panel.pivot(index="unit_id", columns="indicator_id", values="value")
    return wide.reindex(columns=list(INDICATORS)).astype(float)


def official_rank(key: data.DbKey, dataset: str, unit_id: str, year: int) -> int | None:
    """The unit's published (or simulated) rank on the total that year."""
    panel = data.panel(key, dataset, (year, year), (unit_id,), ("total",)).dropna(subset=["rank"])
    return int(panel["rank"].iloc[0]) if not panel.empty else None


def _simulatable(wide: pd.DataFrame) -> pd.Index:
    return wide.index[wide["total"].notna() & wide[list(COMPONENTS)].notna().any(axis=1)]


def simulatable_years(f, unit_id: str, available: list[int]) -> list[int]:
    """Years (of ``available``) in which the unit has a total and a component score."""
    return _simulatable_years(f.key, f.dataset, unit_id, tuple(available))


# Cached: the what-if page asks on every rerun and the answer only changes with the data.
@data.cached(max_entries=256)
def _simulatable_years(
    key: data.DbKey, dataset: str, unit_id: str, available: tuple[int, ...]
) -> list[int]:
    return [y for y in available if unit_id in _simulatable(year_scores(key, dataset, y))]


def cannot_why(wide: pd.DataFrame, unit_id: str) -> str | None:
    """Why a unit cannot be simulated in a year (None when it can)."""
    row = wide.loc[unit_id] if unit_id in wide.index else None
    has_total = row is not None and pd.notna(row["total"])
    has_comp = row is not None and bool(row[list(COMPONENTS)].notna().any())
    if has_total and has_comp:
        return None
    if has_total:
        return t("wi_why_no_components")
    return t("wi_why_no_total") if has_comp else t("wi_why_neither")


def simulatable_list(f, available: list[int]) -> str:
    """'Bắc Từ Liêm (2023)' for every unit-year of the sidebar's units that can be simulated."""
    units = data.units(f.key)
    found: dict[str, list[int]] = {}
    for y in available:
        for u in _simulatable(year_scores(f.key, f.dataset, y)):
            if u in f.unit_ids:
                found.setdefault(u, []).append(y)
    if not found:
        return t("wi_possible_none")
    items = "; ".join(
        f"{unit_name(units, u)} ({', '.join(map(str, ys))})" for u, ys in found.items()
    )
    return t("wi_possible", items=items)


@data.cached(max_entries=256)
def published_target(key: data.DbKey, unit_id: str) -> dict | None:
    """A published 'rise lo–hi places' target of the unit, with its source title."""
    obs = data.observations(key, "published", None, (unit_id,))
    rows = obs[obs.measure.isin(["target_rank_gain_min", "target_rank_gain_max"])]
    if rows.empty:
        return None
    lo = rows[rows.measure == "target_rank_gain_min"]
    hi = rows[rows.measure == "target_rank_gain_max"]
    year = int(rows.year.iloc[0])
    srcs = data.sources(key).set_index("source_id")
    sid = rows.source_id.iloc[0]
    return {
        "year": year,
        "prev": year - 1,
        "lo": int(lo.value.iloc[0]) if not lo.empty else int(hi.value.iloc[0]),
        "hi": int(hi.value.iloc[0]) if not hi.empty else int(lo.value.iloc[0]),
        "source": str(srcs.loc[sid].title) if sid in srcs.index else sid,
    }


# --- weights -------------------------------------------------------------------------------
@data.cached(max_entries=16)
def default_weights(key: data.DbKey) -> pd.DataFrame:
    """Published maximum points where known, equal shares of the remaining 100 otherwise."""
    from analysis.reports.unit_report import assumed_max_points

    ind = data.indicators(key).set_index("indicator_id")
    known = {c: ind.max_points.get(c) for c in COMPONENTS}
    return assumed_max_points(known, COMPONENTS, 100.0)


def weight_key(comp: str) -> str:
    """Session key of one weight input."""
    return f"wi_w_{comp}"


def seed_weights(defaults: pd.DataFrame) -> None:
    """Put the default weights into session state before the inputs are drawn (first time)."""
    for r in defaults.itertuples(index=False):
        st.session_state.setdefault(weight_key(r.component), float(r.max_points))


def reset_weights(defaults: pd.DataFrame) -> None:
    """Callback: back to the default weights."""
    for r in defaults.itertuples(index=False):
        st.session_state[weight_key(r.component)] = float(r.max_points)


def current_weights(defaults: pd.DataFrame) -> dict[str, float]:
    """The weights in use (from the inputs)."""
    return {
        r.component: float(st.session_state.get(weight_key(r.component), r.max_points))
        for r in defaults.itertuples(index=False)
    }


def weights_changed(defaults: pd.DataFrame, weights: dict[str, float]) -> bool:
    """True when the user moved any weight off its default."""
    # Inputs show two decimals; a weight re-typed as 13.14 for 92/7 is not a real change.
    return any(
        abs(weights[r.component] - float(r.max_points)) > 0.006
        for r in defaults.itertuples(index=False)
    )


@per_language
def weight_kinds(defaults: pd.DataFrame) -> dict[str, str]:
    """'published' or 'ASSUMED' for every area, by component (the page asks once a rerun)."""
    return {
        c: t("wi_weight_assumed") if bool(a) else t("wi_weight_published")
        for c, a in zip(defaults["component"], defaults["assumed"], strict=True)
    }


@per_language
def weights_plain(defaults: pd.DataFrame) -> str:
    """The plain-words explanation of the weights."""
    known = defaults[~defaults.assumed]
    assumed = defaults[defaults.assumed]
    rest = float(assumed.max_points.sum())
    return t(
        "wi_weights_plain",
        known=", ".join(
            t("wi_known_item", area=short(c), pts=num(p, 0))
            for c, p in zip(known.component, known.max_points, strict=True)
        ),
        k=len(assumed),
        rest=num(rest, 0),
        share=num(float(assumed.max_points.iloc[0]) if len(assumed) else math.nan),
        total=num(float(defaults.max_points.sum()), 0),
    )


# --- sliders and the simulation -------------------------------------------------------------
def slider_key(unit_id: str, year: int, comp: str) -> str:
    """Session key of one slider (per unit and year, so a new unit starts from its scores)."""
    return f"wi_s_{unit_id}_{year}_{comp}"


def seed_sliders(unit_id: str, year: int, current: dict[str, float]) -> None:
    """Start sliders at the unit's current scores (first time only)."""
    for comp, v in current.items():
        if pd.notna(v):
            st.session_state.setdefault(slider_key(unit_id, year, comp), round(float(v), 2))


def reset_sliders(unit_id: str, year: int, current: dict[str, float]) -> None:
    """Callback: sliders back to the current scores."""
    for comp, v in current.items():
        if pd.notna(v):
            st.session_state[slider_key(unit_id, year, comp)] = round(float(v), 2)


def simulate(
    wide: pd.DataFrame, unit_id: str, new: dict[str, float], weights: dict[str, float]
) -> dict:
    """Current and simulated total, rank and weighted mean of the components."""
    from analysis.stats.weighting import apply_changes, rank_of, recompute_total

    row = wide.loc[unit_id]
    current = {c: float(row[c]) for c in COMPONENTS if pd.notna(row[c])}
    total_points = sum(weights.values())
    now_total = float(row["total"])
    sim_total = apply_changes(now_total, current, new, weights, total_points)
    others = wide["total"].drop(index=unit_id).dropna()
    used = {c: weights[c] for c in current}
    return {
        "now_total": now_total,
        "sim_total": sim_total,
        "now_rank": rank_of(now_total, others),
        "sim_rank": rank_of(sim_total, others),
        "n": int(others.size + 1),
        "now_mean": recompute_total(current, used),
        "sim_mean": recompute_total({c: new.get(c, v) for c, v in current.items()}, used),
        "total_points": total_points,
    }


def metric_delta(d: float, decimals: int = 2) -> str | None:
    """A delta for st.metric: ASCII '-' so the arrow points the right way; None for no change."""
    if abs(d) < 0.5 * 10**-decimals:
        return None
    return f"{'+' if d > 0 else '-'}{num(abs(d), decimals)}"


def places_delta(now_rank: int, sim_rank: int) -> tuple[str | None, str]:
    """Metric delta for a rank move and its colour mode (up = good); None for no move."""
    k = now_rank - sim_rank
    if k == 0:
        return None, "off"
    return f"{'+' if k > 0 else '-'}{abs(k)} {t('wi_places')}", "normal"


def strip_frames(
    wide: pd.DataFrame, units: pd.DataFrame, unit_id: str, res: dict
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Other units' totals, and the unit now and simulated, for the position chart."""
    others = wide["total"].drop(index=unit_id).dropna()
    other = pd.DataFrame(
        {
            "unit_id": others.index,
            "name": [unit_name(units, u) for u in others.index],
            "value": others.to_numpy(),
        }
    )
    other["value_text"] = [num(v) for v in other.value]
    now, sim = t("wi_strip_now"), t("wi_strip_sim")
    marks = pd.DataFrame(
        {
            "series": [now, sim],
            "value": [res["now_total"], res["sim_total"]],
            "label": [
                t("wi_strip_label", what=now, rank=res["now_rank"]),
                t("wi_strip_label", what=sim, rank=res["sim_rank"]),
            ],
        }
    )
    marks["value_text"] = [num(v) for v in marks.value]
    return other, marks


def strip_summary(res: dict) -> str:
    """One line under the position chart."""
    return t(
        "wi_strip_summary",
        a=pct(res["now_total"]),
        b=pct(res["sim_total"]),
        d=signed(res["sim_total"] - res["now_total"]),
        r0=res["now_rank"],
        r1=res["sim_rank"],
        n=res["n"],
    )


def simulation_table(
    wide: pd.DataFrame, unit_id: str, new: dict[str, float], weights: dict, defaults: pd.DataFrame
) -> pd.DataFrame:
    """Per area: weight and its origin, current and simulated score, effect on the total."""
    row = wide.loc[unit_id]
    total_points = sum(weights.values())
    out = pd.DataFrame({"indicator_id": list(COMPONENTS)})
    out[t("wi_col_area")] = [short(c) for c in COMPONENTS]
    out[t("wi_col_weight")] = [round(weights[c], 2) for c in COMPONENTS]
    kinds = weight_kinds(defaults)
    out[t("wi_col_weight_kind")] = [kinds[c] for c in COMPONENTS]
    out[t("wi_col_current")] = [row[c] for c in COMPONENTS]
    out["simulated"] = [new.get(c, math.nan) for c in COMPONENTS]
    out["effect_on_total"] = [
        (new[c] - row[c]) * weights[c] / total_points if c in new and pd.notna(row[c]) else math.nan
        for c in COMPONENTS
    ]
    return out


# --- target rank ---------------------------------------------------------------------------
def default_target(now_rank: int) -> int:
    """Six places up (low end of a 'rise 6–8 places' target), or 1 near the top."""
    return max(1, int(now_rank) - 6)


def target_span(now_rank: int, info: dict) -> dict[str, int]:
    """Ranks a 'rise lo–hi places' target points to: {'a': now − lo, 'b': now − hi} (≥ 1)."""
    return {"a": max(1, now_rank - info["lo"]), "b": max(1, now_rank - info["hi"])}


def target_result(
    wide: pd.DataFrame, unit_id: str, target: int, weights: dict[str, float]
) -> pd.DataFrame:
    """Smallest change in each area alone to reach the target rank (others held fixed)."""
    from analysis.stats.weighting import target_changes

    return target_changes(unit_id, int(target), wide, weights, total_points=sum(weights.values()))


def target_holder(
    wide: pd.DataFrame, units: pd.DataFrame, unit_id: str, target: int
) -> tuple[str, float]:
    """The unit at place ``target`` when ``unit_id`` is left out, and its total."""
    others = wide["total"].drop(index=unit_id).dropna()
    order = sorted(others.index, key=lambda u: (-others[u], u))
    holder = order[min(target, len(order)) - 1]
    return unit_name(units, holder), float(others[holder])


def target_frames(res: pd.DataFrame, defaults: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Chart rows (name, change, status, label) and the download table of a target result."""
    yes, no = t("wi_feasible"), t("wi_infeasible")
    total_points = float(res.max_points.sum())
    rows = []
    for r in res.itertuples(index=False):
        if r.feasible:
            label = t("wi_label_feasible", change=num(r.change), required=pct(r.required))
        elif pd.isna(r.current):
            label = t("wi_label_missing")
        else:
            need = r.current + r.total_points_needed * total_points / r.max_points
            label = t("wi_label_infeasible", required=pct(need))
        rows.append(
            {
                "name": short(r.component),
                "change": r.change if r.feasible else math.nan,
                "status": yes if r.feasible else no,
                "label": label,
            }
        )
    chart = pd.DataFrame(rows)
    feasible_first = (
        chart.assign(_o=chart.change.fillna(math.inf)).sort_values("_o").drop(columns="_o")
    )
    table = pd.DataFrame(
        {
            t("wi_col_area"): [short(c) for c in res.component],
            t("wi_col_weight"): res.max_points.round(2),
            t("wi_col_weight_kind"): [weight_kinds(defaults)[c] for c in res.component],
            t("wi_col_current"): res.current.round(2),
            t("wi_col_required"): res.required.round(2),
            t("wi_col_change"): res.change.round(2),
            t("wi_col_feasible"): [t("wi_yes") if v else t("wi_no") for v in res.feasible],
            "total_points_needed": res.total_points_needed.round(4),
            "indicator_id": res.component,
        }
    )
    return feasible_first.reset_index(drop=True), table


def equal_weight_note(res: pd.DataFrame) -> bool:
    """True when two reachable areas share a weight (so they need the very same change)."""
    ok = res[res.feasible]
    return bool(ok.max_points.round(6).duplicated().any())


def target_summary(res: pd.DataFrame, unit: str, target: int) -> str:
    """One line under the target chart."""
    ok = res[res.feasible]
    if ok.empty:
        return t("wi_target_summary_none", unit=unit, target=target)
    easy = ok.loc[ok.change.idxmin()]
    return t(
        "wi_target_summary",
        k=len(ok),
        m=len(res),
        unit=unit,
        target=target,
        easy=short(easy.component),
        change=num(easy.change),
    )
