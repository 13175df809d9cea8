"""The official layouts of issue 13, built by code: every figure to its unit, year,
indicator and measure, or the whole table refused with a message naming where."""

from __future__ import annotations

import io
import random

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.ingest.importer import check_upload, published_from_seeds, reference_frames
from analysis.ingest.matching import match_unit
from analysis.paths import SEEDS_DIR

UNITS, INDICATORS = reference_frames(SEEDS_DIR)
DISTRICTS = UNITS[UNITS.level == "district"].reset_index(drop=True)
COMMUNES = UNITS[UNITS.unit_id.str.match(r"^[px]_")].reset_index(drop=True)
# Invented component maxima of the 70 appraisal points (the layout is the official one).
MAXIMA = {
    "direction": "6,00",
    "institutions": "8,00",
    "procedures": "10,00",
    "organisation": "6,00",
    "civil_service": "9,00",
    "public_finance": "7,00",
    "digital_government": "12,00",
    "socioeconomic_impact": "12,00",
}
NAMES = {
    "direction": "Công tác chỉ đạo, điều hành CCHC",
    "institutions": "Cải cách thể chế",
    "procedures": "Cải cách thủ tục hành chính",
    "organisation": "Cải cách tổ chức bộ máy",
    "civil_service": "Cải cách chế độ công vụ",
    "public_finance": "Cải cách tài chính công",
    "digital_government": "Xây dựng chính quyền điện tử, chính quyền số",
    "socioeconomic_impact": "Tác động của CCHC đến phát triển KT-XH",
}


