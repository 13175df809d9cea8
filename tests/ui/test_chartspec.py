"""Chart specs memoised on their arguments: equal inputs share a spec, others never do."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui import chartspec
from ui.chartspec import Spec, cached_spec, with_config
from ui.memo import fingerprint


@pytest.fixture(autouse=True)
def _empty_cache():
    chartspec.clear()
    yield
    chartspec.clear()


def _points(frame: pd.DataFrame, *, title: str) -> alt.Chart:
    return alt.Chart(frame).mark_point().encode(x="x:Q").properties(title=title)


def _without_names(spec: dict) -> dict:
    """The spec with dataset names replaced by their order (names are content hashes)."""
    names = {name: f"d{i}" for i, name in enumerate(spec.get("datasets", {}))}
    text = json.dumps(spec, sort_keys=True)
    for name, plain in names.items():
        text = text.replace(name, plain)
    return json.loads(text)


frames = st.lists(
    st.floats(allow_nan=True, allow_infinity=False, width=32), min_size=1, max_size=12
).map(lambda xs: pd.DataFrame({"x": xs, "u": [f"u{i}" for i in range(len(xs))]}))


@settings(max_examples=60, deadline=None)
@given(frames, st.data())
def test_fingerprint_changes_when_any_cell_changes(frame, data):
    i = data.draw(st.integers(0, len(frame) - 1))
    changed = frame.copy()
    old = changed.loc[i, "x"]
    changed.loc[i, "x"] = 1.5 if pd.isna(old) or old != 1.5 else 2.5
    assert fingerprint(frame, title="a") == fingerprint(frame.copy(), title="a")
    assert fingerprint(frame, title="a") != fingerprint(changed, title="a")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ((1,), (1.0,)),  # same number, other type
        (("1",), (1,)),
        ((True,), (1,)),
        (({"a": 1, "b": 2},), ({"b": 2, "a": 1},)),  # order decides legend order
        ((pd.DataFrame({"x": [1]}),), (pd.DataFrame({"y": [1]}),)),  # column names
        ((pd.DataFrame({"x": [1]}),), (pd.DataFrame({"x": [1.0]}),)),  # dtypes
        ((np.array([1, 2]),), (np.array([2, 1]),)),
        ((["a", "b"],), (["ab"],)),
    ],
)
def test_fingerprint_tells_apart_arguments_that_differ(a, b):
    assert fingerprint(*a) != fingerprint(*b)


def test_fingerprint_gives_up_on_objects_it_cannot_read():
    assert fingerprint(object()) is None
    assert fingerprint(pd.DataFrame({"x": [1]}), lambda: 1) is None


def test_fingerprint_reads_frames_whose_cells_are_lists():
    # Sparkline histories are lists in cells.
    a = fingerprint(pd.DataFrame({"h": [[1.0, None]]}))
    assert a is not None
    assert a == fingerprint(pd.DataFrame({"h": [[1.0, None]]}))
    assert a != fingerprint(pd.DataFrame({"h": [[1.0, 2.0]]}))


def test_cached_builder_returns_the_same_spec_for_equal_inputs():
    calls = []

    @cached_spec
    def build(frame, *, title):
        calls.append(title)
        return _points(frame, title=title)

    one = build(pd.DataFrame({"x": [1.0, 2.0]}), title="t")
    two = build(pd.DataFrame({"x": [1.0, 2.0]}), title="t")
    other = build(pd.DataFrame({"x": [1.0, 3.0]}), title="t")
    assert one is two and other is not one
    assert calls == ["t", "t"]
    assert isinstance(one, Spec) and one.spec["mark"]["type"] == "point"
    # The spec is what Altair itself produces for that chart (up to the datasets' names).
    altair_spec = _points(pd.DataFrame({"x": [1.0, 2.0]}), title="t").to_dict()
    assert _without_names(one.spec) == _without_names(altair_spec)


def test_cached_builder_still_runs_when_arguments_cannot_be_fingerprinted():
    calls = []

    @cached_spec
    def build(frame, marker):
        calls.append(1)
        return _points(frame, title="t")

    frame = pd.DataFrame({"x": [1.0]})
    build(frame, object())
    build(frame, object())
    assert len(calls) == 2


def test_large_specs_are_not_kept(monkeypatch):
    monkeypatch.setattr(chartspec, "_MAX_CACHED_ROWS", 3)
    calls = []

    @cached_spec
    def build(frame):
        calls.append(1)
        return _points(frame, title="t")

    big = pd.DataFrame({"x": np.arange(4.0)})
    assert build(big) is not build(big)
    assert len(calls) == 2


def test_the_cache_keeps_at_most_max_specs(monkeypatch):
    monkeypatch.setattr(chartspec._CACHE, "max_items", 2)

    @cached_spec
    def build(frame, *, title):
        return _points(frame, title=title)

    frame = pd.DataFrame({"x": [1.0]})
    first = build(frame, title="1")
    build(frame, title="2")
    build(frame, title="3")
    assert len(chartspec._CACHE) == 2
    assert build(frame, title="1") is not first  # the oldest was dropped


def test_with_config_leaves_the_shared_spec_alone_and_is_idempotent():
    base = Spec({"mark": "point", "config": {"view": {"stroke": None}}})
    a = with_config(base, locale={"number": {"decimal": ","}})
    b = with_config(base, locale={"number": {"decimal": ","}})
    assert a is b  # the same derived spec, so its Arrow datasets are derived once
    assert base.spec == {"mark": "point", "config": {"view": {"stroke": None}}}
    assert a.spec["config"] == {"view": {"stroke": None}, "locale": {"number": {"decimal": ","}}}


def test_to_spec_validates_when_strict(monkeypatch):
    bad = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    bad.mark = "not-a-mark"
    monkeypatch.setenv("PAR_STRICT_CHARTS", "1")
    with pytest.raises(Exception, match="not-a-mark"):
        chartspec.to_spec(bad)
    monkeypatch.setenv("PAR_STRICT_CHARTS", "0")
    assert chartspec.to_spec(bad)["mark"] == {"type": "not-a-mark"}


def test_nan_becomes_null_in_the_spec_as_altair_writes_it():
    spec = chartspec.to_spec(
        alt.Chart(pd.DataFrame({"x": [1.0, float("nan")]})).mark_point().encode(x="x:Q")
    )
    assert list(spec["datasets"].values()) == [[{"x": 1.0}, {"x": None}]]


def test_altair_outside_a_conversion_still_writes_rows_without_the_5000_row_limit():
    big = pd.DataFrame({"x": range(6000)})
    spec = alt.Chart(big).mark_point().encode(x="x:Q").to_dict()
    assert sum(len(v) for v in spec["datasets"].values()) == 6000
