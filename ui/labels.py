"""How statistics are written for people: p-values, intervals and short indicator names."""

from __future__ import annotations

import math

from ui.i18n import lang, num, t

__all__ = [
    "short",
    "p_is",
    "fmt_p",
    "fmt_ci",
]


def short(indicator: str) -> str:
    """Short display name of the total or a component area."""
    return t(f"co_short_{indicator}")


def p_is(p: float | None) -> str:
    """'= 0,012' or '< 0,001' (for 'p …' in sentences)."""
    text = fmt_p(p)
    return text if text.startswith("<") else f"= {text}"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_p(p: float | None) -> str:
    """A p-value as read: "< 0,001", "0,012", or "—"."""
    if _missing(p):
        return "—"
    if p < 0.001:
        return "< " + num(0.001, 3)
    return num(p, 3)


def fmt_ci(low: float | None, high: float | None, decimals: int = 2) -> str:
    """An interval: [0,84; 1,68] in Vietnamese, [0.84, 1.68] in English."""
    if _missing(low) or _missing(high):
        return "—"
    sep = "; " if lang() == "vi" else ", "
    return f"[{num(low, decimals)}{sep}{num(high, decimals)}]"
