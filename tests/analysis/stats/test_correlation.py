"""Tests for analysis.stats.correlation."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis.stats.correlation import (
    bootstrap_ci,
    component_rest_association,
    correlate,
    correlation_matrix,
    fisher_z_ci,
    fitted_line,
    pair_scatter,
    spearman_edgeworth_p,
    spearman_exact_p,
    top_bottom_separation,
)

X = [62.0, 70.5, 68.2, 75.1, 80.3, 77.4, 71.9, 66.0]
Y = [55.2, 61.0, 64.3, 66.8, 72.5, 70.1, 60.2, 63.9]
Z975 = 1.959963984540054


def _panel_from(columns: dict[str, list[float]], year: int = 2023) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    units = [f"u{i:02d}" for i in range(n)]
    rows = [
        {"unit_id": u, "year": year, "indicator_id": ind, "value": v}
        for ind, vals in columns.items()
        for u, v in zip(units, vals, strict=True)
    ]
    return pd.DataFrame(rows)


# --- correlate and Fisher z -------------------------------------------------------------


def test_pearson_matches_scipy_including_fisher_ci():
    res = correlate(X, Y, "pearson")
    # scipy.stats.pearsonr(X, Y) -> statistic=0.86810246, pvalue=0.00518403
    assert res.estimate == pytest.approx(0.8681024587538791)
    assert res.pvalue == pytest.approx(0.005184034089923098)
    # scipy.stats.pearsonr(X, Y).confidence_interval() (Fisher z) -> (0.42091538, 0.97583159)
    assert res.ci_low == pytest.approx(0.42091538237901743)
    assert res.ci_high == pytest.approx(0.9758315873963401)
    assert res.n == 8 and res.effect_size_name == "pearson_r"


def _brute_force_spearman_p(x, y) -> float:
    """Two-sided permutation p of Spearman's rho over all n! pairings (independent code)."""
    rx, ry = stats.rankdata(x), stats.rankdata(y)
    observed = stats.pearsonr(rx, ry).statistic
    rhos = [
        stats.pearsonr(rx, ry[list(p)]).statistic for p in itertools.permutations(range(len(rx)))
    ]
    upper = np.mean(np.array(rhos) >= observed - 1e-12)
    lower = np.mean(np.array(rhos) <= observed + 1e-12)
    return min(1.0, 2 * min(upper, lower))


def test_spearman_matches_hand_worked_rank_formula_exact_p_and_bonett_wright_ci():
    res = correlate(X, Y, "spearman")
    # hand: rank differences 0 1 -2 0 0 0 3 -2, sum d^2 = 18; rho = 1 - 6*18/(8*63) = 0.785714
    assert res.estimate == pytest.approx(1 - 6 * 18 / (8 * 63))
    # n = 8: exact permutation p (all 40320 pairings), not SciPy's t approximation 0.0208
    assert res.pvalue == pytest.approx(_brute_force_spearman_p(X, Y))
    assert res.pvalue == pytest.approx(0.027926587301587303)
    # n = 8 < 10: no interval (Fisher-z intervals of rho cover far below 95% there)
    assert res.ci_low is None and res.ci_high is None
    assert "no interval for rho below 10" in res.reason
    assert "exact" in res.method


def test_spearman_ci_is_bonett_wright_from_10_observations():
    rng = np.random.default_rng(6)
    x = rng.normal(size=14)
    y = x + rng.normal(size=14)
    res = correlate(x, y, "spearman")
    # Bonett & Wright (2000): tanh(atanh(rho) -/+ 1.959964 * sqrt((1 + rho^2/2) / (n - 3)))
    se = math.sqrt((1 + res.estimate**2 / 2) / 11)
    assert res.ci_low == pytest.approx(math.tanh(math.atanh(res.estimate) - Z975 * se))
    assert res.ci_high == pytest.approx(math.tanh(math.atanh(res.estimate) + Z975 * se))
    assert "Bonett & Wright" in res.method


def test_spearman_reproduces_r_cor_test_example():
    # R: x <- c(44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1)
    #    y <- c( 2.6,  3.1,  2.5,  5.0,  3.6,  4.0,  5.2,  2.8,  3.8)
    #    cor.test(x, y, method = "spearman") -> S = 48, p-value = 0.0968, rho = 0.6
    x = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1]
    y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8]
    res = correlate(x, y, "spearman")
    assert res.estimate == pytest.approx(0.6)
    assert res.pvalue == pytest.approx(0.0968, abs=5e-5)


