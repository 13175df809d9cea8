"""Tests for analysis.cli: exit codes, file:line messages, exports and database errors."""

from __future__ import annotations

import io
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
