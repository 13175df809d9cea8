"""Tests for analysis.warehouse.build: determinism, the views' contract, provenance and atomic writes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analysis.warehouse import build as build_module
from analysis.warehouse import demo
from analysis.warehouse.build import BUILD_VERSION, build
from analysis.warehouse.seeds import SEED_FILES, SeedProblems, seeds_digest
from tests.conftest import (
    GEOJSON,
    N_SEED_UNITS,
    SEED_CASE_PARAMS,
    SEEDS_DIR,
    SeedCase,
    append_line,
    error_reported,
    public_views,
    replace_text,
    view_frame,
)

EXPECTED_VIEWS = {
    "units",
    "indicators",
    "sources",
    "method_periods",
    "published_figures",
    "observations",
    "initiatives",
    "corrections",
    "coverage",
    "seed_files",
    "build_info",
}
COLUMN_PREFIXES = {
    "units": [
        "unit_id",
        "name_vi",
        "name_en",
        "unit_type",
        "level",
        "valid_from",
        "valid_to",
        "geo_code",
    ],
    "indicators": ["indicator_id", "name_vi", "name_en", "parent_id", "max_points"],
    "sources": ["source_id", "title", "publisher", "published_on", "url", "licence"],
    "observations": [
        "dataset",
        "unit_id",
        "year",
        "indicator_id",
        "measure",
        "value",
        "source_id",
        "locator",
    ],
}


def _frames(path: Path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {v: view_frame(con, v) for v in public_views(con)}
    finally:
        con.close()


def _digest(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()


def _leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


def _opens(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM units").fetchone()[0]
    finally:
        con.close()


# --- determinism ---------------------------------------------------------------------------
def test_two_builds_give_identical_public_views(built_db, second_built_db):
    first, second = _frames(built_db), _frames(second_built_db)
    assert sorted(first) == sorted(second)
    for view in first:
        pd.testing.assert_frame_equal(first[view], second[view], obj=view)
        assert _digest(first[view]) == _digest(second[view]), view


# --- the views' contract --------------------------------------------------------------------
def test_the_documented_views_exist(built_con):
    assert EXPECTED_VIEWS <= set(public_views(built_con))


@pytest.mark.parametrize("view", sorted(COLUMN_PREFIXES))
def test_view_columns_start_with_the_contract(built_con, view):
    columns = [d[0] for d in built_con.execute(f"SELECT * FROM {view} LIMIT 0").description]
    prefix = COLUMN_PREFIXES[view]
    assert columns[: len(prefix)] == prefix


def test_every_public_view_has_a_comment(built_con):
    rows = built_con.execute(
        "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal"
    ).fetchall()
    missing = [name for name, comment in rows if not (comment or "").strip()]
    assert rows and missing == []


@pytest.mark.parametrize(
    "view", ["units", "indicators", "sources", "method_periods", "observations"]
)
def test_every_column_of_the_core_views_has_a_comment(built_con, view):
    rows = built_con.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ?", [view]
    ).fetchall()
    assert rows
    assert [c for c, comment in rows if not (comment or "").strip()] == []


def test_every_documented_column_keeps_its_comment(built_con):
    stored = {
        (t, c): comment
        for t, c, comment in built_con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns()"
        ).fetchall()
    }
    for view, _sql, _comment, columns in build_module._VIEWS:
        for column, text in columns.items():
            assert stored.get((view, column)) == text, f"{view}.{column}"


def test_total_and_eight_components_are_in_the_codebook(built_con):
    ids = {r[0] for r in built_con.execute("SELECT indicator_id FROM indicators").fetchall()}
    assert "total" in ids
    components = {
        r[0]
        for r in built_con.execute(
            "SELECT indicator_id FROM indicators WHERE is_component"
        ).fetchall()
    }
    assert components == set(demo.COMPONENTS)


def test_published_observations_cite_an_existing_source_and_a_locator(built_con):
    bad = built_con.execute(
        """SELECT o.unit_id, o.year, o.indicator_id, o.measure, o.source_id, o.locator
           FROM observations o LEFT JOIN sources s USING (source_id)
           WHERE o.dataset = 'published'
             AND (o.source_id IS NULL OR trim(o.source_id) = '' OR s.source_id IS NULL
                  OR o.locator IS NULL OR trim(o.locator) = '')"""
    ).fetchall()
    assert bad == []
    assert (
        built_con.execute(
            "SELECT count(*) FROM observations WHERE dataset = 'published'"
        ).fetchone()[0]
        > 100
    )


def test_observations_have_one_row_per_key_and_dataset(built_con):
    dupes = built_con.execute(
        """SELECT dataset, unit_id, year, indicator_id, measure, count(*) FROM observations
           GROUP BY ALL HAVING count(*) > 1"""
    ).fetchall()
    assert dupes == []


def test_the_most_precise_source_wins_in_observations(built_con):
    value = built_con.execute(
        """SELECT value FROM observations WHERE dataset = 'published' AND unit_id = 'district_block'
           AND year = 2023 AND indicator_id = 'total' AND measure = 'score_pct'"""
    ).fetchone()[0]
    assert value == 94.01


def test_corrections_are_applied_and_explained(built_con):
    row = built_con.execute(
        """SELECT value, correction_reason FROM published_figures WHERE unit_id = 'bac_tu_liem'
           AND year = 2023 AND indicator_id = 'direction' AND measure = 'score_pct'"""
    ).fetchone()
    assert row[0] == 97.85 and "decimal" in row[1]
    name = built_con.execute(
        "SELECT name_vi FROM initiatives WHERE initiative_id = 'cm_qr_tai_khoan_dvc'"
    ).fetchone()[0]
    assert "tài khoản" in name and "tài khoàn" not in name


def test_thirty_district_units_end_on_2025_06_30(built_con):
    frame = built_con.execute(
        "SELECT * FROM units WHERE level = 'district' AND valid_to = DATE '2025-06-30'"
    ).df()
    assert len(frame) == 30 and frame.unit_id.is_unique
    assert set(pd.to_datetime(frame.valid_to).dt.strftime("%Y-%m-%d")) == {"2025-06-30"}
    starts = dict(zip(frame.unit_id, pd.to_datetime(frame.valid_from).dt.year, strict=True))
    assert starts["bac_tu_liem"] == 2014 and starts["nam_tu_liem"] == 2014
    assert {u for u, y in starts.items() if y != 2008} == {"bac_tu_liem", "nam_tu_liem"}


def test_tu_liem_is_its_own_unit_before_the_30_unit_series(built_con):
    # 29 district-level units from the 2008 boundary until Từ Liêm's split on 2014-04-01.
    counts = built_con.execute(
        """SELECT d, count(*) FROM units, (VALUES (DATE '2012-12-31'), (DATE '2014-03-31'),
                  (DATE '2014-04-01'), (DATE '2024-12-31')) v(d)
           WHERE level = 'district' AND valid_from <= d AND (valid_to IS NULL OR valid_to >= d)
           GROUP BY d ORDER BY d"""
    ).fetchall()
    assert [n for _, n in counts] == [29, 29, 30, 30]
    row = built_con.execute(
        "SELECT valid_from, valid_to, unit_type, block FROM units WHERE unit_id = 'tu_liem'"
    ).fetchone()
    assert [str(row[0]), str(row[1]), row[2], row[3]] == [
        "2008-08-01",
        "2014-03-31",
        "huyện",
        "district",
    ]


def test_geo_codes_match_the_geojson_one_to_one(built_con):
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    pcodes = [f["properties"]["ADM2_PCODE"] for f in features]
    assert len(pcodes) == len(set(pcodes)) == 30
    codes = [
        r[0]
        for r in built_con.execute(
            "SELECT geo_code FROM units WHERE level = 'district' AND valid_to = DATE '2025-06-30'"
        ).fetchall()
    ]
    assert len(codes) == len(set(codes)) == 30
    assert set(codes) == set(pcodes)
    # Besides the districts, only the communes of 2025 carry a code (their official 5-digit one).
    others = built_con.execute(
        """SELECT count(*) FROM units WHERE level <> 'district' AND geo_code IS NOT NULL
           AND NOT (level = 'commune' AND valid_from = DATE '2025-07-01'
                    AND regexp_full_match(geo_code, '[0-9]{5}'))"""
    ).fetchone()[0]
    assert others == 0


def test_demo_rows_name_a_source_that_exists(built_con):
    ids = built_con.execute(
        """SELECT DISTINCT o.source_id, s.source_id FROM observations o
           LEFT JOIN sources s USING (source_id) WHERE o.dataset = 'demo' ORDER BY 1"""
    ).fetchall()
    assert ids == [
        ("sim_demo_communes_2025", "sim_demo_communes_2025"),
        ("sim_demo_panel", "sim_demo_panel"),
    ]


# --- provenance ------------------------------------------------------------------------------
def _record_count(path: Path) -> int:
    return (
        sum(1 for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))) if row) - 1
    )


def test_seed_files_lists_every_file_with_its_sha256(built_con):
    frame = built_con.execute("SELECT * FROM seed_files").df()
    assert set(frame.file) == {*SEED_FILES, "metadata.toml"}
    for row in frame.itertuples():
        data = (SEEDS_DIR / row.file).read_bytes()
        assert row.sha256 == hashlib.sha256(data).hexdigest(), row.file
        if row.file.endswith(".csv"):
            assert row.rows == _record_count(SEEDS_DIR / row.file), row.file
            assert row.title


def test_build_info_records_the_seeds_digest(built_con):
    info = dict(built_con.execute("SELECT key, value FROM build_info").fetchall())
    assert info["seeds_digest"] == seeds_digest(SEEDS_DIR)
    assert info["build_version"] == BUILD_VERSION
    assert info["demo_seed"] == str(demo.SEED)


# --- failed builds leave the previous database untouched ---------------------------------
@pytest.mark.parametrize("case", SEED_CASE_PARAMS)
def test_a_seed_problem_leaves_the_previous_database_byte_identical(
    case: SeedCase, seeds_copy: Path, db_copy: Path
):
    before = db_copy.read_bytes()
    file, line = case.apply(seeds_copy)
    with pytest.raises(SeedProblems) as info:
        build(db_copy, seeds_copy)
    assert error_reported(info.value.errors, file, line, case.message)
    assert db_copy.read_bytes() == before
    assert _opens(db_copy) == N_SEED_UNITS
    assert _leftovers(db_copy.parent, db_copy.name) == []


def _broken_simulate(*args, **kwargs):
    raise RuntimeError("simulated failure in the middle of the build")


_BROKEN_VIEW = ("broken_view", "SELECT no_such_column FROM stg_units", "Broken on purpose.", {})


@pytest.mark.parametrize("where", ["demo", "views"])
def test_a_crash_mid_build_leaves_the_old_file_and_no_temp_file(monkeypatch, db_copy, where):
    before = db_copy.read_bytes()
    if where == "demo":
        monkeypatch.setattr(demo, "simulate", _broken_simulate)
        expected: type[BaseException] = RuntimeError
    else:
        monkeypatch.setattr(build_module, "_VIEWS", (*build_module._VIEWS, _BROKEN_VIEW))
        expected = duckdb.Error
    with pytest.raises(expected):
        build(db_copy, SEEDS_DIR)
    assert db_copy.read_bytes() == before
    assert _opens(db_copy) == N_SEED_UNITS
    assert _leftovers(db_copy.parent, db_copy.name) == []


def test_a_failed_first_build_leaves_no_file_at_all(monkeypatch, tmp_path):
    monkeypatch.setattr(demo, "simulate", _broken_simulate)
    target = tmp_path / "new" / "par_index.duckdb"
    with pytest.raises(RuntimeError):
        build(target, SEEDS_DIR)
    assert list(target.parent.iterdir()) == []


def _moha_2018(con: duckdb.DuckDBPyConnection) -> float:
    return con.execute(
        """SELECT value FROM observations WHERE dataset = 'published' AND unit_id = 'ha_noi'
           AND year = 2018 AND indicator_id = 'moha_par_index' AND measure = 'score_pct'"""
    ).fetchone()[0]


def test_a_reader_keeps_reading_the_old_file_while_a_rebuild_replaces_it(db_copy, seeds_copy):
    replace_text(
        seeds_copy / "observations.csv",
        "ha_noi,2018,moha_par_index,score_pct,83.98,83.98 percent",
        "ha_noi,2018,moha_par_index,score_pct,83.99,83.99 percent",
    )
    reader = duckdb.connect(str(db_copy), read_only=True)
    try:
        assert _moha_2018(reader) == 83.98
        build(db_copy, seeds_copy)
        # The old file is still open: every view stays readable and shows the old figures.
        assert _moha_2018(reader) == 83.98
        for view in public_views(reader):
            reader.execute(f"SELECT * FROM {view}").fetchall()
    finally:
        reader.close()
    fresh = duckdb.connect(str(db_copy), read_only=True)
    try:
        assert _moha_2018(fresh) == 83.99
    finally:
        fresh.close()
    assert _leftovers(db_copy.parent, db_copy.name) == []


# --- bugs ----------------------------------------------------------------------------------
def test_two_units_with_the_same_published_rank_are_a_seed_problem(seeds_copy, db_copy):
    # cau_giay is published 1st in 2019; a second unit ranked 1st the same year is a seed error.
    line = append_line(
        seeds_copy / "observations.csv",
        "ba_dinh,2019,total,rank,1,1/30,30,seed000_ba_dinh_2023,loc,,",
    )
    before = db_copy.read_bytes()
    try:
        with pytest.raises(SeedProblems) as info:
            build(db_copy, seeds_copy)
        assert any(e.file == "observations.csv" and e.line == line for e in info.value.errors)
    finally:
        assert db_copy.read_bytes() == before


def test_observations_view_leaves_the_order_to_the_queries_on_it(built_con, store):
    # A final ORDER BY in the view made every query on it sort the whole union first.
    sql = built_con.execute(
        "SELECT sql FROM duckdb_views() WHERE view_name = 'observations' AND NOT internal"
    ).fetchone()[0]
    assert "ORDER BY" not in sql.rsplit("FROM stg_demo", 1)[1].upper()
    # The Store orders its own results.
    for dataset in ("published", "demo"):
        obs = store.observations(dataset)
        keys = obs[["unit_id", "year", "indicator_id", "measure"]]
        assert keys.equals(keys.sort_values(list(keys.columns)).reset_index(drop=True))
        panel = store.panel(dataset)
        assert panel.equals(
            panel.sort_values(["unit_id", "year", "indicator_id"]).reset_index(drop=True)
        )
