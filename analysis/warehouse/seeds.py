"""Read the curated seed files with their line numbers, and check what SQL cannot.

Seeds are small hand-written CSV files, so they are read with the csv module:
every record keeps its file and line, and every problem is reported as
``seeds/observations.csv:12: unknown unit 'xyz'``.
"""

from __future__ import annotations

import csv
import hashlib
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "SEED_FILES",
    "REQUIRED_COLUMNS",
    "OPTIONAL_COLUMNS",
    "CONFIDENCE_LEVELS",
    "CORRECTABLE",
    "SeedError",
    "SeedProblems",
    "SeedSet",
    "read_seeds",
    "seeds_digest",
    "parse_published_number",
    "published_decimals",
    "agree",
    "PRIMARY_PREFIX",
    "is_primary",
]

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "units.csv": (
        "unit_id",
        "name_vi",
        "name_en",
        "unit_type",
        "level",
        "parent_id",
        "valid_from",
        "valid_to",
        "geo_code",
        "note",
    ),
    # Per unit: a point inside it (for symbol maps and labels), its area and the share of its
    # area inside the 30 former districts (communes of 2025 only).
    "unit_points.csv": (
        "unit_id",
        "point_lon",
        "point_lat",
        "area_km2",
        "area_km2_published",
        "covered_share",
    ),
    # Per commune of 2025 and former district: the share of the commune's area that lay in it.
    "unit_crosswalk.csv": ("unit_id", "former_unit_id", "area_share"),
    "indicators.csv": (
        "indicator_id",
        "name_vi",
        "name_en",
        "parent_id",
        "max_points",
        "max_points_source_id",
        "applies_to",
        "description",
    ),
    "method_periods.csv": (
        "period_id",
        "first_year",
        "last_year",
        "name_vi",
        "name_en",
        "total_points",
        "appraisal_points",
        "survey_points",
        "criteria_district",
        "source_id",
        "description",
    ),
    # The codebook per method period: which indicators a period scores and their maximum
    # points where a source states them ("assumed" rows are placeholders, said so in the note).
    "period_indicators.csv": (
        "period_id",
        "indicator_id",
        "max_points",
        "source_id",
        "basis",
        "note",
    ),
    "sources.csv": (
        "source_id",
        "title",
        "publisher",
        "published_on",
        "url",
        "licence",
        "accessed_on",
        "note",
    ),
    "observations.csv": (
        "unit_id",
        "year",
        "indicator_id",
        "measure",
        "value",
        "value_as_published",
        "out_of",
        "source_id",
        "locator",
        "derived_from",
        "note",
    ),
    "initiatives.csv": (
        "initiative_id",
        "unit_id",
        "year",
        "name_vi",
        "kind",
        "status",
        "component_id",
        "source_id",
        "locator",
        "note",
    ),
    "corrections.csv": (
        "table",
        "key",
        "column",
        "published_value",
        "corrected_value",
        "source_id",
        "reason",
    ),
}
SEED_FILES = tuple(REQUIRED_COLUMNS)
# Columns a file may add after its required ones; a record may leave them out (they read as
# ""), so files written before a column existed (and imported tables) stay valid.
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"observations.csv": ("confidence",)}
#: How far a published figure can be trusted as stored ("" = printed as stored, the default):
#: "inferred" — read from the order of a list or from context, not printed as a number;
#: "low" — printed, or derived from a sentence, that another source contradicts;
#: "misprint" — a probable misprint, kept apart (not in the ``observations`` view).
CONFIDENCE_LEVELS: tuple[str, ...] = ("", "inferred", "low", "misprint")
#: Tables a correction record may target, with the seed file, the key columns and the
#: columns it may name. A correction of an observation's ``value`` is applied by the build
#: (the seed keeps the value as printed); every other correction documents a change a
#: re-check made to the seed itself, which must then hold ``corrected_value``.
CORRECTABLE: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "observations": (
        "observations.csv",
        ("unit_id", "year", "indicator_id", "measure"),
        ("value", "value_as_published", "derived_from", "note", "confidence", "locator"),
    ),
    "units": (
        "units.csv",
        ("unit_id",),
        ("unit_id", "name_vi", "unit_type", "valid_from", "valid_to", "geo_code", "note"),
    ),
    "method_periods": (
        "method_periods.csv",
        ("period_id",),
        (
            "period_id",
            "first_year",
            "last_year",
            "name_vi",
            "name_en",
            "total_points",
            "appraisal_points",
            "survey_points",
            "criteria_district",
            "source_id",
            "description",
        ),
    ),
    "initiatives": ("initiatives.csv", ("initiative_id",), ("name_vi",)),
}
# Observation files added by `python -m analysis import` live here, one per imported table.
IMPORTED_DIR = "imported"