def test_spearman_at_n_5_is_not_overstated():
    # The case: rho = 0.9 at n = 5 had t-approximation p = 0.037; exact p = 0.083
    # (2 * 5/120: the identity and the four pairings one swap away reach |rho| >= 0.9).
    res = correlate([1, 2, 3, 4, 5], [1, 2, 3, 5, 4], "spearman")
    assert res.estimate == pytest.approx(0.9)
    assert res.pvalue == pytest.approx(10 / 120)


def test_spearman_with_ties_matches_scipy_exact_permutation_test():
    xt = [1.0, 1, 2, 3, 4, 5, 6, 7]
    yt = [1.0, 2, 2, 3, 5, 4, 4, 6]
    res = correlate(xt, yt, "spearman")
    # scipy.stats.spearmanr(xt, yt) -> statistic=0.90304689
    assert res.estimate == pytest.approx(0.9030468880657606)
    # scipy.stats.permutation_test((xt,), rho, permutation_type="pairings",
    #     n_resamples=inf) enumerates all 8! pairings exactly
    ref = stats.permutation_test(
        (np.array(yt),),
        lambda v: stats.spearmanr(xt, v).statistic,
        permutation_type="pairings",
        n_resamples=np.inf,
    )
    assert res.pvalue == pytest.approx(ref.pvalue, rel=1e-9)


def test_spearman_edgeworth_p_is_close_to_the_exact_p_where_both_exist():
    # AS 89's Edgeworth series (R's cor.test for 10 <= n <= 1290) against the exact
    # enumeration at n = 9, where the t approximation is off by up to 0.009
    rng = np.random.default_rng(1)
    for _ in range(20):
        x, y = rng.permutation(9), rng.permutation(9)
        rho = stats.spearmanr(x, y).statistic
        exact = spearman_exact_p(x, y)
        assert spearman_edgeworth_p(rho, 9) == pytest.approx(exact, abs=0.0025)


def test_spearman_from_10_uses_the_edgeworth_p():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=12), rng.normal(size=12)
    res = correlate(x, y, "spearman")
    assert res.pvalue == pytest.approx(spearman_edgeworth_p(res.estimate, 12))
    assert "Edgeworth" in res.method


def test_p_and_interval_that_disagree_are_flagged():
    # n = 10, rho = -0.66: Edgeworth p = 0.039 < 0.05 but the Bonett-Wright interval
    # (-0.93 to 0.005) includes 0. The result must say so rather than show both silently.
    res = correlate(range(10), [9, 3, 8, 7, 6, 5, 0, 2, 1, 4], "spearman")
    assert res.pvalue < 0.05 and res.ci_high > 0
    assert "disagree" in res.warning


@pytest.mark.parametrize(
    ("r", "n", "kind", "se"),
    [
        (0.5, 28, "pearson", 1 / 5),
        (0.3, 12, "spearman", math.sqrt((1 + 0.3**2 / 2) / 9)),
        (-0.6, 13, "kendall", math.sqrt(0.437 / 9)),
    ],
)
def test_fisher_z_ci_hand_worked(r, n, kind, se):
    low, high = fisher_z_ci(r, n, kind)
    # tanh(atanh(r) -/+ 1.959964 * se)
    assert low == pytest.approx(math.tanh(math.atanh(r) - Z975 * se))
    assert high == pytest.approx(math.tanh(math.atanh(r) + Z975 * se))


def test_fisher_z_ci_degenerate_cases():
    assert fisher_z_ci(1.0, 10) == (1.0, 1.0)
    assert all(math.isnan(v) for v in fisher_z_ci(0.5, 3))
    with pytest.raises(ValueError):
        fisher_z_ci(0.5, 10, "tau")


@pytest.mark.parametrize(("n", "status"), [(4, "insufficient"), (5, "ok")])
def test_correlation_needs_5_complete_pairs(n, status):
    res = correlate(X[:n], Y[:n])
    assert res.status == status
    if status == "insufficient":
        assert res.reason == "n = 4 complete pairs; at least 5 are needed"
        assert res.estimate is None and res.pvalue is None
    else:
        # scipy.stats.pearsonr(X[:5], Y[:5]) -> statistic=0.95254426, pvalue=0.01232115
        assert res.estimate == pytest.approx(0.9525442587534312)
        assert res.pvalue == pytest.approx(0.012321147668918198)


