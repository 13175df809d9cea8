"""Read-only access to the built database, and keeping it present and fresh.

Every query takes user choices only as bound parameters; table and column names come
from fixed lists in this module.
"""

from __future__ import annotations

import errno
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd

from analysis.codes import COMPONENTS, OBSERVATION_VIEW_COLUMNS, SCORE_INDICATORS
from analysis.paths import default_db_path, default_seeds_dir
from analysis.warehouse.build import build
from analysis.warehouse.journal import clean_leftovers, recover
from analysis.warehouse.seeds import SeedProblems, seeds_digest

__all__ = [
    "DatabaseStatus",
    "DatabaseUnreadable",
    "Store",
    "ensure_database",
    "file_stamp",
    "forget_checks",
    "release_stores",
    "shared_store",
    "DATASETS",
    "LEVELS",
    "COMPONENTS",
    "SCORE_INDICATORS",
]

DATASETS = ("published", "demo")
#: The scored levels: the 30 district-level units (to 2025-06-30) and the 126 phường and xã
#: (from 2025-07-01). Each ranks its units within blocks (see the units view's ``block``).
LEVELS = ("district", "commune")
_DIMENSIONS = (
    "units",
    "unit_points",
    "unit_crosswalk",
    "indicators",
    "sources",
    "method_periods",
    "period_indicators",
    "initiatives",
    "corrections",
)
_OBS_COLUMNS = OBSERVATION_VIEW_COLUMNS
_lock = threading.RLock()
# Bytes 8–11 of every DuckDB file: anything else (a SQLite or Parquet file, random bytes, an
# overwritten header) is refused before DuckDB sees it, so no extension is ever looked for.
_DUCKDB_MAGIC = b"DUCK"
# A connection that reads our file and nothing else: no extension is installed or loaded
# (a foreign file would otherwise make DuckDB fetch one from the network), and once the file
# is attached no other file or URL can be opened, whatever a view in the file says.
_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}
# Errors of the file rather than of a query: the store says "unreadable", the app re-checks.
_FILE_ERRORS: tuple[type[BaseException], ...] = (
    duckdb.IOException,
    duckdb.SerializationException,
    duckdb.InternalException,
    duckdb.FatalException,
    duckdb.CatalogException,
    duckdb.PermissionException,
)
# How long a failed build due to the file system (a full disk) is remembered before the
# next page view tries again; seed problems are remembered until the seeds change.
RETRY_AFTER_S = 5.0


class DatabaseUnreadable(duckdb.Error):
    """The database file cannot be read: missing, not a DuckDB file, or damaged.

    ``message`` is fit to show (it names the file, not the server's folders); ``path`` is the
    file. It is a :class:`duckdb.Error`, so callers that handle database errors still do.

    Examples
    --------
    >>> str(DatabaseUnreadable(Path("/srv/x.duckdb"), "it is a folder"))
    'The database file x.duckdb cannot be read: it is a folder.'
    """

    def __init__(self, path: Path, reason: str):
        self.path = Path(path)
        # DuckDB's messages name the full path; the pages show the file's name only.
        reason = reason.replace(str(self.path), self.path.name)
        self.reason = reason if len(reason) <= 160 else reason[:159].rstrip() + "…"
        self.message = f"The database file {self.path.name} cannot be read: {self.reason}."
        super().__init__(self.message)


@dataclass(frozen=True)
class DatabaseStatus:
    """What :func:`ensure_database` found and did.

    ``action`` is one of ``"ok"``, ``"built"`` (was missing), ``"rebuilt-stale"``,
    ``"rebuilt-corrupt"``, ``"kept-stale"`` (the seeds changed but cannot be built; the last
    good database is served) and ``"unavailable"`` (no database can be served). ``message``
    is for logs and the command line (full paths); ``notice`` is for the pages (file names
    only); ``level`` says how to show it (``"info"``, ``"warning"``, ``"error"``, or ``""``
    for nothing to show); ``problems`` lists the seed problems or the error behind a failure.

    The English ``notice`` is also told in parts, so a page can say it in its own language
    (``ui.sidebar.database_notice``): ``action``, the file names, and ``cause``, why a build
    failed: ``"seeds"`` with ``count`` problems, ``"disk-full"``, ``"error"``, or
    ``"set-aside"`` when an unreadable file could not be moved. The technical lines behind a
    failure are in ``problems`` (without the server's folders).
    """

    path: Path
    action: str
    message: str
    kept_aside: Path | None = None
    notice: str = ""
    problems: tuple[str, ...] = field(default=())
    cause: str = ""
    count: int = 0

    @property
    def serving(self) -> bool:
        """True when a database can be read (pages may query it)."""
        return self.action != "unavailable"

    @property
    def level(self) -> str:
        """How a page shows the notice: ``""`` (nothing), ``"info"``, ``"warning"`` or ``"error"``."""
        return {
            "ok": "",
            "built": "info",
            "rebuilt-stale": "info",
            "rebuilt-corrupt": "warning",
            "kept-stale": "warning",
        }.get(self.action, "error")


