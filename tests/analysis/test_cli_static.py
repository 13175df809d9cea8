"""`python -m analysis build --static-dir`: the analysts' files and the codebook."""

from __future__ import annotations

import pandas as pd

from analysis.cli import main


def test_build_with_static_dir_writes_views_and_codebook(capsys, tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    code = main(["build", "--db", str(tmp_path / "x.duckdb"), "--static-dir", str(out)])
    stdout = capsys.readouterr().out
    assert code == 0 and f"into {out}" in stdout
    names = {p.name for p in out.iterdir()}
    assert {"codebook.xlsx", "codebook.md", "codebook.csv", "observations.csv"} <= names
    assert set(pd.read_csv(out / "observations.csv", encoding="utf-8-sig")["dataset"]) == {
        "published"
    }


def test_build_elsewhere_writes_no_static_files(capsys, tmp_path):
    code = main(["build", "--db", str(tmp_path / "x.duckdb")])
    assert code == 0 and "static" not in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.duckdb"]
