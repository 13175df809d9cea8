"""Year-over-year change of the units' scores: paired tests, a table, a plain verdict.

Differences are ``after - before`` rounded to 10 decimals first, so that scores that are
equal as printed count as unchanged (floating-point subtraction would otherwise turn
equal scores into tiny non-zero differences and split ties in the Wilcoxon ranks).

The units are the whole population of the city's units, not a sample: the uncertainty the
tests and intervals describe is the year-to-year noise of the assessment. Tests on the same
pairs (minimum 6 pairs each):

* paired t-test (**primary**): ``scipy.stats.ttest_rel``; estimate = mean change with its
  t-based 95% CI; effect size Cohen's d_z = mean / sd of the differences. When every unit
  changed by the same amount (sd = 0) the t statistic is undefined: the result keeps the
  common change as ``estimate`` and says so in ``reason``;
* Wilcoxon signed-rank (check): ``zero_method="wilcox"`` (unchanged units are dropped, so
  its n is the number of non-zero differences). Up to :data:`EXACT_MAX` differences the
  p-value is exact: the permutation distribution of the sum of positive ranks over all
  2^n sign patterns, given the observed (mid)ranks, so ties are handled exactly (as
  ``scipy.stats.wilcoxon(method=PermutationMethod())`` enumerates them); above, the normal
  approximation with the tie-corrected variance and a continuity correction (R's
  ``wilcox.test(correct=TRUE)``). ``statistic`` = V, the sum of the ranks of the rises
  (R's V), so the direction is kept. ``estimate`` = the Hodges–Lehmann pseudo-median
  (median of the Walsh averages of all differences) with its distribution-free CI from the
  signed-rank distribution (R's ``wilcox.test(conf.int=TRUE)``); effect size the
  matched-pairs rank-biserial correlation (R+ - R-) / (R+ + R-);
* sign test (check): ``scipy.stats.binomtest`` on the number of rises among the non-zero
  changes, two-sided; estimate = share of rises with its exact (Clopper–Pearson) CI;
* bootstrap (check): Hesterberg's *expanded* percentile CI of the mean change from
  resampled pairs (the tail quantiles are widened so that for normal data the interval
  has the t interval's width; the plain percentile interval covers only about 84% at
  n = 6; below :data:`BOOT_MIN_PAIRS` pairs no bootstrap interval is given). Resamples are added until the Monte Carlo error of each bound is below
  :data:`MC_TARGET` points (or :data:`MAX_BOOT` resamples), and that error is reported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis.stats.multiplicity import adjust as adjust_pvalues
from analysis.stats.periods import (
    DEFAULT_PERIODS,
    MethodPeriod,
    comparability_warning,
    period_of,
)
from analysis.stats.result import (
    RESULT_COLUMNS,
    StatResult,
    check_panel,
    indicators_in,
    insufficient,
    results_frame,
    unit_values,
)

__all__ = [
    "BOOT_CAVEAT_N",
    "BOOT_MIN_PAIRS",
    "EXACT_MAX",
    "FORBIDDEN_PHRASES",
    "MAX_BOOT",
    "MC_TARGET",
    "MIN_BAND_UNITS",
    "MIN_PAIRS",
    "YOY_COLUMNS",
    "PairedChange",
    "bootstrap_mc_error",
    "hodges_lehmann",
    "ordinary_variation_band",
    "paired_change",
    "signed_rank_exact_p",
    "verdict",
    "yoy_table",
]

#: Minimum pairs (non-zero differences for Wilcoxon and sign test) for every test.
MIN_PAIRS = 6
#: Minimum units with a change for :func:`ordinary_variation_band`.
MIN_BAND_UNITS = 8
_DECIMALS = 10
#: Resampled values drawn at once by the bootstrap: bounds its memory (16 bytes each).
_BOOT_CHUNK = 1 << 18
#: Largest n for the exact (permutation) Wilcoxon p-value; above it the normal approximation.
EXACT_MAX = 50
#: Largest Monte Carlo error (points) allowed for each bootstrap bound.
MC_TARGET = 0.01
#: Most bootstrap resamples drawn while trying to reach :data:`MC_TARGET`.
MAX_BOOT = 1 << 19
#: Below this many pairs the bootstrap result carries a coverage caveat in ``reason``.
BOOT_CAVEAT_N = 15
#: Fewest pairs for the bootstrap interval: below, it covers less than 94% (93.2% at n = 6
#: in bench/stats_simulation.py), so the t interval stands alone.
BOOT_MIN_PAIRS = 8

#: Columns of :func:`yoy_table`: the shared result columns, then the extras.
YOY_COLUMNS: tuple[str, ...] = (
    *RESULT_COLUMNS,
    "mean_a",
    "mean_b",
    "n_up",
    "n_down",
    "n_same",
    "p_wilcoxon",
    "p_wilcoxon_adjusted",
    "rank_biserial",
    "v_wilcoxon",
    "hl_estimate",
    "hl_ci_low",
    "hl_ci_high",
    "p_sign",
    "p_sign_adjusted",
    "boot_ci_low",
    "boot_ci_high",
    "boot_mc_error",
    "notes",
)


@dataclass(frozen=True)
class PairedChange:
    """The four results of :func:`paired_change` and the counts of rises and falls.

    Examples
    --------
    >>> pc = paired_change([1, 2, 3, 4, 5, 6], [2, 2, 4, 5, 7, 6])
    >>> pc.n_up, pc.n_down, pc.n_same, [r.status for r in pc.results()]
    (4, 0, 2, ['ok', 'insufficient', 'insufficient', 'insufficient'])
    """

    paired_t: StatResult
    wilcoxon: StatResult
    sign: StatResult
    bootstrap: StatResult
    n_up: int
    n_down: int
    n_same: int

    def results(self) -> list[StatResult]:
        """The results in the order paired t, Wilcoxon, sign, bootstrap.

        Examples
        --------
        >>> len(paired_change([1.0] * 3, [2.0] * 3).results())
        4
        """
        return [self.paired_t, self.wilcoxon, self.sign, self.bootstrap]

    def as_dict(self) -> dict[str, StatResult]:
        """Results by name: "paired_t", "wilcoxon", "sign", "bootstrap".

        Examples
        --------
        >>> sorted(paired_change([1.0] * 3, [2.0] * 3).as_dict())
        ['bootstrap', 'paired_t', 'sign', 'wilcoxon']
        """
        return dict(zip(("paired_t", "wilcoxon", "sign", "bootstrap"), self.results(), strict=True))


def _pairs(before: Any, after: Any) -> tuple[np.ndarray, np.ndarray]:
    """Complete pairs as float arrays; two Series are aligned on their index."""
    if isinstance(before, pd.Series) and isinstance(after, pd.Series):
        joined = pd.concat([before.rename("b"), after.rename("a")], axis=1, join="inner")
        b, a = joined["b"].to_numpy(dtype=float), joined["a"].to_numpy(dtype=float)
    else:
        b = np.asarray(before, dtype=float).ravel()
        a = np.asarray(after, dtype=float).ravel()
        if a.shape != b.shape:
            raise ValueError("before and after must have the same length")
    keep = np.isfinite(a) & np.isfinite(b)
    return b[keep], a[keep]


def _t_test(
    before: np.ndarray, after: np.ndarray, d: np.ndarray, indicator: str | None, warning: str | None
) -> StatResult:
    method = "paired t-test (scipy.stats.ttest_rel); 95% CI of the mean change from t"
    n = int(d.size)
    if n < MIN_PAIRS:
        return insufficient(method, n, MIN_PAIRS, None, indicator, unit="pairs", warning=warning)
    sd = float(np.std(d, ddof=1))
    if sd == 0:
        # Not "too few data": every unit moved by the same amount, which the estimate keeps.
        common = float(d[0])
        return StatResult(
            method=method,
            indicator=indicator,
            n=n,
            estimate=common,
            warning=warning,
            status="insufficient",
            reason=f"{_all_equal_text(common, n)} (sd = 0), so the t statistic is undefined",
        )
    res = stats.ttest_rel(after, before)
    mean = float(d.mean())
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return StatResult(
        method=method,
        indicator=indicator,
        n=n,
        statistic=float(res.statistic),
        pvalue=float(res.pvalue),
        ci_low=mean - half,
        ci_high=mean + half,
        effect_size=mean / sd,
        effect_size_name="cohens_dz",
        estimate=mean,
        warning=warning,
    )


def _all_equal_text(change: float, n: int) -> str:
    """'all 30 units rose by exactly 1.00 points' (English, for ``reason``)."""
    if change == 0:
        return f"none of the {n} units changed"
    verb = "rose" if change > 0 else "fell"
    return f"all {n} units {verb} by exactly {abs(change):.2f} points"


@lru_cache(maxsize=256)
def _signed_rank_null(doubled_ranks: tuple[int, ...]) -> np.ndarray:
    """Null distribution of 2V over the 2^n sign patterns, given doubled (mid)ranks.

    Entry ``k`` is P(2V = k). Each rank is added with probability 1/2 independently, so
    the distribution is the convolution of the two-point laws (dynamic programming on the
    integer sums; midranks are halves, hence the doubling).
    """
    dist = np.zeros(sum(doubled_ranks) + 1)
    dist[0] = 1.0
    top = 0
    for r in doubled_ranks:
        top += r
        dist[r : top + 1] = 0.5 * (dist[r : top + 1] + dist[: top + 1 - r])
        dist[:r] *= 0.5
    return dist


def signed_rank_exact_p(d: Sequence[float]) -> tuple[float, float]:
    """V (sum of the ranks of the positive differences) and its exact two-sided p-value.

    Zeros are dropped (``zero_method="wilcox"``); tied absolute values get midranks and
    the p-value is exact *given* those ranks (the permutation distribution over all 2^n
    sign patterns). Two-sided p = min(1, 2 min(P(V <= v), P(V >= v))), as R's
    ``wilcox.test(exact=TRUE)`` and ``scipy.stats.wilcoxon``.

    Minimum n: 1 non-zero difference.

    Parameters
    ----------
    d : sequence of float
        Paired differences.

    Returns
    -------
    tuple of float
        (V, p).

    Examples
    --------
    >>> # R: wilcox.test(c(1, 1, 2, 3, 4, 5)) cannot be exact with ties; this is.
    >>> v, p = signed_rank_exact_p([1, 1, 2, 3, 4, 5])
    >>> v, p
    (21.0, 0.03125)
    """
    x = np.asarray(d, dtype=float)
    x = x[x != 0]
    if x.size == 0:
        raise ValueError("no non-zero difference")
    ranks = stats.rankdata(np.abs(x))
    doubled = tuple(int(v) for v in np.sort(np.round(2 * ranks).astype(np.int64)))
    v2 = int(round(2 * float(ranks[x > 0].sum())))
    dist = _signed_rank_null(doubled)
    lower = float(dist[: v2 + 1].sum())
    upper = float(dist[v2:].sum())
    return v2 / 2.0, float(min(1.0, 2.0 * min(lower, upper)))


def _signed_rank_normal_p(x: np.ndarray) -> tuple[float, float]:
    """V and the continuity-corrected normal two-sided p (tie-corrected variance)."""
    ranks = stats.rankdata(np.abs(x))
    n = x.size
    v = float(ranks[x > 0].sum())
    _, counts = np.unique(np.abs(x), return_counts=True)
    var = n * (n + 1) * (2 * n + 1) / 24 - float(np.sum(counts**3 - counts)) / 48
    centred = v - n * (n + 1) / 4
    z = (centred - math.copysign(0.5, centred)) / math.sqrt(var) if centred else 0.0
    return v, float(min(1.0, 2 * stats.norm.sf(abs(z))))


def hodges_lehmann(
    d: Sequence[float], confidence: float = 0.95
) -> tuple[float, float, float, float]:
    """Hodges–Lehmann pseudo-median of paired differences with its distribution-free CI.

    The estimate is the median of the n(n+1)/2 Walsh averages (d_i + d_j)/2, i <= j; the
    CI is the pair of Walsh averages that R's ``wilcox.test(conf.int=TRUE, exact=TRUE)``
    picks from the signed-rank distribution without ties: with
    ``q = qsignrank((1 - confidence)/2, n)`` (at least 1), ``[W_(q), W_(N-q+1)]``. Its
    achieved level 1 - 2 P(V <= q - 1) is returned (at least ``confidence`` when
    attainable; at n <= 5 it is below 95% and says so). Every difference is used,
    zeros included, because an unchanged unit is an observation of no change.

    Minimum n: 2 differences (the CI needs them; below, it is NaN). Above 3000
    differences the CI is NaN (the Walsh averages would not fit in memory).

    Returns
    -------
    tuple of float
        (estimate, ci_low, ci_high, achieved confidence level).

    Examples
    --------
    >>> # Hollander & Wolfe's depression data (R's ?wilcox.test): R's
    >>> # wilcox.test(x, y, paired=TRUE, conf.int=TRUE) picks W_(6) and W_(40) of the 45.
    >>> x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
    >>> y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
    >>> est, lo, hi, level = hodges_lehmann(np.subtract(x, y))
    >>> round(est, 3), round(lo, 3), round(hi, 3), round(level, 4)
    (0.46, 0.01, 0.786, 0.9609)
    """
    x = np.sort(np.asarray(d, dtype=float))
    n = x.size
    if n == 0:
        return (math.nan, math.nan, math.nan, math.nan)
    if n > 3000:
        return (float(np.median(x)), math.nan, math.nan, math.nan)
    i, j = np.triu_indices(n)
    walsh = np.sort((x[i] + x[j]) / 2.0)
    estimate = float(np.median(walsh))
    if n < 2:
        return (estimate, math.nan, math.nan, math.nan)
    dist = _signed_rank_null(tuple(range(2, 2 * n + 1, 2)))[::2]  # P(V = v), no ties
    cdf = np.cumsum(dist)
    alpha = 1 - confidence
    q = max(int(np.searchsorted(cdf, alpha / 2 - 1e-12)), 1)
    level = 1.0 - 2.0 * float(cdf[q - 1])
    m = walsh.size
    return (estimate, float(walsh[q - 1]), float(walsh[m - q]), level)


def _wilcoxon(d: np.ndarray, indicator: str | None, warning: str | None) -> StatResult:
    nonzero = d[d != 0]
    n = int(nonzero.size)
    exact = n <= EXACT_MAX
    ties = bool(np.unique(np.abs(nonzero)).size < n)
    if exact:
        label = "exact permutation p given the tied ranks" if ties else "exact p"
    else:
        label = "normal approximation with continuity and tie corrections"
    method = (
        f"Wilcoxon signed-rank (zero_method='wilcox', {label}); statistic V = sum of the "
        "ranks of the rises; estimate Hodges–Lehmann pseudo-median with its CI"
    )
    if n < MIN_PAIRS:
        return insufficient(
            method, n, MIN_PAIRS, None, indicator, unit="non-zero differences", warning=warning
        )
    v, p = signed_rank_exact_p(nonzero) if exact else _signed_rank_normal_p(nonzero)
    total = n * (n + 1) / 2.0
    hl, low, high, level = hodges_lehmann(d)
    note = None
    if not math.isnan(level) and level < 0.95 - 1e-9:
        note = f"the Hodges–Lehmann interval is a {100 * level:.1f}% interval (95% not attainable)"
    return StatResult(
        method=method,
        indicator=indicator,
        n=n,
        statistic=v,
        pvalue=p,
        ci_low=low,
        ci_high=high,
        effect_size=(2 * v - total) / total,
        effect_size_name="rank_biserial",
        estimate=hl,
        warning=warning,
        reason=note,
    )


def _sign_test(d: np.ndarray, indicator: str | None, warning: str | None) -> StatResult:
    method = "sign test (scipy.stats.binomtest, two-sided); estimate = share of rises, exact CI"
    up, down = int(np.sum(d > 0)), int(np.sum(d < 0))
    n = up + down
    if n < MIN_PAIRS:
        return insufficient(
            method, n, MIN_PAIRS, None, indicator, unit="non-zero differences", warning=warning
        )
    res = stats.binomtest(up, n, 0.5, alternative="two-sided")
    ci = res.proportion_ci(confidence_level=0.95, method="exact")
    return StatResult(
        method=method,
        indicator=indicator,
        n=n,
        statistic=float(up),
        pvalue=float(res.pvalue),
        ci_low=float(ci.low),
        ci_high=float(ci.high),
        estimate=up / n,
        warning=warning,
    )


def _bootstrap_means(series: np.ndarray, n_boot: int, seed: int) -> np.ndarray:
    """Means of ``n_boot`` resamples (with replacement) of each row of ``series``.

    Row ``j`` of the result equals
    ``series[j][rng.integers(0, n, size=(n_boot, n))].mean(axis=1)`` with
    ``rng = np.random.default_rng(seed)``: the same draws, resample by resample, made once
    for every row and in chunks of a few MB (two n_boot x n arrays would be 320 MB for
    10 000 pairs). A resample's mean is computed as (how often each value was drawn) @ values
    / n: one pass over the draws for all rows instead of one gather per row. The sums are
    added in another order than ``mean`` adds them, so the means agree to the last bits
    (relative 1e-15), not bit for bit.

    Parameters
    ----------
    series : numpy.ndarray
        Shape (k, n): k series of n values each.
    n_boot, seed : int

    Returns
    -------
    numpy.ndarray
        Shape (k, n_boot).

    Examples
    --------
    >>> x = np.array([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]])
    >>> rng = np.random.default_rng(3)
    >>> expected = x[0][rng.integers(0, 6, size=(50, 6))].mean(axis=1)
    >>> bool(np.allclose(_bootstrap_means(x, 50, seed=3)[0], expected, rtol=1e-14))
    True
    """
    return _draw_means(series, n_boot, np.random.default_rng(seed))


def _bootstrap_alpha(n: int, confidence: float = 0.95) -> float:
    """Tail mass of Hesterberg's expanded percentile interval for n pairs.

    The percentile interval of the mean is too narrow at small n by the factors
    sqrt((n - 1)/n) and t/z; the expanded interval uses the quantiles
    alpha'/2 and 1 - alpha'/2 with z_(alpha'/2) = sqrt(n/(n-1)) t_(alpha/2, n-1)
    (Hesterberg 2015, "What teachers should know about the bootstrap", sec. 5).
    """
    t = stats.t.ppf(0.5 + confidence / 2, n - 1)
    return float(2 * stats.norm.sf(math.sqrt(n / (n - 1)) * t))


def _quantile_mc_error(sorted_means: np.ndarray, q: float) -> float:
    """Monte Carlo standard error of the q-quantile of B sorted draws.

    From the distribution-free 95% interval of a quantile, the order statistics
    B q -/+ 1.96 sqrt(B q (1 - q)): its half-width divided by 1.96.
    """
    b = sorted_means.size
    half = 1.96 * math.sqrt(b * q * (1 - q))
    lo = int(max(math.floor(b * q - half), 0))
    hi = int(min(math.ceil(b * q + half), b - 1))
    return float(sorted_means[hi] - sorted_means[lo]) / (2 * 1.96)


def _draw_means(values: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Means of ``n_boot`` resamples of each row of ``values`` (k, n), drawing from ``rng``."""
    k, n = values.shape
    means = np.empty((k, n_boot))
    rows = max(1, _BOOT_CHUNK // max(n, 1))
    cols = np.ascontiguousarray(values.T, dtype=float)
    for start in range(0, n_boot, rows):
        stop = min(n_boot, start + rows)
        m = stop - start
        index = rng.integers(0, n, size=(m, n), dtype=np.intp)
        index += (np.arange(m, dtype=np.intp) * n)[:, None]
        counts = np.bincount(index.ravel(), minlength=m * n).reshape(m, n)
        means[:, start:stop] = (counts @ cols).T / n
    return means


def _adaptive_bootstrap(
    series: np.ndarray, n_boot: int, seed: int, target: float
) -> list[tuple[np.ndarray, float, float, int]]:
    """Expanded percentile bounds of each row, with enough resamples for ``target``.

    Starts with ``n_boot`` resamples (the draws of :func:`_bootstrap_means` with ``seed``)
    and doubles them, continuing the same random stream, until the Monte Carlo error of
    both bounds of every row is below ``target`` or :data:`MAX_BOOT` is reached.

    Returns
    -------
    list of tuple
        Per row: (bounds array [low, high], mc error of the worse bound, alpha', B).
    """
    k, n = series.shape
    alpha = _bootstrap_alpha(n)
    rng = np.random.default_rng(seed)
    means = _draw_means(series, n_boot, rng)
    found: list[Any] = [None] * k
    while True:
        b = means.shape[1]
        for i in range(k):
            if found[i] is not None:
                continue
            ordered = np.sort(means[i])
            error = max(
                _quantile_mc_error(ordered, alpha / 2), _quantile_mc_error(ordered, 1 - alpha / 2)
            )
            # A row stops at the first size that meets the target, as it would alone:
            # rows drawn together keep the results each gets on its own.
            if error < target or b >= MAX_BOOT:
                bounds = np.quantile(ordered, [alpha / 2, 1 - alpha / 2])
                found[i] = (bounds, float(error), alpha, b)
        if all(f is not None for f in found):
            return found
        more = min(b, MAX_BOOT - b)
        means = np.concatenate([means, _draw_means(series, more, rng)], axis=1)


def _shared_bootstrap(
    diffs: Sequence[np.ndarray], n_boot: int, seed: int, target: float = 0.01
) -> list[Any]:
    """Bootstrap bounds of each difference vector, drawing once for all of the same length.

    The same draws as :func:`_bootstrap` makes for each on its own; ``None`` for vectors
    too short for the bootstrap.
    """
    out: list[Any] = [None] * len(diffs)
    by_size: dict[int, list[int]] = {}
    for i, d in enumerate(diffs):
        if d.size >= BOOT_MIN_PAIRS:
            by_size.setdefault(int(d.size), []).append(i)
    for members in by_size.values():
        series = np.stack([np.sort(diffs[i]) for i in members])
        for i, found in zip(
            members, _adaptive_bootstrap(series, n_boot, seed, target), strict=True
        ):
            out[i] = found
    return out


def _bootstrap(
    d: np.ndarray,
    n_boot: int,
    seed: int,
    indicator: str | None,
    warning: str | None,
    found: Any = None,
    target: float = 0.01,
) -> StatResult:
    n = int(d.size)
    method = (
        "expanded percentile bootstrap 95% CI of the mean change (Hesterberg 2015; "
        f"resampled pairs, seed {seed})"
    )
    if n < BOOT_MIN_PAIRS:
        return insufficient(
            method,
            n,
            BOOT_MIN_PAIRS,
            "below 8 pairs a bootstrap interval covers less than 94%",
            indicator,
            unit="pairs",
            warning=warning,
        )
    if found is None:
        # Sorting first makes the CI independent of the order in which units arrive.
        found = _adaptive_bootstrap(np.sort(d)[None, :], n_boot, seed, target)[0]
    bounds, error, _alpha, b = found
    method = (
        f"expanded percentile bootstrap 95% CI of the mean change (Hesterberg 2015; {b} "
        f"resampled pairs, seed {seed}; Monte Carlo error of each bound <= {error:.4f} points)"
    )
    note = None
    if n < BOOT_CAVEAT_N:
        note = (
            f"with {n} pairs a bootstrap interval rests on few distinct resamples; its coverage "
            "is approximate (see bench/README.md, statistics simulation)"
        )
    return StatResult(
        method=method,
        indicator=indicator,
        n=n,
        ci_low=float(bounds[0]),
        ci_high=float(bounds[1]),
        estimate=float(d.mean()),
        warning=warning,
        reason=note,
    )


def bootstrap_mc_error(result: StatResult) -> float | None:
    """The Monte Carlo error of the bounds stated in a bootstrap result's ``method``.

    Examples
    --------
    >>> r = paired_change([1, 2, 3, 4, 5, 6, 7, 8], [2, 4, 3, 6, 5, 9, 8, 8]).bootstrap
    >>> bootstrap_mc_error(r) < 0.01
    True
    """
    match = re.search(r"Monte Carlo error of each bound <= ([0-9.]+)", result.method)
    return float(match.group(1)) if match else None


def paired_change(
    before: Any,
    after: Any,
    indicator: str | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    periods: Sequence[MethodPeriod] | None = None,
    year_a: int | None = None,
    year_b: int | None = None,
    mc_target: float = MC_TARGET,
) -> PairedChange:
    """Test whether scores changed between two measurements of the same units.

    Pairs with a NaN on either side are dropped. Two pandas Series are aligned on their
    index (inner join); other inputs are paired by position. See the module docstring for
    the four procedures.

    Minimum n: 6 pairs for the t-test and the bootstrap, 6 non-zero differences for the
    Wilcoxon and sign tests; below that each returns status "insufficient".

    Parameters
    ----------
    before, after : array-like or pandas.Series
        Scores in the earlier and the later year.
    indicator : str, optional
    n_boot, seed : int
        Bootstrap resamples to start with, and the seed (deterministic).
    mc_target : float
        Resamples are doubled until the Monte Carlo error of each bootstrap bound is
        below this many points (:data:`MC_TARGET`).
    periods : sequence of MethodPeriod, optional
        Default :data:`analysis.stats.periods.DEFAULT_PERIODS`.
    year_a, year_b : int, optional
        When both are given, ``warning`` carries the comparability warning.

    Returns
    -------
    PairedChange

    Examples
    --------
    >>> pc = paired_change([80, 82, 85, 79, 90, 88, 84], [81, 84, 85.5, 80, 92, 88.5, 86])
    >>> round(pc.paired_t.estimate, 3), round(pc.paired_t.pvalue, 4), pc.n_up
    (1.286, 0.0028, 7)
    """
    b, a = _pairs(before, after)
    warning = None
    if year_a is not None and year_b is not None:
        warning = comparability_warning(year_a, year_b, periods or DEFAULT_PERIODS)
    d = np.round(a - b, _DECIMALS)
    found = _shared_bootstrap([d], n_boot, seed, mc_target)[0]
    return _paired_change(b, a, d, indicator, n_boot, seed, warning, found)


def _paired_change(
    b: np.ndarray,
    a: np.ndarray,
    d: np.ndarray,
    indicator: str | None,
    n_boot: int,
    seed: int,
    warning: str | None,
    boot_means: Any = None,
) -> PairedChange:
    return PairedChange(
        paired_t=_t_test(b, a, d, indicator, warning),
        wilcoxon=_wilcoxon(d, indicator, warning),
        sign=_sign_test(d, indicator, warning),
        bootstrap=_bootstrap(d, n_boot, seed, indicator, warning, boot_means),
        n_up=int(np.sum(d > 0)),
        n_down=int(np.sum(d < 0)),
        n_same=int(np.sum(d == 0)),
    )


def yoy_table(
    panel: pd.DataFrame,
    year_a: int,
    year_b: int,
    indicators: Sequence[str] | None = None,
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
    adjust: str = "holm",
    n_boot: int = 2000,
    seed: int = 0,
    mc_target: float = MC_TARGET,
) -> pd.DataFrame:
    """Year-over-year change per indicator over the units present in both years.

    One row per indicator. The shared result columns hold the primary test, the paired
    t-test (``estimate`` = mean change, CI from t, ``effect_size`` = Cohen's d_z; when all
    units changed alike, ``estimate`` is that change and ``reason`` says so); the
    Wilcoxon test (``v_wilcoxon`` = V, ``hl_*`` = Hodges–Lehmann pseudo-median and CI),
    the sign test and the bootstrap CI (``boot_mc_error`` = Monte Carlo error of its
    bounds) follow as extra columns, as checks. The same year twice raises ``ValueError``. ``p_adjusted``
    (and ``p_wilcoxon_adjusted``, ``p_sign_adjusted``) are adjusted across the indicators
    of the table with ``adjust`` ("holm" or "bh"). ``notes`` lists why a secondary test
    was refused.

    Minimum n: 6 units present in both years (6 non-zero changes for Wilcoxon and sign).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`YOY_COLUMNS`: indicator, n, estimate, statistic, pvalue, p_adjusted,
        ci_low, ci_high, effect_size, effect_size_name, method, warning, status, reason,
        mean_a, mean_b, n_up, n_down, n_same, p_wilcoxon, p_wilcoxon_adjusted,
        rank_biserial, v_wilcoxon, hl_estimate, hl_ci_low, hl_ci_high, p_sign,
        p_sign_adjusted, boot_ci_low, boot_ci_high, boot_mc_error, notes.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": list("abcdefg") * 2, "year": [2022] * 7 + [2023] * 7,
    ...                   "indicator_id": "total",
    ...                   "value": [80, 82, 85, 79, 90, 88, 84, 81, 84, 85.5, 80, 92, 88.5, 86]})
    >>> row = yoy_table(p, 2022, 2023).iloc[0]
    >>> row["indicator"], int(row["n"]), round(float(row["estimate"]), 3), int(row["n_up"])
    ('total', 7, 1.286, 7)
    """
    if adjust not in ("holm", "bh"):
        raise ValueError(f"unknown adjustment {adjust!r}; use 'holm' or 'bh'")
    if int(year_a) == int(year_b):
        raise ValueError(f"year_a and year_b are the same year ({year_a}); nothing to compare")
    data = check_panel(panel)
    indicators = list(indicators_in(data) if indicators is None else indicators)
    # Validated once: unit_values would check the whole panel again for every call.
    values_a = _values_by_indicator(data, year_a)
    values_b = _values_by_indicator(data, year_b)
    series = [
        (_values_of(values_a, data, ind, year_a), _values_of(values_b, data, ind, year_b))
        for ind in indicators
    ]
    pairs = [_pairs(before, after) for before, after in series]
    diffs = [np.round(a - b, _DECIMALS) for b, a in pairs]
    # Indicators with the same number of pairs share the bootstrap's draws (as they did
    # when each re-seeded its own generator), so the draws are made once per size.
    boot = _shared_bootstrap(diffs, n_boot, seed, mc_target)
    warning = comparability_warning(year_a, year_b, periods or DEFAULT_PERIODS)
    changes: list[PairedChange] = []
    extras: list[dict[str, Any]] = []
    for ind, (before, after), (b, a), d, means in zip(
        indicators, series, pairs, diffs, boot, strict=True
    ):
        pc = _paired_change(b, a, d, ind, n_boot, seed, warning, means)
        changes.append(pc)
        both = before.index.intersection(after.index)
        notes = [
            f"{name}: {r.reason}"
            for name, r in (
                ("paired t-test", pc.paired_t),
                ("Wilcoxon", pc.wilcoxon),
                ("sign test", pc.sign),
                ("bootstrap", pc.bootstrap),
            )
            if r.reason and (r.status != "ok" or name != "paired t-test")
        ]
        extras.append(
            {
                "mean_a": float(before[both].mean()) if len(both) else math.nan,
                "mean_b": float(after[both].mean()) if len(both) else math.nan,
                "n_up": pc.n_up,
                "n_down": pc.n_down,
                "n_same": pc.n_same,
                "p_wilcoxon": _nan(pc.wilcoxon.pvalue),
                "rank_biserial": _nan(pc.wilcoxon.effect_size),
                "v_wilcoxon": _nan(pc.wilcoxon.statistic),
                "hl_estimate": _nan(pc.wilcoxon.estimate),
                "hl_ci_low": _nan(pc.wilcoxon.ci_low),
                "hl_ci_high": _nan(pc.wilcoxon.ci_high),
                "p_sign": _nan(pc.sign.pvalue),
                "boot_ci_low": _nan(pc.bootstrap.ci_low),
                "boot_ci_high": _nan(pc.bootstrap.ci_high),
                "boot_mc_error": _nan(bootstrap_mc_error(pc.bootstrap)),
                "notes": "; ".join(notes) or None,
            }
        )
    primary = [pc.paired_t for pc in changes]
    adjusted = adjust_pvalues([r.pvalue for r in primary], adjust)
    primary = [r.replace(p_adjusted=p) for r, p in zip(primary, adjusted, strict=True)]
    frame = results_frame(primary)
    extra = pd.DataFrame(extras, columns=[c for c in YOY_COLUMNS if c not in RESULT_COLUMNS])
    extra["p_wilcoxon_adjusted"] = adjust_pvalues(extra["p_wilcoxon"].to_numpy(), adjust)
    extra["p_sign_adjusted"] = adjust_pvalues(extra["p_sign"].to_numpy(), adjust)
    out = pd.concat([frame, extra], axis=1)
    for col in ("n_up", "n_down", "n_same"):
        out[col] = out[col].astype("int64")
    out["notes"] = out["notes"].astype(object)
    return out[list(YOY_COLUMNS)]


def _values_by_indicator(data: pd.DataFrame, year: int) -> dict[str, pd.Series]:
    """``unit_values(data, ind, year)`` for every indicator in the year, from one pass.

    ``data`` must come from :func:`analysis.stats.result.check_panel`.
    """
    rows = data[data["year"] == int(year)]
    out: dict[str, pd.Series] = {}
    for ind, group in rows.groupby("indicator_id", sort=False):
        values = group.set_index("unit_id")["value"].dropna().sort_index()
        values.name = ind
        out[str(ind)] = values
    return out


def _values_of(
    by_indicator: dict[str, pd.Series], data: pd.DataFrame, indicator: str, year: int
) -> pd.Series:
    found = by_indicator.get(indicator)
    # An indicator absent in the year: the empty Series unit_values gives.
    return found if found is not None else unit_values(data.iloc[:0], indicator, year)


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _ordinary_pairs(
    data: pd.DataFrame, indicator: str, year_a: int, year_b: int, periods: Sequence[MethodPeriod]
) -> list[tuple[int, int]]:
    """Year pairs with the gap of (year_a, year_b) inside its method period, with data.

    Only when both years lie in one known period; otherwise just (year_a, year_b).
    """
    period = period_of(year_a, periods)
    if period is None or not period.contains(year_b):
        return [(year_a, year_b)]
    gap = year_b - year_a
    have = set(data.loc[data["indicator_id"] == indicator, "year"].astype(int))
    lo, hi = period.first_year, period.last_year
    pairs = [
        (y, y + gap)
        for y in range(lo, hi + 1)
        if lo <= y + gap <= hi and y in have and (y + gap) in have
    ]
    return pairs if (year_a, year_b) in pairs else [(year_a, year_b), *pairs]


def ordinary_variation_band(
    panel: pd.DataFrame,
    year_a: int,
    year_b: int,
    indicator: str = "total",
    coverage: float = 0.9,
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
    pool_years: bool = True,
) -> pd.DataFrame:
    """Flag units whose change stands out from the ordinary year-to-year variation.

    The band is centred on the median of all units' changes between the two years and
    its half-width is z · 1.4826 · MAD, with z the standard normal quantile for
    ``coverage`` (1.645 for 0.9). The MAD measures *ordinary* variation: with
    ``pool_years`` it is taken over every year pair with the same gap inside the method
    period of the two years (each pair's changes centred on their own median, so citywide
    shifts do not count as unit variation), which is steadier than one pair alone; the
    pairs used are listed in ``band_source``. If more than half the changes are equal
    (MAD = 0) the empirical ``(1 - coverage)/2`` and ``(1 + coverage)/2`` quantiles of the
    current changes are used instead.

    By construction about ``1 - coverage`` of the units fall outside the band even when
    every change is pure noise (3 of 30 at 0.9): ``expected_unusual`` gives that count
    next to ``n_unusual``. Units outside are marked ``unusual``: a description, never a
    per-unit test or p-value.

    Minimum n: 8 units with a value in both years; below it the rows are returned with
    NaN band, ``unusual`` False and status "insufficient".

    Returns
    -------
    pandas.DataFrame
        Columns unit_id, score_a, score_b, change, band_low, band_high, unusual,
        direction ("above", "below" or None), method, warning, status, reason,
        expected_unusual, n_unusual, band_source; sorted by change descending.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": list("abcdefghij") * 2, "year": [2022] * 10 + [2023] * 10,
    ...                   "indicator_id": "total",
    ...                   "value": [80.0] * 10 + [81, 81.2, 80.8, 81.1, 80.9, 81, 81.3, 80.7,
    ...                                           81, 86]})
    >>> band = ordinary_variation_band(p, 2022, 2023)
    >>> band.loc[band["unusual"], ["unit_id", "direction"]].to_dict("records")
    [{'unit_id': 'j', 'direction': 'above'}]
    >>> float(band["expected_unusual"].iloc[0]), int(band["n_unusual"].iloc[0])
    (1.0, 1)
    """
    if not 0 < coverage < 1:
        raise ValueError("coverage must lie strictly between 0 and 1")
    if int(year_a) == int(year_b):
        raise ValueError(f"year_a and year_b are the same year ({year_a}); nothing to compare")
    data = check_panel(panel)
    before = unit_values(data, indicator, year_a).rename("score_a")
    after = unit_values(data, indicator, year_b).rename("score_b")
    out = pd.concat([before, after], axis=1, join="inner")
    out["change"] = np.round(out["score_b"] - out["score_a"], _DECIMALS)
    changes = out["change"].to_numpy(dtype=float)
    n = int(changes.size)
    z = float(stats.norm.ppf(0.5 + coverage / 2))
    pairs = (
        _ordinary_pairs(data, indicator, int(year_a), int(year_b), periods)
        if pool_years
        else [(int(year_a), int(year_b))]
    )
    centred = []
    for ya, yb in pairs:
        if (ya, yb) == (int(year_a), int(year_b)):
            c = changes
        else:
            both = pd.concat(
                [unit_values(data, indicator, ya), unit_values(data, indicator, yb)],
                axis=1,
                join="inner",
            )
            c = np.round(both.iloc[:, 1] - both.iloc[:, 0], _DECIMALS).to_numpy(dtype=float)
        if c.size:
            centred.append(c - np.median(c))
    source = ", ".join(f"{ya}→{yb}" for ya, yb in pairs)
    method = (
        f"band of ordinary change: median of the changes ± {z:.3f} × 1.4826 × MAD of the "
        f"centred changes of {source} (coverage {coverage:g}); about {1 - coverage:.0%} of "
        "units fall outside by construction; descriptive, not a per-unit test"
    )
    out["band_low"] = math.nan
    out["band_high"] = math.nan
    out["unusual"] = False
    out["direction"] = None
    out["method"] = method
    out["warning"] = comparability_warning(year_a, year_b, periods)
    out["status"] = "ok"
    out["reason"] = None
    if n < MIN_BAND_UNITS:
        out["status"] = "insufficient"
        out["reason"] = f"n = {n} units with both years; at least {MIN_BAND_UNITS} are needed"
    else:
        median = float(np.median(changes))
        pooled = np.concatenate(centred) if centred else changes - median
        mad = float(np.median(np.abs(pooled)))
        if mad > 0:
            low, high = median - z * 1.4826 * mad, median + z * 1.4826 * mad
        else:
            low, high = np.quantile(changes, [(1 - coverage) / 2, (1 + coverage) / 2])
            out["method"] = (
                f"band of ordinary change: MAD = 0, so the empirical {(1 - coverage) / 2:g} "
                f"and {(1 + coverage) / 2:g} quantiles of the changes; descriptive, not a "
                "per-unit test"
            )
        out["band_low"], out["band_high"] = float(low), float(high)
        out["unusual"] = (out["change"] < low) | (out["change"] > high)
        out.loc[out["change"] > high, "direction"] = "above"
        out.loc[out["change"] < low, "direction"] = "below"
    out["expected_unusual"] = round((1 - coverage) * n, 10)
    out["n_unusual"] = int(out["unusual"].sum())
    out["band_source"] = source
    out.index.name = "unit_id"
    out = out.reset_index()
    out["unit_id"] = out["unit_id"].astype(object)
    for col in ("direction", "method", "warning", "status", "reason", "band_source"):
        out[col] = out[col].astype(object)
    out["unusual"] = out["unusual"].astype(bool)
    out["n_unusual"] = out["n_unusual"].astype("int64")
    out["expected_unusual"] = out["expected_unusual"].astype(float)
    out = out.sort_values(["change", "unit_id"], ascending=[False, True]).reset_index(drop=True)
    cols = ["unit_id", "score_a", "score_b", "change", "band_low", "band_high", "unusual"]
    tail = ["expected_unusual", "n_unusual", "band_source"]
    return out[[*cols, "direction", "method", "warning", "status", "reason", *tail]]


# --- plain-language verdict ------------------------------------------------------------


def _fmt(x: float, decimals: int, lang: str) -> str:
    text = f"{x:.{decimals}f}"
    return text.replace(".", ",") if lang == "vi" else text


def _fmt_p(p: float, lang: str) -> str:
    if p < 0.001:
        return "< " + _fmt(0.001, 3, lang)
    return "= " + _fmt(p, 3, lang)


#: Phrasings no verdict may use: they read a p-value as the probability of chance, or
#: claim proof. ``tests/analysis/stats/test_verdict_wording.py`` checks every verdict.
FORBIDDEN_PHRASES: tuple[str, ...] = (
    "unlikely to be chance",
    "chance alone",
    "due to chance",
    "by chance",
    "probability that",
    "prove",
    "proof",
    "statistically significant",
    "khó có thể do ngẫu nhiên",
    "do ngẫu nhiên",
    "xác suất để",
    "chứng minh",
    "có ý nghĩa thống kê",
)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _get(res: Mapping[str, Any], key: str) -> Any:
    value = res.get(key)
    return None if _missing(value) else value


def _as_mapping(results: Any) -> dict[str, Any]:
    """The primary result's fields plus the checks' columns, as a yoy_table row has them."""
    if isinstance(results, PairedChange):
        out = results.paired_t.to_dict()
        w, sg = results.wilcoxon, results.sign
        out.update(
            p_wilcoxon=w.pvalue,
            v_wilcoxon=w.statistic,
            hl_estimate=w.estimate if w.status == "ok" else None,
            p_sign=sg.pvalue,
            n_up=results.n_up,
            n_down=results.n_down,
            n_same=results.n_same,
        )
        return out
    if isinstance(results, StatResult):
        return results.to_dict()
    if isinstance(results, pd.Series):
        return results.to_dict()
    if isinstance(results, Mapping):
        return dict(results)
    raise TypeError("verdict() takes a PairedChange, a StatResult or a mapping (table row)")


_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "method_lead": (
            "The two years were scored under different methods, so this comparison cannot "
            "tell a real change from the change of method."
        ),
        "unknown_lead": (
            "It is not known whether the two years were scored under the same method, so "
            "this comparison cannot tell a real change from a change of method."
        ),
        "rose": "rose by",
        "fell": "fell by",
        "flat": "changed by",
        "estimate": "The mean score {verb} {est} points (95% CI {lo} to {hi}).",
        "estimate_no_ci": "The mean score {verb} {est} points.",
        "primary": "Primary test (paired t-test): {plabel} {p}",
        "rare": (
            ", so a mean change this large would be rare if the scores moved only by "
            "year-to-year assessment noise."
        ),
        "common": (
            ", so a mean change of this size often arises from year-to-year assessment noise; "
            "the data do not show a clear change, which is not the same as showing no change."
        ),
        "method_p": (
            "; it compares the difference with year-to-year assessment noise, not with the "
            "effect of the change of method."
        ),
        "population": (
            "The {n} units are all the units, not a sample: the interval and the p-value "
            "describe year-to-year assessment noise, not sampling error."
        ),
        "wilcoxon": "Wilcoxon signed-rank test (Hodges–Lehmann pseudo-median {hl} points, {plabel} {p})",
        "sign": "sign test ({up} rose, {down} fell, {plabel} {p})",
        "agree": "Checks: {checks}; they agree with the primary test.",
        "disagree": (
            "Checks: {checks}; they do not agree with the primary test, so the conclusion "
            "depends on the method: read the change with caution."
        ),
        "and": " and ",
        "all_equal": "{what}, so the paired t-test (the primary test) is undefined (no spread).",
        "all_up": "All {n} units rose by exactly {est} points",
        "all_down": "All {n} units fell by exactly {est} points",
        "none_changed": "None of the {n} units changed its score, so there is no change to test.",
        "sign_defined": "The sign test is defined: {up} rose, {down} fell ({plabel} {p}).",
        "not_enough": "There are not enough data to judge the change",
        "adjusted": "adjusted p",
        "raw": "p",
    },
    "vi": {
        "method_lead": (
            "Hai năm được chấm theo phương pháp khác nhau, nên phép so sánh này không tách "
            "được thay đổi thực tế khỏi tác động của việc đổi phương pháp."
        ),
        "unknown_lead": (
            "Chưa rõ hai năm có được chấm theo cùng một phương pháp hay không, nên phép so "
            "sánh này không tách được thay đổi thực tế khỏi tác động của việc đổi phương pháp."
        ),
        "rose": "tăng",
        "fell": "giảm",
        "flat": "thay đổi",
        "estimate": "Điểm trung bình {verb} {est} điểm (khoảng tin cậy 95%: từ {lo} đến {hi}).",
        "estimate_no_ci": "Điểm trung bình {verb} {est} điểm.",
        "primary": "Kiểm định chính (kiểm định t ghép cặp): {plabel} {p}",
        "rare": (
            ", tức là một mức thay đổi trung bình lớn như vậy hiếm khi xảy ra nếu điểm số chỉ "
            "dao động do sai số chấm điểm giữa các năm."
        ),
        "common": (
            ", tức là mức thay đổi như vậy thường xuất hiện chỉ do sai số chấm điểm giữa các "
            "năm; dữ liệu chưa cho thấy thay đổi rõ ràng, nhưng điều đó không có nghĩa là "
            "không có thay đổi."
        ),
        "method_p": (
            "; giá trị này chỉ so chênh lệch với dao động do sai số chấm điểm giữa các năm, "
            "không đo được tác động của việc đổi phương pháp."
        ),
        "population": (
            "{n} đơn vị là toàn bộ các đơn vị chứ không phải một mẫu: khoảng tin cậy và giá "
            "trị p phản ánh dao động của việc chấm điểm giữa các năm, không phải sai số chọn mẫu."
        ),
        "wilcoxon": (
            "kiểm định hạng có dấu Wilcoxon (trung vị Hodges–Lehmann {hl} điểm, {plabel} {p})"
        ),
        "sign": "kiểm định dấu ({up} đơn vị tăng, {down} đơn vị giảm, {plabel} {p})",
        "agree": "Kiểm định đối chứng: {checks}; kết quả thống nhất với kiểm định chính.",
        "disagree": (
            "Kiểm định đối chứng: {checks}; kết quả không thống nhất với kiểm định chính, nên "
            "kết luận phụ thuộc vào phương pháp và cần thận trọng khi đọc."
        ),
        "and": " và ",
        "all_equal": (
            "{what}, nên kiểm định t ghép cặp (kiểm định chính) không xác định được "
            "(độ lệch chuẩn bằng 0)."
        ),
        "all_up": "Cả {n} đơn vị đều tăng đúng {est} điểm",
        "all_down": "Cả {n} đơn vị đều giảm đúng {est} điểm",
        "none_changed": "Không đơn vị nào trong {n} đơn vị thay đổi điểm, nên không có thay đổi để kiểm định.",
        "sign_defined": (
            "Kiểm định dấu vẫn xác định được: {up} đơn vị tăng, {down} đơn vị giảm ({plabel} {p})."
        ),
        "not_enough": "Chưa đủ dữ liệu để đánh giá thay đổi",
        "adjusted": "p hiệu chỉnh",
        "raw": "p",
    },
}


