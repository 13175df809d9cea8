"""Trends over years: per unit, citywide, and the stability of the ranking.

Per-unit series are short (a handful of years), so per-unit slopes are descriptive:
a test on four or five points has almost no power, and "no significant trend" must not be
read as "no trend". The citywide question ("do scores rise over the years across units?")
is answered with Page's trend test, which uses every complete unit as a block.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from analysis.stats.correlation import (
    RANK_CI_MIN,
    SPEARMAN_EDGEWORTH_MAX,
    SPEARMAN_EXACT_MAX,
    fisher_z_ci,
    spearman_edgeworth_p,
    spearman_exact_p,
)
from analysis.stats.multiplicity import holm
from analysis.stats.periods import (
    DEFAULT_PERIODS,
    MethodPeriod,
    comparability_warning,
    span_warning,
)
from analysis.stats.result import (
    StatResult,
    check_panel,
    indicator_by_year,
    insufficient,
    unit_ranks,
    unit_values,
)
from analysis.stats.trend_batch import (
    mann_kendall,
    mann_kendall_floor,
    ols_slope,
    sen_ci_ranks,
    theil_sen,
    theil_sen_exact,
)

__all__ = [
    "MIN_RANK_UNITS",
    "MIN_TREND_UNITS",
    "MIN_YEARS",
    "PAGE_EXACT_UNITS",
    "UNIT_TREND_COLUMNS",
    "biggest_falls",
    "citywide_direction",
    "citywide_trend",
    "page_method",
    "most_improved",
    "rank_movement",
    "rank_stability",
    "unit_trends",
]

#: Minimum years per unit (unit_trends) and per range (citywide_trend).
MIN_YEARS = 3
#: Minimum units complete over the range for Page's test.
MIN_TREND_UNITS = 6
#: Minimum units ranked in both years for rank_stability.
MIN_RANK_UNITS = 5

UNIT_TREND_COLUMNS: tuple[str, ...] = (
    "unit_id",
    "n",
    "slope_theil_sen",
    "ci_low",
    "ci_high",
    "slope_ols",
    "ols_ci_low",
    "ols_ci_high",
    "kendall_tau",
    "pvalue",
    "p_adjusted",
    "ci_level",
    "method",
    "warning",
    "status",
    "reason",
    "note",
)

_UNIT_METHOD = (
    "Theil–Sen slope (points per year) with Sen's CI from the exact distribution of "
    "Kendall's S (achieved level in ci_level; none below 5 years, where no interval of "
    "pairwise slopes reaches 95%); OLS slope with t-based 95% CI; Kendall tau of value on "
    "year with the Mann–Kendall p-value, Holm-adjusted across units (descriptive)"
)
_FLAT_REASON = "the score did not change over these years; Kendall tau is undefined"
# The numeric columns of a unit row: from the slope to the p-value.
_NUMERIC = UNIT_TREND_COLUMNS[
    UNIT_TREND_COLUMNS.index("slope_theil_sen") : UNIT_TREND_COLUMNS.index("ci_level") + 1
]
#: Units per vectorised call: bounds the pairwise arrays (units × years²) in memory.
_BATCH_ROWS = 4096
_POWER_NOTE = (
    "A per-unit test over a handful of years has almost no power: a large p-value does not "
    "mean the score is flat. Read the slope and its interval, not the p-value."
)


def _year_range(
    data: pd.DataFrame, indicator: str, year_from: int | None, year_to: int | None
) -> list[int]:
    if year_from is not None and year_to is not None and year_from > year_to:
        raise ValueError(f"the range starts after it ends ({year_from} > {year_to})")
    years = sorted(int(y) for y in data.loc[data["indicator_id"] == indicator, "year"].unique())
    lo = year_from if year_from is not None else -math.inf
    hi = year_to if year_to is not None else math.inf
    return [y for y in years if lo <= y <= hi]


def _unit_row(unit: str, series: pd.Series, periods: Sequence[MethodPeriod]) -> dict[str, object]:
    s = series.dropna()
    years = s.index.to_numpy(dtype=float)
    values = s.to_numpy(dtype=float)
    n = int(s.size)
    row: dict[str, object] = {
        "unit_id": unit,
        "n": n,
        "method": _UNIT_METHOD,
        "warning": span_warning(s.index, periods),
        "status": "ok",
        "reason": None,
        "note": _POWER_NOTE,
    }
    if n < MIN_YEARS:
        row["status"] = "insufficient"
        row["reason"] = f"n = {n} years; at least {MIN_YEARS} are needed"
        return row
    ts = stats.theilslopes(values, years)
    lr = stats.linregress(years, values)
    half = stats.t.ppf(0.975, n - 2) * lr.stderr
    ranks = sen_ci_ranks(n)
    slopes = np.sort(
        np.array(
            [
                (values[j] - values[i]) / (years[j] - years[i])
                for i in range(n)
                for j in range(i + 1, n)
            ]
        )
    )
    row.update(
        slope_theil_sen=float(ts.slope),
        ci_low=float(slopes[ranks[0]]) if ranks else math.nan,
        ci_high=float(slopes[ranks[1]]) if ranks else math.nan,
        ci_level=ranks[2] if ranks else math.nan,
        slope_ols=float(lr.slope),
        ols_ci_low=float(lr.slope - half),
        ols_ci_high=float(lr.slope + half),
    )
    if np.ptp(values) == 0:
        row["reason"] = _FLAT_REASON
    else:
        kt = stats.kendalltau(years, values)
        row.update(kendall_tau=float(kt.statistic), pvalue=float(kt.pvalue))
    return row


def _trend_columns(wide: pd.DataFrame, periods: Sequence[MethodPeriod]) -> dict[str, np.ndarray]:
    """The columns of :func:`unit_trends` for every unit (row) of ``wide``.

    Units are grouped by the set of years they have a value in; each group is computed at
    once with :mod:`analysis.stats.trend_batch`, which reproduces the SciPy calls of
    :func:`_unit_row`. Rows with an infinite value go through :func:`_unit_row` itself.
    """
    m = len(wide)
    values = wide.to_numpy(dtype=float)
    cols: dict[str, np.ndarray] = {
        "unit_id": np.array([str(u) for u in wide.index], dtype=object),
        "n": np.zeros(m, dtype=np.int64),
        **{c: np.full(m, np.nan) for c in _NUMERIC},
        "method": np.full(m, _UNIT_METHOD, dtype=object),
        "warning": np.full(m, None, dtype=object),
        "status": np.full(m, "ok", dtype=object),
        "reason": np.full(m, None, dtype=object),
        "note": np.full(m, _POWER_NOTE, dtype=object),
    }
    if m == 0:
        return cols
    patterns, group = np.unique(~np.isnan(values), axis=0, return_inverse=True)
    group = group.ravel()
    for g, mask in enumerate(patterns):
        rows = np.flatnonzero(group == g)
        years = wide.columns[mask]
        n = len(years)
        cols["n"][rows] = n
        cols["warning"][rows] = span_warning(years, periods)
        if n < MIN_YEARS:
            cols["status"][rows] = "insufficient"
            cols["reason"][rows] = f"n = {n} years; at least {MIN_YEARS} are needed"
            continue
        block = values[np.ix_(rows, mask)]
        finite = np.isfinite(block).all(axis=1)
        for row in rows[~finite]:
            one = _unit_row(str(wide.index[row]), wide.iloc[row], periods)
            for col in UNIT_TREND_COLUMNS:
                cols[col][row] = one.get(col, cols[col][row])
        rows, block = rows[finite], block[finite]
        x = np.asarray(years, dtype=float)
        half_t = stats.t.ppf(0.975, n - 2)
        for start in range(0, len(rows), _BATCH_ROWS):
            part = slice(start, start + _BATCH_ROWS)
            _fill_batch(cols, rows[part], block[part], x, half_t)
    return cols


def _fill_batch(
    cols: dict[str, np.ndarray], rows: np.ndarray, block: np.ndarray, x: np.ndarray, half_t: float
) -> None:
    ts = theil_sen_exact(block, x)
    ranks = sen_ci_ranks(x.size)
    ols = ols_slope(block, x)
    mk = mann_kendall(block, x)
    half = half_t * ols.stderr
    cols["slope_theil_sen"][rows] = ts.slope
    cols["ci_low"][rows] = ts.low
    cols["ci_high"][rows] = ts.high
    cols["ci_level"][rows] = ranks[2] if ranks else np.nan
    cols["slope_ols"][rows] = ols.slope
    cols["ols_ci_low"][rows] = ols.slope - half
    cols["ols_ci_high"][rows] = ols.slope + half
    flat = np.ptp(block, axis=1) == 0
    cols["kendall_tau"][rows] = np.where(flat, np.nan, mk.tau)
    cols["pvalue"][rows] = np.where(flat, np.nan, mk.pvalue)
    cols["reason"][rows[flat]] = _FLAT_REASON


def unit_trends(
    panel: pd.DataFrame,
    indicator: str = "total",
    year_from: int | None = None,
    year_to: int | None = None,
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Per-unit trend of one indicator: Theil–Sen and OLS slopes, Kendall tau (descriptive).

    For each unit, the years in ``[year_from, year_to]`` with a value are used (missing
    years are skipped, not imputed). Theil–Sen: the slope of ``scipy.stats.theilslopes``;
    its CI comes from the exact distribution of Kendall's S
    (:func:`analysis.stats.trend_batch.sen_ci_ranks`), ``ci_level`` is the level it
    achieves (at least 0.95; with 3 or 4 years no such interval exists and the bounds are
    NaN, because the widest one covers only 67% or 92%). OLS: ``scipy.stats.linregress``
    with slope ± t(0.975, n-2)·SE. Kendall tau of value on year (``scipy.stats.kendalltau``;
    its p-value is the Mann–Kendall test, exact for small n without ties) is labelled
    descriptive: see the ``note`` column. ``p_adjusted`` is Holm across the units; when
    not even the smallest attainable p could survive that (m × 2/n! >= ``alpha``, e.g. 30
    units over 6 years) both p columns are NaN and the note says why. Units with the
    same years are computed together by :mod:`analysis.stats.trend_batch`, which repeats SciPy's
    arithmetic on whole arrays (same results, without one SciPy call per unit).

    Minimum n: 3 years per unit; fewer gives a row with status "insufficient" and a reason.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel.
    indicator : str
    year_from, year_to : int, optional
        Inclusive range; default all years.
    periods : sequence of MethodPeriod
        ``warning`` is filled when a unit's years span method periods.

    Returns
    -------
    pandas.DataFrame
        One row per unit that has the indicator in the panel (any year), sorted by unit_id;
        columns unit_id, n, slope_theil_sen, ci_low, ci_high, slope_ols, ols_ci_low,
        ols_ci_high, kendall_tau, pvalue, p_adjusted, ci_level, method, warning, status,
        reason, note.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": "a", "year": [2021, 2022, 2023, 2024],
    ...                   "indicator_id": "total", "value": [80.0, 82.0, 81.0, 85.0]})
    >>> unit_trends(p)[["n", "slope_theil_sen", "kendall_tau"]].round(3).to_dict("records")
    [{'n': 4, 'slope_theil_sen': 1.583, 'kendall_tau': 0.667}]
    """
    data = check_panel(panel)
    years = _year_range(data, indicator, year_from, year_to)
    # Only this indicator's rows: indicator_by_year validates its input again.
    wide = indicator_by_year(data[data["indicator_id"] == indicator], indicator, years)
    columns = _trend_columns(wide, periods)
    _adjust_unit_pvalues(columns, alpha)
    # dtype=object keeps None (not NaN) for missing text, as in results_frame.
    frame = pd.DataFrame(columns, columns=list(UNIT_TREND_COLUMNS), dtype=object)
    frame[list(_NUMERIC)] = frame[list(_NUMERIC)].astype(float)
    frame["n"] = frame["n"].astype("int64")
    return frame


