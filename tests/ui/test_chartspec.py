"""Chart specs memoised on their arguments: equal inputs share a spec, others never do."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui import chartspec
from ui.chartspec import Spec, cached_spec, fingerprint, with_config


@pytest.fixture(autouse=True)
def _empty_cache():
    chartspec.clear()
    yield
    chartspec.clear()


def _points(frame: pd.DataFrame, *, title: str) -> alt.Chart:
    return alt.Chart(frame).mark_point().encode(x="x:Q").properties(title=title)


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
    assert fingerprint(pd.DataFrame({"x": [[1, 2]]})) is None
    assert fingerprint(object()) is None


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
    # The spec is what Altair itself produces for that chart.
    assert one.spec == _points(pd.DataFrame({"x": [1.0, 2.0]}), title="t").to_dict()


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
    monkeypatch.setattr(chartspec, "_MAX_SPECS", 2)

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