def file_stamp(path: Path) -> str | None:
    """The file's identity (inode, size, mtime): it changes when the file is replaced or written.

    Examples
    --------
    >>> file_stamp(Path("/no/such/file")) is None
    True
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_ino}-{st.st_size}-{st.st_mtime_ns}"


def _check_file(path: Path) -> None:
    """Refuse what is not a DuckDB file before DuckDB opens it (no extension lookup, ever)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        raise DatabaseUnreadable(path, "the file is missing") from None
    except IsADirectoryError:
        raise DatabaseUnreadable(path, "a folder is in its place") from None
    except OSError as exc:
        raise DatabaseUnreadable(path, f"{exc.strerror or exc}") from None
    if head[8:12] != _DUCKDB_MAGIC:
        kind = (
            "it is a SQLite database"
            if head.startswith(b"SQLite format 3")
            else "it is a Parquet file"
            if head.startswith(b"PAR1")
            else "it is empty"
            if not head
            else "it is not a DuckDB database file"
        )
        raise DatabaseUnreadable(path, kind)


def _attach(path: Path) -> duckdb.DuckDBPyConnection:
    """A private in-memory instance with the file attached read-only as ``par``.

    DuckDB caches one instance per file path in a process: a plain connect to a path whose
    file was replaced by a rebuild would return the old file while any connection to it is
    open. Attaching from a fresh in-memory instance opens the file that is there now. Only a
    DuckDB file is attached (``TYPE duckdb``), read-only, with extensions neither installed
    nor loaded, and after attaching no other file or address can be opened.
    """
    _check_file(path)
    con = duckdb.connect(":memory:", config=_CONFIG)
    try:
        # ATTACH takes no parameters; the path is ours (settings), quoted as a SQL literal.
        con.execute(
            f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS par (TYPE duckdb, READ_ONLY)"
        )
        con.execute("USE par")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        con.close()
        raise DatabaseUnreadable(path, _first_line(exc)) from None
    return con


def _first_line(exc: BaseException) -> str:
    """The error's first line without the server's folders (it is shown on pages)."""
    lines = str(exc).splitlines()
    return _no_folders(lines[0] if lines else type(exc).__name__)[:400]


def _stored_digest(path: Path) -> str | None:
    con = _attach(path)
    try:
        row = con.execute("SELECT value FROM build_info WHERE key = 'seeds_digest'").fetchone()
        # Read every public view in full (they are small) so a damaged file fails here, not
        # in a page: count(*) alone does not touch column data.
        views = [
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = 'par'"
            ).fetchall()
        ]
        for view in views:
            # Arrow reads every block without building millions of Python tuples at scale.
            # Names come from the file's catalogue, so a damaged or foreign file could hold any
            # text: quote it as an identifier.
            quoted = '"' + view.replace('"', '""') + '"'
            con.sql(f"SELECT * FROM {quoted}").to_arrow_table()  # noqa: S608
        return row[0] if row else None
    except DatabaseUnreadable:
        raise
    except duckdb.Error as exc:
        raise DatabaseUnreadable(path, _first_line(exc)) from None
    finally:
        con.close()


# --- shared stores ---------------------------------------------------------------------------
# path -> [(stamp, store, retired_at)]: the store of the file there now, and stores of replaced
# files kept for a grace period so that a page mid-query finishes. A store of a replaced file
# holds the deleted file's space on disk until it is closed.
_STORES: dict[str, list[list]] = {}
GRACE_S = 30.0


def shared_store(path: Path | None = None) -> Store:
    """The process-wide read-only :class:`Store` of the file at ``path`` now.

    A store of a file that has since been replaced or deleted is closed ``GRACE_S`` seconds
    later (so the disk space of a deleted copy comes back); raises
    :class:`DatabaseUnreadable` when the file cannot be opened.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.duckdb"
    >>> _ = ensure_database(p)
    >>> shared_store(p) is shared_store(p)
    True
    >>> release_stores(p)
    1
    """
    path = Path(path) if path is not None else default_db_path()
    key = str(path)
    now = time.monotonic()
    with _lock:
        stamp = file_stamp(path)
        entries = _STORES.setdefault(key, [])
        keep = []
        current = None
        for entry in entries:
            if entry[0] == stamp and entry[2] is None:
                current = entry
            elif entry[2] is None:
                entry[2] = now
            if entry[2] is not None and now - entry[2] >= GRACE_S:
                entry[1].close()
                continue
            keep.append(entry)
        if current is None:
            if stamp is None:
                _STORES[key] = keep
                raise DatabaseUnreadable(path, "the file is missing")
            current = [stamp, Store(path), None]
            keep.append(current)
        _STORES[key] = keep
        return current[1]


