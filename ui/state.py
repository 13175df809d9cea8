"""The view state in the URL: a copied link restores page, dataset, years, units and toggles.

Widgets keep their values in ``st.session_state`` under a key; this module seeds those keys
from the query string on a session's first run and writes them back after every run.
Values are checked against the allowed options, so a hostile or stale parameter is ignored
(the widget falls back to its default) and never reaches a query.

Values are written language-independently (``dataset=demo``, ``units=ba_dinh,cau_giay``),
so a link works whatever language the recipient reads in.

Every URL the app writes names the view it shows (issue 16, item 9). Two things used to let
a link lose ``dataset=demo`` after a page switch: Streamlit clears, on a page change, the state
of every widget the browser did not list in its rerun request (a switch clicked while the
sidebar was being redrawn), so the next run fell back to the default; and the URL was written
only when the server's copy of the query string differed from the wanted one, a copy that a
page transition filters and the browser may no longer show. So the value last shown is kept
beside the widget's state and restored when Streamlit drops it, and the whole query string
is written after every run that bound its keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

__all__ = ["Param", "bind", "write_url", "choice", "choices", "int_range", "flag", "integer"]

_REGISTRY = "_url_params"  # session_state: {key: Param} bound during this run
_SEEDED = "_url_seeded"  # session_state: keys already seeded from the URL in this session
_SHOWN = "_url_shown"  # session_state: {key: value} as written to the URL by the last run
_PAGE = "_url_page"  # session_state: the page whose run wrote the URL last
_MAX_LEN = 2000


@dataclass(frozen=True)
class Param:
    """How one session_state key maps to a query parameter."""

    key: str
    default: Any
    parse: Callable[[str], Any]  # raises ValueError for an invalid value
    dump: Callable[[Any], str]
    always: bool = False  # written even at its default: the link names what data it shows


def choice(options: Sequence[str]) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """One of ``options``."""
    allowed = list(options)

    def parse(text: str) -> str:
        if text not in allowed:
            raise ValueError(text)
        return text

    return parse, str


def choices(
    options: Sequence[str],
) -> tuple[Callable[[str], list[str]], Callable[[list[str]], str]]:
    """Several of ``options``, comma-separated; unknown ones are dropped."""
    allowed = list(options)

    def parse(text: str) -> list[str]:
        if text == "":
            return []
        picked = [v for v in text.split(",") if v in allowed]
        if not picked:
            raise ValueError(text)
        return list(dict.fromkeys(picked))

    return parse, lambda v: ",".join(v)


def int_range(lo: int, hi: int) -> tuple[Callable[[str], tuple[int, int]], Callable[[Any], str]]:
    """A range like ``2019-2023`` within [lo, hi]."""

    def parse(text: str) -> tuple[int, int]:
        a, _, b = text.partition("-")
        x, y = int(a), int(b or a)
        if not (lo <= x <= y <= hi):
            raise ValueError(text)
        return (x, y)

    return parse, lambda v: f"{int(v[0])}-{int(v[1])}"


def integer(lo: int, hi: int) -> tuple[Callable[[str], int], Callable[[Any], str]]:
    """A whole number within [lo, hi]."""

    def parse(text: str) -> int:
        v = int(text)
        if not lo <= v <= hi:
            raise ValueError(text)
        return v

    return parse, lambda v: str(int(v))


def flag() -> tuple[Callable[[str], bool], Callable[[Any], str]]:
    """A toggle: ``1``/``true`` or ``0``/``false``."""

    def parse(text: str) -> bool:
        if text.lower() in ("1", "true", "yes"):
            return True
        if text.lower() in ("0", "false", "no"):
            return False
        raise ValueError(text)

    return parse, lambda v: "1" if v else "0"


def bind(key: str, default: Any, codec: tuple[Callable, Callable], *, always: bool = False) -> Any:
    """Register ``key`` for the URL and seed it from the query string on first use.

    Returns the value the widget should start from; call before creating the widget, and
    give the widget ``key=key`` and no explicit default (it reads session_state). With
    ``always`` the value is written to the URL even when it is the default (the dataset and
    the level: a copied link must open the same data whatever the defaults are then).
    """
    parse, dump = codec
    st.session_state.setdefault(_REGISTRY, {})[key] = Param(key, default, parse, dump, always)
    seeded: set = st.session_state.setdefault(_SEEDED, set())
    if key not in seeded:
        seeded.add(key)
        raw = st.query_params.get(key)
        value = default
        if raw is not None and len(raw) <= _MAX_LEN:
            try:
                value = parse(raw)
            except (ValueError, TypeError):
                value = default
        st.session_state[key] = value
    elif key not in st.session_state:
        # The widget's state was dropped (a page change clears widgets the browser did not
        # report): restore what this session last showed, never silently the default.
        value = st.session_state.get(_SHOWN, {}).get(key, default)
        try:
            value = parse(dump(value))  # still one of the options now offered?
        except (ValueError, TypeError):
            value = default
        st.session_state[key] = value
    return st.session_state[key]


def _page_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return str(getattr(ctx, "page_script_hash", "")) if ctx is not None else ""


def write_url() -> None:
    """Write every key bound in this run back to the query string (defaults are left out)."""
    registry: dict[str, Param] = st.session_state.get(_REGISTRY, {})
    if not registry:
        return  # nothing was drawn (the run stopped early): leave the address as it is
    wanted: dict[str, str] = {}
    shown = st.session_state.setdefault(_SHOWN, {})
    for key, param in registry.items():
        value = st.session_state.get(key, param.default)
        shown[key] = value
        if isinstance(value, tuple) or isinstance(param.default, tuple):
            same = tuple(value) == tuple(param.default)
        elif isinstance(value, list) or isinstance(param.default, list):
            same = list(value) == list(param.default)
        else:
            same = value == param.default
        if param.always or not same:
            wanted[key] = param.dump(value)
    # Written when it differs from the server's copy, and always on the first run of a page:
    # after a page transition that copy is not what the browser shows, so comparing with it
    # alone could skip a needed write. (Not every run: each write is a browser history entry.)
    current = {k: st.query_params.get(k) for k in st.query_params.keys()}
    page = _page_id()
    if current != wanted or st.session_state.get(_PAGE) != page:
        st.query_params.from_dict(wanted)
    st.session_state[_PAGE] = page
    # Page-specific keys are bound again by the page on its next run.
    st.session_state[_REGISTRY] = {}
