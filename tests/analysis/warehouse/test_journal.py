"""Tests for analysis.warehouse.journal: seed changes as one unit, completed or rolled back."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.warehouse import journal
from analysis.warehouse.build import build, validate
from analysis.warehouse.journal import (
    apply_seed_changes,
    clean_leftovers,
    recover,
    seeds_lock,
    staging_dir,
)


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _changes(seeds: Path) -> dict[str, bytes]:
    """A new source and the metadata entry of a new (empty) observation file."""
    src = (seeds / "sources.csv").read_bytes()
    meta = (seeds / "metadata.toml").read_bytes()
    header = (seeds / "observations.csv").read_bytes().splitlines(keepends=True)[0]
    entry = (
        '\n[files."imported/2099_test.csv"]\ntitle = "t"\ndescription = "d"\n'
        'sources = ["s"]\ndate_published = "2025-01-01"\n'
    )
    return {
        "imported/2099_test.csv": header,
        "sources.csv": src.rstrip(b"\n") + b"\nimport_test,T,P,,file:t,,2025-01-01,n\n",
        "metadata.toml": meta + entry.encode(),
    }


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_change_is_staged_validated_built_and_put_in_place(seeds_copy, tmp_path):
    db = tmp_path / "db" / "x.duckdb"
    changes = _changes(seeds_copy)
    assert apply_seed_changes(seeds_copy, db, changes, validate=validate, build=build) == list(
        changes
    )
    for rel, data in changes.items():
        assert (seeds_copy / rel).read_bytes() == data
    assert not staging_dir(seeds_copy).exists()
    assert sorted(p.name for p in db.parent.iterdir()) == ["x.duckdb"]
    validate(seeds_copy)


def test_a_failed_check_leaves_seeds_and_database_untouched(seeds_copy, tmp_path):
    db = tmp_path / "x.duckdb"
    db.write_bytes(b"previous")
    before = _snapshot(seeds_copy)
    changes = _changes(seeds_copy)
    changes["sources.csv"] += b"broken,row\n"
    with pytest.raises(Exception, match="sources.csv"):
        apply_seed_changes(seeds_copy, db, changes, validate=validate, build=build)
    assert _snapshot(seeds_copy) == before
    assert db.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds", "x.duckdb"]


def test_a_change_killed_before_its_commit_is_rolled_back(seeds_copy, tmp_path):
    # What a kill during staging leaves: the staging folder, no journal, a staged database.
    before = _snapshot(seeds_copy)
    txn = staging_dir(seeds_copy)
    (txn / "seeds").mkdir(parents=True)
    staged = tmp_path / f".x.duckdb.{_dead_pid()}-import.tmp"
    staged.write_bytes(b"half a database")
    (txn / "intent.json").write_text(json.dumps({"staged_db": str(staged)}))
    (txn / "seeds" / "sources.csv").write_bytes(b"half")
    (txn / "journal.json.part").write_text('{"files": [')
    assert recover(seeds_copy) == "rolled-back"
    assert not txn.exists() and not staged.exists()
    assert _snapshot(seeds_copy) == before


@pytest.mark.parametrize("renames_done", [0, 1, 2, 3])
def test_a_change_killed_after_its_commit_is_completed(
    renames_done, seeds_copy, tmp_path, monkeypatch
):
    db = tmp_path / "x.duckdb"
    db.write_bytes(b"old database")
    changes = _changes(seeds_copy)
    real_replace = os.replace
    calls = []

    class Killed(BaseException):
        pass

    def replace(src, dst):
        # The journal's own atomic writes go through here too; count the renames after it.
        staged = str(src).startswith(str(staging_dir(seeds_copy) / "seeds"))
        if (staged or str(src).endswith("import.tmp")) and (
            staging_dir(seeds_copy) / "journal.json"
        ).exists():
            if len(calls) == renames_done:
                raise Killed
            calls.append(src)
        return real_replace(src, dst)

    monkeypatch.setattr(journal.os, "replace", replace)
    with pytest.raises(Killed):
        apply_seed_changes(seeds_copy, db, changes, validate=validate, build=build)
    monkeypatch.setattr(journal.os, "replace", real_replace)
    assert staging_dir(seeds_copy).exists()
    assert recover(seeds_copy) == "completed"
    for rel, data in changes.items():
        assert (seeds_copy / rel).read_bytes() == data
    assert db.read_bytes()[8:12] == b"DUCK"  # the staged database was put in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds", "x.duckdb"]


def test_recovery_waits_for_a_change_in_progress(seeds_copy):
    staging_dir(seeds_copy).mkdir()
    code = (
        "import sys, time; from pathlib import Path;"
        "from analysis.warehouse.journal import seeds_lock;"
        f"cm = seeds_lock(Path({str(seeds_copy)!r})); cm.__enter__();"
        "print('locked', flush=True); time.sleep(30)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        assert recover(seeds_copy) == "busy"
        assert staging_dir(seeds_copy).exists()
    finally:
        proc.kill()
        proc.wait()
    assert recover(seeds_copy) == "rolled-back"


def test_the_lock_is_reentrant_in_one_thread(seeds_copy):
    with seeds_lock(seeds_copy), seeds_lock(seeds_copy, wait=False):
        assert recover(seeds_copy) == "none"


def test_leftovers_of_dead_builds_are_removed_and_live_ones_kept(tmp_path):
    db = tmp_path / "par_index.duckdb"
    dead, mine = _dead_pid(), os.getpid()
    names = {
        f".par_index.duckdb.{dead}-abc.tmp": False,
        f".par_index.duckdb.{dead}-abc.tmp.wal": False,
        f".par_index.duckdb.{dead}-import.tmp": False,
        f"..par_index.duckdb.{dead}-import.tmp.{dead}-xyz.tmp.wal": False,  # a staged build's
        f".par_index.duckdb.{mine}-def.tmp": True,  # a build running in this process
        ".par_index.duckdb.k3j4.tmp": True,  # no pid (an older build): kept while young
        f".other.duckdb.{dead}-x.tmp": True,  # another database's
        "par_index.duckdb": True,
    }
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    removed = clean_leftovers(db)
    assert sorted(p.name for p in removed) == sorted(n for n, keep in names.items() if not keep)
    old = tmp_path / ".par_index.duckdb.k3j4.tmp"
    os.utime(old, (1, 1))
    assert clean_leftovers(db) == [old]


def test_another_thread_waits_for_the_lock_or_is_told_it_is_busy(seeds_copy):
    import threading

    entered = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def holder():
        with seeds_lock(seeds_copy):
            order.append("holder in")
            entered.set()
            release.wait(10)
            order.append("holder out")

    t = threading.Thread(target=holder)
    t.start()
    entered.wait(10)
    try:
        with seeds_lock(seeds_copy, wait=False):
            order.append("not busy?")
    except journal.SeedsBusy:
        order.append("busy")
    release.set()
    with seeds_lock(seeds_copy):
        order.append("waiter in")
    t.join()
    assert order == ["holder in", "busy", "holder out", "waiter in"]