def _fmt(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def _truth(units: pd.DataFrame, seed: int) -> dict[str, dict[str, float]]:
    """Invented points per unit: components (of their maxima), appraisal, survey, total."""
    rng = random.Random(seed)
    out = {}
    for uid in units.unit_id:
        comps = {
            c: round(rng.uniform(0.5, 1) * float(m.replace(",", ".")), 2) for c, m in MAXIMA.items()
        }
        appraisal = round(sum(comps.values()), 2)
        survey = round(rng.uniform(15, 30), 2)
        out[uid] = {**comps, "appraisal": appraisal, "survey": survey, "total": appraisal + survey}
    return out


def _blocks(units: pd.DataFrame, year: int) -> list[tuple[str, list[str]]]:
    if year >= 2025:
        return [
            ("I. KHỐI PHƯỜNG", list(units[units.unit_type == "phường"].unit_id)),
            ("II. KHỐI XÃ", list(units[units.unit_type == "xã"].unit_id)),
        ]
    return [
        ("I. KHỐI QUẬN", list(units[units.unit_type == "quận"].unit_id)),
        ("II. KHỐI HUYỆN, THỊ XÃ", list(units[units.unit_type != "quận"].unit_id)),
    ]


def _valid(units: pd.DataFrame, year: int) -> pd.DataFrame:
    start = units.valid_from.str[:4].astype(int)
    end = units.valid_to.replace("", "9999").str[:4].astype(int)
    return units[(start <= year) & (year <= end)].reset_index(drop=True)


def appendix_grid(units: pd.DataFrame, year: int, seed: int = 1, prefix: bool = True):
    """The official two-level appendix: points and percent, appraisal over components with
    their own maxima, survey, ranks restarting in each block."""
    units = _valid(units, year)
    truth = _truth(units, seed)
    names = dict(zip(units.unit_id, units.name_vi, strict=True))
    types = dict(zip(units.unit_id, units.unit_type, strict=True))
    comps = list(MAXIMA)
    top = ["STT", "Đơn vị", "Tổng điểm đạt được", "Chỉ số CCHC (%)", "Xếp hạng"]
    top += ["Điểm thẩm định (70 điểm)"] + [""] * (len(comps) - 1) + ["Điểm điều tra XHH (30 điểm)"]
    sub = ["", "", "", "", ""] + [f"{NAMES[c]} ({MAXIMA[c]})" for c in comps] + [""]
    grid = [
        ["PHỤ LỤC", "", ""],
        [f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}", "", ""],
        [f"(Kèm theo Quyết định số 1234/QĐ-UBND ngày 5 tháng 3 năm {year + 1})", "", ""],
        top,
        sub,
    ]
    expected: dict[tuple[str, str, str], float] = {}
    for label, ids in _blocks(units, year):
        grid.append([label.split(". ")[0], label.split(". ")[1]] + [""] * (len(top) - 2))
        ranked = sorted(ids, key=lambda u: -truth[u]["total"])
        for rank, uid in enumerate(ranked, start=1):
            t = truth[uid]
            shown = f"{types[uid].capitalize()} {names[uid]}" if prefix else names[uid]
            total = round(t["total"], 2)
            row = [str(rank), shown, _fmt(total), _fmt(total), str(rank)]
            row += [_fmt(t[c]) for c in comps] + [_fmt(t["survey"])]
            grid.append(row)
            expected[(uid, "total", "points")] = total
            expected[(uid, "total", "score_pct")] = total
            expected[(uid, "total", "rank")] = rank
            expected[(uid, "survey", "points")] = t["survey"]
            expected[(uid, "survey", "score_pct")] = t["survey"] / 30 * 100  # derived
            for c in comps:
                expected[(uid, c, "points")] = t[c]
                expected[(uid, c, "score_pct")] = t[c] / float(MAXIMA[c].replace(",", ".")) * 100
    grid.append(["", "Người lập biểu", ""])
    return grid, expected


def csv_bytes(grid: list[list[str]]) -> bytes:
    return "\n".join(";".join(r) for r in grid).encode("utf-8") + b"\n"


def xlsx_bytes(sheets: dict[str, list[list[str]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, grid in sheets.items():
        ws = wb.create_sheet(title)
        for row in grid:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _got(report) -> dict[tuple[str, str, str], float]:
    f = report.frame
    return {
        (u, i, m): v
        for u, i, m, v in zip(f.unit_id, f.indicator_id, f.measure, f.value, strict=True)
    }


def _assert_exact(report, expected, year) -> None:
    assert report.ok, [p.message for p in report.errors]
    got = _got(report)
    assert set(got) == set(expected)
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, abs=1e-9), key
    assert set(report.frame.year) == {year}


# --------------------------------------------------------------------------- item 1


def test_the_official_two_level_appendix_with_points_and_percent() -> None:
    grid, expected = appendix_grid(DISTRICTS, 2024)
    report = check_upload(csv_bytes(grid), "PL 2024.csv", None, UNITS, INDICATORS)
    _assert_exact(report, expected, 2024)
    f = report.frame
    # Component maxima from their own headers, not the group's 70.
    inst = f[(f.indicator_id == "institutions") & (f.measure == "points")]
    assert set(inst.out_of) == {8}
    derived = f[(f.indicator_id == "institutions") & (f.measure == "score_pct")]
    assert derived.derived_from.str.contains("derived").all()
    assert derived.value_as_published.isna().all()
    # Ranks restart per block and are out of the block's size.
    ranks = f[f.measure == "rank"].merge(UNITS[["unit_id", "unit_type"]], on="unit_id")
    assert set(ranks[ranks.unit_type == "quận"].out_of) == {12}
    assert set(ranks[ranks.unit_type != "quận"].out_of) == {18}
    assert sorted(ranks[ranks.unit_type == "quận"].value) == list(map(float, range(1, 13)))
    assert f[f.unit_id == "ba_vi"].note.iloc[0] == "block: II KHỐI HUYỆN, THỊ XÃ"


def test_the_official_appendix_as_a_workbook_with_merged_header_cells() -> None:
    grid, expected = appendix_grid(DISTRICTS, 2024)
    for row in (grid[3], grid[4]):  # merged cells keep their text in the top-left cell only
        for j in range(len(row)):
            if j > 5 and row is grid[3] and j < 13:
                row[j] = ""
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"PL": grid})))
    ws = wb["PL"]
    ws.merge_cells("F4:M4")  # "Điểm thẩm định (70 điểm)" over the eight components
    for col in "ABCDEN":
        ws.merge_cells(f"{col}4:{col}5")
    buf = io.BytesIO()
    wb.save(buf)
    report = check_upload(buf.getvalue(), "PL 2024.xlsx", None, UNITS, INDICATORS)
    _assert_exact(report, expected, 2024)
    assert report.frame.locator.str.startswith("sheet 'PL', row ").all()


def test_points_and_percent_that_disagree_are_refused_naming_the_cell() -> None:
    grid, _ = appendix_grid(DISTRICTS, 2024)
    grid[6][3] = "12,34"  # the first unit's percent no longer equals its points
    report = check_upload(csv_bytes(grid), "t.csv", None, UNITS, INDICATORS)
    assert not report.ok and report.frame is None
    [error] = [p for p in report.errors if "disagrees with the points" in p.message]
    assert (error.row, error.column) == (7, "Chỉ số CCHC (%)")


