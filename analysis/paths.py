"""Where the project's files live; every path can be overridden for tests."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "PROJECT_ROOT",
    "SEEDS_DIR",
    "DATA_DIR",
    "STATIC_DIR",
    "DEFAULT_DB",
    "GEOJSON",
    "default_db_path",
    "default_seeds_dir",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB = DATA_DIR / "par_index.duckdb"
# Files the app server hands to browsers as they are (Streamlit serves only ./static; data/
# holds the database, which must never be served).
STATIC_DIR = PROJECT_ROOT / "static"
GEOJSON = STATIC_DIR / "hanoi_districts.geojson"


def default_db_path() -> Path:
    """The database path: ``PAR_DB`` from the environment, else ``data/par_index.duckdb``."""
    return Path(os.environ.get("PAR_DB", DEFAULT_DB))


def default_seeds_dir() -> Path:
    """The seeds the app builds from: ``PAR_SEEDS`` from the environment, else ``seeds/``."""
    return Path(os.environ.get("PAR_SEEDS", SEEDS_DIR))