def test_missing_values_are_dropped_pairwise():
    xs = [*X, np.nan, 70.0]
    ys = [*Y, 60.0, np.nan]
    res = correlate(xs, ys)
    assert res.n == 8
    assert res.estimate == pytest.approx(0.8681024587538791)


def test_constant_variable_is_insufficient_with_no_variation():
    res = correlate([70.0] * 8, Y)
    assert res.status == "insufficient"
    assert res.reason.startswith("no variation")


def test_unknown_method_is_a_programming_error():
    with pytest.raises(ValueError):
        correlate(X, Y, "kendall")


# --- correlation_matrix -----------------------------------------------------------------


def _three_indicator_panel() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    base = rng.normal(80, 5, 12)
    cols = {
        "total": base,
        "procedures": base * 0.5 + rng.normal(0, 3, 12),
        "direction": rng.normal(85, 4, 12),
    }
    return _panel_from({k: [round(float(v), 2) for v in vals] for k, vals in cols.items()})


def test_matrix_has_one_row_per_unordered_pair_and_matches_scipy():
    panel = _three_indicator_panel()
    cm = correlation_matrix(panel, 2023)
    assert list(cm.columns) == [
        "x",
        "y",
        "n",
        "r",
        "pvalue",
        "ci_low",
        "ci_high",
        "p_holm",
        "p_bh",
        "method",
        "warning",
        "status",
        "reason",
        "family",
    ]
    assert list(zip(cm["x"], cm["y"], strict=True)) == [
        ("total", "direction"),
        ("total", "procedures"),
        ("direction", "procedures"),
    ]
    assert cm["family"].tolist() == ["part_whole", "part_whole", "components"]
    wide = panel.pivot(index="unit_id", columns="indicator_id", values="value")
    for _, row in cm.iterrows():
        # scipy.stats.pearsonr(x, y), live; a (total, component) row correlates the
        # component with the mean of the other components (here the one other component)
        if row["family"] == "part_whole":
            comp = row["y"]
            other = "procedures" if comp == "direction" else "direction"
            ref = stats.pearsonr(wide[comp], wide[other])
            assert "part–whole" in row["method"]
        else:
            ref = stats.pearsonr(wide[row["x"]], wide[row["y"]])
        assert row["r"] == pytest.approx(ref.statistic)
        assert row["pvalue"] == pytest.approx(ref.pvalue)
    # statsmodels.stats.multitest.multipletests(p, method="holm" / "fdr_bh")[1], within
    # each family: the part-whole rows are not in the family of component pairs
    for _, part in cm.groupby("family"):
        np.testing.assert_allclose(part["p_holm"], multipletests(part["pvalue"], method="holm")[1])
        np.testing.assert_allclose(part["p_bh"], multipletests(part["pvalue"], method="fdr_bh")[1])
    assert "pooled" not in cm["method"].iloc[0]


def test_part_whole_rows_use_the_mean_of_the_other_components():
    rng = np.random.default_rng(4)
    comps = {c: rng.normal(80, 4, 15).round(2) for c in ("procedures", "direction", "institutions")}
    total = sum(comps.values()) / 3
    panel = _panel_from({"total": list(total), **{c: list(v) for c, v in comps.items()}})
    cm = correlation_matrix(panel, 2023, "spearman")
    row = cm[(cm["x"] == "total") & (cm["y"] == "procedures")].iloc[0]
    rest = (comps["direction"] + comps["institutions"]) / 2
    # scipy.stats.spearmanr(procedures, mean of direction and institutions)
    assert row["r"] == pytest.approx(stats.spearmanr(comps["procedures"], rest).statistic)
    # and not the inflated correlation with the total that contains procedures
    assert row["r"] != pytest.approx(stats.spearmanr(comps["procedures"], total).statistic)
    components = cm[cm["family"] == "components"]
    assert len(components) == 3
    np.testing.assert_allclose(
        components["p_holm"], multipletests(components["pvalue"], method="holm")[1]
    )


