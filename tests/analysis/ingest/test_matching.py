"""Unit and column matching, table validation (every message), and property tests of reader+validator."""

from __future__ import annotations

import importlib
import random
import unicodedata
from collections.abc import Callable

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from analysis.ingest.headers import ColumnMatch, classify_header, match_column
from analysis.ingest.matching import (
    OBSERVATION_COLUMNS,
    match_unit,
    normalise_unit,
    validate_table,
)
from analysis.ingest.reader import TableError, read_table
from analysis.paths import SEEDS_DIR

fx = importlib.import_module("tests.fixtures.import.make_fixtures")

UNITS = pd.read_csv(SEEDS_DIR / "units.csv", dtype=str, keep_default_na=False)
INDICATORS = pd.read_csv(SEEDS_DIR / "indicators.csv", dtype=str, keep_default_na=False)
# The 30 units of 2014-04-01 to 2025-06-30 (Từ Liêm, before 2014, is a unit of its own).
DISTRICTS = UNITS[(UNITS.level == "district") & (UNITS.valid_to == "2025-06-30")]
CLEAN = fx.clean_table()
ROW = {u.unit_id: i + 2 for i, u in enumerate(CLEAN.units)}  # 1-row header, no STT/title
PROPERTY = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _printed(frame: pd.DataFrame) -> pd.DataFrame:
    """The figures read from cells (not the percents derived from points)."""
    return frame[frame["derived_from"].fillna("") == ""]


def _records(result) -> dict[tuple[str, str, str], float]:
    r = _printed(result.records)
    return {
        (u, i, m): v
        for u, i, m, v in zip(r.unit_id, r.indicator_id, r.measure, r.value, strict=True)
    }


def _check(data: bytes, name: str = "t.csv", year: int = 2018):
    return validate_table(read_table(data, name), year, UNITS, INDICATORS)


# --------------------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("text", "unit_id"),
    [
        ("Ứng Hòa", "ung_hoa"),
        ("Ứng Hoà", "ung_hoa"),  # old-style tone placement
        ("Huyện Ứng Hòa", "ung_hoa"),
        ("H. Ứng Hòa", "ung_hoa"),
        ("H.Ứng Hòa", "ung_hoa"),
        ("HUYỆN ỨNG HÒA", "ung_hoa"),
        ("ung hoa", "ung_hoa"),
        ("Ung Hoa", "ung_hoa"),
        ("ung_hoa", "ung_hoa"),
        (unicodedata.normalize("NFD", "Ứng Hòa"), "ung_hoa"),
        ("  Ứng   Hòa\u00a0", "ung_hoa"),
        ("Ứng\u200b Hòa", "ung_hoa"),
        ("Quận Hai Bà Trưng", "hai_ba_trung"),
        ("Q. Đống Đa", "dong_da"),
        ("Q.Dong Da", "dong_da"),
        ("Thị xã Sơn Tây", "son_tay"),
        ("TX Sơn Tây", "son_tay"),
        ("TX. Sơn Tây", "son_tay"),
        ("TX.SƠN TÂY", "son_tay"),
        ("UBND quận Ba Đình", "ba_dinh"),
        ("Hoàn Kiếm", "hoan_kiem"),
        ("Hà Đông", "ha_dong"),
        ("Quốc Oai", "quoc_oai"),
        ("Bắc Từ Liêm", "bac_tu_liem"),
    ],
)
def test_match_unit_accepts_normalised_names(text: str, unit_id: str) -> None:
    m = match_unit(text, DISTRICTS)
    assert (m.unit_id, m.score, m.ok) == (unit_id, 100.0, True)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Ung Hoa x", "did you mean Ứng Hòa?"),
        ("Ứng Hoa Huyen", "did you mean Ứng Hòa?"),
        ("Dong Daa", "did you mean Đống Đa?"),
        ("Từ Liêm", "did you mean Bắc Từ Liêm or Nam Từ Liêm?"),
    ],
)
def test_fuzzy_matches_are_only_suggestions(text: str, suggestion: str) -> None:
    m = match_unit(text, DISTRICTS)
    assert m.unit_id is None and not m.ok
    assert m.suggestion == suggestion
    assert 60 <= m.score < 100


