"""Tests for analysis.stats.multiplicity (Holm and Benjamini–Hochberg)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests

from analysis.stats.multiplicity import adjust, benjamini_hochberg, holm

P_SETS = [
    [0.01, 0.04, 0.03, 0.005, 0.2],
    [0.5],
    [0.001, 0.001, 0.001],
    [0.9, 0.8, 0.01, 0.04, 0.03, 0.02, 0.6],
    [0.0, 1.0, 0.05],
]


def test_holm_hand_worked():
    # sorted 0.005 0.01 0.03 0.04 0.2 times 5 4 3 2 1 -> 0.025 0.04 0.09 0.08 0.2;
    # running maximum -> 0.025 0.04 0.09 0.09 0.2
    # statsmodels multipletests(p, method="holm")[1] -> [0.04, 0.09, 0.09, 0.025, 0.2]
    np.testing.assert_allclose(holm(P_SETS[0]), [0.04, 0.09, 0.09, 0.025, 0.2])


def test_bh_hand_worked():
    # sorted 0.005 0.01 0.03 0.04 0.2 times 5/1 5/2 5/3 5/4 5/5 -> .025 .025 .05 .05 .2
    # statsmodels multipletests(p, method="fdr_bh")[1] -> [0.025, 0.05, 0.05, 0.025, 0.2]
    np.testing.assert_allclose(benjamini_hochberg(P_SETS[0]), [0.025, 0.05, 0.05, 0.025, 0.2])


@pytest.mark.parametrize("pvalues", P_SETS)
def test_holm_matches_statsmodels(pvalues):
    # statsmodels.stats.multitest.multipletests(pvalues, method="holm")[1]
    np.testing.assert_allclose(holm(pvalues), multipletests(pvalues, method="holm")[1])


@pytest.mark.parametrize("pvalues", P_SETS)
def test_bh_matches_statsmodels(pvalues):
    # statsmodels.stats.multitest.multipletests(pvalues, method="fdr_bh")[1]
    np.testing.assert_allclose(
        benjamini_hochberg(pvalues), multipletests(pvalues, method="fdr_bh")[1]
    )


@pytest.mark.parametrize(("method", "sm_method"), [("holm", "holm"), ("bh", "fdr_bh")])
def test_missing_pvalues_stay_nan_and_are_not_counted(method, sm_method):
    pvalues = [0.01, None, 0.04, float("nan"), 0.03]
    out = adjust(pvalues, method)
    assert math.isnan(out[1]) and math.isnan(out[3])
    # m = 3: statsmodels multipletests([0.01, 0.04, 0.03], method=sm_method)[1]
    expected = multipletests([0.01, 0.04, 0.03], method=sm_method)[1]
    np.testing.assert_allclose(out[[0, 2, 4]], expected)


def test_empty_and_all_missing_inputs():
    assert holm([]).size == 0
    assert np.isnan(benjamini_hochberg([None, None])).all()


def test_unknown_method_and_bad_pvalues_are_programming_errors():
    with pytest.raises(ValueError):
        adjust([0.1], "bonferroni")
    with pytest.raises(ValueError):
        holm([1.2])
    with pytest.raises(ValueError):
        benjamini_hochberg([-0.1])


_pvals = st.lists(
    st.one_of(st.floats(min_value=0, max_value=1), st.none()), min_size=1, max_size=30
)


@settings(max_examples=100, deadline=None)
@given(_pvals)
def test_adjusted_pvalues_are_at_least_raw_and_at_most_one(pvalues):
    raw = np.array([np.nan if p is None else p for p in pvalues])
    ok = ~np.isnan(raw)
    h, b = holm(pvalues), benjamini_hochberg(pvalues)
    for adj in (h, b):
        assert np.array_equal(np.isnan(adj), ~ok)
        assert np.all(adj[ok] >= raw[ok] - 1e-15)
        assert np.all(adj[ok] <= 1.0)
    # Holm controls the FWER, so it is never less conservative than BH
    assert np.all(h[ok] >= b[ok] - 1e-15)


@settings(max_examples=50, deadline=None)
@given(_pvals, st.randoms())
def test_adjustment_does_not_depend_on_order(pvalues, rnd):
    order = list(range(len(pvalues)))
    rnd.shuffle(order)
    shuffled = [pvalues[i] for i in order]
    for fn in (holm, benjamini_hochberg):
        np.testing.assert_allclose(fn(shuffled), fn(pvalues)[order])
