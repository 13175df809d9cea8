"""Cached correlation analysis, tables and texts of the components page."""

from __future__ import annotations

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
from ui import queries
from ui.i18n import indicator_name, num, per_language, signed, t, unit_name
from ui.labels import fmt_p, p_is, short

__all__ = [
    "INDICATORS",
    "METHODS",
    "HEAT_KEY",
    "HEAT_PARAM",
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
]

INDICATORS: tuple[str, ...] = INDICATOR_IDS
METHODS = ("spearman", "pearson")
_SYMBOL = {"spearman": "ρ", "pearson": "r"}
_NAME = {"spearman": "Spearman", "pearson": "Pearson"}
HEAT_KEY = "co_heat"
HEAT_PARAM = "co_cell"


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
@queries.cached(max_entries=128)
def corr_matrix(
    key: queries.DbKey, dataset: str, years: tuple[int, ...], unit_ids: tuple[str, ...], method: str
) -> pd.DataFrame:
    """Correlation matrix of the total and the eight areas (one year or pooled years)."""
    panel = queries.panel(key, dataset, (years[0], years[-1]), unit_ids, INDICATORS)
    return correlation_matrix(
        panel,
        list(years) if len(years) > 1 else years[0],
        method,
        indicators=INDICATORS,
        periods=queries.periods(key),
    )


@queries.cached(max_entries=128)
def pair_fit(
    key: queries.DbKey,
    dataset: str,
    years: tuple[int, ...],
    unit_ids: tuple[str, ...],
    x: str,
    y: str,
):
    """Points, OLS fit and the fitted line's end points of one pair."""
    panel = queries.panel(key, dataset, (years[0], years[-1]), unit_ids, INDICATORS)
    points, fit = pair_scatter(
        panel, x, y, list(years) if len(years) > 1 else years[0], periods=queries.periods(key)
    )
    return points, fit, fitted_line(points)


@queries.cached(max_entries=128)
def separation(
    key: queries.DbKey, dataset: str, year: int, unit_ids: tuple[str, ...], k: int
) -> pd.DataFrame:
    """Top-k against bottom-k units on each area (Mann–Whitney, Holm)."""
    panel = queries.panel(key, dataset, (year, year), unit_ids, INDICATORS)
    return top_bottom_separation(panel, year, k=k, components=list(COMPONENT_IDS))


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
                "p": fmt_p(r.pvalue),
                "p_holm": fmt_p(r.p_holm),
                "p_bh": fmt_p(r.p_bh),
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


def units_with_components(key: queries.DbKey, dataset: str, unit_ids: tuple[str, ...]) -> str:
    """Units with any component score in the dataset and their years: 'Ba Đình (2022, 2023)'."""
    panel = queries.panel(key, dataset, None, unit_ids, COMPONENT_IDS).dropna(subset=["value"])
    if panel.empty:
        return t("co_none_units")
    units = queries.units(key)
    years = panel.groupby("unit_id")["year"].agg(
        lambda ys: ", ".join(str(y) for y in sorted(set(ys)))
    )
    return "; ".join(f"{unit_name(units, u)} ({ys})" for u, ys in years.items())


@queries.cached(max_entries=64)
def component_years(key: queries.DbKey, dataset: str, unit_ids: tuple[str, ...]) -> list[int]:
    """Years in which any of the units has a component score."""
    panel = queries.panel(key, dataset, None, unit_ids, COMPONENT_IDS).dropna(subset=["value"])
    return sorted({int(y) for y in panel.year})


@queries.cached(max_entries=64)
def n_totals(key: queries.DbKey, dataset: str, year: int, unit_ids: tuple[str, ...]) -> int:
    """How many units have a total score in the year."""
    panel = queries.panel(key, dataset, (year, year), unit_ids, ("total",))
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
        t("co_sep_label", d=signed(d), rb=num(rb, 2), p=fmt_p(p))
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