@pytest.mark.parametrize("text", ["", "   ", "Zzzzqqq", "12345"])
def test_nonsense_has_no_match_and_no_suggestion(text: str) -> None:
    m = match_unit(text, DISTRICTS)
    assert (m.unit_id, m.suggestion) == (None, None)


def test_folded_collision_is_settled_by_diacritics_or_refused() -> None:
    units = pd.DataFrame({"unit_id": ["a", "b"], "name_vi": ["Thủy", "Thúy"], "name_en": ["", ""]})
    assert match_unit("THỦY", units).unit_id == "a"
    assert match_unit("Thúy", units).unit_id == "b"
    m = match_unit("Thuy", units)
    assert (m.unit_id, m.suggestion) == (None, "did you mean Thủy (a) or Thúy (b)?")


@pytest.mark.parametrize(
    ("text", "normal"),
    [("QUẬN  HAI BÀ TRƯNG", "hai ba trung"), ("H.Ba Vì", "ba vi"), ("Quận", "quan")],
)
def test_normalise_unit(text: str, normal: str) -> None:
    assert normalise_unit(text) == normal


# --------------------------------------------------------------------------- columns


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Tổng điểm", ("total", "score_pct", None)),
        ("TONG DIEM", ("total", "score_pct", None)),
        ("Tổng điểm (100 điểm)", ("total", "score_pct", None)),
        ("Tổng điểm (70 điểm)", ("total", "points", 70.0)),
        ("Chỉ số CCHC (%)", ("total", "score_pct", None)),
        ("Chỉ số CCHC năm 2023 Tổng điểm", ("total", "score_pct", None)),
        ("Chỉ số cải cách hành chính", ("total", "score_pct", None)),
        ("PAR Index (total)", ("total", "score_pct", None)),
        ("Tỷ lệ (%)", ("total", "score_pct", None)),
        ("Xếp hạng", ("total", "rank", None)),
        ("Thứ hạng", ("total", "rank", None)),
        ("Rank", ("total", "rank", None)),
        ("Chỉ số CCHC năm 2023 Xếp hạng", ("total", "rank", None)),
        ("Công tác chỉ đạo, điều hành CCHC", ("direction", "score_pct", None)),
        ("Cong tac chi dao, dieu hanh CCHC", ("direction", "score_pct", None)),
        ("Cải cách thể chế (8 điểm)", ("institutions", "points", 8.0)),
        ("Cai cach the che (8 diem)", ("institutions", "points", 8.0)),
        ("Cải cách thể chế (tối đa 8 điểm)", ("institutions", "points", 8.0)),
        ("Cải cách thể chế (8đ)", ("institutions", "points", 8.0)),
        ("Xây dựng và tổ chức thực hiện văn bản QPPL", ("institutions", "score_pct", None)),
        ("Cải cách thể chế - Xếp hạng", ("institutions", "rank", None)),
        ("Cải cách thể chế (8 điểm) Tỷ lệ %", ("institutions", "score_pct", None)),
        ("Chỉ số CCHC (%) Cải cách thể chế (8 điểm)", ("institutions", "points", 8.0)),
        ("Cải cách thủ tục hành chính", ("procedures", "score_pct", None)),
        ("Cơ chế một cửa, một cửa liên thông", ("procedures", "score_pct", None)),
        ("Cải cách tổ chức bộ máy hành chính nhà nước", ("organisation", "score_pct", None)),
        ("Cải cách chế độ công vụ", ("civil_service", "score_pct", None)),
        ("Cải cách tài chính công", ("public_finance", "score_pct", None)),
        ("Xây dựng chính quyền điện tử, chính quyền số", ("digital_government", "score_pct", None)),
        (
            "Tác động của CCHC đến người dân và phát triển KT-XH",
            ("socioeconomic_impact", "score_pct", None),
        ),
        ("Điểm thẩm định", ("appraisal", "points", None)),
        ("Điểm thẩm định (70 điểm)", ("appraisal", "points", 70.0)),
        ("Điểm điều tra XHH", ("survey", "points", None)),
        ("Điểm điều tra xã hội học (30 điểm)", ("survey", "points", 30.0)),
        ("Institutional reform (legal documents)", ("institutions", "score_pct", None)),
        ("Public finance reform", ("public_finance", "score_pct", None)),
        ("E-government and digital government", ("digital_government", "score_pct", None)),
        ("Sociological survey points", ("survey", "points", None)),
        ("Direction and management of PAR", ("direction", "score_pct", None)),
    ],
)
def test_match_column(header: str, expected: tuple) -> None:
    assert match_column(header) == ColumnMatch(*expected)


