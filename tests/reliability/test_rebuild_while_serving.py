"""The database is rebuilt while pages are served: no rerun fails, no reader sees half a file."""

from __future__ import annotations

import os
import threading
import time

import duckdb
import pytest

from analysis.warehouse.build import build
from analysis.warehouse.store import Store
from tests.reliability.conftest import DEMO_ROWS, discover_pages, new_app

pytestmark = pytest.mark.timeout(120)

REBUILDS = 2


def _count_demo(path) -> tuple[int, int]:
    """(demo observation rows, district units) through a Store, as the pages read them."""
    store = Store(path)
    try:
        rows = len(store.observations("demo"))
        units = len(store.units())
    finally:
        store.close()
    return rows, units


def _fresh_count(path) -> tuple[int, int]:
    """(demo rows, seeds digest present) from the file as it is on disk right now.

    ``duckdb.connect(path)`` would return the instance the app already holds for that path
    (DuckDB caches instances per path), so attach the file in a private in-memory instance.
    """
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS f (READ_ONLY)", [str(path)])
        rows = con.execute("SELECT count(*) FROM f.observations WHERE dataset = 'demo'").fetchone()[
            0
        ]
        digest = con.execute(
            "SELECT count(*) FROM f.build_info WHERE key = 'seeds_digest'"
        ).fetchone()[0]
        return rows, digest
    finally:
        con.close()


def test_pages_and_readers_keep_working_while_the_database_is_rebuilt(rel_db):
    errors: list[str] = []
    done = threading.Event()
    inodes = {os.stat(rel_db).st_ino}

    def rebuild():
        try:
            for _ in range(REBUILDS):
                build(rel_db)
                inodes.add(os.stat(rel_db).st_ino)
                time.sleep(0.05)
        except Exception as exc:  # the failure is the finding; report it below
            errors.append(f"build: {type(exc).__name__}: {exc}")
        finally:
            done.set()

    def read():
        while not done.is_set():
            try:
                seen = (_count_demo(rel_db), _fresh_count(rel_db))
                if seen != ((DEMO_ROWS, 30), (DEMO_ROWS, 1)):
                    errors.append(f"reader saw {seen}")
            except Exception as exc:
                errors.append(f"reader: {type(exc).__name__}: {exc}")
            time.sleep(0.02)

    pages = [p for p, _ in discover_pages()]
    at = new_app(dataset="demo")
    assert not at.exception
    builder = threading.Thread(target=rebuild, daemon=True)
    readers = [threading.Thread(target=read, daemon=True)]
    builder.start()
    for r in readers:
        r.start()
    reruns = 0
    deadline = time.monotonic() + 60
    while (not done.is_set() or reruns < len(pages)) and time.monotonic() < deadline:
        at.switch_page(pages[reruns % len(pages)])
        at.run()
        reruns += 1
        for exc in at.exception:
            errors.append(f"page {pages[(reruns - 1) % len(pages)]}: {exc.message[:300]}")
    builder.join(timeout=60)
    for r in readers:
        r.join(timeout=30)
    assert done.is_set(), "the rebuilds did not finish in time"
    assert not errors, "\n".join(errors[:10])
    assert len(inodes) == REBUILDS + 1, "every rebuild must replace the file (atomic rename)"
    assert reruns >= 3
    # No temporary build files left beside the database.
    leftovers = [p.name for p in rel_db.parent.iterdir() if p.name != rel_db.name]
    assert not leftovers, leftovers


def test_a_store_opened_after_a_rebuild_reads_the_new_file(tmp_path):
    # Regression: DuckDB caches one instance per path in a process, so duckdb.connect(path)
    # returned the old file while ui.queries kept a Store on it; Store now attaches the file
    # from a private in-memory instance.
    path = build(tmp_path / "par_index.duckdb")
    old = Store(path)  # as ui.queries._file_store keeps it for the old stamp
    staged = build(tmp_path / "next.duckdb")
    con = duckdb.connect(str(staged))
    con.execute("CREATE TABLE rebuild_marker AS SELECT 42 AS m")
    con.close()
    os.replace(staged, path)  # what build() does
    new = Store(path)  # ui.queries._file_store for the new stamp
    try:
        assert new._query("SELECT m FROM rebuild_marker").m[0] == 42
    finally:
        new.close()
        old.close()
