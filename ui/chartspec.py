"""Chart specs converted once: chart builders memoised on their arguments.

Building an Altair chart and converting it to Vega-Lite cost 70–100 ms per chart, most of
a page's rerun (benchmark finding 3), although most reruns draw the same chart from the same
data again. :func:`cached_spec` wraps a chart builder so that it returns a :class:`Spec` (the
converted Vega-Lite spec), looked up by a fingerprint of the builder's arguments (frames by
their contents, not their identity). Arguments that cannot be fingerprinted are not cached:
the builder just runs.

Specs are shared between sessions and must be treated as read-only; functions that change a
spec (:func:`with_config`) return a new one.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

__all__ = ["Spec", "cached_spec", "to_spec", "with_config", "fingerprint", "clear"]

_MAX_SPECS = 256
# A spec with more data rows than this is not kept (national-scale charts would fill memory).
_MAX_CACHED_ROWS = 50_000


@dataclasses.dataclass(eq=False)
class Spec:
    """A converted Vega-Lite spec (read-only) and what the drawing side derives from it once."""

    spec: dict
    # Filled by the drawing side on first use (e.g. datasets as Arrow bytes); never by builders.
    derived: dict = dataclasses.field(default_factory=dict)

    def to_dict(self, validate: bool = False) -> dict:  # noqa: ARG002 - Altair's signature
        """The spec itself, so that code written for Altair charts accepts a Spec too."""
        return self.spec


def to_spec(chart: alt.TopLevelMixin | Spec) -> dict:
    """The chart's Vega-Lite spec, ready for ``st.vega_lite_chart`` or vl-convert.

    Validating against the Vega-Lite JSON schema took a large part of a rerun and can only
    fail on a programming error, which the test suite catches: it sets
    ``PAR_STRICT_CHARTS=1``, and every chart a test builds is validated.

    >>> spec = to_spec(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q"))
    >>> spec["mark"]["type"], list(spec["datasets"].values())[0]
    ('point', [{'x': 1}])
    """
    if isinstance(chart, Spec):
        return chart.spec
    return chart.to_dict(validate=os.environ.get("PAR_STRICT_CHARTS") == "1")


def with_config(chart: alt.TopLevelMixin | Spec, **config: Any) -> Spec:
    """A new Spec with top-level ``config`` entries set (the original is left alone).

    >>> base = Spec({"mark": "point", "config": {"view": {"stroke": None}}})
    >>> new = with_config(base, locale={"number": {"decimal": ","}})
    >>> sorted(new.spec["config"]), sorted(base.spec["config"])
    (['locale', 'view'], ['view'])
    """
    # Pages re-apply the same config on every rerun; keep the result on the Spec so that what
    # the drawing side derives from it (Arrow bytes) is derived once too.
    memo_key = ("config", repr(sorted(config.items())))
    if isinstance(chart, Spec) and memo_key in chart.derived:
        return chart.derived[memo_key]
    spec = to_spec(chart)
    new = Spec({**spec, "config": {**spec.get("config", {}), **config}})
    if isinstance(chart, Spec):
        chart.derived[memo_key] = new
    return new


class _Unhashable(Exception):  # noqa: N818 - internal signal
    """An argument the fingerprint does not know how to read."""


def _feed(h, value: Any) -> None:
    # Type names go into the hash so that 1, 1.0, "1" and True are different arguments.
    h.update(type(value).__name__.encode())
    if value is None or isinstance(value, bool | int | float | str | bytes):
        h.update(repr(value).encode("utf-8", "surrogatepass"))
    elif isinstance(value, pd.DataFrame):
        h.update(repr((list(value.columns), [str(d) for d in value.dtypes])).encode())
        h.update(repr(list(value.index.names)).encode())
        try:
            hashed = pd.util.hash_pandas_object(value, index=True)
        except TypeError as exc:  # cells that are lists or dicts
            raise _Unhashable from exc
        h.update(hashed.to_numpy().tobytes())
    elif isinstance(value, pd.Series):
        _feed(h, value.to_frame(name=str(value.name)))
    elif isinstance(value, np.ndarray):
        if value.dtype == object:
            _feed(h, list(value.tolist()))
        else:
            h.update(repr((value.dtype.str, value.shape)).encode())
            h.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, np.generic):
        _feed(h, value.item())
    elif isinstance(value, list | tuple):
        h.update(str(len(value)).encode())
        for item in value:
            _feed(h, item)
    elif isinstance(value, dict):
        h.update(str(len(value)).encode())
        for k, v in value.items():  # order kept: it can decide colour or legend order
            _feed(h, k)
            _feed(h, v)
    elif isinstance(value, set | frozenset):
        _feed(h, sorted(value, key=repr))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(type(value).__qualname__.encode())
        _feed(h, [getattr(value, f.name) for f in dataclasses.fields(value)])
    else:
        raise _Unhashable(type(value).__name__)
    h.update(b"|")


def fingerprint(*args: Any, **kwargs: Any) -> str | None:
    """A digest of call arguments by value; None if one of them cannot be read.

    >>> a = fingerprint(pd.DataFrame({"x": [1, 2]}), title="t")
    >>> a == fingerprint(pd.DataFrame({"x": [1, 2]}), title="t")
    True
    >>> a == fingerprint(pd.DataFrame({"x": [1, 3]}), title="t")
    False
    >>> fingerprint(object()) is None
    True
    """
    h = hashlib.blake2b(digest_size=20)
    try:
        _feed(h, list(args))
        _feed(h, dict(sorted(kwargs.items())))
    except _Unhashable:
        return None
    return h.hexdigest()


_CACHE: OrderedDict[tuple[str, str], Spec] = OrderedDict()
_LOCK = threading.Lock()


def clear() -> None:
    """Forget every cached spec (tests use it)."""
    with _LOCK:
        _CACHE.clear()


def _rows(spec: dict) -> int:
    return sum(len(v) for v in spec.get("datasets", {}).values() if isinstance(v, list))


def cached_spec(builder: Callable[..., alt.TopLevelMixin]) -> Callable[..., Spec]:
    """Wrap a chart builder: same arguments (by value) → the same converted :class:`Spec`.

    The builder must depend on its arguments only (no session state, no clock), which holds
    for the builders in ``ui.charts*``: they import neither Streamlit nor the data layer.
    The original builder stays reachable as ``wrapper.__wrapped__``.
    """
    name = f"{builder.__module__}.{builder.__qualname__}"

    @functools.wraps(builder)
    def wrapper(*args: Any, **kwargs: Any) -> Spec:
        key = fingerprint(*args, **kwargs)
        if key is not None:
            with _LOCK:
                hit = _CACHE.get((name, key))
                if hit is not None:
                    _CACHE.move_to_end((name, key))
                    return hit
        spec = Spec(to_spec(builder(*args, **kwargs)))
        if key is not None and _rows(spec.spec) <= _MAX_CACHED_ROWS:
            with _LOCK:
                _CACHE[(name, key)] = spec
                while len(_CACHE) > _MAX_SPECS:
                    _CACHE.popitem(last=False)
        return spec

    return wrapper
