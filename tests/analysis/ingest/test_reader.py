"""The tolerant table reader: encodings, separators, header layouts, footers, XLSX, refusals."""

from __future__ import annotations

import codecs
import importlib
import io
import unicodedata
import zipfile

import pytest

from analysis.ingest import reader as tables
from analysis.ingest.reader import TableError, read_table
from analysis.ingest.text import parse_number

fx = importlib.import_module("tests.fixtures.import.make_fixtures")

CLEAN = fx.clean_table()


def _csv(style: fx.Style | None = None, **options: object) -> bytes:
    return fx.render_csv(fx.grid(CLEAN, style or fx.Style()), **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- committed fixtures


@pytest.mark.parametrize("name", sorted(fx.FIXTURES))
def test_committed_fixture_is_what_the_script_makes(name: str) -> None:
    assert (fx.HERE / name).read_bytes() == fx.fixture_bytes(name), (
        f"run python tests/fixtures/import/make_fixtures.py to refresh {name}"
    )


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "header_rows", "first_row"),
    [
        ("pl1_three_row_header_utf8_bom_semicolon.csv", "utf-8-sig", ";", [5, 6, 7], 8),
        ("two_row_header_utf16_tab_percent.csv", "utf-16-le", "\t", [1, 2], 3),
        ("one_row_cp1258_comma_upper.csv", "cp1258", ",", [1], 2),
        ("no_diacritics_utf8_comma_decimal_point.csv", "utf-8", ",", [1], 2),
        ("nfd_utf8_semicolon_two_row_header.csv", "utf-8", ";", [5, 6], 7),
    ],
)
def test_committed_fixtures_read(
    name: str, encoding: str, delimiter: str, header_rows: list[int], first_row: int
) -> None:
    t = read_table((fx.HERE / name).read_bytes(), name)
    assert (t.encoding, t.delimiter, t.header_rows) == (encoding, delimiter, header_rows)
    assert t.row_numbers == list(range(first_row, first_row + 30))
    assert all(len(r) == len(t.header) for r in t.rows)
    assert len(t.header) == 11  # unit + total + rank + 8 components; STT dropped
    assert all(unicodedata.is_normalized("NFC", c) for r in t.rows for c in r)
    assert all(unicodedata.is_normalized("NFC", h) for h in t.header)


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("94,27", "decimal", 94.27),
        ("94.27", "decimal", 94.27),
        ("94,27%", "decimal", 94.27),
        ("94,27 %", "decimal", 94.27),
        ("\u00a094,27\u00a0%", "decimal", 94.27),
        ("94,27\u202f%", "decimal", 94.27),
        ("7,3 điểm", "decimal", 7.3),
        ("100", "decimal", 100.0),
        (",5", "decimal", 0.5),
        ("1.234,5", "decimal", 1234.5),
        ("1,234.5", "decimal", 1234.5),
        ("1.416", "decimal", 1.416),
        ("−1,5", "decimal", -1.5),
        ("1.416", "integer", 1416.0),
        ("1,416", "integer", 1416.0),
        ("1 416", "count", 1416.0),
        ("1\u00a0416", "count", 1416.0),
        ("10", "rank", 10.0),
        ("10,0", "rank", 10.0),
        ("10/30", "rank", 10.0),
        ("thứ 7", "rank", 7.0),
        ("９４,２７", "decimal", 94.27),  # full-width digits
        ("", "decimal", None),
        ("  ", "decimal", None),
        ("-", "decimal", None),
        ("–", "rank", None),
    ],
)
def test_parse_number(text: str, kind: str, expected: float | None) -> None:
    assert parse_number(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("abc", "decimal", "'abc' is not a number"),
        ("94,27,1", "decimal", "'94,27,1' is not a number"),
        ("9 4", "decimal", "'9 4' is not a number"),
        ("2,5", "rank", "'2,5' is not a whole number"),
        ("1.41", "count", "'1.41' is not a whole number"),
        ("#DIV/0!", "decimal", "'#DIV/0!' is not a number"),
        ("nan", "decimal", "'nan' is not a number"),
        ("inf", "decimal", "'inf' is not a number"),
        ("x", "rank", "'x' is not a number"),
    ],
)
def test_parse_number_refuses(text: str, kind: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_number(text, kind)
    assert str(info.value) == message


def test_parse_number_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        parse_number("1", "weight")


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("cp1258", "cp1258"),
    ],
)
def test_encodings_read_to_the_same_nfc_table(encoding: str, reported: str) -> None:
    base = read_table(_csv(), "base.csv")
    t = read_table(_csv(encoding=encoding), "t.csv")
    assert t.encoding == reported
    assert (t.header, t.rows, t.row_numbers) == (base.header, base.rows, base.row_numbers)


