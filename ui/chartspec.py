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
import os
import threading
from collections.abc import Callable
from typing import Any, ClassVar

import altair as alt
import pandas as pd

from ui.memo import Lru, fingerprint

__all__ = ["Spec", "cached_spec", "to_spec", "as_spec", "with_config", "with_texts", "clear"]

_MAX_SPECS = 256
# A spec with more data rows than this is not kept (national-scale charts would fill memory).
_MAX_CACHED_ROWS = 50_000


@dataclasses.dataclass(eq=False)
class Spec:
    """A converted Vega-Lite spec (read-only): its body and its named datasets as frames.

    ``body`` is the spec with its tabular data referenced by name; ``frames`` holds that data
    (already cleaned as Altair cleans it). :attr:`spec` is the complete JSON spec, with the
    datasets as records, as vl-convert and other Vega-Lite readers need it.
    """

    # Handed out as is by ui.memo's caches: a Spec is never changed once built.
    shared: ClassVar[bool] = True

    body: dict
    frames: dict[str, pd.DataFrame] = dataclasses.field(default_factory=dict)
    # Filled on first use (the JSON spec, Arrow bytes, configured variants); never by builders.
    derived: dict = dataclasses.field(default_factory=dict)

    @property
    def spec(self) -> dict:
        """The complete Vega-Lite spec, data included (built once)."""
        full = self.derived.get("json")
        if full is None:
            full = self.body
            if self.frames:
                records = {n: f.to_dict(orient="records") for n, f in self.frames.items()}
                full = {**self.body, "datasets": {**self.body.get("datasets", {}), **records}}
            self.derived["json"] = full
        return full


def _strict() -> bool:
    return os.environ.get("PAR_STRICT_CHARTS") == "1"


# Altair validates every channel against the JSON schema when it is built ("debug mode") and
# again in to_dict; both can only fail on a programming error, which the tests catch with
# PAR_STRICT_CHARTS=1. Off in the app: it was about half of the time to build a chart.
if not _strict():
    alt.utils.schemapi.disable_debug_mode()

_STASH = threading.local()


def _stash_data(data: Any) -> Any:
    """Altair data transformer: set a frame aside by name instead of writing it out as rows.

    Only while :func:`_convert` runs in this thread; otherwise (any other Altair use) the
    rows are written into the spec as Altair's default transformer does, without its
    5,000-row limit (a page may chart all 10,000 units of a national panel).
    """
    from altair.utils.core import sanitize_pandas_dataframe
    from altair.utils.data import to_values

    if not isinstance(data, pd.DataFrame):
        return to_values(data)
    clean = sanitize_pandas_dataframe(data)
    frames = getattr(_STASH, "frames", None)
    if frames is None:
        return {"values": clean.to_dict(orient="records")}
    name = "data-" + (fingerprint(clean) or f"{id(clean):x}-{len(frames)}")[:24]
    frames[name] = clean
    return {"name": name}


alt.data_transformers.register("par", _stash_data)
alt.data_transformers.enable("par")  # once, at import: toggling it per chart is not thread-safe


def _convert(chart: alt.TopLevelMixin) -> Spec:
    _STASH.frames = {}
    try:
        body = chart.to_dict(validate=_strict())
        frames = _STASH.frames
    finally:
        _STASH.frames = None
    return Spec(body, frames)


def to_spec(chart: alt.TopLevelMixin | Spec) -> dict:
    """The chart's complete Vega-Lite spec, ready for vl-convert or any Vega-Lite reader.

    >>> spec = to_spec(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q"))
    >>> spec["mark"]["type"], list(spec["datasets"].values())[0]
    ('point', [{'x': 1}])
    """
    return (chart if isinstance(chart, Spec) else _convert(chart)).spec


def as_spec(chart: alt.TopLevelMixin | Spec) -> Spec:
    """The chart as a :class:`Spec` (converted if it is an Altair chart)."""
    return chart if isinstance(chart, Spec) else _convert(chart)


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
    base = as_spec(chart)
    body = base.body
    new = Spec({**body, "config": {**body.get("config", {}), **config}}, base.frames)
    if isinstance(chart, Spec):
        chart.derived[memo_key] = new
    return new


# Channels whose field name a reader sees (as an axis or legend title) when no title is set.
_TITLED_CHANNELS = ("x", "y", "color", "shape", "size", "strokeDash", "theta")


def _titled(obj: Any, titles: dict[str, str], parent: str | None = None) -> Any:
    if isinstance(obj, list):
        return [_titled(v, titles, parent) for v in obj]
    if not isinstance(obj, dict):
        return obj
    field = obj.get("field")
    if (
        parent in ("tooltip", *_TITLED_CHANNELS)
        and isinstance(field, str)
        and "title" not in obj
        and field in titles
    ):
        obj = {**obj, "title": titles[field]}
    return {k: v if k in ("datasets", "data") else _titled(v, titles, k) for k, v in obj.items()}


def with_texts(
    chart: alt.TopLevelMixin | Spec,
    *,
    description: str | None = None,
    titles: dict[str, str] | None = None,
) -> Spec:
    """A new Spec with the chart's ``description`` (its alternative text) and field titles.

    ``titles`` names fields in the reader's language: a tooltip, axis or legend on a field
    without its own title gets it (a reader never sees ``value_text``). Kept on the Spec per
    arguments, as :func:`with_config`.

    >>> base = Spec({"mark": "point", "encoding": {"tooltip": [{"field": "value_text"}]}})
    >>> new = with_texts(base, description="Điểm của 30 đơn vị", titles={"value_text": "Điểm"})
    >>> new.body["description"], new.body["encoding"]["tooltip"][0]["title"]
    ('Điểm của 30 đơn vị', 'Điểm')
    """
    titles = titles or {}
    memo_key = ("texts", description, repr(sorted(titles.items())))
    if isinstance(chart, Spec) and memo_key in chart.derived:
        return chart.derived[memo_key]
    base = as_spec(chart)
    body = _titled(base.body, titles) if titles else dict(base.body)
    if description:
        body["description"] = description
    new = Spec(body, base.frames)
    if isinstance(chart, Spec):
        chart.derived[memo_key] = new
    return new


_CACHE = Lru(_MAX_SPECS)


def clear() -> None:
    """Forget every cached spec (tests use it)."""
    _CACHE.clear()


def _rows(spec: Spec) -> int:
    inline = spec.body.get("datasets", {}).values()
    return sum(len(f) for f in spec.frames.values()) + sum(
        len(v) for v in inline if isinstance(v, list)
    )


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
            hit = _CACHE.get((name, key))
            if hit is not None:
                return hit
        spec = _convert(builder(*args, **kwargs))
        if key is not None and _rows(spec) <= _MAX_CACHED_ROWS:
            _CACHE.put((name, key), spec)
        return spec

    return wrapper
