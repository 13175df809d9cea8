"""Language choice, translated texts and Vietnamese number formats."""

from __future__ import annotations

import math

import streamlit as st

from ui.texts import TEXT

__all__ = ["LANGS", "lang", "t", "num", "pct", "signed", "indicator_name", "unit_name"]

LANGS = ("vi", "en")


def lang() -> str:
    """The current language: 'vi' (default) or 'en'."""
    value = st.session_state.get("lang")
    if value is None:
        # Before the sidebar's widget exists in this run (page titles), trust the URL.
        value = st.query_params.get("lang", "vi")
    return value if value in LANGS else "vi"


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the current language, with ``{name}`` fields filled in."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[0] if lang() == "vi" else pair[1]
    return text.format(**values) if values else text


def num(value: float | int | None, decimals: int = 2, language: str | None = None) -> str:
    """A number in the current language's format: 94,27 in Vietnamese, 94.27 in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    language = language or lang()
    text = f"{value:,.{decimals}f}"
    if language == "vi":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


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


def indicator_name(indicators, indicator_id: str) -> str:
    """Indicator name in the current language from the indicators frame."""
    row = indicators.loc[indicators.indicator_id == indicator_id]
    if row.empty:
        return indicator_id
    col = "name_vi" if lang() == "vi" else "name_en"
    return str(row.iloc[0][col])


def unit_name(units, unit_id: str) -> str:
    """Unit name: with diacritics in Vietnamese, ASCII in English."""
    row = units.loc[units.unit_id == unit_id]
    if row.empty:
        return unit_id
    return str(row.iloc[0]["name_vi" if lang() == "vi" else "name_en"])
