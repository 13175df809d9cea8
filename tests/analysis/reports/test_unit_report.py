"""Tests for analysis.reports.unit_report (report-card arithmetic)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.reports.unit_report import (
    assumed_max_points,
    component_benchmarks,
    peer_comparison,
    rank_change,
)
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


# --- peer_comparison -----------------------------------------------------------------------
def _peer_panel() -> tuple[pd.DataFrame, dict[str, str]]:
    rng = np.random.default_rng(7)
    types = {f"q{i}": "quận" for i in range(12)} | {f"h{i}": "huyện" for i in range(17)}
    types["tx"] = "thị xã"
    ids = list(types)
    scores = rng.uniform(80, 95, len(ids)).round(2)
    ranks = pd.Series(scores, index=ids).rank(ascending=False, method="first")
    panel = pd.DataFrame(
        {
            "unit_id": ids,
            "year": 2023,
            "indicator_id": "total",
            "value": scores,
            "rank": ranks.to_numpy(),
        }
    )
    return panel, types


def test_peer_spread_matches_numpy_percentiles_in_group_and_block():
    panel, types = _peer_panel()
    out = peer_comparison(panel, types, "q3", 2023).set_index("scope")
    group = panel[panel.unit_id.str.startswith("q")]["value"].to_numpy()
    block = panel["value"].to_numpy()
    for scope, values in (("group", group), ("block", block)):
        row = out.loc[scope]
        # np.percentile(values, [0, 25, 50, 75, 100]) (linear interpolation, NumPy's default)
        expected = np.percentile(values, [0, 25, 50, 75, 100])
        got = [row["min"], row["q1"], row["median"], row["q3"], row["max"]]
        assert got == pytest.approx(expected)
        assert row["mean"] == pytest.approx(values.mean())
        assert row["n_values"] == len(values)
        assert row["gap_mean"] == pytest.approx(row["value"] - values.mean())
    assert out.loc["group", "n_units"] == 12 and out.loc["block", "n_units"] == 30


def test_peer_place_in_the_block_is_the_published_rank_and_in_the_group_its_order():
    panel, types = _peer_panel()
    out = peer_comparison(panel, types, "q3", 2023).set_index("scope")
    own_rank = float(panel.set_index("unit_id").loc["q3", "rank"])
    assert out.loc["block", "position"] == own_rank
    assert out.loc["block", "position_by"] == "rank" and out.loc["block", "complete"]
    quan = panel[panel.unit_id.str.startswith("q")]
    # The unit's place among the quận by score (ranks follow scores here).
    expected = int((quan["value"] > quan.set_index("unit_id").loc["q3", "value"]).sum()) + 1
    assert out.loc["group", "position"] == expected
    assert out.loc["group", "position_of"] == 12


def test_peer_place_from_scores_when_ranks_are_missing_says_it_is_incomplete():
    panel, types = _peer_panel()
    panel["rank"] = np.nan
    panel.loc[panel.unit_id.isin(["q0", "q1"]), "value"] = np.nan  # two quận unpublished
    out = peer_comparison(panel, types, "q3", 2023).set_index("scope")
    assert out.loc["group", "position_by"] == "score"
    assert out.loc["group", "position_of"] == 10
    assert not out.loc["group", "complete"]


def test_a_unit_without_figures_keeps_its_peers_but_gets_no_place():
    panel, types = _peer_panel()
    panel.loc[panel.unit_id == "tx", ["value", "rank"]] = np.nan
    out = peer_comparison(panel, types, "tx", 2023).set_index("scope")
    assert np.isnan(out.loc["group", "value"]) and np.isnan(out.loc["group", "position"])
    assert out.loc["group", "n_values"] == 0 and np.isnan(out.loc["group", "mean"])
    assert out.loc["block", "n_values"] == 29
    assert out.loc["block", "position_by"] is None


def test_peer_comparison_rejects_a_unit_of_no_known_type_and_ignores_outsiders():
    panel, types = _peer_panel()
    with pytest.raises(KeyError):
        peer_comparison(panel, types, "nowhere", 2023)
    extra = pd.DataFrame(
        {"unit_id": ["x"], "year": 2023, "indicator_id": "total", "value": [1.0], "rank": [31.0]}
    )
    out = peer_comparison(pd.concat([panel, extra]), types, "q3", 2023)
    assert out["min"].min() > 1.0


def test_peer_place_in_the_block_is_the_published_rank_even_when_few_ranks_are_published():
    panel, types = _peer_panel()
    keep = panel.unit_id.isin(["q3", "q4", "h1"])
    panel.loc[~keep, "rank"] = np.nan
    out = peer_comparison(panel, types, "q3", 2023).set_index("scope")
    own_rank = float(panel.set_index("unit_id").loc["q3", "rank"])
    assert (out.loc["block", "position"], out.loc["block", "position_of"]) == (own_rank, 30)
    assert out.loc["group", "position_of"] == 2 and not out.loc["group", "complete"]
