"""Cached access to the database for the pages.

The database file is opened read-only. Cached queries are keyed on the file's identity
(path, inode, size, mtime), so a rebuild that replaces the file is picked up on the next rerun
while sessions still reading the old file keep working. Every rerun asks
:func:`analysis.warehouse.store.ensure_database` (cheap once a check has passed for the file
there now): a damaged, foreign, deleted or stale file is set aside and rebuilt while serving,
seeds that fail keep the last good database in service, and a full disk is retried until the
build succeeds, without a restart. Stores of replaced files are closed
(:func:`analysis.warehouse.store.shared_store`), so a deleted copy does not hold disk space.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.paths import default_db_path
from analysis.stats.periods import periods_from_frame
from analysis.warehouse.store import (
    DatabaseStatus,
    Store,
    ensure_database,
    file_stamp,
    forget_checks,
    shared_store,
)
from ui.memo import Ids, kept

__all__ = [
    "DbKey",
    "database",
    "forget",
    "store_for",
    "panel",
    "unit_panel",
    "observations",
    "units",
    "block_peers",
    "unit_points",
    "crosswalk",
    "indicators",
    "sources",
    "periods",
    "method_periods",
    "block_averages",
    "coverage",
    "initiatives",
    "unit_sources",
    "years",
    "corrections",
    "seed_files",
    "key_for",
    "cached",
    "UnitIds",
    "upload_digest",
    "UPLOAD_KEY",
]

UPLOAD_KEY = "_upload"  # session_state: {"name", "digest", "frame"} of this session's upload


@dataclass(frozen=True)
class DbKey:
    """Identity of what a page reads, for cache keys: the database (file or session upload)
    and the level of units (``district``: the 30 district-level units to 2024; ``commune``:
    the 126 phường and xã from 2025). Queries read the level from the key, so every cached
    result is kept per level.
    """

    path: str
    stamp: str
    level: str = "district"

    def at(self, level: str) -> DbKey:
        """The same data at another level (e.g. a commune's predecessor districts)."""
        return DbKey(self.path, self.stamp, level)


# path -> (stamp, status) of the last check in this process: a rerun that finds the same file
# asks the backend without a spinner (a spinner starts a timer thread every run), and the
# notice of what was done to the file (rebuilt, set aside) stays on show for it.
_CHECKED: dict[str, tuple[str | None, DatabaseStatus]] = {}


def database() -> tuple[DbKey, DatabaseStatus]:
    """The current database's key and status, building or rebuilding it first if needed.

    Never raises for a bad file or bad seeds: ``status.serving`` says whether there is a
    database to read; ``ui.sidebar.database_notice`` says what was done in the page's language.
    """
    path = default_db_path()
    stamp = file_stamp(path)
    checked = _CHECKED.get(str(path))
    if stamp is not None and checked is not None and checked[0] == stamp:
        status = ensure_database(path)
    else:
        with st.spinner(_building_text()):
            status = ensure_database(path)
    stamp = file_stamp(path)
    if status.action == "ok" and checked is not None and checked[0] == stamp:
        status = checked[1]  # the same file: keep saying what was done to it
    _CHECKED[str(path)] = (stamp, status)
    return DbKey(str(path), stamp or "missing"), status


def forget() -> None:
    """After a query met an unreadable file: check the file in full on the next rerun."""
    path = default_db_path()
    _CHECKED.pop(str(path), None)
    forget_checks(path)


def _building_text() -> str:
    from ui.i18n import t

    return t("db_building")


def _file_store(path: str, stamp: str) -> Store:
    # One store per file in the process; stores of replaced files are closed after a grace
    # period (the server used to keep four deleted copies open, holding their disk space).
    return shared_store(Path(path))


@st.cache_resource(show_spinner=False, max_entries=8)
def _workspace_store(path: str, stamp: str, token: str, version: str) -> Store:
    # Shared by the sessions that hold the token (the link is the permission); one per
    # workspace version, at most eight in memory.
    from ui.workspace import store_frame

    frame = store_frame(token)
    if frame is None:
        raise LookupError("the workspace can no longer be opened")
    return Store.with_upload(_file_store(path, stamp), frame, dataset="workspace")


def store_for(key: DbKey) -> Store:
    """The Store behind a key: the shared file, a workspace's, or this session's upload store."""
    if key.path.startswith("workspace:"):
        base_key, _ = database()
        token, _, version = key.stamp.partition("@")[2].partition("#")
        return _workspace_store(base_key.path, base_key.stamp, token, version)
    if key.path.startswith("upload:"):
        upload = st.session_state.get(UPLOAD_KEY)
        base_key, _ = database()
        cache = st.session_state.setdefault("_upload_store", {})
        if key.stamp not in cache:
            cache.clear()
            cache[key.stamp] = Store.with_upload(
                _file_store(base_key.path, base_key.stamp), upload["frame"]
            )
        return cache[key.stamp]
    return _file_store(key.path, key.stamp)


def key_for(dataset: str, base: DbKey | None = None, level: str = "district") -> DbKey:
    """The key of the store that holds ``dataset`` at ``level`` (``base``: the database's key)."""
    if base is None:
        base, _ = database()
    if dataset == "workspace":
        from ui.workspace import opened

        held = opened()
        if held.workspace is not None:
            # base stamp @ token # version: a rebuilt database or a changed workspace is new.
            stamp = f"{base.stamp}@{held.workspace.token}#{held.version}"
            return DbKey(f"workspace:{base.path}", stamp, level)
    upload = st.session_state.get(UPLOAD_KEY)
    if dataset == "upload" and upload is not None:
        return DbKey(f"upload:{base.path}", f"{base.stamp}-{upload['digest']}", level)
    return DbKey(base.path, base.stamp, level)


def upload_digest(frame: pd.DataFrame) -> str:
    """A digest of an uploaded frame's contents (for cache keys)."""
    return hashlib.sha256(
        pd.util.hash_pandas_object(frame, index=False).values.tobytes()
    ).hexdigest()[:16]


class UnitIds(Ids):
    """The filters' unit ids: a tuple fingerprinted once per rerun (see :class:`ui.memo.Ids`)."""


def cached(*, max_entries: int):
    """Keep a query's or statistic's last results by the value of its arguments.

    Process-wide (shared by sessions), one LRU per function, results copied out
    (:func:`ui.memo.kept`). ``st.cache_data`` did the same but hashed its arguments and
    unpickled its results on every call: about 1 ms a call, a dozen calls a rerun.
    """
    return kept(max_entries)


# Cached queries: every argument is hashable and part of the key.
@cached(max_entries=256)
def panel(
    key: DbKey,
    dataset: str,
    years: tuple[int, int] | None = None,
    unit_ids: tuple[str, ...] | None = None,
    indicator_ids: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Scores and ranks of the key's level in long form (see Store.panel)."""
    return store_for(key).panel(
        dataset,
        years=years,
        unit_ids=list(unit_ids) if unit_ids else None,
        indicator_ids=list(indicator_ids) if indicator_ids else None,
        level=key.level,
    )


def unit_panel(
    key: DbKey,
    dataset: str,
    years: tuple[int, int],
    units: tuple[str, ...],
    indicators: tuple[str, ...],
) -> pd.DataFrame:
    """The panel of ``years`` and ``indicators`` restricted to ``units`` (any order)."""
    frame = panel(key, dataset, years, indicator_ids=indicators)
    return frame[frame["unit_id"].isin(units)]


@cached(max_entries=64)
def observations(
    key: DbKey,
    dataset: str,
    years: tuple[int, int] | None = None,
    unit_ids: tuple[str, ...] | None = None,
    district_only: bool = False,
) -> pd.DataFrame:
    """Rows of the observations view."""
    return store_for(key).observations(
        dataset,
        years=years,
        unit_ids=list(unit_ids) if unit_ids else None,
        district_only=district_only,
    )


_KEY_LEVEL = "key"


@cached(max_entries=16)
def units(key: DbKey, level: str | None = _KEY_LEVEL) -> pd.DataFrame:
    """Units of the key's level (or of ``level``; None: every unit) with their ``block``."""
    return store_for(key).units(key.level if level == _KEY_LEVEL else level)


@cached(max_entries=256)
def block_peers(key: DbKey, unit_id: str) -> tuple[str, ...]:
    """The units ranked with ``unit_id`` (its block), itself included; () for an unknown id."""
    # The 30 districts are one block; since 2025 phường and xã are ranked apart.
    blocks = units(key).set_index("unit_id")["block"]
    if unit_id not in blocks.index:
        return ()
    return tuple(blocks.index[blocks == blocks[unit_id]])


@cached(max_entries=4)
def unit_points(key: DbKey) -> pd.DataFrame:
    """A point inside each commune-level unit, with its main former district."""
    return store_for(key).unit_points("commune")


@cached(max_entries=64)
def crosswalk(
    key: DbKey, unit_id: str | None = None, former_unit_id: str | None = None
) -> pd.DataFrame:
    """The area shares linking the 126 communes of 2025 to the 30 former districts."""
    return store_for(key).crosswalk(unit_id, former_unit_id)


@cached(max_entries=16)
def indicators(key: DbKey) -> pd.DataFrame:
    """The indicator codebook."""
    return store_for(key).indicators()


@cached(max_entries=16)
def sources(key: DbKey) -> pd.DataFrame:
    """Sources with metadata."""
    return store_for(key).sources()


@cached(max_entries=16)
def method_periods(key: DbKey) -> pd.DataFrame:
    """Method periods."""
    return store_for(key).method_periods()


# A resource, not data: a tuple of frozen dataclasses needs no copy per call, and pages ask
# for it several times per rerun.
@st.cache_resource(show_spinner=False, max_entries=16)
def periods(key: DbKey):
    """Method periods as the statistics take them."""
    return periods_from_frame(method_periods(key))


@cached(max_entries=16)
def block_averages(key: DbKey, dataset: str) -> pd.DataFrame:
    """Published block averages beside the mean of the key's level's unit scores."""
    return store_for(key).block_averages(dataset, key.level)


@cached(max_entries=8)
def coverage(key: DbKey, dataset: str) -> pd.DataFrame:
    """The coverage matrix for a dataset at the key's level."""
    return store_for(key).coverage(dataset, key.level)


@cached(max_entries=64)
def initiatives(key: DbKey, unit_id: str | None = None) -> pd.DataFrame:
    """Reform initiatives (of one unit and its communes)."""
    return store_for(key).initiatives(unit_id)


@cached(max_entries=64)
def unit_sources(key: DbKey, unit_id: str, dataset: str = "published") -> pd.DataFrame:
    """Every figure of one unit with its source."""
    return store_for(key).unit_sources(unit_id, dataset)


@cached(max_entries=8)
def corrections(key: DbKey) -> pd.DataFrame:
    """Hand corrections."""
    return store_for(key).corrections()


@cached(max_entries=8)
def seed_files(key: DbKey) -> pd.DataFrame:
    """Seed files and hashes of the build."""
    return store_for(key).seed_files()


@cached(max_entries=16)
def years(key: DbKey, dataset: str) -> list[int]:
    """Years with figures of the key's level in the dataset."""
    return store_for(key).years(dataset, key.level)