# Measures whose value is a decimal figure read from the page (and so has a precision).
_DECIMAL_MEASURES = {
    "score_pct",
    "delta_pct",
    "rate_pct",
    "points",
    "index",
    "reported_value",
    "delta_reported",
    "floor_pct",
}
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
#: Sources whose id starts with this are official tables imported with `python -m analysis
#: import` (primary sources); every other source reports figures second-hand.
PRIMARY_PREFIX = "import_"


def is_primary(source_id: str) -> bool:
    """True for an imported official table (a primary source), False for a report.

    Examples
    --------
    >>> is_primary("import_2023_863bc7fc"), is_primary("vietnamplus_2024_02_20")
    (True, False)
    """
    return str(source_id).startswith(PRIMARY_PREFIX)


@dataclass(frozen=True, order=True)
class SeedError:
    """One problem in a seed file, located by file and line."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"seeds/{self.file}:{self.line}: {self.message}"


class SeedProblems(Exception):
    """Raised by build and validate when the seeds have problems; carries all of them."""

    def __init__(self, errors: list[SeedError]):
        self.errors = sorted(set(errors))
        lines = "\n".join(str(e) for e in self.errors[:200])
        more = len(self.errors) - 200
        super().__init__(lines + (f"\n… and {more} more" if more > 0 else ""))


@dataclass
class SeedSet:
    """Every seed file's records (strings as written) with ``_file`` and ``_line``."""

    root: Path
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    errors: list[SeedError] = field(default_factory=list)


def _observation_files(root: Path) -> list[Path]:
    imported = sorted((root / IMPORTED_DIR).glob("*.csv")) if (root / IMPORTED_DIR).is_dir() else []
    return [root / "observations.csv", *imported]


def _all_files(root: Path) -> list[Path]:
    files = [root / name for name in SEED_FILES]
    files += [p for p in _observation_files(root) if p.name != "observations.csv"]
    return files + [root / "metadata.toml"]


