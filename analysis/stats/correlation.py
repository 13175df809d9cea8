"""Correlations between the total and the component areas.

Pairs are compared on pairwise-complete observations. With one year the observations are
units; with several years they are pooled unit-years, which are *not* independent (the
same unit appears several times), so p-values and CIs from pooled data are too
optimistic and the ``method`` string says so.

With several years, each indicator is first centred on its mean of the year, so a rise
shared by every unit (which moves all indicators together) does not count as
association: pooled raw scores gave public finance ~ digital government r = 0.73 where
the within-year r is 0.33.

The total is built from the components, so a component correlates with it partly by
construction. The "part–whole" rows therefore correlate each component with the *mean of
the other components* (corrected part–whole correlation) and form their own multiplicity
family, apart from the component pairs.

Confidence intervals use Fisher's z transform: SE = 1/sqrt(n-3) for Pearson's r,
SE = sqrt((1 + rho²/2)/(n-3)) for Spearman's rho (Bonett & Wright 2000) and
SE = sqrt(0.437/(n-4)) for Kendall's tau (Fieller, Hartley & Pearson 1957). Spearman's
p-value is exact up to :data:`SPEARMAN_EXACT_MAX` observations (all n! pairings, ties
included), from the Edgeworth series of AS 89 up to 1290 (as R's ``cor.test``), and
SciPy's t approximation above; its CI is given from :data:`RANK_CI_MIN` observations. When a p-value below 0.05 and an interval
containing 0 (or the reverse) disagree, ``warning`` says so.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats

from analysis.stats.multiplicity import adjust as adjust_pvalues
from analysis.stats.periods import DEFAULT_PERIODS, MethodPeriod, span_warning
from analysis.stats.result import (
    COMPONENT_IDS,
    StatResult,
    check_panel,
    indicators_in,
    insufficient,
    results_frame,
)

__all__ = [
    "MIN_PAIRS",
    "MIN_GROUP",
    "RANK_CI_MIN",
    "SPEARMAN_EDGEWORTH_MAX",
    "SPEARMAN_EXACT_MAX",
    "bootstrap_ci",
    "component_rest_association",
    "spearman_edgeworth_p",
    "spearman_exact_p",
    "correlate",
    "correlation_matrix",
    "fisher_z_ci",
    "fitted_line",
    "pair_scatter",
    "top_bottom_separation",
]

#: Minimum pairwise-complete observations for a correlation.
MIN_PAIRS = 5
#: Minimum units per group in :func:`top_bottom_separation`.
MIN_GROUP = 3
#: Largest n for Spearman's exact permutation p-value (9! = 362 880 pairings).
SPEARMAN_EXACT_MAX = 9
#: Largest n for the Edgeworth series p-value of Spearman's rho (as R); t above.
SPEARMAN_EDGEWORTH_MAX = 1290
#: Smallest n for a rank correlation's CI: below it the Fisher-z intervals of rho (Bonett &
#: Wright) and of tau cover well under 94% when the correlation is strong (simulation in
#: bench/README.md: 86% at n = 5 for a normal rho of 0.8).
RANK_CI_MIN = 10
#: Coefficients of the Edgeworth series of AS 89 (Best & Roberts 1975), as in R's prho.c.
_AS89 = (0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932, 0.0879, 0.0151, 0.0072, 0.0831,
         0.0131, 4.6e-4)  # fmt: skip

_FISHER_SE = {
    "pearson": lambda n, r: 1.0 / math.sqrt(n - 3),
    "spearman": lambda n, r: math.sqrt((1 + r * r / 2) / (n - 3)),
    "kendall": lambda n, r: math.sqrt(0.437 / (n - 4)),
}
_METHOD_NAMES = {"pearson": "Pearson r", "spearman": "Spearman rho"}
_SE_TEXT = {
    "pearson": "SE 1/sqrt(n-3)",
    "spearman": "SE sqrt((1 + rho²/2)/(n-3)), Bonett & Wright 2000",
    "kendall": "SE sqrt(0.437/(n-4)), Fieller et al. 1957",
}


@lru_cache(maxsize=SPEARMAN_EXACT_MAX + 1)
def _permutations(n: int) -> np.ndarray:
    """All n! orderings of range(n), one per row."""
    return np.array(list(itertools.permutations(range(n))), dtype=np.int8)


def spearman_edgeworth_p(rho: float, n: int) -> float:
    """Two-sided p-value of Spearman's rho from the Edgeworth series of AS 89.

    What R's ``cor.test(method="spearman")`` uses for 10 <= n <= 1290: the upper tail of
    S = sum of squared rank differences, P(S >= s), with a continuity correction;
    two-sided p = 2 P(S <= min(s, s_max - s)), capped at 1. SciPy's t approximation is
    liberal at n = 10-20 (rejects about 5.8% of true nulls at 5%).

    Minimum n: 10 (the series is not meant for fewer; use :func:`spearman_exact_p`).

    Examples
    --------
    >>> # exact (all 10! pairings) 0.0490; SciPy's t approximation 0.0425
    >>> round(spearman_edgeworth_p(1 - 6 * 58 / 990, 10), 4)
    0.049
    """
    c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12 = _AS89
    n3 = n * (n * n - 1) / 3
    s = (n**3 - n) * (1 - rho) / 6
    q = round(min(s, n3 - s)) + 2  # P(S <= q) = 1 - P(S >= q + 2): S takes even values
    b = 1 / n
    x = (6 * (q - 1) * b / (n * n - 1) - 1) * math.sqrt(1 / b - 1)
    y = x * x
    u = (
        x
        * b
        * (
            c1
            + b * (c2 + c3 * b)
            + y
            * (
                -c4
                + b * (c5 + c6 * b)
                - y * b * (c7 + c8 * b - y * (c9 - c10 * b + y * b * (c11 - c12 * y)))
            )
        )
    )
    upper = min(1.0, max(0.0, u / math.exp(y / 2) + float(stats.norm.sf(x))))
    return float(min(1.0, 2 * (1 - upper)))


def spearman_exact_p(x: Sequence[float], y: Sequence[float]) -> float:
    """Two-sided exact permutation p-value of Spearman's rho (n <= 9), ties included.

    Every one of the n! pairings of the y ranks with the x ranks (average ranks for ties)
    is enumerated; p = min(1, 2 min(P(rho* >= rho), P(rho* <= rho))), as R's
    ``cor.test(method="spearman", exact=TRUE)`` (n <= 9, no ties) and
    ``scipy.stats.permutation_test(..., permutation_type="pairings")`` compute it.

    Minimum n: 3; at most :data:`SPEARMAN_EXACT_MAX`.

    Examples
    --------
    >>> x = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1]
    >>> y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8]
    >>> round(spearman_exact_p(x, y), 4)  # R: cor.test(x, y, method="spearman") p = 0.0968
    0.0968
    """
    rx = stats.rankdata(np.asarray(x, dtype=float))
    ry = stats.rankdata(np.asarray(y, dtype=float))
    n = rx.size
    if not 3 <= n <= SPEARMAN_EXACT_MAX:
        raise ValueError(f"exact Spearman p needs 3 to {SPEARMAN_EXACT_MAX} pairs, got {n}")
    cx, cy = rx - rx.mean(), ry - ry.mean()
    observed = float(cx @ cy)
    sums = cy[_permutations(n)] @ cx
    # Sums of products of halves and integers: a tolerance keeps equal values equal.
    upper = float(np.mean(sums >= observed - 1e-9))
    lower = float(np.mean(sums <= observed + 1e-9))
    return min(1.0, 2.0 * min(upper, lower))


def fisher_z_ci(
    r: float, n: int, kind: str = "pearson", confidence: float = 0.95
) -> tuple[float, float]:
    """Confidence interval for a correlation by Fisher's z transform.

    Minimum n: 4 for Pearson/Spearman, 5 for Kendall (the SE needs n-3 > 0 or n-4 > 0);
    below that the interval is (nan, nan) — callers refuse such n before getting here.

    Parameters
    ----------
    r : float
        Correlation estimate.
    n : int
        Number of observations.
    kind : {"pearson", "spearman", "kendall"}
        Chooses the standard error of z (see the module docstring).
    confidence : float
        Coverage, e.g. 0.95.

    Returns
    -------
    tuple of float
        (low, high); at |r| = 1 both equal r.

    Examples
    --------
    >>> [round(v, 4) for v in fisher_z_ci(0.5, 28)]
    [0.156, 0.7358]
    """
    if kind not in _FISHER_SE:
        raise ValueError(f"unknown kind {kind!r}; use one of {sorted(_FISHER_SE)}")
    if n - (4 if kind == "kendall" else 3) <= 0 or not np.isfinite(r):
        return (math.nan, math.nan)
    if abs(r) >= 1.0:
        return (float(r), float(r))
    z = math.atanh(r)
    half = stats.norm.ppf(0.5 + confidence / 2) * _FISHER_SE[kind](n, r)
    return (math.tanh(z - half), math.tanh(z + half))


def _check_method(method: str) -> None:
    if method not in _METHOD_NAMES:
        raise ValueError(f"unknown correlation method {method!r}; use 'pearson' or 'spearman'")


def _complete_pairs(x: Sequence[float], y: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=float)
    if xa.shape != ya.shape:
        raise ValueError("x and y must have the same length")
    keep = np.isfinite(xa) & np.isfinite(ya)
    return xa[keep], ya[keep]


def correlate(
    x: Sequence[float],
    y: Sequence[float],
    method: str = "pearson",
    indicator: str | None = None,
    *,
    method_note: str | None = None,
    warning: str | None = None,
) -> StatResult:
    """Correlation of two paired samples with its p-value and Fisher-z CI.

    Minimum n: 5 pairwise-complete pairs (pairs with a NaN are dropped). A constant
    variable gives status "insufficient" with reason "no variation".

    Parameters
    ----------
    x, y : sequence of float
        Paired observations.
    method : {"pearson", "spearman"}
        ``scipy.stats.pearsonr`` or ``scipy.stats.spearmanr`` (ties get average ranks).
    indicator : str, optional
        Label of the pair.
    method_note : str, optional
        Appended to the method string (e.g. the pooled-years caveat).
    warning : str, optional
        Carried into the result.

    Returns
    -------
    StatResult
        ``estimate`` = ``statistic`` = ``effect_size`` = r; CI for r.

    Examples
    --------
    >>> res = correlate([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5])
    >>> round(res.estimate, 4), round(res.pvalue, 4)
    (0.8286, 0.0416)
    """
    _check_method(method)
    xs, ys = _complete_pairs(x, y)
    n = int(xs.size)
    name = f"{_METHOD_NAMES[method]}; 95% CI by Fisher z ({_SE_TEXT[method]})"
    if method_note:
        name = f"{name}; {method_note}"
    if n < MIN_PAIRS:
        return insufficient(
            name, n, MIN_PAIRS, indicator=indicator, unit="complete pairs", warning=warning
        )
    if np.ptp(xs) == 0 or np.ptp(ys) == 0:
        return insufficient(
            name, n, MIN_PAIRS, "no variation", indicator, unit="complete pairs", warning=warning
        )
    res = stats.pearsonr(xs, ys) if method == "pearson" else stats.spearmanr(xs, ys)
    r = float(res.statistic)
    pvalue = float(res.pvalue)
    reason = None
    low, high = fisher_z_ci(r, n, method)
    if method == "spearman":
        if n <= SPEARMAN_EXACT_MAX:
            pvalue = spearman_exact_p(xs, ys)
            name = name.replace("Spearman rho;", "Spearman rho (exact permutation p);", 1)
        elif n <= SPEARMAN_EDGEWORTH_MAX:
            pvalue = spearman_edgeworth_p(r, n)
            name = name.replace("Spearman rho;", "Spearman rho (Edgeworth p, AS 89);", 1)
        if n < RANK_CI_MIN:
            low = high = math.nan
            reason = (
                f"no interval for rho below {RANK_CI_MIN} observations: none reaches 95% "
                "coverage there when the correlation is strong"
            )
    warning = _join(warning, _contradiction(pvalue, low, high))
    return StatResult(
        method=name,
        indicator=indicator,
        n=n,
        statistic=r,
        pvalue=pvalue,
        ci_low=low,
        ci_high=high,
        effect_size=r,
        effect_size_name=f"{method}_r",
        estimate=r,
        warning=warning,
        reason=reason,
    )


def _join(*parts: str | None) -> str | None:
    found = [p for p in parts if p]
    return "; ".join(found) or None


def _contradiction(pvalue: float, low: float, high: float, alpha: float = 0.05) -> str | None:
    """A sentence when the p-value and the interval disagree about 0, else None."""
    if not (np.isfinite(pvalue) and np.isfinite(low) and np.isfinite(high)):
        return None
    excludes = low > 0 or high < 0
    if (pvalue < alpha) == excludes:
        return None
    if pvalue < alpha:
        return (
            f"the p-value ({pvalue:.3g}) is below {alpha:g} but the approximate 95% interval "
            f"({low:.2f} to {high:.2f}) includes 0: with so few observations the two methods "
            "disagree, so treat the association as uncertain"
        )
    return (
        f"the approximate 95% interval ({low:.2f} to {high:.2f}) excludes 0 but the p-value "
        f"({pvalue:.3g}) is not below {alpha:g}: with so few observations the two methods "
        "disagree, so treat the association as uncertain"
    )


def _years_list(panel: pd.DataFrame, year: int | Sequence[int] | None) -> list[int]:
    if year is None:
        return sorted(int(y) for y in panel["year"].unique())
    if isinstance(year, int | np.integer):
        return [int(year)]
    return sorted({int(y) for y in year})


def _unit_year_wide(panel: pd.DataFrame, years: list[int], indicators: list[str]) -> pd.DataFrame:
    """Wide table indexed by (unit_id, year) with one column per indicator."""
    data = panel[panel["year"].isin(years) & panel["indicator_id"].isin(indicators)]
    wide = data.pivot(index=["unit_id", "year"], columns="indicator_id", values="value")
    return wide.reindex(columns=indicators).sort_index().astype(float)


def _pooled_note(years: list[int]) -> str | None:
    if len(years) <= 1:
        return None
    return (
        f"pooled unit-years {years[0]}–{years[-1]}, each indicator centred on its year mean "
        "(so the trend shared by all units does not count); the same unit appears in "
        "several years, so observations are not independent and p-values/CIs are too "
        "optimistic"
    )


def _year_centred(wide: pd.DataFrame) -> pd.DataFrame:
    """Each column minus its mean within the year (index level "year")."""
    if wide.index.get_level_values("year").nunique() <= 1:
        return wide
    return wide - wide.groupby(level="year").transform("mean")


def _rest_of(wide: pd.DataFrame, component: str, components: Sequence[str]) -> pd.Series:
    """Mean of the other components per row (NaN when one of them is missing)."""
    others = [c for c in components if c != component]
    return wide[others].mean(axis=1, skipna=False)


def correlation_matrix(
    panel: pd.DataFrame,
    year: int | Sequence[int] | None = None,
    method: str = "pearson",
    indicators: Sequence[str] | None = None,
    adjust: Sequence[str] = ("holm", "bh"),
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
) -> pd.DataFrame:
    """All pairwise correlations between indicators, in long form with adjusted p-values.

    Minimum n: 5 pairwise-complete observations per pair; below it (or for a constant
    variable, reason "no variation") the row has status "insufficient" and NaN numbers.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel (see :func:`analysis.stats.result.check_panel`).
    year : int, list of int or None
        One year (observations = units), several years or None for all years (observations
        = pooled unit-years; see the module docstring).
    method : {"pearson", "spearman"}
    indicators : sequence of str, optional
        Default: the indicators present, total first (all nine for an empty panel).
    adjust : sequence of {"holm", "bh"}
        Adjustments to add, each as a column ``p_<name>``, computed across the pairs with
        status "ok" in this matrix.
    periods : sequence of MethodPeriod
        Used for the ``warning`` when pooled years span method periods.

    Returns
    -------
    pandas.DataFrame
        Columns x, y, n, r, pvalue, ci_low, ci_high, p_holm, p_bh, method, warning,
        status, reason, family (one ``p_<name>`` column per entry of ``adjust``); one row
        per unordered pair, in indicator order. ``family`` is "components" for a pair of
        indicators and "part_whole" for a (total, component) pair when the total and at
        least two components are asked for: that row's r is the component against the
        mean of the other components (see the module docstring), and adjusted p-values
        are computed within each family.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": list("abcdef") * 2, "year": 2022,
    ...                   "indicator_id": ["total"] * 6 + ["procedures"] * 6,
    ...                   "value": [1, 2, 3, 4, 5, 6, 2, 1, 4, 3, 6, 5]})
    >>> correlation_matrix(p, 2022)[["x", "y", "n", "r"]].round(4).to_dict("records")
    [{'x': 'total', 'y': 'procedures', 'n': 6, 'r': 0.8286}]
    """
    _check_method(method)
    for name in adjust:
        if name not in ("holm", "bh"):
            raise ValueError(f"unknown adjustment {name!r}; use 'holm' and/or 'bh'")
    data = check_panel(panel)
    years = _years_list(data, year)
    inds = list(indicators) if indicators is not None else indicators_in(data)
    wide = _year_centred(_unit_year_wide(data, years, inds))
    note = _pooled_note(years)
    warning = span_warning(years, periods) if len(years) > 1 else None
    comps = [c for c in inds if c in COMPONENT_IDS]
    corrected = "total" in inds and len(comps) >= 2
    results: list[StatResult] = []
    families: list[str] = []
    pairs = list(itertools.combinations(inds, 2))
    for x, y in pairs:
        part_whole = corrected and "total" in (x, y) and {x, y} - {"total"} <= set(comps)
        if part_whole:
            comp = y if x == "total" else x
            xs, ys = wide[comp].to_numpy(), _rest_of(wide, comp, comps).to_numpy()
            label = f"{comp} ~ mean of the other components"
            pair_note = _join(_PART_WHOLE_NOTE, note)
        else:
            xs, ys = wide[x].to_numpy(), wide[y].to_numpy()
            label = f"{x} ~ {y}"
            pair_note = note
        results.append(
            correlate(xs, ys, method, indicator=label, method_note=pair_note, warning=warning)
        )
        families.append("part_whole" if part_whole else "components")
    frame = results_frame(results)
    family = pd.Series(families, dtype=object)
    out = pd.DataFrame(
        {
            "x": pd.Series([p[0] for p in pairs], dtype=object),
            "y": pd.Series([p[1] for p in pairs], dtype=object),
            "n": frame["n"],
            "r": frame["estimate"],
            "pvalue": frame["pvalue"],
            "ci_low": frame["ci_low"],
            "ci_high": frame["ci_high"],
        }
    )
    for name in adjust:
        adjusted = np.full(len(out), np.nan)
        for fam in family.unique():
            mask = (family == fam).to_numpy()
            adjusted[mask] = adjust_pvalues(frame["pvalue"].to_numpy()[mask], name)
        out[f"p_{name}"] = adjusted
    for col in ("method", "warning", "status", "reason"):
        out[col] = frame[col]
    out["family"] = family
    return out


_PART_WHOLE_NOTE = (
    "corrected part–whole: the component against the mean of the other components, "
    "not the total that contains it; adjusted within the part–whole family"
)


def component_rest_association(
    panel: pd.DataFrame,
    year: int | Sequence[int],
    method: str = "spearman",
    components: Sequence[str] | None = None,
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
) -> pd.DataFrame:
    """Which components go with a high standing on the others (non-circular).

    Replaces "which components separate the top from the bottom units": units chosen by
    their total, which is built from the components, differ on the components by
    construction (with 8 pure-noise components, 56% of simulated runs showed one at Holm
    p < 0.05). Here each component is correlated with the mean of the *other*
    components, which does not contain it, so under independent components every test
    holds its size; p-values are Holm-adjusted across the components.

    Minimum n: 5 units with every component (a row per component with status
    "insufficient" otherwise); at least 2 components.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel.
    year : int or list of int
        One year, or several (pooled, year-centred, as in :func:`correlation_matrix`).
    method : {"spearman", "pearson"}
    components : sequence of str, optional
        Default: the components present in the panel.
    periods : sequence of MethodPeriod

    Returns
    -------
    pandas.DataFrame
        :func:`analysis.stats.result.results_frame` columns, one row per component
        (``estimate`` = r with the mean of the others, ``p_adjusted`` = Holm).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> units = [f"u{i}" for i in range(10)]
    >>> p = pd.DataFrame([{"unit_id": u, "year": 2022, "indicator_id": c,
    ...                    "value": float(rng.normal())}
    ...                   for u in units for c in ("procedures", "direction", "institutions")])
    >>> res = component_rest_association(p, 2022)
    >>> res["indicator"].tolist(), bool(res["p_adjusted"].notna().all())
    (['direction', 'institutions', 'procedures'], True)
    """
    _check_method(method)
    data = check_panel(panel)
    years = _years_list(data, year)
    present = set(data["indicator_id"])
    comps = (
        list(components)
        if components is not None
        else [c for c in COMPONENT_IDS if c in present] or sorted(present - {"total"})
    )
    if len(comps) < 2:
        raise ValueError("at least 2 components are needed")
    wide = _year_centred(_unit_year_wide(data, years, comps))
    complete = wide.dropna()
    note = _join(
        "each component against the mean of the other components; Holm across components",
        _pooled_note(years),
    )
    warning = span_warning(years, periods) if len(years) > 1 else None
    results = [
        correlate(
            complete[c].to_numpy(),
            _rest_of(complete, c, comps).to_numpy(),
            method,
            indicator=c,
            method_note=note,
            warning=warning,
        )
        for c in comps
    ]
    adjusted = adjust_pvalues([r.pvalue for r in results], "holm")
    return results_frame(
        [
            r.replace(p_adjusted=None if np.isnan(p) else float(p))
            for r, p in zip(results, adjusted, strict=True)
        ]
    )


def bootstrap_ci(
    x: Sequence[float],
    y: Sequence[float],
    method: str = "pearson",
    n_resamples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> StatResult:
    """Percentile bootstrap CI for a correlation, resampling (x, y) pairs together.

    Deterministic for a given ``seed`` (``numpy.random.default_rng(seed)``) and, because
    the pairs are sorted before resampling, independent of their order. Resamples in
    which one variable is constant have no correlation and are skipped; how many were
    skipped is stated in ``warning``.

    Minimum n: 5 pairwise-complete pairs; constant data give "no variation".

    Parameters
    ----------
    x, y : sequence of float
    method : {"pearson", "spearman"}
    n_resamples : int
    seed : int
    confidence : float

    Returns
    -------
    StatResult
        ``estimate`` = r on the full sample, ``ci_low``/``ci_high`` the percentile CI.

    Examples
    --------
    >>> res = bootstrap_ci([1, 2, 3, 4, 5, 6, 7, 8], [1, 3, 2, 5, 4, 7, 6, 8], seed=1)
    >>> round(res.estimate, 3), res.ci_low < res.estimate < res.ci_high
    (0.929, True)
    """
    _check_method(method)
    if n_resamples < 1:
        raise ValueError("n_resamples must be positive")
    xs, ys = _complete_pairs(x, y)
    n = int(xs.size)
    name = (
        f"{_METHOD_NAMES[method]}; percentile bootstrap CI ({n_resamples} resamples, seed {seed})"
    )
    if n < MIN_PAIRS:
        return insufficient(name, n, MIN_PAIRS, unit="complete pairs")
    if np.ptp(xs) == 0 or np.ptp(ys) == 0:
        return insufficient(name, n, MIN_PAIRS, "no variation", unit="complete pairs")
    # Sorting the pairs first makes the CI independent of the order of the units.
    order = np.lexsort((ys, xs))
    xs, ys = xs[order], ys[order]
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(n_resamples, n))
    bx, by = xs[idx], ys[idx]
    if method == "spearman":
        bx = stats.rankdata(bx, axis=1)
        by = stats.rankdata(by, axis=1)
    bx = bx - bx.mean(axis=1, keepdims=True)
    by = by - by.mean(axis=1, keepdims=True)
    den = np.sqrt((bx**2).sum(axis=1) * (by**2).sum(axis=1))
    valid = den > 1e-12
    boot = (bx * by).sum(axis=1)[valid] / den[valid]
    skipped = int(n_resamples - valid.sum())
    estimate = float(
        stats.pearsonr(xs, ys).statistic
        if method == "pearson"
        else stats.spearmanr(xs, ys).statistic
    )
    if boot.size == 0:
        return insufficient(name, n, MIN_PAIRS, "every resample was constant", unit="pairs")
    alpha = 1 - confidence
    low, high = np.quantile(np.clip(boot, -1, 1), [alpha / 2, 1 - alpha / 2])
    warning = (
        f"{skipped} of {n_resamples} resamples had a constant variable and were skipped"
        if skipped
        else None
    )
    return StatResult(
        method=name,
        n=n,
        estimate=estimate,
        statistic=estimate,
        ci_low=float(low),
        ci_high=float(high),
        effect_size=estimate,
        effect_size_name=f"{method}_r",
        warning=warning,
    )


def pair_scatter(
    panel: pd.DataFrame,
    x: str,
    y: str,
    year: int | Sequence[int] | None = None,
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
) -> tuple[pd.DataFrame, StatResult]:
    """Points of two indicators and the OLS fit of ``y`` on ``x``, for a scatter plot.

    Minimum n: 5 complete points for the fit; the points are returned whatever their number.

    Parameters
    ----------
    panel : pandas.DataFrame
    x, y : str
        Indicator ids on the horizontal and vertical axes.
    year : int, list of int or None
        As in :func:`correlation_matrix` (None = all years pooled).
    periods : sequence of MethodPeriod

    Returns
    -------
    points : pandas.DataFrame
        Columns unit_id, year, x, y, fitted (the OLS prediction; NaN when no fit).
    fit : StatResult
        ``estimate`` = slope with its t-based 95% CI, ``statistic`` = t of the slope,
        ``effect_size`` = Pearson r. The intercept is in :func:`fitted_line`.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": list("abcde") * 2, "year": 2022,
    ...                   "indicator_id": ["total"] * 5 + ["procedures"] * 5,
    ...                   "value": [1, 2, 3, 4, 5, 3, 5, 7, 9, 12]})
    >>> pts, fit = pair_scatter(p, "total", "procedures", 2022)
    >>> round(fit.estimate, 2), len(pts)
    (2.2, 5)
    """
    data = check_panel(panel)
    years = _years_list(data, year)
    wide = _unit_year_wide(data, years, [x] if x == y else [x, y])
    points = pd.DataFrame(
        {
            "unit_id": wide.index.get_level_values("unit_id").astype(object),
            "year": wide.index.get_level_values("year").astype("int64"),
            "x": wide[x].to_numpy(),
            "y": wide[y].to_numpy(),
        }
    )
    points = points.dropna(subset=["x", "y"]).reset_index(drop=True)
    points["fitted"] = math.nan
    n = len(points)
    label = f"{y} ~ {x}"
    name = "OLS of y on x; 95% CI of the slope from the t distribution"
    note = _pooled_note(years)
    if note:
        name = f"{name}; {note}"
    warning = span_warning(years, periods) if len(years) > 1 else None
    if n < MIN_PAIRS:
        fit = insufficient(name, n, MIN_PAIRS, indicator=label, unit="points", warning=warning)
        return points, fit
    if np.ptp(points["x"]) == 0:
        fit = insufficient(
            name, n, MIN_PAIRS, "no variation", label, unit="points", warning=warning
        )
        return points, fit
    lr = stats.linregress(points["x"], points["y"])
    tcrit = stats.t.ppf(0.975, n - 2)
    points["fitted"] = lr.intercept + lr.slope * points["x"]
    t_stat = lr.slope / lr.stderr if lr.stderr > 0 else math.nan
    fit = StatResult(
        method=name,
        indicator=label,
        n=n,
        statistic=t_stat,
        pvalue=float(lr.pvalue),
        ci_low=lr.slope - tcrit * lr.stderr,
        ci_high=lr.slope + tcrit * lr.stderr,
        effect_size=float(lr.rvalue),
        effect_size_name="pearson_r",
        estimate=float(lr.slope),
        warning=warning,
        reason=None if lr.stderr > 0 else "perfect fit: the t statistic is undefined",
    )
    return points, fit


def fitted_line(points: pd.DataFrame) -> pd.DataFrame:
    """End points of the least-squares line through ``points`` (columns ``x``, ``y``).

    Minimum n: 2 points with distinct x; otherwise an empty frame (nothing to draw).

    Returns
    -------
    pandas.DataFrame
        Two rows (min x and max x) with columns x, y, slope, intercept.

    Examples
    --------
    >>> fitted_line(pd.DataFrame({"x": [0.0, 1.0, 2.0], "y": [1.0, 3.0, 5.0]})).round(6)
         x    y  slope  intercept
    0  0.0  1.0    2.0        1.0
    1  2.0  5.0    2.0        1.0
    """
    cols = ["x", "y", "slope", "intercept"]
    pts = points[["x", "y"]].astype(float).dropna()
    if len(pts) < 2 or np.ptp(pts["x"]) == 0:
        return pd.DataFrame(columns=cols, dtype=float)
    slope, intercept = np.polyfit(pts["x"], pts["y"], 1)
    xs = np.array([pts["x"].min(), pts["x"].max()])
    return pd.DataFrame(
        {"x": xs, "y": intercept + slope * xs, "slope": slope, "intercept": intercept}
    )


def top_bottom_separation(
    panel: pd.DataFrame, year: int, k: int = 10, components: Sequence[str] | None = None
) -> pd.DataFrame:
    """How far the top-k units by total stand above the bottom-k on each component.

    **Circular; kept only as the reference the simulation compares against.** The units
    are chosen by their total, which is built from the components, so the components
    "separate" them by construction (with 8 pure-noise components, about half of
    simulated runs show one at Holm p < 0.05). No page shows it: use
    :func:`component_rest_association`.

    Units with a total that year are sorted by total (descending, ties broken by unit_id
    so the split is deterministic); the first k are "top", the last k "bottom". Per
    component: difference of means (top minus bottom), two-sided Mann–Whitney U
    (``scipy.stats.mannwhitneyu``, method "auto": exact without ties for small groups,
    tie-corrected normal approximation otherwise) and the rank-biserial correlation
    ``2 U_top / (n_top n_bottom) - 1`` (positive = top higher). P-values are
    Holm-adjusted across components.

    Minimum n: 3 units with a value per group and component (and 2k units with a total,
    otherwise the groups would overlap).

    Returns
    -------
    pandas.DataFrame
        The :func:`analysis.stats.result.results_frame` columns (``estimate`` = difference of
        means, ``statistic`` = U) followed by n_top, n_bottom, mean_top, mean_bottom.

    Examples
    --------
    >>> units = [f"u{i}" for i in range(8)]
    >>> p = pd.DataFrame({"unit_id": units * 2, "year": 2022,
    ...                   "indicator_id": ["total"] * 8 + ["procedures"] * 8,
    ...                   "value": list(range(8)) * 2})
    >>> top_bottom_separation(p, 2022, k=3)[["indicator", "estimate", "effect_size"]]
        indicator  estimate  effect_size
    0  procedures       5.0          1.0
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    data = check_panel(panel)
    data = data[data["year"] == int(year)]
    comps = (
        list(components)
        if components is not None
        else [c for c in COMPONENT_IDS if c in set(data["indicator_id"])]
    )
    wide = data.pivot(index="unit_id", columns="indicator_id", values="value")
    wide = wide.reindex(columns=["total", *comps]).astype(float)
    totals = wide["total"].dropna()
    order = sorted(totals.index, key=lambda u: (-totals[u], u))
    name = "Mann–Whitney U (two-sided), top-k vs bottom-k units by total; Holm across components"
    results: list[StatResult] = []
    extras: list[dict[str, float]] = []
    if len(order) < 2 * k:
        for comp in comps:
            results.append(
                insufficient(
                    name,
                    len(order),
                    2 * k,
                    f"k = {k} needs 2k units with a total",
                    comp,
                    unit="units",
                )
            )
            extras.append({})
    else:
        top, bottom = order[:k], order[-k:]
        for comp in comps:
            a = wide.loc[top, comp].dropna().to_numpy()
            b = wide.loc[bottom, comp].dropna().to_numpy()
            extra = {"n_top": a.size, "n_bottom": b.size}
            if a.size:
                extra["mean_top"] = float(a.mean())
            if b.size:
                extra["mean_bottom"] = float(b.mean())
            extras.append(extra)
            n_small = int(min(a.size, b.size))
            if n_small < MIN_GROUP:
                results.append(
                    insufficient(name, n_small, MIN_GROUP, "smaller group", comp, unit="units")
                )
                continue
            if np.ptp(np.concatenate([a, b])) == 0:
                results.append(
                    insufficient(
                        name, a.size + b.size, MIN_GROUP, "no variation", comp, unit="units"
                    )
                )
                continue
            mw = stats.mannwhitneyu(a, b, alternative="two-sided", method="auto")
            results.append(
                StatResult(
                    method=name,
                    indicator=comp,
                    n=int(a.size + b.size),
                    statistic=float(mw.statistic),
                    pvalue=float(mw.pvalue),
                    effect_size=2 * float(mw.statistic) / (a.size * b.size) - 1,
                    effect_size_name="rank_biserial",
                    estimate=float(a.mean() - b.mean()),
                )
            )
    adjusted = adjust_pvalues([r.pvalue for r in results], "holm")
    results = [
        r.replace(p_adjusted=None if np.isnan(p) else float(p))
        for r, p in zip(results, adjusted, strict=True)
    ]
    frame = results_frame(results)
    extra_frame = pd.DataFrame(extras, columns=["n_top", "n_bottom", "mean_top", "mean_bottom"])
    return pd.concat([frame, extra_frame.astype(float)], axis=1)