@pytest.mark.parametrize(
    "header",
    [
        "STT",
        "Đơn vị",
        "Tên đơn vị",
        "Quận, huyện, thị xã",
        "Ghi chú",
        "Xếp loại",
        "Tăng/giảm so với năm 2022",
        "So với năm trước",
        "Chênh lệch",
        "Foo",
        "",
        "Đơn vị tính",
        "%",  # a unit of measure alone names no indicator
        "A%",
        "Thứ hạng %",  # a rank with a percent sign names no score
    ],
)
def test_match_column_none(header: str) -> None:
    assert match_column(header) is None


def test_match_column_uses_codebook_names_when_given() -> None:
    inds = pd.DataFrame(
        {"indicator_id": ["socioeconomic_impact"], "name_vi": ["Hiệu quả"], "name_en": ["Outcomes"]}
    )
    assert match_column("Outcomes") is None
    assert match_column("Outcomes", inds) == ColumnMatch("socioeconomic_impact", "score_pct")


@pytest.mark.parametrize(
    ("header", "kind"),
    [("STT", "stt"), ("#", "stt"), ("Số TT", "stt"), ("Đơn vị", "unit"), ("District", "unit")],
)
def test_classify_header(header: str, kind: str) -> None:
    assert classify_header(header) == kind


# --------------------------------------------------------------------------- whole tables


@pytest.mark.parametrize("name", sorted(fx.FIXTURES))
def test_committed_fixtures_give_the_clean_records(name: str) -> None:
    result = _check((fx.HERE / name).read_bytes(), name)
    assert result.ok, [str(p) for p in result.problems]
    assert result.problems == []
    assert _records(result) == fx.fixture_table(name).expected()


def test_records_have_the_observation_shape() -> None:
    result = _check(fx.render_csv(fx.grid(CLEAN, fx.Style(header_rows=2, stt=True))))
    r = _printed(result.records)
    assert tuple(r.columns) == OBSERVATION_COLUMNS
    assert len(r) == 300 and set(r.year) == {2018}
    assert str(r.year.dtype) == "int64" and str(r.value.dtype) == "float64"
    assert str(r.out_of.dtype) == "Int64"
    first = r.iloc[0]
    assert first.unit_id == "ba_dinh"
    assert first.locator == "row 3, column 'Chỉ số CCHC năm 2018 Tổng điểm'"
    assert first.value_as_published == f"{CLEAN.total['ba_dinh']:.2f}".replace(".", ",")
    ranks = r[r.measure == "rank"]
    assert set(ranks.out_of) == {30}
    points = r[r.measure == "points"].set_index("indicator_id").out_of
    assert points["institutions"].iloc[0] == 8 and points["socioeconomic_impact"].iloc[0] == 27
    assert set(r[r.measure == "score_pct"].out_of.isna()) == {True}


@pytest.mark.parametrize("header_rows", [1, 2, 3])
@pytest.mark.parametrize("style", ["points", "percent"])
def test_xlsx_tables_give_the_clean_records(header_rows: int, style: str) -> None:
    table = fx.clean_table(style=style)
    data = fx.render_xlsx(
        table,
        fx.Style(header_rows=header_rows, title=True, footer=True, prefix="short"),
        percent_cells=style == "percent",
        extra_sheets=("Ghi chú",),
    )
    result = _check(data, "t.xlsx")
    assert result.ok and result.problems == []
    assert _records(result) == pytest.approx(table.expected())
    assert result.records.locator.iloc[0].startswith("sheet 'PL1', row ")


def test_xlsx_formula_without_value_blocks_the_import() -> None:
    result = _check(fx.render_xlsx(CLEAN, formula_rows=(5,)), "t.xlsx")
    assert not result.ok and result.records.empty
    [err] = result.errors
    assert (err.row, err.column) == (6, "Chỉ số CCHC (%)")
    assert "without a saved value" in err.message
    assert not [p for p in result.warnings if p.row == 6]


# --------------------------------------------------------------------------- every message


def _grid() -> list[list[str]]:
    rows = fx.grid(CLEAN, fx.Style(stt=False))
    rows[0][1] = "Tổng điểm"
    return rows


