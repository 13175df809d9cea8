"""The one-page PDF read back through its text layer (pypdf): names, figures, sources, labels."""

from __future__ import annotations

import logging
import re
import unicodedata

import pandas as pd
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from analysis.reports.pdf import ReportError, render, unit_page, unit_report_pdf
from analysis.reports.pdf import texts as tx
from analysis.reports.pdf.layout import FONT_BOLD, FONT_REGULAR
from analysis.warehouse.store import Store


def _read(data: bytes) -> tuple[int, str]:
    import io

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), unicodedata.normalize("NFC", text)


def _squeezed(text: str) -> str:
    """Without white space: a URL or title wrapped over two lines reads as one again."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def reports(store) -> dict[tuple[str, str, str], tuple[int, str]]:
    """The reports the tests read, each rendered once: (unit, dataset, lang) → (pages, text)."""
    cases = [
        ("bac_tu_liem", 2023, "published", "vi"),
        ("bac_tu_liem", 2023, "published", "en"),
        ("ung_hoa", 2023, "demo", "vi"),
        ("ung_hoa", 2023, "demo", "en"),
        ("son_tay", 2024, "demo", "vi"),
        ("p_hong_ha", 2025, "demo", "vi"),
        ("p_hong_ha", 2025, "demo", "en"),
    ]
    return {(u, d, lang): _read(unit_report_pdf(store, u, y, d, lang)) for u, y, d, lang in cases}


@pytest.mark.parametrize(
    ("unit", "dataset", "lang"),
    [
        ("bac_tu_liem", "published", "vi"),
        ("bac_tu_liem", "published", "en"),
        ("ung_hoa", "demo", "vi"),
        ("ung_hoa", "demo", "en"),
        ("son_tay", "demo", "vi"),
        ("p_hong_ha", "demo", "vi"),
        ("p_hong_ha", "demo", "en"),
    ],
)
def test_every_report_fits_on_one_page(reports, unit, dataset, lang):
    pages, _ = reports[(unit, dataset, lang)]
    assert pages == 1


def test_published_report_names_the_unit_with_diacritics_and_vietnamese_numbers(reports):
    _, text = reports[("bac_tu_liem", "published", "vi")]
    assert "Báo cáo một trang" in text
    assert "Quận Bắc Từ Liêm" in text
    # the published total, rank, the derived 2022 total and the change (seeds/observations.csv)
    for figure in ("94,27%", "10/30", "93,63%", "+0,64 điểm", "97,85", "91,25", "96,38"):
        assert figure in text
    assert "94.27" not in text and "97.85" not in text


def test_english_report_uses_decimal_points_and_keeps_the_vietnamese_name(reports):
    _, text = reports[("bac_tu_liem", "published", "en")]
    assert "Bắc Từ Liêm (urban district)" in text and "One-page report" in text
    assert "94.27%" in text and "+0.64 points" in text
    assert "94,27" not in text


def test_published_report_lists_every_source_of_the_units_figures(reports, store):
    _, text = reports[("bac_tu_liem", "published", "vi")]
    flat = _squeezed(text)
    own = store.unit_sources("bac_tu_liem", "published")
    assert not own.empty
    for row in own.drop_duplicates("source_id").itertuples():
        assert _squeezed(row.title) in flat, row.source_id
        assert _squeezed(row.url) in flat, row.source_id
        assert _squeezed(row.publisher) in flat, row.source_id
    # the published block average 94,01 % of 2023 is shown, so its source is cited too
    block = store.block_averages("published")
    src = block[(block.year == 2023) & (block.indicator_id == "total")].source_id.iloc[0]
    url = store.sources().set_index("source_id").at[src, "url"]
    assert "94,01" in text and _squeezed(url) in flat


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_published_report_says_nothing_of_simulation(reports, lang):
    _, text = reports[("bac_tu_liem", "published", lang)]
    assert "MÔ PHỎNG" not in text.upper() and "SIMULATED" not in text.upper()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_demo_report_is_labelled_simulated_in_both_words(reports, lang):
    _, text = reports[("ung_hoa", "demo", lang)]
    assert "MÔ PHỎNG" in text and "SIMULATED" in text
    # banner, watermark and footer: the label is on the page more than once
    assert text.count("MÔ PHỎNG") + text.count("SIMULATED") >= 4


def test_demo_report_shows_the_panels_figures_and_cites_the_simulated_source(reports, store):
    _, text = reports[("ung_hoa", "demo", "vi")]
    panel = store.panel("demo", unit_ids=["ung_hoa"], years=(2022, 2023)).set_index(
        ["year", "indicator_id"]
    )
    total = panel.loc[(2023, "total")]
    assert f"{total.value:.2f}%".replace(".", ",") in text
    assert f"{int(total['rank'])}/30" in text
    before = panel.loc[(2022, "total"), "value"]
    assert f"+{total.value - before:.2f}".replace(".", ",") in text
    assert "Simulated demo panel" in text
    assert "Huyện Ứng Hòa" in text


def test_missing_figures_are_said_to_be_missing(reports):
    _, text = reports[("bac_tu_liem", "published", "vi")]
    assert "không có số liệu" in text
    # Bắc Từ Liêm 2023: no published organisation, public finance or procedures score
    flowing = " ".join(text.split())  # a note may wrap over two lines
    missing_line = flowing.split("Không có số liệu năm 2023:")[1].split(".")[0]
    assert "Tổ chức bộ máy" in missing_line and "Tài chính công" in missing_line
    assert "Không có thứ hạng năm 2022" in text or "không có thứ hạng năm 2022" in text
    assert "None" not in text and "nan" not in text.lower().split()


def test_change_across_method_periods_is_flagged(reports):
    _, text = reports[("son_tay", "demo", "vi")]
    assert "phương pháp khác nhau" in text
    assert "Sơn Tây là thị xã duy nhất" in text


def test_report_of_an_uploaded_unit_says_it_is_not_verified(store):
    upload = pd.DataFrame(
        {
            "unit_id": ["ba_vi", "ba_vi", "me_linh"],
            "year": [2023, 2023, 2023],
            "indicator_id": ["total", "total", "total"],
            "measure": ["score_pct", "rank", "score_pct"],
            "value": [91.5, 12.0, 90.25],
            "source_id": "upload",
            "locator": "row 2",
            "out_of": [None, 30, None],
        }
    )
    workspace = Store.with_upload(store, upload)
    try:
        pages, text = _read(unit_report_pdf(workspace, "ba_vi", 2023, "upload"))
    finally:
        workspace.close()
    assert pages == 1
    assert "Huyện Ba Vì" in text and "91,50%" in text and "12/30" in text
    assert "chưa được kiểm chứng" in text and "MÔ PHỎNG" not in text
    flowing = " ".join(text.split())
    assert "thứ hạng trong bảng tải lên" in flowing  # not called published ranks
    assert "upload (không có trong bảng nguồn của cơ sở dữ liệu)" in flowing
    assert "bảng mô phỏng" not in flowing


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_font_has_a_glyph_for_every_character_the_report_can_write(store, lang):
    # Every fixed text, every unit name and every source line of the database.
    chars = set("".join(tx.t(k, lang) for k in tx.TEXT))
    chars |= set("".join(store.units(None)["name_vi"]))
    sources = store.sources().fillna("")
    chars |= set("".join(sources["title"] + sources["publisher"] + sources["url"]))
    chars |= set("0123456789.,%+−±—→•…")
    for path in (FONT_REGULAR, FONT_BOLD):
        cmap = TTFont(path).getBestCmap()
        missing = sorted(c for c in chars if not c.isspace() and ord(c) not in cmap)
        assert not missing, f"{path.name} lacks {missing}"


def test_rendering_logs_no_missing_glyph(store, caplog):
    with caplog.at_level(logging.WARNING):
        render(unit_page(store, "ung_hoa", 2023, "demo"), "vi")
    assert not [r for r in caplog.records if "missing" in r.getMessage()]


def test_the_font_licence_travels_with_the_font():
    licence = FONT_REGULAR.parent / "DejaVuSans-LICENSE.txt"
    assert "Bitstream" in licence.read_text(encoding="utf-8")


def test_unknown_language_is_refused(store):
    with pytest.raises(ValueError, match="lang"):
        unit_report_pdf(store, "bac_tu_liem", 2023, "published", "fr")


def test_year_without_figures_is_refused_with_the_years_that_have_some(store):
    with pytest.raises(ReportError, match=r"no score or rank for 2019.*2022, 2023"):
        unit_report_pdf(store, "bac_tu_liem", 2019)


@pytest.mark.parametrize(
    ("lang", "said", "never"),
    [
        (
            "vi",
            ["5/51", "trong 51 phường", "so với khối phường", "đơn vị mới từ 1/7/2025"],
            ["/126", "/134", "thị trấn", "Ý nghĩa", "2024 và ý nghĩa"],
        ),
        (
            "en",
            ["5/51", "among the 51 wards", "against the block of wards", "new unit since"],
            ["/126", "/134", "townships", "What it means", "since 2024 and"],
        ),
    ],
)
def test_a_commune_is_reported_within_its_block_and_as_a_new_unit(reports, lang, said, never):
    # A phường of 2025 is ranked among the 51 phường; it did not exist in 2024.
    _, text = reports[("p_hong_ha", "demo", lang)]
    flat = " ".join(text.split())
    for words in said:
        assert words in flat, words
    for words in never:
        assert words not in flat, words
