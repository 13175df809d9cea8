"""Faults of the database file while serving: damaged or foreign files, a folder in its place,
a full disk, stores of deleted copies; ensure_database answers with a status, never raises."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from analysis.warehouse import store as store_module
from analysis.warehouse.seeds import seeds_digest
from analysis.warehouse.store import (
    DatabaseUnreadable,
    Store,
    ensure_database,
    file_stamp,
    release_stores,
    shared_store,
)
from tests.conftest import SEEDS_DIR, append_line


def _sqlite_file(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("CREATE TABLE build_info (key TEXT, value TEXT)")
    con.execute("INSERT INTO build_info VALUES ('seeds_digest', 'x')")
    con.commit()
    con.close()


def _parquet_file(path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"key": ["seeds_digest"], "value": ["x"]}), path)


DAMAGE = {
    "truncated": lambda p, good: p.write_bytes(good[: len(good) // 2]),
    "random-bytes": lambda p, good: p.write_bytes(os.urandom(len(good))),
    "overwritten-header": lambda p, good: p.write_bytes(bytes(8192) + good[8192:]),
    "empty": lambda p, good: p.write_bytes(b""),
    "sqlite": lambda p, good: (p.unlink(), _sqlite_file(p)),
    "parquet": lambda p, good: (p.unlink(), _parquet_file(p)),
    "folder": lambda p, good: (p.unlink(), p.mkdir(), (p / "x").write_text("x")),
}


@pytest.fixture(autouse=True)
def _fresh_memo():
    """Each test starts without remembered checks or open shared stores."""
    store_module._HEALTHY.clear()
    store_module._FAILED.clear()
    yield
    release_stores()
    store_module._HEALTHY.clear()
    store_module._FAILED.clear()


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_or_foreign_file_is_set_aside_and_rebuilt(kind, db_copy, built_db, monkeypatch):
    # The rebuild itself is tested elsewhere; a copy of a good build stands in for it here.
    monkeypatch.setattr(store_module, "build", lambda path, seeds: shutil.copyfile(built_db, path))
    good = db_copy.read_bytes()
    assert ensure_database(db_copy, SEEDS_DIR).action == "ok"  # remembered as healthy
    DAMAGE[kind](db_copy, good)
    status = ensure_database(db_copy, SEEDS_DIR)  # the file changed: checked again
    assert status.action == "rebuilt-corrupt" and status.serving and status.level == "warning"
    assert status.kept_aside is not None and status.kept_aside.exists()
    assert status.kept_aside.name in status.notice and db_copy.name in status.notice
    assert str(db_copy.parent) not in status.notice  # the pages never see the server's folders
    assert "Traceback" not in status.message
    s = Store(db_copy)
    try:
        assert s.build_info()["seeds_digest"] == seeds_digest(SEEDS_DIR)
    finally:
        s.close()


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("sqlite", "it is a SQLite database"),
        ("parquet", "it is a Parquet file"),
        ("folder", "a folder is in its place"),
    ],
)
def test_a_foreign_file_never_reaches_duckdb(kind, reason, db_copy, monkeypatch):
    # DuckDB would try to load (and, with network, download) the sqlite extension for a
    # SQLite file: the file is refused by its first bytes before any connection is made.
    DAMAGE[kind](db_copy, db_copy.read_bytes())

    def no_connect(*args, **kwargs):
        raise AssertionError("duckdb.connect called on a foreign file")

    monkeypatch.setattr(store_module.duckdb, "connect", no_connect)
    with pytest.raises(DatabaseUnreadable) as info:
        Store(db_copy)
    assert info.value.reason == reason
    assert str(info.value) == f"The database file {db_copy.name} cannot be read: {reason}."


def test_connections_load_no_extension_and_open_no_other_file(db_copy):
    s = Store(db_copy)
    try:
        settings = s._query(
            "SELECT current_setting('autoload_known_extensions') AS a, "
            "current_setting('autoinstall_known_extensions') AS b, "
            "current_setting('enable_external_access') AS c"
        )
        assert settings.iloc[0].tolist() == [False, False, False]
        with pytest.raises(duckdb.Error):
            s._query("SELECT * FROM read_csv('/etc/hostname')")
    finally:
        s.close()


def test_a_failure_while_querying_is_a_readable_error(db_copy):
    s = shared_store(db_copy)
    assert release_stores(db_copy) == 1  # as when the file is set aside under a page
    with pytest.raises(DatabaseUnreadable) as info:
        s.units()
    assert info.value.path == db_copy


def test_a_check_that_passed_is_remembered_until_the_file_changes(db_copy, monkeypatch):
    calls = []
    real = store_module._stored_digest
    monkeypatch.setattr(store_module, "_stored_digest", lambda p: calls.append(p) or real(p))
    for _ in range(3):
        assert ensure_database(db_copy, SEEDS_DIR).action == "ok"
    assert len(calls) == 1
    # The same bytes written in place (a new mtime): checked again, not trusted forever.
    data = db_copy.read_bytes()
    db_copy.write_bytes(data)
    os.utime(db_copy, ns=(1, 1))
    assert ensure_database(db_copy, SEEDS_DIR).action == "ok"
    assert len(calls) == 2


def test_broken_seeds_keep_the_last_good_database_in_service(db_copy, seeds_copy):
    before = db_copy.read_bytes()
    line = append_line(seeds_copy / "observations.csv", "ba_dinh,2019,total")
    status = ensure_database(db_copy, seeds_copy)
    assert status.action == "kept-stale" and status.serving and status.level == "warning"
    assert status.notice.startswith("Showing the last good database")
    assert any(
        p.startswith(f"seeds/observations.csv:{line}: expected 11") and p.endswith("found 3")
        for p in status.problems
    ), status.problems
    assert db_copy.read_bytes() == before
    s = shared_store(db_copy)
    assert len(s.units()) == 30
    # Remembered until the seeds change: no second build attempt on the next page view.
    assert ensure_database(db_copy, seeds_copy) is status


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_is_survived_and_left_once_space_is_back(tmp_path, monkeypatch):
    from analysis.warehouse import build as build_module

    path = tmp_path / "par_index.duckdb"
    attempts = []
    real_views = build_module._write_views

    def full_disk(con):
        # The disk fills up late in the build, after megabytes were written to its temp file.
        attempts.append(sorted(p.name for p in tmp_path.iterdir()))
        _enospc()

    monkeypatch.setattr(build_module, "_write_views", full_disk)
    status = ensure_database(path, SEEDS_DIR, retry_after=60)
    assert status.action == "unavailable" and not status.serving
    assert "the disk is full" in status.notice
    assert attempts and any(n.endswith(".tmp") for n in attempts[0])
    assert list(tmp_path.iterdir()) == []  # the failed build left nothing behind
    # Page views within the retry delay do not hammer the disk with builds.
    assert ensure_database(path, SEEDS_DIR, retry_after=60) is status
    assert len(attempts) == 1
    # Space is back: the next check after the delay builds, without a restart.
    monkeypatch.setattr(build_module, "_write_views", real_views)
    status = ensure_database(path, SEEDS_DIR, retry_after=0)
    assert status.action == "built", status.message
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    assert len(shared_store(path).units()) == 30


def test_a_real_full_disk_says_so_without_folders_and_builds_once_freed(small_disk):
    # DuckDB reports a full disk as its own IOException/TransactionException/FatalException,
    # not as an OSError: only a real file system shows which one, and with what words.
    path = small_disk.root / "par_index.duckdb"
    small_disk.fill()
    status = ensure_database(path, SEEDS_DIR, retry_after=0)
    assert status.action == "unavailable" and not status.serving
    assert "the disk is full" in status.notice, status.notice
    assert str(small_disk.root) not in status.notice + " ".join(status.problems)
    assert sorted(p.name for p in small_disk.root.iterdir()) == ["filler"]
    small_disk.free()
    status = ensure_database(path, SEEDS_DIR, retry_after=0)
    assert status.action == "built", status.message
    assert len(shared_store(path).units()) == 30


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
def test_a_database_deleted_on_a_full_disk_is_rebuilt_in_the_space_its_store_held(small_disk):
    path = small_disk.root / "par_index.duckdb"
    assert ensure_database(path, SEEDS_DIR).action == "built"
    assert len(shared_store(path).units()) == 30  # a page holds the file open
    # 2 MiB free is too little for a build (its peak is about 7 MiB for a 6 MiB file); the
    # deleted file's space, once its store lets go, is enough.
    small_disk.fill(leave=2 * 2**20)
    path.unlink()  # the space stays taken while the store holds the deleted file
    assert len(_open_deleted(path)) == 1
    status = ensure_database(path, SEEDS_DIR, retry_after=0)
    assert status.action == "built", status.message
    assert _open_deleted(path) == []
    assert len(shared_store(path).units()) == 30


@pytest.mark.parametrize(
    ("exc", "full"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), True),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), True),
        (OSError(errno.EACCES, "Permission denied"), False),
        (duckdb.IOException('Could not write file "/a/b.tmp": No space left on device'), True),
        (duckdb.FatalException("Failed to create checkpoint: Disk quota exceeded"), True),
        (duckdb.IOException('Could not read file "/a/b": Permission denied'), False),
        (ValueError("No space left on device"), False),
    ],
)
def test_a_full_disk_is_recognised_in_duckdb_errors_too(exc, full):
    failure = store_module._failure_text(exc)
    assert (failure.why == "the disk is full") is full, failure.why
    assert (failure.cause == "disk-full") is full
    assert failure.retry
    assert "/a/" not in failure.why + " ".join(failure.problems)


def _open_deleted(path: Path) -> list[str]:
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(path)) and target.endswith("(deleted)"):
            out.append(target)
    return out


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
def test_stores_of_deleted_copies_are_released(tmp_path, monkeypatch):
    path = tmp_path / "par_index.duckdb"
    assert ensure_database(path, SEEDS_DIR).action == "built"
    first = shared_store(path)
    # Rebuilt under the server (as a seed change does): the first store holds a deleted copy.
    shutil.copyfile(path, tmp_path / "copy")
    os.replace(tmp_path / "copy", path)
    second = shared_store(path)
    assert second is not first and len(_open_deleted(path)) == 1
    # Still usable during the grace period (a page mid-query finishes) …
    assert len(first.units()) == 30
    # … and closed after it, giving the disk space back.
    monkeypatch.setattr(store_module, "GRACE_S", 0.0)
    assert shared_store(path) is second
    assert _open_deleted(path) == []
    # A deleted database: its stores are closed before the rebuild, so a full disk can
    # free the space of the copy the server held.
    path.unlink()
    assert ensure_database(path, SEEDS_DIR).action == "built"
    assert _open_deleted(path) == []
    assert file_stamp(path) is not None
