"""Tables for the command line (``python -m analysis trend|corr|yoy``) and exports.

Every report starts with the same ten columns, :data:`REPORT_COLUMNS`:
indicator, n, statistic, pvalue, p_adjusted, ci_low, ci_high, effect_size, method,
warning; report-specific columns follow (estimate, effect_size_name, status and reason
always come next). Sparse data give rows with status "insufficient" and a reason.

* :func:`trend_report`: one row per unit for the chosen indicator (Theil–Sen slope and
  its exact CI with ``ci_level``, Kendall tau as statistic and effect size, Mann–Kendall
  p Holm-adjusted across units, or none when no unit could reach 0.05), then one
  citywide row (Page's trend test, mean rank correlation with the year).
* :func:`corr_report`: one row per pair of indicators (``indicator`` = "x ~ y", or
  "c ~ mean of the other components" for the corrected part–whole rows; ``p_adjusted`` =
  Holm and ``p_bh`` = Benjamini–Hochberg, within each ``family``).

:func:`nothing_computed` says why a report holds no result, so that no command prints an
empty table without a reason.
* :func:`yoy_report`: one row per indicator; the primary test is the paired t-test, the
  Wilcoxon and sign tests are extra columns (see :func:`analysis.stats.change.yoy_table`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.stats.change import YOY_COLUMNS, yoy_table
from analysis.stats.correlation import correlation_matrix
from analysis.stats.periods import DEFAULT_PERIODS, MethodPeriod
from analysis.stats.result import RESULT_COLUMNS, results_frame
from analysis.stats.trend import citywide_trend, unit_trends

__all__ = [
    "CORR_COLUMNS",
    "REPORT_COLUMNS",
    "TREND_COLUMNS",
    "YOY_REPORT_COLUMNS",
    "corr_report",
    "format_table",
    "nothing_computed",
    "to_json_records",
    "trend_report",
    "yoy_report",
]

#: The leading columns of every report, in order.
REPORT_COLUMNS: tuple[str, ...] = (
    "indicator",
    "n",
    "statistic",
    "pvalue",
    "p_adjusted",
    "ci_low",
    "ci_high",
    "effect_size",
    "method",
    "warning",
)
_NEXT = ("estimate", "effect_size_name", "status", "reason")

#: Columns of :func:`trend_report`.
TREND_COLUMNS: tuple[str, ...] = (
    *REPORT_COLUMNS,
    *_NEXT,
    "scope",
    "unit_id",
    "ci_level",
    "slope_ols",
    "ols_ci_low",
    "ols_ci_high",
    "note",
)
#: Columns of :func:`corr_report`.
CORR_COLUMNS: tuple[str, ...] = (*REPORT_COLUMNS, *_NEXT, "x", "y", "p_bh", "family")
#: Columns of :func:`yoy_report`.
YOY_REPORT_COLUMNS: tuple[str, ...] = (
    *REPORT_COLUMNS,
    *_NEXT,
    *(c for c in YOY_COLUMNS if c not in RESULT_COLUMNS),
)


def trend_report(
    panel: pd.DataFrame,
    year_from: int | None = None,
    year_to: int | None = None,
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
    indicator: str = "total",
) -> pd.DataFrame:
    """Per-unit trends of one indicator plus the citywide trend, as one table.

    Minimum n: 3 years per unit; 3 years and 6 complete units for the citywide row.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TREND_COLUMNS`; unit rows (``scope`` = "unit") sorted by unit_id,
        then the ``scope`` = "citywide" row.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": "a", "year": [2022, 2023], "indicator_id": "total",
    ...                   "value": [80.0, 81.0]})
    >>> trend_report(p)[["scope", "status"]].to_dict("records")
    [{'scope': 'unit', 'status': 'insufficient'}, {'scope': 'citywide', 'status': 'insufficient'}]
    """
    units = unit_trends(panel, indicator, year_from, year_to, periods)
    unit_rows = pd.DataFrame(
        {
            "indicator": pd.Series([indicator] * len(units), dtype=object),
            "n": units["n"],
            "statistic": units["kendall_tau"],
            "pvalue": units["pvalue"],
            "p_adjusted": units["p_adjusted"],
            "ci_low": units["ci_low"],
            "ci_high": units["ci_high"],
            "effect_size": units["kendall_tau"],
            "method": units["method"],
            "warning": units["warning"],
            "estimate": units["slope_theil_sen"],
            "effect_size_name": "kendall_tau",
            "status": units["status"],
            "reason": units["reason"],
            "scope": "unit",
            "unit_id": units["unit_id"],
            "ci_level": units["ci_level"],
            "slope_ols": units["slope_ols"],
            "ols_ci_low": units["ols_ci_low"],
            "ols_ci_high": units["ols_ci_high"],
            "note": units["note"],
        }
    )
    city = results_frame([citywide_trend(panel, indicator, year_from, year_to, periods)])
    city["scope"] = "citywide"
    city["unit_id"] = None
    frames = [f for f in (unit_rows, city) if len(f)]
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else city
    return _finish(out, TREND_COLUMNS)


def corr_report(
    panel: pd.DataFrame,
    year: int | Sequence[int] | None = None,
    method: str = "pearson",
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
) -> pd.DataFrame:
    """Pairwise correlations of the indicators as a report table.

    Minimum n: 5 complete observations per pair (see
    :func:`analysis.stats.correlation.correlation_matrix`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CORR_COLUMNS`; ``statistic`` = ``estimate`` = ``effect_size`` = r,
        ``p_adjusted`` = Holm across pairs, ``p_bh`` = Benjamini–Hochberg.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": list("abcdef") * 2, "year": 2022,
    ...                   "indicator_id": ["total"] * 6 + ["procedures"] * 6,
    ...                   "value": [1, 2, 3, 4, 5, 6, 2, 1, 4, 3, 6, 5]})
    >>> corr_report(p, 2022)[["indicator", "n", "statistic"]].round(3).to_dict("records")
    [{'indicator': 'total ~ procedures', 'n': 6, 'statistic': 0.829}]
    """
    cm = correlation_matrix(panel, year, method, adjust=("holm", "bh"), periods=periods)
    labels = [
        f"{y} ~ mean of the other components" if fam == "part_whole" else f"{x} ~ {y}"
        for x, y, fam in zip(cm["x"], cm["y"], cm["family"], strict=True)
    ]
    out = pd.DataFrame(
        {
            "indicator": pd.Series(labels, dtype=object),
            "n": cm["n"],
            "statistic": cm["r"],
            "pvalue": cm["pvalue"],
            "p_adjusted": cm["p_holm"],
            "ci_low": cm["ci_low"],
            "ci_high": cm["ci_high"],
            "effect_size": cm["r"],
            "method": cm["method"],
            "warning": cm["warning"],
            "estimate": cm["r"],
            "effect_size_name": f"{method}_r",
            "status": cm["status"],
            "reason": cm["reason"],
            "x": cm["x"],
            "y": cm["y"],
            "p_bh": cm["p_bh"],
            "family": cm["family"],
        }
    )
    frame = _finish(out, CORR_COLUMNS)
    if not len(frame):
        present = sorted(set(panel.loc[panel["value"].notna(), "indicator_id"]))
        frame.attrs["nothing_computed"] = (
            f"correlations need at least two indicators with values; the data hold "
            f"{len(present)} ({', '.join(present) or 'none'})"
        )
    return frame


def yoy_report(
    panel: pd.DataFrame,
    year_a: int,
    year_b: int,
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
    adjust: str = "holm",
) -> pd.DataFrame:
    """Year-over-year change per indicator as a report table (primary test: paired t).

    Minimum n: 6 units present in both years.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`YOY_REPORT_COLUMNS`.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": list("abc") * 2, "year": [2022] * 3 + [2023] * 3,
    ...                   "indicator_id": "total", "value": [80, 81, 82, 81, 82, 84]})
    >>> yoy_report(p, 2022, 2023)[["indicator", "n", "status"]].to_dict("records")
    [{'indicator': 'total', 'n': 3, 'status': 'insufficient'}]
    """
    return _finish(
        yoy_table(panel, year_a, year_b, periods=periods, adjust=adjust), YOY_REPORT_COLUMNS
    )


def nothing_computed(frame: pd.DataFrame) -> str | None:
    """Why a report holds no computed result, or None when at least one row is "ok".

    An empty report gives the reason its builder stored (``frame.attrs``); a report whose
    rows are all "insufficient" gives their distinct reasons.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": "a", "year": [2022, 2023], "indicator_id": "total",
    ...                   "value": [80.0, 81.0]})
    >>> nothing_computed(corr_report(p, 2022))
    'correlations need at least two indicators with values; the data hold 1 (total)'
    >>> nothing_computed(trend_report(p))
    'every row is insufficient: n = 2 years; at least 3 are needed; 2 year(s) with data in 2022–2023; at least 3 are needed'
    """
    stored = frame.attrs.get("nothing_computed")
    if stored:
        return str(stored)
    if not len(frame):
        return "the report has no rows: there are no values in the chosen range"
    if "status" in frame.columns and (frame["status"] == "ok").any():
        return None
    reasons = [str(r) for r in dict.fromkeys(frame.get("reason", pd.Series()).dropna())]
    shown = "; ".join(reasons[:3]) + ("; …" if len(reasons) > 3 else "")
    return f"every row is insufficient: {shown or 'no reason recorded'}"


def _finish(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    out = frame.reindex(columns=list(columns)).reset_index(drop=True)
    out["n"] = out["n"].fillna(0).astype("int64")
    # One spelling of "missing" in text columns (None), whichever frame a row came from.
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            values = out[col].astype(object)
            out[col] = values.where(values.notna(), None)
    return out


def _plain(value: Any) -> Any:
    """Python scalar for JSON: NaN/NA -> None, numpy scalars -> int/float/bool."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def to_json_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts for JSON: NaN becomes None, numpy scalars become Python ones.

    Minimum n: none.

    Parameters
    ----------
    df : pandas.DataFrame

    Returns
    -------
    list of dict

    Examples
    --------
    >>> to_json_records(pd.DataFrame({"a": [1.5, float("nan")], "b": ["x", None]}))
    [{'a': 1.5, 'b': 'x'}, {'a': None, 'b': None}]
    """
    return [
        {str(k): _plain(v) for k, v in row.items()} for row in df.astype(object).to_dict("records")
    ]


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return "NA"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def format_table(df: pd.DataFrame, max_colwidth: int = 60) -> str:
    """Fixed-width text of a table: numbers to 4 significant digits, NaN as "NA".

    Numeric columns are right-aligned, text left-aligned; text cells longer than
    ``max_colwidth`` are cut with "…" (the JSON export keeps the full text).

    Minimum n: none (an empty table prints its header).

    Parameters
    ----------
    df : pandas.DataFrame
    max_colwidth : int
        Longest text cell kept whole.

    Returns
    -------
    str

    Examples
    --------
    >>> print(format_table(pd.DataFrame({"indicator": ["total"], "pvalue": [0.0123456]})))
    indicator   pvalue
    ---------  -------
    total      0.01235
    """
    if max_colwidth < 2:
        raise ValueError("max_colwidth must be at least 2")
    columns = [str(c) for c in df.columns]
    cells: list[list[str]] = []
    for col in df.columns:
        texts = [_cell(v) for v in df[col].tolist()]
        texts = [t if len(t) <= max_colwidth else t[: max_colwidth - 1] + "…" for t in texts]
        cells.append(texts)
    numeric = [
        pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
        for c in df.columns
    ]
    widths = [
        max([len(name), *(len(t) for t in texts)])
        for name, texts in zip(columns, cells, strict=True)
    ]

    def line(parts: Sequence[str]) -> str:
        padded = [
            p.rjust(w) if num else p.ljust(w)
            for p, w, num in zip(parts, widths, numeric, strict=True)
        ]
        return "  ".join(padded).rstrip()

    lines = [line(columns), line(["-" * w for w in widths])]
    lines += [line([c[i] for c in cells]) for i in range(len(df))]
    return "\n".join(lines)
