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


def test_paired_t_refuses_when_all_changes_are_equal():
    res = paired_change([1.0, 2, 3, 4, 5, 6], [2.0, 3, 4, 5, 6, 7]).paired_t
    assert res.status == "insufficient"
    assert "sd = 0" in res.reason


# --- Wilcoxon -----------------------------------------------------------------------


def test_wilcoxon_exact_without_ties_matches_hand_worked_value():
    res = paired_change(BEFORE_A, AFTER_A).wilcoxon
    # hand: only -0.4 is negative and it has rank 1, so T = 1; P(T <= 1) = 2/256 one-sided,
    # two-sided 4/256 = 0.015625. scipy.stats.wilcoxon(d) -> statistic=1.0, pvalue=0.015625
    assert res.statistic == 1.0
    assert res.pvalue == pytest.approx(0.015625)
    assert "exact" in res.method
    # rank-biserial = (R+ - R-) / (R+ + R-) = (35 - 1) / 36
    assert res.effect_size == pytest.approx(34 / 36)
    assert res.effect_size_name == "rank_biserial"


def test_wilcoxon_forces_normal_approximation_with_ties_and_zeros():
    res = paired_change(BEFORE_B, AFTER_B).wilcoxon
    # hand: non-zero d = 1 1 2 -1 1 3 2 -2 (n = 8); |d| ranks 1->2.5, 2->6, 3->8;
    # R+ = 27.5, R- = 8.5, T = 8.5; mean 18; var = 8*9*17/24 - (60 + 24)/48 = 49.25;
    # z = -9.5 / sqrt(49.25) = -1.35368; p = 2 * Phi(z) = 0.175834
    # scipy.stats.wilcoxon(nonzero_d, method="asymptotic") -> statistic=8.5, pvalue=0.17583404
    assert res.statistic == 8.5
    assert res.pvalue == pytest.approx(0.17583403918261342, rel=1e-9)
    assert res.pvalue == pytest.approx(2 * stats.norm.cdf(-9.5 / math.sqrt(49.25)))
    assert res.n == 8
    assert "normal approximation" in res.method
    # scipy.stats.wilcoxon(d, method="auto") -> pvalue=0.2421875 (a permutation p): not used
    assert res.pvalue != pytest.approx(0.2421875)
    assert res.effect_size == pytest.approx((27.5 - 8.5) / 36)


def test_wilcoxon_all_positive_six_pairs_exact():
    res = paired_change([0.0] * 6, [1.0, 2, 3, 4, 5, 6]).wilcoxon
    # hand: T = 0, P = 2 * (1/2)^6 = 0.03125; scipy.stats.wilcoxon([1..6]) -> pvalue=0.03125
    assert res.pvalue == pytest.approx(0.03125)
    assert res.effect_size == pytest.approx(1.0)


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


def test_bootstrap_is_deterministic_and_close_to_scipy_percentile():
    first = paired_change(BEFORE_A, AFTER_A, n_boot=20000, seed=3).bootstrap
    again = paired_change(BEFORE_A, AFTER_A, n_boot=20000, seed=3).bootstrap
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    d = np.round(np.array(AFTER_A) - np.array(BEFORE_A), 10)
    # scipy.stats.bootstrap((d,), np.mean, method="percentile", n_resamples=20000)
    ref = stats.bootstrap(
        (d,), np.mean, method="percentile", n_resamples=20000, rng=np.random.default_rng(7)
    ).confidence_interval
    assert first.ci_low == pytest.approx(ref.low, abs=0.05)
    assert first.ci_high == pytest.approx(ref.high, abs=0.05)
    assert first.estimate == pytest.approx(1.2)


def test_bootstrap_of_constant_changes_is_a_point():
    res = paired_change([1.0, 2, 3, 4, 5, 6], [3.0, 4, 5, 6, 7, 8]).bootstrap
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
    assert "empirical quantiles" in band["method"].iloc[0]


@pytest.mark.parametrize(("n", "status"), [(7, "insufficient"), (8, "ok")])
def test_band_needs_8_units(n, status):
    panel = _panel([80.0] * n, [80.0 + c for c in CHANGES_BAND[:n]])
    band = ordinary_variation_band(panel, 2022, 2023)
    assert (band["status"] == status).all()
    if status == "insufficient":
        assert not band["unusual"].any()
        assert band["reason"].iloc[0] == "n = 7 units with both years; at least 8 are needed"


# --- verdict -----------------------------------------------------------------------------

_SIG = StatResult(method="t", n=30, estimate=1.264, pvalue=0.001, p_adjusted=0.003)


@pytest.mark.parametrize(
    ("result", "lang", "expected"),
    [
        (
            _SIG,
            "vi",
            "Điểm trung bình tăng 1,26 điểm; mức tăng này khó có thể do ngẫu nhiên "
            "(p hiệu chỉnh = 0,003).",
        ),
        (
            _SIG,
            "en",
            "The mean score rose by 1.26 points; a rise this large is unlikely to be chance "
            "alone (adjusted p = 0.003).",
        ),
        (
            _SIG.replace(estimate=-0.4, p_adjusted=None, pvalue=0.2104),
            "vi",
            "Điểm trung bình giảm 0,40 điểm, nhưng chưa đủ bằng chứng để khẳng định mức giảm "
            "này vượt quá dao động ngẫu nhiên (p = 0,210).",
        ),
        (
            _SIG.replace(p_adjusted=0.0000123),
            "en",
            "The mean score rose by 1.26 points; a rise this large is unlikely to be chance "
            "alone (adjusted p < 0.001).",
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


def test_verdict_mentions_the_method_change():
    res = _SIG.replace(warning="2023 (...) and 2024 (...) were scored under different methods")
    assert "phương pháp" in verdict(res, "vi")
    assert "different methods" in verdict(res, "en")


def test_verdict_accepts_paired_change_and_table_rows():
    pc = paired_change(BEFORE_A, AFTER_A)
    assert verdict(pc, "en").startswith("The mean score rose by 1.20 points")
    row = yoy_table(_panel(BEFORE_A, AFTER_A), 2022, 2023).iloc[0]
    # one indicator: Holm leaves p unchanged, 0.0084 < 0.05
    assert verdict(row, "vi") == (
        "Điểm trung bình tăng 1,20 điểm; mức tăng này khó có thể do ngẫu nhiên "
        "(p hiệu chỉnh = 0,008)."
    )


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