def release_stores(path: Path | None = None) -> int:
    """Close every shared store of ``path`` (of every path when None); returns how many.

    Queries already running on them fail with :class:`DatabaseUnreadable`, and the next
    :func:`shared_store` opens the file anew.
    """
    with _lock:
        keys = [str(path)] if path is not None else list(_STORES)
        closed = 0
        for key in keys:
            for entry in _STORES.pop(key, []):
                entry[1].close()
                closed += 1
        return closed


# --- keeping the file present and fresh ------------------------------------------------------
# (path, stamp, seeds digest) -> status of a check that passed; (path, seeds digest) -> (time,
# status, retry) of a build that failed. A page view costs a stat and a digest of the seeds.
_HEALTHY: dict[tuple[str, str, str], DatabaseStatus] = {}
_FAILED: dict[tuple[str, str], tuple[float, DatabaseStatus, bool]] = {}


def forget_checks(path: Path | None = None) -> None:
    """Forget the checks that passed and the failures remembered for ``path`` (every path
    when None): the next :func:`ensure_database` reads the file in full again.

    For a page that met :class:`DatabaseUnreadable` in a file the check had passed.
    """
    with _lock:
        for k in [k for k in (*_HEALTHY, *_FAILED) if path is None or k[0] == str(path)]:
            _HEALTHY.pop(k, None)
            _FAILED.pop(k, None)


# seeds folder -> (identity of its files, digest): the digest reads every seed file, the
# identity only stats them (a page view would otherwise read the seeds each time).
_DIGESTS: dict[str, tuple[tuple, str]] = {}


def _digest(seeds_dir: Path) -> str:
    ids = []
    for folder in (seeds_dir, seeds_dir / "imported"):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            if e.is_file():
                st = e.stat()
                ids.append((folder.name, e.name, st.st_ino, st.st_size, st.st_mtime_ns))
    key = tuple(ids)
    hit = _DIGESTS.get(str(seeds_dir))
    if hit is not None and hit[0] == key:
        return hit[1]
    digest = seeds_digest(seeds_dir)
    _DIGESTS[str(seeds_dir)] = (key, digest)
    return digest


def _aside_name(path: Path) -> Path:
    # Nanoseconds in the name: two corrupt files never overwrite each other's copy.
    return path.with_name(
        f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}"
    )


class _Failure(NamedTuple):
    """A failed build: why in a sentence, problem lines, retry later?, and its parts."""

    why: str
    problems: tuple[str, ...]
    retry: bool
    cause: str
    count: int = 0


def _failure_text(exc: BaseException) -> _Failure:
    """What a failed build means for the pages."""
    if isinstance(exc, SeedProblems):
        lines = tuple(str(e) for e in exc.errors[:50])
        n = len(exc.errors)
        return _Failure(f"the seeds have {n} problem(s)", lines, False, "seeds", count=n)
    first = f"{type(exc).__name__}: {_first_line(exc)[:200]}"
    if _disk_full(exc):
        return _Failure("the disk is full", (first,), True, "disk-full")
    return _Failure(f"building failed ({first})", (first,), True, "error")


# DuckDB reports a full disk as its own exception (IOException, TransactionException or
# FatalException, depending on whether the table, the WAL or the checkpoint hit it), with the
# operating system's words in the text; these are glibc's strerror texts.
_DISK_FULL_TEXTS = ("No space left on device", "Disk quota exceeded")


def _disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(exc, duckdb.Error) and any(t in str(exc) for t in _DISK_FULL_TEXTS)


# The server's folders are nobody's business on a page: keep a file's name, drop its folders.
_FOLDERS = re.compile(r"(?:/[^/\s\"'()]+)+/([^/\s\"'()]+)")


def _no_folders(text: str) -> str:
    return _FOLDERS.sub(r"\1", text)


def _try_build(path: Path, seeds_dir: Path) -> BaseException | None:
    try:
        build(path, seeds_dir)
    except (SeedProblems, OSError, duckdb.Error, ValueError) as exc:
        return exc
    return None


