"""Unit-id tuples hash in one go for Streamlit's caches, without ambiguity."""

from __future__ import annotations

import pytest

from ui.data import HASH_FUNCS, UnitIds


def test_unit_ids_behave_as_a_tuple():
    ids = UnitIds(["ba_dinh", "ung_hoa"])
    assert ids == ("ba_dinh", "ung_hoa") and isinstance(ids, tuple)


@pytest.mark.parametrize(
    ("a", "b"),
    [(("a", "b"), ("a\x1fb",)), (("a", "b"), ("b", "a")), ((), ("",)), (('a"', "b"), ('a", "b',))],
)
def test_different_unit_lists_hash_differently(a, b):
    digest = HASH_FUNCS[UnitIds]
    assert digest(UnitIds(a)) != digest(UnitIds(b))
    assert digest(UnitIds(a)) == digest(UnitIds(list(a)))