def _set(unit: str, col: int, text: str) -> Callable[[list[list[str]]], None]:
    def apply(rows: list[list[str]]) -> None:
        rows[ROW[unit] - 1][col] = text

    return apply


def _sum_text(unit: str) -> str:
    return f"{CLEAN.total[unit]:.2f}".replace(".", ",")


DIRECTION = "Công tác chỉ đạo, điều hành CCHC (9 điểm)"
ERRORS = [
    pytest.param(
        _set("ung_hoa", 0, "Ung Hoa x"),
        2018,
        (30, None),
        "row 30: unknown unit 'Ung Hoa x' — did you mean Ứng Hòa?",
        id="unknown-unit",
    ),
    pytest.param(
        _set("hoang_mai", 0, "Xyzzy"), 2018, (9, None), "row 9: unknown unit 'Xyzzy'", id="unknown"
    ),
    pytest.param(
        _set("bac_tu_liem", 0, "Cầu Giấy"),
        2018,
        (12, None),
        "row 12: Cầu Giấy appears twice (rows 6 and 12)",
        id="twice",
    ),
    pytest.param(
        _set("dong_da", 2, "31"),
        2018,
        (7, "Xếp hạng"),
        "row 7, column 'Xếp hạng': rank 31 is outside 1–30",
        id="rank-31",
    ),
    pytest.param(
        _set("dong_da", 2, "0"),
        2018,
        (7, "Xếp hạng"),
        "row 7, column 'Xếp hạng': rank 0 is outside 1–30",
        id="rank-0",
    ),
    pytest.param(
        _set("thanh_xuan", 2, "2,5"),
        2018,
        (10, "Xếp hạng"),
        "row 10, column 'Xếp hạng': rank 2,5 is not a whole number",
        id="rank-fraction",
    ),
    pytest.param(
        _set("son_tay", 1, "104,2"),
        2018,
        (14, "Tổng điểm"),
        "row 14, column 'Tổng điểm': 104,2 is outside 0–100",
        id="score-above-100",
    ),
    pytest.param(
        _set("son_tay", 1, "-3"),
        2018,
        (14, "Tổng điểm"),
        "row 14, column 'Tổng điểm': -3 is outside 0–100",
        id="score-negative",
    ),
    pytest.param(
        _set("hoang_mai", 1, "abc"),
        2018,
        (9, "Tổng điểm"),
        "row 9, column 'Tổng điểm': 'abc' is not a number",
        id="not-a-number",
    ),
    pytest.param(
        _set("ha_dong", 3, "9,50"),
        2018,
        (11, DIRECTION),
        f"row 11, column '{DIRECTION}': 9,50 is outside 0–9",
        id="points-above-max",
    ),
    pytest.param(
        _set("ha_dong", 3, "-1"),
        2018,
        (11, DIRECTION),
        f"row 11, column '{DIRECTION}': -1 is outside 0–9",
        id="points-negative",
    ),
    pytest.param(
        _set("hai_ba_trung", 1, "93,10"),
        2018,
        (8, None),
        f"row 8: the total 93,10 disagrees with the sum of its components "
        f"{_sum_text('hai_ba_trung')} (max points known)",
        id="total-vs-components",
    ),
    pytest.param(
        _set("long_bien", 0, ""), 2018, (5, None), "row 5: no unit name", id="no-unit-name"
    ),
    pytest.param(
        lambda rows: None,
        2012,
        (12, None),
        "row 12: Bắc Từ Liêm did not exist in 2012 (valid 2014-04-01 to 2025-06-30)",
        id="unit-not-valid-in-year",
    ),
    pytest.param(
        lambda rows: None,
        2026,
        (12, None),
        # "Ba Đình" in a 2026 table is phường Ba Đình (the year decides); Bắc Từ Liêm has no
        # namesake since 2025.
        "row 12: Bắc Từ Liêm did not exist in 2026 (valid 2014-04-01 to 2025-06-30)",
        id="districts-abolished",
    ),
    pytest.param(
        lambda rows: [
            r.append(v) for r, v in zip(rows, ["Chỉ số CCHC năm 2017"] + ["90"] * 30, strict=True)
        ],
        2018,
        (None, "Chỉ số CCHC năm 2017"),
        "column 'Chỉ số CCHC năm 2017' is for 2017 but the year given is 2018",
        id="year-given-contradicts-a-column",
    ),
    pytest.param(
        lambda rows: rows.insert(0, ["BẢNG XẾP HẠNG CHỈ SỐ CCHC NĂM 2017"] + [""] * 10),
        2018,
        (None, None),
        "t.csv: the year given is 2018 but the title line 'BẢNG XẾP HẠNG CHỈ SỐ CCHC NĂM 2017' "
        "says 2017",
        id="year-given-contradicts-the-title",
    ),
]


