"""Names of units and indicators: right language, unknown ids kept, one lookup per frame."""

from __future__ import annotations

import pandas as pd
import pytest

from ui import i18n


@pytest.fixture
def units() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": ["ba_dinh", "ung_hoa", "ba_dinh"],
            "name_vi": ["Ba Đình", "Ứng Hòa", "Ba Đình (trùng)"],
            "name_en": ["Ba Dinh", "Ung Hoa", "Ba Dinh (dup)"],
        }
    )


@pytest.mark.parametrize(("language", "expected"), [("vi", "Ứng Hòa"), ("en", "Ung Hoa")])
def test_unit_name_follows_the_language(monkeypatch, units, language, expected):
    monkeypatch.setattr(i18n, "lang", lambda: language)
    assert i18n.unit_name(units, "ung_hoa") == expected


def test_unit_name_keeps_an_unknown_id_as_it_is(units):
    assert i18n.unit_name(units, "not_a_unit") == "not_a_unit"


def test_unit_name_takes_the_first_row_of_a_repeated_id(monkeypatch, units):
    monkeypatch.setattr(i18n, "lang", lambda: "vi")
    assert i18n.unit_name(units, "ba_dinh") == "Ba Đình"


def test_a_frame_is_scanned_once_for_many_names(monkeypatch, units):
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    scans = []
    real_zip = zip

    def counting_zip(*args, **kwargs):
        scans.append(1)
        return real_zip(*args, **kwargs)

    # i18n builds its lookup with zip(); pages used to filter the frame once per name.
    monkeypatch.setattr(i18n, "zip", counting_zip, raising=False)
    names = [i18n.unit_name(units, u) for u in ["ba_dinh", "ung_hoa"] * 50]
    assert names[:2] == ["Ba Dinh", "Ung Hoa"]
    assert len(scans) == 1


def test_a_new_frame_with_other_names_is_not_served_from_the_old_one(monkeypatch, units):
    monkeypatch.setattr(i18n, "lang", lambda: "vi")
    assert i18n.unit_name(units, "ung_hoa") == "Ứng Hòa"
    renamed = units.assign(name_vi=["A", "B", "C"])
    assert i18n.unit_name(renamed, "ung_hoa") == "B"


def test_indicator_name_uses_the_indicator_frame(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    frame = pd.DataFrame(
        {"indicator_id": ["total"], "name_vi": ["Tổng điểm"], "name_en": ["Total score"]}
    )
    assert i18n.indicator_name(frame, "total") == "Total score"
    assert i18n.indicator_name(frame, "nope") == "nope"