def test_pooled_years_are_year_centred():
    rng = np.random.default_rng(8)
    a_x, a_y = rng.normal(0, 1, 30), rng.normal(0, 1, 30)
    b_x, b_y = rng.normal(0, 1, 30) + 10, rng.normal(0, 1, 30) + 10
    panel = pd.concat(
        [
            _panel_from({"procedures": list(a_x), "direction": list(a_y)}, 2022),
            _panel_from({"procedures": list(b_x), "direction": list(b_y)}, 2023),
        ]
    )
    cm = correlation_matrix(panel, [2022, 2023], "pearson")
    # A shared rise of 10 points would give pooled r near 0.96; centred on each year's
    # mean it is the within-year association: pearsonr of the centred values.
    xs = np.concatenate([a_x - a_x.mean(), b_x - b_x.mean()])
    ys = np.concatenate([a_y - a_y.mean(), b_y - b_y.mean()])
    assert cm["r"].iloc[0] == pytest.approx(stats.pearsonr(xs, ys).statistic)
    assert abs(cm["r"].iloc[0]) < 0.5
    assert "centred on its year mean" in cm["method"].iloc[0]


def test_matrix_adjusts_only_over_testable_pairs():
    panel = _three_indicator_panel()
    panel.loc[(panel["indicator_id"] == "direction") & (panel["unit_id"] > "u03"), "value"] = np.nan
    cm = correlation_matrix(panel, 2023, indicators=["procedures", "direction", "total"])
    # Without the total first... the corrected rows need direction too: all refused
    assert (cm["status"] == "insufficient").all()
    assert cm[["r", "pvalue", "p_holm"]].isna().all().all()
    assert (cm["n"] == 4).all()
    ok_panel = _three_indicator_panel()
    extra = ok_panel[ok_panel["indicator_id"] == "procedures"].assign(
        indicator_id="institutions", value=lambda f: f["value"][::-1].to_numpy()
    )
    panel = pd.concat([panel, extra], ignore_index=True)
    cm = correlation_matrix(panel, 2023, indicators=["procedures", "institutions", "direction"])
    ok = cm["status"] == "ok"
    assert ok.sum() == 1
    # a single remaining test: its adjusted p equals its raw p
    assert cm.loc[ok, "p_holm"].iloc[0] == pytest.approx(cm.loc[ok, "pvalue"].iloc[0])


def test_pooled_years_say_observations_are_not_independent():
    a = _three_indicator_panel()
    b = a.assign(year=2024, value=a["value"] + 1.0)
    pooled = pd.concat([a, b], ignore_index=True)
    cm = correlation_matrix(pooled, None, "spearman")
    assert (cm["n"] == 24).all()
    assert cm["method"].str.contains("not independent").all()
    assert cm["method"].str.contains("pooled unit-years 2023–2024").all()
    assert cm["warning"].str.contains("different methods").all()
    assert correlation_matrix(pooled, [2023, 2024])["n"].eq(24).all()


def test_matrix_indicator_subset_and_adjust_choice():
    cm = correlation_matrix(
        _three_indicator_panel(), 2023, indicators=["procedures", "total"], adjust=("bh",)
    )
    assert len(cm) == 1 and "p_holm" not in cm.columns and "p_bh" in cm.columns
    with pytest.raises(ValueError):
        correlation_matrix(_three_indicator_panel(), 2023, adjust=("bonferroni",))


_shift = st.floats(min_value=-30, max_value=30, allow_nan=False)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(min_value=40, max_value=100, allow_nan=False), min_size=6, max_size=15),
    st.lists(st.floats(min_value=40, max_value=100, allow_nan=False), min_size=6, max_size=15),
    _shift,
    st.sampled_from(["pearson", "spearman"]),
)
def test_constant_shift_of_all_scores_leaves_correlations_unchanged(xs, ys, shift, method):
    n = min(len(xs), len(ys))
    xs = [round(v, 2) for v in xs[:n]]
    ys = [round(v, 2) for v in ys[:n]]
    base = correlation_matrix(_panel_from({"total": xs, "procedures": ys}), 2023, method)
    moved = correlation_matrix(
        _panel_from({"total": [v + shift for v in xs], "procedures": [v + shift for v in ys]}),
        2023,
        method,
    )
    assert base["status"].iloc[0] == moved["status"].iloc[0]
    if base["status"].iloc[0] == "ok":
        assert moved["r"].iloc[0] == pytest.approx(base["r"].iloc[0], abs=1e-6)
        assert moved["pvalue"].iloc[0] == pytest.approx(base["pvalue"].iloc[0], abs=1e-6)


@settings(max_examples=20, deadline=None)
@given(st.randoms())
def test_matrix_does_not_depend_on_the_order_of_units(rnd):
    panel = _three_indicator_panel()
    idx = list(panel.index)
    rnd.shuffle(idx)
    a = correlation_matrix(panel, 2023)
    b = correlation_matrix(panel.loc[idx], 2023)
    pd.testing.assert_frame_equal(a, b)