def test_cp1258_bytes_are_tone_marks_composed_after_decoding() -> None:
    data = fx.to_cp1258("Đơn vị;Tổng điểm\nỨng Hòa;90,5\n")
    assert "Ứng".encode("cp1258", errors="ignore") != data[:3]  # really decomposed bytes
    t = read_table(data, "t.csv")
    assert t.rows == [["Ứng Hòa", "90,5"]]
    assert any("Windows-1258" in n for n in t.notes)


def test_utf16_without_bom_is_recognised() -> None:
    data = "Đơn vị\tTổng điểm\r\nBa Vì\t90,5\r\n".encode("utf-16-le")
    t = read_table(data, "t.txt")
    assert (t.encoding, t.rows) == ("utf-16-le", [["Ba Vì", "90,5"]])


def test_utf32_is_refused_with_a_clear_message() -> None:
    with pytest.raises(TableError, match=r"t\.csv is UTF-32 text"):
        read_table(codecs.BOM_UTF32_LE + "Đơn vị".encode("utf-32-le"), "t.csv")


def test_damaged_utf8_is_reported_on_its_cell() -> None:
    data = "STT;Đơn vị;Tổng điểm\n1;Ba Đình;95,1\n2;Tây Hồ;9".encode() + b"\xff" + b"4,2\n"
    t = read_table(data, "t.csv")
    assert t.encoding == "utf-8"
    [p] = t.problems
    assert (p.row, p.column) == (3, "Tổng điểm")
    assert p.message.startswith("row 3, column 'Tổng điểm': '9\ufffd4,2' contains bytes")


# --------------------------------------------------------------------------- separators


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("decimal", [",", "."])
def test_separators_and_decimal_marks(delimiter: str, decimal: str) -> None:
    t = read_table(_csv(fx.Style(decimal=decimal), delimiter=delimiter), "t.csv")
    assert t.delimiter == delimiter
    assert t.rows[0][1] == f"{CLEAN.total['ba_dinh']:.2f}".replace(".", decimal)


def test_unquoted_decimal_commas_in_a_comma_file_are_an_error_per_row() -> None:
    data = "STT,Đơn vị,Tổng điểm,Xếp hạng\n1,Ba Đình,95,10,1\n2,Tây Hồ,94,00,2\n".encode()
    t = read_table(data, "t.csv")
    assert [p.row for p in t.problems] == [2, 3]
    assert "row 2 has 5 cells but the header has 4 columns" in t.problems[0].message
    assert "decimal comma" in t.problems[0].message


@pytest.mark.parametrize("line_end", ["\r\n", "\n", "\r"])
def test_line_endings(line_end: str) -> None:
    t = read_table(_csv(line_end=line_end), "t.csv")
    assert len(t.rows) == 30


def test_missing_final_line_break_is_a_warning_on_the_last_row() -> None:
    t = read_table(_csv(trailing_newline=False), "t.csv")
    [p] = t.problems
    assert (p.severity, p.row) == ("warning", 31)
    assert "does not end with a line break" in p.message


# --------------------------------------------------------------------------- layouts


def test_three_row_header_is_filled_and_joined() -> None:
    t = read_table(_csv(fx.Style(header_rows=3, title=True)), "t.csv")
    assert t.header_rows == [5, 6, 7]
    assert t.header[0] == "Quận, huyện, thị xã"
    assert t.header[1] == "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2018 Tổng điểm (100 điểm)"
    assert t.header[2] == "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2018 Thứ hạng"
    assert t.header[4] == (
        "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2018 Các lĩnh vực thành phần "
        "Xây dựng và tổ chức thực hiện văn bản QPPL (8 điểm)"
    )
    assert len(t.title) == 3 and t.title[1].startswith("BẢNG XẾP HẠNG")


def test_two_row_header_group_cells_fill_right_only_over_sub_headers() -> None:
    t = read_table(_csv(fx.Style(header_rows=2)), "t.csv")
    assert t.header[:3] == [
        "Tên đơn vị",
        "Chỉ số CCHC năm 2018 Tổng điểm",
        "Chỉ số CCHC năm 2018 Xếp hạng",
    ]
    assert t.header[3].startswith("Điểm các lĩnh vực thành phần Công tác chỉ đạo")
    assert t.header[-1].startswith("Điểm các lĩnh vực thành phần Tác động")


def test_stt_column_is_dropped_and_noted() -> None:
    t = read_table(_csv(fx.Style(stt=True)), "t.csv")
    assert t.header[0] == "Đơn vị" and t.source_columns[0] == 2
    assert "column 'STT' (row numbering) dropped" in t.notes


