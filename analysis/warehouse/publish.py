"""Stable files for analysts: the public views as CSV and Parquet in ``static/data/``.

The app serves that folder as it is (``…/app/static/data/observations.csv``), so an analyst
reads the figures with pandas or Excel without the app. Only *published* figures go into
the plain file names; the simulated demo panel, when written, goes into files whose names
say ``SIMULATED`` and whose first column says so on every row.

CSV files are UTF-8 with a BOM (Excel shows Vietnamese text) and formula-safe (a text cell
that a spreadsheet would run gets a leading apostrophe; see :mod:`.export`). Every file is
first written beside its target and renamed over it only when all files are written, so a
failed run leaves the previous files whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd

from analysis.paths import STATIC_DIR
from analysis.warehouse.export import SIMULATED_LABEL, to_csv_bytes, to_parquet_bytes

__all__ = [
    "SIMULATED_STEM",
    "STATIC_DATA_DIR",
    "VIEW_FILES",
    "public_tables",
    "write_files",
    "write_static_data",
]

#: Where the app serves the analysts' files from.
STATIC_DATA_DIR = STATIC_DIR / "data"
#: File stem of the simulated demo panel's observations.
SIMULATED_STEM = "observations_SIMULATED-demo"

#: File stem → (view, SQL on the view). Simulated figures are left out of every plain file:
#: the demo rows of ``observations`` and the ``demo_score`` column of ``coverage``.
VIEW_FILES: dict[str, tuple[str, str]] = {
    "observations": (
        "observations",
        "SELECT * FROM observations WHERE dataset = 'published' "
        "ORDER BY unit_id, year, indicator_id, measure",
    ),
    "published_figures": (
        "published_figures",
        "SELECT * FROM published_figures ORDER BY unit_id, year, indicator_id, measure, source_id",
    ),
    "units": ("units", "SELECT * FROM units ORDER BY unit_id"),
    "indicators": ("indicators", "SELECT * FROM indicators ORDER BY indicator_id"),
    "sources": ("sources", "SELECT * FROM sources ORDER BY source_id"),
    "method_periods": ("method_periods", "SELECT * FROM method_periods ORDER BY first_year"),
    "initiatives": (
        "initiatives",
        "SELECT * FROM initiatives ORDER BY year, unit_id, initiative_id",
    ),
    "corrections": ("corrections", "SELECT * FROM corrections ORDER BY target_table, target_key"),
    "coverage": (
        "coverage",
        "SELECT * EXCLUDE (demo_score) FROM coverage ORDER BY unit_id, year, indicator_id",
    ),
    "seed_files": ("seed_files", "SELECT * FROM seed_files ORDER BY file"),
    "build_info": ("build_info", "SELECT * FROM build_info ORDER BY key"),
}
_SIMULATED_SQL = "SELECT * FROM observations WHERE dataset = 'demo' ORDER BY unit_id, year, indicator_id, measure"


def public_tables(
    con: duckdb.DuckDBPyConnection, *, simulated: bool = True
) -> dict[str, pd.DataFrame]:
    """The files' tables, by file stem, read from a connection to a built database.

    Examples
    --------
    >>> from analysis.warehouse.build import build
    >>> import tempfile, pathlib
    >>> db = build(pathlib.Path(tempfile.mkdtemp()) / "p.duckdb")
    >>> con = duckdb.connect(str(db), read_only=True)
    >>> tables = public_tables(con)
    >>> set(tables["observations"]["dataset"]), tables[SIMULATED_STEM]["data_status"].iloc[0]
    ({'published'}, 'SIMULATED (demo panel, not published figures)')
    >>> con.close()
    """
    out = {stem: con.sql(sql).df() for stem, (_, sql) in VIEW_FILES.items()}
    if simulated:
        demo = con.sql(_SIMULATED_SQL).df()
        demo.insert(0, "data_status", SIMULATED_LABEL)
        out[SIMULATED_STEM] = demo
    return out


def write_files(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (name → bytes) into ``out_dir``: all of them, or none.

    Every file goes to a temporary name in the same folder first; only when all are written
    are they renamed over their targets (each rename is atomic). On any error the temporary
    files are removed and the previous files stay as they were.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_files(folder, {"a.csv": b"x"})]
    ['a.csv']
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            if Path(name).name != name or name.startswith("."):
                raise ValueError(f"not a plain file name: {name!r}")
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            staged.append((Path(tmp), out_dir / name))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)  # mkstemp makes it private; these files are public
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
    return [target for _, target in staged]


def write_static_data(
    db_path: Path, out_dir: Path = STATIC_DATA_DIR, *, simulated: bool = True
) -> list[Path]:
    """Write every public view of ``db_path`` as CSV and Parquet, plus ``manifest.json``.

    The manifest lists each file with its rows and sha256 and the build's seeds digest, so
    an analyst can tell which build a file came from.

    Examples
    --------
    >>> from analysis.warehouse.build import build
    >>> import tempfile, pathlib
    >>> db = build(pathlib.Path(tempfile.mkdtemp()) / "p.duckdb")
    >>> names = [p.name for p in write_static_data(db, db.parent / "data")]
    >>> "observations.csv" in names and "observations_SIMULATED-demo.parquet" in names
    True
    """
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tables = public_tables(con, simulated=simulated)
        info = dict(con.sql("SELECT key, value FROM build_info").fetchall())
    finally:
        con.close()
    files: dict[str, bytes] = {}
    entries = []
    for stem, frame in tables.items():
        for ext, writer in (("csv", to_csv_bytes), ("parquet", to_parquet_bytes)):
            data = writer(frame)
            files[f"{stem}.{ext}"] = data
            entries.append(
                {
                    "file": f"{stem}.{ext}",
                    "view": VIEW_FILES.get(stem, ("observations",))[0],
                    "rows": len(frame),
                    "simulated": stem == SIMULATED_STEM,
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
    manifest = {
        "seeds_digest": info.get("seeds_digest"),
        "build_version": info.get("build_version"),
        "files": entries,
    }
    files["manifest.json"] = (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode()
    return write_files(out_dir, files)