@pytest.mark.parametrize(
    "header", ["Cải cách thể chế (8,00)", "Cải cách thể chế (8 điểm)", "Cải cách thể chế tối đa 8"]
)
def test_a_component_header_carries_its_own_maximum(header: str) -> None:
    data = f"Đơn vị;Điểm thẩm định (70 điểm);{header}\nBa Vì;60,00;7,50\n".encode()
    report = check_upload(data, "t.csv", 2018, UNITS, INDICATORS)
    assert report.ok, [p.message for p in report.errors]
    f = report.frame.set_index(["indicator_id", "measure"])
    assert f.loc[("institutions", "points"), "out_of"] == 8
    assert f.loc[("institutions", "score_pct"), "value"] == pytest.approx(93.75)
    assert f.loc[("appraisal", "points"), "out_of"] == 70


def test_a_semicolon_csv_without_diacritics_keeps_points_and_percent() -> None:
    data = b"Don vi;Tong diem;Chi so CCHC (%)\nBa Vi;90,50;90,50\n"
    report = check_upload(data, "t.csv", 2018, UNITS, INDICATORS)
    assert report.ok
    assert sorted(report.frame.measure) == ["points", "score_pct"]


# --------------------------------------------------------------------------- item 2


def test_a_long_table_with_a_year_column_over_three_years() -> None:
    lines = ["Năm;Đơn vị;Chỉ số CCHC (%);Xếp hạng"]
    expected = {}
    for year, (a, b) in zip(
        (2016, 2017, 2018), ((80.1, 81.2), (82.3, 79.4), (85.5, 86.6)), strict=True
    ):
        lines += [f"{year};Ba Vì;{_fmt(a)};1", f"{year};H. Mỹ Đức;{_fmt(b)};2"]
        expected[("ba_vi", year)] = a
        expected[("my_duc", year)] = b
    report = check_upload(("\n".join(lines) + "\n").encode(), "long.csv", None, UNITS, INDICATORS)
    assert report.ok, [p.message for p in report.errors]
    f = report.frame[report.frame.measure == "score_pct"]
    assert {(u, y): v for u, y, v in zip(f.unit_id, f.year, f.value, strict=True)} == expected
    assert report.years == [2016, 2017, 2018]


def test_a_workbook_with_one_sheet_per_year() -> None:
    sheets, expected = {}, {}
    for year in (2021, 2022, 2023):
        grid, exp = appendix_grid(DISTRICTS, year, seed=year)
        grid = [r for r in grid if "NĂM" not in r[0] and "Kèm theo" not in r[0]]
        sheets[f"Năm {year}"] = grid
        expected.update({(k[0], year, k[1], k[2]): v for k, v in exp.items()})
    report = check_upload(xlsx_bytes(sheets), "PL.xlsx", None, UNITS, INDICATORS)
    assert report.ok, [p.message for p in report.errors]
    f = report.frame
    got = dict(
        zip(zip(f.unit_id, f.year, f.indicator_id, f.measure, strict=True), f.value, strict=True)
    )
    assert set(got) == set(expected)
    assert all(got[k] == pytest.approx(v) for k, v in expected.items())
    assert f.locator.str.startswith("sheet 'Năm 20").all()


def test_a_csv_whose_year_is_only_in_its_title() -> None:
    data = "KẾT QUẢ CHỈ SỐ CCHC NĂM 2019\nĐơn vị;Tổng điểm\nBa Vì;88,10\n".encode()
    report = check_upload(data, "t.csv", None, UNITS, INDICATORS)
    assert report.ok and set(report.frame.year) == {2019}


def test_a_year_given_that_contradicts_the_file_names_where_the_file_says_otherwise() -> None:
    data = "KẾT QUẢ CHỈ SỐ CCHC NĂM 2019\nĐơn vị;Tổng điểm\nBa Vì;88,10\n".encode()
    report = check_upload(data, "t.csv", 2018, UNITS, INDICATORS)
    assert [p.message for p in report.errors] == [
        "t.csv: the year given is 2018 but the title line 'KẾT QUẢ CHỈ SỐ CCHC NĂM 2019' says 2019"
    ]
    data = "Năm;Đơn vị;Tổng điểm\n2019;Ba Vì;88,10\n".encode()
    [error] = check_upload(data, "t.csv", 2018, UNITS, INDICATORS).errors
    assert (error.row, error.column) == (2, "Năm")
    assert error.message == "row 2, column 'Năm': the file says 2019 but the year given is 2018"
    sheets = {"2019": [["Đơn vị", "Tổng điểm"], ["Ba Vì", "88,1"]]}
    [error] = check_upload(xlsx_bytes(sheets), "t.xlsx", 2018, UNITS, INDICATORS).errors
    assert "the year given is 2018 but the sheet name '2019' says 2019" in error.message


