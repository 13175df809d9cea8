"""Shared vocabulary: the result record every test returns, and the panel data contract.

Every statistical function in :mod:`analysis` returns :class:`StatResult` records (or a
table built from them with :func:`results_frame`), so the UI, the command line and the
exports read one set of field names. Below the sample-size minimum a function returns
:func:`insufficient` instead of a NaN or an exception.

The second half of the module holds the *input* contract: a "panel" is a long
DataFrame with columns ``unit_id``, ``year``, ``indicator_id`` and ``value`` (a score in
%, NaN = missing), optionally ``rank``. :func:`check_panel` normalises it, and
:func:`unit_values`, :func:`unit_ranks` and :func:`indicator_by_year` read from it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.codes import SCORE_INDICATORS

__all__ = [
    "COMPONENT_IDS",
    "INDICATOR_IDS",
    "PANEL_COLUMNS",
    "RESULT_COLUMNS",
    "StatResult",
    "check_panel",
    "indicator_by_year",
    "indicators_in",
    "insufficient",
    "results_frame",
    "unit_ranks",
    "unit_values",
]

#: Columns of :func:`results_frame`, in order.
RESULT_COLUMNS: tuple[str, ...] = (
    "indicator",
    "n",
    "estimate",
    "statistic",
    "pvalue",
    "p_adjusted",
    "ci_low",
    "ci_high",
    "effect_size",
    "effect_size_name",
    "method",
    "warning",
    "status",
    "reason",
)

_FLOAT_FIELDS = (
    "statistic",
    "pvalue",
    "p_adjusted",
    "ci_low",
    "ci_high",
    "effect_size",
    "estimate",
)

#: Required columns of a panel.
PANEL_COLUMNS: tuple[str, ...] = ("unit_id", "year", "indicator_id", "value")

#: The total and the eight component areas, in display order.
INDICATOR_IDS: tuple[str, ...] = SCORE_INDICATORS

#: The eight component areas (everything in :data:`INDICATOR_IDS` but the total).
COMPONENT_IDS: tuple[str, ...] = INDICATOR_IDS[1:]


@dataclass(frozen=True, kw_only=True)
class StatResult:
    """Outcome of one statistical procedure, in the vocabulary shared by the app.

    Parameters
    ----------
    method : str
        Human-readable name of the procedure, including choices that matter
        (e.g. ``"Wilcoxon signed-rank (zero_method='wilcox', normal approximation)"``).
    indicator : str or None
        Indicator id (or pair label) the result is about.
    n : int
        Number of observations (pairs, units, unit-years …) actually used.
    statistic, pvalue, p_adjusted : float or None
        Test statistic, raw p-value and multiplicity-adjusted p-value.
    ci_low, ci_high : float or None
        Confidence interval for ``estimate``.
    effect_size : float or None
        Standardised effect size, named by ``effect_size_name``.
    estimate : float or None
        The quantity the CI is about (mean change, slope, r …).
    warning : str or None
        Caveat the reader must see (e.g. a change of scoring method).
    status : str
        ``"ok"`` or ``"insufficient"``.
    reason : str or None
        Why the result is insufficient; on an "ok" result, a note on a part that is not
        given or qualified (e.g. an interval shown at its achieved level, or none below the
        n where it reaches 95%). An insufficient result may still carry ``estimate`` when
        only the test is undefined (every unit changed by the same amount).

    Examples
    --------
    >>> r = StatResult(method="paired t-test", n=30, estimate=1.2, pvalue=0.01)
    >>> r.status, r.to_dict()["estimate"]
    ('ok', 1.2)
    """

    method: str
    indicator: str | None = None
    n: int = 0
    statistic: float | None = None
    pvalue: float | None = None
    p_adjusted: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    effect_size: float | None = None
    effect_size_name: str | None = None
    estimate: float | None = None
    warning: str | None = None
    status: str = "ok"
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.status not in ("ok", "insufficient"):
            raise ValueError(f"status must be 'ok' or 'insufficient', got {self.status!r}")
        # Numpy scalars leak in from scipy; plain floats keep to_dict() JSON-friendly and
        # NaN is turned into None so "missing" has one spelling.
        for name in _FLOAT_FIELDS:
            value = getattr(self, name)
            if value is not None:
                value = float(value)
                object.__setattr__(self, name, None if math.isnan(value) else value)
        object.__setattr__(self, "n", int(self.n))

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dict (None for missing numbers).

        Returns
        -------
        dict
            Field name to value, in :data:`RESULT_COLUMNS` order.

        Examples
        --------
        >>> StatResult(method="m", n=3).to_dict()["status"]
        'ok'
        """
        raw = dataclasses.asdict(self)
        return {name: raw[name] for name in RESULT_COLUMNS}

    def replace(self, **changes: Any) -> StatResult:
        """Return a copy with some fields changed (e.g. ``p_adjusted``).

        Examples
        --------
        >>> StatResult(method="m", pvalue=0.02).replace(p_adjusted=0.04).p_adjusted
        0.04
        """
        return dataclasses.replace(self, **changes)


