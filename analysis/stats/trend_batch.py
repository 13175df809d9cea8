"""Trend statistics of many series that share their years, computed at once.

Each function takes a matrix of values (one row per series, one column per year) and the
years, and returns what SciPy returns for each row on its own, computed with whole-array
NumPy operations instead of one SciPy call per row:

* :func:`theil_sen` = ``scipy.stats.theilslopes(row, years, alpha)`` (slope and CI);
* :func:`theil_sen_exact` = the same slope with Sen's CI taken from the *exact*
  distribution of Kendall's S instead of its normal approximation, and the confidence
  level it achieves (:func:`sen_ci_ranks`); the app shows this one, because at 3 or 4
  years no interval of pairwise slopes reaches 95% (SciPy's "95%" covers 67% or 92%);
* :func:`ols_slope` = ``scipy.stats.linregress(years, row)`` (slope and its standard error);
* :func:`mann_kendall` = ``scipy.stats.kendalltau(years, row)`` (tau-b and its p-value,
  exact without ties for n <= 33, else the normal approximation with the tie-corrected
  variance of Kendall's S).

The arithmetic follows SciPy step by step (same formulas, same order of operations), so the
results agree to the last few bits; ``tests/analysis/test_trend_batch.py`` checks this
against SciPy on random series with ties and constant rows. Years must be distinct and
increasing and the values finite; ``analysis.stats.trend`` sends anything else down its per-unit
SciPy path.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from scipy import special, stats

__all__ = [
    "KendallTrend",
    "OlsSlope",
    "TheilSen",
    "mann_kendall",
    "mann_kendall_floor",
    "ols_slope",
    "sen_ci_ranks",
    "theil_sen",
    "theil_sen_exact",
]


class TheilSen(NamedTuple):
    """Theil–Sen slopes with their CI, one entry per series."""

    slope: np.ndarray
    low: np.ndarray
    high: np.ndarray


class OlsSlope(NamedTuple):
    """OLS slopes and their standard errors, one entry per series."""

    slope: np.ndarray
    stderr: np.ndarray


class KendallTrend(NamedTuple):
    """Kendall tau-b of value on year and its two-sided p-value, one entry per series."""

    tau: np.ndarray
    pvalue: np.ndarray


def _checked(
    values: np.ndarray, years: np.ndarray, min_years: int
) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(values, dtype=float)
    x = np.asarray(years, dtype=float).ravel()
    if y.ndim != 2 or y.shape[1] != x.size:
        raise ValueError("values must be a 2-D array with one column per year")
    if x.size < min_years:
        raise ValueError(f"at least {min_years} years are needed")
    if np.any(np.diff(x) <= 0):
        raise ValueError("years must be distinct and increasing")
    if not np.all(np.isfinite(y)):
        raise ValueError("values must be finite")
    return y, x


def _tie_term(y: np.ndarray) -> np.ndarray:
    """Sum of t (t - 1) (2t + 5) over the groups of equal values of each row (exact ints).

    A value in a group of t equal values contributes (t - 1)(2t + 5), so the group gives
    t (t - 1)(2t + 5): the tie correction of Kendall's S and of Sen's slope CI.
    """
    t = (y[:, :, None] == y[:, None, :]).sum(axis=2, dtype=np.int64)
    return ((t - 1) * (2 * t + 5)).sum(axis=1)


def theil_sen(values: np.ndarray, years: np.ndarray, alpha: float = 0.95) -> TheilSen:
    """Theil–Sen slope and its CI for each row, as ``scipy.stats.theilslopes`` gives them.

    The slope is the median of the pairwise slopes; the CI takes the order statistics of
    the pairwise slopes given by Sen (1968, eq. 2.6), with the variance corrected for tied
    values within the row.

    Parameters
    ----------
    values : numpy.ndarray
        Shape (series, years), finite.
    years : numpy.ndarray
        Distinct and increasing, at least 2.
    alpha : float
        Confidence level, as in SciPy (0.95 and 0.05 both mean a 95% CI).

    Returns
    -------
    TheilSen
        Arrays ``slope``, ``low``, ``high`` of shape (series,).

    Examples
    --------
    >>> ts = theil_sen(np.array([[80.0, 82.0, 81.0, 85.0]]), np.array([2021, 2022, 2023, 2024]))
    >>> ts.slope.round(4).tolist(), ts.low.tolist(), ts.high.tolist()
    ([1.5833], [-1.0], [4.0])
    """
    y, x = _checked(values, years, 2)
    n = x.size
    i, j = np.triu_indices(n, k=1)
    # Later minus earlier, as SciPy takes the pairs with deltax > 0: same bits per slope.
    slopes = (y[:, j] - y[:, i]) / (x[j] - x[i])
    slopes.sort(axis=1)
    slope = np.median(slopes, axis=1)
    level = 1.0 - alpha if alpha > 0.5 else alpha
    z = stats.norm.ppf(level / 2.0)
    nt = slopes.shape[1]
    sigsq = 1 / 18.0 * (n * (n - 1) * (2 * n + 5) - _tie_term(y))
    sigma = np.sqrt(sigsq)
    upper = np.minimum(np.round((nt - z * sigma) / 2.0).astype(np.int64), nt - 1)
    lower = np.maximum(np.round((nt + z * sigma) / 2.0).astype(np.int64) - 1, 0)
    rows = np.arange(y.shape[0])
    return TheilSen(slope, slopes[rows, lower], slopes[rows, upper])


@lru_cache(maxsize=64)
def _inversions(n: int) -> tuple[int, ...]:
    """Counts of the permutations of n items by number of inversions (Mahonian numbers)."""
    counts = [1]
    for j in range(2, n + 1):
        new = [0] * (len(counts) + j - 1)
        for k, c in enumerate(counts):
            for extra in range(j):
                new[k + extra] += c
        counts = new
    return tuple(counts)


@lru_cache(maxsize=256)
def sen_ci_ranks(n: int, confidence: float = 0.95) -> tuple[int, int, float] | None:
    """Order statistics of the pairwise slopes giving an exact Sen CI, and its level.

    With distinct x and i.i.d. continuous errors, the number of pairwise slopes below the
    true slope is the number of discordant pairs of (x, error), distributed as the
    inversions of a random permutation. The symmetric interval
    ``[slope_(c), slope_(N-1-c)]`` (0-based, N = n(n-1)/2 sorted slopes) covers the true
    slope with probability 1 - 2 P(D <= c); the largest c with at least ``confidence`` is
    chosen. When even c = 0 (smallest to largest slope, level 1 - 2/n!) falls short, no
    interval reaches ``confidence`` and None is returned.

    Parameters
    ----------
    n : int
        Number of years (distinct x values).
    confidence : float

    Returns
    -------
    tuple (lower, upper, level) or None

    Examples
    --------
    >>> sen_ci_ranks(3) is None, sen_ci_ranks(4) is None
    (True, True)
    >>> lo, hi, level = sen_ci_ranks(5)
    >>> lo, hi, round(level, 4)
    (0, 9, 0.9833)
    >>> lo, hi, level = sen_ci_ranks(6)
    >>> lo, hi, round(level, 4)
    (1, 13, 0.9833)
    """
    if n < 2:
        return None
    counts = _inversions(n)
    total = math.factorial(n)
    cdf = np.cumsum(counts) / total
    best = None
    for c in range(len(counts) // 2 + 1):
        level = 1.0 - 2.0 * float(cdf[c])
        if level >= confidence - 1e-12:
            best = (c, len(counts) - 2 - c, level)
        else:
            break
    return best


def theil_sen_exact(values: np.ndarray, years: np.ndarray, confidence: float = 0.95) -> TheilSen:
    """Theil–Sen slope of each row with the exact Sen CI of :func:`sen_ci_ranks`.

    The slope is :func:`theil_sen`'s; the bounds are NaN when no interval of pairwise
    slopes reaches ``confidence`` with this many years (3 or 4 for 95%).

    Examples
    --------
    >>> years = np.array([2019, 2020, 2021, 2022, 2023, 2024])
    >>> ts = theil_sen_exact(np.array([[80.0, 82.0, 81.0, 85.0, 84.0, 86.0]]), years)
    >>> ts.slope.tolist(), ts.low.tolist(), ts.high.tolist()
    ([1.2], [-1.0], [2.0])
    >>> bool(np.isnan(theil_sen_exact(np.array([[1.0, 2.0, 4.0]]), years[:3]).low[0]))
    True
    """
    y, x = _checked(values, years, 2)
    n = x.size
    i, j = np.triu_indices(n, k=1)
    slopes = (y[:, j] - y[:, i]) / (x[j] - x[i])
    slopes.sort(axis=1)
    slope = np.median(slopes, axis=1)
    ranks = sen_ci_ranks(n, confidence)
    if ranks is None:
        nan = np.full(y.shape[0], np.nan)
        return TheilSen(slope, nan, nan.copy())
    return TheilSen(slope, slopes[:, ranks[0]].copy(), slopes[:, ranks[1]].copy())


def mann_kendall_floor(n: int) -> float:
    """Smallest two-sided Mann–Kendall p-value n distinct years can give: 2/n!.

    Examples
    --------
    >>> round(mann_kendall_floor(6), 5)
    0.00278
    """
    return 2.0 / math.factorial(n) if n >= 2 else 1.0


def ols_slope(values: np.ndarray, years: np.ndarray) -> OlsSlope:
    """OLS slope of value on year and its standard error, as ``scipy.stats.linregress``.

    A constant row gives slope 0 and a NaN standard error, as SciPy does (its r is
    undefined).

    Parameters
    ----------
    values : numpy.ndarray
        Shape (series, years), finite.
    years : numpy.ndarray
        Distinct and increasing, at least 3.

    Returns
    -------
    OlsSlope
        Arrays ``slope`` and ``stderr`` of shape (series,).

    Examples
    --------
    >>> ols = ols_slope(np.array([[80.0, 82.0, 81.0, 85.0]]), np.array([2021, 2022, 2023, 2024]))
    >>> ols.slope.round(4).tolist(), ols.stderr.round(4).tolist()
    ([1.4], [0.6481])
    """
    y, x = _checked(values, years, 3)
    m, n = y.shape
    # The 2 x n matrix [x; y] of each row and its biased covariance, computed as np.cov
    # does (centre, then X @ X.T scaled by 1/n), so the sums are rounded the same way.
    stacked = np.empty((m, 2, n))
    stacked[:, 0, :] = x
    stacked[:, 1, :] = y
    stacked -= stacked.mean(axis=2)[:, :, None]
    cov = np.matmul(stacked, stacked.transpose(0, 2, 1))
    cov *= np.true_divide(1, n)
    ssxm, ssxym, ssym = cov[:, 0, 0], cov[:, 0, 1], cov[:, 1, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.clip(ssxym / np.sqrt(ssxm * ssym), -1.0, 1.0)
        r = np.where((ssxm == 0.0) | (ssym == 0.0), np.where(ssxym == 0, np.nan, 0.0), r)
        slope = ssxym / ssxm
        stderr = np.sqrt((1 - r**2) * ssym / ssxm / (n - 2))
    return OlsSlope(slope, stderr)


@lru_cache(maxsize=4096)
def _kendall_exact_p(n: int, c: int) -> float:
    """Two-sided exact p-value of Kendall's tau for n distinct pairs with c concordant.

    The recursion of Kendall (1970) as ``scipy.stats.kendalltau`` computes it.
    """
    c = int(min(c, (n * (n - 1)) // 2 - c))
    if n <= 2:
        prob = 1.0
    elif c == 0:
        prob = 2.0 / math.factorial(n) if n < 171 else 0.0
    elif c == 1:
        prob = 2.0 / math.factorial(n - 1) if n < 172 else 0.0
    elif 4 * c == n * (n - 1):
        prob = 1.0
    elif n < 171:
        new = np.zeros(c + 1)
        new[0:2] = 1.0
        for j in range(3, n + 1):
            new = np.cumsum(new)
            if j <= c:
                new[j:] -= new[: c + 1 - j]
        prob = 2.0 * np.sum(new) / math.factorial(n)
    else:
        new = np.zeros(c + 1)
        new[0:2] = 1.0
        for j in range(3, n + 1):
            new = np.cumsum(new) / j
            if j <= c:
                new[j:] -= new[: c + 1 - j]
        prob = np.sum(new)
    return float(np.clip(prob, 0, 1))


def mann_kendall(values: np.ndarray, years: np.ndarray) -> KendallTrend:
    """Kendall tau-b of value on year and the Mann–Kendall p-value for each row.

    As ``scipy.stats.kendalltau(years, row)`` (two-sided, method "auto"): the p-value is
    exact when the row has no tied values and n <= 33 (or S is at its extreme), otherwise
    from the normal approximation of Kendall's S with the tie-corrected variance
    ``(n (n - 1)(2n + 5) - sum t (t - 1)(2t + 5)) / 18``. A constant row gives NaN.

    Parameters
    ----------
    values : numpy.ndarray
        Shape (series, years), finite.
    years : numpy.ndarray
        Distinct and increasing, at least 2.

    Returns
    -------
    KendallTrend
        Arrays ``tau`` and ``pvalue`` of shape (series,).

    Examples
    --------
    >>> mk = mann_kendall(np.array([[80.0, 82.0, 81.0, 85.0]]), np.array([2021, 2022, 2023, 2024]))
    >>> mk.tau.round(4).tolist(), mk.pvalue.round(4).tolist()
    ([0.6667], [0.3333])
    """
    y, x = _checked(values, years, 2)
    n = x.size
    i, j = np.triu_indices(n, k=1)
    total = n * (n - 1) // 2
    # Years increase, so a later value above an earlier one is a concordant pair.
    concordant = (y[:, j] > y[:, i]).sum(axis=1, dtype=np.int64)
    discordant = (y[:, j] < y[:, i]).sum(axis=1, dtype=np.int64)
    tied = total - concordant - discordant
    s = total - tied - 2 * discordant
    with np.errstate(divide="ignore", invalid="ignore"):
        tau = np.clip(s / np.sqrt(total) / np.sqrt(total - tied), -1.0, 1.0)
        m = n * (n - 1.0)
        var = (m * (2 * n + 5) - _tie_term(y)) / 18
        pvalue = 2 * special.ndtr(-np.abs(s / np.sqrt(var)))
    exact = (tied == 0) & ((n <= 33) | (np.minimum(discordant, total - discordant) <= 1))
    if np.any(exact):
        table = {int(c): _kendall_exact_p(n, int(c)) for c in np.unique(concordant[exact])}
        pvalue[exact] = [table[int(c)] for c in concordant[exact]]
    constant = tied == total
    tau[constant] = np.nan
    pvalue[constant] = np.nan
    return KendallTrend(tau, pvalue)
