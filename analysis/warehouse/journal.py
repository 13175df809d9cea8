"""Seed changes as one unit, and the cleaning up after killed builds.

A change to the seeds (an import writes a new observation file, a row of ``sources.csv`` and
an entry of ``metadata.toml``) is made in three steps, so that a kill at any moment leaves
the seeds and the database either fully old or fully new once the next run has looked:

1. **Stage**: copy the seeds into ``<parent>/.<seeds>.txn/seeds``, apply the changes there,
   validate them and build the new database beside the target
   (``.<db>.<pid>-import.tmp``). The real seeds are untouched; a kill here is rolled back
   (the staging folder is removed).
2. **Commit**: write ``journal.json`` (atomically) naming every changed file with its new
   sha256 and the staged database. From here on, the change is made.
3. **Apply**: rename each staged file over its seed file and the staged database over the
   target, then remove the staging folder. A kill here is completed by :func:`recover`.

:func:`recover` runs before ``build``, ``validate``, ``import`` and every
:func:`analysis.warehouse.store.ensure_database`; :func:`clean_leftovers` removes the
temporary files of builds whose process is gone. One change at a time per seeds folder
(:func:`seeds_lock`, an advisory lock outside the seeds folder).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = [
    "SeedsBusy",
    "apply_seed_changes",
    "clean_leftovers",
    "recover",
    "seeds_lock",
    "staging_dir",
    "temp_db_prefix",
]

_JOURNAL = "journal.json"
_INTENT = "intent.json"
# Temporary files of a build: ".<db name>.<pid>-<random>.tmp" (and DuckDB's ".wal" beside).
_PID = re.compile(r"(\d+)-")
# A temporary file whose name names no process (an older build) is removed once this old.
_ORPHAN_AGE_S = 600.0

# Per lock file: a re-entrant lock for the threads of this process, how deep its holder is,
# and the open file that holds the flock while the depth is above zero.
_registry_lock = threading.Lock()
_locks: dict[str, threading.RLock] = {}
_depth: dict[str, int] = {}
_files: dict[str, IO] = {}


class SeedsBusy(Exception):
    """Another process is changing the seeds (the lock is held)."""


def staging_dir(seeds_dir: Path) -> Path:
    """The staging folder of a seeds folder: ``<parent>/.<name>.txn``.

    Examples
    --------
    >>> staging_dir(Path("/repo/seeds"))
    PosixPath('/repo/.seeds.txn')
    """
    seeds_dir = Path(seeds_dir)
    return seeds_dir.parent / f".{seeds_dir.name}.txn"


def temp_db_prefix(target: Path) -> str:
    """The prefix of a temporary file for building ``target``; it names this process.

    Examples
    --------
    >>> temp_db_prefix(Path("data/x.duckdb")).startswith(".x.duckdb.")
    True
    """
    return f".{Path(target).name}.{os.getpid()}-"


def _lock_path(seeds_dir: Path) -> Path:
    key = hashlib.sha256(str(Path(seeds_dir).resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"par-import-{key}.lock"


@contextmanager
def seeds_lock(seeds_dir: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold the seeds folder's lock: one change at a time across processes (``flock``) and
    threads; re-entrant in the thread that holds it. ``wait=False`` raises
    :class:`SeedsBusy` instead of waiting for another holder."""
    import fcntl

    path = str(_lock_path(seeds_dir))
    with _registry_lock:
        local = _locks.setdefault(path, threading.RLock())
    if not local.acquire(blocking=wait):
        raise SeedsBusy(path)
    try:
        depth = _depth.get(path, 0)
        if depth == 0:
            fh = open(path, "a+")  # noqa: SIM115 - held until the outermost holder leaves
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                fh.close()
                raise SeedsBusy(path) from None
            _files[path] = fh
        _depth[path] = depth + 1
        try:
            yield
        finally:
            _depth[path] -= 1
            if _depth[path] == 0:
                fh = _files.pop(path)
                fcntl.flock(fh, fcntl.LOCK_UN)
                fh.close()
    finally:
        local.release()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _roll_forward(txn: Path, seeds_dir: Path, journal: dict) -> None:
    staged_seeds = txn / "seeds"
    for item in journal["files"]:
        rel = item["rel"]
        src, dst = staged_seeds / rel, seeds_dir / rel
        if src.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)
            _fsync_dir(dst.parent)
        elif not dst.exists() or _sha(dst.read_bytes()) != item["sha256"]:
            raise OSError(f"the staged seed file {rel} is gone and seeds/{rel} is not the new one")
    db = journal.get("db") or {}
    staged, target = db.get("staged"), db.get("target")
    if staged and target and Path(staged).exists():
        os.replace(staged, target)
        _fsync_dir(Path(target).parent)
    shutil.rmtree(txn)


def _roll_back(txn: Path) -> None:
    intent = txn / _INTENT
    try:
        staged = json.loads(intent.read_text(encoding="utf-8")).get("staged_db")
    except (OSError, ValueError, AttributeError):
        staged = None
    if staged:
        for p in (Path(staged), Path(staged + ".wal")):
            p.unlink(missing_ok=True)
    shutil.rmtree(txn, ignore_errors=True)