def _adjust_unit_pvalues(cols: dict[str, np.ndarray], alpha: float) -> None:
    """Holm across units, or no p-values at all when none could reach ``alpha``.

    The smallest Holm-adjusted p any unit can get is m × 2/n! (m units with a p-value,
    n their most years): with 6 years and 30 units that is 0.083, so a p-value column
    that can never be significant is dropped and the note says why.
    """
    p = cols["pvalue"]
    has = np.isfinite(p)
    m = int(has.sum())
    if m == 0:
        return
    floor = min(mann_kendall_floor(int(n)) for n in cols["n"][has])
    if m * floor >= alpha:
        cols["pvalue"][has] = np.nan
        years = int(max(cols["n"][has]))
        note = (
            f"No per-unit p-value: with {years} years the smallest possible Mann–Kendall p "
            f"is 2/{years}! = {floor:.4f}, and after Holm's adjustment over {m} units it "
            f"cannot fall below {alpha:g}. {_POWER_NOTE}"
        )
        cols["note"][has] = note
        return
    cols["p_adjusted"] = holm(p)


def citywide_trend(
    panel: pd.DataFrame,
    indicator: str = "total",
    year_from: int | None = None,
    year_to: int | None = None,
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
    alternative: str = "two-sided",
) -> StatResult:
    """Do scores move in one direction over the years, across units? (Page's trend test).

    Units are blocks and the years in range (those with any value) are ordered
    treatments; only units with a value in every one of those years are used, and the
    number dropped is stated in ``warning``. ``scipy.stats.page_trend_test`` tests an
    increasing order; for "two-sided" the smaller of the increasing and decreasing
    one-sided p-values is doubled (L is symmetric under the null), capped at 1.
    Effect size: the mean rank correlation with the year, 12 L / (n k (k² - 1)) -
    3 (k + 1)/(k - 1): the average over units of Spearman's rho between year and score
    (ranks within a unit, average ranks for ties), -1 = every unit falls every year,
    0 = no trend (its expectation under the null), +1 = every unit rises every year. It
    is L rescaled, so its sign is the direction the test found. (Kendall's W, shown
    before, measures agreement on *any* order of the years, not a trend.) ``estimate`` is
    the median of the units' Theil–Sen slopes (points per year, descriptive); use
    :func:`citywide_direction` for the direction to put in words.

    Minimum n: 3 years and 6 complete units.

    Parameters
    ----------
    panel : pandas.DataFrame
    indicator : str
    year_from, year_to : int, optional
    periods : sequence of MethodPeriod
    alternative : {"two-sided", "increasing", "decreasing"}

    Returns
    -------
    StatResult
        ``statistic`` = Page's L, ``n`` = complete units.

    Examples
    --------
    >>> units = [f"u{i}" for i in range(6)]
    >>> p = pd.DataFrame([{"unit_id": u, "year": y, "indicator_id": "total",
    ...                    "value": 80 + i + (y - 2021) * (1 + i % 2)}
    ...                   for i, u in enumerate(units) for y in (2021, 2022, 2023)])
    >>> res = citywide_trend(p)
    >>> res.n, res.statistic, f"{res.pvalue:.3g}", res.effect_size, res.effect_size_name
    (6, 84.0, '4.29e-05', 1.0, 'mean_rank_correlation_with_year')
    """
    if alternative not in ("two-sided", "increasing", "decreasing"):
        raise ValueError(f"unknown alternative {alternative!r}")
    data = check_panel(panel)
    years = _year_range(data, indicator, year_from, year_to)
    wide = indicator_by_year(data, indicator, years)
    complete = wide.dropna()
    dropped = len(wide) - len(complete)
    n_units, k = len(complete), len(years)
    method = (
        f"Page's trend test ({alternative}; units as blocks, years as ordered treatments); "
        "effect size the mean rank correlation of score with year (L rescaled to -1..1)"
    )
    warnings = [w for w in (span_warning(years, periods),) if w]
    if dropped:
        warnings.append(
            f"{dropped} of {len(wide)} units dropped: no value in every year of "
            f"{years[0]}–{years[-1]}"
        )
    warning = "; ".join(warnings) or None
    if k < MIN_YEARS:
        span = f"{years[0]}–{years[-1]}" if years else "the range"
        return StatResult(
            method=method,
            indicator=indicator,
            n=n_units,
            warning=warning,
            status="insufficient",
            reason=f"{k} year(s) with data in {span}; at least {MIN_YEARS} are needed",
        )
    if n_units < MIN_TREND_UNITS:
        return insufficient(
            method,
            n_units,
            MIN_TREND_UNITS,
            f"units with a value in every year ({dropped} of {len(wide)} dropped)",
            indicator,
            unit="complete units",
            warning=warning,
        )
    matrix = complete.to_numpy(dtype=float)
    if np.all(np.ptp(matrix, axis=1) == 0):
        return insufficient(
            method,
            n_units,
            MIN_TREND_UNITS,
            "no variation within units",
            indicator,
            unit="complete units",
            warning=warning,
        )
    how = page_method(n_units, k)
    increasing = stats.page_trend_test(matrix, method=how)
    if alternative == "increasing":
        pvalue = float(increasing.pvalue)
    else:
        decreasing = stats.page_trend_test(
            matrix, predicted_ranks=list(range(k, 0, -1)), method=how
        )
        pvalue = float(decreasing.pvalue)
        if alternative == "two-sided":
            pvalue = min(1.0, 2 * min(float(increasing.pvalue), pvalue))
    big_l = float(increasing.statistic)
    trend_r = 12 * big_l / (n_units * k * (k * k - 1)) - 3 * (k + 1) / (k - 1)
    x = np.asarray(years, dtype=float)
    if np.all(np.isfinite(matrix)):
        # All units at once: the slopes theilslopes gives per unit (see trend_batch).
        slopes = theil_sen(matrix, x).slope
    else:
        slopes = np.array([stats.theilslopes(row, x).slope for row in matrix])
    return StatResult(
        method=f"{method}; p-value {increasing.method}",
        indicator=indicator,
        n=n_units,
        statistic=float(increasing.statistic),
        pvalue=pvalue,
        effect_size=trend_r,
        effect_size_name="mean_rank_correlation_with_year",
        estimate=float(np.median(slopes)),
        warning=warning,
    )