def seeds_digest(root: Path) -> str:
    """One sha256 over every seed file's name and bytes: the database is stale when it changes.

    Examples
    --------
    >>> from analysis.paths import SEEDS_DIR
    >>> len(seeds_digest(SEEDS_DIR))
    64
    """
    h = hashlib.sha256()
    for path in _all_files(root):
        if path.exists():
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _read_csv(path: Path, rel: str, errors: list[SeedError]) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        errors.append(SeedError(rel, 0, "file is missing"))
        return []
    except UnicodeDecodeError as exc:
        errors.append(SeedError(rel, 0, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return []
    reader = csv.reader(text.splitlines(keepends=True))
    rows: list[dict[str, str]] = []
    try:
        header = next(reader)
    except StopIteration:
        errors.append(SeedError(rel, 1, "file is empty (a header row is needed)"))
        return []
    except csv.Error as exc:
        errors.append(SeedError(rel, 1, f"cannot read the header: {exc}"))
        return []
    header = [h.strip() for h in header]
    base = rel.split("/")[-1] if not rel.startswith(IMPORTED_DIR) else "observations.csv"
    required = REQUIRED_COLUMNS.get(base, ())
    missing = [c for c in required if c not in header]
    if missing:
        errors.append(SeedError(rel, 1, f"missing column(s): {', '.join(missing)}"))
        return []
    optional = OPTIONAL_COLUMNS.get(base, ())
    # Optional columns come last, so a record that leaves them out is still unambiguous.
    trailing = [h for h in header if h in optional]
    if trailing and header[-len(trailing) :] != trailing:
        errors.append(SeedError(rel, 1, f"optional column(s) {', '.join(trailing)} must come last"))
        return []
    start = 2
    try:
        for values in reader:
            line = start
            start = reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            if not len(header) - len(trailing) <= len(values) <= len(header):
                expected = (
                    f"{len(header) - len(trailing)} to {len(header)}"
                    if trailing
                    else str(len(header))
                )
                errors.append(
                    SeedError(rel, line, f"expected {expected} fields, found {len(values)}")
                )
                continue
            values = [*values, *[""] * (len(header) - len(values))]
            row = dict.fromkeys(optional, "")
            row.update({k: v.strip() for k, v in zip(header, values, strict=True)})
            row["_file"] = rel
            row["_line"] = str(line)
            rows.append(row)
    except csv.Error as exc:
        errors.append(SeedError(rel, start, f"malformed CSV: {exc}"))
    return rows


def read_seeds(root: Path) -> SeedSet:
    """Read every seed file and run the checks that need Python (the rest are SQL data tests).

    Examples
    --------
    >>> from analysis.paths import SEEDS_DIR
    >>> s = read_seeds(SEEDS_DIR)
    >>> s.errors
    []
    >>> sum(1 for u in s.tables["units.csv"] if u["level"] == "district")  # 30 and Từ Liêm
    31
    """
    root = Path(root)
    seed = SeedSet(root=root)
    errors = seed.errors
    for name in SEED_FILES:
        if name == "observations.csv":
            rows: list[dict[str, str]] = []
            for path in _observation_files(root):
                rel = str(path.relative_to(root))
                rows += _read_csv(path, rel, errors)
            seed.tables[name] = rows
        else:
            seed.tables[name] = _read_csv(root / name, name, errors)
    for path in _all_files(root):
        if path.exists():
            seed.hashes[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    _check_metadata(seed)
    _check_observation_numbers(seed)
    _check_agreement(seed)
    _check_corrections(seed)
    return seed


def _check_metadata(seed: SeedSet) -> None:
    path = seed.root / "metadata.toml"
    try:
        seed.metadata = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        seed.errors.append(SeedError("metadata.toml", 0, "file is missing"))
        return
    except tomllib.TOMLDecodeError as exc:
        seed.errors.append(SeedError("metadata.toml", 1, f"not valid TOML: {exc}"))
        return
    files = seed.metadata.get("files", {})
    defaults = seed.metadata.get("defaults", {})
    for rel in seed.hashes:
        if rel == "metadata.toml":
            continue
        entry = files.get(rel)
        if entry is None:
            seed.errors.append(SeedError("metadata.toml", 1, f'no [files."{rel}"] entry'))
            continue
        for key in ("title", "description", "date_published"):
            if not entry.get(key):
                seed.errors.append(SeedError("metadata.toml", 1, f"{rel}: '{key}' is empty"))
        for key in ("publisher", "licence", "date_accessed"):
            if not (entry.get(key) or defaults.get(key)):
                seed.errors.append(SeedError("metadata.toml", 1, f"{rel}: '{key}' is empty"))


def parse_published_number(text: str, measure: str) -> float | None:
    """The first number in a value as printed, reading a comma as the decimal mark.

    Counts print thousands with a dot ("1.416"), so for counts dots are dropped.

    Examples
    --------
    >>> parse_published_number("94,01%", "score_pct")
    94.01
    >>> parse_published_number("1.416", "count")
    1416.0
    >>> parse_published_number("first", "rank") is None
    True
    """
    if measure not in _DECIMAL_MEASURES:
        m = re.search(r"\d[\d.]*", text or "")
        return float(m.group().replace(".", "")) if m else None
    m = _NUMBER.search(text or "")
    return float(m.group().replace(",", ".")) if m else None


def published_decimals(value: str, as_published: str, measure: str) -> int:
    """How many decimals a figure was published with (its precision).

    Examples
    --------
    >>> published_decimals("94", "94 percent", "score_pct")
    0
    >>> published_decimals("94.01", "94,01%", "score_pct")
    2
    >>> published_decimals("90.55", "", "score_pct")
    2
    """
    if measure not in _DECIMAL_MEASURES:
        return 0
    m = _NUMBER.search(as_published or "")
    text = m.group() if m else value
    text = text.replace(",", ".")
    return len(text.split(".")[1]) if "." in text else 0


def agree(a: float, da: int, b: float, db: int) -> bool:
    """Two published figures agree when equal at the coarser of their precisions.

    Examples
    --------
    >>> agree(94.0, 0, 94.01, 2)
    True
    >>> agree(94.0, 0, 94.51, 2)
    False
    """
    coarse = min(da, db)
    return abs(a - b) <= 0.5 * 10 ** (-coarse) + 1e-9


def _as_float(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _correction_keys(seed: SeedSet) -> set[tuple[str, str]]:
    return {
        (c["table"], c["key"])
        for c in seed.tables.get("corrections.csv", [])
        if c["column"] == "value"
    }


def _check_observation_numbers(seed: SeedSet) -> None:
    corrected = _correction_keys(seed)
    for row in seed.tables.get("observations.csv", []):
        value = _as_float(row["value"])
        shown = row["value_as_published"]
        if value is None or not shown or row["measure"] not in _DECIMAL_MEASURES:
            continue
        printed = parse_published_number(shown, row["measure"])
        key = "|".join((row["unit_id"], row["year"], row["indicator_id"], row["measure"]))
        if printed is None or ("observations", key) in corrected:
            continue
        decimals = published_decimals(row["value"], shown, row["measure"])
        if not agree(value, decimals, printed, decimals):
            seed.errors.append(
                SeedError(
                    row["_file"],
                    int(row["_line"]),
                    f"value {row['value']} does not match the value as published '{shown}' "
                    "(add a record to corrections.csv if this is a deliberate correction)",
                )
            )


def _check_agreement(seed: SeedSet) -> None:
    groups: dict[tuple[str, ...], list[dict[str, str]]] = defaultdict(list)
    for row in seed.tables.get("observations.csv", []):
        key = (row["unit_id"], row["year"], row["indicator_id"], row["measure"])
        groups[key].append(row)
    for key, rows in groups.items():
        if len(rows) < 2:
            continue
        # Every pair: 95 agrees with 94.6 and with 95.4, but those two disagree.
        for i, first in enumerate(rows):
            a = _as_float(first["value"])
            da = published_decimals(first["value"], first["value_as_published"], first["measure"])
            for other in rows[i + 1 :]:
                b = _as_float(other["value"])
                if a is None or b is None:
                    continue
                db = published_decimals(
                    other["value"], other["value_as_published"], other["measure"]
                )
                # An official table differing from a news report is kept beside it (the
                # primary source wins; the difference is listed as "sources disagree").
                if is_primary(first["source_id"]) != is_primary(other["source_id"]):
                    continue
                if not agree(a, da, b, db):
                    seed.errors.append(
                        SeedError(
                            other["_file"],
                            int(other["_line"]),
                            f"sources disagree on {'/'.join(key)}: {other['source_id']} gives "
                            f"{other['value']} but {first['source_id']} "
                            f"({first['_file']}:{first['_line']}) gives {first['value']}",
                        )
                    )


def _check_corrections(seed: SeedSet) -> None:
    tables = seed.tables
    for row in tables.get("corrections.csv", []):
        where = (row["_file"], int(row["_line"]))
        if not row["reason"]:
            seed.errors.append(SeedError(*where, "a correction needs a reason"))
        target = CORRECTABLE.get(row["table"])
        if target is None:
            seed.errors.append(
                SeedError(*where, f"table '{row['table']}' must be one of {', '.join(CORRECTABLE)}")
            )
            continue
        file, keys, columns = target
        if row["column"] not in columns:
            seed.errors.append(
                SeedError(
                    *where,
                    f"column '{row['column']}' of {row['table']} cannot be corrected "
                    f"(one of {', '.join(columns)})",
                )
            )
            continue
        records = [r for r in tables.get(file, []) if "|".join(r[k] for k in keys) == row["key"]]
        if row["table"] == "observations" and records:
            # A figure may come from several sources; the record names the one it corrects.
            records = [r for r in records if r["source_id"] == row["source_id"]]
            if not records:
                seed.errors.append(
                    SeedError(
                        *where,
                        f"figure '{row['key']}' is not given by source '{row['source_id']}'",
                    )
                )
                continue
        if not records:
            kind = {"observations": "figure", "initiatives": "initiative"}.get(
                row["table"], "record"
            )
            seed.errors.append(
                SeedError(*where, f"correction for unknown {kind} '{row['key']}' in {file}")
            )
            continue
        if row["table"] == "observations" and row["column"] == "value":
            if _as_float(row["corrected_value"]) is None:
                seed.errors.append(
                    SeedError(*where, "an observation correction sets 'value' to a number")
                )
        elif row["table"] == "initiatives":
            continue  # applied by the build (a spelling fixed inside the name)
        else:
            held = records[0][row["column"]]
            if held != row["corrected_value"]:
                seed.errors.append(
                    SeedError(
                        *where,
                        f"{file}:{records[0]['_line']} holds {row['column']} '{held}', not the "
                        f"corrected value '{row['corrected_value']}' this record documents",
                    )
                )