@pytest.mark.parametrize(("mangle", "year", "where", "message"), ERRORS)
def test_error_messages(mangle, year: int, where: tuple, message: str) -> None:
    rows = _grid()
    mangle(rows)
    result = _check(fx.render_csv(rows), year=year)
    assert message in [p.message for p in result.errors], [str(p) for p in result.errors]
    [p] = [p for p in result.errors if p.message == message]
    assert (p.row, p.column) == where
    assert not result.ok
    assert result.records.empty and tuple(result.records.columns) == OBSERVATION_COLUMNS


def test_total_check_needs_every_components_max_points() -> None:
    rows = _grid()
    rows[0][3] = "Công tác chỉ đạo, điều hành CCHC"  # no max points → no sum check
    rows[ROW["hai_ba_trung"] - 1][1] = "93,10"
    result = _check(fx.render_csv(rows))
    assert not any("disagrees" in p.message for p in result.problems)


def test_total_check_tolerates_rounding_of_the_parts() -> None:
    rows = _grid()
    total = CLEAN.total["hai_ba_trung"]
    rows[ROW["hai_ba_trung"] - 1][1] = f"{total + 0.03:.2f}".replace(".", ",")
    assert _check(fx.render_csv(rows)).ok


def test_appraisal_plus_survey_must_make_the_total() -> None:
    data = (
        "Đơn vị;Tổng điểm;Điểm thẩm định;Điểm điều tra XHH\n"
        "Ba Đình;92,76;66,40;26,36\nBa Vì;90,00;60,00;20,00\n"
    ).encode()
    result = _check(data)
    assert [p.message for p in result.errors] == [
        "row 3: the total 90,00 disagrees with appraisal + survey 80,00"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "Tổng điểm;Xếp hạng\n95,1;1\n94,2;2\n",
            "t.csv: no column with unit names (expected a header such as 'Đơn vị' or "
            "'Quận, huyện, thị xã')",
        ),
        (
            "STT;Đơn vị;Ghi chú\n1;Ba Đình;x\n",
            "t.csv: no column is a known indicator (expected headers such as 'Tổng điểm', "
            "'Xếp hạng' or the names of the eight component areas)",
        ),
        ("STT;Đơn vị;Tổng điểm\n", "t.csv has a header but no data rows"),
        ("STT;Đơn vị;Tổng điểm\n1;Ba Đình;\n2;Ba Vì;-\n", "t.csv has a header but no figures"),
        (
            "Đơn vị;Chỉ số CCHC (%);Tỷ lệ %\nBa Đình;95,1;95,1\n",
            "columns 'Chỉ số CCHC (%)' and 'Tỷ lệ %' both give total score_pct; rename or "
            "delete one",
        ),
    ],
)
def test_table_level_errors(data: str, message: str) -> None:
    result = _check(data.encode())
    assert message in [p.message for p in result.errors]


WARNINGS = [
    pytest.param(
        lambda rows: [r.append(v) for r, v in zip(rows, ["Foo"] + ["1"] * 30, strict=True)],
        (None, "Foo"),
        "column 'Foo' is not a known indicator (ignored)",
        id="unknown-column",
    ),
    pytest.param(
        _set("long_bien", 2, ""),
        (None, "Xếp hạng"),
        "column 'Xếp hạng': no figure in row(s) 5 (left out)",
        id="empty-cell",
    ),
    pytest.param(
        lambda rows: rows.pop(),
        (None, None),
        "29 of the 30 district-level units valid in 2018 are in the table; missing: Mỹ Đức",
        id="missing-unit",
    ),
    pytest.param(
        lambda rows: rows.append(["Nguyễn Văn A"] + [""] * 10),
        (32, None),
        "row 32: 'Nguyễn Văn A' is not a unit and has no figures (ignored)",
        id="text-row",
    ),
]


