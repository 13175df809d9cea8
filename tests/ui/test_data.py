"""Unit-id tuples are fingerprinted once and without ambiguity; cached queries copy out."""

from __future__ import annotations

import pandas as pd
import pytest

from ui import memo, queries
from ui.queries import UnitIds


def test_unit_ids_behave_as_a_tuple():
    ids = UnitIds(["ba_dinh", "ung_hoa"])
    assert ids == ("ba_dinh", "ung_hoa") and isinstance(ids, tuple)


@pytest.mark.parametrize(
    ("a", "b"),
    [(("a", "b"), ("a\x1fb",)), (("a", "b"), ("b", "a")), ((), ("",)), (('a"', "b"), ('a", "b',))],
)
def test_different_unit_lists_fingerprint_differently(a, b):
    assert memo.fingerprint(UnitIds(a)) != memo.fingerprint(UnitIds(b))
    assert memo.fingerprint(UnitIds(a)) == memo.fingerprint(UnitIds(list(a)))


def test_unit_ids_digest_is_computed_once():
    ids = UnitIds(f"u{i}" for i in range(10_000))
    first = ids.digest
    assert ids.__dict__["_digest"] == first and ids.digest is first


def test_cached_function_runs_once_per_arguments_and_hands_out_copies():
    calls = []

    @queries.cached(max_entries=2)
    def frame_for(key: queries.DbKey, ids: tuple[str, ...]) -> pd.DataFrame:
        calls.append(ids)
        return pd.DataFrame({"unit_id": list(ids)})

    key = queries.DbKey("/x.duckdb", "1-2")
    first = frame_for(key, UnitIds(["a", "b"]))
    first["unit_id"] = "changed"  # a page writing into its copy
    again = frame_for(queries.DbKey("/x.duckdb", "1-2"), UnitIds(["a", "b"]))
    assert again["unit_id"].tolist() == ["a", "b"] and len(calls) == 1
    frame_for(queries.DbKey("/x.duckdb", "1-3"), UnitIds(["a", "b"]))  # a rebuilt file: new stamp
    assert len(calls) == 2
    frame_for(key, UnitIds(["c"]))
    frame_for(key, UnitIds(["a", "b"]))  # the oldest of three entries was forgotten
    assert len(calls) == 4


def test_cached_function_refuses_arguments_it_cannot_key_on():
    @queries.cached(max_entries=2)
    def anything(value):
        return value

    with pytest.raises(TypeError, match="cannot be used as a cache key"):
        anything(object())
