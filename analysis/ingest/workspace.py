"""Workspaces: accepted uploads kept on the server under an unguessable token, to share.

A workspace is one file, ``<workspaces>/<token>.zip`` (:func:`analysis.paths.workspaces_dir`,
``data/workspaces/`` by default), holding ``manifest.json`` (each file's name, sha256,
size, upload time, years and provenance), ``observations.parquet`` (the figures in the
shape of the ``observations`` view, dataset ``"workspace"``) and the original files under
``files/``. It is written to a temporary file and renamed over the old one, under a
per-token lock, so two saves at once or a process killed mid-save leave the old or the new
workspace whole, never a mix; what a killed save leaves behind (its temporary file, the lock
file of a workspace never made) is removed by the next save of any workspace. "Last opened" is the file's modification time: opening a
workspace touches it, and :func:`expire` deletes those unopened for N days
(``PAR_WORKSPACE_DAYS``, default 90).

Tokens come from :func:`secrets.token_urlsafe` and are checked against a strict pattern
before any path is built from them; a missing, expired or malformed token raises
:class:`WorkspaceNotFound`, whose message names neither a path nor a traceback.

The administrator's promotion of a workspace into ``seeds/imported/`` is :func:`promote`
(key checked by :func:`check_admin_key`), through :func:`analysis.ingest.importer.import_files`,
the code path of ``python -m analysis import``.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pandas as pd

from analysis.codes import OBSERVATION_VIEW_COLUMNS
from analysis.ingest.importer import (
    ImportReport,
    _cross_file_conflicts,
    check_upload,
    import_files,
    published_from_seeds,
    reference_frames,
)
from analysis.ingest.reader import DEFAULT_MAX_BYTES
from analysis.paths import SEEDS_DIR, default_db_path, workspaces_dir
from analysis.warehouse.export import safe_filename, to_csv_bytes

__all__ = [
    "DATASET",
    "MAX_FILES",
    "MAX_TOTAL_BYTES",
    "MAX_WORKSPACES",
    "TOKEN_PATTERN",
    "Workspace",
    "WorkspaceError",
    "WorkspaceFile",
    "WorkspaceLimit",
    "WorkspaceNotFound",
    "WorkspaceRejected",
    "admin_enabled",
    "check_admin_key",
    "create",
    "delete",
    "download",
    "expire",
    "expiry_days",
    "extend",
    "list_workspaces",
    "load",
    "promote",
]

log = logging.getLogger(__name__)

#: The dataset name of a workspace's figures.
DATASET = "workspace"
#: secrets.token_urlsafe(24) gives 32 characters of [A-Za-z0-9_-]; nothing else is a token.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")
#: Limits protecting the server (files per workspace, bytes per workspace, workspaces).
MAX_FILES = 20
MAX_TOTAL_BYTES = 25_000_000
MAX_WORKSPACES = 1_000
_VERSION = 1
#: What a save leaves in the folder besides ``<token>.zip``: its lock file and, while it
#: writes, its temporary file (``tempfile.mkstemp`` adds 8 characters, no dot).
_LOCK_FILE = re.compile(r"\.([A-Za-z0-9_-]{32})\.lock")
_TEMP_FILE = re.compile(r"\.([A-Za-z0-9_-]{32})\.[^.]+\.tmp")
_NOT_FOUND = (
    "This workspace does not exist or has expired (unused workspaces are deleted after "
    "{days} days). Upload the files again to make a new one."
)
_MALFORMED = "This is not a valid workspace link; check that it was copied whole."


class WorkspaceError(Exception):
    """A workspace action that cannot be done; ``message`` is fit to show to anyone.

    ``code`` and ``params`` say the same for a page to put in its own language (the English
    ``message`` is the command line's).
    """

    def __init__(self, message: str, code: str = "", **params: object):
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params


class WorkspaceNotFound(WorkspaceError):
    """A missing, expired, malformed or unreadable workspace token."""


class WorkspaceLimit(WorkspaceError):
    """Too many files, bytes or workspaces."""


class WorkspaceRejected(WorkspaceError):
    """Files that cannot be imported; ``reports`` say why, file by file."""

    def __init__(
        self, message: str, reports: list[ImportReport], code: str = "refused", **params: object
    ):
        super().__init__(message, code, **params)
        self.reports = reports


@dataclass(frozen=True)
class WorkspaceFile:
    """One uploaded file of a workspace and its provenance."""

    name: str
    sha256: str
    size: int
    uploaded_at: str
    years: list[int]
    figures: int
    source_id: str
    notes: list[str] = field(default_factory=list)
    stored_as: str = ""


@dataclass
class Workspace:
    """A loaded workspace: its files and its figures (the ``observations`` view's shape)."""

    token: str
    created_at: str
    last_opened: str
    files: list[WorkspaceFile]
    observations: pd.DataFrame

    @property
    def url_path(self) -> str:
        """The address path that opens the workspace in the app."""
        return f"/?ws={self.token}"

    @property
    def years(self) -> list[int]:
        """Years the figures cover (for the sidebar's year range)."""
        if self.observations.empty:
            return []
        return sorted({int(y) for y in self.observations["year"]})

    def summary(self) -> dict[str, object]:
        """A JSON-ready summary (token, url, dates, files, years, figures)."""
        return {
            "token": self.token,
            "url": self.url_path,
            "created_at": self.created_at,
            "last_opened": self.last_opened,
            "years": self.years,
            "figures": len(self.observations),
            "files": [asdict(f) for f in self.files],
        }


# --------------------------------------------------------------------------- settings


def expiry_days() -> int:
    """Days an unopened workspace is kept: ``PAR_WORKSPACE_DAYS`` (default 90, at least 1)."""
    try:
        return max(1, int(os.environ.get("PAR_WORKSPACE_DAYS", "90")))
    except ValueError:
        return 90


def _root(root: Path | str | None) -> Path:
    return Path(root) if root is not None else workspaces_dir()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _path(token: object, root: Path) -> Path:
    """The workspace's file; the token is checked before any path is built from it."""
    if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
        raise WorkspaceNotFound(_MALFORMED, "malformed")
    return root / f"{token}.zip"


try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: the atomic rename still protects
    fcntl = None  # type: ignore[assignment]


def _lock_path(root: Path, token: str) -> Path:
    return root / f".{token}.lock"


def _acquire(path: Path, *, wait: bool) -> IO[str] | None:
    """The lock file at ``path``, opened and locked; None when ``wait`` is False and it is held.

    A lock file is removed by whoever holds it (see :func:`_lock`), so a process that opened
    it just before may be granted a lock on a file no longer in the folder: it checks that the
    file it locked is still the one at ``path``, and else starts again on the new one.
    """
    while True:
        fh = open(path, "a+")  # closed below, or by _release
        try:
            fcntl.flock(fh, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            return None
        except BaseException:
            fh.close()
            raise
        try:
            same = os.path.samestat(os.fstat(fh.fileno()), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            return fh
        fh.close()


def _release(fh: IO[str], root: Path, token: str) -> None:
    """Unlock, first removing the lock file when no workspace of ``token`` is left.

    Removed while still held, so no other writer holds it then (:func:`_acquire` makes those
    that wait on it start again on a new file).
    """
    try:
        if not (root / f"{token}.zip").exists():
            _lock_path(root, token).unlink(missing_ok=True)
    finally:
        fh.close()  # closing the last descriptor releases the lock


def _new_token() -> str:
    """An unguessable token that does not start with "-" (one in 64 would: a command line
    reads it as an option, ``workspace delete -Ab…`` fails with "token is required")."""
    while True:
        token = secrets.token_urlsafe(24)
        if not token.startswith("-"):
            return token


@contextlib.contextmanager
def _lock(root: Path, token: str) -> Iterator[None]:
    """One writer per workspace at a time (an advisory lock file beside it)."""
    root.mkdir(parents=True, exist_ok=True)
    # Not POSIX (no fcntl): no lock, the atomic rename alone keeps the workspace whole.
    fh = _acquire(_lock_path(root, token), wait=True) if fcntl is not None else None
    try:
        yield
    finally:
        if fh is not None:
            _release(fh, root, token)


def _sweep(root: Path) -> None:
    """Remove what killed saves left: temporary files, lock files of workspaces never made.

    A writer holds its token's lock for as long as its temporary file exists, and the kernel
    releases a ``flock`` when the process holding it dies, however it dies. So a lock that can
    be taken at once (without waiting) has no living writer, and the temporary files of its
    token are orphans. A lock that is held is skipped, never waited for: the sweep must not
    make one workspace's save wait on another's.
    """
    if fcntl is None or not root.is_dir():  # pragma: no cover - not POSIX: no liveness test
        return
    names = set(os.listdir(root))
    suspects = set()
    for name in names:
        temp, lock = _TEMP_FILE.fullmatch(name), _LOCK_FILE.fullmatch(name)
        if temp:
            suspects.add(temp.group(1))
        elif lock and f"{lock.group(1)}.zip" not in names:
            suspects.add(lock.group(1))
    for token in sorted(suspects):
        _sweep_token(root, token)


def _sweep_token(root: Path, token: str) -> None:
    fh = _acquire(_lock_path(root, token), wait=False)
    if fh is None:  # a writer of this token is alive: its files are its own
        return
    try:
        orphans = list(root.glob(f".{token}.*.tmp"))
        for tmp in orphans:
            tmp.unlink(missing_ok=True)
        if orphans:
            log.info("workspace %s: removed %d file(s) of a killed save", token[:8], len(orphans))
    finally:
        _release(fh, root, token)


# --------------------------------------------------------------------------- checking


def _check(
    files: Sequence[tuple[str, bytes]],
    year: int | None,
    seeds_dir: Path,
    max_bytes: int,
) -> list[ImportReport]:
    units, indicators = reference_frames(seeds_dir)
    published = published_from_seeds(seeds_dir)
    reports = [
        check_upload(data, name, year, units, indicators, published, max_bytes=max_bytes)
        for name, data in files
    ]
    _cross_file_conflicts(reports)
    return reports


def _refused(reports: list[ImportReport]) -> tuple[ImportReport, ...]:
    """The reports of the files that failed (old files of a workspace may fail too)."""
    return tuple(r for r in reports if not r.ok)


def _refusal(reports: list[ImportReport]) -> str:
    parts = []
    for r in _refused(reports):
        first = r.errors[0].message if r.errors else "refused"
        more = len(r.errors) - 1
        named = first if first.startswith(r.filename) else f"{r.filename}: {first}"
        parts.append(named + (f" (and {more} more)" if more > 0 else ""))
    return "Not saved: " + "; ".join(parts)


def _frame(reports: list[ImportReport]) -> pd.DataFrame:
    frames = []
    for r in reports:
        if r.frame is not None and len(r.frame):
            f = r.frame.copy()
            f["dataset"] = DATASET
            f["source_id"] = [
                s.replace("upload_", f"{DATASET}_", 1) if s.startswith("upload_") else s
                for s in f["source_id"].astype(str)
            ]
            frames.append(f)
    if not frames:
        return _empty()
    return pd.concat(frames, ignore_index=True)[list(OBSERVATION_VIEW_COLUMNS)]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in OBSERVATION_VIEW_COLUMNS})


# --------------------------------------------------------------------------- storage


def _write(path: Path, manifest: dict, observations: pd.DataFrame, originals: dict[str, bytes]):
    """Write the workspace to a temporary file beside ``path`` and rename it over ``path``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        obs = io.BytesIO()
        observations.to_parquet(obs, index=False)
        z.writestr("observations.parquet", obs.getvalue())
        for name, data in originals.items():
            z.writestr(f"files/{name}", data)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(buf.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read(path: Path) -> tuple[dict, pd.DataFrame, dict[str, bytes]]:
    try:
        with zipfile.ZipFile(path) as z:
            manifest = json.loads(z.read("manifest.json").decode("utf-8"))
            observations = pd.read_parquet(io.BytesIO(z.read("observations.parquet")))
            originals = {
                n[len("files/") :]: z.read(n) for n in z.namelist() if n.startswith("files/")
            }
    except FileNotFoundError:
        days = expiry_days()
        raise WorkspaceNotFound(_NOT_FOUND.format(days=days), "not_found", days=days) from None
    except Exception:  # a damaged file: tell the user plainly, log the detail
        log.exception("workspace %s cannot be read", path.stem)
        raise WorkspaceNotFound(
            "This workspace cannot be read (its file is damaged); upload the files again.",
            "damaged",
        ) from None
    if manifest.get("version") != _VERSION or manifest.get("token") != path.stem:
        raise WorkspaceNotFound(
            "This workspace was saved in a form this app cannot read.", "old_format"
        )
    return manifest, observations, originals


def _stored_name(index: int, name: str) -> str:
    return f"{index:02d}_{safe_filename(name, 80)}"


def _entries(
    reports: list[ImportReport], files: Sequence[tuple[str, bytes]], start: int, when: str
) -> tuple[list[dict], dict[str, bytes]]:
    entries, originals = [], {}
    for i, (report, (name, data)) in enumerate(zip(reports, files, strict=True), start=start):
        stored = _stored_name(i, name)
        originals[stored] = data
        source = report.frame["source_id"].iloc[0] if report.frame is not None else ""
        entries.append(
            asdict(
                WorkspaceFile(
                    name=name,
                    sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data),
                    uploaded_at=when,
                    years=report.years,
                    figures=0 if report.frame is None else len(report.frame),
                    source_id=str(source).replace("upload_", f"{DATASET}_", 1),
                    notes=list(report.notes),
                    stored_as=stored,
                )
            )
        )
    return entries, originals


def _check_limits(files: Sequence[tuple[str, bytes]], had_files: int, had_bytes: int) -> None:
    if not files:
        raise WorkspaceError("No file was given.", "no_file")
    if had_files + len(files) > MAX_FILES:
        raise WorkspaceLimit(
            f"A workspace holds at most {MAX_FILES} files.", "too_many_files", max=MAX_FILES
        )
    total = had_bytes + sum(len(d) for _, d in files)
    if total > MAX_TOTAL_BYTES:
        raise WorkspaceLimit(
            f"A workspace holds at most {MAX_TOTAL_BYTES / 1e6:g} MB of files "
            f"({total / 1e6:.1f} MB given).",
            "too_many_bytes",
            max_mb=MAX_TOTAL_BYTES / 1e6,
            given_mb=total / 1e6,
        )


def _load_workspace(manifest: dict, observations: pd.DataFrame, path: Path) -> Workspace:
    opened = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)
    files = [WorkspaceFile(**f) for f in manifest.get("files", [])]
    return Workspace(
        token=manifest["token"],
        created_at=manifest["created_at"],
        last_opened=opened.isoformat(),
        files=files,
        observations=observations,
    )


# --------------------------------------------------------------------------- public actions


def create(
    files: Sequence[tuple[str, bytes]],
    *,
    year: int | None = None,
    root: Path | str | None = None,
    seeds_dir: Path | str = SEEDS_DIR,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Workspace:
    """Check files (name, bytes) and save them as a new workspace; returns it with its token.

    Raises :class:`WorkspaceRejected` (with each file's report) when any file has an
    error, :class:`WorkspaceLimit` over the limits; nothing is saved then.

    Examples
    --------
    >>> import tempfile
    >>> ws = create([("t.csv", "Đơn vị;Tổng điểm\\nBa Vì;90,00\\n".encode())], year=2018,
    ...             root=tempfile.mkdtemp())
    >>> ws.url_path == f"/?ws={ws.token}", ws.years, ws.observations.dataset.iloc[0]
    (True, [2018], 'workspace')
    """
    folder = _root(root)
    _check_limits(files, 0, 0)
    if folder.is_dir() and sum(1 for _ in folder.glob("*.zip")) >= MAX_WORKSPACES:
        raise WorkspaceLimit(
            "The server holds too many workspaces; try again later.", "server_full"
        )
    reports = _check(files, year, Path(seeds_dir), max_bytes)
    if not all(r.ok for r in reports):
        raise WorkspaceRejected(_refusal(reports), reports, refused=_refused(reports))
    _sweep(folder)
    token = _new_token()
    when = _now()
    entries, originals = _entries(reports, files, 1, when)
    manifest = {"version": _VERSION, "token": token, "created_at": when, "files": entries}
    observations = _frame(reports)
    folder.mkdir(parents=True, exist_ok=True)
    path = _path(token, folder)
    with _lock(folder, token):
        _write(path, manifest, observations, originals)
    return _load_workspace(manifest, observations, path)


def extend(
    token: str,
    files: Sequence[tuple[str, bytes]],
    *,
    year: int | None = None,
    root: Path | str | None = None,
    seeds_dir: Path | str = SEEDS_DIR,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Workspace:
    """Add files to a workspace (checked against each other and the files already in it).

    A file already in the workspace (same sha256) is refused; so is a figure that
    disagrees with one the workspace holds.
    """
    folder = _root(root)
    path = _path(token, folder)
    _sweep(folder)
    with _lock(folder, token):
        manifest, observations, originals = _read(path)
        held = {f["sha256"]: f["name"] for f in manifest["files"]}
        for name, data in files:
            digest = hashlib.sha256(data).hexdigest()
            if digest in held:
                raise WorkspaceRejected(
                    f"Not saved: {name} is already in the workspace (as {held[digest]}).",
                    [],
                    "duplicate",
                    name=name,
                    held=held[digest],
                )
        _check_limits(files, len(manifest["files"]), sum(f["size"] for f in manifest["files"]))
        old = [(f["name"], originals[f["stored_as"]]) for f in manifest["files"]]
        reports = _check([*old, *files], year, Path(seeds_dir), max_bytes)
        new_reports = reports[len(old) :]
        if not all(r.ok for r in new_reports) or not all(r.ok for r in reports[: len(old)]):
            raise WorkspaceRejected(_refusal(reports), new_reports, refused=_refused(reports))
        entries, added = _entries(new_reports, files, len(manifest["files"]) + 1, _now())
        manifest["files"] = [*manifest["files"], *entries]
        observations = pd.concat([observations, _frame(new_reports)], ignore_index=True)
        _write(path, manifest, observations, {**originals, **added})
    return _load_workspace(manifest, observations, path)


def load(token: str, *, root: Path | str | None = None, touch: bool = True) -> Workspace:
    """Open a workspace (and mark it as used now, unless ``touch`` is False).

    Raises :class:`WorkspaceNotFound` for a malformed, unknown, expired or damaged token.
    """
    folder = _root(root)
    path = _path(token, folder)
    manifest, observations, _ = _read(path)
    if touch:
        with contextlib.suppress(OSError):
            os.utime(path)
    return _load_workspace(manifest, observations, path)


def download(token: str, *, root: Path | str | None = None) -> tuple[str, bytes]:
    """The whole workspace as a zip: the original files, ``figures.csv`` (every figure with
    its provenance) and ``manifest.json``; returns (file name, bytes)."""
    folder = _root(root)
    path = _path(token, folder)
    manifest, observations, originals = _read(path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        z.writestr("figures.csv", to_csv_bytes(_labelled(observations)))
        for f in manifest["files"]:
            z.writestr(f"files/{f['stored_as']}", originals[f["stored_as"]])
    return f"par-index_workspace_{token[:8]}.zip", buf.getvalue()


def _labelled(observations: pd.DataFrame) -> pd.DataFrame:
    out = observations.copy()
    out.insert(0, "data_status", "uploaded to a workspace (not verified)")
    return out


def delete(token: str, *, root: Path | str | None = None) -> None:
    """Delete a workspace; :class:`WorkspaceNotFound` if there is none."""
    folder = _root(root)
    path = _path(token, folder)
    _sweep(folder)
    with _lock(folder, token):  # removes the lock file too once the workspace is gone
        if not path.exists():
            days = expiry_days()
            raise WorkspaceNotFound(_NOT_FOUND.format(days=days), "not_found", days=days)
        path.unlink()


def list_workspaces(root: Path | str | None = None) -> pd.DataFrame:
    """Every workspace: token, created_at, last_opened, files, years, figures (no touch)."""
    folder = _root(root)
    rows = []
    for path in sorted(folder.glob("*.zip")) if folder.is_dir() else []:
        if not TOKEN_PATTERN.fullmatch(path.stem):
            continue
        try:
            ws = load(path.stem, root=folder, touch=False)
        except WorkspaceNotFound:
            continue
        rows.append(
            {
                "token": ws.token,
                "created_at": ws.created_at,
                "last_opened": ws.last_opened,
                "files": ", ".join(f.name for f in ws.files),
                "years": ", ".join(map(str, ws.years)),
                "figures": len(ws.observations),
            }
        )
    columns = ["token", "created_at", "last_opened", "files", "years", "figures"]
    return pd.DataFrame(rows, columns=columns)


def expire(
    days: int | None = None, *, root: Path | str | None = None, now: float | None = None
) -> list[str]:
    """Delete workspaces not opened for ``days`` (default :func:`expiry_days`); their tokens.

    Also removes what saves killed midway left behind (as every save does first).
    """
    folder = _root(root)
    _sweep(folder)
    limit = (now if now is not None else time.time()) - 86_400 * (days or expiry_days())
    gone = []
    for path in sorted(folder.glob("*.zip")) if folder.is_dir() else []:
        token = path.stem
        if not TOKEN_PATTERN.fullmatch(token):
            continue
        with _lock(folder, token):  # removes the lock file too when it deletes the workspace
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    gone.append(token)
            except FileNotFoundError:
                continue
    return gone


# --------------------------------------------------------------------------- administrators


def admin_enabled(configured: str | None = None) -> bool:
    """True when an administrator key is configured (argument, else ``PAR_ADMIN_KEY``)."""
    return bool(configured if configured is not None else os.environ.get("PAR_ADMIN_KEY"))


def check_admin_key(given: str | None, configured: str | None = None) -> bool:
    """True when ``given`` is the administrator key (constant-time comparison).

    Without a configured key nothing is accepted; a wrong key is logged (never the key).

    Examples
    --------
    >>> check_admin_key("s3cret", "s3cret"), check_admin_key("guess", "s3cret")
    (True, False)
    >>> check_admin_key("anything", "")
    False
    """
    key = configured if configured is not None else os.environ.get("PAR_ADMIN_KEY", "")
    if not key:
        return False
    ok = hmac.compare_digest(str(given or "").encode("utf-8"), key.encode("utf-8"))
    if not ok:
        log.warning("workspace promotion refused: wrong administrator key")
    return ok


def promote(
    token: str,
    admin_key: str | None,
    *,
    root: Path | str | None = None,
    seeds_dir: Path | str = SEEDS_DIR,
    db_path: Path | str | None = None,
    configured_key: str | None = None,
) -> list[ImportReport]:
    """Write a workspace's files into ``seeds/imported/`` and rebuild the database.

    The files go through :func:`analysis.ingest.importer.import_files` (the code path of
    ``python -m analysis import``), with their upload provenance in the source notes. All
    or nothing over the files: on any failure the seed files and the database are put back
    as they were. Raises :class:`WorkspaceError` for a wrong or missing key.
    """
    if not check_admin_key(admin_key, configured_key):
        raise WorkspaceError(
            "Only an administrator can add a workspace to the shared data.", "admin_only"
        )
    folder = _root(root)
    path = _path(token, folder)
    manifest, _, originals = _read(path)
    seeds = Path(seeds_dir)
    db = Path(db_path) if db_path is not None else default_db_path()
    work = Path(tempfile.mkdtemp(prefix="par-promote-"))
    try:
        paths = []
        for f in manifest["files"]:
            target = work / f"{len(paths):02d}" / safe_filename(f["name"])
            target.parent.mkdir()
            target.write_bytes(originals[f["stored_as"]])
            paths.append(target)
        snapshot = _snapshot(seeds, db, work / "backup")
        try:
            reports = import_files(
                paths,
                None,
                seeds,
                db,
                source_title=f"Workspace {token[:8]}: uploaded table",
                source_url=f"workspace:{token[:8]}",
            )
        except BaseException:
            _restore(snapshot, seeds, db)
            raise
        if not all(r.ok for r in reports) and any(r.seed_file for r in reports):
            _restore(snapshot, seeds, db)
            for r in reports:
                r.ok = False
                r.seed_file = ""
        return reports
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _snapshot(seeds: Path, db: Path, backup: Path) -> dict[str, object]:
    backup.mkdir()
    files = {}
    for name in ("sources.csv", "metadata.toml"):
        files[name] = (seeds / name).read_bytes()
    imported = seeds / "imported"
    before = {p.name for p in imported.glob("*.csv")} if imported.is_dir() else set()
    db_copy = None
    if db.exists():
        db_copy = backup / "db.duckdb"
        shutil.copy2(db, db_copy)
    return {"files": files, "imported": before, "db": db_copy}


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (never half a file)."""
    tmp = path.with_name(f".{path.name}.restore.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _restore(snapshot: dict[str, object], seeds: Path, db: Path) -> None:
    """Put back the seed files and the database as the snapshot holds them."""
    for name, data in snapshot["files"].items():  # type: ignore[union-attr]
        _write_atomic(seeds / name, data)
    imported = seeds / "imported"
    if imported.is_dir():
        for p in imported.glob("*.csv"):
            if p.name not in snapshot["imported"]:  # type: ignore[operator]
                p.unlink()
    copy = snapshot["db"]
    if isinstance(copy, Path):
        tmp = db.with_name(f".{db.name}.restore.tmp")
        shutil.copy2(copy, tmp)
        os.replace(tmp, db)
