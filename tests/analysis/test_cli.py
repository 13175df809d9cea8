"""Tests for analysis.cli: exit codes, file:line messages, exports and database errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.warehouse.export import SIMULATED_LABEL
from tests.conftest import (
    PROJECT_ROOT,
    SEED_CASE_PARAMS,
    SEED_CASES,
    SeedCase,
    append_line,
    damage_tail,
    python_module_cmd,
    reported,
)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _subprocess(*argv: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run(
        python_module_cmd(*argv), cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


# --- validate and build --------------------------------------------------------------------
def test_validate_accepts_the_real_seeds(capsys):
    code, out, err = _run(capsys, "validate")
    assert code == 0, err
    assert "seeds are valid" in out and "observations.csv:" in out


def test_build_writes_the_database(capsys, tmp_path):
    db = tmp_path / "x.duckdb"
    code, out, err = _run(capsys, "build", "--db", str(db))
    assert code == 0, err
    assert f"built {db}" in out
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert (
            con.execute(
                "SELECT count(*) FROM units WHERE level = 'district' AND valid_to = '2025-06-30'"
            ).fetchone()[0]
            == 30
        )
    finally:
        con.close()


@pytest.mark.parametrize("case", SEED_CASE_PARAMS)
def test_seed_problems_exit_1_with_file_and_line(case: SeedCase, capsys, seeds_copy, db_copy):
    file, line = case.apply(seeds_copy)
    before = db_copy.read_bytes()

    code, out, err = _run(capsys, "validate", "--seeds", str(seeds_copy))
    assert code == 1
    assert reported(err, file, line, case.message), err
    assert "Traceback" not in err and out == ""

    code, out, err = _run(capsys, "build", "--seeds", str(seeds_copy), "--db", str(db_copy))
    assert code == 1
    assert reported(err, file, line, case.message), err
    assert db_copy.read_bytes() == before


def test_the_real_entry_point_reports_seed_problems(seeds_copy, db_copy):
    case = next(c for c in SEED_CASES if c.id == "unknown-unit")
    file, line = case.apply(seeds_copy)
    before = db_copy.read_bytes()
    proc = _subprocess("build", "--seeds", str(seeds_copy), "--db", str(db_copy))
    assert proc.returncode == 1, proc.stderr
    assert f"observations.csv:{line}: " in proc.stderr
    assert reported(proc.stderr, file, line, case.message)
    assert "Traceback" not in proc.stderr
    assert db_copy.read_bytes() == before


def test_figures_the_demo_cannot_hold_are_reported_without_a_traceback(capsys, seeds_copy):
    # cau_giay is 1st in 2019 with 95.61; ba_dinh at 99 without a rank has no slot.
    line = append_line(
        seeds_copy / "observations.csv",
        "ba_dinh,2019,total,score_pct,99,99%,,seed000_ba_dinh_2023,loc,,",
    )
    try:
        code, _, err = _run(capsys, "validate", "--seeds", str(seeds_copy))
    except ValueError as exc:
        pytest.fail(f"cli.main raised ValueError: {exc}")
    assert code == 1
    assert f"observations.csv:{line}:" in err


# --- export -----------------------------------------------------------------------------------
def _view(db: Path, dataset: str) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT * FROM observations WHERE dataset = ? ORDER BY unit_id, year, indicator_id, measure",
            [dataset],
        ).df()
    finally:
        con.close()


def _normalise(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(index=range(len(frame)))
    for col in columns:
        s = frame[col].reset_index(drop=True)
        if col in ("year", "value", "out_of"):
            out[col] = pd.to_numeric(s, errors="raise").astype("float64")
        else:
            out[col] = [None if pd.isna(v) else str(v) for v in s]
    return out


def _read_back(path: Path, fmt: str) -> pd.DataFrame:
    if fmt == "csv":
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        return pd.read_csv(
            io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, na_values=[""]
        )
    if fmt == "xlsx":
        assert path.read_bytes()[:2] == b"PK"
        return pd.read_excel(path, engine="openpyxl")
    return pd.read_parquet(path)


@pytest.mark.parametrize(
    ("dataset", "fmt"),
    [("demo", "csv"), ("demo", "xlsx"), ("demo", "parquet"), ("published", "csv")],
)
def test_export_writes_the_observations_of_the_dataset(capsys, built_db, tmp_path, dataset, fmt):
    out = tmp_path / f"export.{fmt}"
    code, _, err = _run(
        capsys,
        "export",
        "--db",
        str(built_db),
        "--dataset",
        dataset,
        "--format",
        fmt,
        "--out",
        str(out),
    )
    assert code == 0, err
    expected = _view(built_db, dataset)
    assert f"wrote {len(expected)} rows to {out}" in err
    got = _read_back(out, fmt)
    assert got.columns[0] == "data_status"
    status = SIMULATED_LABEL if dataset == "demo" else "published"
    assert set(got.data_status) == {status}
    columns = list(expected.columns)
    assert list(got.columns[1:]) == columns
    assert len(got) == len(expected)
    a, b = _normalise(got, columns), _normalise(expected, columns)
    for col in columns:
        if col in ("year", "value", "out_of"):
            np.testing.assert_allclose(a[col], b[col], rtol=0, atol=1e-9, err_msg=col)
        else:
            assert a[col].tolist() == b[col].tolist(), col


def test_export_without_out_names_the_file_after_the_dataset(
    capsys, built_db, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, "export", "--db", str(built_db), "--dataset", "demo")
    assert code == 0, err
    assert [p.name for p in tmp_path.iterdir()] == ["par-index_SIMULATED-demo_observations.csv"]


def test_unknown_dataset_exits_2_with_a_clear_message(capsys, built_db, tmp_path):
    out = tmp_path / "x.csv"
    code, _, err = _run(
        capsys, "export", "--db", str(built_db), "--dataset", "nope", "--out", str(out)
    )
    assert code == 2
    assert "unknown dataset 'nope'" in err and "published" in err and "demo" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_missing_database_exits_non_zero_naming_the_path(capsys, tmp_path):
    db = tmp_path / "missing.duckdb"
    code, _, err = _run(capsys, "export", "--db", str(db), "--out", str(tmp_path / "x.csv"))
    assert code != 0
    assert str(db) in err and "Traceback" not in err
    assert not db.exists()


@pytest.mark.parametrize("damage", ["truncated", "random-bytes"])
def test_corrupt_database_exits_non_zero_naming_the_path(capsys, db_copy, tmp_path, damage):
    data = db_copy.read_bytes()
    db_copy.write_bytes(data[: len(data) // 2] if damage == "truncated" else os.urandom(len(data)))
    code, _, err = _run(capsys, "export", "--db", str(db_copy), "--out", str(tmp_path / "x.csv"))
    assert code != 0
    assert str(db_copy) in err and "Traceback" not in err


def test_the_real_entry_point_reports_a_corrupt_database_without_traceback(db_copy, tmp_path):
    db_copy.write_bytes(os.urandom(64 * 1024))
    proc = _subprocess("export", "--db", str(db_copy), "--out", str(tmp_path / "x.csv"))
    assert proc.returncode != 0
    assert str(db_copy) in proc.stderr and "Traceback" not in proc.stderr


def test_a_database_damaged_in_its_tail_is_reported_without_traceback(capsys, db_copy, tmp_path):
    if not damage_tail(db_copy, "SELECT o.* FROM observations o JOIN units u USING (unit_id)"):
        pytest.skip("no truncation of this build passes the probe")
    try:
        code, _, err = _run(
            capsys, "export", "--db", str(db_copy), "--out", str(tmp_path / "x.csv")
        )
    except duckdb.Error as exc:
        pytest.fail(f"cli.main raised {type(exc).__name__}: {exc}")
    assert code != 0 and str(db_copy) in err


# --- every command says why nothing was computed --------------------------------------------
def test_corr_on_a_year_with_only_the_total_says_why_nothing_was_computed(capsys, built_db):
    code, out, err = _run(
        capsys, "corr", "--db", str(built_db), "--dataset", "published", "--year", "2019", "--json"
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["results"] == []
    assert "at least two indicators" in doc["nothing_computed"]
    code, out, err = _run(
        capsys, "corr", "--db", str(built_db), "--dataset", "published", "--year", "2019"
    )
    assert "Nothing was computed: correlations need at least two indicators" in out


def test_corr_on_a_year_without_data_names_the_year(capsys, built_db):
    argv = ("corr", "--db", str(built_db), "--year", "2031", "--level", "commune")
    code, out, _ = _run(capsys, *argv, "--block", "xã")
    assert code == 0
    assert "Nothing was computed: the dataset 'demo' holds no values in 2031" in out
    # The district-level units were not scored after 2024: said as such.
    code, _, err = _run(capsys, "corr", "--db", str(built_db), "--year", "2031")
    assert code != 0 and "scored up to 2024" in err


def test_trend_with_the_range_reversed_is_refused(capsys, built_db):
    code, out, err = _run(capsys, "trend", "--db", str(built_db), "--from", "2024", "--to", "2019")
    assert code == 2 and out == ""
    assert "--from 2024 is after --to 2019" in err


def test_yoy_of_the_same_year_is_refused(capsys, built_db):
    code, out, err = _run(capsys, "yoy", "--db", str(built_db), "--from", "2023", "--to", "2023")
    assert code == 2 and out == ""
    assert "same year (2023)" in err


def test_yoy_on_sparse_published_data_says_why(capsys, built_db):
    code, out, _ = _run(
        capsys,
        "yoy",
        "--db",
        str(built_db),
        "--dataset",
        "published",
        "--from",
        "2022",
        "--to",
        "2023",
    )
    assert code == 0
    assert "Nothing was computed: every row is insufficient: n = 2 pairs" in out


# --- import and workspace (issue 13) -------------------------------------------------------
_T2016 = "KẾT QUẢ CHỈ SỐ CCHC NĂM 2016\nĐơn vị;Tổng điểm;Xếp hạng\nBa Vì;80,10;1\nMỹ Đức;79,00;2\n"
_T2017 = "Năm;Đơn vị;Tổng điểm\n2017;Ba Vì;81,20\n2017;Mỹ Đức;78,30\n"


def _tables(tmp_path: Path) -> list[str]:
    out = []
    for name, text in (("a.csv", _T2016), ("b.csv", _T2017)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        out.append(str(tmp_path / name))
    return out


def test_import_takes_several_files_without_year_and_prints_the_json_contract(
    capsys, tmp_path, seeds_copy
):
    files = _tables(tmp_path)
    code, out, _ = _run(capsys, "import", *files, "--seeds", str(seeds_copy), "--dry-run", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["ok"] is True and set(data) >= {"ok", "figures", "problems"}
    keys = {"unit_id", "unit_name", "year", "indicator_id", "measure", "value", "out_of"}
    keys |= {"sheet", "row", "column", "status"}
    assert all(keys <= set(f) for f in data["figures"])
    got = {(f["unit_id"], f["year"], f["measure"]): f["value"] for f in data["figures"]}
    assert got[("ba_vi", 2016, "rank")] == 1 and got[("my_duc", 2017, "score_pct")] == 78.3
    assert {f["status"] for f in data["figures"]} == {"new"}


@pytest.mark.parametrize(
    ("text", "year", "code", "fragment"),
    [
        (_T2016, "2018", 1, "the year given is 2018 but the title line"),
        ("Đơn vị;Tổng điểm\nBa Vì;104,2\n", "2018", 1, "104,2 is outside 0–100"),
    ],
)
def test_import_refusals_exit_1_with_located_problems(
    capsys, tmp_path, seeds_copy, text, year, code, fragment
):
    (tmp_path / "t.csv").write_text(text, encoding="utf-8")
    args = ["import", str(tmp_path / "t.csv"), "--year", year, "--seeds", str(seeds_copy)]
    got, out, _ = _run(capsys, *args, "--dry-run", "--json")
    data = json.loads(out)
    assert got == code and data["ok"] is False
    [problem] = [p for p in data["problems"] if fragment in p["message"]]
    assert set(problem) >= {"severity", "sheet", "row", "column", "message"}
    assert problem["severity"] == "error"


def test_import_of_an_unreadable_file_exits_2(capsys, tmp_path):
    (tmp_path / "t.pdf").write_bytes(b"%PDF-1.7")
    code, out, _ = _run(capsys, "import", str(tmp_path / "t.pdf"), "--dry-run", "--json")
    assert code == 2 and json.loads(out)["ok"] is False


def test_import_text_output_survives_head(tmp_path):
    files = _tables(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    cmd = " ".join(python_module_cmd("import", *files, "--dry-run"))
    proc = subprocess.run(
        f"{cmd} | head -2",
        shell=True,
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout.count("\n") == 2 and "Traceback" not in proc.stderr


def test_workspace_create_list_delete(capsys, tmp_path):
    files = _tables(tmp_path)
    root = str(tmp_path / "ws")
    code, out, err = _run(capsys, "workspace", "create", *files, "--json", "--root", root)
    assert code == 0, err
    made = json.loads(out)
    assert made["url"] == f"/?ws={made['token']}" and made["years"] == [2016, 2017]
    assert [f["name"] for f in made["files"]] == ["a.csv", "b.csv"]
    code, out, _ = _run(capsys, "workspace", "list", "--json", "--root", root)
    assert [w["token"] for w in json.loads(out)] == [made["token"]]
    code, out, _ = _run(capsys, "workspace", "delete", made["token"], "--root", root)
    assert code == 0 and made["token"] in out
    code, _, err = _run(capsys, "workspace", "delete", made["token"], "--root", root)
    assert code == 1 and "does not exist or has expired" in err and root not in err
    code, _, err = _run(capsys, "workspace", "delete", "../x", "--root", root)
    assert code == 1 and "not a valid workspace link" in err


def test_workspace_create_refuses_a_bad_file(capsys, tmp_path):
    (tmp_path / "bad.csv").write_text("Đơn vị;Tổng điểm\nBa Vì;104,2\n", encoding="utf-8")
    code, _, err = _run(
        capsys,
        "workspace",
        "create",
        str(tmp_path / "bad.csv"),
        "--year",
        "2018",
        "--root",
        str(tmp_path / "w"),
    )
    assert code == 1 and "104,2 is outside 0–100" in err
    assert not list((tmp_path / "w").glob("*.zip")) if (tmp_path / "w").exists() else True


def test_disagree_lists_an_official_table_beside_a_news_report(capsys, tmp_path, seeds_copy):
    table = "Đơn vị;Tổng điểm;Xếp hạng\nCầu Giấy;95,30;4\n"
    (tmp_path / "t.csv").write_text(table, encoding="utf-8")
    db = str(tmp_path / "d.duckdb")
    args = ["import", str(tmp_path / "t.csv"), "--year", "2023", "--seeds", str(seeds_copy)]
    code, _, err = _run(capsys, *args, "--db", db)
    assert code == 0, err
    code, out, _ = _run(capsys, "disagree", "--seeds", str(seeds_copy), "--json")
    rows = json.loads(out)["results"]
    [row] = [r for r in rows if r["unit_id"] == "cau_giay" and r["measure"] == "score_pct"]
    assert (row["primary_value"], row["other_value"]) == (95.3, 95.22)
    assert row["other_source_id"] == "vietnamplus_2024_02_20"


def test_corr_at_the_commune_level_is_computed_within_the_block(capsys, built_db):
    import duckdb
    from scipy import stats

    code, out, err = _run(
        capsys, "corr", "--db", str(built_db), "--level", "commune", "--block", "phường", "--json"
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["level"] == "commune" and doc["block"] == "phường" and doc["simulated"]
    assert "2025, phường" in doc["title"]
    rows = {r["indicator"]: r for r in doc["results"]}
    pair = next(r for r in doc["results"] if r["x"] == "direction" and r["y"] == "institutions")
    # Independent: the 51 phường's 2025 scores straight from the database, scipy's Spearman.
    con = duckdb.connect(str(built_db), read_only=True)
    wide = (
        con.execute(
            """SELECT o.unit_id, o.indicator_id, o.value FROM observations o
           JOIN units u USING (unit_id)
           WHERE o.dataset = 'demo' AND o.year = 2025 AND o.measure = 'score_pct'
             AND u.level = 'commune' AND u.unit_type = 'phường'"""
        )
        .df()
        .pivot(index="unit_id", columns="indicator_id", values="value")
    )
    con.close()
    assert len(wide) == 51 and pair["n"] == 51 and len(rows) > 1
    # scipy.stats.spearmanr(direction, institutions) over the same 51 units
    expected = stats.spearmanr(wide["direction"], wide["institutions"]).statistic
    assert pair["statistic"] == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("corr", "--level", "commune"), "needs --block phường or --block xã"),
        (("corr", "--block", "xã"), "--block is for --level commune"),
        (("yoy", "--from", "2024", "--to", "2025"), "no command compares 2024 with 2025"),
        (
            ("yoy", "--level", "commune", "--block", "xã", "--from", "2024", "--to", "2025"),
            "no command compares 2024 with 2025",
        ),
    ],
)
def test_the_levels_are_never_mixed_and_communes_need_a_block(capsys, built_db, argv, message):
    code, _, err = _run(capsys, *argv, "--db", str(built_db))
    assert code != 0 and message in err and "Traceback" not in err
