"""Preview, session frames, importing into a copy of seeds/ (all or nothing) and the CLI."""

from __future__ import annotations

import csv
import hashlib
import importlib
import io
import json
import tomllib
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analysis.ingest import importer
from analysis.ingest.importer import (
    PREVIEW_COLUMNS,
    SESSION_COLUMNS,
    check_upload,
    cli_import,
    import_file,
    preview,
    published_from_seeds,
    reference_frames,
    to_session_frame,
)
from analysis.ingest.matching import OBSERVATION_COLUMNS, validate_table
from analysis.ingest.reader import read_table
from analysis.paths import SEEDS_DIR
from analysis.warehouse.build import validate
from analysis.warehouse.seeds import SeedError, SeedProblems

fx = importlib.import_module("tests.fixtures.import.make_fixtures")

UNITS, INDICATORS = reference_frames(SEEDS_DIR)
CLEAN = fx.clean_table()  # year 2018: no published district figures, outside the demo years
CLEAN_CSV = fx.render_csv(
    fx.grid(CLEAN, fx.Style(header_rows=3, title=True, footer=True, prefix="full"))
)
TODAY = date(2026, 11, 22)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def no_build(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Skip the database build (validate still runs) where a test does not read the database."""
    calls: list[Path] = []

    def fake_build(db_path, seeds_dir):
        calls.append(Path(db_path))
        return Path(db_path)

    monkeypatch.setattr("analysis.warehouse.build.build", fake_build)
    return calls


def _table_2023(rows: str) -> bytes:
    return ("STT;Đơn vị;Tổng điểm;Xếp hạng\n" + rows).encode()


# --------------------------------------------------------------------------- preview


def _preview_2023(published: pd.DataFrame) -> pd.DataFrame:
    raw = read_table(
        _table_2023(
            "1;Q. Đống Đa;96,30;1\n2;Q. Cầu Giấy;95,30;4\n3;Q. Bắc Từ Liêm;94,27;10\n"
            "4;H. Ba Vì;90,00;20\n5;Xyz;80,00;29\n"
        ),
        "t.csv",
    )
    return preview(validate_table(raw, 2023, UNITS, INDICATORS), published)


def test_preview_says_new_matches_or_differs_with_both_values() -> None:
    p = _preview_2023(published_from_seeds(SEEDS_DIR))
    assert tuple(p.columns) == PREVIEW_COLUMNS
    got = {
        (r.unit_id or r.unit_text, r.measure): (
            r.status,
            None if pd.isna(r.published_value) else r.published_value,
            None if pd.isna(r.published_source_id) else r.published_source_id,
        )
        for r in p.itertuples()
    }
    assert got[("dong_da", "score_pct")] == ("matches", 96.3, "vietnamplus_2024_02_20")
    assert got[("dong_da", "rank")] == ("matches", 1.0, "vietnamplus_2024_02_20")
    assert got[("cau_giay", "score_pct")] == ("differs", 95.22, "vietnamplus_2024_02_20")
    assert got[("bac_tu_liem", "score_pct")] == ("matches", 94.27, "seed001_bac_tu_liem_2023")
    assert got[("ba_vi", "score_pct")] == ("new", None, None)
    assert got[("Xyz", "score_pct")][0] == "unknown unit"
    differs = p[p.status == "differs"].iloc[0]
    assert (differs.value, differs.value_as_published) == (95.3, "95,30")
    assert differs.published_as_published == "95.22 percent"


@pytest.mark.parametrize(
    ("text", "status"),
    [("96,3", "matches"), ("96,34", "matches"), ("96,25", "matches"), ("96,36", "differs"),
     ("96", "matches"), ("97", "differs")],
)  # fmt: skip
def test_preview_compares_at_the_coarser_precision(text: str, status: str) -> None:
    # Published: Đống Đa 2023 "96.3 percent" (one decimal).
    raw = read_table(_table_2023(f"1;Đống Đa;{text};1\n"), "t.csv")
    p = preview(validate_table(raw, 2023, UNITS, INDICATORS), published_from_seeds(SEEDS_DIR))
    assert p.set_index("measure").loc["score_pct", "status"] == status


def test_preview_against_the_database_view(built_con: duckdb.DuckDBPyConnection) -> None:
    from_db = built_con.execute("SELECT * FROM published_figures").df()
    a = _preview_2023(from_db)
    b = _preview_2023(published_from_seeds(SEEDS_DIR))
    assert a.status.tolist() == b.status.tolist()


def test_preview_of_an_empty_result_and_without_published_figures() -> None:
    raw = read_table(_table_2023("1;Ba Vì;90,00;20\n"), "t.csv")
    p = preview(validate_table(raw, 2023, UNITS, INDICATORS), pd.DataFrame())
    assert p.status.tolist() == ["new", "new"]


# --------------------------------------------------------------------------- session frame


def test_session_frame_has_the_observations_view_shape(built_con) -> None:
    result = validate_table(read_table(CLEAN_CSV, "t.csv"), 2018, UNITS, INDICATORS)
    frame = to_session_frame(result)
    view = built_con.execute("SELECT * FROM observations LIMIT 0").df()
    assert tuple(frame.columns) == SESSION_COLUMNS == tuple(view.columns)
    printed = frame[frame.derived_from.isna()]
    assert len(printed) == 300 and set(frame.dataset) == {"upload"}
    sha8 = hashlib.sha256(CLEAN_CSV).hexdigest()[:8]
    assert set(frame.source_id) == {f"upload_2018_{sha8}"}
    assert frame.note.isna().all()
    # Each component's points with the maximum in its header give its percent, derived.
    derived = frame[frame.derived_from.notna()]
    assert len(derived) == 240 and set(derived.measure) == {"score_pct"}
    assert derived.value_as_published.fillna("").eq("").all()
    assert str(frame.out_of.dtype) == "Int64" and str(frame.value.dtype) == "float64"
    assert to_session_frame(result, dataset="mine").dataset.iloc[0] == "mine"


def test_session_frame_is_empty_when_the_table_has_errors() -> None:
    raw = read_table(_table_2023("1;Ba Vì;104,2;20\n"), "t.csv")
    frame = to_session_frame(validate_table(raw, 2023, UNITS, INDICATORS))
    assert frame.empty and tuple(frame.columns) == SESSION_COLUMNS


def test_check_upload_for_the_app() -> None:
    published = published_from_seeds(SEEDS_DIR)
    report = check_upload(CLEAN_CSV, "bang.csv", 2018, UNITS, INDICATORS, published)
    # 300 printed figures and 240 component percents derived from their points.
    assert report.ok and report.exit_code == 0 and len(report.frame) == 540
    assert len(report.preview) == 540 and set(report.preview.status) == {"new"}
    data = _table_2023("1;Cầu Giấy;95,30;4\n")
    report = check_upload(data, "t.csv", 2023, UNITS, INDICATORS, published)
    assert report.ok  # a session may differ from the published figures …
    [warning] = [p for p in report.problems if "differs" in p.message]
    assert warning.severity == "warning"  # … and is told so
    assert warning.message == (
        "row 2, column 'Tổng điểm': 95,30 differs from the figure already published for "
        "cau_giay 2023 (vietnamplus_2024_02_20: '95.22 percent'); the official table is the "
        "primary source: both are kept and the difference is listed"
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b"%PDF-1.4",
            "bang.pdf",
            "bang.pdf is a PDF, not a table; export the table to XLSX or CSV",
        ),
        (b"x" * 7_200_000, "big.csv", "big.csv is 7.2 MB; the limit is 5 MB"),
        (b"", "empty.csv", "empty.csv is empty"),
    ],
)
def test_check_upload_unreadable(data: bytes, name: str, message: str) -> None:
    report = check_upload(data, name, 2018, UNITS, INDICATORS)
    assert (report.ok, report.unreadable, report.exit_code) == (False, True, 2)
    assert [p.message for p in report.problems] == [message]
    assert report.frame is None and report.as_dict()["rows"] == []


# --------------------------------------------------------------------------- import_file


def test_import_writes_sources_metadata_and_rebuilds(seeds_copy: Path, tmp_path: Path) -> None:
    before = _snapshot(seeds_copy)
    path = _write(tmp_path, "PL1 chi so CCHC 2018.csv", CLEAN_CSV)
    db = tmp_path / "par.duckdb"
    report = import_file(path, 2018, seeds_copy, db, today=TODAY)
    assert report.ok, [str(p) for p in report.problems]
    sha = hashlib.sha256(CLEAN_CSV).hexdigest()
    rel = f"imported/2018_{sha[:8]}.csv"
    assert (report.seed_file, report.source_id) == (rel, f"import_2018_{sha[:8]}")
    assert report.written == [rel, "sources.csv", "metadata.toml"]
    after = _snapshot(seeds_copy)
    assert set(after) == set(before) | {rel}
    assert {k for k in before if before[k] != after[k]} == {"sources.csv", "metadata.toml"}
    # only appended to
    for name in ("sources.csv", "metadata.toml"):
        assert after[name].startswith(before[name])

    records = list(csv.DictReader(io.StringIO(after[rel].decode())))
    assert tuple(records[0]) == OBSERVATION_COLUMNS and len(records) == 540
    first = records[0]
    total = CLEAN.total["ba_dinh"]
    assert first == {
        "unit_id": "ba_dinh",
        "year": "2018",
        "indicator_id": "total",
        "measure": "score_pct",
        "value": f"{total:.2f}",
        "value_as_published": f"{total:.2f}".replace(".", ","),
        "out_of": "",
        "source_id": report.source_id,
        "locator": "row 8, column 'KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2018 Tổng điểm "
        "(100 điểm)'",
        "derived_from": "",
        "note": "",
    }
    assert {r["out_of"] for r in records if r["measure"] == "rank"} == {"30"}
    institutions = [r for r in records if r["indicator_id"] == "institutions"]
    assert {r["out_of"] for r in institutions if r["measure"] == "points"} == {"8"}
    [derived] = [
        r for r in institutions if r["measure"] == "score_pct" and r["unit_id"] == "ba_dinh"
    ]
    assert derived["derived_from"].endswith("/ 8 × 100 (derived, not printed)")

    source = list(csv.DictReader(io.StringIO(after["sources.csv"].decode())))[-1]
    assert source == {
        "source_id": report.source_id,
        "title": "Imported table: PL1 chi so CCHC 2018.csv",
        "publisher": "Imported by user",
        "published_on": "",
        "url": "file:PL1 chi so CCHC 2018.csv",
        "licence": "",
        "accessed_on": "2026-11-22",
        "note": f"original file PL1 chi so CCHC 2018.csv, sha256 {sha}, imported 2026-11-22",
    }
    meta = tomllib.loads(after["metadata.toml"].decode())["files"][rel]
    assert meta["title"] == "Imported table: PL1 chi so CCHC 2018.csv (2018)"
    assert meta["date_published"] == "2026-11-22" and meta["sources"] == [report.source_id]
    assert "540 figures for 30 units" in meta["description"]

    validate(seeds_copy)
    con = duckdb.connect(str(db), read_only=True)
    try:
        n = con.execute(
            "SELECT count(*) FROM observations WHERE dataset = 'published' AND source_id = ?",
            [report.source_id],
        ).fetchone()[0]
        files = con.execute("SELECT file FROM seed_files").df().file.tolist()
    finally:
        con.close()
    assert n == 540 and rel in files
    assert not [p for p in seeds_copy.rglob(".*") if p.is_file()]  # no temp files left
    for name in (rel, "sources.csv", "metadata.toml"):
        assert (seeds_copy / name).stat().st_mode & 0o644 == 0o644  # still readable by all


def test_importing_the_same_file_twice_is_refused(
    seeds_copy: Path, tmp_path: Path, no_build: list[Path]
) -> None:
    path = _write(tmp_path, "a.csv", CLEAN_CSV)
    first = import_file(path, 2018, seeds_copy, tmp_path / "db.duckdb")
    assert first.ok
    before = _snapshot(seeds_copy)
    again = import_file(_write(tmp_path, "b.csv", CLEAN_CSV), 2017, seeds_copy, tmp_path / "x")
    assert not again.ok and again.exit_code == 1
    assert again.problems[0].message == (
        f"b.csv was already imported as {first.seed_file} (source {first.source_id})"
    )
    assert _snapshot(seeds_copy) == before


def test_source_metadata_options(seeds_copy: Path, tmp_path: Path, no_build: list[Path]) -> None:
    path = _write(tmp_path, "t.csv", CLEAN_CSV)
    report = import_file(
        path,
        2018,
        seeds_copy,
        tmp_path / "db.duckdb",
        source_title='Quyết định 1234/QĐ-UBND "Chỉ số CCHC" \\ 2018',
        source_url="https://example.org/qd1234.pdf",
        published_on="2019-02-20",
    )
    assert report.ok
    source = list(csv.DictReader((seeds_copy / "sources.csv").open(encoding="utf-8")))[-1]
    assert source["title"] == 'Quyết định 1234/QĐ-UBND "Chỉ số CCHC" \\ 2018'
    assert (source["url"], source["published_on"]) == (
        "https://example.org/qd1234.pdf",
        "2019-02-20",
    )
    meta = tomllib.loads((seeds_copy / "metadata.toml").read_text(encoding="utf-8"))
    assert meta["files"][report.seed_file]["title"].startswith('Quyết định 1234/QĐ-UBND "Chỉ')


def test_import_of_an_xlsx_keeps_sheet_locators(
    seeds_copy: Path, tmp_path: Path, no_build: list[Path]
) -> None:
    data = fx.render_xlsx(CLEAN, fx.Style(header_rows=2, title=True, footer=True))
    report = import_file(_write(tmp_path, "t.xlsx", data), 2018, seeds_copy, tmp_path / "d")
    assert report.ok, [str(p) for p in report.problems]
    # Built once, into a staged file beside the target that is then renamed over it.
    assert len(no_build) == 1 and no_build[0].parent == tmp_path
    assert no_build[0].name.startswith(".d.") and no_build[0].name.endswith("-import.tmp")
    text = (seeds_copy / report.seed_file).read_text(encoding="utf-8")
    assert "sheet 'PL1', row 8, column 'Chỉ số CCHC năm 2018 Tổng điểm'" in text


def test_dry_run_writes_nothing(seeds_copy: Path, tmp_path: Path) -> None:
    before = _snapshot(seeds_copy)
    db = tmp_path / "db.duckdb"
    report = import_file(_write(tmp_path, "t.csv", CLEAN_CSV), 2018, seeds_copy, db, dry_run=True)
    assert report.ok and report.dry_run and report.exit_code == 0
    assert report.written == [] and report.seed_file == "" and len(report.preview) == 540
    assert _snapshot(seeds_copy) == before and not db.exists()


def test_a_table_with_one_bad_row_imports_nothing(seeds_copy: Path, tmp_path: Path) -> None:
    rows = fx.grid(CLEAN, fx.Style(stt=False))
    rows[30][2] = "31"  # Mỹ Đức's rank
    before = _snapshot(seeds_copy)
    db = tmp_path / "db.duckdb"
    report = import_file(_write(tmp_path, "t.csv", fx.render_csv(rows)), 2018, seeds_copy, db)
    assert not report.ok and report.exit_code == 1 and not report.restored
    assert [p.message for p in report.errors] == [
        "row 31, column 'Xếp hạng': rank 31 is outside 1–30"
    ]
    assert _snapshot(seeds_copy) == before and not db.exists()


def test_an_official_table_differing_from_a_news_report_imports_with_both_kept(
    seeds_copy: Path, tmp_path: Path
) -> None:
    from analysis.ingest.disagree import sources_disagree

    data = _table_2023("1;Cầu Giấy;95,30;4\n2;Đống Đa;96,30;1\n")
    report = import_file(_write(tmp_path, "t.csv", data), 2023, seeds_copy, tmp_path / "d")
    assert report.ok, [p.message for p in report.errors]
    [warning] = [p for p in report.problems if "differs" in p.message]
    assert warning.severity == "warning" and "vietnamplus_2024_02_20" in warning.message
    held = published_from_seeds(seeds_copy)
    both = held[
        (held.unit_id == "cau_giay") & (held.year == "2023") & (held.measure == "score_pct")
    ]
    assert set(both.source_id) == {"vietnamplus_2024_02_20", report.source_id}
    listed = sources_disagree(held)
    row = listed[(listed.unit_id == "cau_giay") & (listed.measure == "score_pct")].iloc[0]
    assert (row.primary_value, row.other_value) == (95.3, 95.22)
    assert row.primary_source_id == report.source_id
    con = duckdb.connect(str(tmp_path / "d"), read_only=True)
    try:  # the primary figure is the one the pages use
        used = con.execute(
            "SELECT value FROM observations WHERE dataset = 'published' AND unit_id = 'cau_giay' "
            "AND year = 2023 AND indicator_id = 'total' AND measure = 'score_pct'"
        ).fetchone()[0]
    finally:
        con.close()
    assert used == 95.3


def test_two_official_tables_that_disagree_are_refused(seeds_copy: Path, tmp_path: Path) -> None:
    first = _table_2023("1;Cầu Giấy;95,30;4\n")
    assert import_file(_write(tmp_path, "a.csv", first), 2023, seeds_copy, tmp_path / "d").ok
    before = _snapshot(seeds_copy)
    second = _table_2023("1;Cầu Giấy;95,10;4\n")
    report = import_file(_write(tmp_path, "b.csv", second), 2023, seeds_copy, tmp_path / "d")
    assert not report.ok
    [error] = report.errors
    assert error.message.startswith("row 2, column 'Tổng điểm': 95,10 differs from '95,30'")
    assert error.message.endswith("two primary tables disagree")
    assert _snapshot(seeds_copy) == before


def test_a_failed_build_restores_every_seed_file(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.duckdb"
    db.write_bytes(b"previous database")
    before = _snapshot(seeds_copy)
    assert not (seeds_copy / "imported").exists()
    seen: dict[str, bool] = {}

    def failing_build(db_path, seeds_dir):
        seen["written"] = any((Path(seeds_dir) / "imported").glob("*.csv"))
        raise OSError("No space left on device")

    monkeypatch.setattr("analysis.warehouse.build.build", failing_build)
    report = import_file(_write(tmp_path, "t.csv", CLEAN_CSV), 2018, seeds_copy, db)
    assert seen == {"written": True}  # the failure came after the files were written
    assert not report.ok and report.restored and report.exit_code == 1
    assert report.problems[0].message.startswith("the import was rolled back")
    assert "No space left on device" in report.problems[1].message
    assert _snapshot(seeds_copy) == before  # byte-identical, imported/ removed again
    assert db.read_bytes() == b"previous database"
    assert report.written == [] and report.seed_file == ""


def test_failed_seed_checks_restore_and_point_at_the_table(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (seeds_copy / "imported").mkdir()
    (seeds_copy / "imported" / "keep.txt").write_text("not a seed file")
    before = _snapshot(seeds_copy)
    sha8 = hashlib.sha256(CLEAN_CSV).hexdigest()[:8]

    def failing_validate(seeds_dir):
        raise SeedProblems(
            [
                SeedError(f"imported/2018_{sha8}.csv", 3, "something the seeds refuse"),
                SeedError("units.csv", 4, "another problem"),
            ]
        )

    monkeypatch.setattr("analysis.warehouse.build.validate", failing_validate)
    report = import_file(_write(tmp_path, "t.csv", CLEAN_CSV), 2018, seeds_copy, tmp_path / "d")
    assert not report.ok and report.restored
    messages = [p.message for p in report.errors]
    # line 3 of the imported file is its 2nd record: Ba Đình's rank, row 8 of the table
    assert (
        "row 8, column 'KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2018 Thứ hạng': something the "
        "seeds refuse (seed check)"
    ) in messages
    assert "seeds/units.csv:4: another problem" in messages
    assert _snapshot(seeds_copy) == before


def test_broken_seeds_make_the_import_roll_back(seeds_copy: Path, tmp_path: Path) -> None:
    text = (seeds_copy / "metadata.toml").read_text(encoding="utf-8")
    start = text.index('[files."initiatives.csv"]')
    end = text.index("\n[", start + 1)
    (seeds_copy / "metadata.toml").write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    before = _snapshot(seeds_copy)
    report = import_file(_write(tmp_path, "t.csv", CLEAN_CSV), 2018, seeds_copy, tmp_path / "d")
    assert not report.ok and report.restored
    assert 'seeds/metadata.toml:1: no [files."initiatives.csv"] entry' in [
        p.message for p in report.errors
    ]
    assert _snapshot(seeds_copy) == before


def test_unreadable_and_missing_files(seeds_copy: Path, tmp_path: Path) -> None:
    report = import_file(tmp_path / "nope.csv", 2018, seeds_copy, tmp_path / "d")
    assert report.unreadable and report.exit_code == 2
    assert report.problems[0].message.endswith("nope.csv: no such file")
    big = _write(tmp_path, "big.csv", b"x" * 7_200_000)
    report = import_file(big, 2018, seeds_copy, tmp_path / "d")
    assert [p.message for p in report.problems] == ["big.csv is 7.2 MB; the limit is 5 MB"]
    report = import_file(_write(tmp_path, "t.pdf", b"%PDF-1.7"), 2018, seeds_copy, tmp_path / "d")
    assert report.exit_code == 2


def test_published_on_must_look_like_a_date(seeds_copy: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, "t.csv", CLEAN_CSV)
    report = import_file(path, 2018, seeds_copy, tmp_path / "d", published_on="20/02/2019")
    assert [p.message for p in report.problems] == [
        "published_on '20/02/2019' is not a date (YYYY[-MM[-DD]])"
    ]


def test_toml_strings_are_escaped() -> None:
    text = 'a "b" \\ c\n\x7f đ'
    assert tomllib.loads(f"k = {importer._toml_str(text)}")["k"] == text


# --------------------------------------------------------------------------- CLI


def test_cli_imports_and_prints(seeds_copy: Path, tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, "t.csv", CLEAN_CSV)
    code = cli_import(
        [str(path), "--year", "2018", "--seeds", str(seeds_copy), "--db", str(tmp_path / "d")]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "row 8: Quận Ba Đình → ba_dinh |" in out
    assert "→ institutions points (out of 8)" in out
    assert "'Quận, huyện, thị xã' → unit names" in out
    assert "note: row 38: summary row 'Trung bình' dropped" in out
    assert "figures: 540 (540 new)" in out
    assert "imported as seeds/imported/2018_" in out


def test_cli_reports_problems_with_exit_code_1(seeds_copy: Path, tmp_path: Path, capsys) -> None:
    rows = fx.grid(CLEAN, fx.Style(stt=False))
    rows[29][0] = "Ung Hoa x"
    path = _write(tmp_path, "t.csv", fx.render_csv(rows))
    before = _snapshot(seeds_copy)
    code = cli_import(
        [str(path), "--year", "2018", "--seeds", str(seeds_copy), "--db", str(tmp_path / "d")]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "error: row 30: unknown unit 'Ung Hoa x' — did you mean Ứng Hòa?" in out
    assert "warning: 29 of the 30 district-level units valid in 2018" in out
    assert out.rstrip().endswith("nothing imported")
    assert _snapshot(seeds_copy) == before


def test_cli_json(seeds_copy: Path, tmp_path: Path, capsys) -> None:
    rows = fx.grid(CLEAN, fx.Style(stt=False))
    rows[0].append("Foo")
    for r in rows[1:]:
        r.append("1")
    path = _write(tmp_path, "t.csv", fx.render_csv(rows))
    args = [str(path), "--year", "2018", "--seeds", str(seeds_copy), "--dry-run", "--json"]
    code = cli_import(args)
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {"ok", "figures", "problems"} <= set(out)
    assert out["ok"] is True and out["dry_run"] is True
    assert out["problems"] == [
        {
            "severity": "warning",
            "sheet": None,
            "row": None,
            "column": "Foo",
            "message": "column 'Foo' is not a known indicator (ignored)",
            "code": "column.unknown",
            "file": "t.csv",
        }
    ]
    first = out["figures"][0]
    assert {k: first[k] for k in first if k != "value"} == {
        "unit_id": "ba_dinh",
        "unit_name": "Ba Đình",
        "year": 2018,
        "indicator_id": "total",
        "measure": "score_pct",
        "out_of": None,
        "sheet": None,
        "row": 2,
        "column": "Chỉ số CCHC (%)",
        "status": "new",
        "derived": False,
        "file": "t.csv",
    }
    assert len(out["figures"]) == 540 and {f["status"] for f in out["figures"]} == {"new"}


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [(b"%PDF-1.7", "t.pdf", 2), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "t.xls", 2)],
)
def test_cli_unreadable_files_exit_2(
    tmp_path: Path, capsys, data: bytes, name: str, code: int
) -> None:
    path = _write(tmp_path, name, data)
    assert cli_import([str(path), "--year", "2018", "--dry-run", "--json"]) == code
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["problems"][0]["message"].startswith(name)


def test_cli_argument_errors(capsys) -> None:
    assert cli_import([]) == 2
    assert "FILE" in capsys.readouterr().err
    assert cli_import(["--help"]) == 0


def test_check_upload_with_the_database_views(built_con: duckdb.DuckDBPyConnection) -> None:
    units = built_con.execute("SELECT * FROM units").df()
    indicators = built_con.execute("SELECT * FROM indicators").df()
    published = built_con.execute("SELECT * FROM published_figures").df()
    report = check_upload(CLEAN_CSV, "t.csv", 2018, units, indicators, published)
    assert report.ok and len(report.frame) == 540
    data = _table_2023("1;Bắc Từ Liêm;94,27;10\n")
    report = check_upload(data, "t.csv", 2012, units, indicators, published)
    assert "row 2: Bắc Từ Liêm did not exist in 2012 (valid 2014-04-01 to 2025-06-30)" in [
        p.message for p in report.errors
    ]


def test_tied_ranks_are_refused_and_a_report_s_rank_is_kept_beside(
    seeds_copy: Path, tmp_path: Path
) -> None:
    before = _snapshot(seeds_copy)
    data = _table_2023("1;Ba Vì;93,00;1\n2;Mỹ Đức;92,00;7\n3;Thanh Oai;91,00;7\n")
    report = import_file(_write(tmp_path, "t.csv", data), 2023, seeds_copy, tmp_path / "d")
    assert not report.ok
    assert [p.message for p in report.errors] == [
        "column 'Xếp hạng': rank 7 is shared by rows 3 and 4 (a tie?); the seeds do not accept "
        "two district-level units with the same rank",
    ]
    assert _snapshot(seeds_copy) == before
