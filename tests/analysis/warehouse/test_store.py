"""Tests for analysis.warehouse.store: keeping the database present and fresh, and safe queries."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analysis.warehouse import store as store_module
from analysis.warehouse.seeds import SEED_FILES, seeds_digest
from analysis.warehouse.store import SCORE_INDICATORS, Store, ensure_database
from tests.conftest import N_SEED_UNITS, SEEDS_DIR, append_line, damage_tail, replace_text

ASIDE = re.compile(r"^par_index\.duckdb\.corrupt-\d{8}-\d{6}-\d{9}$")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stored_digest(path: Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT value FROM build_info WHERE key = 'seeds_digest'").fetchone()[0]
    finally:
        con.close()


def _readable(path: Path) -> None:
    s = Store(path)
    try:
        assert len(s.units()) == 30
        # Districts 2019–2024 (30 × 6 × 9 × score and rank) and communes 2025 (126 × 9 × 2).
        assert len(s.observations("demo")) == 3240 + 126 * 9 * 2
        assert len(s.observations("demo", district_only=True)) == 3240
    finally:
        s.close()


# --- ensure_database ------------------------------------------------------------------------
def test_missing_database_is_built(tmp_path):
    path = tmp_path / "sub" / "par_index.duckdb"
    status = ensure_database(path, SEEDS_DIR)
    assert status.action == "built" and status.path == path
    assert str(path) in status.message
    _readable(path)
    assert _stored_digest(path) == seeds_digest(SEEDS_DIR)


def test_current_database_is_ok_and_untouched(db_copy):
    before = _sha(db_copy)
    status = ensure_database(db_copy, SEEDS_DIR)
    assert status.action == "ok" and status.kept_aside is None
    assert _sha(db_copy) == before


def test_changed_seeds_trigger_a_rebuild(db_copy, seeds_copy):
    replace_text(
        seeds_copy / "observations.csv",
        "ha_noi,2018,moha_par_index,score_pct,83.98,83.98 percent",
        "ha_noi,2018,moha_par_index,score_pct,83.99,83.99 percent",
    )
    status = ensure_database(db_copy, seeds_copy)
    assert status.action == "rebuilt-stale"
    assert _stored_digest(db_copy) == seeds_digest(seeds_copy)
    s = Store(db_copy)
    try:
        got = s.observations("published", unit_ids=["ha_noi"], indicator_ids=["moha_par_index"])
        assert 83.99 in set(got[(got.year == 2018) & (got.measure == "score_pct")].value)
    finally:
        s.close()
    assert ensure_database(db_copy, seeds_copy).action == "ok"


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _random(data: bytes) -> bytes:
    return os.urandom(len(data))


@pytest.mark.parametrize("damage", [_truncate, _random], ids=["truncated", "random-bytes"])
def test_corrupt_database_is_kept_aside_and_rebuilt(db_copy, damage):
    bad = damage(db_copy.read_bytes())
    db_copy.write_bytes(bad)
    status = ensure_database(db_copy, SEEDS_DIR)
    assert status.action == "rebuilt-corrupt"
    aside = status.kept_aside
    assert aside is not None and aside.parent == db_copy.parent
    assert ASIDE.match(aside.name), aside.name
    assert aside.read_bytes() == bad
    assert aside.name in status.message and str(db_copy) in status.message
    _readable(db_copy)
    assert ensure_database(db_copy, SEEDS_DIR).action == "ok"
    assert sorted(p.name for p in db_copy.parent.iterdir()) == sorted([db_copy.name, aside.name])


def test_broken_seeds_and_no_database_say_so_and_create_nothing(tmp_path, seeds_copy):
    line = append_line(seeds_copy / "observations.csv", "ba_dinh,2019,total")
    path = tmp_path / "db" / "par_index.duckdb"
    status = ensure_database(path, seeds_copy)  # a status for the pages, never SeedProblems
    assert status.action == "unavailable" and not status.serving and status.level == "error"
    assert any(
        p.startswith(f"seeds/observations.csv:{line}: expected 11") and p.endswith("found 3")
        for p in status.problems
    ), status.problems
    assert "the seeds have 1 problem(s)" in status.notice and str(tmp_path) not in status.notice
    assert not path.exists()
    assert sorted(p.name for p in path.parent.iterdir()) == []


def test_database_damaged_in_its_tail_is_detected(db_copy):
    if not damage_tail(db_copy, "SELECT * FROM units"):
        pytest.skip("no truncation of this build passes the probe")
    bad = db_copy.read_bytes()
    status = ensure_database(db_copy, SEEDS_DIR)
    assert status.action == "rebuilt-corrupt"
    assert status.kept_aside is not None and status.kept_aside.read_bytes() == bad


def test_two_corrupt_files_in_the_same_second_are_both_kept(db_copy, built_db, monkeypatch):
    monkeypatch.setattr(store_module.time, "strftime", lambda fmt, *a: "20250101-000000")
    monkeypatch.setattr(store_module, "build", lambda path, seeds: shutil.copyfile(built_db, path))
    first, second = b"first corrupt file", b"second corrupt file"
    db_copy.write_bytes(first)
    assert ensure_database(db_copy, SEEDS_DIR).action == "rebuilt-corrupt"
    db_copy.write_bytes(second)
    assert ensure_database(db_copy, SEEDS_DIR).action == "rebuilt-corrupt"
    kept = {p.read_bytes() for p in db_copy.parent.iterdir() if p.name != db_copy.name}
    assert {first, second} <= kept


# --- queries ---------------------------------------------------------------------------------
def test_units_default_to_the_30_districts(store):
    assert len(store.units()) == 30
    assert len(store.units(None)) == N_SEED_UNITS
    assert set(store.units("block").unit_id) >= {"district_block", "department_block"}


def test_dimensions(store):
    assert "total" in set(store.indicators().indicator_id)
    assert "sim_demo_panel" in set(store.sources().source_id)
    periods = store.method_periods()
    assert periods.first_year.is_monotonic_increasing and len(periods) == 5
    # The method in use (p2025) runs to the current year.
    assert periods.set_index("period_id").in_use.to_dict() == {
        "p2012": False,
        "p2017": False,
        "p2021": False,
        "p2024": False,
        "p2025": True,
    }


def test_panel_shape(store):
    panel = store.panel("demo")
    assert list(panel.columns) == ["unit_id", "year", "indicator_id", "value", "rank", "source_id"]
    assert panel.shape == (30 * 6 * len(SCORE_INDICATORS), 6)
    assert not panel.duplicated(["unit_id", "year", "indicator_id"]).any()
    assert panel.value.notna().all() and panel["rank"].notna().all()
    assert set(panel.source_id) == {"sim_demo_panel"}
    assert panel.year.dtype.kind == "i"


def test_panel_filters(store):
    one = store.panel("demo", years=(2023, 2023), unit_ids=["ba_dinh"], indicator_ids=["total"])
    assert len(one) == 1
    assert one.iloc[0]["rank"] == 6 and one.iloc[0]["year"] == 2023


def test_published_panel_keeps_rank_only_cells(store):
    panel = store.panel("published")
    row = panel[
        (panel.unit_id == "ba_dinh") & (panel.year == 2021) & (panel.indicator_id == "total")
    ]
    assert len(row) == 1 and pd.isna(row.iloc[0]["value"]) and row.iloc[0]["rank"] == 10
    assert set(store.units().unit_id) >= set(panel.unit_id)


@pytest.mark.parametrize("dataset", ["published", "demo"])
def test_panel_through_arrow_equals_duckdbs_own_conversion(store, dataset):
    # Store.panel reads through Arrow for speed; the frame must be the one .df() gives.
    panel = store.panel(dataset)
    sql = """SELECT unit_id, year, indicator_id, value, rank, source_id FROM (
               SELECT unit_id, year, indicator_id,
                      max(CASE WHEN measure = 'score_pct' THEN value END) AS value,
                      max(CASE WHEN measure = 'rank' THEN value END) AS rank,
                      max(CASE WHEN measure = 'score_pct' THEN source_id END) AS source_id
               FROM observations o JOIN units u USING (unit_id)
               WHERE o.dataset = ? AND u.level = 'district'
                 AND o.measure IN ('score_pct', 'rank') AND list_contains(?, o.indicator_id)
               GROUP BY ALL) ORDER BY unit_id, year, indicator_id"""
    direct = store._query(sql, [dataset, list(SCORE_INDICATORS)])
    direct["year"] = direct["year"].astype(int)
    pd.testing.assert_frame_equal(panel, direct)


def test_years(store):
    assert store.years("demo") == list(range(2019, 2025))
    assert store.years("published") == list(range(2019, 2025))


def test_observations_filters(store):
    city = store.observations("published", unit_ids=["ha_noi"])
    assert len(city) > 0 and set(city.unit_id) == {"ha_noi"}
    assert store.observations("published", unit_ids=["ha_noi"], district_only=True).empty
    ranks = store.observations(
        "demo", years=(2020, 2021), measures=["rank"], indicator_ids=["total"]
    )
    assert len(ranks) == 60 and set(ranks.year) == {2020, 2021}


def test_block_averages(store):
    frame = store.block_averages("demo")
    row = frame[(frame.year == 2023) & (frame.indicator_id == "total")].iloc[0]
    assert row.n_units == 30
    assert round(row.mean_of_units, 2) == 94.01
    assert row.published_average == 94.01 and row.published_change == 1.26


def test_coverage(store):
    frame = store.coverage()
    # From 2012 to the current year: 29 units in 2012–2013 (with Từ Liêm), 30 in 2014–2024.
    assert len(frame) == (29 * 2 + 30 * 11) * 9
    assert frame.year.min() == 2012 and frame.year.max() == 2024
    assert set(frame[frame.year == 2013].unit_id) - set(frame[frame.year == 2014].unit_id) == {
        "tu_liem"
    }
    status = frame.set_index(["unit_id", "year", "indicator_id"]).published_status
    assert status[("cau_giay", 2019, "total")] == "published"
    assert status[("ba_dinh", 2021, "total")] == "rank only"
    assert status[("ba_dinh", 2017, "total")] == "missing"
    assert frame[frame.year < 2019].dataset_score.isna().all()
    assert frame[frame.year >= 2019].dataset_score.notna().all()
    # The published dataset has no simulated values at all.
    assert (
        store.coverage("published").dataset_score.notna().sum()
        == (frame.published_status == "published").sum()
    )


def test_unit_sources_and_initiatives(store):
    frame = store.unit_sources("bac_tu_liem")
    assert len(frame) > 0 and frame.title.notna().all()
    chuong_my = store.initiatives("chuong_my")
    assert len(chuong_my) > 0
    assert set(chuong_my.unit_id) - {"chuong_my"}, "initiatives of its communes are included"


def test_corrections_and_seed_files(store):
    corrections = store.corrections()
    with (SEEDS_DIR / "corrections.csv").open(encoding="utf-8", newline="") as fh:
        records = sum(1 for _ in csv.DictReader(fh))
    assert len(corrections) == records and corrections.reason.str.len().gt(0).all()
    files = store.seed_files()
    assert len(files) == len(SEED_FILES) + 1 and files.sha256.str.fullmatch(r"[0-9a-f]{64}").all()


def test_build_info(store, built_db):
    assert store.build_info()["seeds_digest"] == _stored_digest(built_db)


# --- hostile input -------------------------------------------------------------------------------
HOSTILE = [
    pytest.param("'", id="quote"),
    pytest.param('"', id="double-quote"),
    pytest.param("a;b", id="semicolon"),
    pytest.param("'; DROP TABLE units; --", id="drop-table"),
    pytest.param("ba_dinh' OR '1'='1", id="or-1-eq-1"),
    pytest.param("x" * 100_000, id="very-long"),
    pytest.param("\x00\x01\x1f\x7f", id="control-chars"),
    pytest.param("ba_dinh\x00", id="nul-suffix"),
    pytest.param("\u202eba_dinh\u200f", id="rtl-marks"),
    pytest.param("%", id="percent"),
    pytest.param("NULL", id="null-word"),
    pytest.param("", id="empty"),
]


@pytest.fixture(scope="module")
def private_store(built_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "par_index.duckdb"
    shutil.copyfile(built_db, path)
    s = Store(path)
    yield s, path, _sha(path)
    s.close()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_find_nothing_and_change_nothing(private_store, text):
    s, path, sha = private_store
    frames = {
        "observations(dataset)": s.observations(text),
        "observations(filters)": s.observations(
            "demo", unit_ids=[text], indicator_ids=[text], measures=[text]
        ),
        "panel(dataset)": s.panel(text),
        "panel(filters)": s.panel("demo", unit_ids=[text], indicator_ids=[text]),
        "initiatives": s.initiatives(text),
        "unit_sources(unit)": s.unit_sources(text),
        "unit_sources(dataset)": s.unit_sources("ba_dinh", text),
        "units(level)": s.units(text),
    }
    for name, frame in frames.items():
        assert frame.empty, name
    assert s.years(text) == []
    averages = s.block_averages(text)
    assert averages.mean_of_units.isna().all() and averages.n_units.isna().all()
    assert len(s.units(None)) == N_SEED_UNITS
    assert _sha(path) == sha


# --- uploads ---------------------------------------------------------------------------------
def test_with_upload_is_seen_only_by_its_own_store(store):
    upload = pd.DataFrame(
        {
            "unit_id": ["ba_dinh", "hoan_kiem"],
            "year": [2025, 2025],
            "indicator_id": ["total", "total"],
            "measure": ["score_pct", "score_pct"],
            "value": [93.5, 91.0],
        }
    )
    up = Store.with_upload(store, upload)
    try:
        assert up.datasets == ("published", "upload")
        got = up.observations("upload")
        assert sorted(got.value) == [91.0, 93.5]
        assert len(up.panel("upload")) == 2
        pd.testing.assert_frame_equal(
            up.observations("published").reset_index(drop=True),
            store.observations("published").reset_index(drop=True),
            check_dtype=False,
        )
        assert up.observations("demo").empty
        assert up.seed_files().empty and up.build_info() == {}
        assert len(up.units(None)) == len(store.units(None))
    finally:
        up.close()
    assert store.observations("upload").empty
    assert store.datasets == ("published", "demo")


# --- levels: districts and the communes of 2025 ------------------------------------------------
@pytest.mark.parametrize(
    ("level", "years", "n", "included"),
    [
        ("district", None, 30, "nam_tu_liem"),
        ("district", (2012, 2013), 29, "tu_liem"),
        ("district", (2014, 2024), 30, "bac_tu_liem"),
        ("district", (2012, 2024), 31, "tu_liem"),
        ("district", (2025, 2026), 0, None),
        ("commune", None, 126, "p_ba_dinh"),
        ("commune", (2025, 2025), 126, "x_ba_vi"),
        ("commune", (2019, 2024), 0, None),
    ],
)
def test_units_of_a_level_valid_in_given_years(store, level, years, n, included):
    frame = store.units(level, years)
    assert len(frame) == n and frame.unit_id.is_unique
    if included:
        assert included in set(frame.unit_id)


def test_commune_units_carry_their_block(store):
    frame = store.units("commune")
    assert frame.block.value_counts().to_dict() == {"xã": 75, "phường": 51}
    assert (frame.block == frame.unit_type).all()
    assert set(store.units("district").block) == {"district"}


def test_crosswalk_by_unit_and_by_former_district(store):
    hong_ha = store.crosswalk(unit_id="p_hong_ha")
    assert hong_ha.former_unit_id.iloc[0] == "tay_ho" and hong_ha.is_main.iloc[0]
    assert hong_ha.former_name_vi.iloc[0] == "Tây Hồ"
    assert hong_ha.area_share.is_monotonic_decreasing
    hoan_kiem = store.crosswalk(former_unit_id="hoan_kiem")
    assert len(hoan_kiem) >= 2 and set(hoan_kiem.block) <= {"phường", "xã"}
    assert len(store.crosswalk()) == 228


def test_unit_points_name_the_main_former_district(store):
    points = store.unit_points()
    assert len(points) == 126 and points.point_lat.between(20.5, 21.5).all()
    row = points.set_index("unit_id").loc["p_ba_dinh"]
    assert (row.main_former_name_vi, row.block) == ("Ba Đình", "phường")


def test_panel_years_and_coverage_work_for_communes(store):
    panel = store.panel("demo", level="commune")
    assert panel.shape == (126 * len(SCORE_INDICATORS), 6)
    assert set(panel.year) == {2025} and panel["rank"].notna().all()
    assert store.years("demo", "commune") == [2025]
    assert store.years("published", "commune") == []
    assert store.panel("published", level="commune").empty
    cov = store.coverage("demo", "commune")
    assert set(cov.year) >= {2025} and cov.unit_id.nunique() == 126
    in_2025 = cov[cov.year == 2025]
    assert (in_2025.published_status == "missing").all() and in_2025.dataset_score.notna().all()
    # The district panel is unchanged by the commune rows.
    assert set(store.panel("demo").year) == set(range(2019, 2025))


def test_period_indicators_for_2025(store):
    frame = store.period_indicators("p2025")
    assert len(frame) == 9 and frame.max_points.isna().all()


def test_an_upload_store_keeps_the_crosswalk_and_points(store):
    upload = pd.DataFrame(
        {
            "unit_id": ["p_ba_dinh"],
            "year": [2025],
            "indicator_id": ["total"],
            "measure": ["score_pct"],
            "value": [95.0],
        }
    )
    up = Store.with_upload(store, upload)
    try:
        assert len(up.crosswalk(unit_id="p_ba_dinh")) == 1
        assert len(up.unit_points()) == 126
        assert up.panel("upload", level="commune").value.tolist() == [95.0]
    finally:
        up.close()
