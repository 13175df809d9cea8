"""Tests for analysis.warehouse.demo: the SIMULATED panel reproduces every published figure it can hold."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from analysis.warehouse import demo
from analysis.warehouse.seeds import read_seeds
from tests.conftest import SEEDS_DIR

SCOPE_MEASURES = ("score_pct", "rank")


def _published_in_scope() -> list[tuple[str, int, str, str, float]]:
    """Every published district figure (total or component, score or rank, 2019–2024).

    Values come straight from the seed files, with the hand corrections applied, so the
    expectation does not depend on the build.
    """
    seed = read_seeds(SEEDS_DIR)
    districts = {u["unit_id"] for u in seed.tables["units.csv"] if u["level"] == "district"}
    corrected = {
        c["key"]: float(c["corrected_value"])
        for c in seed.tables["corrections.csv"]
        if c["table"] == "observations" and c["column"] == "value"
    }
    out: dict[tuple[str, int, str, str], float] = {}
    for r in seed.tables["observations.csv"]:
        key = (r["unit_id"], int(r["year"]), r["indicator_id"], r["measure"])
        if (
            key[0] in districts
            and key[1] in demo.YEARS
            and key[2] in demo.INDICATORS
            and key[3] in SCOPE_MEASURES
        ):
            value = corrected.get("|".join(map(str, key)), float(r["value"]))
            assert out.setdefault(key, value) == value, f"two values for {key}"
    return [(*k, v) for k, v in sorted(out.items())]


PUBLISHED = _published_in_scope()


@pytest.fixture(scope="module")
def panel(built_con) -> pd.DataFrame:
    return built_con.execute(
        # The district panel (the 2025 commune panel has its own tests).
        "SELECT * FROM observations WHERE dataset = 'demo' AND source_id = 'sim_demo_panel' "
        "ORDER BY unit_id, year, indicator_id, measure"
    ).df()


@pytest.fixture(scope="module")
def values(panel) -> dict[tuple[str, int, str, str], float]:
    return {
        (r.unit_id, int(r.year), r.indicator_id, r.measure): float(r.value)
        for r in panel.itertuples(index=False)
    }


@pytest.fixture(scope="module")
def scores(panel) -> pd.DataFrame:
    """Scores as a table: index (unit_id, year), one column per indicator."""
    s = panel[panel.measure == "score_pct"]
    return s.pivot_table(index=["unit_id", "year"], columns="indicator_id", values="value")


@pytest.fixture(scope="module")
def totals(panel) -> pd.DataFrame:
    t = panel[(panel.measure == "score_pct") & (panel.indicator_id == "total")]
    return t.pivot(index="unit_id", columns="year", values="value")


@pytest.fixture(scope="module")
def ranks(panel) -> pd.DataFrame:
    return panel[panel.measure == "rank"]


# --- every published figure in scope -----------------------------------------------------
def test_the_scope_holds_the_figures_the_brief_names():
    keys = {p[:4] for p in PUBLISHED}
    assert ("cau_giay", 2019, "total", "score_pct") in keys
    assert ("long_bien", 2024, "total", "rank") in keys
    assert ("bac_tu_liem", 2023, "direction", "score_pct") in keys
    assert len(PUBLISHED) >= 40


@pytest.mark.parametrize(
    ("unit_id", "year", "indicator_id", "measure", "expected"),
    [pytest.param(*p, id=f"{p[0]}-{p[1]}-{p[2]}-{p[3]}") for p in PUBLISHED],
)
def test_demo_equals_the_published_figure(values, unit_id, year, indicator_id, measure, expected):
    assert values[(unit_id, year, indicator_id, measure)] == expected


def test_reproduced_figures_are_labelled_as_such(panel):
    keys = {p[:4] for p in PUBLISHED}
    labelled = {
        (r.unit_id, int(r.year), r.indicator_id, r.measure)
        for r in panel.itertuples(index=False)
        if r.locator == "SIMULATED; equals the published figure"
    }
    assert labelled == keys


# --- block averages and changes ------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "expected", "decimals"),
    [(2021, 90.55, 2), (2022, 92.75, 2), (2023, 94.01, 2), (2023, 94, 0)],
    ids=["2021-90.55", "2022-92.75", "2023-94.01", "2023-94-at-0-decimals"],
)
def test_block_average_of_the_30_totals(totals, year, expected, decimals):
    assert totals[year].count() == 30
    assert round(float(totals[year].mean()), decimals) == expected


@pytest.mark.parametrize(("year", "expected"), [(2022, 2.20), (2023, 1.26)])
def test_block_average_change_of_the_total(totals, year, expected):
    assert round(float(totals[year].mean() - totals[year - 1].mean()), 2) == expected


@pytest.mark.parametrize(
    ("component", "expected"),
    [
        ("direction", 1.41),
        ("procedures", 1.00),
        ("public_finance", 2.88),
        ("digital_government", 7.21),
        ("socioeconomic_impact", 6.88),
    ],
)
def test_block_component_change_2023(scores, component, expected):
    means = scores[component].groupby(level="year").mean()
    assert round(float(means[2023] - means[2022]), 2) == expected


@pytest.mark.parametrize(
    ("year", "published_count"),
    [
        pytest.param(2021, 6, id="2021-6-of-8"),
        pytest.param(
            2022,
            5,
            id="2022-5-of-8",
        ),
        pytest.param(
            2023,
            5,
            id="2023-5-of-8",
        ),
    ],
)
def test_number_of_components_whose_block_mean_rose(scores, year, published_count):
    means = scores[list(demo.COMPONENTS)].groupby(level="year").mean()
    rose = int(((means.loc[year] - means.loc[year - 1]).round(2) > 0).sum())
    assert rose == published_count


# --- per-unit changes ----------------------------------------------------------------------
def test_ung_hoa_has_the_unique_largest_rise_in_2023(totals):
    change = (totals[2023] - totals[2022]).round(2)
    assert change["ung_hoa"] == 5.03
    assert (change.drop("ung_hoa") < 5.03).all()


def test_bac_tu_liem_rises_0_64_in_2023(totals):
    assert round(totals.loc["bac_tu_liem", 2023] - totals.loc["bac_tu_liem", 2022], 2) == 0.64


def test_24_of_30_units_improved_in_2023(totals):
    assert int((totals[2023] - totals[2022] > 0).sum()) == 24


def test_long_bien_is_12th_in_2023_and_1st_in_2024(values):
    assert values[("long_bien", 2023, "total", "rank")] == 12
    assert values[("long_bien", 2024, "total", "rank")] == 1


# --- shape and sanity ----------------------------------------------------------------------
def test_the_panel_is_30_units_by_6_years_by_9_indicators(panel):
    assert panel.unit_id.nunique() == 30
    assert sorted(panel.year.unique()) == list(demo.YEARS)
    assert set(panel.indicator_id) == set(demo.INDICATORS)
    assert set(panel.measure) == set(SCOPE_MEASURES)
    assert len(panel) == 30 * 6 * 9 * 2
    assert panel.value.notna().all()


def test_ranks_are_a_permutation_of_1_to_30_per_indicator_and_year(ranks):
    for (ind, year), group in ranks.groupby(["indicator_id", "year"]):
        assert sorted(group.value.astype(int)) == list(range(1, 31)), (ind, year)


def test_ranks_follow_the_scores(panel):
    wide = panel.pivot_table(
        index=["indicator_id", "year", "unit_id"], columns="measure", values="value"
    ).reset_index()
    for (ind, year), group in wide.groupby(["indicator_id", "year"]):
        ordered = group.sort_values("rank").score_pct.to_numpy()
        assert (np.diff(ordered) <= 1e-9).all(), (ind, year)


def test_scores_are_within_0_and_100_with_at_most_2_decimals(panel):
    s = panel[panel.measure == "score_pct"].value
    assert s.between(0, 100).all()
    assert np.allclose(s, s.round(2), atol=1e-9)


def test_rank_rows_are_out_of_30(panel):
    assert set(panel[panel.measure == "rank"].out_of) == {30}
    assert panel[panel.measure == "score_pct"].out_of.isna().all()


def test_every_row_is_labelled_simulated(panel):
    assert set(panel.dataset) == {"demo"}
    assert set(panel.source_id) == {"sim_demo_panel"}
    assert panel.locator.str.contains("SIMULATED").all()
    assert panel.note.str.contains("Simulated").all()


# --- the promised structure ----------------------------------------------------------------
def _spearman(a: pd.Series, b: pd.Series) -> float:
    """Spearman's rho as the Pearson correlation of average ranks (no scipy needed)."""
    return float(a.rank().corr(b.rank()))


