"""Tests for analysis.reports.unit_report (report-card arithmetic)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.reports.unit_report import assumed_max_points, component_benchmarks, rank_change
from analysis.stats.result import COMPONENT_IDS


def test_assumed_max_points_default_shares_the_remaining_92_points():
    w = assumed_max_points({"institutions": 8.0, "direction": None})
    assert list(w.component) == list(COMPONENT_IDS)
    # hand: (100 - 8) / 7 = 13.142857 for each of the seven unknown components
    assert w.set_index("component").max_points["procedures"] == pytest.approx(92 / 7)
    assert w.set_index("component").max_points["institutions"] == 8.0
    assert w.max_points.sum() == pytest.approx(100.0)
    assert w.assumed.sum() == 7


def test_assumed_max_points_ignores_nan_and_nonpositive_and_refuses_overfull():
    w = assumed_max_points({"a": math.nan, "b": 0.0, "c": 10.0}, ["a", "b", "c"], 40)
    assert w.max_points.tolist() == [15.0, 15.0, 10.0]
    with pytest.raises(ValueError, match="leave nothing"):
        assumed_max_points({"a": 60.0, "b": 40.0}, ["a", "b", "c"], 100)
    all_known = assumed_max_points({"a": 3.0, "b": 5.0}, ["a", "b"])
    assert not all_known.assumed.any() and all_known.max_points.tolist() == [3.0, 5.0]


def test_component_benchmarks_against_pandas():
    p = pd.DataFrame(
        {
            "unit_id": ["a", "b", "c", "d"] * 2,
            "year": 2023,
            "indicator_id": ["procedures"] * 4 + ["direction"] * 4,
            "value": [90.0, 96.0, 96.0, math.nan, 70.0, 75.0, 80.0, 85.0],
        }
    )
    out = component_benchmarks(p, "a", 2023, ["procedures", "direction", "civil_service"])
    proc = out.iloc[0]
    assert proc["mean"] == pytest.approx((90 + 96 + 96) / 3)  # the NaN unit is left out
    assert proc["n_units"] == 3 and proc["best_units"] == ("b", "c") and proc["position"] == 3
    assert out.iloc[1]["gap_best"] == pytest.approx(70 - 85)
    assert out.iloc[2]["n_units"] == 0 and math.isnan(out.iloc[2]["mean"])


def test_component_benchmarks_unit_without_value():
    p = pd.DataFrame(
        {"unit_id": ["b"], "year": 2023, "indicator_id": "procedures", "value": [90.0]}
    )
    out = component_benchmarks(p, "a", 2023, ["procedures"])
    assert math.isnan(out.iloc[0]["value"]) and math.isnan(out.iloc[0]["position"])
    assert out.iloc[0]["mean"] == 90.0


def test_rank_change_uses_published_ranks_only():
    p = pd.DataFrame(
        {
            "unit_id": ["a", "a", "a", "b"],
            "year": [2019, 2021, 2022, 2022],
            "indicator_id": "total",
            "value": [90.0, 91.0, 95.0, 99.0],
            "rank": [12.0, math.nan, 15.0, 1.0],
        }
    )
    out = rank_change(p, "a")
    # 2021 has no rank: the previous ranked year is 2019; 12 -> 15 is three places down
    assert out == {
        "year": 2022,
        "rank": 15,
        "previous_year": 2019,
        "previous_rank": 12,
        "places_up": -3,
    }
    assert rank_change(p, "zzz") is None
    assert rank_change(p.drop(columns="rank"), "a") is None
    single = rank_change(p, "b")
    assert single["rank"] == 1 and single["previous_rank"] is None
