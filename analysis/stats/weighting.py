"""What-if arithmetic: how component scores feed the total and what a target rank needs.

Component scores are in % of their own maximum points; the total is in % of
``total_points`` (100 in every framework held here). A component with maximum ``m``
points that moves by ``c`` percentage points moves the total by ``c * m / total_points``
percentage points.

The published total also contains items that are not among the eight components (the
sociological survey, bonus and penalty points), so a what-if applies *changes* to the
published total (:func:`apply_changes`) rather than recomputing it from the components
(:func:`recompute_total` is the weighted mean of the components alone).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

__all__ = ["apply_changes", "rank_of", "recompute_total", "target_changes"]


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float | np.floating) and math.isnan(value))


def _check_max_points(max_points: Mapping[str, float], names: Iterable[str]) -> None:
    for name in names:
        if name not in max_points:
            raise ValueError(f"no maximum points given for component {name!r}")
        if not max_points[name] > 0:
            raise ValueError(f"maximum points of {name!r} must be positive")


def recompute_total(components: Mapping[str, float], max_points: Mapping[str, float]) -> float:
    """Weighted mean of component scores (%), weighted by their maximum points (0–100).

    Missing components (None/NaN) are left out and the weights of the others are
    renormalised, so the result is the score over the components that are known.

    Minimum n: 1 known component; with none the result is NaN (documented, not an error).

    Parameters
    ----------
    components : mapping of str to float
        Component id to score in % of its maximum.
    max_points : mapping of str to float
        Component id to maximum points (must cover every component given).

    Returns
    -------
    float

    Examples
    --------
    >>> recompute_total({"a": 90.0, "b": 60.0}, {"a": 20, "b": 10})
    80.0
    """
    _check_max_points(max_points, components)
    known = {k: float(v) for k, v in components.items() if not _is_missing(v)}
    if not known:
        return math.nan
    weights = np.array([float(max_points[k]) for k in known])
    scores = np.array(list(known.values()))
    return float(np.sum(weights * scores) / np.sum(weights))


def apply_changes(
    current_total: float,
    current_components: Mapping[str, float],
    new_components: Mapping[str, float],
    max_points: Mapping[str, float],
    total_points: float = 100.0,
) -> float:
    """Published total plus the effect of changing some component scores.

    Each component in ``new_components`` adds ``(new - current) * max_points / total_points``
    to the total. Components with a missing current or new score are left unchanged. The
    result is not clipped: with components capped at 100% it cannot pass 100 unless the
    inputs are inconsistent.

    Minimum n: none (no change gives the current total back).

    Parameters
    ----------
    current_total : float
        Published total (%), which includes survey and bonus/penalty items.
    current_components, new_components : mapping of str to float
        Component scores (%) now and in the scenario.
    max_points : mapping of str to float
        Maximum points of each component in ``new_components``.
    total_points : float
        Maximum points of the total.

    Returns
    -------
    float

    Examples
    --------
    >>> apply_changes(85.0, {"a": 80.0, "b": 70.0}, {"a": 90.0}, {"a": 20, "b": 10})
    87.0
    """
    if not total_points > 0:
        raise ValueError("total_points must be positive")
    _check_max_points(max_points, new_components)
    delta = 0.0
    for name, new in new_components.items():
        old = current_components.get(name)
        if _is_missing(new) or _is_missing(old):
            continue
        delta += (float(new) - float(old)) * float(max_points[name]) / total_points
    return float(current_total) + delta


def rank_of(score: float, other_scores: Iterable[float]) -> int:
    """Rank a score would take among other units' scores (1 = best).

    Competition ranking: one plus the number of other scores strictly higher, so a tie
    shares the better rank. Missing other scores are ignored.

    Minimum n: none (no other scores gives rank 1).

    Parameters
    ----------
    score : float
    other_scores : iterable of float
        The other units' scores (not including this unit).

    Returns
    -------
    int

    Examples
    --------
    >>> rank_of(85.0, [90.0, 85.0, 70.0, float("nan")])
    2
    """
    others = np.asarray(list(other_scores), dtype=float)
    others = others[np.isfinite(others)]
    return int(1 + np.sum(others > float(score)))


def target_changes(
    unit_id: str,
    target_rank: int,
    scores_wide: pd.DataFrame,
    max_points: Mapping[str, float],
    total_points: float = 100.0,
) -> pd.DataFrame:
    """Smallest change in each component alone that would lift a unit to ``target_rank``.

    The other units' totals are held fixed. The needed total is the ``target_rank``-th
    highest of the other units' totals (reaching it ties that unit, and a tie shares the
    better rank, see :func:`rank_of`). For each component, holding the others fixed, the
    needed gain in total points is converted to percentage points of that component; a
    required score above 100% is infeasible (NaN with a reason).

    Minimum n: none; rows with a missing current score or unknown maximum points carry a
    reason instead of numbers.

    Parameters
    ----------
    unit_id : str
        Row of ``scores_wide``.
    target_rank : int
        1 = first place; must lie between 1 and the number of units with a total.
    scores_wide : pandas.DataFrame
        Index unit_id, columns component ids (%) and ``"total"``.
    max_points : mapping of str to float
        Maximum points per component; components not in it get a reason.
    total_points : float

    Returns
    -------
    pandas.DataFrame
        One row per component: component, current, max_points, required, change,
        total_points_needed, current_rank, target_rank, feasible, reason.

    Examples
    --------
    >>> wide = pd.DataFrame({"total": [90.0, 85.0, 80.0], "a": [95.0, 90.0, 70.0],
    ...                      "b": [90.0, 80.0, 99.0]}, index=["x", "y", "z"])
    >>> target_changes("z", 2, wide, {"a": 20, "b": 10})[["component", "change", "required"]]
      component  change  required
    0         a    25.0      95.0
    1         b     NaN       NaN
    """
    if "total" not in scores_wide.columns:
        raise ValueError("scores_wide needs a 'total' column")
    if unit_id not in scores_wide.index:
        raise ValueError(f"unit {unit_id!r} is not in scores_wide")
    if not total_points > 0:
        raise ValueError("total_points must be positive")
    totals = scores_wide["total"].astype(float)
    n_ranked = int(totals.notna().sum())
    if not 1 <= target_rank <= max(n_ranked, 1):
        raise ValueError(f"target_rank must lie between 1 and {max(n_ranked, 1)}")
    current_total = float(totals.loc[unit_id])
    others = totals.drop(index=unit_id).dropna().sort_values(ascending=False).to_numpy()
    components = [c for c in scores_wide.columns if c != "total"]
    rows: list[dict[str, object]] = []
    if math.isnan(current_total):
        needed = math.nan
        current_rank = math.nan
    else:
        current_rank = rank_of(current_total, others)
        threshold = others[target_rank - 1] if target_rank - 1 < others.size else -math.inf
        needed = max(0.0, float(threshold) - current_total)
    for comp in components:
        current = float(scores_wide.loc[unit_id, comp])
        maxp = float(max_points[comp]) if comp in max_points else math.nan
        row: dict[str, object] = {
            "component": comp,
            "current": current,
            "max_points": maxp,
            "required": math.nan,
            "change": math.nan,
            "total_points_needed": needed,
            "current_rank": current_rank,
            "target_rank": target_rank,
            "feasible": False,
            "reason": None,
        }
        if math.isnan(current_total):
            row["reason"] = "the unit's current total is missing"
        elif needed == 0:
            row.update(required=current, change=0.0, feasible=True)
            row["reason"] = "already at or above the target rank"
        elif math.isnan(maxp) or maxp <= 0:
            row["reason"] = "maximum points of this component are not known"
        elif math.isnan(current):
            row["reason"] = "the current component score is missing"
        else:
            change = needed * total_points / maxp
            required = current + change
            if required > 100.0 + 1e-9:
                row["reason"] = (
                    f"would need {required:.2f}% of the maximum (> 100%); "
                    "not reachable through this component alone"
                )
            else:
                row.update(required=required, change=change, feasible=True)
        rows.append(row)
    out = pd.DataFrame(
        rows,
        columns=[
            "component",
            "current",
            "max_points",
            "required",
            "change",
            "total_points_needed",
            "current_rank",
            "target_rank",
            "feasible",
            "reason",
        ],
    )
    for col in ("current", "max_points", "required", "change", "total_points_needed"):
        out[col] = out[col].astype(float)
    out["current_rank"] = out["current_rank"].astype(float)
    out["feasible"] = out["feasible"].astype(bool)
    out["component"] = out["component"].astype(object)
    out["reason"] = out["reason"].astype(object)
    return out