def test_numbering_row_under_the_header_is_dropped() -> None:
    rows = fx.grid(CLEAN)
    rows.insert(1, ["(1)", "(2)", *[f"({i})" for i in range(3, 3 + len(rows[0]) - 2)]])
    t = read_table(fx.render_csv(rows), "t.csv")
    assert t.row_numbers[0] == 3
    assert "row 2: column numbering row under the header dropped" in t.notes


def test_footer_rows_and_signatures_are_dropped_and_listed() -> None:
    t = read_table(_csv(fx.Style(footer=True)), "t.csv")
    assert t.row_numbers == list(range(2, 32))
    assert "row 32: summary row 'Trung bình' dropped" in t.notes
    assert "blank row(s) 33 dropped" in t.notes
    assert any(n.startswith("rows 34–37 (from 'Nơi nhận:')") for n in t.notes)


@pytest.mark.parametrize(
    "first_cell",
    ["Trung bình", "Bình quân", "Tổng cộng", "TỔNG CỘNG", "Cộng", "Average", "Giá trị trung bình"],
)
def test_summary_rows_are_dropped(first_cell: str) -> None:
    data = f"STT;Đơn vị;Tổng điểm\n1;Ba Đình;95,1\n;{first_cell};95,1\n2;Tây Hồ;94,2\n".encode()
    t = read_table(data, "t.csv")
    assert t.row_numbers == [2, 4]


@pytest.mark.parametrize(
    "first_cell",
    [
        "Người lập biểu",
        "Nơi nhận:",
        "Ghi chú: số liệu tạm tính",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
    ],
)
def test_terminal_rows_drop_everything_below(first_cell: str) -> None:
    data = (
        f"STT;Đơn vị;Tổng điểm\n1;Ba Đình;95,1\n;;\n;{first_cell};\n;Nguyễn Văn A;\n;2;3\n".encode()
    )
    t = read_table(data, "t.csv")
    assert t.row_numbers == [2]
    assert any("notes and signatures below the table" in n for n in t.notes)


def test_section_rows_are_dropped() -> None:
    data = "STT;Đơn vị;Tổng điểm\nI;Khối quận;\n1;Ba Đình;95,1\nII;Khối huyện;\n2;Ba Vì;90\n"
    t = read_table(data.encode(), "t.csv")
    assert t.row_numbers == [3, 5]
    assert "row 2: block row 'I Khối quận' sets the block below" in t.notes
    assert t.blocks == ["I Khối quận", "II Khối huyện"]


def test_no_header_row_is_an_error_naming_the_file() -> None:
    with pytest.raises(TableError, match=r"^t\.csv: no header row found in the first 30 rows"):
        read_table(b"a;b;c\n1;2;3\n", "t.csv")


def test_csv_named_xlsx_is_read_as_csv_with_a_note() -> None:
    t = read_table(_csv(), "t.xlsx")
    assert t.format == "csv" and t.notes[0] == "t.xlsx is CSV text despite its name; read as CSV"


# --------------------------------------------------------------------------- refusals


def test_too_large() -> None:
    with pytest.raises(TableError) as info:
        read_table(b"a" * 7_200_000, "big.csv")
    assert str(info.value) == "big.csv is 7.2 MB; the limit is 5 MB"


def test_limit_is_configurable() -> None:
    with pytest.raises(TableError, match=r"^t\.csv is 0\.1 MB; the limit is 0\.05 MB$"):
        read_table(b"a" * 100_000, "t.csv", max_bytes=50_000)


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "t.csv", "t.csv is empty"),
        (b" \r\n\t ", "t.csv", "t.csv is empty"),
        (b"%PDF-1.7\n%\xe2\xe3", "bang.pdf", "bang.pdf is a PDF, not a table"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls", "old.xls is an old binary"),
        (b"<html><table><tr><td>1</td></tr></table></html>", "t.xls", "t.xls: .xls files"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "t.csv", "t.csv does not look like a text"),
        (bytes(range(256)) * 20, "junk.csv", "junk.csv does not look like a text table"),
        (_zip({"a.txt": b"hello"}), "t.xlsx", "t.xlsx is a zip archive but not an XLSX workbook"),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "t.ods",
            "t.ods is an OpenDocument spreadsheet (.ods)",
        ),
        (b"PK\x03\x04" + b"\0" * 40, "t.xlsx", "t.xlsx is a damaged zip archive"),
    ],
)
def test_not_a_table(data: bytes, name: str, message: str) -> None:
    with pytest.raises(TableError) as info:
        read_table(data, name)
    assert str(info.value).startswith(message)


