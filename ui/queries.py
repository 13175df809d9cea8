"""Cached access to the database for the pages.

The database file is opened read-only. Cached queries are keyed on the file's identity
(path, inode, mtime), so a rebuild that replaces the file is picked up on the next rerun
while sessions still reading the old file keep working.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.paths import default_db_path
from analysis.stats.periods import periods_from_frame
from analysis.warehouse.store import DatabaseStatus, Store, ensure_database
from ui.memo import Ids, kept

__all__ = [
    "DbKey",
    "database",
    "store_for",
    "panel",
    "unit_panel",
    "observations",
    "units",
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
    """Identity of a database (file or session upload) for cache keys."""

    path: str
    stamp: str


@st.cache_resource(show_spinner=False)
def _ensure(path: str) -> DatabaseStatus:
    # Once per process and path: build when missing, stale or corrupt.
    return ensure_database(Path(path))


# path -> (stamp, status) of the file last checked in this process; a rerun that finds the
# same file skips the check and its spinner (a spinner starts a timer thread every run).
_CHECKED: dict[str, tuple[str, DatabaseStatus]] = {}


def _stamp(path: Path) -> str | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return f"{stat.st_ino}-{stat.st_mtime_ns}"


def database() -> tuple[DbKey, DatabaseStatus]:
    """The current database's key, building it first if needed."""
    path = default_db_path()
    stamp = _stamp(path)
    checked = _CHECKED.get(str(path))
    if stamp is not None and checked is not None and checked[0] == stamp:
        return DbKey(str(path), stamp), checked[1]
    if stamp is None:
        _ensure.clear()
    with st.spinner(_building_text()):
        status = _ensure(str(path))
    stamp = _stamp(path)
    if stamp is None:
        _ensure.clear()
        status = _ensure(str(path))
        stamp = _stamp(path)
    _CHECKED[str(path)] = (stamp, status)
    return DbKey(str(path), stamp), status


def _building_text() -> str:
    from ui.i18n import t

    return t("db_building")


@st.cache_resource(show_spinner=False, max_entries=4)
def _file_store(path: str, stamp: str) -> Store:
    return Store(Path(path))


def store_for(key: DbKey) -> Store:
    """The Store behind a key: the shared file, or this session's upload store."""
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


def key_for(dataset: str, base: DbKey | None = None) -> DbKey:
    """The key of the store that holds ``dataset`` (``base``: the database's key, if known)."""
    if base is None:
        base, _ = database()
    upload = st.session_state.get(UPLOAD_KEY)
    if dataset == "upload" and upload is not None:
        return DbKey(f"upload:{base.path}", f"{base.stamp}-{upload['digest']}")
    return base


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
    """District scores and ranks in long form (see Store.panel)."""
    return store_for(key).panel(
        dataset,
        years=years,
        unit_ids=list(unit_ids) if unit_ids else None,
        indicator_ids=list(indicator_ids) if indicator_ids else None,
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


@cached(max_entries=16)
def units(key: DbKey, level: str | None = "district") -> pd.DataFrame:
    """Units of one level (districts by default)."""
    return store_for(key).units(level)


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
    """Published block averages beside the mean of unit scores."""
    return store_for(key).block_averages(dataset)


@cached(max_entries=8)
def coverage(key: DbKey, dataset: str) -> pd.DataFrame:
    """The coverage matrix for a dataset."""
    return store_for(key).coverage(dataset)


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
    """Years with district figures in the dataset."""
    return store_for(key).years(dataset)
