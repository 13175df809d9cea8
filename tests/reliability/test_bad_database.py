"""A missing, truncated or corrupt database: the app says so, rebuilds, carries on; the bad
file is kept aside; the command line fails with a clear message and no traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import duckdb
import pytest

from analysis.warehouse.build import build
from analysis.warehouse.store import Store, _stored_digest
from tests.reliability.conftest import DEMO_ROWS, ROOT, discover_pages, new_app, texts

pytestmark = pytest.mark.timeout(120)


def _damage(path, kind: str) -> None:
    data = path.read_bytes()
    if kind == "missing":
        path.unlink()
    elif kind == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif kind == "corrupt-header":
        path.write_bytes(b"\x00not a duckdb file\x00" * 512 + data[9728:])
    elif kind == "empty":
        path.write_bytes(b"")
    else:
        raise AssertionError(kind)


@pytest.fixture(scope="module")
def good_db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("good") / "par_index.duckdb")


@pytest.mark.parametrize("kind", ["missing", "truncated", "corrupt-header"])
def test_app_rebuilds_a_bad_database_and_says_so(kind, good_db, tmp_path, monkeypatch, router_nav):
    path = tmp_path / "par_index.duckdb"
    shutil.copyfile(good_db, path)
    _damage(path, kind)
    monkeypatch.setenv("PAR_DB", str(path))
    at = new_app(dataset="demo")
    assert not at.exception, [e.message[:300] for e in at.exception]
    assert at.title, "the page did not render"
    store = Store(path)
    try:
        assert len(store.observations("demo")) == DEMO_ROWS  # rebuilt from seeds
    finally:
        store.close()
    kept = sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name)
    if kind == "missing":
        assert not kept
        return
    assert len(kept) == 1, f"the bad file must be kept aside once: {kept}"
    notices = "\n".join(str(e.value) for e in at.sidebar.info) or texts(at)
    # The notice quotes DuckDB's message: it is Markdown-escaped, so read it unescaped.
    notices = re.sub(r"\\(.)", r"\1", notices)
    assert path.name in notices and kept[0] in notices, notices
    assert str(tmp_path) not in notices  # the server's folders are not shown
    # A second page in the same session carries on, without the notice turning into an error.
    at.switch_page(discover_pages()[-1][0]).run()
    assert not at.exception


@pytest.mark.parametrize("kind", ["missing", "truncated", "corrupt-header", "empty"])
@pytest.mark.parametrize("command", ["trend", "corr", "yoy", "export"])
def test_command_line_fails_clearly_on_a_bad_database(kind, command, good_db, tmp_path, capsys):
    from analysis.cli import main

    path = tmp_path / "bad.duckdb"
    shutil.copyfile(good_db, path)
    _damage(path, kind)
    before = path.read_bytes() if path.exists() else None
    args = [command, "--db", str(path)]
    if command == "export":
        args += ["--out", str(tmp_path / "out.csv")]
    code = main(args)  # an uncaught exception here is the traceback a user would see
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("error:") and str(path) in err, err
    assert not (tmp_path / "out.csv").exists()
    # The command line never rebuilds or renames the user's file.
    assert (path.read_bytes() if path.exists() else None) == before


def test_python_m_analysis_on_a_truncated_file_prints_no_traceback(good_db, tmp_path):
    path = tmp_path / "bad.duckdb"
    shutil.copyfile(good_db, path)
    _damage(path, "truncated")
    run = subprocess.run(
        [sys.executable, "-m", "analysis", "trend", "--db", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.stderr.startswith("error:") and "cannot be read" in run.stderr, run.stderr


def _probe_accepts(path) -> bool:
    try:
        _stored_digest(path)
    except duckdb.Error:
        return False
    return True


def _first_failing_view(path) -> str | None:
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS f (READ_ONLY)", [str(path)])
        views = [
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE database_name = 'f' AND NOT internal"
            ).fetchall()
        ]
        for view in views:
            try:
                con.execute(f'SELECT * FROM f."{view}"').fetchall()
            except duckdb.Error:
                return view
    except duckdb.Error:
        return "*"
    finally:
        con.close()
    return None


def _damage_the_probe_misses(good, target) -> str | None:
    """Zero 64 KiB somewhere in a copy so that the freshness probe still accepts the file but
    reading some public view in full fails; return that view (None when no offset does)."""
    data = good.read_bytes()
    for offset in range(len(data) - 65536 - 4096, 8192, -65536):
        damaged = bytearray(data)
        damaged[offset : offset + 65536] = bytes(65536)
        target.write_bytes(bytes(damaged))
        if _probe_accepts(target):
            view = _first_failing_view(target)
            if view not in (None, "*"):
                return view
    return None


@pytest.mark.xfail(
    strict=False,
    reason=(
        "analysis/warehouse/store.py _stored_digest reads the dimensions and observations in full but "
        "not the other public views (seed_files, coverage, published_figures, build_info) "
        "that the data page reads: a damaged block there passes the probe, the file is not "
        "rebuilt and that page fails. Fix: read every public view (duckdb_views() WHERE NOT "
        "internal) in the probe."
    ),
)
def test_damage_the_probe_misses_is_still_rebuilt(good_db, tmp_path, monkeypatch, router_nav):
    path = tmp_path / "par_index.duckdb"
    view = _damage_the_probe_misses(good_db, path)
    if view is None:
        pytest.skip("no 64 KiB hole in this build escapes the probe")
    monkeypatch.setenv("PAR_DB", str(path))
    new_app(dataset="demo")
    assert _first_failing_view(path) is None, f"view {view} still unreadable: not rebuilt"
