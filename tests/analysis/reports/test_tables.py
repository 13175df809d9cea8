"""Integration tests of analysis.reports.tables on a synthetic panel (no database)."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.reports.tables import (
    CORR_COLUMNS,
    REPORT_COLUMNS,
    TREND_COLUMNS,
    YOY_REPORT_COLUMNS,
    corr_report,
    format_table,
    to_json_records,
    trend_report,
    yoy_report,
)
from analysis.stats.multiplicity import holm
from analysis.stats.result import INDICATOR_IDS
from analysis.stats.trend import unit_trends

YEARS = range(2019, 2025)


def make_synthetic_panel() -> pd.DataFrame:
    """30 units x 2019–2024 x 9 indicators from numpy default_rng(1); scores in %, 2 decimals.

    Each unit has a persistent level, every indicator loads on it, and scores drift up by
    about 0.8 points a year, so trends, correlations and changes all have something to find.
    """
    rng = np.random.default_rng(1)
    units = [f"u{i:02d}" for i in range(30)]
    level = rng.normal(0, 4, len(units))
    rows = []
    for j, ind in enumerate(INDICATOR_IDS):
        loading = rng.uniform(0.3, 1.0)
        for year in YEARS:
            noise = rng.normal(0, 2, len(units))
            values = np.clip(80 + j + loading * level + 0.8 * (year - 2019) + noise, 0, 100)
            rows += [
                {"unit_id": u, "year": year, "indicator_id": ind, "value": round(float(v), 2)}
                for u, v in zip(units, values, strict=True)
            ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return make_synthetic_panel()


@pytest.fixture(scope="module")
def sparse_panel(panel) -> pd.DataFrame:
    """Like the published data: most units have one figure (2023 totals), five have more."""
    keep = (panel["indicator_id"] == "total") & (
        (panel["year"] == 2023) | panel["unit_id"].isin(["u00", "u01", "u02", "u03", "u04"])
    )
    return panel[keep].reset_index(drop=True)


def test_synthetic_panel_shape(panel):
    assert len(panel) == 30 * 6 * 9
    assert panel["value"].between(0, 100).all()


# --- trend --------------------------------------------------------------------------------


def test_trend_report_columns_rows_and_values(panel):
    rep = trend_report(panel, 2019, 2024)
    assert tuple(rep.columns) == TREND_COLUMNS
    assert tuple(rep.columns[:10]) == REPORT_COLUMNS
    assert rep["scope"].tolist() == ["unit"] * 30 + ["citywide"]
    units = unit_trends(panel, "total", 2019, 2024)
    unit_rows = rep[rep["scope"] == "unit"]
    np.testing.assert_allclose(unit_rows["estimate"], units["slope_theil_sen"])
    np.testing.assert_allclose(unit_rows["statistic"], units["kendall_tau"])
    # 30 units over 6 years: the smallest possible Mann-Kendall p is 2/6! = 0.0028 and
    # Holm over 30 units lifts it to 0.083, so no per-unit p-value is reported at all.
    assert unit_rows["pvalue"].isna().all() and unit_rows["p_adjusted"].isna().all()
    assert unit_rows["note"].str.contains("No per-unit p-value").all()
    # 6 years: Sen's exact CI at level 1 - 12/720
    assert unit_rows["ci_level"].eq(1 - 12 / 720).all()
    # one unit against scipy directly: scipy.stats.theilslopes(values, years).slope
    u = panel[(panel["unit_id"] == "u07") & (panel["indicator_id"] == "total")]
    u = u.sort_values("year")
    slope = stats.theilslopes(u["value"], u["year"]).slope
    assert rep.set_index("unit_id").loc["u07", "estimate"] == pytest.approx(slope)
    city = rep.iloc[-1]
    assert city["status"] == "ok" and city["n"] == 30
    assert city["effect_size_name"] == "mean_rank_correlation_with_year"
    wide = panel[panel["indicator_id"] == "total"].pivot(
        index="unit_id", columns="year", values="value"
    )
    # scipy.stats.page_trend_test(wide) (increasing) is < 1e-10 here, two-sided doubles it
    assert city["pvalue"] == pytest.approx(2 * stats.page_trend_test(wide.to_numpy()).pvalue)
    assert "3 method periods" in city["warning"]


def test_trend_report_without_crossing_periods_has_no_warning(panel):
    rep = trend_report(panel, 2021, 2023)
    assert rep["warning"].isna().all()
    assert (rep["n"].iloc[:-1] == 3).all()


# --- correlation ------------------------------------------------------------------------------


def test_corr_report_columns_rows_and_values(panel):
    rep = corr_report(panel, 2023, "pearson")
    assert tuple(rep.columns) == CORR_COLUMNS
    assert tuple(rep.columns[:10]) == REPORT_COLUMNS
    assert len(rep) == 36  # 9 indicators -> 9*8/2 pairs
    assert (rep["x"] != rep["y"]).all()
    wide = panel[panel["year"] == 2023].pivot(
        index="unit_id", columns="indicator_id", values="value"
    )
    row = rep.set_index("indicator").loc["institutions ~ procedures"]
    # scipy.stats.pearsonr(wide["institutions"], wide["procedures"]), live
    ref = stats.pearsonr(wide["institutions"], wide["procedures"])
    assert row["statistic"] == pytest.approx(ref.statistic)
    assert row["pvalue"] == pytest.approx(ref.pvalue)
    ci = ref.confidence_interval()
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((ci.low, ci.high))
    # the total's rows are corrected part-whole: procedures against the other seven
    part = rep.set_index("indicator").loc["procedures ~ mean of the other components"]
    others = wide.drop(columns=["total", "procedures"]).mean(axis=1)
    assert part["statistic"] == pytest.approx(stats.pearsonr(wide["procedures"], others).statistic)
    assert part["family"] == "part_whole"
    # Holm within each family (8 part-whole rows, 28 component pairs)
    for _, fam in rep.groupby("family"):
        np.testing.assert_allclose(fam["p_adjusted"], holm(fam["pvalue"]))
    assert rep["family"].value_counts().to_dict() == {"components": 28, "part_whole": 8}
    assert (rep["p_adjusted"] >= rep["pvalue"]).all()


def test_corr_report_pooled_spearman(panel):
    rep = corr_report(panel, None, "spearman")
    assert (rep["n"] == 180).all()
    assert rep["method"].str.contains("not independent").all()
    assert rep["effect_size_name"].eq("spearman_r").all()


# --- year over year -----------------------------------------------------------------------------


def test_yoy_report_columns_rows_and_values(panel):
    rep = yoy_report(panel, 2023, 2024)
    assert tuple(rep.columns) == YOY_REPORT_COLUMNS
    assert tuple(rep.columns[:10]) == REPORT_COLUMNS
    assert rep["indicator"].tolist() == list(INDICATOR_IDS)
    assert rep["warning"].str.contains("different methods").all()
    wide = panel[panel["indicator_id"] == "civil_service"].pivot(
        index="unit_id", columns="year", values="value"
    )
    row = rep.set_index("indicator").loc["civil_service"]
    # scipy.stats.ttest_rel(wide[2024], wide[2023]), live
    ref = stats.ttest_rel(wide[2024], wide[2023])
    assert row["statistic"] == pytest.approx(ref.statistic)
    assert row["pvalue"] == pytest.approx(ref.pvalue)
    d = np.round(wide[2024] - wide[2023], 10)
    # scipy.stats.wilcoxon(d) (no ties or zeros expected here, so exact), live
    assert row["p_wilcoxon"] == pytest.approx(stats.wilcoxon(d).pvalue)
    assert row["n_up"] + row["n_down"] + row["n_same"] == 30
    np.testing.assert_allclose(rep["p_adjusted"], holm(rep["pvalue"]))


def test_yoy_report_within_a_period_has_no_warning(panel):
    assert yoy_report(panel, 2021, 2022)["warning"].isna().all()


# --- sparse and empty data ----------------------------------------------------------------------


def test_reports_on_sparse_data_say_insufficient_and_do_not_crash(sparse_panel):
    trend = trend_report(sparse_panel)
    assert (
        trend.loc[~trend["unit_id"].isin(["u00", "u01", "u02", "u03", "u04"]), "status"]
        == "insufficient"
    ).all()
    assert trend["reason"].iloc[10] == "n = 1 years; at least 3 are needed"
    city = trend.iloc[-1]
    assert city["status"] == "insufficient"
    assert city["reason"] == (
        "units with a value in every year (25 of 30 dropped): "
        "n = 5 complete units; at least 6 are needed"
    )
    yoy = yoy_report(sparse_panel, 2022, 2023)
    assert yoy["status"].tolist() == ["insufficient"]
    assert yoy["reason"].iloc[0] == "n = 5 pairs; at least 6 are needed"
    corr = corr_report(sparse_panel, 2023)
    assert corr.empty  # one indicator only: no pairs to correlate


def test_reports_on_missing_components_list_insufficient_pairs(sparse_panel):
    with_components = pd.concat(
        [sparse_panel, sparse_panel.assign(indicator_id="procedures", value=np.nan)]
    )
    corr = corr_report(with_components, 2023)
    assert len(corr) == 1 and corr["status"].iloc[0] == "insufficient"
    assert corr["reason"].iloc[0] == "n = 0 complete pairs; at least 5 are needed"


@pytest.mark.parametrize("report", ["trend", "corr", "yoy"])
def test_reports_on_an_empty_panel(panel, report):
    empty = panel.iloc[:0]
    if report == "trend":
        out = trend_report(empty)
        assert out["scope"].tolist() == ["citywide"]
    elif report == "corr":
        out = corr_report(empty, 2023)
        assert len(out) == 36
    else:
        out = yoy_report(empty, 2023, 2024)
        assert len(out) == 9
    assert (out["status"] == "insufficient").all()
    assert out["reason"].notna().all()


# --- output helpers -------------------------------------------------------------------------------


def test_to_json_records_turns_nan_into_none_and_numpy_into_python(panel, sparse_panel):
    records = to_json_records(yoy_report(sparse_panel, 2022, 2023))
    rec = records[0]
    assert rec["pvalue"] is None and rec["warning"] is None
    assert type(rec["n"]) is int and rec["n"] == 5
    json.dumps(records)  # must not raise
    full = to_json_records(corr_report(panel, 2023))
    assert all(type(r["statistic"]) is float for r in full)
    assert all(not (isinstance(v, float) and math.isnan(v)) for r in full for v in r.values())


def test_format_table_is_fixed_width_with_4_significant_digits():
    df = pd.DataFrame(
        {
            "indicator": ["total", "procedures"],
            "n": [30, 4],
            "pvalue": [0.000123456, float("nan")],
            "method": ["x" * 80, None],
            "ok": [True, False],
        }
    )
    text = format_table(df, max_colwidth=20)
    lines = text.splitlines()
    assert lines[0].split() == ["indicator", "n", "pvalue", "method", "ok"]
    assert "0.0001235" in lines[2]  # 4 significant digits
    assert "NA" in lines[3]
    assert "x" * 19 + "…" in lines[2]
    # numbers are right-aligned: the n column ends at the same position on every line
    end = lines[0].index(" n") + 2
    assert lines[2][end - 2 : end] == "30" and lines[3][end - 1] == "4"


def test_format_table_of_a_report(panel):
    text = format_table(yoy_report(panel, 2023, 2024))
    assert text.splitlines()[0].startswith("indicator")
    assert len(text.splitlines()) == 2 + 9