@pytest.mark.parametrize(("mangle", "where", "message"), WARNINGS)
def test_warnings_do_not_block(mangle, where: tuple, message: str) -> None:
    rows = _grid()
    mangle(rows)
    result = _check(fx.render_csv(rows))
    assert result.ok, [str(p) for p in result.errors]
    [p] = [p for p in result.warnings if p.message == message]
    assert (p.row, p.column, p.severity) == (*where, "warning")
    assert len(result.records) > 0


def test_ties_and_ranks_out_of_score_order_are_warnings() -> None:
    rows = _grid()
    a, b = ROW["ba_dinh"], ROW["hoan_kiem"]
    rows[b - 1][2] = rows[a - 1][2]
    result = _check(fx.render_csv(rows))
    rank = rows[a - 1][2]
    assert f"column 'Xếp hạng': rank {rank} is shared by rows {a} and {b} (a tie?)" in [
        p.message for p in result.warnings
    ]
    rows = _grid()
    rows[a - 1][2], rows[b - 1][2] = rows[b - 1][2], rows[a - 1][2]
    result = _check(fx.render_csv(rows))
    assert any("ranked" in p.message and "with only" in p.message for p in result.warnings)


def test_one_bad_row_imports_nothing() -> None:
    rows = _grid()
    _set("my_duc", 1, "104,2")(rows)
    result = _check(fx.render_csv(rows))
    assert not result.ok and result.records.empty
    assert len(_printed(result.figures)) == 300  # what was read is still there to show
    assert [p.row for p in result.errors] == [31, 31]  # the range and the components sum


# --------------------------------------------------------------------------- properties

STYLES = st.builds(
    fx.Style,
    header_rows=st.sampled_from([1, 2, 3]),
    stt=st.booleans(),
    title=st.booleans(),
    footer=st.booleans(),
    decimal=st.sampled_from([",", "."]),
    percent_sign=st.booleans(),
    prefix=st.sampled_from(["none", "full", "short", "short_nospace"]),
    case=st.sampled_from(["as_is", "upper", "lower"]),
    ascii_names=st.booleans(),
    nfd=st.booleans(),
    column_order=st.permutations(list(range(10))).map(tuple),
    extra_spaces=st.booleans(),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1258"])
DELIMITERS = st.sampled_from([",", ";", "\t"])
TABLES = {s: fx.clean_table(style=s) for s in ("points", "percent")}


@PROPERTY
@given(
    style=STYLES,
    kind=st.sampled_from(["points", "percent"]),
    encoding=ENCODINGS,
    delimiter=DELIMITERS,
    line_end=st.sampled_from(["\r\n", "\n"]),
)
def test_round_trip_csv(
    style: fx.Style, kind: str, encoding: str, delimiter: str, line_end: str
) -> None:
    table = TABLES[kind]
    data = fx.render_csv(fx.grid(table, style), encoding, delimiter, line_end)
    result = _check(data)
    assert result.ok, [str(p) for p in result.problems][:5]
    assert _records(result) == table.expected()
    assert not result.warnings, [str(p) for p in result.warnings]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    style=STYLES,
    kind=st.sampled_from(["points", "percent"]),
    numeric=st.booleans(),
    merge=st.booleans(),
)
def test_round_trip_xlsx(style: fx.Style, kind: str, numeric: bool, merge: bool) -> None:
    table = TABLES[kind]
    data = fx.render_xlsx(
        table, style, numeric=numeric, merge=merge, percent_cells=numeric and kind == "percent"
    )
    result = _check(data, "t.xlsx")
    assert result.ok, [str(p) for p in result.problems][:5]
    assert _records(result) == pytest.approx(table.expected())


def _named(problem, name: str) -> bool:
    return problem.row is not None or problem.column is not None or name in problem.message


MANGLES = ["shuffle", "junk", "duplicate", "drop", "blank", "header", "truncate", "bytes"]


