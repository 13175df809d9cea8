"""Number formats and sentences of the one-page report."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.reports.pdf import texts as tx


@given(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False), st.integers(0, 3))
def test_vietnamese_numbers_read_back_as_the_english_ones(value, decimals):
    vi, en = tx.fmt(value, decimals, "vi"), tx.fmt(value, decimals, "en")
    # swapping the two marks turns one format into the other, and both parse to the value
    assert vi == en.translate(str.maketrans({",": ".", ".": ","}))
    assert float(en.replace(",", "")) == pytest.approx(round(value, decimals), abs=10**-decimals)


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (0.64, "vi", "+0,64"),
        (-1.2, "vi", "−1,20"),
        (0.0, "en", "±0.00"),
        (-0.001, "en", "±0.00"),  # rounds to zero: no sign claimed
        (None, "vi", "—"),
        (float("nan"), "en", "—"),
    ],
)
def test_signed_changes(value, lang, expected):
    assert tx.signed(value, 2, lang) == expected


@pytest.mark.parametrize(
    ("derived", "lang", "expected"),
    [
        ("94.27 − 0.64 (2023 score less its published rise)", "vi", "94,27 − 0,64"),
        ("7.3 / 8 × 100", "vi", "7,3 / 8 × 100"),
        ("7.3 / 8 × 100", "en", "7.3 / 8 × 100"),
    ],
)
def test_derivation_formulas_follow_the_language(derived, lang, expected):
    assert tx._formula(derived, lang) == expected


def test_every_text_exists_in_both_languages_and_fills_its_fields():
    for key, (vi, en) in tx.TEXT.items():
        assert vi and en, key
        fields = {"year": 2023, "prev": 2022, "n": 30, "k": 2, "s": "s", "group": "g", "block": "b"}
        fields |= {"digest": "abc", "page": 1, "pages": 1, "refs": "[1]"}
        assert tx.t(key, "vi", **fields) and tx.t(key, "en", **fields)
    with pytest.raises(ValueError, match="lang"):
        tx.t("title", "de")
