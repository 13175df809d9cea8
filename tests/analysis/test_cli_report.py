"""`python -m analysis report`: the one-page PDF from the command line, and its errors."""

from __future__ import annotations

import io
import os
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis.cli import main
from tests.conftest import PROJECT_ROOT, python_module_cmd


def _text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages))


@pytest.mark.parametrize("unit", ["bac_tu_liem", "Bắc Từ Liêm", "quận Bắc Từ Liêm", "bac tu liem"])
def test_report_by_id_or_name_writes_the_pdf(capsys, built_db, tmp_path, unit):
    out = tmp_path / "btl.pdf"
    code = main(["report", unit, "--year", "2023", "--db", str(built_db), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "bac_tu_liem 2023 (published)" in err and str(out) in err
    text = _text(out)
    assert "Quận Bắc Từ Liêm" in text and "94,27%" in text and "MÔ PHỎNG" not in text


def test_demo_report_in_english_is_simulated_and_named_so(capsys, built_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(
        ["report", "Ứng Hòa", "--year", "2023", "--dataset", "demo", "--lang", "en"]
        + ["--db", str(built_db)]
    )
    assert code == 0, capsys.readouterr().err
    (written,) = list(tmp_path.glob("*.pdf"))
    assert written.name == "bao-cao-mot-trang_ung_hoa_2023_SIMULATED_en.pdf"
    text = _text(written)
    assert "SIMULATED" in text and "Ứng Hòa (rural district)" in text
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file was renamed, not left


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["Atlantis", "--year", "2023"], "error: unknown unit 'Atlantis'"),
        (["Bắc Tu Lem", "--year", "2023"], "did you mean Bắc Từ Liêm (bac_tu_liem)"),
        (["bac_tu_liem", "--year", "2019"], "no score or rank for 2019"),
        (["bac_tu_liem", "--year", "2023", "--dataset", "x"], "unknown dataset 'x'"),
    ],
)
def test_bad_requests_exit_non_zero_and_keep_the_old_file(
    capsys, built_db, tmp_path, argv, message
):
    out = tmp_path / "report.pdf"
    out.write_bytes(b"the old report")
    code = main(["report", *argv, "--db", str(built_db), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and message in err
    assert out.read_bytes() == b"the old report"


def test_missing_year_is_a_usage_error(capsys, built_db):
    with pytest.raises(SystemExit) as exc:
        main(["report", "bac_tu_liem", "--db", str(built_db)])
    assert exc.value.code == 2 and "--year" in capsys.readouterr().err


def test_report_runs_as_a_module(built_db, tmp_path):
    out = tmp_path / "uh.pdf"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    proc = subprocess.run(
        python_module_cmd("report", "ung_hoa", "--year", "2023", "--dataset", "demo")
        + ["--db", str(built_db), "--out", str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:5] == b"%PDF-" and "MÔ PHỎNG" in _text(out)