def insufficient(
    method: str,
    n: int,
    minimum: int,
    reason: str | None = None,
    indicator: str | None = None,
    *,
    unit: str = "observations",
    warning: str | None = None,
) -> StatResult:
    """Build the result for data too sparse (or degenerate) for ``method``.

    Minimum n: not applicable (this builds the refusal itself).

    Parameters
    ----------
    method : str
        Procedure that was refused.
    n : int
        Observations available.
    minimum : int
        Observations the procedure needs.
    reason : str, optional
        Context. When ``n < minimum`` it prefixes the sentence stating n and the minimum;
        when ``n >= minimum`` the refusal has another cause (e.g. ``"no variation"``) and
        the reason is required.
    indicator : str, optional
        Indicator id.
    unit : str
        What is being counted ("pairs", "units", "years" …), used in the sentence.
    warning : str, optional
        Caveat to carry along (e.g. a method-period warning).

    Returns
    -------
    StatResult
        ``status="insufficient"``, every number None.

    Examples
    --------
    >>> insufficient("paired t-test", 4, 6, unit="pairs").reason
    'n = 4 pairs; at least 6 are needed'
    >>> insufficient("Pearson r", 12, 5, "no variation").reason
    'no variation (n = 12 observations)'
    """
    if n < minimum:
        text = f"n = {n} {unit}; at least {minimum} are needed"
        if reason:
            text = f"{reason}: {text}"
    else:
        if not reason:
            raise ValueError("a reason is required when n is not below the minimum")
        text = f"{reason} (n = {n} {unit})"
    return StatResult(
        method=method,
        indicator=indicator,
        n=n,
        warning=warning,
        status="insufficient",
        reason=text,
    )


def results_frame(results: Iterable[StatResult]) -> pd.DataFrame:
    """Stack results into a DataFrame with the columns of :data:`RESULT_COLUMNS`.

    Missing numbers become NaN in float columns, so the frame sorts and plots cleanly.

    Parameters
    ----------
    results : iterable of StatResult

    Returns
    -------
    pandas.DataFrame
        One row per result; columns indicator, n, estimate, statistic, pvalue, p_adjusted,
        ci_low, ci_high, effect_size, effect_size_name, method, warning, status, reason.

    Examples
    --------
    >>> df = results_frame([StatResult(method="m", n=5, pvalue=0.5), insufficient("m", 2, 5)])
    >>> list(df["status"])
    ['ok', 'insufficient']
    >>> bool(df["pvalue"].isna().iloc[1])
    True
    """
    rows = [r.to_dict() for r in results]
    frame = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    for name in _FLOAT_FIELDS:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
    frame["n"] = frame["n"].astype("int64")
    for name in ("indicator", "effect_size_name", "method", "warning", "status", "reason"):
        frame[name] = frame[name].astype(object)
    return frame


# --- input contract -------------------------------------------------------------------


def check_panel(panel: pd.DataFrame) -> pd.DataFrame:
    """Validate a long panel and return a normalised copy.

    Types are coerced (``unit_id``/``indicator_id`` to str, ``year`` to int, ``value`` and
    ``rank`` to float). A missing column or a duplicated ``(unit_id, year, indicator_id)``
    key is a programming error and raises ``ValueError``; missing values are kept.

    Parameters
    ----------
    panel : pandas.DataFrame
        Columns ``unit_id``, ``year``, ``indicator_id``, ``value`` and optionally ``rank``.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": ["a"], "year": [2020.0], "indicator_id": ["total"],
    ...                   "value": ["81.5"]})
    >>> check_panel(p).dtypes["year"], check_panel(p)["value"].iloc[0]
    (dtype('int64'), np.float64(81.5))
    """
    missing = [c for c in PANEL_COLUMNS if c not in panel.columns]
    if missing:
        raise ValueError(f"panel lacks column(s) {missing}; expected {list(PANEL_COLUMNS)}")
    keep = list(PANEL_COLUMNS) + (["rank"] if "rank" in panel.columns else [])
    out = panel.loc[:, keep].copy()
    out["unit_id"] = out["unit_id"].astype(str).astype(object)
    out["indicator_id"] = out["indicator_id"].astype(str).astype(object)
    out["year"] = pd.to_numeric(out["year"]).astype("int64")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype(float)
    if "rank" in out.columns:
        out["rank"] = pd.to_numeric(out["rank"], errors="coerce").astype(float)
    dup = out.duplicated(["unit_id", "year", "indicator_id"], keep=False)
    if dup.any():
        first = out.loc[dup, ["unit_id", "year", "indicator_id"]].iloc[0].tolist()
        raise ValueError(f"panel has duplicated (unit_id, year, indicator_id) keys, e.g. {first}")
    return out.reset_index(drop=True)


