"""Language choice, translated texts and Vietnamese number formats."""

from __future__ import annotations

import functools
import math
import weakref

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.memo import memoised
from ui.texts import TEXT

__all__ = [
    "names_of",
    "LANGS",
    "lang",
    "t",
    "num",
    "vi_marks",
    "pct",
    "signed",
    "indicator_name",
    "unit_name",
    "unit_names",
    "per_language",
]

LANGS = ("vi", "en")


def lang() -> str:
    """The current language: 'vi' (default) or 'en'."""
    # Pages ask for it thousands of times per rerun (every text and number), and each
    # session-state read takes tens of microseconds; the language cannot change within a run
    # (changing the widget starts a new run), so keep it per run. ``ctx.cursors`` is a new
    # dict for every run; holding it keeps its address from being reused by the next one.
    ctx = get_script_run_ctx(suppress_warning=True)
    memo = getattr(ctx, "_par_lang", None)
    if memo is not None and memo[0] is ctx.cursors:
        return memo[1]
    value = st.session_state.get("lang")
    if ctx is not None and value in LANGS:
        ctx._par_lang = (ctx.cursors, value)  # only once the widget's value is known
        return value
    # Before the sidebar's widget exists in this run (page titles), trust the URL.
    value = value if value is not None else st.query_params.get("lang", "vi")
    return value if value in LANGS else "vi"


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the current language, with ``{name}`` fields filled in."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[0] if lang() == "vi" else pair[1]
    return text.format(**values) if values else text


def vi_marks(text: str) -> str:
    """A number written the English way with Vietnamese marks: 5,000.5 becomes 5.000,5."""
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def num(value: float | int | None, decimals: int = 2, language: str | None = None) -> str:
    """A number in the current language's format: 94,27 in Vietnamese, 94.27 in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    language = language or lang()
    text = f"{value:,.{decimals}f}"
    return vi_marks(text) if language == "vi" else text


def pct(value: float | None, decimals: int = 2) -> str:
    """A score in %, formatted for the current language."""
    return (
        "—"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{num(value, decimals)}%"
    )


def signed(value: float | None, decimals: int = 2) -> str:
    """A change with its sign (+1,26 / −0,40)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = num(abs(value), decimals)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def _lookup(frame, key_col: str) -> dict[str, tuple[str, str]]:
    """id -> (name_vi, name_en) for a frame, built once per frame object.

    Pages name every unit of a table row by row; filtering the frame per call made a table
    of n units cost O(n^2) (benchmark finding 1). Frames from the cache are fresh objects per
    rerun, so a weak reference to the frame is a safe cache key.
    """
    key = (id(frame), key_col)
    hit = _LOOKUPS.get(key)
    if hit is not None and hit[0]() is frame and hit[2] == len(frame):
        return hit[1]
    mapping: dict[str, tuple[str, str]] = {}
    for k, vi, en in zip(frame[key_col], frame["name_vi"], frame["name_en"], strict=True):
        mapping.setdefault(str(k), (str(vi), str(en)))  # the first row wins, as before
    try:
        ref = weakref.ref(frame, lambda _r, k=key: _LOOKUPS.pop(k, None))
    except TypeError:  # not weak-referenceable: just do not cache
        return mapping
    _LOOKUPS[key] = (ref, mapping, len(frame))
    return mapping


_LOOKUPS: dict[tuple[int, str], tuple[weakref.ref, dict[str, tuple[str, str]], int]] = {}


def _name(frame, key_col: str, value: str) -> str:
    names = _lookup(frame, key_col).get(str(value))
    if names is None:
        return value
    return names[0] if lang() == "vi" else names[1]


def indicator_name(indicators, indicator_id: str) -> str:
    """Indicator name in the current language from the indicators frame."""
    return _name(indicators, "indicator_id", indicator_id)


def unit_names(units) -> dict[str, str]:
    """Every unit's name in the current language, by unit id (for whole columns)."""
    i = 0 if lang() == "vi" else 1
    return {k: v[i] for k, v in _lookup(units, "unit_id").items()}


def unit_name(units, unit_id: str) -> str:
    """Unit name: with diacritics in Vietnamese, ASCII in English."""
    return _name(units, "unit_id", unit_id)


def per_language(fn):
    """:func:`ui.memo.memoised` for a function that writes texts: the language is in the key.

    The function must depend on its arguments and the reader's language only.
    """

    @memoised
    @functools.wraps(fn)
    def keyed(language: str, *args, **kwargs):
        return fn(*args, **kwargs)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return keyed(lang(), *args, **kwargs)

    return wrapper


def names_of(units: pd.DataFrame) -> dict[str, str]:
    """unit_id -> name in the reader's language."""
    col = "name_vi" if lang() == "vi" else "name_en"
    return dict(zip(units["unit_id"], units[col], strict=True))
