"""Kept results: equal arguments share a result, and pages cannot change what is kept."""

from __future__ import annotations

import pandas as pd
import pytest

from ui import memo


@pytest.fixture(autouse=True)
def _empty():
    memo.clear()
    yield
    memo.clear()


def test_equal_frames_reuse_the_result_and_other_frames_do_not():
    calls = []

    @memo.memoised
    def mean(frame, column="x"):
        calls.append(1)
        return float(frame[column].mean())

    assert mean(pd.DataFrame({"x": [1.0, 3.0]})) == 2.0
    assert mean(pd.DataFrame({"x": [1.0, 3.0]})) == 2.0
    assert mean(pd.DataFrame({"x": [1.0, 5.0]})) == 3.0
    assert len(calls) == 2


def test_a_caller_changing_a_returned_frame_does_not_change_the_kept_one():
    @memo.memoised
    def table(n):
        return pd.DataFrame({"x": range(n)}), ["a"]

    frame, names = table(2)
    frame["y"] = 1
    names.append("b")
    again, names_again = table(2)
    assert list(again.columns) == ["x"] and names_again == ["a"]


def test_arguments_that_cannot_be_fingerprinted_just_run():
    calls = []

    @memo.memoised
    def f(thing):
        calls.append(1)
        return 1

    f(object())
    f(object())
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("a", "b"), ("a\x1fb",)),  # the separator inside a name is not a boundary
        (("a\x1fb", "c"), ("a", "b\x1fc")),
        (("ab",), ("a", "b")),
        (["a"], ("a",)),  # a list is not a tuple
        ((), []),
    ],
)
def test_fingerprints_of_string_sequences_differ_when_the_sequences_do(a, b):
    assert memo.fingerprint(a) != memo.fingerprint(b)


def test_lru_forgets_the_least_recently_used_entry():
    lru = memo.Lru(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # "a" is now the most recently used
    lru.put("c", 3)
    assert lru.get("b") is None and lru.get("a") == 1 and lru.get("c") == 3
    assert len(lru) == 2


def test_kept_frames_are_shared_until_written_and_a_write_never_reaches_the_cache():
    @memo.kept(4)
    def frame():
        return pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]})

    first = frame()
    first.loc[0, "a"] = 99.0  # every way a page could write into its copy
    first["b"] = first["b"].str.upper()
    first["new"] = 1
    with pytest.raises(ValueError):
        first["a"].to_numpy()[1] = -1.0  # read-only view: pandas copies on write
    again = frame()
    assert again.to_dict("list") == {"a": [1.0, 2.0], "b": ["x", "y"]}


def test_a_kept_chart_spec_goes_out_as_the_same_object():
    from ui.chartspec import Spec

    @memo.kept(2)
    def chart():
        return Spec(body={"mark": "point"}, frames={"d": pd.DataFrame({"x": [1]})})

    assert chart() is chart()  # never changed once built: no copy (its Arrow is kept on it)