def indicator_by_year(
    panel: pd.DataFrame, indicator: str, years: Sequence[int] | None = None
) -> pd.DataFrame:
    """Wide table of one indicator: index ``unit_id``, one column per year, NaN = missing.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel (see :func:`check_panel`).
    indicator : str
        Indicator id.
    years : sequence of int, optional
        Columns to return (missing years become all-NaN columns). Default: the years that
        occur for the indicator.

    Returns
    -------
    pandas.DataFrame
        Units that occur for the indicator (any year), sorted; years ascending.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": ["a", "a", "b"], "year": [2020, 2021, 2020],
    ...                   "indicator_id": "total", "value": [80.0, 82.0, 75.0]})
    >>> indicator_by_year(p, "total").to_dict("list")
    {2020: [80.0, 75.0], 2021: [82.0, nan]}
    """
    data = check_panel(panel)
    data = data[data["indicator_id"] == indicator]
    wide = data.pivot(index="unit_id", columns="year", values="value").sort_index()
    if years is not None:
        wide = wide.reindex(columns=list(years))
    wide = wide.sort_index(axis=1)
    wide.columns.name = "year"
    wide.index.name = "unit_id"
    return wide.astype(float)


def unit_values(panel: pd.DataFrame, indicator: str, year: int) -> pd.Series:
    """Scores of one indicator in one year, indexed by ``unit_id``; missing values dropped.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel (see :func:`check_panel`).
    indicator : str
    year : int

    Returns
    -------
    pandas.Series
        Named after the indicator, sorted by unit_id.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": ["a", "b"], "year": 2020, "indicator_id": "total",
    ...                   "value": [80.0, float("nan")]})
    >>> unit_values(p, "total", 2020).to_dict()
    {'a': 80.0}
    """
    data = check_panel(panel)
    rows = data[(data["indicator_id"] == indicator) & (data["year"] == int(year))]
    out = rows.set_index("unit_id")["value"].dropna().sort_index()
    out.name = indicator
    return out


def unit_ranks(panel: pd.DataFrame, indicator: str, year: int) -> pd.Series:
    """Ranks of the units on one indicator in one year (1 = highest score).

    If the panel has a ``rank`` column with at least one value for this indicator and
    year, those published ranks are used as they are. Otherwise ranks are computed from
    the values among the units that have a value that year, with competition ranking
    (``method="min"``: tied units share the better rank, the next rank is skipped).
    Units without a rank are dropped.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel, optionally with a ``rank`` column.
    indicator : str
    year : int

    Returns
    -------
    pandas.Series
        Float ranks named "rank", indexed and sorted by unit_id.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": ["a", "b", "c"], "year": 2020, "indicator_id": "total",
    ...                   "value": [80.0, 90.0, 80.0]})
    >>> unit_ranks(p, "total", 2020).to_dict()
    {'a': 2.0, 'b': 1.0, 'c': 2.0}
    """
    data = check_panel(panel)
    rows = data[(data["indicator_id"] == indicator) & (data["year"] == int(year))]
    rows = rows.set_index("unit_id").sort_index()
    if "rank" in rows.columns and rows["rank"].notna().any():
        out = rows["rank"].dropna().astype(float)
    else:
        out = rows["value"].dropna().rank(ascending=False, method="min").astype(float)
    out.name = "rank"
    return out


def indicators_in(panel: pd.DataFrame) -> list[str]:
    """Indicator ids present in the panel: canonical ones in display order, then others.

    An empty panel gives all of :data:`INDICATOR_IDS`, so a report on no data still lists
    its rows (as insufficient) instead of coming back empty.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": "a", "year": 2020, "value": 1.0,
    ...                   "indicator_id": ["zeta", "procedures", "total"]})
    >>> indicators_in(p)
    ['total', 'procedures', 'zeta']
    """
    present = {str(i) for i in panel["indicator_id"].unique()}
    if not present:
        return list(INDICATOR_IDS)
    known = [i for i in INDICATOR_IDS if i in present]
    return known + sorted(present - set(known))