def test_truncated_xlsx_is_refused() -> None:
    data = fx.render_xlsx(CLEAN)
    with pytest.raises(TableError, match=r"^t\.xlsx is (a damaged zip archive|not a readable)"):
        read_table(data[: len(data) // 2], "t.xlsx")


def test_zip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(TableError, match=r"^t\.xlsx unpacks to 0 MB; the limit is 0\.01 MB$"):
        read_table(fx.render_xlsx(CLEAN), "t.xlsx")


def test_table_error_carries_row_and_column() -> None:
    e = TableError("x", row=3, column="Tổng điểm")
    assert (e.message, e.row, e.column) == ("x", 3, "Tổng điểm")


# --------------------------------------------------------------------------- XLSX


@pytest.mark.parametrize("header_rows", [1, 2, 3])
def test_xlsx_with_merged_headers_reads_like_the_csv(header_rows: int) -> None:
    style = fx.Style(header_rows=header_rows, title=True, footer=True)
    x = read_table(fx.render_xlsx(CLEAN, style, numeric=False), "t.xlsx")
    c = read_table(_csv(style), "t.csv")
    assert (x.header, x.rows, x.row_numbers) == (c.header, c.rows, c.row_numbers)
    assert (x.sheet, x.format, x.encoding, x.delimiter) == ("PL1", "xlsx", None, None)


def test_xlsx_numbers_keep_the_decimals_their_format_shows() -> None:
    table = fx.clean_table(style="percent")
    table.total["ba_dinh"] = 90.0
    x = read_table(fx.render_xlsx(table, percent_cells=True), "t.xlsx")
    assert x.rows[0][1] == "90.00%"  # a fraction 0.9 formatted 0.00%
    assert x.rows[0][2] == str(table.rank["ba_dinh"])
    assert x.rows[0][3] == f"{table.components['ba_dinh']['direction']:.2f}%"


def test_xlsx_formula_without_saved_value_is_a_problem_not_computed() -> None:
    x = read_table(fx.render_xlsx(CLEAN, formula_rows=(3,)), "t.xlsx")
    [p] = x.problems
    assert (p.row, p.column, p.severity) == (4, "Chỉ số CCHC (%)", "error")
    assert p.message.startswith("row 4, column 'Chỉ số CCHC (%)': a formula (=SUM(")
    assert "never evaluated" in p.message
    assert x.rows[2][1] == ""


def test_xlsx_formula_with_saved_value_uses_it_and_never_evaluates() -> None:
    data = fx.with_cached_value(fx.render_xlsx(CLEAN, formula_rows=(3,)), "C4", "12.5")
    x = read_table(data, "t.xlsx")
    assert x.problems == []
    assert x.rows[2][1] == "12.50"  # the saved value (format 0.00); SUM(...) would give ~90
    assert "1 formula cell(s): their saved values were used (not evaluated)" in x.notes


def test_xlsx_formula_in_a_footer_row_is_ignored() -> None:
    x = read_table(fx.render_xlsx(CLEAN, fx.Style(footer=True)), "t.xlsx")
    assert x.problems == [] and len(x.rows) == 30


def test_xlsx_first_sheet_with_a_table_is_used() -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Bìa"
    wb.active.append(["BÁO CÁO KẾT QUẢ CHỈ SỐ CCHC"])
    ws = wb.create_sheet("PL1")
    ws.append(["STT", "Đơn vị", "Tổng điểm"])
    ws.append([1, "Ba Đình", 95.1])
    buf = io.BytesIO()
    wb.save(buf)
    t = read_table(buf.getvalue(), "t.xlsx")
    assert (t.sheet, t.rows) == ("PL1", [["Ba Đình", "95.1"]])
    assert t.notes[0] == "sheet 'PL1' read; other sheets ignored: Bìa"
    with pytest.raises(TableError, match="t.xlsx, sheet 'Bìa': no header row"):
        read_table(buf.getvalue(), "t.xlsx", sheet="Bìa")
    with pytest.raises(TableError, match="t.xlsx has no sheet 'Nope'"):
        read_table(buf.getvalue(), "t.xlsx", sheet="Nope")


def test_xlsm_is_read_and_its_macros_ignored() -> None:
    data = fx.render_xlsx(CLEAN)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            dst.writestr(info, body)
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a macro")
    t = read_table(out.getvalue(), "t.xlsm")
    assert len(t.rows) == 30


def test_xlsx_external_link_formula_uses_the_saved_value() -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Đơn vị", "Tổng điểm"])
    ws.append(["Ba Đình", "='C:\\[khac.xlsx]PL1'!C5"])
    buf = io.BytesIO()
    wb.save(buf)
    data = fx.with_cached_value(buf.getvalue(), "B2", "95.1")
    t = read_table(data, "t.xlsx")
    assert t.rows == [["Ba Đình", "95.1"]] and t.problems == []


def test_xlsx_with_nothing_like_a_table() -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["hello", "world"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(TableError, match=r"^t\.xlsx, sheet 'Sheet': no header row"):
        read_table(buf.getvalue(), "t.xlsx")