#: Most complete units for which Page's p is computed exactly when there are 3 or 4 years.
PAGE_EXACT_UNITS = 60


def page_method(n_units: int, k: int) -> str:
    """The ``method`` of ``scipy.stats.page_trend_test`` the app uses.

    SciPy's "auto" takes the normal approximation from 13 units on; with 3 or 4 years L is
    so discrete that it rejects up to 5.7% of true nulls at 5% (bench/README.md), so the
    exact distribution is used there (cheap: 0.05 s for 30 units and 4 years).

    Examples
    --------
    >>> page_method(30, 4), page_method(30, 6)
    ('exact', 'auto')
    """
    return "exact" if k <= 4 and n_units <= PAGE_EXACT_UNITS else "auto"


def citywide_direction(result: StatResult, alpha: float = 0.05) -> str | None:
    """The direction Page's test found: "rise", "fall", or None when nothing can be said.

    The direction is that of L against its expectation (the sign of ``effect_size`` of
    :func:`citywide_trend`), and only when the test rejects at ``alpha``. When the median
    Theil–Sen slope (``estimate``) points the other way, or is zero, units disagree in a
    way the two summaries read differently (e.g. many small zig-zag rises against steady
    falls), so no direction is stated.

    Parameters
    ----------
    result : StatResult
        Output of :func:`citywide_trend`.
    alpha : float

    Returns
    -------
    str or None

    Examples
    --------
    >>> r = StatResult(method="Page", n=30, pvalue=0.001, effect_size=0.4, estimate=0.8)
    >>> citywide_direction(r)
    'rise'
    >>> citywide_direction(r.replace(estimate=-0.1)) is None
    True
    """
    if result.status != "ok" or result.pvalue is None or result.effect_size is None:
        return None
    if result.pvalue >= alpha or result.effect_size == 0:
        return None
    direction = "rise" if result.effect_size > 0 else "fall"
    slope = result.estimate
    if slope is None or slope == 0 or (slope > 0) != (direction == "rise"):
        return None
    return direction


