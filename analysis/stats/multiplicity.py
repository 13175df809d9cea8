"""Multiple-testing adjustment of p-values (Holm and Benjamini–Hochberg).

Missing p-values (None or NaN) stay NaN and are not counted in the number of tests m,
so a refused test (status "insufficient") does not make the others more conservative.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["ADJUST_METHODS", "adjust", "benjamini_hochberg", "holm"]

#: Accepted names for :func:`adjust`.
ADJUST_METHODS: tuple[str, ...] = ("holm", "bh")


def _as_pvalues(pvalues: Iterable[float | None]) -> tuple[np.ndarray, np.ndarray]:
    """Float array (None -> NaN) and the mask of finite entries; rejects p outside [0, 1]."""
    arr = np.array([np.nan if p is None else p for p in pvalues], dtype=float)
    ok = np.isfinite(arr)
    if np.any((arr[ok] < 0) | (arr[ok] > 1)):
        raise ValueError("p-values must lie in [0, 1]")
    return arr, ok


def holm(pvalues: Iterable[float | None]) -> np.ndarray:
    """Holm step-down adjustment (controls the family-wise error rate).

    Minimum n: none; an empty input gives an empty array.

    Parameters
    ----------
    pvalues : iterable of float or None
        Raw p-values; None/NaN are kept as NaN and excluded from m.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values in the input order, each in [raw p, 1].

    Examples
    --------
    >>> holm([0.01, 0.04, None, 0.03]).round(3).tolist()
    [0.03, 0.06, nan, 0.06]
    """
    arr, ok = _as_pvalues(pvalues)
    out = np.full(arr.shape, np.nan)
    p = arr[ok]
    m = p.size
    if m == 0:
        return out
    order = np.argsort(p, kind="mergesort")
    stepped = (m - np.arange(m)) * p[order]
    # The running maximum keeps the adjusted values monotone in the raw order.
    adjusted = np.minimum(np.maximum.accumulate(stepped), 1.0)
    result = np.empty(m)
    result[order] = adjusted
    out[ok] = result
    return out


def benjamini_hochberg(pvalues: Iterable[float | None]) -> np.ndarray:
    """Benjamini–Hochberg step-up adjustment (controls the false discovery rate).

    Minimum n: none; an empty input gives an empty array.

    Parameters
    ----------
    pvalues : iterable of float or None
        Raw p-values; None/NaN are kept as NaN and excluded from m.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values ("q-values") in the input order, each in [raw p, 1].

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, float("nan"), 0.03]).round(3).tolist()
    [0.03, 0.04, nan, 0.04]
    """
    arr, ok = _as_pvalues(pvalues)
    out = np.full(arr.shape, np.nan)
    p = arr[ok]
    m = p.size
    if m == 0:
        return out
    order = np.argsort(p, kind="mergesort")
    scaled = p[order] * m / np.arange(1, m + 1)
    # Running minimum from the largest p downwards: the step-up rule.
    adjusted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    result = np.empty(m)
    result[order] = adjusted
    out[ok] = result
    return out


def adjust(pvalues: Iterable[float | None], method: str = "holm") -> np.ndarray:
    """Adjust p-values by ``method`` ("holm" or "bh"); unknown names raise ValueError.

    Minimum n: none.

    Parameters
    ----------
    pvalues : iterable of float or None
    method : {"holm", "bh"}

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> adjust([0.01, 0.02], "bh").tolist()
    [0.02, 0.02]
    """
    if method == "holm":
        return holm(pvalues)
    if method == "bh":
        return benjamini_hochberg(pvalues)
    raise ValueError(f"unknown adjustment method {method!r}; use one of {ADJUST_METHODS}")
