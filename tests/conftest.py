"""Shared fixtures: one database built from the real seeds per session, seed copies to break.

Building takes about a second, so the session builds once (``built_db``) and tests that
change a database work on a copy (``db_copy``). Tests that change seeds get a fresh
``seeds_copy`` and edit it with :func:`append_line` / :func:`replace_line`.
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

# Every chart a test draws is validated against the Vega-Lite schema (the app skips that
# for speed; see ui.charts.to_spec). Set before any page runs.
os.environ["PAR_STRICT_CHARTS"] = "1"

from analysis.paths import GEOJSON, PROJECT_ROOT, SEEDS_DIR  # noqa: E402
from analysis.warehouse.build import build  # noqa: E402

__all__ = [
    "PROJECT_ROOT",
    "SEEDS_DIR",
    "GEOJSON",
    "append_line",
    "replace_line",
    "replace_text",
    "read_line",
    "public_views",
    "view_frame",
    "python_module_cmd",
    "SeedCase",
    "SEED_CASES",
    "SEED_CASE_PARAMS",
    "reported",
    "error_reported",
    "damage_tail",
    "N_SEED_UNITS",
    "SmallDisk",
]


# Rows of seeds/units.csv (30 districts, 126 communes of 2025 and the other named units).
with (SEEDS_DIR / "units.csv").open(encoding="utf-8", newline="") as _fh:
    N_SEED_UNITS = sum(1 for _ in csv.DictReader(_fh))


# --- helpers for editing seed CSV files -------------------------------------------------
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def append_line(path: Path, line: str) -> int:
    """Append one record to a seed file and return its (1-based) physical line number."""
    text = _read(path)
    if text and not text.endswith("\n"):
        text += "\n"
    number = text.count("\n") + 1
    path.write_text(text + line.rstrip("\n") + "\n", encoding="utf-8")
    return number


def read_line(path: Path, number: int) -> str:
    """The physical line ``number`` (1-based) of a seed file, without its line break."""
    return _read(path).split("\n")[number - 1]


def replace_line(path: Path, number: int, line: str) -> int:
    """Replace physical line ``number`` (1-based) of a seed file; returns ``number``."""
    lines = _read(path).split("\n")
    assert 1 <= number <= len(lines), f"{path.name} has no line {number}"
    lines[number - 1] = line.rstrip("\n")
    path.write_text("\n".join(lines), encoding="utf-8")
    return number


def replace_text(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of ``old`` and return the line number it was on."""
    text = _read(path)
    at = text.find(old)
    assert at >= 0, f"{old!r} not found in {path.name}"
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


# --- helpers for reading a built database -----------------------------------------------
def public_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the documented (non-internal) views of a database."""
    rows = con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name"
    ).fetchall()
    return [r[0] for r in rows]


def view_frame(con: duckdb.DuckDBPyConnection, view: str):
    """All rows of a view, sorted by every column (so that order does not matter)."""
    frame = con.execute(f'SELECT * FROM "{view}"').df()
    if frame.empty:
        return frame
    return frame.sort_values(list(frame.columns), ignore_index=True, na_position="last")


def python_module_cmd(*args: str) -> list[str]:
    """The command line ``python -m analysis ARGS`` with this interpreter."""
    return [sys.executable, "-m", "analysis", *args]


# --- fixtures ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built once per session from the real seeds/ (treat it as read-only)."""
    return build(tmp_path_factory.mktemp("built") / "par_index.duckdb", SEEDS_DIR)