def test_a_file_without_any_year_asks_for_one() -> None:
    report = check_upload(
        "Đơn vị;Tổng điểm\nBa Vì;88,10\n".encode(), "t.csv", None, UNITS, INDICATORS
    )
    assert [p.message for p in report.errors] == [
        "t.csv: the file does not say its year (no year column, sheet name, title line or "
        "column header names one); choose its year on the upload page "
        "(or give --year on the command line)"
    ]


# --------------------------------------------------------------------------- item 3


def test_the_126_communes_of_2025_ranked_in_a_phuong_and_a_xa_block() -> None:
    assert len(COMMUNES) == 126
    grid, expected = appendix_grid(COMMUNES, 2025, seed=7, prefix=False)
    report = check_upload(csv_bytes(grid), "PL 2025.csv", None, UNITS, INDICATORS)
    _assert_exact(report, expected, 2025)
    ranks = report.frame[report.frame.measure == "rank"]
    assert sorted(set(ranks.out_of)) == [51, 75]
    # "Ba Đình", "Sơn Tây", "Ba Vì" were districts until mid-2025: the year and block decide.
    assert {"p_ba_dinh", "p_son_tay", "x_ba_vi"} <= set(report.frame.unit_id)


@pytest.mark.parametrize(
    ("text", "year", "unit_id"),
    [
        ("Yên Hòa", 2025, "p_yen_hoa"),  # stored as "Yên Hoà": tone placement does not matter
        ("PHƯỜNG YÊN HOÀ", 2025, "p_yen_hoa"),
        ("P. Yen Hoa", 2025, "p_yen_hoa"),
        ("UBND phường Ba Đình", 2025, "p_ba_dinh"),
        ("Ba Đình", 2025, "p_ba_dinh"),  # the units that exist at the end of 2025
        ("Ba Đình", 2023, "ba_dinh"),  # the year decides
        ("Q. Ba Đình", 2025, "ba_dinh"),  # the prefix decides
        ("X. Ba Vì", 2025, "x_ba_vi"),
        ("H. Ba Vì", 2024, "ba_vi"),
        ("TX Sơn Tây", 2020, "son_tay"),
    ],
)
def test_names_match_whatever_the_tone_placement_case_or_prefix(text, year, unit_id) -> None:
    assert match_unit(text, UNITS, year).unit_id == unit_id


def test_a_name_close_to_two_units_is_an_error_naming_both() -> None:
    units = pd.DataFrame(
        {
            "unit_id": ["p_a", "x_a"],
            "name_vi": ["Thanh Xuân", "Thanh Xuân"],
            "name_en": ["", ""],
            "unit_type": ["phường", "xã"],
            "level": ["commune", "commune"],
            "valid_from": ["2025-07-01", "2025-07-01"],
            "valid_to": ["", ""],
        }
    )
    data = "Đơn vị;Tổng điểm\nThanh Xuân;88,10\n".encode()
    report = check_upload(data, "t.csv", 2025, units, INDICATORS)
    [error] = report.errors
    assert error.row == 2
    assert "phường Thanh Xuân (p_a) or xã Thanh Xuân (x_a)" in error.message


@pytest.mark.parametrize(
    ("rows", "year", "where", "message"),
    [
        (
            "Ngọc Hà;88,10\n",
            2023,
            (2, None),
            "row 2: Ngọc Hà did not exist in 2023 (valid 2025-07-01 to now)",
        ),
        ("Phường Không Có;88,10\n", 2025, (2, None), "row 2: unknown unit 'Phường Không Có'"),
        (
            "Ba Vì;88,10\nHuyện Ba Vì;87,00\n",
            2023,
            (3, None),
            "row 3: Ba Vì appears twice (rows 2 and 3)",
        ),
    ],
    ids=["ward-of-2025-in-2023", "unknown-commune", "duplicate-unit"],
)
def test_refusals_name_the_row(rows: str, year: int, where, message: str) -> None:
    report = check_upload(f"Đơn vị;Tổng điểm\n{rows}".encode(), "t.csv", year, UNITS, INDICATORS)
    assert not report.ok and report.frame is None
    hits = [p for p in report.errors if p.message.startswith(message)]
    assert hits, [p.message for p in report.errors]
    assert (hits[0].row, hits[0].column) == where


