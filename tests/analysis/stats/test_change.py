"""Tests for analysis.stats.change: paired tests, the year-over-year table, the band, verdicts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis.stats.change import (
    MIN_PAIRS,
    YOY_COLUMNS,
    PairedChange,
    bootstrap_mc_error,
    hodges_lehmann,
    ordinary_variation_band,
    paired_change,
    verdict,
    yoy_table,
)
from analysis.stats.result import RESULT_COLUMNS, StatResult, insufficient

# Data A: 8 pairs, no ties, no zeros. Differences 0.9 1.6 -0.4 1.8 0.7 2.2 0.5 2.3.
BEFORE_A = [70.1, 72.4, 68.9, 75.0, 80.2, 77.7, 69.5, 73.3]
AFTER_A = [71.0, 74.0, 68.5, 76.8, 80.9, 79.9, 70.0, 75.6]
# Data B: 10 pairs with two zeros and tied |d| (1 x4, 2 x3).
BEFORE_B = [80.0, 81.0, 82.0, 83.0, 84.0, 85.0, 86.0, 87.0, 88.0, 89.0]
DIFF_B = [1.0, 1.0, 0.0, 2.0, -1.0, 1.0, 0.0, 3.0, 2.0, -2.0]
AFTER_B = [b + d for b, d in zip(BEFORE_B, DIFF_B, strict=True)]


def _panel(values_a, values_b, year_a=2022, year_b=2023, indicator="total", units=None):
    units = units or [f"u{i:02d}" for i in range(len(values_a))]
    rows = [
        {"unit_id": u, "year": y, "indicator_id": indicator, "value": v}
        for y, vals in ((year_a, values_a), (year_b, values_b))
        for u, v in zip(units, vals, strict=True)
    ]
    return pd.DataFrame(rows)


# --- paired t-test ------------------------------------------------------------------


def test_paired_t_matches_scipy_and_hand_worked_ci():
    res = paired_change(BEFORE_A, AFTER_A).paired_t
    # scipy.stats.ttest_rel(AFTER_A, BEFORE_A) -> statistic=3.62994085, pvalue=0.00839850
    assert res.statistic == pytest.approx(3.6299408518921177, rel=1e-9)
    assert res.pvalue == pytest.approx(0.008398502893798846, rel=1e-9)
    # hand: mean(d) = 9.6 / 8 = 1.2
    assert res.estimate == pytest.approx(1.2)
    # ttest_rel(...).confidence_interval() -> (0.41829330, 1.98170670)
    assert res.ci_low == pytest.approx(0.41829329521106096, rel=1e-9)
    assert res.ci_high == pytest.approx(1.9817067047889376, rel=1e-9)
    # d_z = mean / sd(ddof=1) = 1.2 / 0.93503247
    assert res.effect_size == pytest.approx(1.2 / 0.9350324669687756)
    assert res.effect_size_name == "cohens_dz"
    assert res.n == 8 and res.status == "ok"


def test_paired_t_ci_matches_scipy_confidence_interval_live():
    res = paired_change(BEFORE_B, AFTER_B).paired_t
    # scipy.stats.ttest_rel(AFTER_B, BEFORE_B) -> statistic=1.48122579, pvalue=0.17268509
    ref = stats.ttest_rel(AFTER_B, BEFORE_B)
    ci = ref.confidence_interval()
    assert res.statistic == pytest.approx(1.4812257933030561)
    assert res.pvalue == pytest.approx(0.17268508962953896)
    assert (res.ci_low, res.ci_high) == pytest.approx((ci.low, ci.high))


def test_paired_t_refuses_fewer_than_6_pairs():
    res = paired_change(BEFORE_A[:5], AFTER_A[:5]).paired_t
    assert res.status == "insufficient"
    assert res.reason == "n = 5 pairs; at least 6 are needed"
    assert all(
        getattr(res, f) is None
        for f in ("statistic", "pvalue", "estimate", "ci_low", "ci_high", "effect_size")
    )


def test_paired_t_accepts_exactly_6_pairs():
    res = paired_change(BEFORE_A[:6], AFTER_A[:6]).paired_t
    # scipy.stats.ttest_rel(AFTER_A[:6], BEFORE_A[:6]) -> computed live below
    ref = stats.ttest_rel(AFTER_A[:6], BEFORE_A[:6])
    assert res.status == "ok" and res.n == 6
    assert res.pvalue == pytest.approx(ref.pvalue)


def test_paired_t_refuses_when_all_changes_are_equal_but_says_what_happened():
    res = paired_change([1.0, 2, 3, 4, 5, 6], [2.0, 3, 4, 5, 6, 7]).paired_t
    assert res.status == "insufficient"
    assert "sd = 0" in res.reason
    assert res.reason.startswith("all 6 units rose by exactly 1.00 points")
    # The common change is kept as the estimate: the data are ample, only t is undefined.
    assert res.estimate == 1.0
    assert "at least" not in res.reason


# R: t.test(extra ~ group, data = sleep, paired = TRUE) (R >= 4.4 spells it
# t.test(Pair(extra[group == 1], extra[group == 2]) ~ 1, data = sleep)):
# t = -4.0621, df = 9, p-value = 0.002833, 95% CI -2.4598858 -0.7001142.
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def test_paired_t_reproduces_r_sleep_data():
    # "after" = group 1, "before" = group 2, so d = group 1 - group 2 as in R.
    res = paired_change(SLEEP_2, SLEEP_1).paired_t
    assert res.statistic == pytest.approx(-4.0621, abs=5e-5)
    assert res.pvalue == pytest.approx(0.002833, abs=5e-7)
    assert res.ci_low == pytest.approx(-2.4598858, abs=5e-8)
    assert res.ci_high == pytest.approx(-0.7001142, abs=5e-8)
    assert res.estimate == pytest.approx(-1.58)


# --- Wilcoxon -----------------------------------------------------------------------

# Hollander & Wolfe (1973, p. 29), R's ?wilcox.test: depression scale before (x) and
# after (y) therapy. R: wilcox.test(x, y, paired = TRUE) -> V = 40, p-value = 0.03906.
HW_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
HW_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]


def test_wilcoxon_reproduces_hollander_wolfe_depression_data():
    # d = x - y, as R's paired test: before = y, after = x.
    res = paired_change(HW_Y, HW_X).wilcoxon
    assert res.statistic == 40.0  # R's V: the sum of the ranks of the positive d
    assert res.pvalue == 0.0390625  # 2 * 10/512, exact
    assert "exact" in res.method


def test_wilcoxon_statistic_keeps_the_direction():
    up = paired_change(HW_Y, HW_X).wilcoxon
    down = paired_change(HW_X, HW_Y).wilcoxon
    # V + V' = n (n + 1) / 2 = 45: the statistic says which way the ranks lean.
    assert up.statistic + down.statistic == 45
    assert up.pvalue == down.pvalue
    assert up.effect_size == pytest.approx(-down.effect_size)


def test_wilcoxon_exact_without_ties_matches_hand_worked_value():
    res = paired_change(BEFORE_A, AFTER_A).wilcoxon
    # hand: only -0.4 is negative and it has rank 1, so V = 36 - 1 = 35; P(V >= 35) = 2/256
    # one-sided, two-sided 4/256 = 0.015625. scipy.stats.wilcoxon(d) -> pvalue=0.015625
    assert res.statistic == 35.0
    assert res.pvalue == pytest.approx(0.015625)
    assert "exact" in res.method
    # rank-biserial = (R+ - R-) / (R+ + R-) = (35 - 1) / 36
    assert res.effect_size == pytest.approx(34 / 36)
    assert res.effect_size_name == "rank_biserial"


def test_wilcoxon_with_ties_and_zeros_is_exact_given_the_ranks():
    res = paired_change(BEFORE_B, AFTER_B).wilcoxon
    # hand: non-zero d = 1 1 2 -1 1 3 2 -2 (n = 8); |d| ranks 1->2.5, 2->6, 3->8;
    # V = R+ = 27.5. The permutation p over the 2^8 sign patterns of these ranks:
    # scipy.stats.wilcoxon(nonzero_d, method=PermutationMethod()) -> pvalue = 0.2421875
    assert res.statistic == 27.5
    assert res.pvalue == pytest.approx(0.2421875)
    assert res.n == 8
    assert "exact permutation" in res.method
    assert res.effect_size == pytest.approx((27.5 - 8.5) / 36)


def test_wilcoxon_with_ties_at_small_n_is_exact_not_too_liberal():
    # The case: d = 1 1 2 3 4 5. The normal approximation without continuity
    # correction gave p = 0.027, below the smallest p any exact test of 6 signs can give.
    pc = paired_change([0.0] * 6, [1.0, 1, 2, 3, 4, 5])
    # scipy.stats.wilcoxon([1, 1, 2, 3, 4, 5], method=scipy.stats.PermutationMethod())
    # -> pvalue = 0.03125 (all 64 sign patterns enumerated)
    ref = stats.wilcoxon([1, 1, 2, 3, 4, 5], method=stats.PermutationMethod())
    assert pc.wilcoxon.pvalue == pytest.approx(ref.pvalue) == 0.03125
    assert pc.wilcoxon.pvalue >= 2 / 2**6


@pytest.mark.parametrize("seed", range(8))
def test_wilcoxon_exact_with_ties_and_zeros_matches_scipy_permutation(seed):
    rng = np.random.default_rng(seed)
    d = rng.integers(-3, 6, size=int(rng.integers(7, 12))).astype(float)
    before = np.full(d.size, 50.0)
    res = paired_change(before, before + d).wilcoxon
    nonzero = d[d != 0]
    if nonzero.size < MIN_PAIRS:
        pytest.skip("too few non-zero differences")
    # scipy.stats.wilcoxon(nonzero, method=PermutationMethod()): exact below 2^n resamples
    ref = stats.wilcoxon(nonzero, method=stats.PermutationMethod(n_resamples=10**6))
    assert res.pvalue == pytest.approx(ref.pvalue, rel=1e-12)
    ranks = stats.rankdata(np.abs(nonzero))
    assert res.statistic == ranks[nonzero > 0].sum()


def test_wilcoxon_above_50_uses_the_continuity_corrected_normal_approximation():
    rng = np.random.default_rng(5)
    d = np.round(rng.normal(0.3, 1, 60), 1)
    res = paired_change(np.zeros(60), d).wilcoxon
    nonzero = d[d != 0]
    # scipy.stats.wilcoxon(nonzero, method="asymptotic", correction=True) (two-sided)
    ref = stats.wilcoxon(nonzero, method="asymptotic", correction=True)
    assert res.pvalue == pytest.approx(ref.pvalue, rel=1e-9)
    assert "continuity" in res.method


def test_hodges_lehmann_estimate_and_interval_invert_the_exact_test():
    d = np.subtract(HW_X, HW_Y)
    res = paired_change(HW_Y, HW_X).wilcoxon
    walsh = sorted((d[i] + d[j]) / 2 for i in range(9) for j in range(i, 9))
    # hand: the median of the 45 Walsh averages is the 23rd
    assert res.estimate == pytest.approx(walsh[22])
    # The CI is the set of shifts mu the exact two-sided test at 5% does not reject
    # (achieved level 1 - 2 * 10/512 = 0.9609 for n = 9, so p = 0.0390625 rejects):
    # check by inverting it.
    # (the grid is offset so that no d - mu is zero or tied in absolute value)
    grid = np.linspace(-0.5, 1.5, 801) + 1.234e-7
    kept = [mu for mu in grid if stats.wilcoxon(d - mu, method="exact").pvalue > 0.04]
    assert res.ci_low == pytest.approx(min(kept), abs=0.0026)
    assert res.ci_high == pytest.approx(max(kept), abs=0.0026)
    # R: wilcox.test(x, y, paired = TRUE, conf.int = TRUE) returns W_(6) and W_(40).
    assert (res.ci_low, res.ci_high) == pytest.approx((walsh[5], walsh[39]))


def test_hodges_lehmann_interval_states_its_level_when_95_is_not_attainable():
    est, low, high, level = hodges_lehmann([0.5, 1.0, 1.5, 2.0, 3.0])
    # n = 5: the widest interval [min, max Walsh] covers 1 - 2/32 = 0.9375
    assert level == pytest.approx(1 - 2 / 32)
    assert (low, high) == (0.5, 3.0)


def test_wilcoxon_refuses_fewer_than_6_pairs():
    res = paired_change(BEFORE_A[:5], AFTER_A[:5]).wilcoxon
    assert res.status == "insufficient"
    assert res.reason == "n = 5 non-zero differences; at least 6 are needed"


def test_wilcoxon_refuses_when_zeros_leave_fewer_than_6_nonzero_differences():
    pc = paired_change([1.0, 2, 3, 4, 5, 6], [1.0, 2.5, 3.7, 4.2, 5.9, 7.3])
    assert pc.paired_t.status == "ok"
    assert pc.wilcoxon.status == "insufficient"
    assert pc.wilcoxon.n == 5


def test_float_noise_counts_as_unchanged():
    # 0.1 + 0.2 - 0.3 is 5.6e-17 in floating point: it must count as "no change".
    pc = paired_change([0.3] * 6, [0.1 + 0.2] * 6)
    assert (pc.n_up, pc.n_down, pc.n_same) == (0, 0, 6)


# --- sign test ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "k", "n", "pvalue"),
    [
        # scipy.stats.binomtest(7, 8) -> pvalue=0.0703125 (= 2 * 9/256)
        (BEFORE_A, AFTER_A, 7, 8, 0.0703125),
        # scipy.stats.binomtest(6, 8) -> pvalue=0.2890625 (= 2 * 37/256); zeros dropped
        (BEFORE_B, AFTER_B, 6, 8, 0.2890625),
    ],
)
def test_sign_test_matches_binomtest(before, after, k, n, pvalue):
    res = paired_change(before, after).sign
    assert res.statistic == k and res.n == n
    assert res.pvalue == pytest.approx(pvalue)
    assert res.estimate == pytest.approx(k / n)


def test_sign_test_ci_is_clopper_pearson():
    res = paired_change(BEFORE_A, AFTER_A).sign
    # scipy.stats.binomtest(7, 8).proportion_ci(method="exact") -> (0.47349033, 0.99684028)
    assert res.ci_low == pytest.approx(0.4734903291248362)
    assert res.ci_high == pytest.approx(0.9968402764687477)


def test_sign_test_refuses_fewer_than_6_nonzero_differences():
    res = paired_change(BEFORE_B[:6], AFTER_B[:6]).sign
    # d = 1 1 0 2 -1 1: five non-zero
    assert res.status == "insufficient"
    assert res.reason == "n = 5 non-zero differences; at least 6 are needed"


# --- bootstrap ------------------------------------------------------------------------


def test_bootstrap_is_deterministic_and_wider_than_the_plain_percentile():
    first = paired_change(BEFORE_A, AFTER_A, seed=3).bootstrap
    again = paired_change(BEFORE_A, AFTER_A, seed=3).bootstrap
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    d = np.round(np.array(AFTER_A) - np.array(BEFORE_A), 10)
    # scipy.stats.bootstrap((d,), np.mean, method="percentile", n_resamples=20000): the
    # plain percentile interval, which the expanded one must contain (n = 8).
    ref = stats.bootstrap(
        (d,), np.mean, method="percentile", n_resamples=20000, rng=np.random.default_rng(7)
    ).confidence_interval
    assert first.ci_low < ref.low and first.ci_high > ref.high
    # Hesterberg's expanded percentile: tail mass 2 Phi(-sqrt(n/(n-1)) t_.975,n-1)
    alpha = 2 * stats.norm.sf(math.sqrt(8 / 7) * stats.t.ppf(0.975, 7))
    rng = np.random.default_rng(11)
    means = np.sort(d)[rng.integers(0, 8, size=(400_000, 8))].mean(axis=1)
    lo, hi = np.quantile(means, [alpha / 2, 1 - alpha / 2])
    assert first.ci_low == pytest.approx(lo, abs=0.02)
    assert first.ci_high == pytest.approx(hi, abs=0.02)
    assert first.estimate == pytest.approx(1.2)


def test_bootstrap_monte_carlo_error_is_below_a_hundredth_and_reported():
    rng = np.random.default_rng(2)
    before = rng.normal(80, 3, 30)
    after = before + rng.normal(0.5, 1.5, 30)
    res = paired_change(before, after).bootstrap
    err = bootstrap_mc_error(res)
    assert err is not None and err < 0.01
    # Different seeds give bounds within a few Monte Carlo errors of each other.
    other = paired_change(before, after, seed=99).bootstrap
    assert abs(res.ci_low - other.ci_low) < 0.04
    assert abs(res.ci_high - other.ci_high) < 0.04


def test_bootstrap_states_the_coverage_caveat_at_small_n():
    res = paired_change(BEFORE_A, AFTER_A).bootstrap
    assert res.reason is not None and "coverage" in res.reason


def test_bootstrap_of_constant_changes_is_a_point():
    res = paired_change([1.0, 2, 3, 4, 5, 6, 7, 8], [3.0, 4, 5, 6, 7, 8, 9, 10]).bootstrap
    assert (res.ci_low, res.ci_high) == pytest.approx((2.0, 2.0))


def test_bootstrap_refuses_fewer_than_6_pairs():
    assert paired_change([1.0] * 5, [2.0] * 5).bootstrap.status == "insufficient"


# --- inputs ---------------------------------------------------------------------------


def test_missing_values_are_dropped_pairwise():
    before = BEFORE_A + [np.nan, 70.0]
    after = AFTER_A + [71.0, np.nan]
    pc = paired_change(before, after)
    assert pc.paired_t.n == 8
    assert pc.paired_t.pvalue == pytest.approx(0.008398502893798846)


def test_series_are_aligned_on_their_index():
    before = pd.Series(BEFORE_A, index=list("abcdefgh"))
    after = pd.Series(AFTER_A, index=list("abcdefgh"))[::-1]
    assert paired_change(before, after).paired_t.pvalue == pytest.approx(0.008398502893798846)


def test_unequal_lengths_are_a_programming_error():
    with pytest.raises(ValueError):
        paired_change([1.0, 2.0], [1.0])


def test_counts_up_down_same():
    pc = paired_change(BEFORE_B, AFTER_B)
    assert (pc.n_up, pc.n_down, pc.n_same) == (6, 2, 2)
    assert isinstance(pc, PairedChange)
    assert list(pc.as_dict()) == ["paired_t", "wilcoxon", "sign", "bootstrap"]


def test_comparability_warning_is_carried_when_years_are_given():
    pc = paired_change(BEFORE_A, AFTER_A, year_a=2023, year_b=2024)
    assert all("2023" in r.warning and "2024" in r.warning for r in pc.results())
    assert paired_change(BEFORE_A, AFTER_A, year_a=2021, year_b=2022).paired_t.warning is None


# --- properties -----------------------------------------------------------------------

_score = st.floats(min_value=40, max_value=100, allow_nan=False).map(lambda v: round(v, 2))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_score, _score), min_size=6, max_size=25))
def test_swapping_years_flips_the_mean_change_and_keeps_pvalues(pairs):
    before = [p[0] for p in pairs]
    after = [p[1] for p in pairs]
    fwd = paired_change(before, after, n_boot=200)
    back = paired_change(after, before, n_boot=200)
    assert (fwd.n_up, fwd.n_down, fwd.n_same) == (back.n_down, back.n_up, back.n_same)
    for name in ("paired_t", "wilcoxon", "sign"):
        a, b = getattr(fwd, name), getattr(back, name)
        assert a.status == b.status
        if a.pvalue is not None:
            assert a.pvalue == pytest.approx(b.pvalue, rel=1e-9, abs=1e-12)
    if fwd.paired_t.status == "ok":
        assert fwd.paired_t.estimate == pytest.approx(-back.paired_t.estimate, abs=1e-9)
        assert fwd.paired_t.ci_low == pytest.approx(-back.paired_t.ci_high, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_score, _score), min_size=6, max_size=20), st.randoms())
def test_results_do_not_depend_on_the_order_of_units(pairs, rnd):
    shuffled = list(pairs)
    rnd.shuffle(shuffled)
    a = paired_change([p[0] for p in pairs], [p[1] for p in pairs], n_boot=200)
    b = paired_change([p[0] for p in shuffled], [p[1] for p in shuffled], n_boot=200)
    for ra, rb in zip(a.results(), b.results(), strict=True):
        for field in ("statistic", "pvalue", "ci_low", "ci_high", "estimate"):
            va, vb = getattr(ra, field), getattr(rb, field)
            assert (va is None and vb is None) or va == pytest.approx(vb, rel=1e-9, abs=1e-9)


# --- yoy_table -----------------------------------------------------------------------


def _two_indicator_panel():
    rng = np.random.default_rng(5)
    units = [f"u{i:02d}" for i in range(12)]
    rows = []
    for ind, shift in (("total", 1.0), ("procedures", 0.1), ("direction", -0.5)):
        base = rng.normal(85, 3, len(units))
        after = base + shift + rng.normal(0, 1, len(units))
        for u, v0, v1 in zip(units, base, after, strict=True):
            rows.append({"unit_id": u, "year": 2023, "indicator_id": ind, "value": round(v0, 2)})
            rows.append({"unit_id": u, "year": 2024, "indicator_id": ind, "value": round(v1, 2)})
    # a unit seen only in 2024 must be ignored
    rows.append({"unit_id": "new", "year": 2024, "indicator_id": "total", "value": 50.0})
    return pd.DataFrame(rows)


def test_yoy_table_rows_columns_and_tests_match_scipy():
    panel = _two_indicator_panel()
    table = yoy_table(panel, 2023, 2024)
    assert list(table.columns) == list(YOY_COLUMNS)
    assert list(table.columns[: len(RESULT_COLUMNS)]) == list(RESULT_COLUMNS)
    assert table["indicator"].tolist() == ["total", "direction", "procedures"]
    wide = panel.pivot(index="unit_id", columns=["indicator_id", "year"], values="value")
    wide = wide.drop(index="new")
    for _, row in table.iterrows():
        a = wide[(row["indicator"], 2023)].to_numpy()
        b = wide[(row["indicator"], 2024)].to_numpy()
        # scipy.stats.ttest_rel(b, a) and scipy.stats.binomtest(#up, #nonzero), live
        assert row["n"] == 12
        assert row["pvalue"] == pytest.approx(stats.ttest_rel(b, a).pvalue)
        d = np.round(b - a, 10)
        assert row["p_sign"] == pytest.approx(
            stats.binomtest(int((d > 0).sum()), int((d != 0).sum())).pvalue
        )
        assert row["n_up"] + row["n_down"] + row["n_same"] == 12
        assert row["mean_b"] - row["mean_a"] == pytest.approx(row["estimate"])
        assert "2023" in row["warning"] and "2024" in row["warning"]


@pytest.mark.parametrize(("adjust", "sm_method"), [("holm", "holm"), ("bh", "fdr_bh")])
def test_yoy_table_adjusts_across_indicators(adjust, sm_method):
    table = yoy_table(_two_indicator_panel(), 2023, 2024, adjust=adjust)
    # statsmodels.stats.multitest.multipletests(p, method=sm_method)[1]
    expected = multipletests(table["pvalue"].to_numpy(), method=sm_method)[1]
    np.testing.assert_allclose(table["p_adjusted"], expected)
    expected_w = multipletests(table["p_wilcoxon"].to_numpy(), method=sm_method)[1]
    np.testing.assert_allclose(table["p_wilcoxon_adjusted"], expected_w)


def test_yoy_table_unknown_adjustment_is_a_programming_error():
    with pytest.raises(ValueError):
        yoy_table(_two_indicator_panel(), 2023, 2024, adjust="bonferroni")


def test_yoy_table_sparse_data_gives_insufficient_rows():
    panel = _panel([80.0, 81.0, 82.0], [81.0, 83.0, 82.5])
    table = yoy_table(panel, 2022, 2023)
    assert table["status"].tolist() == ["insufficient"]
    assert table["reason"].iloc[0] == "n = 3 pairs; at least 6 are needed"
    assert math.isnan(table["p_adjusted"].iloc[0])


def test_yoy_table_no_warning_within_one_period():
    table = yoy_table(_panel(BEFORE_A, AFTER_A), 2022, 2023)
    assert table["warning"].isna().all()


# --- ordinary variation band --------------------------------------------------------

CHANGES_BAND = [1.0, 1.2, 0.8, 1.1, 0.9, 1.0, 1.3, 0.7, 1.0, 6.0]


def test_band_is_median_plus_minus_scaled_mad():
    panel = _panel([80.0] * 10, [80.0 + c for c in CHANGES_BAND])
    band = ordinary_variation_band(panel, 2022, 2023, coverage=0.9)
    # hand: median = 1.0; |dev| sorted 0 0 0 .1 .1 .2 .2 .3 .3 5 -> MAD = 0.15;
    # half width = norm.ppf(0.95) * 1.4826 * 0.15 = 1.644854 * 0.22239 = 0.365799
    half = stats.norm.ppf(0.95) * 1.4826 * 0.15
    assert band["band_low"].iloc[0] == pytest.approx(1.0 - half)
    assert band["band_high"].iloc[0] == pytest.approx(1.0 + half)
    assert band.loc[band["unusual"], "unit_id"].tolist() == ["u09"]
    assert band.loc[band["unusual"], "direction"].tolist() == ["above"]
    assert band["change"].is_monotonic_decreasing
    assert "pvalue" not in band.columns


def test_band_falls_back_to_quantiles_when_mad_is_zero():
    changes = [1.0] * 6 + [0.0, 2.0, 5.0, -3.0]
    panel = _panel([80.0] * 10, [80.0 + c for c in changes])
    band = ordinary_variation_band(panel, 2022, 2023, coverage=0.8)
    # numpy.quantile(changes, [0.1, 0.9]) -> (-0.3, 2.3)
    assert band["band_low"].iloc[0] == pytest.approx(-0.3)
    assert band["band_high"].iloc[0] == pytest.approx(2.3)
    assert sorted(band.loc[band["unusual"], "unit_id"]) == ["u08", "u09"]
    assert "empirical" in band["method"].iloc[0]


@pytest.mark.parametrize(("n", "status"), [(7, "insufficient"), (8, "ok")])
def test_band_needs_8_units(n, status):
    panel = _panel([80.0] * n, [80.0 + c for c in CHANGES_BAND[:n]])
    band = ordinary_variation_band(panel, 2022, 2023)
    assert (band["status"] == status).all()
    if status == "insufficient":
        assert not band["unusual"].any()
        assert band["reason"].iloc[0] == "n = 7 units with both years; at least 8 are needed"


# --- verdict -----------------------------------------------------------------------------

_SIG = StatResult(
    method="t", n=30, estimate=1.264, ci_low=0.71, ci_high=1.82, pvalue=0.001, p_adjusted=0.003
)


@pytest.mark.parametrize(
    ("result", "lang", "expected"),
    [
        (
            _SIG,
            "vi",
            "Điểm trung bình tăng 1,26 điểm (khoảng tin cậy 95%: từ 0,71 đến 1,82). Kiểm định "
            "chính (kiểm định t ghép cặp): p hiệu chỉnh = 0,003, tức là một mức thay đổi trung "
            "bình lớn như vậy hiếm khi xảy ra nếu điểm số chỉ dao động do sai số chấm điểm giữa "
            "các năm. 30 đơn vị là toàn bộ các đơn vị chứ không phải một mẫu: khoảng tin cậy và "
            "giá trị p phản ánh dao động của việc chấm điểm giữa các năm, không phải sai số "
            "chọn mẫu.",
        ),
        (
            _SIG.replace(estimate=-0.4, ci_low=-1.1, ci_high=0.3, p_adjusted=None, pvalue=0.2104),
            "en",
            "The mean score fell by 0.40 points (95% CI -1.10 to 0.30). Primary test (paired "
            "t-test): p = 0.210, so a mean change of this size often arises from year-to-year "
            "assessment noise; the data do not show a clear change, which is not the same as "
            "showing no change. The 30 units are all the units, not a sample: the interval and "
            "the p-value describe year-to-year assessment noise, not sampling error.",
        ),
        (
            insufficient("t", 4, 6, unit="pairs"),
            "vi",
            "Chưa đủ dữ liệu để đánh giá thay đổi (chỉ có 4 cặp số liệu, cần ít nhất 6).",
        ),
        (
            insufficient("t", 4, 6, unit="pairs"),
            "en",
            "There are not enough data to judge the change: n = 4 pairs; at least 6 are needed.",
        ),
    ],
)
def test_verdict_sentences(result, lang, expected):
    assert verdict(result, lang=lang) == expected


def test_verdict_uses_the_adjusted_p_and_rounds_tiny_ones():
    text = verdict(_SIG.replace(p_adjusted=0.0000123), "en")
    assert "adjusted p < 0.001" in text


def test_verdict_leads_with_the_method_change_and_does_not_call_the_change_real():
    res = _SIG.replace(warning="2023 (...) and 2024 (...) were scored under different methods")
    vi, en = verdict(res, "vi"), verdict(res, "en")
    assert en.startswith("The two years were scored under different methods")
    assert vi.startswith("Hai năm được chấm theo phương pháp khác nhau")
    assert "would be rare" not in en and "hiếm khi" not in vi
    assert "The mean score rose by 1.26 points" in en


def test_verdict_names_one_primary_test_and_reports_disagreeing_checks():
    pc = paired_change(BEFORE_A, AFTER_A)
    text = verdict(pc, "en")
    assert text.startswith("The mean score rose by 1.20 points (95% CI 0.42 to 1.98)")
    assert "Primary test (paired t-test)" in text
    # t: p = 0.0084 and Wilcoxon p = 0.0156 (< 0.05); sign test p = 0.070 (not): disagree
    assert "Wilcoxon signed-rank test" in text and "sign test (7 rose, 1 fell" in text
    assert "do not agree with the primary test" in text


def test_verdict_reports_agreeing_checks():
    before = [70.0 + i for i in range(12)]
    after = [b + 1 + 0.1 * i for i, b in enumerate(before)]
    text = verdict(paired_change(before, after), "en")
    assert "they agree with the primary test" in text


def test_verdict_from_a_table_row_uses_adjusted_p_of_every_test():
    row = yoy_table(_panel(BEFORE_A, AFTER_A), 2022, 2023).iloc[0]
    text = verdict(row, "vi")
    assert text.startswith("Điểm trung bình tăng 1,20 điểm (khoảng tin cậy 95%: từ 0,42 đến 1,98)")
    # one indicator: Holm leaves p unchanged, 0.0084 -> 0,008
    assert "p hiệu chỉnh = 0,008" in text
    assert "kiểm định hạng có dấu Wilcoxon" in text


def test_verdict_when_every_unit_rose_alike_says_so_and_reports_the_sign_test():
    panel = _panel([80.0 + i for i in range(30)], [81.0 + i for i in range(30)])
    row = yoy_table(panel, 2022, 2023).iloc[0]
    en, vi = verdict(row, "en"), verdict(row, "vi")
    assert en.startswith("All 30 units rose by exactly 1.00 points")
    assert "not enough data" not in en.lower()
    # scipy.stats.binomtest(30, 30) -> pvalue = 1.86e-09
    assert "30 rose, 0 fell (adjusted p < 0.001)" in en
    assert vi.startswith("Cả 30 đơn vị đều tăng đúng 1,00 điểm")
    assert "Chưa đủ dữ liệu" not in vi


def test_verdict_never_claims_proof():
    for res in (_SIG, _SIG.replace(p_adjusted=0.4)):
        for lang in ("vi", "en"):
            text = verdict(res, lang).lower()
            assert "chứng minh" not in text and "prove" not in text


def test_verdict_unknown_language_is_a_programming_error():
    with pytest.raises(ValueError):
        verdict(_SIG, lang="fr")


def test_min_pairs_constant_is_six():
    assert MIN_PAIRS == 6


# --- issue 12: the band's count expected by chance, pooled ordinary variation -----------


def test_band_states_the_count_expected_by_chance():
    panel = _panel([80.0] * 10, [80.0 + c for c in CHANGES_BAND])
    band = ordinary_variation_band(panel, 2022, 2023, coverage=0.9)
    # 10% of 10 units fall outside a 90% band by construction
    assert band["expected_unusual"].eq(1.0).all()
    assert band["n_unusual"].eq(1).all()
    assert "by construction" in band["method"].iloc[0]


def test_band_pools_the_ordinary_variation_of_every_year_pair_in_the_period():
    rng = np.random.default_rng(3)
    units = [f"u{i:02d}" for i in range(20)]
    base = rng.normal(80, 3, 20)
    years = {2021: base, 2022: base + rng.normal(1, 0.5, 20), 2023: None}
    years[2023] = years[2022] + rng.normal(1, 2.0, 20)
    rows = [
        {"unit_id": u, "year": y, "indicator_id": "total", "value": round(float(v), 2)}
        for y, vals in years.items()
        for u, v in zip(units, vals, strict=True)
    ]
    panel = pd.DataFrame(rows)
    band = ordinary_variation_band(panel, 2022, 2023)
    assert band["band_source"].iloc[0] == "2021→2022, 2022→2023"
    # hand: MAD of both pairs' changes, each centred on its own median
    ch = {
        pair: np.round(np.asarray(years[pair[1]].round(2)) - years[pair[0]].round(2), 10)
        for pair in ((2021, 2022), (2022, 2023))
    }
    pooled = np.concatenate([c - np.median(c) for c in ch.values()])
    mad = np.median(np.abs(pooled))
    half = stats.norm.ppf(0.95) * 1.4826 * mad
    centre = np.median(ch[(2022, 2023)])
    assert band["band_low"].iloc[0] == pytest.approx(centre - half)
    assert band["band_high"].iloc[0] == pytest.approx(centre + half)
    alone = ordinary_variation_band(panel, 2022, 2023, pool_years=False)
    assert alone["band_source"].iloc[0] == "2022→2023"


def test_band_across_method_periods_uses_the_pair_alone():
    panel = _panel([80.0] * 10, [80.0 + c for c in CHANGES_BAND], year_a=2020, year_b=2021)
    band = ordinary_variation_band(panel, 2020, 2021)
    assert band["band_source"].iloc[0] == "2020→2021"
    assert band["warning"].iloc[0] is not None


def test_the_same_year_twice_is_a_programming_error():
    panel = _panel(BEFORE_A, AFTER_A)
    with pytest.raises(ValueError, match="same year"):
        yoy_table(panel, 2022, 2022)
    with pytest.raises(ValueError, match="same year"):
        ordinary_variation_band(panel, 2023, 2023)


def test_yoy_table_reports_v_hodges_lehmann_and_the_bootstrap_error():
    row = yoy_table(_panel(BEFORE_A, AFTER_A), 2022, 2023).iloc[0]
    pc = paired_change(BEFORE_A, AFTER_A)
    assert row["v_wilcoxon"] == 35.0
    assert row["hl_estimate"] == pytest.approx(pc.wilcoxon.estimate)
    assert (row["hl_ci_low"], row["hl_ci_high"]) == pytest.approx(
        (pc.wilcoxon.ci_low, pc.wilcoxon.ci_high)
    )
    assert 0 <= row["boot_mc_error"] < 0.01


def test_bootstrap_is_not_shown_below_8_pairs():
    res = paired_change(BEFORE_A[:7], AFTER_A[:7]).bootstrap
    assert res.status == "insufficient" and "94%" in res.reason