def ensure_database(
    db_path: Path | None = None,
    seeds_dir: Path | None = None,
    *,
    retry_after: float | None = None,
) -> DatabaseStatus:
    """Make sure a current database exists: build it when missing, stale or unreadable.

    Never raises for a bad file or bad seeds: it returns a :class:`DatabaseStatus` saying what
    it did and whether a database can be served. Before anything else it completes or rolls
    back an interrupted seed import and removes leftovers of killed builds
    (:func:`analysis.warehouse.journal.recover`). A damaged or foreign file (a SQLite or
    Parquet file, random bytes, a truncated file, a folder in its place) is renamed aside
    (``….corrupt-<time>``), never deleted, and rebuilt; the message names it. Seeds that do
    not pass their checks leave the last good database in service (``"kept-stale"``). A
    build that failed on a full disk is tried again ``retry_after`` seconds later, so the app
    recovers once space is back (``retry_after`` defaults to ``RETRY_AFTER_S``; ``seeds_dir`` to
    :func:`analysis.paths.default_seeds_dir`). A check that
    passed is remembered for the file's identity
    (:func:`file_stamp`) and the seeds' digest, so calling this on every page view is cheap.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.duckdb"
    >>> ensure_database(p).action
    'built'
    >>> ensure_database(p).action
    'ok'
    >>> _ = p.write_bytes(b"SQLite format 3" + bytes(101))
    >>> s = ensure_database(p)
    >>> s.action, s.serving, s.kept_aside.read_bytes()[:6]
    ('rebuilt-corrupt', True, b'SQLite')
    """
    path = Path(db_path) if db_path is not None else default_db_path()
    seeds_dir = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir()
    retry_after = RETRY_AFTER_S if retry_after is None else retry_after
    with _lock:
        try:
            recover(seeds_dir, path)
            clean_leftovers(path)
            want = _digest(seeds_dir)
        except OSError as exc:
            want = f"unreadable:{exc}"
        stamp = file_stamp(path) or ""
        healthy = _HEALTHY.get((str(path), stamp, want))
        if healthy is not None:
            return healthy
        failed = _FAILED.get((str(path), stamp, want))
        if failed is not None:
            when, status, retry = failed
            if not retry or time.monotonic() - when < retry_after:
                return status
        status, retry = _ensure(path, seeds_dir)
        for k in [k for k in (*_HEALTHY, *_FAILED) if k[0] == str(path)]:
            _HEALTHY.pop(k, None)
            _FAILED.pop(k, None)
        now = file_stamp(path) or ""
        if status.action in ("unavailable", "kept-stale"):
            _FAILED[(str(path), now, want)] = (time.monotonic(), status, retry)
        elif now:
            _HEALTHY[(str(path), now, want)] = DatabaseStatus(
                path, "ok", f"Database {path} is current."
            )
        return status


def _unavailable(path: Path, failure: _Failure, aside: Path | None, reason: str = ""):
    why = failure.why
    if reason:
        why = f"{reason}; rebuilding failed: {why}"
    kept = f" The unreadable file was kept as {aside.name}." if aside else ""
    return DatabaseStatus(
        path,
        "unavailable",
        f"No database can be served from {path}: {why}.{kept}",
        aside,
        f"No data can be shown: the database {path.name} cannot be built ({why}).{kept} "
        "Pages will show data again as soon as it can be built.",
        failure.problems,
        failure.cause,
        failure.count,
    )


def _ensure(path: Path, seeds_dir: Path) -> tuple[DatabaseStatus, bool]:
    """Check, set aside and build; the flag says whether a failure is worth retrying."""
    want = _digest(seeds_dir)
    if not path.exists() and not path.is_symlink():
        release_stores(path)  # stores of a deleted file hold its disk space
        exc = _try_build(path, seeds_dir)
        if exc is not None:
            failure = _failure_text(exc)
            return _unavailable(path, failure, None), failure.retry
        return DatabaseStatus(
            path,
            "built",
            f"Built the database {path} from {seeds_dir}.",
            notice=f"The database {path.name} was missing; it was built from the seeds.",
        ), False
    try:
        have = _stored_digest(path)
    except DatabaseUnreadable as exc:
        release_stores(path)
        aside = _aside_name(path)
        try:
            os.replace(path, aside)
        except OSError as err:
            why = f"{exc.reason}, and it could not be set aside ({err.strerror})"
            stuck = _Failure(why, (str(err.strerror or err),), True, "set-aside")
            return _unavailable(path, stuck, None), True
        error = _try_build(path, seeds_dir)
        if error is not None:
            failure = _failure_text(error)
            return _unavailable(path, failure, aside, exc.reason), failure.retry
        return DatabaseStatus(
            path,
            "rebuilt-corrupt",
            f"The database {path} could not be read ({exc.reason}); it was kept as "
            f"{aside.name} and rebuilt from seeds.",
            aside,
            f"The database {path.name} could not be read ({exc.reason}); it was kept as "
            f"{aside.name} and rebuilt from the seeds.",
        ), False
    if have != want:
        error = _try_build(path, seeds_dir)
        if error is not None:
            failure = _failure_text(error)
            why = failure.why
            status = DatabaseStatus(
                path,
                "kept-stale",
                f"The seeds changed since {path} was built, but it cannot be rebuilt ({why}); "
                "serving the last good database.",
                None,
                f"Showing the last good database: the seeds changed but cannot be built ({why}).",
                failure.problems,
                failure.cause,
                failure.count,
            )
            return status, failure.retry
        return DatabaseStatus(
            path,
            "rebuilt-stale",
            f"The seeds changed since {path} was built; rebuilt it.",
            notice="The seeds changed; the database was rebuilt.",
        ), False
    return DatabaseStatus(path, "ok", f"Database {path} is current."), False