# --- bootstrap ----------------------------------------------------------------------------


def test_bootstrap_ci_is_deterministic_order_free_and_close_to_scipy():
    first = bootstrap_ci(X, Y, "pearson", n_resamples=20000, seed=2)
    shuffled = bootstrap_ci(X[::-1], Y[::-1], "pearson", n_resamples=20000, seed=2)
    assert (first.ci_low, first.ci_high) == (shuffled.ci_low, shuffled.ci_high)

    # scipy.stats.bootstrap((X, Y), pearson r, paired=True, method="percentile")
    ref = stats.bootstrap(
        (np.array(X), np.array(Y)),
        lambda a, b, axis: stats.pearsonr(a, b, axis=axis).statistic,
        paired=True,
        vectorized=True,
        method="percentile",
        n_resamples=20000,
        rng=np.random.default_rng(9),
    ).confidence_interval
    assert first.ci_low == pytest.approx(ref.low, abs=0.05)
    assert first.ci_high == pytest.approx(ref.high, abs=0.03)
    assert first.estimate == pytest.approx(0.8681024587538791)


def test_bootstrap_ci_spearman_contains_estimate():
    res = bootstrap_ci(X, Y, "spearman", n_resamples=500)
    assert res.ci_low <= res.estimate <= res.ci_high <= 1


def test_bootstrap_ci_refuses_fewer_than_5_pairs():
    assert bootstrap_ci(X[:4], Y[:4], "pearson").status == "insufficient"
    assert bootstrap_ci(X[:5], Y[:5], "pearson").status == "ok"


# --- pair_scatter and fitted_line --------------------------------------------------------


def test_pair_scatter_ols_matches_statsmodels():
    panel = _panel_from({"total": X, "procedures": Y})
    points, fit = pair_scatter(panel, "total", "procedures", 2023)
    assert list(points.columns) == ["unit_id", "year", "x", "y", "fitted"]
    assert len(points) == 8
    # statsmodels OLS(Y, add_constant(X)).fit(): slope 0.79801331, t 4.28378746,
    # conf_int -> (0.34218579, 1.25384083), p 0.00518403
    ols = sm.OLS(np.array(Y), sm.add_constant(np.array(X))).fit()
    assert fit.estimate == pytest.approx(ols.params[1])
    assert fit.statistic == pytest.approx(ols.tvalues[1])
    assert fit.pvalue == pytest.approx(ols.pvalues[1])
    assert (fit.ci_low, fit.ci_high) == pytest.approx(tuple(ols.conf_int()[1]))
    assert fit.effect_size == pytest.approx(0.8681024587538791)
    np.testing.assert_allclose(points["fitted"], ols.fittedvalues)


def test_pair_scatter_with_few_points_returns_points_and_refuses_the_fit():
    panel = _panel_from({"total": X[:4], "procedures": Y[:4]})
    points, fit = pair_scatter(panel, "total", "procedures", 2023)
    assert len(points) == 4 and points["fitted"].isna().all()
    assert fit.status == "insufficient"
    assert fit.reason == "n = 4 points; at least 5 are needed"


def test_fitted_line_endpoints_hand_worked():
    line = fitted_line(pd.DataFrame({"x": [0.0, 1.0, 2.0, 3.0], "y": [1.0, 2.0, 2.0, 3.0]}))
    # hand: slope = Sxy/Sxx = 3/5 = 0.6; intercept = 2 - 0.6*1.5 = 1.1
    assert line["x"].tolist() == [0.0, 3.0]
    assert line["y"].tolist() == pytest.approx([1.1, 2.9])
    assert line["slope"].iloc[0] == pytest.approx(0.6)


def test_fitted_line_is_empty_without_two_distinct_x():
    assert fitted_line(pd.DataFrame({"x": [1.0, 1.0], "y": [2.0, 3.0]})).empty
    assert fitted_line(pd.DataFrame({"x": [1.0], "y": [2.0]})).empty


# --- top_bottom_separation ------------------------------------------------------------------


def _separation_panel(n_units: int = 8) -> pd.DataFrame:
    totals = [float(v) for v in range(n_units)]
    comp = [70.0, 72.0, 86.0, 60.0, 61.0, 85.0, 88.0, 90.0][:n_units]
    return _panel_from({"total": totals, "procedures": comp, "direction": [50.0] * n_units})