def rank_stability(
    panel: pd.DataFrame,
    year_a: int,
    year_b: int,
    indicator: str = "total",
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
) -> list[StatResult]:
    """How similar the rankings of two years are: Kendall tau-b and Spearman rho.

    Ranks come from :func:`analysis.stats.result.unit_ranks` (published ranks when the panel
    has a ``rank`` column, otherwise competition ranks of the scores, 1 = best), over the
    units ranked in both years. Rho's CI uses Fisher's z with SE sqrt((1 + rho²/2)/(n-3))
    (Bonett & Wright 2000), from 10 units (below, none: it covers far less than 95% for
    strongly related rankings); tau-b gets no interval, because Fisher's z with Fieller's
    SE sqrt(0.437/(n-4)) covers as little as 92.5% there (bench/README.md). Rho's p-value
    is exact up to 9 units and from the Edgeworth series above, as R's ``cor.test``.

    Minimum n: 5 units ranked in both years (for each statistic); constant ranks give
    "no variation".

    Returns
    -------
    list of StatResult
        ``[kendall tau-b, spearman rho]``; ``estimate`` = ``statistic`` = the coefficient.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": list("abcdef") * 2, "year": [2022] * 6 + [2023] * 6,
    ...                   "indicator_id": "total",
    ...                   "value": [1, 2, 3, 4, 5, 6, 2, 1, 3, 4, 6, 5]})
    >>> [round(r.estimate, 3) for r in rank_stability(p, 2022, 2023)]
    [0.733, 0.886]
    """
    data = check_panel(panel)
    ra = unit_ranks(data, indicator, year_a)
    rb = unit_ranks(data, indicator, year_b)
    both = pd.concat([ra.rename("a"), rb.rename("b")], axis=1, join="inner").dropna()
    n = len(both)
    warning = comparability_warning(year_a, year_b, periods)
    specs = (
        ("kendall", "Kendall tau-b", "kendall_tau_b", "SE sqrt(0.437/(n-4))"),
        ("spearman", "Spearman rho", "spearman_rho", "SE sqrt((1 + rho²/2)/(n-3))"),
    )
    out: list[StatResult] = []
    for kind, label, effect_name, se_text in specs:
        method = (
            f"{label} between the ranks of {year_a} and {year_b}; 95% CI by Fisher z ({se_text})"
        )
        if n < MIN_RANK_UNITS:
            out.append(
                insufficient(
                    method,
                    n,
                    MIN_RANK_UNITS,
                    "units ranked in both years",
                    indicator,
                    unit="units",
                    warning=warning,
                )
            )
            continue
        if both["a"].nunique() < 2 or both["b"].nunique() < 2:
            out.append(
                insufficient(
                    method,
                    n,
                    MIN_RANK_UNITS,
                    "no variation",
                    indicator,
                    unit="units",
                    warning=warning,
                )
            )
            continue
        if kind == "kendall":
            res = stats.kendalltau(both["a"], both["b"], variant="b")
            pvalue = float(res.pvalue)
        else:
            res = stats.spearmanr(both["a"], both["b"])
            pvalue = float(res.pvalue)
            if n <= SPEARMAN_EXACT_MAX:
                pvalue = spearman_exact_p(both["a"], both["b"])
            elif n <= SPEARMAN_EDGEWORTH_MAX:
                pvalue = spearman_edgeworth_p(float(res.statistic), n)
        r = float(res.statistic)
        low, high = fisher_z_ci(r, n, kind)
        ci_reason = None
        if kind == "kendall":
            # Fisher z with Fieller's SE covers as little as 92.5% for the strongly
            # related rankings of two years (bench/README.md): no interval is labelled 95%.
            low = high = math.nan
            ci_reason = (
                "no interval for Kendall's tau: its Fisher-z interval covers less than 95% "
                "for strongly related rankings; read Spearman's interval"
            )
        elif n < RANK_CI_MIN:
            # Below 10 units the Fisher-z intervals of tau and rho cover far less than
            # 95% for the strong correlations of rankings (bench/README.md).
            low = high = math.nan
            ci_reason = f"no interval below {RANK_CI_MIN} units: none reaches 95% coverage there"
        out.append(
            StatResult(
                method=method,
                indicator=indicator,
                n=n,
                statistic=r,
                pvalue=pvalue,
                ci_low=low,
                ci_high=high,
                effect_size=r,
                effect_size_name=effect_name,
                estimate=r,
                warning=warning,
                reason=ci_reason,
            )
        )
    return out


