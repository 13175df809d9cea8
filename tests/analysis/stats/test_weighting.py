"""Tests for analysis.stats.weighting (what-if arithmetic)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.stats.weighting import apply_changes, rank_of, recompute_total, target_changes

MAX_POINTS = {"direction": 6.0, "institutions": 8.0, "procedures": 12.0}


def test_recompute_total_hand_worked():
    comps = {"direction": 90.0, "institutions": 75.0, "procedures": 80.0}
    # hand: (90*6 + 75*8 + 80*12) / 26 = (540 + 600 + 960) / 26 = 80.769231
    assert recompute_total(comps, MAX_POINTS) == pytest.approx(2100 / 26)


def test_recompute_total_leaves_missing_components_out():
    comps = {"direction": 90.0, "institutions": float("nan"), "procedures": 80.0}
    # hand: (540 + 960) / 18 = 83.333333
    assert recompute_total(comps, MAX_POINTS) == pytest.approx(1500 / 18)
    assert math.isnan(recompute_total({"direction": None}, MAX_POINTS))


def test_recompute_total_needs_max_points_for_every_component():
    with pytest.raises(ValueError):
        recompute_total({"other": 50.0}, MAX_POINTS)
    with pytest.raises(ValueError):
        recompute_total({"a": 50.0}, {"a": 0})


def test_apply_changes_hand_worked():
    current = {"direction": 90.0, "institutions": 75.0, "procedures": 80.0}
    new = {"institutions": 100.0, "procedures": 70.0}
    # hand: (100 - 75) * 8 / 100 + (70 - 80) * 12 / 100 = 2.0 - 1.2 = +0.8
    assert apply_changes(88.5, current, new, MAX_POINTS) == pytest.approx(89.3)


def test_apply_changes_ignores_missing_scores_and_no_change_is_identity():
    current = {"direction": float("nan"), "procedures": 80.0}
    assert apply_changes(88.5, current, {"direction": 100.0}, MAX_POINTS) == 88.5
    assert apply_changes(88.5, current, {}, MAX_POINTS) == 88.5


@pytest.mark.parametrize(
    ("score", "others", "rank"),
    [
        (85.0, [90.0, 85.0, 70.0], 2),  # tie with 85 shares the better rank
        (95.0, [90.0, 85.0], 1),
        (60.0, [90.0, 85.0], 3),
        (85.0, [float("nan"), 90.0], 2),  # missing scores ignored
        (85.0, [], 1),
    ],
)
def test_rank_of(score, others, rank):
    assert rank_of(score, others) == rank


def _wide() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "total": [92.0, 90.0, 88.0, 85.0],
            "direction": [95.0, 90.0, 85.0, 80.0],
            "institutions": [90.0, 92.0, 70.0, 99.0],
            "procedures": [88.0, 86.0, 84.0, 60.0],
            "organisation": [80.0, 80.0, 80.0, 80.0],
        },
        index=["a", "b", "c", "d"],
    )


def test_target_changes_hand_worked():
    out = target_changes("d", 2, _wide(), MAX_POINTS).set_index("component")
    # others' totals 92 90 88: rank 2 needs 90 (a tie with b shares rank 2): +5 points
    assert (out["total_points_needed"] == 5.0).all()
    assert (out["current_rank"] == 4).all()
    # direction: 5 * 100 / 6 = 83.33 pp -> 163.33% > 100: infeasible
    assert math.isnan(out.loc["direction", "required"])
    assert not out.loc["direction", "feasible"]
    assert "163.33%" in out.loc["direction", "reason"]
    # institutions: 5 * 100 / 8 = 62.5 pp -> 161.5%: infeasible
    assert not out.loc["institutions", "feasible"]
    # procedures: 5 * 100 / 12 = 41.67 pp -> 101.67%: infeasible; lower target below
    assert not out.loc["procedures", "feasible"]
    # organisation has no maximum points
    assert out.loc["organisation", "reason"] == "maximum points of this component are not known"


def test_target_changes_feasible_and_reaches_the_target():
    out = target_changes("d", 3, _wide(), MAX_POINTS).set_index("component")
    # rank 3 needs 88: +3 points; procedures: 3 * 100 / 12 = 25 pp -> 85%
    assert out.loc["procedures", "change"] == pytest.approx(25.0)
    assert out.loc["procedures", "required"] == pytest.approx(85.0)
    # applying it gives 88, which ties c and so takes rank 3
    wide = _wide()
    new_total = apply_changes(85.0, wide.loc["d"].to_dict(), {"procedures": 85.0}, MAX_POINTS)
    assert new_total == pytest.approx(88.0)
    assert rank_of(new_total, wide["total"].drop("d")) == 3


def test_target_changes_already_there():
    out = target_changes("a", 2, _wide(), MAX_POINTS)
    assert (out["change"].dropna() == 0).all()
    assert out["total_points_needed"].eq(0).all()
    assert out["reason"].eq("already at or above the target rank").all()


def test_target_changes_programming_errors():
    with pytest.raises(ValueError):
        target_changes("zz", 1, _wide(), MAX_POINTS)
    with pytest.raises(ValueError):
        target_changes("d", 0, _wide(), MAX_POINTS)
    with pytest.raises(ValueError):
        target_changes("d", 5, _wide(), MAX_POINTS)
    with pytest.raises(ValueError):
        target_changes("d", 1, _wide().drop(columns="total"), MAX_POINTS)


def test_target_changes_missing_current_scores():
    wide = _wide()
    wide.loc["d", "procedures"] = float("nan")
    out = target_changes("d", 3, wide, MAX_POINTS).set_index("component")
    assert out.loc["procedures", "reason"] == "the current component score is missing"
    wide.loc["d", "total"] = float("nan")
    out = target_changes("d", 1, wide, MAX_POINTS)
    assert out["reason"].eq("the unit's current total is missing").all()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=50, max_value=99, allow_nan=False), min_size=3, max_size=12),
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.integers(min_value=1, max_value=12),
)
def test_feasible_changes_reach_the_target_rank_and_no_less_would(totals, comp, target):
    totals = [round(t, 2) for t in totals]
    target = min(target, len(totals))
    units = [f"u{i}" for i in range(len(totals))]
    wide = pd.DataFrame({"total": totals, "procedures": round(comp, 2)}, index=units)
    out = target_changes("u0", target, wide, {"procedures": 12.0}).iloc[0]
    others = wide["total"].drop("u0")
    if out["feasible"]:
        new_total = apply_changes(
            totals[0],
            {"procedures": wide.loc["u0", "procedures"]},
            {"procedures": out["required"]},
            {"procedures": 12.0},
        )
        assert rank_of(new_total + 1e-9, others) <= target
        if out["change"] > 1e-6:
            assert rank_of(new_total - 1e-6, others) > target
        assert out["required"] <= 100.0 + 1e-9
    else:
        assert math.isnan(out["required"]) and out["reason"]
