"""Tests for analysis.warehouse.demo_communes: the SIMULATED 2025 panel of the 126 phường and xã."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy import stats

from analysis.codes import SCORE_INDICATORS
from analysis.warehouse.demo_communes import BLOCKS, SOURCE_ID, YEAR, simulate_communes


@pytest.fixture(scope="module")
def inputs(built_con):
    units = built_con.execute(
        "SELECT unit_id, block FROM units WHERE level = 'commune' AND block IS NOT NULL"
    ).df()
    crosswalk = built_con.execute(
        "SELECT unit_id, former_unit_id, area_share FROM unit_crosswalk"
    ).df()
    scores = built_con.execute(
        """SELECT unit_id, indicator_id, value FROM observations
           WHERE dataset = 'demo' AND year = 2024 AND measure = 'score_pct'"""
    ).df()
    return units, crosswalk, scores


@pytest.fixture(scope="module")
def panel(built_con):
    return built_con.execute(
        """SELECT o.*, u.block FROM observations o JOIN units u USING (unit_id)
           WHERE o.dataset = 'demo' AND o.year = 2025"""
    ).df()


def test_the_panel_is_deterministic(inputs):
    first = simulate_communes(*inputs)
    second = simulate_communes(*[frame.sample(frac=1, random_state=1) for frame in inputs])
    pd.testing.assert_frame_equal(first, second)


def test_all_126_units_have_the_total_and_eight_components(panel):
    scores = panel[panel.measure == "score_pct"]
    assert scores.unit_id.nunique() == 126
    assert scores.groupby("unit_id").indicator_id.apply(set).eq(set(SCORE_INDICATORS)).all()
    assert set(panel.year) == {YEAR} and set(panel.source_id) == {SOURCE_ID}
    assert panel.locator.str.startswith("SIMULATED").all()


@pytest.mark.parametrize(("block", "n"), [("phường", 51), ("xã", 75)])
def test_ranks_run_within_each_block(panel, block, n):
    ranks = panel[(panel.measure == "rank") & (panel.block == block)]
    for indicator, group in ranks.groupby("indicator_id"):
        assert sorted(group.value.astype(int)) == list(range(1, n + 1)), indicator
    assert (ranks.out_of == n).all()


@pytest.mark.parametrize("block", BLOCKS)
def test_rank_1_has_the_highest_score_of_its_block(panel, block):
    wide = panel[panel.block == block].pivot_table(
        index=["unit_id", "indicator_id"], columns="measure", values="value"
    )
    for _, group in wide.groupby(level="indicator_id"):
        ordered = group.sort_values("rank")
        assert ordered.score_pct.is_monotonic_decreasing and ordered.score_pct.is_unique


def test_the_blocks_differ(panel):
    totals = panel[(panel.indicator_id == "total") & (panel.measure == "score_pct")]
    phuong, xa = (totals[totals.block == b].value for b in BLOCKS)
    # scipy.stats.mannwhitneyu(phuong, xa, alternative="greater"): the phường block scores higher.
    assert stats.mannwhitneyu(phuong, xa, alternative="greater").pvalue < 0.01
    assert phuong.std() < xa.std()


def test_units_resemble_their_former_districts(built_con, panel):
    # Predecessor score: area-weighted mean of the former districts' simulated 2024 totals.
    pred = built_con.execute(
        """SELECT c.unit_id, sum(c.area_share * o.value) / sum(c.area_share) AS pred
           FROM unit_crosswalk c JOIN observations o ON o.unit_id = c.former_unit_id
           WHERE o.dataset = 'demo' AND o.year = 2024 AND o.indicator_id = 'total'
             AND o.measure = 'score_pct' GROUP BY c.unit_id"""
    ).df()
    totals = panel[(panel.indicator_id == "total") & (panel.measure == "score_pct")]
    joined = totals.merge(pred, on="unit_id")
    for block, group in joined.groupby("block"):
        # scipy.stats.spearmanr(value, pred) within each block
        rho = stats.spearmanr(group.value, group.pred).statistic
        assert rho > 0.5, (block, rho)


def test_a_published_2025_figure_is_reproduced(inputs):
    units, crosswalk, scores = inputs
    published = pd.DataFrame(
        {
            "unit_id": ["x_ba_vi", "p_ba_dinh"],
            "indicator_id": ["total", "total"],
            "measure": ["score_pct", "rank"],
            "value": [97.42, 1.0],
        }
    )
    panel = simulate_communes(units, crosswalk, scores, published).set_index(
        ["unit_id", "indicator_id", "measure"]
    )
    assert panel.loc[("x_ba_vi", "total", "score_pct"), "value"] == 97.42
    assert panel.loc[("p_ba_dinh", "total", "rank"), "value"] == 1.0
    assert panel.loc[("x_ba_vi", "total", "score_pct"), "locator"].endswith("published figure")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("no_former", "without a former district"),
        ("bad_block", "unknown block"),
        ("no_score", "no simulated 2024 scores for former district"),
    ],
)
def test_bad_inputs_are_refused_with_a_clear_message(inputs, change, message):
    units, crosswalk, scores = (frame.copy() for frame in inputs)
    if change == "no_former":
        crosswalk = crosswalk[crosswalk.unit_id != "x_ba_vi"]
    elif change == "bad_block":
        units.loc[0, "block"] = "quận"
    else:
        scores = scores[scores.unit_id != "ba_vi"]
    with pytest.raises(ValueError, match=message):
        simulate_communes(units, crosswalk, scores)
