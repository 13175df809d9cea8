"""Tests for analysis.stats.trend."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analysis.stats.trend import (
    UNIT_TREND_COLUMNS,
    biggest_falls,
    citywide_direction,
    citywide_trend,
    most_improved,
    rank_movement,
    rank_stability,
    unit_trends,
)

Z975 = 1.959963984540054


def _long(values: dict[str, dict[int, float]], indicator: str = "total") -> pd.DataFrame:
    rows = [
        {"unit_id": u, "year": y, "indicator_id": indicator, "value": v}
        for u, by_year in values.items()
        for y, v in by_year.items()
    ]
    return pd.DataFrame(rows)


# --- unit_trends -------------------------------------------------------------------------


def test_unit_trend_hand_worked_four_years():
    panel = _long({"a": {2021: 80.0, 2022: 82.0, 2023: 81.0, 2024: 85.0}})
    row = unit_trends(panel).iloc[0]
    # hand: pairwise slopes 2, 0.5, 5/3, -1, 1.5, 4 -> median (1.5 + 5/3) / 2 = 1.583333
    # scipy.stats.theilslopes([80, 82, 81, 85], [2021..2024]) -> slope=1.58333, and a
    # "95%" CI (-1, 4) that covers only 1 - 2/4! = 92%: no interval is shown at 4 years.
    assert row["slope_theil_sen"] == pytest.approx((1.5 + 5 / 3) / 2)
    assert math.isnan(row["ci_low"]) and math.isnan(row["ci_high"])
    assert math.isnan(row["ci_level"])
    # hand: Sxy = 7, Sxx = 5 -> OLS slope 1.4
    assert row["slope_ols"] == pytest.approx(1.4)
    # linregress stderr = 0.64807407; t(0.975, 2) = 4.30265273 -> 1.4 -/+ 2.78843798
    lr = stats.linregress([2021, 2022, 2023, 2024], [80, 82, 81, 85])
    half = stats.t.ppf(0.975, 2) * lr.stderr
    assert (row["ols_ci_low"], row["ols_ci_high"]) == pytest.approx((1.4 - half, 1.4 + half))
    assert half == pytest.approx(2.7884379759, rel=1e-6)
    # hand: 5 concordant, 1 discordant -> tau = 4/6; exact p = 2 * 4/24 = 1/3
    # scipy.stats.kendalltau([2021..2024], [80, 82, 81, 85]) -> 0.666667, pvalue=0.333333
    assert row["kendall_tau"] == pytest.approx(4 / 6)
    # ... but with 4 years no p can reach 0.05 (2/4! = 0.083), so none is shown
    assert math.isnan(row["pvalue"]) and math.isnan(row["p_adjusted"])
    assert "No per-unit p-value" in row["note"]
    assert row["n"] == 4 and row["status"] == "ok"
    assert "descriptive" in row["method"]
    assert "almost no power" in row["note"]


def test_unit_trends_columns():
    panel = _long({"a": {2021: 80.0, 2022: 82.0, 2023: 81.0}})
    assert tuple(unit_trends(panel).columns) == UNIT_TREND_COLUMNS
    assert list(UNIT_TREND_COLUMNS[:16]) == [
        "unit_id",
        "n",
        "slope_theil_sen",
        "ci_low",
        "ci_high",
        "slope_ols",
        "ols_ci_low",
        "ols_ci_high",
        "kendall_tau",
        "pvalue",
        "p_adjusted",
        "ci_level",
        "method",
        "warning",
        "status",
        "reason",
    ]


@pytest.mark.parametrize(("n_years", "status"), [(2, "insufficient"), (3, "ok")])
def test_unit_trend_needs_3_years(n_years, status):
    years = [2021, 2022, 2023][:n_years]
    panel = _long({"a": {y: 80.0 + i * 1.5 + (i == 1) for i, y in enumerate(years)}})
    row = unit_trends(panel).iloc[0]
    assert row["status"] == status
    if status == "insufficient":
        assert row["reason"] == "n = 2 years; at least 3 are needed"
        assert math.isnan(row["slope_theil_sen"])
    else:
        # scipy.stats.theilslopes([80, 82.5, 83], [2021, 2022, 2023]) -> slope=1.5
        assert row["slope_theil_sen"] == pytest.approx(1.5)


def test_unit_trends_skip_missing_years_and_respect_the_range():
    panel = _long(
        {
            "a": {2019: 70.0, 2020: np.nan, 2021: 74.0, 2022: 73.0, 2023: 78.0},
            "b": {2019: 60.0},
        }
    )
    out = unit_trends(panel, year_from=2021).set_index("unit_id")
    assert out.loc["a", "n"] == 3
    # scipy.stats.theilslopes([74, 73, 78], [2021, 2022, 2023]) -> slope=2.0
    assert out.loc["a", "slope_theil_sen"] == pytest.approx(2.0)
    # a unit with no value in range still gets a row
    assert out.loc["b", "n"] == 0 and out.loc["b", "status"] == "insufficient"


def test_unit_trend_warns_when_years_cross_a_method_period():
    panel = _long(
        {"a": {2019: 80.0, 2020: 81.0, 2021: 83.0}, "b": {2021: 1.0, 2022: 2.0, 2023: 4.0}}
    )
    out = unit_trends(panel).set_index("unit_id")
    assert "2017–2020 framework" in out.loc["a", "warning"]
    assert out.loc["b", "warning"] is None


def test_unit_trend_flat_series_has_a_reason_not_a_silent_nan():
    row = unit_trends(_long({"a": {2021: 80.0, 2022: 80.0, 2023: 80.0}})).iloc[0]
    assert row["slope_theil_sen"] == 0.0 and math.isnan(row["kendall_tau"])
    assert "Kendall tau is undefined" in row["reason"]


# --- citywide_trend -----------------------------------------------------------------------


def _citywide_panel(orders: list[list[float]], years=(2021, 2022, 2023)) -> pd.DataFrame:
    return _long({f"u{i}": dict(zip(years, vals, strict=True)) for i, vals in enumerate(orders)})


def test_citywide_perfect_agreement_hand_worked():
    panel = _citywide_panel([[80.0 + i, 81.0 + i, 83.0 + i] for i in range(6)])
    res = citywide_trend(panel)
    # hand: each unit ranks the years 1, 2, 3 -> L = 1*6 + 2*12 + 3*18 = 84;
    # exact one-sided p = (1/6)^6, two-sided 2/46656; every unit rises every year, so the
    # mean rank correlation with the year is 1
    assert res.statistic == 84.0
    assert res.pvalue == pytest.approx(2 / 6**6)
    assert res.effect_size == pytest.approx(1.0)
    assert res.effect_size_name == "mean_rank_correlation_with_year"
    assert "Page" in res.method and res.n == 6


def test_citywide_mixed_orders_match_scipy_and_hand_worked_w():
    orders = [[80.0, 81.0, 82.0]] * 4 + [[81.0, 80.0, 82.0]] * 2
    res = citywide_trend(_citywide_panel(orders), alternative="increasing")
    # hand: rank sums (8, 10, 18); L = 8 + 20 + 54 = 82
    # scipy.stats.page_trend_test(matrix) -> statistic=82.0 (pvalue computed live)
    ref = stats.page_trend_test(np.array(orders))
    assert res.statistic == 82.0 == ref.statistic
    assert res.pvalue == pytest.approx(ref.pvalue)
    # the effect size is the mean over units of spearmanr(year, score): 4 units at 1 and
    # 2 at 0.5 (ranks 2 1 3) -> 5/6; scipy.stats.spearmanr per unit, live
    rhos = [stats.spearmanr([1, 2, 3], row).statistic for row in orders]
    assert res.effect_size == pytest.approx(np.mean(rhos)) == pytest.approx(5 / 6)


def test_page_reproduces_scipy_doc_example():
    # scipy.stats.page_trend_test docs (10 students rate 3 methods, Page's own example):
    # page_trend_test(table) -> statistic=133.5, pvalue=0.0018191161948127822, exact.
    # Students are our units (blocks), methods our years (ordered treatments).
    table = [[3, 4, 3], [2, 2, 4], [3, 3, 5], [1, 3, 2], [2, 3, 2],
             [2, 4, 5], [1, 2, 4], [3, 4, 4], [2, 4, 5], [1, 3, 4]]  # fmt: skip
    res = citywide_trend(_citywide_panel(table), alternative="increasing")
    assert res.statistic == 133.5
    assert res.pvalue == pytest.approx(0.0018191161948127822, rel=1e-12)
    assert res.n == 10


def test_page_uses_the_exact_distribution_with_3_or_4_years():
    # SciPy's "auto" switches to the normal approximation from 13 units, which rejects up
    # to 5.7% of true nulls with 4 years; scipy.stats.page_trend_test(m, method="exact")
    rng = np.random.default_rng(9)
    matrix = rng.normal(80, 2, (15, 4)).round(2)
    res = citywide_trend(
        _citywide_panel(matrix.tolist(), years=(2020, 2021, 2022, 2023)), alternative="increasing"
    )
    assert res.pvalue == pytest.approx(stats.page_trend_test(matrix, method="exact").pvalue)
    assert "exact" in res.method


def test_theil_sen_slope_matches_scipy_and_its_interval_is_exact():
    # scipy.stats.theilslopes(y, x) on the years of the app: the same slope, and the CI
    # from the exact distribution (level >= 0.95 at 5+ years, none at 3 or 4).
    years = [2019, 2020, 2021, 2022, 2023, 2024]
    y = [80.0, 82.5, 81.0, 84.0, 83.2, 86.1]
    row = unit_trends(_long({"a": dict(zip(years, y, strict=True))})).iloc[0]
    assert row["slope_theil_sen"] == pytest.approx(stats.theilslopes(y, years).slope)
    slopes = sorted(
        (y[j] - y[i]) / (years[j] - years[i]) for i in range(6) for j in range(i + 1, 6)
    )
    # n = 6: P(D <= 1) = (1 + 5)/720, so [slope_(1), slope_(13)] covers 1 - 12/720
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((slopes[1], slopes[13]))
    assert row["ci_level"] == pytest.approx(1 - 12 / 720)


def test_citywide_direction_comes_from_the_test_not_the_median_slope():
    # The panel: 16 units zig-zag up slightly, 14 fall steadily. The median
    # Theil-Sen slope is positive, but Page's L finds the fall: say nothing directional.
    years = [2019, 2020, 2021, 2022, 2023, 2024]
    zigzag = [80.3, 80.0, 80.9, 80.1, 80.8, 80.2]  # Theil-Sen +0.05/year, rho 0.09
    falling = [85.0, 84.0, 83.0, 82.0, 81.0, 80.0]
    units = {f"z{i:02d}": dict(zip(years, zigzag, strict=True)) for i in range(16)}
    units |= {f"f{i:02d}": dict(zip(years, falling, strict=True)) for i in range(14)}
    res = citywide_trend(_long(units))
    assert res.estimate > 0  # median slope says "rise"
    assert res.effect_size < 0 and res.pvalue < 0.05  # the test says "fall"
    assert citywide_direction(res) is None
    # When both agree, the direction is the test's
    rising = _long({f"u{i}": {y: 80.0 + i + (y - 2019) * 0.5 for y in years} for i in range(8)})
    assert citywide_direction(citywide_trend(rising)) == "rise"
    falls = _long({f"u{i}": {y: 80.0 + i - (y - 2019) * 0.5 for y in years} for i in range(8)})
    assert citywide_direction(citywide_trend(falls)) == "fall"


def test_citywide_two_sided_doubles_the_smaller_one_sided_p():
    rng = np.random.default_rng(2)
    orders = [list(80 + rng.normal(0, 1, 4) - 0.5 * np.arange(4)) for _ in range(8)]
    panel = _citywide_panel(orders, years=(2020, 2021, 2022, 2023))
    matrix = np.array(orders)
    # scipy.stats.page_trend_test(matrix, predicted_ranks=[4, 3, 2, 1]) for the decrease
    inc = stats.page_trend_test(matrix).pvalue
    dec = stats.page_trend_test(matrix, predicted_ranks=[4, 3, 2, 1]).pvalue
    assert citywide_trend(panel).pvalue == pytest.approx(min(1.0, 2 * min(inc, dec)))
    assert citywide_trend(panel, alternative="decreasing").pvalue == pytest.approx(dec)
    assert citywide_trend(panel).warning.startswith("The years 2020–2023 span 2")
    with pytest.raises(ValueError):
        citywide_trend(panel, alternative="up")


@pytest.mark.parametrize(("n_units", "status"), [(5, "insufficient"), (6, "ok")])
def test_citywide_needs_6_complete_units(n_units, status):
    orders = [[80.0 + i, 81.0 + i * 0.5, 83.0 - i * 0.2] for i in range(6)]
    orders[5] = [80.0, np.nan, 82.0] if n_units == 5 else orders[5]
    res = citywide_trend(_citywide_panel(orders))
    assert res.status == status
    if status == "insufficient":
        assert res.reason == (
            "units with a value in every year (1 of 6 dropped): "
            "n = 5 complete units; at least 6 are needed"
        )
        assert "1 of 6 units dropped" in res.warning


def test_citywide_needs_3_years():
    panel = _citywide_panel([[80.0 + i, 81.0] for i in range(8)], years=(2022, 2023))
    res = citywide_trend(panel)
    assert res.status == "insufficient"
    assert res.reason == "2 year(s) with data in 2022–2023; at least 3 are needed"
    assert res.statistic is None and res.pvalue is None


def test_citywide_reports_dropped_units_in_warning():
    orders = [[80.0 + i, 81.0 + i, 83.0 + i] for i in range(7)]
    orders[6] = [80.0, np.nan, 82.0]
    res = citywide_trend(_citywide_panel(orders))
    assert res.status == "ok" and res.n == 6
    assert res.warning == "1 of 7 units dropped: no value in every year of 2021–2023"


# --- rank_stability -----------------------------------------------------------------------


def _two_year_panel(a: list[float], b: list[float], rank_col=None) -> pd.DataFrame:
    units = [f"u{i}" for i in range(len(a))]
    panel = pd.DataFrame(
        {
            "unit_id": units * 2,
            "year": [2022] * len(a) + [2023] * len(b),
            "indicator_id": "total",
            "value": a + b,
        }
    )
    if rank_col is not None:
        panel["rank"] = rank_col
    return panel


def test_rank_stability_hand_worked():
    panel = _two_year_panel([6.0, 5, 4, 3, 2, 1], [5.0, 6, 4, 3, 1, 2])
    tau, rho = rank_stability(panel, 2022, 2023)
    # ranks a = 1..6, b = 2 1 3 4 6 5: 2 discordant of 15 pairs -> tau = 11/15
    # scipy.stats.kendalltau(a, b) -> statistic=0.733333
    assert tau.estimate == pytest.approx(11 / 15)
    assert tau.pvalue == pytest.approx(
        stats.kendalltau([1, 2, 3, 4, 5, 6], [2, 1, 3, 4, 6, 5]).pvalue
    )
    # 6 units: no interval (below 10 units they cover far less than 95%)
    assert tau.ci_low is None and rho.ci_high is None
    assert "no interval" in tau.reason and "no interval below 10 units" in rho.reason
    # sum d^2 = 4 -> rho = 1 - 6*4/(6*35) = 0.885714; scipy.stats.spearmanr -> 0.885714
    assert rho.estimate == pytest.approx(1 - 24 / 210)
    # hand: pairings of 6 with sum d^2 <= 4: 1 + 5 + 10 (two disjoint adjacent swaps)...;
    # computed by scipy.stats.permutation_test(..., permutation_type="pairings"), live
    ref = stats.permutation_test(
        (np.array([2.0, 1, 3, 4, 6, 5]),),
        lambda v: stats.spearmanr([1, 2, 3, 4, 5, 6], v).statistic,
        permutation_type="pairings",
        n_resamples=np.inf,
    )
    assert rho.pvalue == pytest.approx(ref.pvalue)
    assert (tau.effect_size_name, rho.effect_size_name) == ("kendall_tau_b", "spearman_rho")


def test_rank_stability_intervals_from_10_units():
    a = [float(v) for v in range(12)]
    b = [1.0, 0, 2, 3, 5, 4, 6, 7, 9, 8, 11, 10]
    tau, rho = rank_stability(_two_year_panel(a, b), 2022, 2023)
    # tau-b: no interval (Fisher z with Fieller's SE covers 92.5% at n = 12 for strongly
    # related rankings, bench/stats_simulation.py); Bonett & Wright for rho
    assert tau.ci_low is None and "Kendall's tau" in tau.reason
    se = math.sqrt((1 + rho.estimate**2 / 2) / 9)
    assert rho.ci_high == pytest.approx(math.tanh(math.atanh(rho.estimate) + Z975 * se))


def test_rank_stability_uses_tau_b_with_ties():
    a = [90.0, 90.0, 85.0, 80.0, 75.0, 70.0, 65.0]
    b = [88.0, 86.0, 86.0, 70.0, 79.0, 71.0, 60.0]
    tau, _ = rank_stability(_two_year_panel(a, b), 2022, 2023)
    ra = stats.rankdata([-v for v in a], method="min")
    rb = stats.rankdata([-v for v in b], method="min")
    # scipy.stats.kendalltau(ra, rb, variant="b"), live
    assert tau.estimate == pytest.approx(stats.kendalltau(ra, rb, variant="b").statistic)


def test_rank_stability_prefers_a_given_rank_column():
    a, b = [1.0] * 5, [1.0] * 5
    ranks = [1, 2, 3, 4, 5, 2, 1, 3, 5, 4]
    tau, rho = rank_stability(_two_year_panel(a, b, ranks), 2022, 2023)
    # scipy.stats.spearmanr([1..5], [2, 1, 3, 5, 4]) -> 0.8
    assert rho.estimate == pytest.approx(0.8)
    assert tau.status == "ok"


@pytest.mark.parametrize(("n", "status"), [(4, "insufficient"), (5, "ok")])
def test_rank_stability_needs_5_units(n, status):
    a = [float(v) for v in range(n)]
    b = [float(v) for v in (1, 0, 2, 4, 3)[:n]]
    results = rank_stability(_two_year_panel(a, b), 2022, 2023)
    assert [r.status for r in results] == [status, status]
    if status == "insufficient":
        assert results[0].reason == "units ranked in both years: n = 4 units; at least 5 are needed"


def test_rank_stability_warns_across_periods():
    panel = _two_year_panel([6.0, 5, 4, 3, 2, 1], [5.0, 6, 4, 3, 1, 2])
    panel["year"] = panel["year"].map({2022: 2023, 2023: 2024})
    tau, _ = rank_stability(panel, 2023, 2024)
    assert "bonus/penalty item" in tau.warning


# --- rank_movement ------------------------------------------------------------------------


def test_rank_movement_hand_worked():
    panel = _two_year_panel([90.0, 80.0, 70.0, 60.0], [85.0, 88.0, 70.0, 75.0])
    mv = rank_movement(panel, 2022, 2023)
    assert list(mv.columns) == [
        "unit_id",
        "rank_a",
        "rank_b",
        "change",
        "score_a",
        "score_b",
        "delta",
    ]
    # 2022 ranks: u0 1, u1 2, u2 3, u3 4; 2023: u1 1, u0 2, u3 3, u2 4
    # change = rank_a - rank_b: u0 -1, u1 +1, u2 -1, u3 +1; delta: u0 -5, u1 8, u2 0, u3 15
    # sorted by change, then delta (both descending): u3, u1, u2, u0
    assert mv["unit_id"].tolist() == ["u3", "u1", "u2", "u0"]
    assert mv["change"].tolist() == [1.0, 1.0, -1.0, -1.0]
    assert mv["delta"].tolist() == [15.0, 8.0, 0.0, -5.0]
    assert most_improved(mv, 1)["unit_id"].tolist() == ["u3"]
    assert biggest_falls(mv, 5)["unit_id"].tolist() == ["u0", "u2"]


def test_rank_movement_only_units_in_both_years():
    panel = _two_year_panel([90.0, 80.0, np.nan], [85.0, np.nan, 70.0])
    assert rank_movement(panel, 2022, 2023)["unit_id"].tolist() == ["u0"]


def test_most_improved_and_biggest_falls_order():
    mv = pd.DataFrame(
        {
            "unit_id": ["a", "b", "c", "d", "e"],
            "change": [3.0, 3.0, 0.0, -1.0, -4.0],
            "delta": [1.0, 2.0, 0.0, -0.5, -2.0],
        }
    )
    assert most_improved(mv, 5)["unit_id"].tolist() == ["b", "a"]
    assert biggest_falls(mv, 1)["unit_id"].tolist() == ["e"]


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(st.randoms(), st.integers(min_value=0, max_value=2**16))
def test_trend_results_do_not_depend_on_the_order_of_units(rnd, seed):
    rng = np.random.default_rng(seed)
    values = {
        f"u{i:02d}": {
            y: round(float(80 + rng.normal(0, 3) + 0.5 * (y - 2021)), 2) for y in range(2021, 2025)
        }
        for i in range(8)
    }
    panel = _long(values)
    idx = list(panel.index)
    rnd.shuffle(idx)
    shuffled = panel.loc[idx]
    pd.testing.assert_frame_equal(unit_trends(panel), unit_trends(shuffled))
    assert citywide_trend(panel) == citywide_trend(shuffled)
    assert rank_stability(panel, 2021, 2024) == rank_stability(shuffled, 2021, 2024)
