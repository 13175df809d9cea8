"""Tiny hostile files that used to cost minutes or gigabytes: each is answered within a
generous time bound with a clear message that quotes at most a few dozen characters.

The files are generated at test time by ``tests/fixtures/hostile.py`` (one holds a 94 MB cell:
too big to commit); the same files go through a running server in
``tests/reliability/test_hostile_uploads.py``.
"""

from __future__ import annotations

import functools
import time

import pytest

from analysis.ingest.importer import check_upload, reference_frames
from analysis.ingest.reader import TableError, read_table
from tests.fixtures.hostile import ANSWERS, TABLE, hostile_files, xlsx
from tests.fixtures.hostile import NS as _NS
from tests.fixtures.hostile import row as _row

BOUND_S = 2.0  # generous for CI; the files took 7–36 s before the bounds


def _timed(data: bytes, name: str, **kw):
    start = time.perf_counter()
    try:
        result = read_table(data, name, **kw)
    except TableError as exc:
        result = exc
    return result, time.perf_counter() - start


def _assert_short_quotes(message: str) -> None:
    # No run of one repeated character longer than a quote: the cell itself is never echoed.
    assert len(message) < 400, message[:500]


def test_a_declared_millionth_row_with_a_value_is_refused_at_once() -> None:
    sheet = f'<dimension ref="A1:C1048576"/><sheetData>{TABLE}{_row(1048576, "x")}</sheetData>'
    data = xlsx([("PL1", "visible", sheet)])
    assert len(data) < 2_000
    result, seconds = _timed(data, "t.xlsx")
    assert isinstance(result, TableError)
    assert str(result) == (
        "t.xlsx, sheet 'PL1', has more than 5000 rows; a PAR Index table has one row per unit "
        "— is this the right file?"
    )
    assert seconds < BOUND_S


def test_a_declared_millionth_row_without_a_value_is_not_walked() -> None:
    # Only a style on the last row: the table above it is read, the million rows are not.
    last = '<row r="1048576"><c r="A1048576" s="0"/></row>'
    sheet = f'<dimension ref="A1:XFD1048576"/><sheetData>{TABLE}{last}</sheetData>'
    data = xlsx([("PL1", "visible", sheet)])
    result, seconds = _timed(data, "t.xlsx")
    assert not isinstance(result, TableError), result
    assert result.rows == [["Ba Đình", "95.1"]]
    assert seconds < BOUND_S


def test_500_sheets_declaring_a_million_rows_each_cost_nothing() -> None:
    last = '<row r="1048576"><c r="A1048576" s="0"/></row>'
    sheets = [(f"S{i}", "visible", f"<sheetData>{last}</sheetData>") for i in range(500)]
    data = xlsx(sheets)
    result, seconds = _timed(data, "t.xlsx")
    assert isinstance(result, TableError) and "no sheet has a header row" in str(result)
    assert seconds < 4 * BOUND_S  # 500 sheets: each opened, none walked


def test_400000_merged_ranges_are_refused() -> None:
    merges = "".join(f'<mergeCell ref="D{r}:E{r}"/>' for r in range(1, 400_001))
    sheet = f'<sheetData>{TABLE}</sheetData><mergeCells count="400000">{merges}</mergeCells>'
    data = xlsx([("PL1", "visible", sheet)])
    assert len(data) < 2_000_000
    result, seconds = _timed(data, "t.xlsx")
    assert isinstance(result, TableError)
    assert "has more than 2,000 merged cell ranges" in str(result)
    assert seconds < BOUND_S


def test_a_94_mb_cell_is_refused_without_reading_it() -> None:
    big = "A" * 94_000_000
    data = xlsx([("PL1", "visible", f"<sheetData>{TABLE}{_row(3, 'Hoàn Kiếm', big)}</sheetData>")])
    del big
    assert len(data) < 200_000
    result, seconds = _timed(data, "t.xlsx")
    assert isinstance(result, TableError)
    assert str(result).startswith("t.xlsx: a worksheet unpacks to 94.1 MB; the limit is 24 MB")
    _assert_short_quotes(str(result))
    assert seconds < BOUND_S


def test_a_cell_longer_than_a_spreadsheet_cell_is_refused_and_quoted_briefly() -> None:
    long = "Ba Đình " * 5_000  # 40,000 characters: under the part limit, over a cell's
    sheet = f"<sheetData>{TABLE}{_row(3, long, '90')}</sheetData>"
    result, seconds = _timed(xlsx([("PL1", "visible", sheet)]), "t.xlsx")
    assert isinstance(result, TableError)
    assert str(result).startswith("t.xlsx, sheet 'PL1', cell A3 holds 40,000 characters")
    assert "(it begins 'Ba Đình Ba Đình Ba Đình Ba Đình Ba Đình … (40,000 characters)')" in str(
        result
    )
    _assert_short_quotes(str(result))
    assert seconds < BOUND_S


