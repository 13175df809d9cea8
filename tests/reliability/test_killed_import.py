"""`python -m analysis import` killed at random moments: after the next run the seeds and the
database are fully old or fully new, nothing is left behind, and `validate` passes.

Runs in a temporary copy of the seeds and a database built from them; a few dozen kills,
a third at any moment, a third while the change is staged, a third right after its commit.
"""

from __future__ import annotations

import importlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from analysis.cli import main as cli_main
from analysis.warehouse.journal import staging_dir
from analysis.warehouse.seeds import seeds_digest
from analysis.warehouse.store import ensure_database
from tests.conftest import SEEDS_DIR
from tests.reliability.conftest import ROOT

pytestmark = [pytest.mark.timeout(900), pytest.mark.slow]

KILLS = 24
fx = importlib.import_module("tests.fixtures.import.make_fixtures")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _db_digest(path: Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT value FROM build_info WHERE key = 'seeds_digest'").fetchone()[0]
    finally:
        con.close()


def _backups() -> set[str]:
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    return {p.name for p in tmp.glob("par-import-backup-*")}


def _import(work: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "analysis",
            "import",
            str(work / "t.csv"),
            "--year",
            "2018",
            "--seeds",
            str(work / "seeds"),
            "--db",
            str(work / "data" / "par_index.duckdb"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait_for(path: Path, proc: subprocess.Popen, limit: float) -> None:
    end = time.monotonic() + limit
    while not path.exists() and proc.poll() is None and time.monotonic() < end:
        time.sleep(0.002)


def _reset(work: Path, old_seeds: Path, old_db: Path) -> None:
    shutil.rmtree(work / "seeds", ignore_errors=True)
    shutil.copytree(old_seeds, work / "seeds")
    shutil.copyfile(old_db, work / "data" / "par_index.duckdb")


def test_killed_imports_leave_old_or_new_never_half(built_db, tmp_path):
    rng = random.Random(16)
    old_seeds = shutil.copytree(SEEDS_DIR, tmp_path / "old_seeds")
    work = tmp_path / "work"
    (work / "data").mkdir(parents=True)
    db = work / "data" / "par_index.duckdb"
    seeds = work / "seeds"
    (work / "t.csv").write_bytes(
        fx.render_csv(fx.grid(fx.clean_table(2018), fx.Style(header_rows=2, title=True)))
    )
    backups_before = _backups()

    # One full run: the new state and how long an import takes.
    _reset(work, old_seeds, built_db)
    start = time.monotonic()
    assert _import(work).wait(timeout=300) == 0
    full = time.monotonic() - start
    new_seeds, new_digest = _snapshot(seeds), seeds_digest(seeds)
    old_snapshot, old_digest = _snapshot(old_seeds), seeds_digest(old_seeds)
    assert new_seeds != old_snapshot and _db_digest(db) == new_digest

    outcomes: list[str] = []
    for i in range(KILLS):
        _reset(work, old_seeds, built_db)
        proc = _import(work)
        mode = i % 3
        if mode == 0:  # any moment
            time.sleep(rng.uniform(0, full))
        elif mode == 1:  # while the change is staged (copy, validate, build)
            _wait_for(staging_dir(seeds), proc, full)
            time.sleep(rng.uniform(0, 1.5))
        else:  # right after the commit, during the renames
            _wait_for(staging_dir(seeds) / "journal.json", proc, full)
            time.sleep(rng.uniform(0, 0.01))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)

        # The next run: `python -m analysis validate` completes or rolls back, and passes.
        assert cli_main(["validate", "--seeds", str(seeds), "--db", str(db)]) == 0
        now = _snapshot(seeds)
        state = "new" if now == new_seeds else "old" if now == old_snapshot else "half"
        assert state != "half", f"kill {i}: the seeds are half-written"
        assert _db_digest(db) == (new_digest if state == "new" else old_digest), (
            f"kill {i}: the seeds are {state} but the database is not"
        )
        assert sorted(p.name for p in work.iterdir()) == ["data", "seeds", "t.csv"], i
        assert sorted(p.name for p in (work / "data").iterdir()) == ["par_index.duckdb"], i
        assert ensure_database(db, seeds).action == "ok"  # the app serves it as it is
        outcomes.append(state)
    assert _backups() == backups_before  # nothing left in the temp folder either
    # The kills hit both sides of the commit (else the test proves little).
    assert {"old", "new"} <= set(outcomes), outcomes