def _component_total_correlations(scores: pd.DataFrame, years) -> list[float]:
    out = []
    for year in years:
        frame = scores.xs(year, level="year")
        for comp in demo.COMPONENTS:
            out.append(_spearman(frame[comp], frame["total"]))
    return out


def test_digital_government_is_lower_before_the_2021_method_change(scores):
    means = scores["digital_government"].groupby(level="year").mean()
    before = means.loc[[2019, 2020]].mean()
    after = means.loc[[2021, 2022, 2023, 2024]].mean()
    assert after - before > 3


def test_components_are_weaker_linked_to_the_total_before_2021(scores):
    before = np.mean(_component_total_correlations(scores, [2019, 2020]))
    after = np.mean(_component_total_correlations(scores, [2021, 2022, 2023, 2024]))
    assert before < after - 0.15
    assert before > 0


def test_components_correlate_positively_with_the_total(scores):
    for year in demo.YEARS:
        assert np.mean(_component_total_correlations(scores, [year])) > 0.2, year
    assert np.mean(_component_total_correlations(scores, demo.YEARS)) > 0.4


def test_units_persist_from_year_to_year(totals):
    rhos = [_spearman(totals[a], totals[b]) for a, b in itertools.pairwise(demo.YEARS)]
    assert np.mean(rhos) > 0.3
    assert min(rhos) > 0


