"""Where sources disagree: an official table (primary) beside a news report's figure.

An imported official table is a primary source: where it differs from a figure taken
from a report, both are kept and the primary one is used. :func:`sources_disagree` lists
those differences for the import preview, the command line and the Data page.
"""

from __future__ import annotations

import pandas as pd

from analysis.warehouse.seeds import agree, is_primary, published_decimals

__all__ = ["DISAGREE_COLUMNS", "sources_disagree"]

DISAGREE_COLUMNS: tuple[str, ...] = (
    "unit_id",
    "year",
    "indicator_id",
    "measure",
    "primary_value",
    "primary_as_published",
    "primary_source_id",
    "primary_locator",
    "other_value",
    "other_as_published",
    "other_source_id",
    "other_locator",
    "difference",
)


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def sources_disagree(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures of an official table that differ from a report's figure for the same key.

    Parameters
    ----------
    figures : DataFrame
        Published figures, one row per figure per source: unit_id, year, indicator_id,
        measure, value, source_id and optionally value_as_published and locator (the
        ``published_figures`` view, or
        :func:`analysis.ingest.importer.published_from_seeds`).

    Returns
    -------
    DataFrame
        Columns :data:`DISAGREE_COLUMNS`, one row per (primary, other) pair that differs at
        the coarser of the two printed precisions; ``difference`` = primary − other.

    Examples
    --------
    >>> f = pd.DataFrame({"unit_id": ["a", "a", "b", "b"], "year": [2023] * 4,
    ...     "indicator_id": ["total"] * 4, "measure": ["score_pct"] * 4,
    ...     "value": [90.1, 91.0, 80.0, 80.0], "value_as_published": ["90,10", "91", "80", "80"],
    ...     "source_id": ["import_2023_x", "news", "import_2023_x", "news"]})
    >>> sources_disagree(f)[["unit_id", "primary_value", "other_value", "difference"]].values.tolist()
    [['a', 90.1, 91.0, -0.9]]
    """
    rows: list[dict[str, object]] = []
    if figures is not None and len(figures):
        frame = figures.copy()
        frame["_primary"] = [is_primary(s) for s in frame["source_id"].astype(str)]
        keys = ["unit_id", "year", "indicator_id", "measure"]
        frame["year"] = pd.to_numeric(frame["year"], errors="coerce")
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
        frame = frame.dropna(subset=["year", "value"])
        for key, group in frame.groupby(keys, sort=True):
            primaries = group[group["_primary"]]
            others = group[~group["_primary"]]
            if primaries.empty or others.empty:
                continue
            for p in primaries.to_dict("records"):
                p_shown = _text(p.get("value_as_published"))
                dp = published_decimals(str(p["value"]), p_shown, str(p["measure"]))
                for o in others.to_dict("records"):
                    o_shown = _text(o.get("value_as_published"))
                    do = published_decimals(str(o["value"]), o_shown, str(o["measure"]))
                    if agree(float(p["value"]), dp, float(o["value"]), do):
                        continue
                    rows.append(
                        {
                            "unit_id": key[0],
                            "year": int(key[1]),
                            "indicator_id": key[2],
                            "measure": key[3],
                            "primary_value": float(p["value"]),
                            "primary_as_published": p_shown,
                            "primary_source_id": str(p["source_id"]),
                            "primary_locator": _text(p.get("locator")),
                            "other_value": float(o["value"]),
                            "other_as_published": o_shown,
                            "other_source_id": str(o["source_id"]),
                            "other_locator": _text(o.get("locator")),
                            "difference": round(float(p["value"]) - float(o["value"]), 10),
                        }
                    )
    out = pd.DataFrame(rows, columns=list(DISAGREE_COLUMNS))
    out["year"] = out["year"].astype("int64")
    for c in ("primary_value", "other_value", "difference"):
        out[c] = out[c].astype("float64")
    return out