def _p_of(res: Mapping[str, Any], raw_key: str, adjusted_key: str) -> tuple[float | None, bool]:
    adjusted = _get(res, adjusted_key)
    if adjusted is not None:
        return float(adjusted), True
    raw = _get(res, raw_key)
    return (None if raw is None else float(raw)), False


def _signed(x: float, lang: str) -> str:
    return ("+" if x > 0 else "") + _fmt(x, 2, lang)


def _checks(
    res: Mapping[str, Any], lang: str, alpha: float, primary: tuple[bool, float] | None
) -> str | None:
    """The checks sentence: Wilcoxon and sign test, and whether they agree with the primary."""
    tx = _TEXTS[lang]
    parts: list[str] = []
    decisions: list[tuple[bool, float]] = []
    p_w, adj_w = _p_of(res, "p_wilcoxon", "p_wilcoxon_adjusted")
    hl = _get(res, "hl_estimate")
    if p_w is not None and hl is not None:
        label = tx["adjusted"] if adj_w else tx["raw"]
        parts.append(
            tx["wilcoxon"].format(hl=_signed(float(hl), lang), plabel=label, p=_fmt_p(p_w, lang))
        )
        decisions.append((p_w < alpha, float(hl)))
    p_s, adj_s = _p_of(res, "p_sign", "p_sign_adjusted")
    up, down = _get(res, "n_up"), _get(res, "n_down")
    if p_s is not None and up is not None and down is not None:
        label = tx["adjusted"] if adj_s else tx["raw"]
        parts.append(
            tx["sign"].format(up=int(up), down=int(down), plabel=label, p=_fmt_p(p_s, lang))
        )
        decisions.append((p_s < alpha, float(int(up) - int(down))))
    if not parts:
        return None
    checks = tx["and"].join(parts)
    if primary is None:
        return tx["agree"].split(";")[0].format(checks=checks) + "."
    agree = all(
        found == primary[0]
        and (not found or math.copysign(1, sign) == math.copysign(1, primary[1]))
        for found, sign in decisions
    )
    return tx["agree" if agree else "disagree"].format(checks=checks)