def test_the_panel_passes_its_own_check(built_con, panel):
    published = built_con.execute(
        """SELECT unit_id, year, indicator_id, measure, value, source_id, decimals
           FROM published_figures ORDER BY unit_id, year, indicator_id, measure, decimals DESC,
           source_id"""
    ).df()
    units = sorted(panel.unit_id.unique())
    targets = demo.targets_from(published, units)
    frame = panel[["unit_id", "year", "indicator_id", "measure", "value"]].copy()
    frame["year"] = frame["year"].astype(int)
    assert demo.check(frame, targets) == []
    assert targets.units_improved == {2023: 24}
    assert targets.largest_rise == {2023: "ung_hoa"}


# --- determinism ----------------------------------------------------------------------------
def test_two_builds_give_identical_demo_rows(built_con, second_built_db, panel):
    import duckdb

    con = duckdb.connect(str(second_built_db), read_only=True)
    try:
        other = con.execute(
            # The district panel (the 2025 commune panel has its own tests).
            "SELECT * FROM observations WHERE dataset = 'demo' AND source_id = 'sim_demo_panel' "
            "ORDER BY unit_id, year, indicator_id, measure"
        ).df()
    finally:
        con.close()
    pd.testing.assert_frame_equal(panel, other)


def test_simulate_is_deterministic_without_published_figures():
    empty = pd.DataFrame(columns=["unit_id", "year", "indicator_id", "measure", "value"])
    units = [f"u{i:02d}" for i in range(30)]
    a = demo.simulate(empty, units)
    b = demo.simulate(empty, list(reversed(units)))
    pd.testing.assert_frame_equal(a, b)
    assert a.locator.eq("SIMULATED").all()