def rank_movement(
    panel: pd.DataFrame, year_a: int, year_b: int, indicator: str = "total"
) -> pd.DataFrame:
    """Rank and score of each unit in two years, and how far it moved.

    Ranks as in :func:`rank_stability`. Only units ranked in both years are listed; when
    the set of ranked units differs between years, ranks are out of different totals.

    Minimum n: none (an empty frame when no unit is ranked in both years).

    Returns
    -------
    pandas.DataFrame
        Columns unit_id, rank_a, rank_b, change (= rank_a - rank_b, positive = moved up),
        score_a, score_b, delta (= score_b - score_a); sorted by change descending, then
        delta descending, then unit_id.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": list("abc") * 2, "year": [2022] * 3 + [2023] * 3,
    ...                   "indicator_id": "total", "value": [90, 80, 70, 85, 88, 70]})
    >>> rank_movement(p, 2022, 2023)[["unit_id", "rank_a", "rank_b", "change"]]
      unit_id  rank_a  rank_b  change
    0       b     2.0     1.0     1.0
    1       c     3.0     3.0     0.0
    2       a     1.0     2.0    -1.0
    """
    data = check_panel(panel)
    ranks = pd.concat(
        [
            unit_ranks(data, indicator, year_a).rename("rank_a"),
            unit_ranks(data, indicator, year_b).rename("rank_b"),
        ],
        axis=1,
        join="inner",
    ).dropna()
    scores = pd.concat(
        [
            unit_values(data, indicator, year_a).rename("score_a"),
            unit_values(data, indicator, year_b).rename("score_b"),
        ],
        axis=1,
    )
    out = ranks.join(scores, how="left")
    out = out.reindex(columns=["rank_a", "rank_b", "score_a", "score_b"]).astype(float)
    out["change"] = out["rank_a"] - out["rank_b"]
    out["delta"] = out["score_b"] - out["score_a"]
    out.index.name = "unit_id"
    out = out.reset_index()
    out["unit_id"] = out["unit_id"].astype(object)
    out = out.sort_values(
        ["change", "delta", "unit_id"], ascending=[False, False, True], na_position="last"
    )
    cols = ["unit_id", "rank_a", "rank_b", "change", "score_a", "score_b", "delta"]
    return out[cols].reset_index(drop=True)


