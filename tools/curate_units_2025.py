"""Curate the 126 commune-level units of 2025 into seeds/ (run by hand, never by the app).

Reads the reference folder ``units_2025`` (see its SOURCE.md) and writes, in the project's own
form: the 126 rows appended to ``seeds/units.csv`` (replacing earlier rows of the same ids),
``seeds/unit_points.csv`` and ``seeds/unit_crosswalk.csv``. The app and the tests read only
the seeds, never the reference folder.

Usage: python tools/curate_units_2025.py [REFERENCE_DIR]   (default ../shared/reference/units_2025)
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
VALID_FROM = "2025-07-01"
PREFIX = {"phường": "p", "xã": "x"}


def slug(name_en: str) -> str:
    """ASCII slug of an English name: lower case, runs of other characters become '_'."""
    return re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")


def unit_id(unit_type: str, name_en: str) -> str:
    """``p_<slug>`` for a phường, ``x_<slug>`` for a xã."""
    return f"{PREFIX[unit_type]}_{slug(name_en)}"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    tmp.replace(path)


def main(ref: Path) -> None:
    communes = list(csv.DictReader((ref / "hanoi_communes_2025.csv").open(encoding="utf-8")))
    parts = list(
        csv.DictReader((ref / "hanoi_communes_2025_former_districts.csv").open(encoding="utf-8"))
    )
    units_path = SEEDS / "units.csv"
    with units_path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        old = [r for r in reader if r]
    by_code = {c["code"]: c for c in communes}
    ids = {c["code"]: unit_id(c["unit_type"], c["name_en"]) for c in communes}
    if len(set(ids.values())) != len(ids):
        sys.exit("two units give the same unit_id")
    district_by_pcode = {r[header.index("geo_code")]: r[0] for r in old if r[4] == "district"}
    kept = [r for r in old if r[0] not in set(ids.values())]
    new = []
    for c in communes:
        row = dict.fromkeys(header, "")
        row.update(
            unit_id=ids[c["code"]],
            name_vi=c["name_vi"],
            name_en=c["name_en"],
            unit_type=c["unit_type"],
            level="commune",
            parent_id="ha_noi",
            valid_from=VALID_FROM,
            valid_to="",
            geo_code=c["code"],
        )
        new.append([row[h] for h in header])
    new[0][header.index("note")] = (
        "Commune-level unit since 2025-07-01 (Nghị quyết 1656/NQ-UBTVQH15); geo_code is the "
        "official 5-digit code. Points, areas and former districts: unit_points.csv, unit_crosswalk.csv."
    )
    _write(units_path, header, kept + new)
    _write(
        SEEDS / "unit_points.csv",
        ["unit_id", "point_lon", "point_lat", "area_km2", "area_km2_published", "covered_share"],
        [
            [
                ids[c["code"]],
                c["point_lon"],
                c["point_lat"],
                c["area_km2"],
                c["area_km2_published"],
                c["covered_share"],
            ]
            for c in communes
        ],
    )
    _write(
        SEEDS / "unit_crosswalk.csv",
        ["unit_id", "former_unit_id", "area_share"],
        [
            [ids[p["code"]], district_by_pcode[p["former_pcode"]], p["area_share"]]
            for p in parts
            if p["code"] in by_code
        ],
    )


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "reference" / "units_2025"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
