"""The view state in the URL: a copied link restores page, dataset, years, units and toggles.

Widgets keep their values in ``st.session_state`` under a key; this module seeds those keys
from the query string on a session's first run and writes them back after every run.
Values are checked against the allowed options, so a hostile or stale parameter is ignored
(the widget falls back to its default) and never reaches a query.

Values are written language-independently (``dataset=demo``, ``units=ba_dinh,cau_giay``),
so a link works whatever language the recipient reads in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

__all__ = ["Param", "bind", "write_url", "choice", "choices", "int_range", "flag", "integer"]

_REGISTRY = "_url_params"  # session_state: {key: Param} bound during this run
_SEEDED = "_url_seeded"  # session_state: keys already seeded from the URL in this session
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
        st.session_state[key] = default
    return st.session_state[key]


def write_url() -> None:
    """Write every key bound in this run back to the query string (defaults are left out)."""
    registry: dict[str, Param] = st.session_state.get(_REGISTRY, {})
    wanted: dict[str, str] = {}
    for key, param in registry.items():
        value = st.session_state.get(key, param.default)
        if isinstance(value, tuple) or isinstance(param.default, tuple):
            same = tuple(value) == tuple(param.default)
        elif isinstance(value, list) or isinstance(param.default, list):
            same = list(value) == list(param.default)
        else:
            same = value == param.default
        if param.always or not same:
            wanted[key] = param.dump(value)
    current = {k: st.query_params.get(k) for k in st.query_params.keys()}
    if current != wanted:
        st.query_params.from_dict(wanted)
    # Page-specific keys are bound again by the page on its next run.
    st.session_state[_REGISTRY] = {}