def most_improved(movement: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """The k units that climbed most (change > 0 only; fewer rows if fewer climbed).

    Ties in change are ordered by delta, then unit_id, as in :func:`rank_movement`.

    Minimum n: none.

    Parameters
    ----------
    movement : pandas.DataFrame
        Output of :func:`rank_movement` (needs unit_id, change, delta).
    k : int

    Returns
    -------
    pandas.DataFrame
        At most k rows of ``movement``.

    Examples
    --------
    >>> df = pd.DataFrame({"unit_id": ["a", "b", "c"], "change": [3.0, 0.0, -2.0],
    ...                    "delta": [1.0, 0.0, -1.0]})
    >>> most_improved(df, 2)["unit_id"].tolist()
    ['a']
    """
    up = movement[movement["change"] > 0]
    up = up.sort_values(["change", "delta", "unit_id"], ascending=[False, False, True])
    return up.head(k).reset_index(drop=True)


def biggest_falls(movement: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """The k units that fell most (change < 0 only), largest fall first.

    Ties in change are ordered by delta (largest loss first), then unit_id.

    Minimum n: none.

    Parameters
    ----------
    movement : pandas.DataFrame
        Output of :func:`rank_movement` (needs unit_id, change, delta).
    k : int

    Returns
    -------
    pandas.DataFrame
        At most k rows of ``movement``.

    Examples
    --------
    >>> df = pd.DataFrame({"unit_id": ["a", "b", "c"], "change": [3.0, -1.0, -2.0],
    ...                    "delta": [1.0, 0.0, -1.0]})
    >>> biggest_falls(df, 5)["unit_id"].tolist()
    ['c', 'b']
    """
    down = movement[movement["change"] < 0]
    down = down.sort_values(["change", "delta", "unit_id"], ascending=[True, True, True])
    return down.head(k).reset_index(drop=True)