def test_93_mb_of_shared_strings_are_refused() -> None:
    pieces = [f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}>']
    pieces += ["<si><t>" + "x" * 90 + "</t></si>"] * 900_000
    pieces.append("</sst>")
    shared = "".join(pieces)
    data = xlsx([("PL1", "visible", f"<sheetData>{TABLE}</sheetData>")], shared)
    del shared, pieces
    assert len(data) < 1_000_000
    result, seconds = _timed(data, "t.xlsx")
    assert isinstance(result, TableError)
    assert str(result).startswith(
        "t.xlsx: the shared texts part (sharedStrings.xml) unpacks to 95.5 MB; the limit is 8 MB"
    ), str(result)
    assert seconds < BOUND_S


def test_a_csv_built_to_defeat_a_regex_sniffer_is_read_at_once() -> None:
    # csv.Sniffer's quote regex takes ~6 s on this 18 KB line, holding the interpreter.
    data = ('"a"' + ';"' * 9000 + "\n").encode()
    result, seconds = _timed(data, "t.csv")
    assert isinstance(result, TableError) and "no header row" in str(result)
    assert seconds < BOUND_S


def test_a_csv_cell_over_the_field_limit_gets_its_reason() -> None:
    data = ('Đơn vị;Tổng điểm\nBa Đình;"' + "x" * 200_000 + "\n").encode()
    result, _ = _timed(data, "t.csv")
    assert isinstance(result, TableError)
    assert str(result) == (
        "t.csv is not a readable CSV file (line 2: a cell holds more than 131,072 characters "
        "(the most a CSV cell may hold here); is a quote mark '\"' left open?)"
    )


def test_a_file_just_over_the_limit_does_not_say_it_is_at_the_limit() -> None:
    result, _ = _timed(b"a" * 5_000_013, "big.csv")
    assert str(result) == "big.csv is 5,000,013 bytes; the limit is 5,000,000 bytes (5 MB)"


# --------------------------------------------------------------------------- hidden sheets


def _visible_and_hidden(state: str = "hidden") -> bytes:
    hidden = f"<sheetData>{_row(1, 'STT', 'Đơn vị', 'Tổng điểm')}{_row(2, '1', 'Ba Vì', '80')}"
    return xlsx(
        [
            ("Secret", state, hidden + "</sheetData>"),
            ("PL1", "visible", f"<sheetData>{TABLE}</sheetData>"),
        ]
    )


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_is_never_read_silently(state: str) -> None:
    t = read_table(_visible_and_hidden(state), "t.xlsx")
    assert t.sheet == "PL1" and t.rows == [["Ba Đình", "95.1"]]
    assert t.notes[0] == "sheet 'PL1' read; hidden sheets not read: Secret"


def test_a_hidden_sheet_is_read_when_named_and_says_so() -> None:
    t = read_table(_visible_and_hidden(), "t.xlsx", sheet="Secret")
    assert t.sheet == "Secret" and t.rows == [["Ba Vì", "80"]]
    assert t.notes[0] == (
        "sheet 'Secret' read (a hidden sheet, read because it was named); other sheets ignored: PL1"
    )


def test_only_a_hidden_sheet_with_a_table_is_refused_and_named() -> None:
    data = xlsx(
        [
            ("Secret", "hidden", f"<sheetData>{TABLE}</sheetData>"),
            ("Cover", "visible", f"<sheetData>{_row(1, 'BÁO CÁO')}</sheetData>"),
        ]
    )
    with pytest.raises(TableError) as info:
        read_table(data, "t.xlsx")
    assert str(info.value).startswith("t.xlsx: no visible sheet has a header row")
    assert str(info.value).endswith("hidden sheets are not read unless named: 'Secret'")


def test_messages_about_a_huge_cell_quote_a_few_dozen_characters(tmp_path) -> None:
    from analysis.ingest.importer import import_file
    from analysis.paths import SEEDS_DIR

    f = tmp_path / "t.csv"
    f.write_text("Đơn vị;Tổng điểm\n" + "Q" * 100_000 + ";90\nBa Đình;" + "9" * 90_000 + "x\n")
    report = import_file(f, 2018, SEEDS_DIR, tmp_path / "d", dry_run=True)
    messages = [p.message for p in report.problems]
    assert (
        "row 2: unknown unit 'QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ… (100,000 characters)'"
        in (messages)
    )
    assert all(len(m) < 300 for m in messages), [m[:300] for m in messages]


# --------------------------------------------------------------------------- the whole check


@functools.cache
def _hostile() -> dict[str, tuple[str, bytes]]:
    return hostile_files()


def test_every_hostile_file_has_an_expected_answer() -> None:
    assert set(ANSWERS) == set(_hostile())


@pytest.mark.parametrize("label", sorted(ANSWERS))
def test_the_whole_upload_check_answers_each_hostile_file_at_once(label: str) -> None:
    # check_upload, not only read_table: the check of the app's own export format opened
    # workbooks without the reader's bounds (36 s for the shared strings, a MemoryError for
    # the merged ranges).
    units, indicators = reference_frames()
    name, data = _hostile()[label]
    start = time.perf_counter()
    report = check_upload(data, name, None, units, indicators)
    seconds = time.perf_counter() - start
    assert report.unreadable and not report.ok
    message = report.problems[0].message
    assert ANSWERS[label] in message, message
    _assert_short_quotes(message)
    assert seconds < BOUND_S
