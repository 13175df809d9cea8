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
    """The display texts st.dataframe sends for ``styler`` (kept ones when it has them)."""
    proto = ArrowData()
    ready = getattr(styler, "_par_marshalled", None)
    if ready is not None:
        proto.styler.CopyFrom(ready)
    else:
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


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_written_texts_are_what_streamlit_renders_from_an_equivalent_styler(frame, lang):
    from pandas.io.formats.style import Styler

    reference = Styler(frame, uuid="par")
    for column in frame.columns:
        reference.format(tables._column_format(frame[column], lang), subset=[column])
    # Streamlit's own rendering (marshall_styler is not the patched name in arrow.py).
    expected = _shown(reference)
    ours = ArrowData()
    ours.styler.CopyFrom(tables.styled(frame, lang)._par_marshalled)
    got = pa.ipc.open_stream(ours.styler.display_values).read_all().to_pandas()
    pd.testing.assert_frame_equal(got, expected)


def test_streamlit_reuses_the_kept_texts_and_leaves_other_stylers_alone(frame):
    from streamlit.elements import arrow

    tables.install()
    tables.install()  # idempotent
    styler = tables.styled(frame, "vi")
    reused, other = ArrowData(), ArrowData()
    arrow.marshall_styler(reused, styler, "x")
    assert reused.styler == styler._par_marshalled
    arrow.marshall_styler(other, frame.style.format(precision=1), "x")
    assert _shown(frame.style.format(precision=1)).equals(
        pa.ipc.open_stream(other.styler.display_values).read_all().to_pandas()
    )


def test_number_text_examples():
    assert tables.number_text(0.5, "vi") == "0,50"
    assert tables.number_text(-1234567.891, "en", group=True) == "-1,234,567.89"
    assert tables.number_text(pd.NA, "vi") == "—"


def test_the_data_of_a_kept_styler_are_converted_once_and_sent_unchanged(frame):
    from streamlit import dataframe_util

    tables.install()
    styler = tables.styled(frame.assign(extra=1), "en")
    sent = dataframe_util.convert_pandas_df_to_arrow_bytes(styler.data)
    fresh = tables._ORIGINAL_TO_BYTES(styler.data.copy())
    assert sent == fresh
    # Another frame with the same content but not the Styler's own: converted as usual.
    other = styler.data.copy()
    assert dataframe_util.convert_pandas_df_to_arrow_bytes(other) == fresh


def test_a_caller_changing_its_frame_later_does_not_change_the_kept_table(frame):
    mine = frame.assign(marker="a")
    styler = tables.styled(mine, "vi")
    mine["score"] = 0.0
    assert styler.data["score"].iloc[0] == pytest.approx(94.265)


def test_a_column_of_several_measures_writes_ranks_as_whole_numbers():
    mixed = pd.DataFrame({"value": [14.0, 89.59, 19.0, 78.6, 3.0]})
    shown = _shown(tables.styled(mixed, "vi"))
    assert shown["value"].tolist() == ["14", "89,59", "19", "78,60", "3"]
    # A column of scores with one that happens to be whole keeps two decimals everywhere.
    scores = pd.DataFrame({"value": [94.0, 89.59, 91.25, 78.6, 93.1]})
    assert _shown(tables.styled(scores, "vi"))["value"].tolist()[0] == "94,00"


def test_a_column_without_any_value_is_sent_as_dashes_not_as_a_null_column():
    # An all-None column becomes an Arrow column of type null, which the grid draws as
    # "None" whatever its display text (seen on the upload preview's "Out of" column).
    frame = pd.DataFrame({"unit": ["Ba Vì", "Sơn Tây"], "out_of": [None, None]})
    styler = tables.styled(frame, "vi")
    assert styler.data["out_of"].tolist() == ["—", "—"]
    assert pa.types.is_string(
        pa.Table.from_pandas(styler.data)["out_of"].type
    ) or pa.types.is_large_string(pa.Table.from_pandas(styler.data)["out_of"].type)
    assert frame["out_of"].isna().all()  # the caller's frame is untouched
