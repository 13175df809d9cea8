"""The re-check's corrections (issue 14 item 7, issue 13 item 3): each is a record with a reason,
and the build shows its effect (confidence, derived figures, unit dates, method periods)."""

from __future__ import annotations

import pandas as pd
import pytest


def _figure(con, key: str, view: str = "published_figures"):
    unit, year, indicator, measure = key.split("|")
    frame = con.execute(
        f"""SELECT * FROM {view} WHERE unit_id = ? AND year = ? AND indicator_id = ?
            AND measure = ?""",  # noqa: S608 - view is one of two fixed names
        [unit, int(year), indicator, measure],
    ).df()
    return frame[frame.dataset == "published"] if "dataset" in frame else frame


def _records(con, table: str, key: str) -> dict[str, str]:
    frame = con.execute(
        "SELECT target_column, reason FROM corrections WHERE target_table = ? AND target_key = ?",
        [table, key],
    ).df()
    return dict(zip(frame.target_column, frame.reason, strict=True))


def test_the_probable_misprint_is_kept_apart_from_the_observations(built_con):
    key = "district_block|2022|survey|reported_value"
    kept = _figure(built_con, key)
    assert kept.confidence.tolist() == ["misprint"] and kept.value_as_published.tolist() == [
        "42,11%"
    ]
    assert "95,5 %" in kept.note.iloc[0]
    assert _figure(built_con, key, "observations").empty
    assert set(_records(built_con, "observations", key)) == {
        "value_as_published",
        "note",
        "confidence",
    }


@pytest.mark.parametrize(
    "key",
    [
        "district_block|2022|appraisal|score_pct",
        "district_block|2022|appraisal|delta_pct",
        "district_block|2022|survey|delta_reported",
    ],
)
def test_the_2022_block_figures_are_printed_with_a_percent_sign(built_con, key):
    row = _figure(built_con, key)
    assert row.value_as_published.iloc[0].endswith("%")
    assert "value_as_published" in _records(built_con, "observations", key)


def test_the_rank_change_of_long_bien_is_marked_derived(built_con):
    row = _figure(built_con, "long_bien|2024|total|delta_rank", "observations")
    assert row.value.tolist() == [11.0]
    assert row.derived_from.iloc[0].startswith("12 − 1")


@pytest.mark.parametrize(
    "key", ["nam_tu_liem|2023|total|rank", "hoan_kiem|2023|total|rank", "thanh_tri|2023|total|rank"]
)
def test_ranks_read_from_a_list_order_are_inferred(built_con, key):
    assert _figure(built_con, key, "observations").confidence.tolist() == ["inferred"]
    assert "confidence" in _records(built_con, "observations", key)


def test_the_derived_2022_city_score_has_low_confidence(built_con):
    row = _figure(built_con, "ha_noi|2022|moha_par_index|score_pct", "observations")
    assert row.confidence.tolist() == ["low"] and "contradicts" in row.note.iloc[0]


@pytest.mark.parametrize(("unit_id", "word"), [("ha_dong", "quận"), ("son_tay", "thị xã")])
def test_ha_dong_and_son_tay_were_thanh_pho_until_may_2009(built_con, unit_id, word):
    note = built_con.execute("SELECT note FROM units WHERE unit_id = ?", [unit_id]).fetchone()[0]
    assert "thành phố" in note and "19/NQ-CP of 8 May 2009" in note and word in note
    reason = _records(built_con, "units", unit_id)["note"]
    assert "NQ 19/NQ-CP" in reason


def test_method_periods_rest_on_their_own_sources(built_con):
    periods = built_con.execute("SELECT * FROM method_periods").df().set_index("period_id")
    # p2012: no source held, so none is cited and no maximum is assumed.
    assert pd.isna(periods.loc["p2012", "source_id"])
    assert pd.isna(periods.loc["p2012", "total_points"])
    assert "No source for this period is held" in periods.loc["p2012", "description"]
    assert "quochoitv_2023_03_23" in periods.loc["p2021", "description"]
    assert periods.loc["p2024", "source_id"] == "qd3598_2024"
    assert "bonus/penalty" in periods.loc["p2024", "name_en"]
    assert periods.loc["p2025", "source_id"] == "qd5666_2025" and periods.loc["p2025", "in_use"]


def test_legal_texts_without_a_copy_say_so_instead_of_a_url(built_con):
    frame = built_con.execute(
        "SELECT source_id, url, note FROM sources WHERE source_id IN "
        "('nq19_2009_cp', 'nq132_2013_cp', 'qd3598_2024', 'qd5666_2025')"
    ).df()
    assert len(frame) == 4 and (frame.url == "none").all()
    assert frame.note.str.startswith("No copy was reachable").all()


def test_the_2025_codebook_leaves_unknown_maxima_empty(built_con):
    frame = (
        built_con.execute("SELECT * FROM period_indicators WHERE period_id = 'p2025'")
        .df()
        .set_index("indicator_id")
    )
    assert len(frame) == 9 and frame.max_points.isna().all()
    assert (frame.drop(index="total").basis == "assumed").all()
    assert frame.loc["total", "source_id"] == "qd5666_2025"