def test_top_bottom_separation_hand_worked():
    out = top_bottom_separation(_separation_panel(), 2023, k=3)
    row = out.set_index("indicator").loc["procedures"]
    # top 3 by total: u07 u06 u05 -> 90 88 85; bottom 3: u00 u01 u02 -> 70 72 86
    # U_top = 3 + 3 + 2 = 8; exact two-sided p = 2 * 2/20 = 0.2
    # scipy.stats.mannwhitneyu([90, 88, 85], [70, 72, 86]) -> statistic=8.0, pvalue=0.2
    assert row["statistic"] == 8.0
    assert row["pvalue"] == pytest.approx(0.2)
    assert row["effect_size"] == pytest.approx(2 * 8 / 9 - 1)
    assert row["estimate"] == pytest.approx((90 + 88 + 85) / 3 - (70 + 72 + 86) / 3)
    assert row["mean_top"] == pytest.approx(87.666666, rel=1e-6)
    # constant component: refused, and it does not count in the Holm family
    direction = out.set_index("indicator").loc["direction"]
    assert direction["status"] == "insufficient"
    assert direction["reason"].startswith("no variation")
    assert row["p_adjusted"] == pytest.approx(0.2)


def test_top_bottom_separation_needs_3_per_group_and_2k_units():
    small_k = top_bottom_separation(_separation_panel(), 2023, k=2)
    assert small_k.set_index("indicator").loc["procedures", "reason"] == (
        "smaller group: n = 2 units; at least 3 are needed"
    )
    too_few = top_bottom_separation(_separation_panel(5), 2023, k=3)
    assert (too_few["status"] == "insufficient").all()
    assert "k = 3 needs 2k units" in too_few["reason"].iloc[0]


def test_top_bottom_separation_holm_across_components():
    rng = np.random.default_rng(4)
    totals = list(range(20))
    cols = {"total": [float(t) for t in totals]}
    for name in ("procedures", "direction", "institutions"):
        cols[name] = [round(float(t + rng.normal(0, 8)), 2) for t in totals]
    out = top_bottom_separation(_panel_from(cols), 2023, k=6)
    # statsmodels.stats.multitest.multipletests(p, method="holm")[1]
    np.testing.assert_allclose(out["p_adjusted"], multipletests(out["pvalue"], method="holm")[1])


# --- component against the mean of the others (replaces top/bottom) -------------------------


def test_component_rest_association_matches_scipy_and_holm():
    rng = np.random.default_rng(12)
    comps = {
        c: rng.normal(80, 4, 20).round(2)
        for c in ("institutions", "procedures", "direction", "organisation")
    }
    panel = _panel_from({k: list(v) for k, v in comps.items()})
    res = component_rest_association(panel, 2023, "spearman")
    names = list(res["indicator"])
    assert sorted(names) == sorted(comps)
    for _, row in res.iterrows():
        rest = np.mean([v for k, v in comps.items() if k != row["indicator"]], axis=0)
        # scipy.stats.spearmanr(component, mean of the others).statistic
        assert row["estimate"] == pytest.approx(stats.spearmanr(comps[row["indicator"]], rest)[0])
    # statsmodels multipletests(method="holm") across the components
    np.testing.assert_allclose(res["p_adjusted"], multipletests(res["pvalue"], method="holm")[1])


def test_component_rest_association_holds_its_size_where_top_bottom_did_not():
    # 8 pure-noise components, 30 units, 60 runs: the circular top/bottom analysis finds a
    # "separating" component in most runs; the non-circular one rarely (size 5% in bench).
    rng = np.random.default_rng(0)
    comps = ["institutions", "procedures", "direction", "organisation", "civil_service",
             "public_finance", "digital_government", "socioeconomic_impact"]  # fmt: skip
    hits_rest = hits_top = 0
    for _ in range(60):
        values = rng.normal(80, 3, (30, 8)).round(2)
        cols = {c: list(values[:, i]) for i, c in enumerate(comps)}
        cols["total"] = list(values.mean(axis=1))
        panel = _panel_from(cols)
        hits_rest += bool((component_rest_association(panel, 2023)["p_adjusted"] < 0.05).any())
        top = top_bottom_separation(panel, 2023, k=10)
        hits_top += bool((top["p_adjusted"] < 0.05).any())
    assert hits_top >= 20
    assert hits_rest <= 8
