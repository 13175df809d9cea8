"""The year-over-year table and its bootstrap after the speed-ups give the former results.

Formerly every indicator validated the whole panel again (``unit_values``) and drew
``n_boot x n`` int64 indices at once from ``default_rng(seed)``. Now the panel is split by
indicator once and the draws are made in chunks, once for all indicators with the same
number of pairs, and a resample's mean is computed from how often each value was drawn. The
draws are the same; every result is the same bit for bit except the bootstrap means (and
the percentile interval taken from them), which are summed in another order and agree to
relative 1e-13.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis.stats.change as change
from analysis.stats.change import paired_change, yoy_table
from analysis.stats.periods import DEFAULT_PERIODS
from analysis.stats.result import unit_values


def _one_shot(values: np.ndarray, n_boot: int, seed: int) -> np.ndarray:
    """The former bootstrap: every index drawn at once."""
    rng = np.random.default_rng(seed)
    return values[rng.integers(0, values.size, size=(n_boot, values.size))].mean(axis=1)


@pytest.mark.parametrize("n", [1, 6, 7, 50, 997])
@pytest.mark.parametrize("chunk", [1, 13, 4096, change._BOOT_CHUNK])
def test_chunked_draws_give_the_one_shot_means(monkeypatch, n, chunk):
    monkeypatch.setattr(change, "_BOOT_CHUNK", chunk)
    values = np.sort(np.round(np.random.default_rng(n).normal(0.4, 1.5, n), 2))
    got = change._bootstrap_means(values[None, :], 301, seed=5)[0]
    # _one_shot is the former computation: values[indices].mean(axis=1).
    np.testing.assert_allclose(got, _one_shot(values, 301, 5), rtol=1e-13, atol=1e-13)


def test_series_of_one_length_share_the_draws_of_each_alone(monkeypatch):
    monkeypatch.setattr(change, "_BOOT_CHUNK", 100)
    rng = np.random.default_rng(2)
    series = np.sort(np.round(rng.normal(0, 2, (4, 30)), 1), axis=1)
    together = change._bootstrap_means(series, 250, seed=9)
    for j in range(4):
        np.testing.assert_allclose(
            together[j], _one_shot(series[j], 250, 9), rtol=1e-13, atol=1e-13
        )


def test_bootstrap_memory_is_bounded_by_the_chunk(monkeypatch):
    sizes: list[int] = []
    make_rng = np.random.default_rng

    class Spy:
        def __init__(self, seed):
            self._rng = make_rng(seed)

        def integers(self, *args, **kwargs):
            out = self._rng.integers(*args, **kwargs)
            sizes.append(out.size)
            return out

    monkeypatch.setattr(change.np.random, "default_rng", Spy)
    change._bootstrap_means(np.zeros((3, 1000)), 2000, seed=0)
    assert max(sizes) <= change._BOOT_CHUNK
    assert sum(sizes) == 2000 * 1000  # drawn once for the three series


def _former_yoy(panel: pd.DataFrame, year_a: int, year_b: int) -> list[dict[str, object]]:
    """The per-indicator results as the former loop computed them."""
    out = []
    for ind in sorted(panel["indicator_id"].unique()):
        before = unit_values(panel, ind, year_a)
        after = unit_values(panel, ind, year_b)
        pc = paired_change(
            before, after, ind, periods=DEFAULT_PERIODS, year_a=year_a, year_b=year_b
        )
        out.append(
            {
                "indicator": ind,
                "n": pc.paired_t.n,
                "estimate": pc.paired_t.estimate,
                "statistic": pc.paired_t.statistic,
                "pvalue": pc.paired_t.pvalue,
                "ci_low": pc.paired_t.ci_low,
                "ci_high": pc.paired_t.ci_high,
                "effect_size": pc.paired_t.effect_size,
                "status": pc.paired_t.status,
                "warning": pc.paired_t.warning,
                "p_wilcoxon": pc.wilcoxon.pvalue,
                "rank_biserial": pc.wilcoxon.effect_size,
                "p_sign": pc.sign.pvalue,
                "boot_ci_low": pc.bootstrap.ci_low,
                "boot_ci_high": pc.bootstrap.ci_high,
                "n_up": pc.n_up,
                "n_down": pc.n_down,
                "n_same": pc.n_same,
            }
        )
    return out


@st.composite
def _panels(draw: st.DrawFn) -> pd.DataFrame:
    n_units = draw(st.integers(min_value=4, max_value=14))
    # Coarse scores give ties and zero changes; fine ones give bootstrap CIs that move
    # with the draws (coarse means take few values, so their quantiles rarely do).
    if draw(st.booleans()):
        score = st.integers(min_value=700, max_value=712).map(lambda v: v / 10)
    else:
        score = st.integers(min_value=7000, max_value=7600).map(lambda v: v / 100)
    rows = []
    for ind in ("total", "procedures", "direction"):
        for year in (2022, 2023):
            # A few missing cells give the indicators different numbers of pairs.
            missing = draw(st.sets(st.integers(0, n_units - 1), max_size=2))
            rows += [
                {"unit_id": f"u{i:02d}", "year": year, "indicator_id": ind, "value": draw(score)}
                for i in range(n_units)
                if i not in missing
            ]
    return pd.DataFrame(rows)


def _same(x: object, y: object, key: str = "") -> bool:
    if isinstance(x, float) and isinstance(y, float) and np.isnan(x) and np.isnan(y):
        return True
    if x is None and isinstance(y, float) and np.isnan(y):
        return True
    if y is None and isinstance(x, float) and np.isnan(x):
        return True
    if key.startswith("boot_") and isinstance(x, float) and isinstance(y, float):
        return bool(np.isclose(x, y, rtol=1e-12, atol=1e-12))  # summed in another order
    return x == y


@settings(max_examples=40, deadline=None)
@given(_panels())
def test_yoy_table_gives_the_former_per_indicator_results(panel):
    table = yoy_table(panel, 2022, 2023, indicators=sorted(panel["indicator_id"].unique()))
    expected = _former_yoy(panel, 2022, 2023)
    assert len(table) == len(expected)
    for row, want in zip(table.to_dict("records"), expected, strict=True):
        for key, value in want.items():
            assert _same(row[key], value, key), (key, row[key], value)


def test_yoy_table_is_deterministic_for_a_seed_and_changes_with_it():
    rng = np.random.default_rng(0)
    units = [f"u{i}" for i in range(40)]
    panel = pd.DataFrame(
        [
            {"unit_id": u, "year": y, "indicator_id": ind, "value": round(rng.normal(80, 3), 2)}
            for ind in ("total", "procedures")
            for u in units
            for y in (2022, 2023)
        ]
    )
    first = yoy_table(panel, 2022, 2023, seed=4)
    pd.testing.assert_frame_equal(first, yoy_table(panel, 2022, 2023, seed=4))
    other = yoy_table(panel, 2022, 2023, seed=5)
    assert not np.array_equal(first["boot_ci_low"], other["boot_ci_low"])
