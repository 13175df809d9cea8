"""Tests for analysis.stats.trend_batch: every row agrees with the SciPy call it replaces."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analysis.stats.trend_batch import mann_kendall, ols_slope, theil_sen

TOL = {"rtol": 1e-9, "atol": 1e-9}


def _scipy_rows(values: np.ndarray, years: np.ndarray) -> dict[str, np.ndarray]:
    """The per-row SciPy results (what analysis.stats.trend._unit_row calls)."""
    out: dict[str, list[float]] = {k: [] for k in ("ts", "lo", "hi", "ols", "se", "tau", "p")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # constant rows: SciPy warns and returns NaN
        for row in values:
            ts = stats.theilslopes(row, years, alpha=0.95)
            lr = stats.linregress(years, row)
            kt = stats.kendalltau(years, row)
            for key, value in zip(
                out,
                (
                    ts.slope,
                    ts.low_slope,
                    ts.high_slope,
                    lr.slope,
                    lr.stderr,
                    kt.statistic,
                    kt.pvalue,
                ),
                strict=True,
            ):
                out[key].append(float(value))
    return {k: np.array(v) for k, v in out.items()}


def _assert_matches_scipy(values: np.ndarray, years: np.ndarray) -> None:
    ref = _scipy_rows(values, years)
    ts = theil_sen(values, years)
    ols = ols_slope(values, years)
    mk = mann_kendall(values, years)
    np.testing.assert_allclose(ts.slope, ref["ts"], **TOL)
    np.testing.assert_allclose(ts.low, ref["lo"], **TOL)
    np.testing.assert_allclose(ts.high, ref["hi"], **TOL)
    np.testing.assert_allclose(ols.slope, ref["ols"], **TOL)
    np.testing.assert_allclose(ols.stderr, ref["se"], **TOL)
    np.testing.assert_allclose(mk.tau, ref["tau"], **TOL)
    np.testing.assert_allclose(mk.pvalue, ref["p"], **TOL)


@st.composite
def _panels(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n_years = draw(st.integers(min_value=3, max_value=9))
    n_rows = draw(st.integers(min_value=1, max_value=6))
    first = draw(st.integers(min_value=2010, max_value=2020))
    gaps = draw(st.lists(st.integers(1, 3), min_size=n_years - 1, max_size=n_years - 1))
    years = np.cumsum([first, *gaps])
    # Few distinct values (one decimal, a narrow range) so ties and constant rows are common.
    value = st.integers(min_value=700, max_value=712).map(lambda v: v / 10)
    rows = draw(
        st.lists(
            st.lists(value, min_size=n_years, max_size=n_years), min_size=n_rows, max_size=n_rows
        )
    )
    return np.array(rows, dtype=float), years


@settings(max_examples=60, deadline=None)
@given(_panels())
def test_every_row_matches_scipy_on_random_series_with_ties(panel):
    values, years = panel
    _assert_matches_scipy(values, years)


def test_rows_match_scipy_on_scores_with_two_decimals():
    rng = np.random.default_rng(7)
    for n in range(3, 12):
        values = np.round(rng.normal(80, 6, (40, n)), 2)
        _assert_matches_scipy(values, np.arange(2014, 2014 + n))


def test_rows_match_scipy_on_exact_straight_lines():
    # A perfect fit: r = 1 and a zero standard error, the case most sensitive to rounding.
    years = np.arange(2019, 2025)
    values = np.array([80 + 1.5 * np.arange(6), 90 - 0.25 * np.arange(6), 70 + 0.1 * np.arange(6)])
    _assert_matches_scipy(values, years)


def test_constant_rows_give_nan_tau_and_nan_ols_error_as_scipy_does():
    years = np.array([2020, 2021, 2022, 2023])
    values = np.array([[81.0] * 4, [80.0, 81.0, 81.0, 82.0]])
    mk = mann_kendall(values, years)
    ols = ols_slope(values, years)
    assert np.isnan(mk.tau[0]) and np.isnan(mk.pvalue[0])
    assert ols.slope[0] == 0 and np.isnan(ols.stderr[0])
    # hand: pairwise slopes 1, 1/2, 2/3, 0, 1/2, 1 -> median (1/2 + 2/3) / 2 = 7/12
    assert theil_sen(values, years).slope == pytest.approx([0.0, 7 / 12])
    _assert_matches_scipy(values, years)


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7, 8])
def test_exact_kendall_p_matches_scipy_for_every_order_of_distinct_values(n):
    # Every permutation for small n covers every count of concordant pairs.
    perms = np.array(list(itertools.permutations(range(n))), dtype=float)
    if len(perms) > 400:
        perms = perms[np.random.default_rng(n).choice(len(perms), 400, replace=False)]
    years = np.arange(2000, 2000 + n)
    mk = mann_kendall(perms, years)
    ref = [stats.kendalltau(years, row) for row in perms]
    np.testing.assert_allclose(mk.tau, [r.statistic for r in ref], **TOL)
    np.testing.assert_allclose(mk.pvalue, [r.pvalue for r in ref], **TOL)


def test_long_series_use_the_normal_approximation_unless_s_is_extreme_as_scipy_does():
    rng = np.random.default_rng(3)
    n = 40
    values = np.vstack(
        [
            rng.permutation(n).astype(float),  # no ties, n > 33: normal approximation
            np.arange(n, dtype=float),  # S at its maximum: exact
            np.r_[1.0, 0.0, np.arange(2, n)],  # one discordant pair: exact
        ]
    )
    _assert_matches_scipy(values, np.arange(1980, 1980 + n))


def test_many_rows_at_once_equal_the_rows_one_by_one():
    rng = np.random.default_rng(11)
    values = np.round(rng.normal(75, 3, (500, 6)), 1)
    years = np.arange(2019, 2025)
    together = theil_sen(values, years)
    one = theil_sen(values[123:124], years)
    assert together.slope[123] == one.slope[0]
    assert together.low[123] == one.low[0] and together.high[123] == one.high[0]


@pytest.mark.parametrize(
    ("values", "years", "message"),
    [
        (np.ones((2, 3)), np.array([2021, 2020, 2022]), "increasing"),
        (np.ones((2, 3)), np.array([2020, 2020, 2022]), "increasing"),
        (np.array([[1.0, np.inf, 2.0]]), np.array([2020, 2021, 2022]), "finite"),
        (np.ones(3), np.array([2020, 2021, 2022]), "2-D"),
    ],
)
def test_bad_input_is_a_programming_error(values, years, message):
    with pytest.raises(ValueError, match=message):
        theil_sen(values, years)


def test_ols_needs_three_years():
    with pytest.raises(ValueError, match="at least 3"):
        ols_slope(np.ones((1, 2)), np.array([2020, 2021]))
