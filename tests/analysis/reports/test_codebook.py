"""The codebook: indicators, measures, periods, every view's columns from the build, citation."""

from __future__ import annotations

import io

import duckdb
import openpyxl
import pandas as pd
import pytest

from analysis.codes import SCORE_INDICATORS
from analysis.reports.codebook import (
    MEASURE_TEXT,
    _md_cell,
    codebook_csv,
    codebook_files,
    codebook_markdown,
    codebook_tables,
)
from analysis.warehouse.build import MEASURES


@pytest.fixture(scope="module")
def tables(store) -> dict[str, pd.DataFrame]:
    return codebook_tables(store)


def test_indicators_carry_both_names_parent_points_and_periods(tables, store):
    ind = tables["indicators"].set_index("indicator_id")
    source = store.indicators().set_index("indicator_id")
    for i in SCORE_INDICATORS:
        assert ind.at[i, "name_vi"] == source.at[i, "name_vi"]
        assert ind.at[i, "name_en"] == source.at[i, "name_en"]
    assert ind.at["institutions", "parent_id"] == "total"
    assert ind.at["institutions", "max_points"] == 8.0
    # the published totals span 2019–2024: three method periods
    assert ind.at["total", "method_periods"] == "p2017; p2021; p2024"
    published = store.observations("published", indicator_ids=["total"])
    years = "; ".join(str(y) for y in sorted(set(published["year"])))
    assert ind.at["total", "years_published"] == years


def test_every_measure_is_explained_in_both_languages(tables, store):
    measures = tables["measures"].set_index("measure")
    assert set(measures.index) == set(MEASURES) == set(MEASURE_TEXT)
    assert measures["meaning_vi"].notna().all() and measures["meaning_en"].notna().all()
    assert measures["published_figures"].sum() == len(store.observations("published"))


def test_every_column_of_every_public_view_is_described_from_the_build(tables, built_db):
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        catalogue = con.sql(
            """SELECT c.table_name AS view, c.column_name AS "column", c.comment
               FROM duckdb_columns() c JOIN duckdb_views() v
                 ON v.view_name = c.table_name AND v.database_name = c.database_name
               WHERE NOT v.internal"""
        ).df()
    finally:
        con.close()
    columns = tables["columns"].set_index(["view", "column"])
    assert len(columns) == len(catalogue)
    assert columns["description"].notna().all()
    for r in catalogue.dropna(subset=["comment"]).itertuples():
        assert columns.at[(r.view, r.column), "description"] == r.comment
        assert columns.at[(r.view, r.column), "described_in"] == r.view
    # a column without its own comment borrows the observations view's one, and says so
    borrowed = columns.loc[("published_figures", "value")]
    assert borrowed["described_in"] == "observations"


def test_views_name_the_files_they_are_published_in(tables):
    views = tables["views"].set_index("view")
    assert "observations.csv" in views.at["observations", "files_in_static_data"]
    assert "SIMULATED" in views.at["observations", "files_in_static_data"]
    assert views["description"].str.len().gt(10).all()


def test_citation_names_the_build(tables, store):
    about = dict(zip(tables["about"]["key"], tables["about"]["value"], strict=True))
    digest = store.build_info()["seeds_digest"]
    assert digest[:12] in about["cite_en"] and digest[:12] in about["cite_vi"]
    assert "source_id" in about["cite_en"]


def test_workbook_has_a_sheet_per_table_and_no_formula(store):
    files = codebook_files(store)
    book = openpyxl.load_workbook(io.BytesIO(files["codebook.xlsx"]))
    assert book.sheetnames == [
        "about",
        "indicators",
        "measures",
        "method_periods",
        "views",
        "columns",
    ]
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v.startswith("=") for v in row)
    indicators = pd.read_excel(io.BytesIO(files["codebook.xlsx"]), sheet_name="indicators")
    assert (
        "Cải cách thể chế"
        in indicators["name_vi"].iloc[
            indicators.index[indicators.indicator_id == "institutions"][0]
        ]
    )


def test_csv_variant_reads_back_with_every_section(tables):
    frame = pd.read_csv(io.BytesIO(codebook_csv(tables)), encoding="utf-8-sig")
    assert set(frame["sheet"]) == {"indicator", "measure", "method_period", "column", "about"}
    assert (frame["sheet"] == "column").sum() == len(tables["columns"])
    assert "observations.value" in set(frame["key"])


def test_markdown_variant_has_the_tables_and_escapes_pipes(tables):
    text = codebook_markdown(tables)
    assert text.startswith("# Codebook")
    assert "## How to cite" in text and "| total |" in text and "| score_pct |" in text
    assert _md_cell("a|b\nc") == "a\\|b c" and _md_cell(None) == "—"
