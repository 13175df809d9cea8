"""AppTest of the upload page: a messy table in, analysed on other pages, bad files refused."""

from __future__ import annotations

import pytest

from tests.pages.conftest import texts

# A messy appendix: title rows, a two-row header, STT, prefixes, upper case, decimal commas,
# a footer row and a signature.
MESSY = """UBND THÀNH PHỐ HÀ NỘI
PHỤ LỤC: KẾT QUẢ CHỈ SỐ CCHC NĂM 2023
STT;Đơn vị;Chỉ số CCHC;Xếp hạng
;;(%);
1;Quận Đống Đa;96,30;1
2;QUẬN NAM TỪ LIÊM;95,70;2
3;Q. Hoàn Kiếm;95,70;3
4;Cau Giay;95,22;4
5;Huyện Thanh Trì;95,21;5
6;H. Phú Xuyên;91,61;30
;Trung bình;94,01;
;Người lập biểu;;
""".encode()


def _upload(at, content: bytes, name: str, year: int = 2023):
    at.selectbox(key="up_year").set_value(str(year)).run()
    at.file_uploader(key="up_file").upload(name, content, "text/csv").run()
    return at


def test_upload_page_renders_with_template_and_no_upload(app):
    at = app("pages/upload.py")
    assert not at.exception
    shown = texts(at)
    assert "Nhập bảng của bạn" in shown


def test_messy_table_is_read_previewed_and_analysed_on_other_pages(app):
    at = app("pages/upload.py")
    _upload(at, MESSY, "phu_luc_2023.csv")
    assert not at.exception
    shown = texts(at)
    assert "Đọc được 12 con số của 6 đơn vị cho năm 2023" in shown, shown  # 6 totals + 6 ranks
    assert (
        at.dataframe[-1].value["status"].str.contains("khớp").all()
    )  # all match published figures
    next(b for b in at.button if "Phân tích" in b.label).click().run()
    assert not at.exception
    assert at.sidebar.radio(key="dataset").value == "upload"
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    shown = texts(at)
    assert "Bảng do bạn nhập" in shown and "Đống Đa" in shown


def test_table_with_an_unknown_unit_and_a_bad_score_is_refused_with_places(app):
    bad = MESSY.replace(b"Cau Giay;95,22", b"Cau Giayy;195,22")
    at = _upload(app("pages/upload.py"), bad, "bad.csv")
    assert not at.exception
    shown = texts(at)
    assert "lỗi" in shown and "Cầu Giấy" in shown  # "did you mean Cầu Giấy?"
    assert "195" in shown
    assert not any("Phân tích bảng này" in b.label for b in at.button)


def test_a_file_that_is_not_a_table_gets_a_clear_message(app):
    at = _upload(app("pages/upload.py"), b"%PDF-1.7 binary junk \x00\x01", "report.pdf.csv")
    assert not at.exception
    assert "Không đọc được tệp" in texts(at) or "lỗi" in texts(at)


def _xlsm(table_rows: list[list[object]]) -> bytes:
    """A macro-enabled workbook (content type and a vbaProject part) holding ``table_rows``."""
    import io
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "PL1"
    for row in table_rows:
        ws.append(row)
    hidden = wb.create_sheet("Nháp")
    hidden.sheet_state = "hidden"
    hidden.append(["STT", "Đơn vị", "Chỉ số CCHC"])
    hidden.append([1, "Ba Vì", 10.0])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
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
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 never run")
    return out.getvalue()


def test_an_xlsm_upload_is_read_from_its_visible_sheet_and_names_it(app):
    rows = [["STT", "Đơn vị", "Chỉ số CCHC", "Xếp hạng"], [1, "Quận Đống Đa", 96.3, 1]]
    at = app("pages/upload.py")
    at.selectbox(key="up_year").set_value("2023").run()
    data = _xlsm(rows)
    at.file_uploader(key="up_file").upload(
        "bang.xlsm", data, "application/vnd.ms-excel.sheet.macroEnabled.12"
    ).run()
    assert not at.exception
    shown = texts(at)
    assert "Đọc được 2 con số của 1 đơn vị cho năm 2023" in shown, shown
    assert "Đã đọc trang tính “PL1”." in shown  # the sheet read is named; the hidden one is not


BAD = "Đơn vị;Tổng điểm\nXyzzy;90\nBa Vì;104,2\n".encode()


def _plain(at) -> str:
    """What the page showed, without the escapes that keep file text from being Markdown."""
    return texts(at).replace("\\", "")


def test_problems_of_a_table_are_shown_in_vietnamese(app):
    at = _upload(app("pages/upload.py"), BAD, "bad.csv", year=2018)
    assert not at.exception
    shown = _plain(at)
    assert "dòng 2: đơn vị “Xyzzy” không có trong danh mục đơn vị" in shown, shown
    assert "dòng 3, cột “Tổng điểm”: 104,2 nằm ngoài khoảng 0–100" in shown, shown
    assert "unknown unit" not in shown and "is outside" not in shown
    # Each line names its place once: the list used to repeat it ("dòng 3, cột …: dòng 3, …").
    line = next(x for x in shown.splitlines() if "104,2" in x)
    assert line.count("dòng 3") == 1, line


def _upload_problems_section() -> None:
    """The upload page's problem lines and unreadable-file message for two files (AppTest script)."""
    import streamlit as st

    from analysis.ingest.importer import check_upload, reference_frames
    from ui.i18n import t
    from ui.upload.session import problem_lines, problem_text

    units, indicators = reference_frames()
    bad = check_upload(st.session_state["bad"], "bad.csv", 2018, units, indicators)
    st.error(problem_lines(bad.errors))
    pdf = check_upload(b"%PDF-1.7 junk", "report.pdf.csv", 2018, units, indicators)
    st.error(t("up_unreadable", msg=problem_text(pdf.problems[0])))


# AppTest cannot rerun a page in an English session (bench/README.md, AppTest notes): the
# English side runs the page's own rendering of problems in a script of its own.
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "row 2: unknown unit 'Xyzzy'",
                "row 3, column 'Tổng điểm': 104,2 is outside 0–100",
                "The file cannot be read: report.pdf.csv is a PDF, not a table; export the "
                "table to XLSX or CSV",
            ],
        ),
        (
            "vi",
            [
                "dòng 2: đơn vị “Xyzzy” không có trong danh mục đơn vị",
                "dòng 3, cột “Tổng điểm”: 104,2 nằm ngoài khoảng 0–100",
                "Không đọc được tệp: tệp report.pdf.csv là tệp PDF, không phải bảng số liệu",
            ],
        ),
    ],
)
def test_problems_are_shown_in_the_session_s_language(lang: str, expected: list[str]) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_upload_problems_section, default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["bad"] = BAD
    at.run()
    assert not at.exception
    shown = "\n".join(str(e.value) for e in at.error).replace("\\", "")
    assert all(text in shown for text in expected), shown


def test_an_unreadable_file_is_named_in_vietnamese(app):
    pdf = b"%PDF-1.7 binary junk \x00\x01"
    at = _upload(app("pages/upload.py"), pdf, "report.pdf.csv")
    shown = _plain(at)
    assert "Không đọc được tệp: tệp report.pdf.csv là tệp PDF, không phải bảng số liệu" in shown
