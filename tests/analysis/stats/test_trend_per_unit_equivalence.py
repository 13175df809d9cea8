"""unit_trends and citywide_trend give what the per-unit SciPy code gives.

``unit_trends`` computes the units that share their years together (analysis.stats.trend_batch);
the reference here is the former implementation: ``_unit_row`` (one set of SciPy calls per
unit) for every unit, and the median of per-unit ``theilslopes`` for the citywide estimate.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analysis.stats.periods import DEFAULT_PERIODS, MethodPeriod
from analysis.stats.result import check_panel, indicator_by_year
from analysis.stats.trend import (
    UNIT_TREND_COLUMNS,
    _adjust_unit_pvalues,
    _unit_row,
    _year_range,
    citywide_trend,
    unit_trends,
)

YEARS = tuple(range(2017, 2025))


def _per_unit(
    panel: pd.DataFrame,
    indicator: str = "total",
    year_from: int | None = None,
    year_to: int | None = None,
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
) -> pd.DataFrame:
    """unit_trends as it was: _unit_row for every unit."""
    data = check_panel(panel)
    years = _year_range(data, indicator, year_from, year_to)
    wide = indicator_by_year(data, indicator, years)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SciPy on infinite values
        rows = [_unit_row(str(unit), wide.loc[unit], periods) for unit in wide.index]
    frame = pd.DataFrame(rows, columns=list(UNIT_TREND_COLUMNS), dtype=object)
    num = list(UNIT_TREND_COLUMNS[2:12])  # slope_theil_sen … ci_level
    frame[num] = frame[num].astype(float)
    # The family-wide step (Holm, or no p when none can be significant) is shared.
    cols = {c: frame[c].to_numpy(copy=True) for c in frame.columns}
    cols["n"] = cols["n"].astype(np.int64)
    _adjust_unit_pvalues(cols, 0.05)
    frame = pd.DataFrame(cols, columns=list(UNIT_TREND_COLUMNS), dtype=object)
    frame[num] = frame[num].astype(float)
    frame["n"] = frame["n"].astype("int64")
    return frame


def _assert_same(panel: pd.DataFrame, **kwargs) -> None:
    pd.testing.assert_frame_equal(
        unit_trends(panel, **kwargs), _per_unit(panel, **kwargs), rtol=1e-9, atol=1e-9
    )


@st.composite
def _panels(draw: st.DrawFn) -> pd.DataFrame:
    n_units = draw(st.integers(min_value=1, max_value=8))
    # Few distinct values (ties, flat units); cells missing at random (gaps, n < 3 units).
    cell = st.one_of(st.none(), st.integers(min_value=800, max_value=806).map(lambda v: v / 10))
    rows = []
    for i in range(n_units):
        values = draw(st.lists(cell, min_size=len(YEARS), max_size=len(YEARS)))
        if draw(st.booleans()):
            values = [values[0] if v is not None else None for v in values]  # flat unit
        rows += [
            {"unit_id": f"u{i}", "year": y, "indicator_id": "total", "value": v}
            for y, v in zip(YEARS, values, strict=True)
            if v is not None or draw(st.booleans())  # a missing value: NaN row or no row
        ]
    frame = pd.DataFrame(rows, columns=["unit_id", "year", "indicator_id", "value"])
    return frame.astype({"value": float})


@settings(max_examples=80, deadline=None)
@given(_panels(), st.sampled_from([(None, None), (2019, 2024), (2021, 2023), (2018, 2019)]))
def test_unit_trends_equal_the_per_unit_scipy_results_with_gaps_ties_and_flat_units(panel, span):
    year_from, year_to = span
    _assert_same(panel, year_from=year_from, year_to=year_to)


def test_unit_trends_equal_the_per_unit_results_on_a_few_hundred_units_with_missing_years():
    rng = np.random.default_rng(5)
    rows = []
    for i in range(300):
        level, slope = rng.normal(80, 4), rng.normal(0.5, 0.6)
        for y in YEARS:
            if rng.random() < 0.15:
                continue  # a missing year: units fall into many sets of years
            rows.append(
                {
                    "unit_id": f"n{i:03d}",
                    "year": y,
                    "indicator_id": "total",
                    "value": round(level + slope * (y - 2020) + rng.normal(0, 1), 2),
                }
            )
    _assert_same(pd.DataFrame(rows))
    _assert_same(pd.DataFrame(rows), year_from=2019, year_to=2024)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # SciPy on an infinite value
def test_units_with_an_infinite_value_take_the_per_unit_path():
    panel = pd.DataFrame(
        {
            "unit_id": ["a"] * 4 + ["b"] * 4,
            "year": [2021, 2022, 2023, 2024] * 2,
            "indicator_id": "total",
            "value": [80.0, 81.0, float("inf"), 83.0, 70.0, 72.0, 71.0, 75.0],
        }
    )
    _assert_same(panel)
    assert (
        unit_trends(panel)["slope_ols"].iloc[1]
        == stats.linregress([2021, 2022, 2023, 2024], [70.0, 72.0, 71.0, 75.0]).slope
    )


def test_unit_trends_of_an_indicator_absent_from_the_panel_is_empty():
    panel = pd.DataFrame(
        {"unit_id": ["a"] * 3, "year": [2021, 2022, 2023], "indicator_id": "total", "value": 1.0}
    )
    _assert_same(panel, indicator="procedures")
    assert unit_trends(panel, indicator="procedures").empty


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=6, max_value=30), st.integers(min_value=3, max_value=7), st.randoms())
def test_citywide_estimate_is_the_median_of_per_unit_theil_sen_slopes(n_units, k, rnd):
    years = list(range(2024 - k + 1, 2025))
    rows = [
        {"unit_id": f"u{i}", "year": y, "indicator_id": "total", "value": rnd.randint(0, 8) / 4}
        for i in range(n_units)
        for y in years
    ]
    panel = pd.DataFrame(rows)
    res = citywide_trend(panel)
    if res.status != "ok":
        return  # no variation within units: no estimate to compare
    wide = panel.pivot(index="unit_id", columns="year", values="value").to_numpy(float)
    expected = np.median([stats.theilslopes(row, years).slope for row in wide])
    assert res.estimate == expected