def recover(seeds_dir: Path, db_path: Path | None = None) -> str:
    """Complete or roll back an interrupted seed change; returns what it did.

    ``"none"`` (nothing pending), ``"busy"`` (another process is changing the seeds now),
    ``"completed"`` (the change had been committed: its files were put in place) or
    ``"rolled-back"`` (it had not: the staging folder was removed; the seeds were never
    touched). ``db_path`` is unused (the journal names the database); it is accepted so
    that callers pass what they have.

    Examples
    --------
    >>> import tempfile
    >>> recover(Path(tempfile.mkdtemp()) / "seeds")
    'none'
    """
    txn = staging_dir(seeds_dir)
    if not txn.exists():
        return "none"
    try:
        with seeds_lock(seeds_dir, wait=False):
            if not txn.exists():
                return "none"
            try:
                journal = json.loads((txn / _JOURNAL).read_text(encoding="utf-8"))
                journal["files"]  # noqa: B018 - a journal without its list is not committed
            except (OSError, ValueError, KeyError, TypeError):
                _roll_back(txn)
                return "rolled-back"
            _roll_forward(txn, Path(seeds_dir), journal)
            return "completed"
    except SeedsBusy:
        return "busy"


def clean_leftovers(db_path: Path) -> list[Path]:
    """Remove temporary build files of ``db_path`` whose process is gone; returns them.

    A build writes ``.<name>.<pid>-<random>.tmp`` (and DuckDB a ``.wal`` beside it) and
    renames it into place; a killed build leaves them behind (megabytes each).
    """
    db_path = Path(db_path)
    folder = db_path.parent
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        # ".<db>.<pid>-….tmp", or "..<db>.<pid>-import.tmp.<pid>-….tmp" for the temp file of
        # a staged database; DuckDB adds ".wal" beside either.
        stem = name.lstrip(".")
        if not (
            name.startswith(".")
            and stem.startswith(db_path.name + ".")
            and name.endswith((".tmp", ".tmp.wal"))
        ):
            continue
        path = folder / name
        m = _PID.match(stem[len(db_path.name) + 1 :])
        if m is not None:
            pid = int(m.group(1))
            if pid == os.getpid() or _alive(pid):
                continue
        else:
            try:
                if now - path.stat().st_mtime < _ORPHAN_AGE_S:
                    continue
            except OSError:
                continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def apply_seed_changes(
    seeds_dir: Path,
    db_path: Path,
    changes: Mapping[str, bytes],
    *,
    validate: Callable[[Path], object],
    build: Callable[[Path, Path], object],
) -> list[str]:
    """Write ``changes`` (seed-relative path → new bytes) and rebuild, all or nothing.

    Stages a copy of the seeds with the changes, runs ``validate`` on it and ``build``\\s the
    new database from it, then commits (journal) and renames everything into place. Any
    exception before the commit leaves the seeds and the database exactly as they were (the
    exception propagates); a kill at any moment is completed or rolled back by the next
    :func:`recover`. Returns the changed paths.

    Examples
    --------
    >>> import tempfile, shutil
    >>> from analysis.paths import SEEDS_DIR
    >>> from analysis.warehouse.build import build, validate
    >>> tmp = Path(tempfile.mkdtemp())
    >>> seeds = Path(shutil.copytree(SEEDS_DIR, tmp / "seeds"))
    >>> text = (seeds / "corrections.csv").read_bytes()
    >>> apply_seed_changes(seeds, tmp / "x.duckdb", {"corrections.csv": text + b"\\n"},
    ...                    validate=validate, build=build)
    ['corrections.csv']
    >>> sorted(p.name for p in tmp.iterdir())
    ['seeds', 'x.duckdb']
    """
    seeds_dir, db_path = Path(seeds_dir), Path(db_path)
    txn = staging_dir(seeds_dir)
    with seeds_lock(seeds_dir):
        if txn.exists():
            recover(seeds_dir)  # a change interrupted earlier, under the same lock
        db_path.parent.mkdir(parents=True, exist_ok=True)
        staged_db = db_path.parent / f"{temp_db_prefix(db_path)}import.tmp"
        try:
            txn.mkdir()
            _write_json(txn / _INTENT, {"staged_db": str(staged_db)})
            staged_seeds = txn / "seeds"
            shutil.copytree(seeds_dir, staged_seeds)
            for rel, data in changes.items():
                path = staged_seeds / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
            validate(staged_seeds)
            build(staged_db, staged_seeds)
            journal = {
                "version": 1,
                "files": [{"rel": rel, "sha256": _sha(data)} for rel, data in changes.items()],
                "db": {"staged": str(staged_db), "target": str(db_path)},
            }
            _write_json(txn / _JOURNAL, journal)  # the commit point
        except BaseException:
            _roll_back(txn)
            raise
        _roll_forward(txn, seeds_dir, journal)
    return list(changes)
