"""Tests for analysis.reports.ranking: ranks, the ranking table, default units of the charts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.reports.ranking import (
    RANKING_COLUMNS,
    fill_ranks,
    movement_arrow,
    pick_units,
    ranking_table,
)
from analysis.stats.result import unit_ranks


def _panel(rows):
    return pd.DataFrame(rows, columns=["unit_id", "year", "indicator_id", "value", "rank"])


def _full(n_units=12, years=(2022, 2023), seed=1):
    rng = np.random.default_rng(seed)
    rows = []
    for y in years:
        values = rng.uniform(80, 99, n_units).round(2)
        order = (-values).argsort().argsort() + 1
        rows += [
            (f"u{i:02d}", y, "total", float(values[i]), float(order[i])) for i in range(n_units)
        ]
    return _panel(rows)


# --- fill_ranks -----------------------------------------------------------------------------


def test_fill_ranks_keeps_published_ranks_and_computes_only_unranked_years():
    p = _panel(
        [
            ("a", 2022, "total", 90.0, None),
            ("b", 2022, "total", 95.0, None),
            ("c", 2022, "total", 90.0, None),
            ("a", 2023, "total", 91.0, 12.0),  # published: 12th of 30
            ("b", 2023, "total", 92.0, None),  # a score without a published rank
        ]
    )
    out = fill_ranks(p).set_index(["unit_id", "year"])
    # 2022 has no rank at all: competition ranks of the scores (tie shares the better place)
    assert out.loc[("b", 2022), "rank"] == 1 and out.loc[("a", 2022), "rank"] == 2
    assert out.loc[("c", 2022), "rank"] == 2
    assert out.loc[("a", 2022), "rank_computed"]
    # 2023 has a published rank: kept, and no place is invented for b
    assert out.loc[("a", 2023), "rank"] == 12 and not out.loc[("a", 2023), "rank_computed"]
    assert math.isnan(out.loc[("b", 2023), "rank"])


def test_fill_ranks_agrees_with_unit_ranks():
    p = _full()
    p.loc[p["year"] == 2022, "rank"] = None
    filled = fill_ranks(p)
    for year in (2022, 2023):
        mine = filled[filled["year"] == year].set_index("unit_id")["rank"].sort_index()
        theirs = unit_ranks(p, "total", year).sort_index()
        pd.testing.assert_series_equal(mine, theirs, check_names=False)


def test_fill_ranks_without_rank_column():
    p = pd.DataFrame(
        {"unit_id": ["a", "b"], "year": 2023, "indicator_id": "total", "value": [1.0, 2.0]}
    )
    assert fill_ranks(p).sort_values("unit_id")["rank"].tolist() == [2.0, 1.0]


# --- movement_arrow -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "text"),
    [(11.0, "▲ 11"), (1, "▲ 1"), (-3.0, "▼ 3"), (0.0, "= 0"), (None, "—"), (float("nan"), "—")],
)
def test_movement_arrow_says_direction_without_colour(change, text):
    assert movement_arrow(change) == text


# --- ranking_table --------------------------------------------------------------------------


def test_ranking_table_hand_worked():
    p = _panel(
        [
            ("a", 2022, "total", 90.0, 3.0),
            ("b", 2022, "total", 92.0, 1.0),
            ("c", 2022, "total", 91.0, 2.0),
            ("a", 2023, "total", 94.0, 1.0),
            ("b", 2023, "total", 91.0, 3.0),
            ("c", 2023, "total", None, 2.0),  # rank published, score not
        ]
    )
    t = ranking_table(p, ["a", "b", "c", "d"], 2023, [2022, 2023])
    assert list(t.columns) == list(RANKING_COLUMNS)
    assert t["unit_id"].tolist() == ["a", "c", "b", "d"]
    # rank change = previous rank - rank (positive = up): a 3 -> 1 is +2, b 1 -> 3 is -2
    assert t.set_index("unit_id")["rank_change"].to_dict() == pytest.approx(
        {"a": 2.0, "c": 0.0, "b": -2.0, "d": float("nan")}, nan_ok=True
    )
    assert t.set_index("unit_id").loc["c", "history"] == [91.0, None]
    assert t.set_index("unit_id").loc["d", "history"] == [None, None]
    assert math.isnan(t.set_index("unit_id").loc["c", "score"])


def test_ranking_table_ranks_are_places_among_all_units_not_the_listed_ones():
    p = _full(n_units=10)
    p["rank"] = None  # computed from the scores of all ten
    t = ranking_table(p, ["u03", "u07"], 2023, [2022, 2023])
    full = ranking_table(p, [f"u{i:02d}" for i in range(10)], 2023, [2022, 2023]).set_index(
        "unit_id"
    )
    for row in t.itertuples():
        assert row.rank == full.loc[row.unit_id, "rank"]


def test_ranking_table_previous_year_outside_the_panel_gives_no_change():
    p = _full(years=(2023,))
    t = ranking_table(p, ["u00"], 2023, [2023])
    assert math.isnan(t["rank_change"].iloc[0]) and t["history"].iloc[0] == [t["score"].iloc[0]]


# --- pick_units -----------------------------------------------------------------------------


def test_pick_units_top_and_bottom_of_the_end_year():
    p = _full(n_units=12)
    end = p[p["year"] == 2023].sort_values("rank")["unit_id"].tolist()
    ids, rule = pick_units(p, 2023, [f"u{i:02d}" for i in range(12)], k=4)
    assert rule == "top_bottom"
    assert ids == end[:4] + end[-4:]


def test_pick_units_all_when_few():
    p = _full(n_units=6)
    ids, rule = pick_units(p, 2023, [f"u{i:02d}" for i in range(6)], k=4)
    assert rule == "all" and len(ids) == 6
    assert ids[0] == p[(p["year"] == 2023) & (p["rank"] == 1)]["unit_id"].iloc[0]


def test_pick_units_only_among_the_allowed_units():
    p = _full(n_units=12)
    allowed = [f"u{i:02d}" for i in range(0, 12, 2)]
    ids, rule = pick_units(p, 2023, allowed, k=4)
    assert set(ids) <= set(allowed) and rule == "all"


def test_pick_units_sparse_ranks_top_up_with_most_data():
    p = _panel([(f"u{i}", 2023, "total", 90.0 + i, None) for i in range(10)])  # scores, no ranks
    p.loc[p["unit_id"] == "u9", "rank"] = 1.0  # only one published rank in 2023
    p = pd.concat(
        [p, _panel([("u5", 2022, "total", 88.0, None), ("u5", 2021, "total", 87.0, None)])]
    )
    ids, rule = pick_units(p, 2023, [f"u{i}" for i in range(10)], k=2)
    assert rule == "most_data"
    assert ids[0] == "u9" and ids[1] == "u5" and len(ids) == 4


def test_pick_units_by_rank_ignores_units_without_ranks():
    p = _panel([(f"u{i}", 2023, "total", 90.0 + i, 1.0 if i == 0 else None) for i in range(10)])
    ids, rule = pick_units(p, 2023, [f"u{i}" for i in range(10)], measure="rank")
    assert (ids, rule) == (["u0"], "all")
    with pytest.raises(ValueError):
        pick_units(p, 2023, ["u0"], measure="score")


@pytest.mark.parametrize(
    ("n", "ticks"),
    [
        (30, [1, 5, 10, 15, 20, 25, 30]),
        (51, [1, 10, 20, 30, 40, 50]),
        (75, [1, 10, 20, 30, 40, 50, 60, 70, 75]),
        (126, [1, 25, 50, 75, 100, 125]),
        (4, [1, 4]),
    ],
)
def test_rank_axis_ticks_start_at_one_and_reach_the_last_place_unless_crowded(n, ticks):
    from analysis.reports.ranking import rank_axis_ticks

    assert rank_axis_ticks(n) == ticks