@PROPERTY
@given(
    style=STYLES,
    encoding=ENCODINGS,
    delimiter=DELIMITERS,
    mangle=st.sampled_from(MANGLES),
    seed=st.integers(0, 2**32 - 1),
    junk=st.lists(st.text(st.characters(codec="cp1258"), max_size=12), min_size=1, max_size=6),
    cut=st.floats(0, 1),
    noise=st.binary(min_size=1, max_size=40),
)
def test_mangled_tables_import_correctly_or_are_refused_with_a_location(
    style: fx.Style,
    encoding: str,
    delimiter: str,
    mangle: str,
    seed: int,
    junk: list[str],
    cut: float,
    noise: bytes,
) -> None:
    rng = random.Random(seed)
    table = TABLES["points"]
    rows = fx.grid(table, style)
    first = len(rows) - len(table.units) - (6 if style.footer else 0)
    data_rows = list(range(first, first + len(table.units)))
    if mangle == "shuffle":
        body = [rows[i] for i in data_rows]
        rng.shuffle(body)
        rows[first : first + len(body)] = body
    elif mangle == "junk":
        rows.insert(rng.choice(data_rows), junk)
    elif mangle == "duplicate":
        i = rng.choice(data_rows)
        rows.insert(i + 1, list(rows[i]))
    elif mangle == "drop":
        del rows[rng.choice(data_rows)]
    elif mangle == "blank":
        for _ in range(3):
            r = rows[rng.choice(data_rows)]
            r[rng.randrange(int(style.stt) + 1, len(r))] = ""
    elif mangle == "header":
        header = first - 1
        rows[header][rng.randrange(int(style.stt) + 1, len(rows[header]))] = "".join(junk)
    try:
        data = fx.render_csv(rows, encoding, delimiter)
    except UnicodeEncodeError:
        assume(False)
    if mangle == "truncate":
        data = data[: int(len(data) * cut)]
    elif mangle == "bytes":
        at = int(len(data) * cut)
        data = data[:at] + noise + data[at + len(noise) :]
    name = "mangled.csv"
    try:
        raw = read_table(data, name)
    except TableError as exc:
        event(f"{mangle}: unreadable")
        assert name in str(exc)
        return
    result = validate_table(raw, 2018, UNITS, INDICATORS)
    event(f"{mangle}: {'imported' if result.ok else 'refused'}")
    for p in result.errors:
        assert _named(p, name), p.message
    if mangle == "duplicate":
        assert not result.ok and any("appears twice" in p.message for p in result.errors)
    if not result.ok or mangle == "bytes":
        return
    expected = table.expected()
    flagged = {p.row for p in result.warnings if p.row is not None}
    got = _printed(result.figures)
    for fig in got.itertuples(index=False):
        key = (fig.unit_id, fig.indicator_id, fig.measure)
        if key not in expected or expected[key] != fig.value:
            assert fig.row in flagged, f"row {fig.row}: {key} = {fig.value} silently wrong"
    if len(got) < len(expected):
        assert result.warnings, "fewer figures than the clean table, without a warning"


@settings(max_examples=300, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=600).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=600).map(lambda b: b"\xef\xbb\xbf" + b),
        st.binary(max_size=600).map(lambda b: b"\xff\xfe" + b),
        st.binary(max_size=600).map(lambda b: "STT;Đơn vị;Tổng điểm\n".encode() + b),
    ),
    name=st.sampled_from(["t.csv", "t.xlsx", "t.xls", "t.txt"]),
)
def test_random_bytes_only_ever_raise_table_error(data: bytes, name: str) -> None:
    try:
        raw = read_table(data, name)
    except TableError as exc:
        assert name in str(exc)
        return
    result = validate_table(raw, 2018, UNITS, INDICATORS)
    assert all(_named(p, name) for p in result.errors)


XLSX_CLEAN = fx.render_xlsx(CLEAN, fx.Style(header_rows=2, title=True, footer=True))


@settings(max_examples=50, deadline=None)
@given(at=st.floats(0, 1), noise=st.binary(min_size=1, max_size=64), cut=st.booleans())
def test_damaged_xlsx_only_ever_raises_table_error(at: float, noise: bytes, cut: bool) -> None:
    i = int(len(XLSX_CLEAN) * at)
    data = XLSX_CLEAN[:i] if cut else XLSX_CLEAN[:i] + noise + XLSX_CLEAN[i + len(noise) :]
    try:
        raw = read_table(data, "d.xlsx")
    except TableError as exc:
        assert "d.xlsx" in str(exc)
        return
    result = validate_table(raw, 2018, UNITS, INDICATORS)
    assert all(_named(p, "d.xlsx") for p in result.errors)
