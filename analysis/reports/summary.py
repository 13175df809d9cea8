"""Descriptive summaries for a year: headline figures and what the data cover."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["Headline", "year_headline", "year_table", "coverage_status"]


@dataclass(frozen=True)
class Headline:
    """The year's headline; every field may be None when the data do not support it."""

    year: int
    n_scores: int
    n_ranks: int
    n_units: int
    block_average: float | None
    block_average_source: str | None  # "published" or "mean of units" (only when all units scored)
    block_change: float | None
    n_improved: int | None
    n_compared: int
    top: tuple[str, float | None] | None
    bottom: tuple[str, float | None] | None


def year_table(panel: pd.DataFrame, year: int, indicator: str = "total") -> pd.DataFrame:
    """One row per unit with value and rank for a year (missing values kept as NaN).

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": ["a", "b"], "year": [2023, 2023], "indicator_id": ["total"] * 2,
    ...                   "value": [90.0, None], "rank": [2.0, 1.0]})
    >>> year_table(p, 2023)[["unit_id", "value", "rank"]].values.tolist()
    [['b', nan, 1.0], ['a', 90.0, 2.0]]
    """
    rows = panel[(panel["year"] == year) & (panel["indicator_id"] == indicator)]
    rows = rows[["unit_id", "value", "rank"]].copy()
    return rows.sort_values(
        ["rank", "value"], ascending=[True, False], na_position="last"
    ).reset_index(drop=True)


def year_headline(
    panel: pd.DataFrame, year: int, block: pd.DataFrame | None = None, n_units: int = 30
) -> Headline:
    """Headline of a year from the panel, using published block averages where they exist.

    The block average is taken from the published figure when there is one; otherwise it is
    the mean of unit scores only when every unit has a score (a mean of a few published top
    scores would mislead). Units that improved are counted over units scored in both years.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": ["a", "b", "a", "b"], "year": [2022, 2022, 2023, 2023],
    ...                   "indicator_id": ["total"] * 4, "value": [90.0, 91.0, 92.0, 90.5],
    ...                   "rank": [2, 1, 1, 2]})
    >>> h = year_headline(p, 2023, n_units=2)
    >>> h.block_average, h.n_improved, h.top
    (91.25, 1, ('a', 92.0))
    """
    this = year_table(panel, year)
    scored = this.dropna(subset=["value"])
    ranked = this.dropna(subset=["rank"])
    avg = source = change = None
    if block is not None and not block.empty:
        row = block[(block["year"] == year) & (block["indicator_id"] == "total")]
        if not row.empty and pd.notna(row.iloc[0]["published_average"]):
            avg, source = float(row.iloc[0]["published_average"]), "published"
            if pd.notna(row.iloc[0].get("published_change")):
                change = float(row.iloc[0]["published_change"])
    if avg is None and len(scored) == n_units:
        avg, source = float(scored["value"].mean()), "mean of units"
    prev = year_table(panel, year - 1).dropna(subset=["value"]).set_index("unit_id")["value"]
    now = scored.set_index("unit_id")["value"]
    both = now.index.intersection(prev.index)
    improved = int((now[both] > prev[both]).sum()) if len(both) else None
    if change is None and source == "mean of units" and len(prev) == n_units:
        change = float(now.mean() - prev.mean())

    def _pick(frame: pd.DataFrame, best: bool) -> tuple[str, float | None] | None:
        if frame.empty:
            return None
        if frame["rank"].notna().any():
            r = frame.dropna(subset=["rank"])
            want = r["rank"].min() if best else r["rank"].max()
            # Only claim a top/bottom unit when the rank says so (1 or the last place).
            if (best and want != 1) or (not best and want != n_units):
                return None
            row = r[r["rank"] == want].iloc[0]
        else:
            return None
        return str(row["unit_id"]), (None if pd.isna(row["value"]) else float(row["value"]))

    return Headline(
        year=year,
        n_scores=len(scored),
        n_ranks=len(ranked),
        n_units=n_units,
        block_average=avg,
        block_average_source=source,
        block_change=change,
        n_improved=improved,
        n_compared=len(both),
        top=_pick(this, True),
        bottom=_pick(this, False),
    )


def coverage_status(coverage: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Per unit × year × indicator: 'published', 'rank only', 'simulated', 'uploaded' or 'missing'.

    On the demo panel a cell with no published figure is 'simulated' where the panel has a
    value (an uploaded table's cell is 'uploaded'), so the matrix shows exactly which numbers
    are invented or unverified.

    Examples
    --------
    >>> cov = pd.DataFrame({"unit_id": ["a", "a"], "year": [2022, 2023], "indicator_id": ["total"] * 2,
    ...                     "published_score": [None, 95.0], "published_rank": [3.0, 1.0],
    ...                     "dataset_score": [93.0, 95.0],
    ...                     "published_status": ["rank only", "published"]})
    >>> coverage_status(cov, "demo").status.tolist(), coverage_status(cov, "published").status.tolist()
    (['simulated', 'published'], ['rank only', 'published'])
    """
    out = coverage.copy()
    status = out["published_status"].astype(str)
    if dataset != "published":
        filled = "simulated" if dataset == "demo" else "uploaded"
        other = out["dataset_score"].notna().map({True: filled, False: "missing"})
        status = status.where(status == "published", other)
        out["value"] = out["published_score"].fillna(out["dataset_score"])
    else:
        out["value"] = out["published_score"]
    out["status"] = status
    return out