def verdict(results: Any, lang: str = "vi", alpha: float = 0.05) -> str:
    """A plain-language verdict on a change of the mean score, in Vietnamese or English.

    Built from the primary result (the paired t-test of a :class:`PairedChange`, a
    :class:`StatResult`, or a row of :func:`yoy_table` as a mapping) and, when present,
    the checks (Wilcoxon with its Hodges–Lehmann estimate, sign test). The sentences:

    1. when the two years were scored under different (or unknown) methods, that comes
       first, and the change is not called real nor rare;
    2. the estimate with its 95% interval;
    3. the named primary test with the adjusted p (raw p only when there is none), read
       as "rare / common under year-to-year assessment noise" — never as the
       probability that the change is chance;
    4. that the units are the whole population, so the uncertainty is assessment noise;
    5. the checks, and whether they agree with the primary test.

    When every unit changed by the same amount the t-test is undefined: the verdict says
    what happened and reports the sign test. Too few data are said to be too few, with
    the reason. No sentence uses a phrase of :data:`FORBIDDEN_PHRASES`. Vietnamese uses
    decimal commas.

    Minimum n: whatever the underlying result required (its status is respected).

    Examples
    --------
    >>> r = StatResult(method="t", n=30, estimate=1.264, ci_low=0.7, ci_high=1.8,
    ...                pvalue=0.001, p_adjusted=0.003)
    >>> print(verdict(r, lang="en"))  # doctest: +NORMALIZE_WHITESPACE
    The mean score rose by 1.26 points (95% CI 0.70 to 1.80). Primary test (paired t-test):
    adjusted p = 0.003, so a mean change this large would be rare if the scores moved only
    by year-to-year assessment noise. The 30 units are all the units, not a sample: the
    interval and the p-value describe year-to-year assessment noise, not sampling error.
    """
    if lang not in ("vi", "en"):
        raise ValueError("lang must be 'vi' or 'en'")
    tx = _TEXTS[lang]
    res = _as_mapping(results)
    warning = _get(res, "warning")
    unknown = bool(warning) and "outside the known method periods" in str(warning)
    method_change = bool(warning) and not unknown
    parts: list[str] = []
    if method_change:
        parts.append(tx["method_lead"])
    elif unknown:
        parts.append(tx["unknown_lead"])
    status = res.get("status", "ok")
    estimate = _get(res, "estimate")
    n = int(_get(res, "n") or 0)
    if status == "ok" and estimate is not None:
        est = float(estimate)
        rounded = round(est, 2)
        verb = tx["rose"] if rounded > 0 else tx["fell"] if rounded < 0 else tx["flat"]
        lo, hi = _get(res, "ci_low"), _get(res, "ci_high")
        if lo is not None and hi is not None:
            parts.append(
                tx["estimate"].format(
                    verb=verb,
                    est=_fmt(abs(est), 2, lang),
                    lo=_fmt(float(lo), 2, lang),
                    hi=_fmt(float(hi), 2, lang),
                )
            )
        else:
            parts.append(tx["estimate_no_ci"].format(verb=verb, est=_fmt(abs(est), 2, lang)))
        p, adjusted = _p_of(res, "pvalue", "p_adjusted")
        primary = None
        if p is not None:
            label = tx["adjusted"] if adjusted else tx["raw"]
            head = tx["primary"].format(plabel=label, p=_fmt_p(p, lang))
            if method_change or unknown:
                parts.append(head + tx["method_p"])
            else:
                parts.append(head + (tx["rare"] if p < alpha else tx["common"]))
            primary = (p < alpha, est)
        if n:
            parts.append(tx["population"].format(n=n))
        checks = _checks(res, lang, alpha, primary)
        if checks:
            parts.append(checks)
    elif estimate is not None:
        # The t-test was refused although the data are there: every unit moved alike.
        est = float(estimate)
        if est == 0:
            parts.append(tx["none_changed"].format(n=n))
        else:
            key = "all_up" if est > 0 else "all_down"
            what = tx[key].format(n=n, est=_fmt(abs(est), 2, lang))
            parts.append(tx["all_equal"].format(what=what))
            p_s, adj_s = _p_of(res, "p_sign", "p_sign_adjusted")
            up, down = _get(res, "n_up"), _get(res, "n_down")
            if p_s is not None and up is not None and down is not None:
                label = tx["adjusted"] if adj_s else tx["raw"]
                parts.append(
                    tx["sign_defined"].format(
                        up=int(up), down=int(down), plabel=label, p=_fmt_p(p_s, lang)
                    )
                )
    else:
        reason = res.get("reason") or ""
        if lang == "en":
            parts.append(tx["not_enough"] + (f": {reason}." if reason else "."))
        else:
            match = re.search(r"n = (\d+) .*at least (\d+)", str(reason))
            if match:
                parts.append(
                    f"{tx['not_enough']} (chỉ có {match.group(1)} cặp số liệu, cần ít nhất "
                    f"{match.group(2)})."
                )
            else:
                parts.append(tx["not_enough"] + ".")
    return " ".join(parts)