# --------------------------------------------------------------------------- item 5


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_app_s_own_export_imports_back_with_every_figure_matching(built_con, fmt: str) -> None:
    from analysis.warehouse.export import label_dataset, to_csv_bytes, to_excel_bytes

    obs = built_con.execute("SELECT * FROM observations WHERE dataset = 'published'").df()
    frame = label_dataset(obs, "published")
    data = to_csv_bytes(frame) if fmt == "csv" else to_excel_bytes(frame)
    published = built_con.execute("SELECT * FROM published_figures").df()
    units = built_con.execute("SELECT * FROM units").df()
    report = check_upload(data, f"export.{fmt}", None, units, INDICATORS, published)
    assert report.ok, [p.message for p in report.errors][:5]
    assert len(report.preview) == len(obs)
    assert set(report.preview.status) == {"matches"}


def test_importing_the_app_s_export_into_the_seeds_writes_nothing_new(
    built_con, seeds_copy, tmp_path
) -> None:
    from analysis.ingest.importer import import_file
    from analysis.warehouse.export import label_dataset, to_csv_bytes

    obs = built_con.execute("SELECT * FROM observations WHERE dataset = 'published'").df()
    path = tmp_path / "par-index_published_observations.csv"
    path.write_bytes(to_csv_bytes(label_dataset(obs, "published")))
    report = import_file(path, None, seeds_copy, tmp_path / "d.duckdb")
    assert report.ok and report.seed_file == "" and not (seeds_copy / "imported").exists()
    assert "every figure of the export is already held; nothing written" in report.notes


def test_an_export_of_the_simulated_demo_panel_is_refused(built_con) -> None:
    from analysis.warehouse.export import label_dataset, to_csv_bytes

    obs = built_con.execute("SELECT * FROM observations WHERE dataset = 'demo' LIMIT 50").df()
    data = to_csv_bytes(label_dataset(obs, "demo"))
    report = check_upload(data, "demo.csv", None, UNITS, INDICATORS)
    assert not report.ok and report.frame is None
    assert "SIMULATED demo panel" in report.errors[0].message
    assert report.errors[0].row == 2


# --------------------------------------------------------------------------- property


def _mangle_name(name: str, unit_type: str, style: int) -> str:
    import unicodedata

    if style == 1:
        return name.upper()
    if style == 2:
        stripped = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
        return "".join(c for c in stripped if not unicodedata.combining(c))
    if style == 3:
        short = {"quận": "Q.", "huyện": "H.", "thị xã": "TX.", "phường": "P.", "xã": "X."}
        return f"{short.get(unit_type, '')} {name}"
    if style == 4:
        return f"UBND {unit_type} {name}"
    return name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    communes=st.booleans(),
    seed=st.integers(0, 10_000),
    drop_blocks=st.booleans(),
    keep=st.floats(0.3, 1.0),
    style=st.integers(0, 4),
    order=st.permutations(list(range(2, 15))),
    noise=st.sampled_from(["", "x", "?", "Trung bình"]),
)
def test_mangled_official_layouts_never_crash_nor_attach_a_figure_to_the_wrong_unit(
    communes, seed, drop_blocks, keep, style, order, noise
) -> None:
    year = 2025 if communes else 2022
    units = _valid(COMMUNES if communes else DISTRICTS, year)
    grid, expected = appendix_grid(units, year, seed=seed, prefix=False)
    rng = random.Random(seed)
    names = dict(zip(units.name_vi, zip(units.unit_id, units.unit_type, strict=True), strict=True))
    out = []
    for row in grid:
        if len(row) > 5 and row[1] in names:
            if rng.random() > keep:
                continue
            row = list(row)
            row[1] = _mangle_name(row[1], names[row[1]][1], style)
            if noise and rng.random() < 0.05:
                row[rng.randrange(2, len(row))] = noise
        elif drop_blocks and row[:1] in (["I"], ["II"]):
            continue
        if len(row) == 15:
            row = row[:2] + [row[i] for i in order]
        out.append(row)
    report = check_upload(csv_bytes(out), "m.csv", None, UNITS, INDICATORS)
    for p in report.errors:
        assert p.row is not None or p.column is not None or "m.csv" in p.message, p.message
    if not report.ok:
        return
    truth = {(k[0], k[1], k[2]): v for k, v in expected.items()}
    for r in report.frame.itertuples(index=False):
        key = (r.unit_id, r.indicator_id, r.measure)
        if r.measure == "rank" or key not in truth:
            continue  # ranks and out_of depend on the blocks kept; unknown keys are checked below
        assert r.value == pytest.approx(truth[key]), f"{key}: {r.value} ≠ {truth[key]}"
    assert set(report.frame.unit_id) <= set(units.unit_id)


def test_published_from_seeds_still_reads_the_merged_seeds() -> None:
    assert len(published_from_seeds(SEEDS_DIR)) > 0