@pytest.fixture(scope="session")
def second_built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second, independent build from the same seeds (for determinism checks)."""
    return build(tmp_path_factory.mktemp("built_again") / "par_index.duckdb", SEEDS_DIR)


@pytest.fixture(scope="session")
def built_con(built_db: Path):
    """A read-only connection to the session database."""
    con = duckdb.connect(str(built_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def store(built_db: Path):
    """A :class:`analysis.warehouse.store.Store` on the session database."""
    from analysis.warehouse.store import Store

    s = Store(built_db)
    yield s
    s.close()


@pytest.fixture
def db_copy(built_db: Path, tmp_path: Path) -> Path:
    """A private copy of the session database, in its own folder, that a test may change."""
    folder = tmp_path / "db"
    folder.mkdir()
    target = folder / "par_index.duckdb"
    shutil.copyfile(built_db, target)
    return target


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A fresh copy of seeds/ that a test may edit."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target)
    return target


@dataclass
class SmallDisk:
    """A real 32 MiB file system (tmpfs) that a test can fill and free."""

    root: Path

    def fill(self, leave: int = 256 * 1024) -> None:
        """Leave about ``leave`` bytes free (a build needs several MiB)."""
        free = shutil.disk_usage(self.root).free
        with (self.root / "filler").open("ab") as fh:
            fh.write(bytes(max(0, free - leave)))

    def free(self) -> None:
        (self.root / "filler").unlink(missing_ok=True)


@pytest.fixture
def small_disk(tmp_path: Path):
    """A tmpfs mounted for the test: a real full disk, not a patched ENOSPC (needs root)."""
    import subprocess

    root = tmp_path / "disk"
    root.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a real full disk needs a tmpfs mount, which needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(root)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()[:200]}")
    try:
        yield SmallDisk(root)
    finally:
        subprocess.run(["umount", "-l", str(root)], capture_output=True)


# --- one broken seed per validation rule ---------------------------------------------------
_SRC = "seed000_ba_dinh_2023"


@dataclass(frozen=True)
class SeedCase:
    """One way to break the seeds, and where and how the problem must be reported.

    ``action`` is "append" (payload: a record), "replace" (payload: old, new text),
    "header" (payload: old, new column name) or "drop_metadata" (payload: a file name).
    """

    id: str
    file: str
    action: str
    payload: tuple[str, ...]
    message: str

    def apply(self, seeds: Path) -> tuple[str, int]:
        """Break ``seeds`` and return (file, line) where the problem must be reported."""
        path = seeds / self.file
        if self.action == "append":
            return self.file, append_line(path, self.payload[0])
        if self.action == "replace":
            return self.file, replace_text(path, *self.payload)
        if self.action == "header":
            header = read_line(path, 1).split(",")
            assert self.payload[0] in header
            new = [self.payload[1] if h == self.payload[0] else h for h in header]
            return self.file, replace_line(path, 1, ",".join(new))
        if self.action == "drop_metadata":
            text = _read(path)
            start = text.index(f'[files."{self.payload[0]}"]')
            end = text.find("\n[", start + 1)
            path.write_text(text[:start] + (text[end + 1 :] if end >= 0 else ""), encoding="utf-8")
            return self.file, 1
        raise AssertionError(f"unknown action {self.action}")


SEED_CASES: tuple[SeedCase, ...] = (
    SeedCase(
        "unknown-unit",
        "observations.csv",
        "append",
        (f"xyz_unit,2023,total,score_pct,90,90%,,{_SRC},loc,,",),
        "unknown unit 'xyz_unit'",
    ),
    SeedCase(
        "unknown-indicator",
        "observations.csv",
        "append",
        (f"ba_dinh,2023,no_such_indicator,score_pct,90,90%,,{_SRC},loc,,",),
        "unknown indicator 'no_such_indicator'",
    ),
    SeedCase(
        "year-before-unit-existed",
        "observations.csv",
        "append",
        (f"bac_tu_liem,2012,total,score_pct,90,90%,,{_SRC},loc,,",),
        "year 2012 is outside the validity of unit 'bac_tu_liem'",
    ),
    SeedCase(
        "year-after-districts-abolished",
        "observations.csv",
        "append",
        (f"dong_da,2026,total,score_pct,90,90%,,{_SRC},loc,,",),
        "year 2026 is outside the validity of unit 'dong_da'",
    ),
    SeedCase(
        "rank-31-of-30",
        "observations.csv",
        "append",
        (f"ba_dinh,2019,total,rank,31,31/30,30,{_SRC},loc,,",),
        "above the 30 district-level units valid in 2019",
    ),
    SeedCase(
        "rank-31-out-of-31",
        "observations.csv",
        "append",
        (f"ba_dinh,2019,total,rank,31,31/31,31,{_SRC},loc,,",),
        "above the 30 district-level units valid in 2019",
    ),
    SeedCase(
        "rank-0",
        "observations.csv",
        "append",
        (f"ba_dinh,2019,total,rank,0,0/30,30,{_SRC},loc,,",),
        "is not a whole number between 1 and 30",
    ),
    SeedCase(
        "score-above-100",
        "observations.csv",
        "append",
        (f'ba_dinh,2019,total,score_pct,101.5,"101,5%",,{_SRC},loc,,',),
        "is outside 0–100",
    ),
    SeedCase(
        "score-below-0",
        "observations.csv",
        "append",
        (f"ba_dinh,2019,total,score_pct,-1,-1%,,{_SRC},loc,,",),
        "is outside 0–100",
    ),
    SeedCase(
        "duplicate-figure-same-source",
        "observations.csv",
        "append",
        (f'ba_dinh,2021,total,rank,10,10/30,30,{_SRC},"Năm 2021 ... xếp thứ 10/30 quận, huyện",,',),
        f"duplicate figure ba_dinh/2021/total/rank from the same source '{_SRC}'",
    ),
    SeedCase(
        "unknown-source",
        "observations.csv",
        "append",
        ("ba_dinh,2019,total,score_pct,90,90%,,no_such_source,loc,,",),
        "source 'no_such_source' does not exist in sources.csv",
    ),
    SeedCase(
        "sources-disagree",
        "observations.csv",
        "append",
        (
            "district_block,2023,total,score_pct,94.5,94.5 percent,,dangcongsan_fr_2024_02_21,"
            "District average 94.5 percent,,",
        ),
        "sources disagree on district_block/2023/total/score_pct",
    ),
    SeedCase(
        "value-not-as-published",
        "observations.csv",
        "append",
        (f'ba_dinh,2019,total,score_pct,90.5,"90,05%",,{_SRC},loc,,',),
        "value 90.5 does not match the value as published '90,05%'",
    ),
    SeedCase(
        "value-not-a-number",
        "observations.csv",
        "append",
        (f"ba_dinh,2019,total,score_pct,ninety,90%,,{_SRC},loc,,",),
        "value 'ninety' is not a number",
    ),
    SeedCase(
        "wrong-field-count",
        "observations.csv",
        "append",
        ("ba_dinh,2019,total",),
        "expected 11 to 12 fields, found 3",
    ),
    SeedCase(
        "missing-column",
        "observations.csv",
        "header",
        ("locator", "locatr"),
        "missing column(s): locator",
    ),
    SeedCase(
        "bad-measure",
        "observations.csv",
        "append",
        (f"ba_dinh,2019,total,scor_pct,90,90%,,{_SRC},loc,,",),
        "measure 'scor_pct' is not one of",
    ),
    SeedCase(
        "file-missing-from-metadata",
        "metadata.toml",
        "drop_metadata",
        ("initiatives.csv",),
        'no [files."initiatives.csv"] entry',
    ),
    SeedCase(
        "valid-from-not-a-date",
        "units.csv",
        "replace",
        (
            "ba_dinh,Ba Đình,Ba Dinh,quận,district,ha_noi,2008-08-01,",
            "ba_dinh,Ba Đình,Ba Dinh,quận,district,ha_noi,2008-13-45,",
        ),
        "valid_from '2008-13-45' is not a date",
    ),
    SeedCase(
        "duplicate-unit-id",
        "units.csv",
        "append",
        ("ba_dinh,Phường X,X ward,phường,commune,ba_dinh,2008-08-01,2025-06-30,,",),
        "duplicate unit_id 'ba_dinh'",
    ),
    SeedCase(
        "unknown-parent-unit",
        "units.csv",
        "append",
        ("new_ward,Phường Mới,New ward,phường,commune,no_such_parent,2008-08-01,2025-06-30,,",),
        "unknown parent unit 'no_such_parent'",
    ),
    SeedCase(
        "correction-for-unknown-figure",
        "corrections.csv",
        "append",
        (f"observations,ba_dinh|2019|total|score_pct,value,90,90.5,{_SRC},Misprint",),
        "correction for unknown figure 'ba_dinh|2019|total|score_pct'",
    ),
)
# The commune-level units of 2025, their points and the crosswalk.
SEED_CASES += (
    SeedCase(
        "commune-code-not-five-digits",
        "units.csv",
        "replace",
        ("2025-07-01,,00004,", "2025-07-01,,4,"),
        "official 5-digit geo_code",
    ),
    SeedCase(
        "duplicate-commune-code",
        "units.csv",
        "append",
        ("x_test,Thử,Thu,xã,commune,ha_noi,2025-07-01,,00004,",),
        "duplicate geo_code '00004'",
    ),
    SeedCase(
        "commune-id-without-prefix",
        "units.csv",
        "replace",
        ("p_ba_dinh,Ba Đình", "ba_dinh_ward,Ba Đình"),
        "must start with 'p_'",
    ),
    SeedCase(
        "point-swapped-lon-lat",
        "unit_points.csv",
        "replace",
        ("p_ba_dinh,105.83637,21.03945", "p_ba_dinh,21.03945,105.83637"),
        "is not a longitude and latitude inside Hà Nội",
    ),
    SeedCase(
        "point-of-unknown-unit",
        "unit_points.csv",
        "append",
        ("p_nowhere,105.8,21.0,1.0,1.0,1.0",),
        "unknown unit 'p_nowhere'",
    ),
    SeedCase(
        "crosswalk-former-unit-not-a-district",
        "unit_crosswalk.csv",
        "append",
        ("p_ba_dinh,ha_noi,0.001",),
        "former_unit_id 'ha_noi' is not a district-level unit",
    ),
    SeedCase(
        "crosswalk-share-above-one",
        "unit_crosswalk.csv",
        "replace",
        ("p_ba_dinh,ba_dinh,0.993", "p_ba_dinh,ba_dinh,1.993"),
        "area_share '1.993' is not a share in (0, 1]",
    ),
    SeedCase(
        "crosswalk-duplicate-pair",
        "unit_crosswalk.csv",
        "append",
        ("p_ngoc_ha,cau_giay,0.007",),
        "duplicate crosswalk row p_ngoc_ha ← cau_giay",
    ),
)
# Corrections, confidence and the codebook per period.
SEED_CASES += (
    SeedCase(
        "commune-rank-above-its-block",
        "observations.csv",
        "append",
        (f"p_ba_dinh,2025,total,rank,52,52/126,126,{_SRC},loc,,",),
        "rank 52.0 of p_ba_dinh is above the 51 units of the phường block",
    ),
    SeedCase(
        "unknown-confidence",
        "observations.csv",
        "append",
        (f"ba_dinh,2019,total,score_pct,90,90%,,{_SRC},loc,,,maybe",),
        "confidence 'maybe' is not one of inferred, low, misprint",
    ),
    SeedCase(
        "low-confidence-without-a-note",
        "observations.csv",
        "append",
        (f"ba_dinh,2019,total,score_pct,90,90%,,{_SRC},loc,,,low",),
        "a figure of confidence 'low' needs a note saying why",
    ),
    SeedCase(
        "unit-correction-the-seed-does-not-hold",
        "corrections.csv",
        "append",
        ("units,ha_dong,unit_type,quận,thị xã,nq19_2009_cp,Not what the seed holds",),
        "holds unit_type 'quận', not the corrected value 'thị xã'",
    ),
    SeedCase(
        "correction-of-an-unknown-table",
        "corrections.csv",
        "append",
        ("sources,x,title,a,b,,Why",),
        "table 'sources' must be one of",
    ),
    SeedCase(
        "correction-of-a-column-that-cannot-be-corrected",
        "corrections.csv",
        "append",
        ("units,ha_dong,level,district,city,,Why",),
        "column 'level' of units cannot be corrected",
    ),
    SeedCase(
        "correction-naming-a-source-that-does-not-give-the-figure",
        "corrections.csv",
        "append",
        ("observations,ba_dinh|2021|total|rank,note,,x,nld_2023_03_23,Why",),
        "figure 'ba_dinh|2021|total|rank' is not given by source 'nld_2023_03_23'",
    ),
    SeedCase(
        "correction-without-a-reason",
        "corrections.csv",
        "append",
        ("method_periods,p2017,source_id,,wikilegal_2020_05_05,,",),
        "a correction needs a reason",
    ),
    SeedCase(
        "source-url-none-without-a-note",
        "sources.csv",
        "append",
        ("qd_x,Quyết định X,UBND,2024,none,Legal text,2026-12-03,",),
        "a source without a reachable copy (url none) needs a note",
    ),
    SeedCase(
        "assumed-period-indicator-with-a-maximum",
        "period_indicators.csv",
        "append",
        ("p2021,direction,10,,assumed,A guess",),
        "a maximum needs a source: an assumed row cannot state max_points",
    ),
    SeedCase(
        "period-indicator-of-an-unknown-period",
        "period_indicators.csv",
        "append",
        ("p1999,total,100,tinbong247_2025_02_27,stated,x",),
        "unknown method period 'p1999'",
    ),
    SeedCase(
        "open-period-that-is-not-the-latest",
        "method_periods.csv",
        "replace",
        ("p2017,2017,2020,", "p2017,2017,,"),
        "only the latest method period may leave last_year empty",
    ),
)
SEED_CASE_PARAMS = [pytest.param(case, id=case.id) for case in SEED_CASES]


def reported(text: str, file: str, line: int, message: str) -> bool:
    """True when some line of ``text`` names ``file:line:`` and contains ``message``."""
    where = f"{file}:{line}: "
    return any(where in row and message in row for row in text.splitlines())


def error_reported(errors, file: str, line: int, message: str) -> bool:
    """True when a :class:`~analysis.warehouse.seeds.SeedError` is at (file, line) and says ``message``."""
    return any(e.file == file and e.line == line and message in e.message for e in errors)


# --- damaged database files --------------------------------------------------------------------
def _probe_accepts(path: Path) -> bool:
    """True when the store's freshness probe (build_info + a count of each view) succeeds."""
    from analysis.warehouse.store import _stored_digest

    try:
        _stored_digest(path)
    except duckdb.Error:
        return False
    return True


def _query_fails(path: Path, sql: str) -> bool:
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return True
    try:
        con.execute(sql).fetchall()
    except duckdb.Error:
        return True
    finally:
        con.close()
    return False


def damage_tail(path: Path, failing_sql: str) -> bool:
    """Cut the end off a database file so that the store's probe still accepts it but
    ``failing_sql`` cannot be read. Returns False (file unchanged) when no cut does that."""
    data = path.read_bytes()
    for cut in (4096, 65536, 262144, 1 << 20, 2 << 20):
        if cut >= len(data):
            break
        path.write_bytes(data[:-cut])
        if _probe_accepts(path) and _query_fails(path, failing_sql):
            return True
    path.write_bytes(data)
    return False