class Store:
    """Queries on one database file (read-only), or on an in-memory copy with an upload.

    Examples
    --------
    >>> from analysis.warehouse.build import build
    >>> import tempfile, pathlib
    >>> s = Store(build(pathlib.Path(tempfile.mkdtemp()) / "s.duckdb"))
    >>> s.panel("demo", years=(2023, 2023)).unit_id.nunique()
    30
    """

    def __init__(
        self, path: Path | None = None, *, connection: duckdb.DuckDBPyConnection | None = None
    ):
        self.path = Path(path) if path is not None else None
        self._use = None
        if connection is None:
            connection = _attach(self.path)
            self._use = "USE par"
        self._con = connection
        self.datasets: tuple[str, ...] = DATASETS

    # --- construction -------------------------------------------------------------------
    @classmethod
    def with_upload(cls, base: Store, upload: pd.DataFrame, dataset: str = "upload") -> Store:
        """An in-memory store holding the base's dimensions, published figures and an upload.

        Only this store sees the upload, so one user's file never reaches another session.
        """
        con = duckdb.connect(":memory:")
        for name in _DIMENSIONS:
            frame = base._query(f"SELECT * FROM {name}")  # noqa: S608 - fixed names
            con.register("_f", frame)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM _f")  # noqa: S608
            con.unregister("_f")
        obs = base._query("SELECT * FROM observations WHERE dataset = 'published'")
        extra = upload.copy()
        extra["dataset"] = dataset
        for col in _OBS_COLUMNS:
            if col not in extra:
                extra[col] = None
        frame = pd.concat([obs, extra[list(_OBS_COLUMNS)]], ignore_index=True)
        con.register("_f", frame)
        con.execute("CREATE TABLE observations AS SELECT * FROM _f")
        con.unregister("_f")
        store = cls(connection=con)
        store.datasets = ("published", dataset)
        return store

    def close(self) -> None:
        self._con.close()

    # --- plumbing -----------------------------------------------------------------------
    def _query(self, sql: str, params: list | None = None, *, arrow: bool = False) -> pd.DataFrame:
        # A cursor per call: DuckDB connections are not safe to share across threads.
        try:
            cur = self._con.cursor()
        except duckdb.ConnectionException as exc:  # closed by release_stores
            raise DatabaseUnreadable(self.path or Path(":memory:"), _first_line(exc)) from None
        try:
            if self._use:
                cur.execute(self._use)  # a new cursor starts in the default (empty) database
            if arrow:
                # Through Arrow: twice as fast as .df() for a national panel's string columns
                # (180,000 rows: 130 vs 250 ms). Only for result types that convert the same
                # way (strings, integers, doubles); dates would come back as Python objects.
                return cur.sql(sql, params=params or []).to_arrow_table().to_pandas()
            return cur.execute(sql, params or []).df()
        except _FILE_ERRORS as exc:
            if self.path is None:
                raise
            # A file damaged after the check, or closed by release_stores: the page says so
            # and the next ensure_database sets the file aside and rebuilds.
            raise DatabaseUnreadable(self.path, _first_line(exc)) from None
        finally:
            cur.close()

    # --- dimensions ---------------------------------------------------------------------
    def units(
        self, level: str | None = "district", years: tuple[int, int] | None = None
    ) -> pd.DataFrame:
        """Units of a level (``None``: every unit), the 30 district-level ones by default.

        For the scored levels (:data:`LEVELS`: ``district``, ``commune``) a unit belongs to a
        year when it existed on 31 December of that year (the year it was scored for).
        With ``years=(first, last)`` the units of any year in the range are returned (2012–2013:
        the 29 districts with Từ Liêm; 2025 on: the 126 phường and xã). Without ``years``,
        the level's last (or current) set: the 30 districts of 2014-04-01 to 2025-06-30, or
        the 126 communes in force today. Other levels ignore ``years``. The ``block`` column
        says which units are ranked together (``district``; ``phường`` or ``xã``).
        """
        if level is None:
            return self._query("SELECT * FROM units ORDER BY unit_id")
        if level not in LEVELS:
            return self._query("SELECT * FROM units WHERE level = ? ORDER BY unit_id", [level])
        lo, hi = years if years else (None, None)
        return self._query(
            """WITH lvl AS (SELECT * FROM units WHERE level = ? AND block IS NOT NULL),
               ref AS (SELECT CASE WHEN bool_or(valid_to IS NULL) THEN current_date
                                   ELSE max(valid_to) END AS day FROM lvl)
               SELECT lvl.* FROM lvl, ref
               WHERE CASE WHEN ? IS NULL
                          THEN valid_from <= ref.day AND (valid_to IS NULL OR valid_to >= ref.day)
                          ELSE EXISTS (SELECT 1 FROM range(CAST(? AS BIGINT), CAST(? AS BIGINT) + 1) y(year)
                                       WHERE valid_from <= make_date(y.year, 12, 31)
                                         AND (valid_to IS NULL OR valid_to >= make_date(y.year, 12, 31)))
                     END
               ORDER BY unit_id""",
            [level, lo, lo, hi],
        )

    def unit_points(self, level: str = "commune") -> pd.DataFrame:
        """A point inside each unit of a level (communes of 2025) with its name, type and block.

        Columns: unit_id, name_vi, name_en, unit_type, block, point_lon, point_lat, area_km2,
        area_km2_published, covered_share, main_former_unit_id, main_former_share,
        main_former_name_vi. No boundary geometry is held: draw symbols at the points.
        """
        return self._query(
            """SELECT p.unit_id, u.name_vi, u.name_en, u.unit_type, u.block, p.point_lon, p.point_lat,
                      p.area_km2, p.area_km2_published, p.covered_share, p.main_former_unit_id,
                      p.main_former_share, f.name_vi AS main_former_name_vi
               FROM unit_points p JOIN units u USING (unit_id)
               LEFT JOIN units f ON f.unit_id = p.main_former_unit_id
               WHERE u.level = ? ORDER BY p.unit_id""",
            [level],
        )

    def crosswalk(
        self, unit_id: str | None = None, former_unit_id: str | None = None
    ) -> pd.DataFrame:
        """The bridge from the 30 former districts to the 126 communes of 2025, by area share.

        Filter by a commune (``unit_id``: its former districts) or by a former district
        (``former_unit_id``: the communes that took part of its area). Area shares
        approximate, and are not, the legal composition (NQ 1656/NQ-UBTVQH15); a former
        district is a predecessor, not the same unit. Columns: unit_id, name_vi, unit_type,
        block, former_unit_id, former_name_vi, former_unit_type, area_share, covered_share,
        is_main; ordered by unit, then largest share first.
        """
        return self._query(
            """SELECT c.unit_id, u.name_vi, u.unit_type, u.block, c.former_unit_id,
                      f.name_vi AS former_name_vi, f.unit_type AS former_unit_type,
                      c.area_share, c.covered_share, c.is_main
               FROM unit_crosswalk c JOIN units u USING (unit_id)
               JOIN units f ON f.unit_id = c.former_unit_id
               WHERE (? IS NULL OR c.unit_id = ?) AND (? IS NULL OR c.former_unit_id = ?)
               ORDER BY c.unit_id, c.area_share DESC, c.former_unit_id""",
            [unit_id, unit_id, former_unit_id, former_unit_id],
        )

    def period_indicators(self, period_id: str | None = None) -> pd.DataFrame:
        """The codebook per method period (maximum points only where a source states them)."""
        return self._query(
            """SELECT * FROM period_indicators WHERE ? IS NULL OR period_id = ?
               ORDER BY period_id, indicator_id""",
            [period_id, period_id],
        )

    def indicators(self) -> pd.DataFrame:
        """The indicator codebook."""
        return self._query("SELECT * FROM indicators ORDER BY indicator_id")

    def sources(self) -> pd.DataFrame:
        """All sources with their metadata."""
        return self._query("SELECT * FROM sources ORDER BY source_id")

    def method_periods(self) -> pd.DataFrame:
        """Method periods (for comparability warnings)."""
        return self._query("SELECT * FROM method_periods ORDER BY first_year")

    def initiatives(self, unit_id: str | None = None) -> pd.DataFrame:
        """Reform initiatives, of one unit and the communes inside it when given."""
        if unit_id is None:
            return self._query("SELECT * FROM initiatives ORDER BY year, unit_id, initiative_id")
        return self._query(
            """SELECT i.* FROM initiatives i JOIN units u USING (unit_id)
               WHERE i.unit_id = ? OR u.parent_id = ? ORDER BY year, initiative_id""",
            [unit_id, unit_id],
        )

    # --- figures ------------------------------------------------------------------------
    def observations(
        self,
        dataset: str,
        *,
        years: tuple[int, int] | None = None,
        unit_ids: list[str] | None = None,
        indicator_ids: list[str] | None = None,
        measures: list[str] | None = None,
        district_only: bool = False,
    ) -> pd.DataFrame:
        """Rows of the observations view for one dataset, filtered by parameters only."""
        sql = """SELECT o.* FROM observations o JOIN units u USING (unit_id)
                 WHERE o.dataset = ?
                   AND (? IS NULL OR o.year >= ?) AND (? IS NULL OR o.year <= ?)
                   AND (? IS NULL OR list_contains(?, o.unit_id))
                   AND (? IS NULL OR list_contains(?, o.indicator_id))
                   AND (? IS NULL OR list_contains(?, o.measure))
                   AND (NOT ? OR u.level = 'district')
                 ORDER BY o.unit_id, o.year, o.indicator_id, o.measure"""
        lo, hi = years if years else (None, None)
        params = [
            dataset,
            lo,
            lo,
            hi,
            hi,
            unit_ids,
            unit_ids,
            indicator_ids,
            indicator_ids,
            measures,
            measures,
            district_only,
        ]
        return self._query(sql, params)

    def panel(
        self,
        dataset: str,
        *,
        years: tuple[int, int] | None = None,
        unit_ids: list[str] | None = None,
        indicator_ids: list[str] | None = None,
        level: str = "district",
    ) -> pd.DataFrame:
        """Scores (score_pct) of one level's units in the long panel form the statistics take.

        ``level`` is ``district`` (the default) or ``commune`` (the phường and xã of 2025,
        whose ranks run within their block: join :meth:`units` for ``block``).
        Columns: unit_id, year, indicator_id, value, rank (the published/simulated rank where
        one exists, else NULL), source_id.
        """
        inds = list(indicator_ids) if indicator_ids else list(SCORE_INDICATORS)
        sql = """WITH f AS (
                   SELECT o.* FROM observations o JOIN units u USING (unit_id)
                   WHERE o.dataset = ? AND u.level = ?
                     AND list_contains(?, o.indicator_id)
                     AND o.measure IN ('score_pct', 'rank')
                     AND (? IS NULL OR o.year >= ?) AND (? IS NULL OR o.year <= ?)
                     AND (? IS NULL OR list_contains(?, o.unit_id)))
                 SELECT unit_id, year, indicator_id,
                        max(CASE WHEN measure = 'score_pct' THEN value END) AS value,
                        max(CASE WHEN measure = 'rank' THEN value END) AS rank,
                        max(CASE WHEN measure = 'score_pct' THEN source_id END) AS source_id
                 FROM f GROUP BY ALL ORDER BY unit_id, year, indicator_id"""
        lo, hi = years if years else (None, None)
        frame = self._query(
            sql, [dataset, level, inds, lo, lo, hi, hi, unit_ids, unit_ids], arrow=True
        )
        frame["year"] = frame["year"].astype(int)
        return frame

    def years(self, dataset: str, level: str = "district") -> list[int]:
        """Years with any score or rank of the level's units (districts by default) in the dataset."""
        frame = self._query(
            """SELECT DISTINCT o.year FROM observations o JOIN units u USING (unit_id)
               WHERE o.dataset = ? AND u.level = ? AND o.measure IN ('score_pct', 'rank')
               ORDER BY 1""",
            [dataset, level],
        )
        return [int(y) for y in frame["year"]]

    def block_averages(self, dataset: str, level: str = "district") -> pd.DataFrame:
        """Per year: the published block average (if any) and the mean and count of unit scores.

        ``level`` is ``district`` (published averages of the district block) or ``commune``
        (no published block average is held for the phường and xã blocks yet).
        """
        block_unit = "district_block" if level == "district" else None
        return self._query(
            """WITH unit_scores AS (
                 SELECT o.year, o.indicator_id, avg(o.value) AS mean_of_units, count(*) AS n_units
                 FROM observations o JOIN units u USING (unit_id)
                 WHERE o.dataset = ? AND u.level = ? AND o.measure = 'score_pct'
                 GROUP BY ALL),
               block AS (
                 SELECT year, indicator_id,
                        max(CASE WHEN measure = 'score_pct' THEN value END) AS published_average,
                        max(CASE WHEN measure = 'delta_pct' THEN value END) AS published_change,
                        max(CASE WHEN measure = 'score_pct' THEN source_id END) AS source_id
                 FROM observations WHERE dataset = 'published' AND unit_id = ?
                 GROUP BY ALL)
               SELECT coalesce(s.year, b.year) AS year, coalesce(s.indicator_id, b.indicator_id) AS indicator_id,
                      s.mean_of_units, s.n_units, b.published_average, b.published_change, b.source_id
               FROM unit_scores s FULL JOIN block b USING (year, indicator_id)
               ORDER BY year, indicator_id""",
            [dataset, level, block_unit],
        )

    def coverage(self, dataset: str = "demo", level: str = "district") -> pd.DataFrame:
        """Units × years × indicators: the published score and rank, and ``dataset``'s score.

        Years run from 2012 (the first method period) to the current year; a unit has a cell
        in a year when it existed on 31 December of that year (districts 2012–2024, communes
        from 2025). Built from the public views, so it works on an upload store too. Columns:
        unit_id, year, indicator_id, published_score, published_rank, dataset_score,
        published_status.
        """
        return self._query(
            """WITH years AS (SELECT range AS year FROM range(2012, year(current_date) + 1)),
               inds AS (SELECT indicator_id FROM indicators WHERE indicator_id = 'total' OR is_component),
               cells AS (SELECT u.unit_id, y.year, i.indicator_id FROM units u, years y, inds i
                         WHERE u.level = ? AND u.block IS NOT NULL
                           AND u.valid_from <= make_date(y.year, 12, 31)
                           AND (u.valid_to IS NULL OR u.valid_to >= make_date(y.year, 12, 31)))
               SELECT c.unit_id, c.year, c.indicator_id,
                      max(CASE WHEN o.dataset = 'published' AND o.measure = 'score_pct' THEN o.value END)
                        AS published_score,
                      max(CASE WHEN o.dataset = 'published' AND o.measure = 'rank' THEN o.value END)
                        AS published_rank,
                      max(CASE WHEN o.dataset = ? AND o.measure = 'score_pct' THEN o.value END)
                        AS dataset_score,
                      CASE WHEN published_score IS NOT NULL THEN 'published'
                           WHEN published_rank IS NOT NULL THEN 'rank only'
                           ELSE 'missing' END AS published_status
               FROM cells c
               LEFT JOIN observations o ON o.unit_id = c.unit_id AND o.year = c.year
                    AND o.indicator_id = c.indicator_id AND o.measure IN ('score_pct', 'rank')
               GROUP BY ALL ORDER BY c.unit_id, c.year, c.indicator_id""",
            [level, dataset],
        )

    def unit_sources(self, unit_id: str, dataset: str = "published") -> pd.DataFrame:
        """Every figure of one unit with its source's metadata."""
        return self._query(
            """SELECT o.year, o.indicator_id, o.measure, o.value, o.value_as_published, o.locator,
                      s.source_id, s.title, s.publisher, s.published_on, s.url
               FROM observations o LEFT JOIN sources s USING (source_id)
               WHERE o.dataset = ? AND o.unit_id = ? ORDER BY o.year, o.indicator_id, o.measure""",
            [dataset, unit_id],
        )

    def published_figures(self) -> pd.DataFrame:
        """Every published figure per source (several sources may give the same figure)."""
        return self._query("SELECT * FROM published_figures")

    def corrections(self) -> pd.DataFrame:
        """Hand corrections with their reasons."""
        return self._query("SELECT * FROM corrections ORDER BY target_table, target_key")

    def seed_files(self) -> pd.DataFrame:
        """Seed files of the build with their sha256 (empty for an in-memory upload store)."""
        if self.path is None:
            return pd.DataFrame(columns=["file", "sha256", "rows", "title"])
        return self._query("SELECT * FROM seed_files ORDER BY file")

    def catalogue(self) -> pd.DataFrame:
        """The public views and their columns with the build's comments (the data dictionary).

        Columns: view, view_comment, column, position, data_type, comment (NULL where the
        build wrote none). Empty for an in-memory upload store, whose tables have no comments.
        """
        return self._query(
            """SELECT v.view_name AS view, v.comment AS view_comment, c.column_name AS "column",
                      c.column_index AS position, c.data_type, c.comment
               FROM duckdb_views() v
               JOIN duckdb_columns() c ON c.database_name = v.database_name
                AND c.schema_name = v.schema_name AND c.table_name = v.view_name
               WHERE NOT v.internal AND v.database_name = current_database()
               ORDER BY v.view_name, c.column_index"""
        )

    def build_info(self) -> dict[str, str]:
        """The build's facts (seeds digest, demo seed …)."""
        frame = self._query("SELECT key, value FROM build_info") if self.path else pd.DataFrame()
        return dict(zip(frame.get("key", []), frame.get("value", []), strict=False))
