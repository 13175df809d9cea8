"""Year-over-year change of the units' scores: paired tests, a table, a plain verdict.

Differences are ``after - before`` rounded to 10 decimals first, so that scores that are
equal as printed count as unchanged (floating-point subtraction would otherwise turn
equal scores into tiny non-zero differences and split ties in the Wilcoxon ranks).

Tests on the same pairs (minimum 6 pairs each):

* paired t-test (primary): ``scipy.stats.ttest_rel``; estimate = mean change with its
  t-based 95% CI; effect size Cohen's d_z = mean / sd of the differences;
* Wilcoxon signed-rank: ``scipy.stats.wilcoxon`` on the differences with
  ``zero_method="wilcox"`` (unchanged units are dropped, so its n is the number of
  non-zero differences); ``method="auto"`` (exact for n <= 50) unless there are ties or
  zeros, in which case the normal approximation (``method="asymptotic"``, with the tie
  correction of the variance) is forced because the exact null distribution assumes
  distinct non-zero differences; effect size the matched-pairs rank-biserial correlation
  (R+ - R-) / (R+ + R-);
* sign test: ``scipy.stats.binomtest`` on the number of rises among the non-zero changes,
  two-sided; estimate = share of rises with its exact (Clopper–Pearson) CI;
* bootstrap: percentile 95% CI of the mean change from resampled pairs, seeded (the
  differences are sorted first, so the CI does not depend on the order of the units).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis.stats.multiplicity import adjust as adjust_pvalues
from analysis.stats.periods import DEFAULT_PERIODS, MethodPeriod, comparability_warning
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
    "MIN_BAND_UNITS",
    "MIN_PAIRS",
    "YOY_COLUMNS",
    "PairedChange",
    "ordinary_variation_band",
    "paired_change",
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
    "p_sign",
    "p_sign_adjusted",
    "boot_ci_low",
    "boot_ci_high",
    "notes",
)


@dataclass(frozen=True)
class PairedChange:
    """The four results of :func:`paired_change` and the counts of rises and falls.

    Examples
    --------
    >>> pc = paired_change([1, 2, 3, 4, 5, 6], [2, 2, 4, 5, 7, 6])
    >>> pc.n_up, pc.n_down, pc.n_same, [r.status for r in pc.results()]
    (4, 0, 2, ['ok', 'insufficient', 'insufficient', 'ok'])
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
        return insufficient(
            method,
            n,
            MIN_PAIRS,
            "all changes are equal (sd = 0), so the t statistic is undefined",
            indicator,
            unit="pairs",
            warning=warning,
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


def _wilcoxon(d: np.ndarray, indicator: str | None, warning: str | None) -> StatResult:
    nonzero = d[d != 0]
    n = int(nonzero.size)
    has_zeros = bool(np.any(d == 0))
    has_ties = bool(np.unique(np.abs(nonzero)).size < n)
    forced = has_zeros or has_ties
    if forced:
        scipy_method, label = "asymptotic", "normal approximation (ties or zeros present)"
    else:
        scipy_method = "auto"
        label = "exact" if n <= 50 else "normal approximation"
    method = f"Wilcoxon signed-rank (zero_method='wilcox', {label})"
    if n < MIN_PAIRS:
        return insufficient(
            method, n, MIN_PAIRS, None, indicator, unit="non-zero differences", warning=warning
        )
    res = stats.wilcoxon(nonzero, zero_method="wilcox", method=scipy_method)
    ranks = stats.rankdata(np.abs(nonzero))
    r_plus = float(ranks[nonzero > 0].sum())
    r_minus = float(ranks[nonzero < 0].sum())
    return StatResult(
        method=method,
        indicator=indicator,
        n=n,
        statistic=float(res.statistic),
        pvalue=float(res.pvalue),
        effect_size=(r_plus - r_minus) / (r_plus + r_minus),
        effect_size_name="rank_biserial",
        estimate=float(np.median(d)),
        warning=warning,
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
    k, n = series.shape
    rng = np.random.default_rng(seed)
    means = np.empty((k, n_boot))
    rows = max(1, _BOOT_CHUNK // max(n, 1))
    values = np.ascontiguousarray(series.T, dtype=float)  # (n, k)
    for start in range(0, n_boot, rows):
        stop = min(n_boot, start + rows)
        m = stop - start
        index = rng.integers(0, n, size=(m, n), dtype=np.intp)
        # Counts per resample: offset each resample's indices into its own block of n.
        index += (np.arange(m, dtype=np.intp) * n)[:, None]
        counts = np.bincount(index.ravel(), minlength=m * n).reshape(m, n)
        means[:, start:stop] = (counts @ values).T / n
    return means


def _shared_bootstrap(diffs: Sequence[np.ndarray], n_boot: int, seed: int) -> list[Any]:
    """Bootstrap means of each difference vector, drawing once for all of the same length.

    The same means as :func:`_bootstrap` computes for each on its own; ``None`` for
    vectors too short for the bootstrap.
    """
    out: list[Any] = [None] * len(diffs)
    by_size: dict[int, list[int]] = {}
    for i, d in enumerate(diffs):
        if d.size >= MIN_PAIRS:
            by_size.setdefault(int(d.size), []).append(i)
    for members in by_size.values():
        series = np.stack([np.sort(diffs[i]) for i in members])
        for i, means in zip(members, _bootstrap_means(series, n_boot, seed), strict=True):
            out[i] = means
    return out


def _bootstrap(
    d: np.ndarray,
    n_boot: int,
    seed: int,
    indicator: str | None,
    warning: str | None,
    means: np.ndarray | None = None,
) -> StatResult:
    method = f"percentile bootstrap 95% CI of the mean change ({n_boot} resamples, seed {seed})"
    n = int(d.size)
    if n < MIN_PAIRS:
        return insufficient(method, n, MIN_PAIRS, None, indicator, unit="pairs", warning=warning)
    if means is None:
        # Sorting first makes the CI independent of the order in which units arrive.
        means = _bootstrap_means(np.sort(d)[None, :], n_boot, seed)[0]
    low, high = np.quantile(means, [0.025, 0.975])
    return StatResult(
        method=method,
        indicator=indicator,
        n=n,
        ci_low=float(low),
        ci_high=float(high),
        estimate=float(d.mean()),
        warning=warning,
    )


def paired_change(
    before: Any,
    after: Any,
    indicator: str | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    periods: Sequence[MethodPeriod] | None = None,
    year_a: int | None = None,
    year_b: int | None = None,
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
        Bootstrap resamples and seed (deterministic).
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
    return _paired_change(b, a, np.round(a - b, _DECIMALS), indicator, n_boot, seed, warning)


def _paired_change(
    b: np.ndarray,
    a: np.ndarray,
    d: np.ndarray,
    indicator: str | None,
    n_boot: int,
    seed: int,
    warning: str | None,
    boot_means: np.ndarray | None = None,
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
) -> pd.DataFrame:
    """Year-over-year change per indicator over the units present in both years.

    One row per indicator. The shared result columns hold the primary test, the paired
    t-test (``estimate`` = mean change, CI from t, ``effect_size`` = Cohen's d_z); the
    Wilcoxon and sign tests and the bootstrap CI follow as extra columns. ``p_adjusted``
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
        rank_biserial, p_sign, p_sign_adjusted, boot_ci_low, boot_ci_high, notes.

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
    boot = _shared_bootstrap(diffs, n_boot, seed)
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
            for name, r in (("Wilcoxon", pc.wilcoxon), ("sign test", pc.sign))
            if r.status != "ok"
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
                "p_sign": _nan(pc.sign.pvalue),
                "boot_ci_low": _nan(pc.bootstrap.ci_low),
                "boot_ci_high": _nan(pc.bootstrap.ci_high),
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


def ordinary_variation_band(
    panel: pd.DataFrame,
    year_a: int,
    year_b: int,
    indicator: str = "total",
    coverage: float = 0.9,
    periods: Sequence[MethodPeriod] = DEFAULT_PERIODS,
) -> pd.DataFrame:
    """Flag units whose change stands out from the ordinary year-to-year variation.

    The band is built from all units' changes between the two years (not from a unit's
    own history): median ± z · 1.4826 · MAD, with z the standard normal quantile for
    ``coverage`` (1.645 for 0.9). For normally spread changes it covers ``coverage`` of
    units, but unlike fixed quantiles it does not force a share of units outside it, and
    one extreme unit barely moves it. If more than half the units share one change
    (MAD = 0) the empirical ``(1 - coverage)/2`` and ``(1 + coverage)/2`` quantiles are
    used instead. Units outside the band are marked ``unusual``: a description, never a
    per-unit test or p-value.

    Minimum n: 8 units with a value in both years; below it the rows are returned with
    NaN band, ``unusual`` False and status "insufficient".

    Returns
    -------
    pandas.DataFrame
        Columns unit_id, score_a, score_b, change, band_low, band_high, unusual,
        direction ("above", "below" or None), method, warning, status, reason; sorted by
        change descending.

    Examples
    --------
    >>> p = pd.DataFrame({"unit_id": list("abcdefghij") * 2, "year": [2022] * 10 + [2023] * 10,
    ...                   "indicator_id": "total",
    ...                   "value": [80.0] * 10 + [81, 81.2, 80.8, 81.1, 80.9, 81, 81.3, 80.7,
    ...                                           81, 86]})
    >>> band = ordinary_variation_band(p, 2022, 2023)
    >>> band.loc[band["unusual"], ["unit_id", "direction"]].to_dict("records")
    [{'unit_id': 'j', 'direction': 'above'}]
    """
    if not 0 < coverage < 1:
        raise ValueError("coverage must lie strictly between 0 and 1")
    data = check_panel(panel)
    before = unit_values(data, indicator, year_a).rename("score_a")
    after = unit_values(data, indicator, year_b).rename("score_b")
    out = pd.concat([before, after], axis=1, join="inner")
    out["change"] = np.round(out["score_b"] - out["score_a"], _DECIMALS)
    changes = out["change"].to_numpy(dtype=float)
    n = int(changes.size)
    z = float(stats.norm.ppf(0.5 + coverage / 2))
    method = (
        f"band of ordinary change: median ± {z:.3f} × 1.4826 × MAD of all units' changes "
        f"(coverage {coverage:g}); descriptive, not a per-unit test"
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
        mad = float(np.median(np.abs(changes - median)))
        if mad > 0:
            low, high = median - z * 1.4826 * mad, median + z * 1.4826 * mad
        else:
            low, high = np.quantile(changes, [(1 - coverage) / 2, (1 + coverage) / 2])
            out["method"] = method.replace(
                "median ± ", "MAD = 0, so empirical quantiles instead of median ± "
            )
        out["band_low"], out["band_high"] = float(low), float(high)
        out["unusual"] = (out["change"] < low) | (out["change"] > high)
        out.loc[out["change"] > high, "direction"] = "above"
        out.loc[out["change"] < low, "direction"] = "below"
    out.index.name = "unit_id"
    out = out.reset_index()
    out["unit_id"] = out["unit_id"].astype(object)
    for col in ("direction", "method", "warning", "status", "reason"):
        out[col] = out[col].astype(object)
    out["unusual"] = out["unusual"].astype(bool)
    out = out.sort_values(["change", "unit_id"], ascending=[False, True]).reset_index(drop=True)
    cols = ["unit_id", "score_a", "score_b", "change", "band_low", "band_high", "unusual"]
    return out[[*cols, "direction", "method", "warning", "status", "reason"]]


# --- plain-language verdict ------------------------------------------------------------


def _fmt(x: float, decimals: int, lang: str) -> str:
    text = f"{x:.{decimals}f}"
    return text.replace(".", ",") if lang == "vi" else text


def _fmt_p(p: float, lang: str) -> str:
    if p < 0.001:
        return "< " + _fmt(0.001, 3, lang)
    return "= " + _fmt(p, 3, lang)


def _as_mapping(results: Any) -> dict[str, Any]:
    if isinstance(results, PairedChange):
        return results.paired_t.to_dict()
    if isinstance(results, StatResult):
        return results.to_dict()
    if isinstance(results, pd.Series):
        return results.to_dict()
    if isinstance(results, Mapping):
        return dict(results)
    raise TypeError("verdict() takes a PairedChange, a StatResult or a mapping (table row)")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def verdict(results: Any, lang: str = "vi", alpha: float = 0.05) -> str:
    """One plain-language sentence on a change of the mean score, without over-claiming.

    Uses the primary result (the paired t-test of a :class:`PairedChange`, a
    :class:`StatResult`, or a row of :func:`yoy_table` as a mapping): its ``estimate``
    (mean change) and the adjusted p-value when there is one, else the raw p-value.
    "Unlikely to be chance" is said only when that p is below ``alpha``; otherwise the
    sentence says the evidence is not sufficient (which is not "no change"). Insufficient
    data are said to be insufficient. A method-change ``warning`` adds a caution.
    Vietnamese uses decimal commas.

    Minimum n: whatever the underlying result required (its status is respected).

    Examples
    --------
    >>> r = StatResult(method="t", n=30, estimate=1.264, pvalue=0.001, p_adjusted=0.003)
    >>> verdict(r)
    'Điểm trung bình tăng 1,26 điểm; mức tăng này khó có thể do ngẫu nhiên (p hiệu chỉnh = 0,003).'
    >>> verdict(r.replace(estimate=-0.4, p_adjusted=0.21), lang="en")
    'The mean score fell by 0.40 points, but the evidence is not sufficient to say the fall is more than chance variation (adjusted p = 0.210).'
    """
    if lang not in ("vi", "en"):
        raise ValueError("lang must be 'vi' or 'en'")
    res = _as_mapping(results)
    warning = res.get("warning")
    has_warning = not _missing(warning) and bool(warning)
    status = res.get("status", "ok")
    estimate = res.get("estimate")
    if status != "ok" or _missing(estimate):
        reason = res.get("reason") or ""
        if lang == "en":
            text = "There are not enough data to judge the change"
            text += f": {reason}." if reason else "."
        else:
            match = re.search(r"n = (\d+) .*at least (\d+)", str(reason))
            if match:
                text = (
                    "Chưa đủ dữ liệu để đánh giá thay đổi (chỉ có "
                    f"{match.group(1)} cặp số liệu, cần ít nhất {match.group(2)})."
                )
            else:
                text = "Chưa đủ dữ liệu để kiểm định thay đổi."
    else:
        p_adj = res.get("p_adjusted")
        adjusted = not _missing(p_adj)
        p = float(p_adj) if adjusted else res.get("pvalue")
        est = float(estimate)
        rounded = round(est, 2)
        if lang == "en":
            verb = "rose" if rounded > 0 else "fell" if rounded < 0 else "changed"
            noun = "rise" if rounded > 0 else "fall" if rounded < 0 else "change"
            head = f"The mean score {verb} by {_fmt(abs(est), 2, lang)} points"
            p_label = "adjusted p" if adjusted else "p"
        else:
            verb = "tăng" if rounded > 0 else "giảm" if rounded < 0 else "thay đổi"
            head = f"Điểm trung bình {verb} {_fmt(abs(est), 2, lang)} điểm"
            p_label = "p hiệu chỉnh" if adjusted else "p"
        if _missing(p):
            text = head + "."
        elif float(p) < alpha:
            if lang == "en":
                text = (
                    f"{head}; a {noun} this large is unlikely to be chance alone "
                    f"({p_label} {_fmt_p(float(p), lang)})."
                )
            else:
                text = (
                    f"{head}; mức {verb} này khó có thể do ngẫu nhiên "
                    f"({p_label} {_fmt_p(float(p), lang)})."
                )
        elif lang == "en":
            text = (
                f"{head}, but the evidence is not sufficient to say the {noun} is more than "
                f"chance variation ({p_label} {_fmt_p(float(p), lang)})."
            )
        else:
            text = (
                f"{head}, nhưng chưa đủ bằng chứng để khẳng định mức {verb} này vượt quá "
                f"dao động ngẫu nhiên ({p_label} {_fmt_p(float(p), lang)})."
            )
    if has_warning:
        if lang == "en":
            text += f" Caution: {warning}"
        elif "outside the known method periods" in str(warning):
            text += (
                " Lưu ý: chưa rõ hai năm có được chấm theo cùng một phương pháp hay không, "
                "cần thận trọng khi so sánh."
            )
        else:
            text += (
                " Lưu ý: hai năm được chấm theo phương pháp khác nhau, "
                "nên chênh lệch có thể một phần do thay đổi phương pháp."
            )
    return text
