"""Tables: numbers stay numbers and show in the reader's format; Stylers are kept and reused."""

from __future__ import annotations

import math

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from ui import tables


def _shown(styler) -> pd.DataFrame:
    proto = ArrowData()
    marshall_styler(proto, styler, "x")
    return pa.ipc.open_stream(proto.styler.display_values).read_all().to_pandas()


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Ba Đình", None, "Hoàn Kiếm"],
            "year": [2023, 2024, 2024],
            "score": [94.265, math.nan, 100.0],
            "rank": [6.0, math.nan, 1.0],
            "people": [12345.5, 0.25, 3.0],
            "published": [True, False, True],
        }
    )


@pytest.mark.parametrize(
    ("lang", "score", "people", "yes"),
    [("vi", "94,27", "12.345,50", "có"), ("en", "94.27", "12,345.50", "yes")],
)
def test_numbers_show_in_the_language_format_and_missing_cells_as_a_dash(
    frame, lang, score, people, yes
):
    shown = _shown(tables.styled(frame, lang))
    assert shown.loc[0, "score"] == score
    assert shown.loc[0, "people"] == people
    assert shown.loc[0, "published"] == yes
    assert shown.loc[1, "score"] == "—" and shown.loc[1, "rank"] == "—"
    assert shown.loc[1, "name"] == "—"  # never "None"
    assert shown.loc[0, "year"] == "2023"  # a year is not 2.023
    assert shown.loc[0, "rank"] == "6"  # whole numbers without decimals


def test_the_data_underneath_stay_numeric_so_columns_sort_as_numbers(frame):
    styler = tables.styled(frame, "vi")
    assert styler.data["score"].dtype.kind == "f"
    # Sorted as numbers, 100 comes after 94.265 (as text "100,00" would come first).
    assert styler.data["score"].dropna().sort_values().tolist() == [94.265, 100.0]


def test_a_styler_is_kept_per_content_and_language(frame):
    a = tables.styled(frame, "vi")
    assert tables.styled(frame.copy(), "vi") is a
    assert tables.styled(frame, "en") is not a
    table = pa.Table.from_pandas(frame, preserve_index=False)
    assert tables.styled(table, "vi") is tables.styled(table, "vi")


def test_streamlit_reuses_the_kept_rendering_and_gets_the_same_result(frame):
    from streamlit.elements import arrow

    tables.install()
    tables.install()  # idempotent
    styler = tables.styled(frame, "vi")
    reused, fresh = ArrowData(), ArrowData()
    arrow.marshall_styler(reused, styler, "x")
    marshall_styler(fresh, frame.style.format(), "x")  # any other Styler: Streamlit's own path
    original = ArrowData()
    marshall_styler(original, styler, "x")
    assert reused.styler == original.styler
    assert fresh.styler.display_values


def test_number_text_examples():
    assert tables.number_text(0.5, "vi") == "0,50"
    assert tables.number_text(-1234567.891, "en", group=True) == "-1,234,567.89"
    assert tables.number_text(pd.NA, "vi") == "—"
