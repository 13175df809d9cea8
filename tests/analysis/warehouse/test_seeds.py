"""Tests for analysis.warehouse.seeds: reading with file:line, the Python checks, and every seed rule."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.warehouse.build import validate
from analysis.warehouse.seeds import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    SEED_FILES,
    SeedError,
    SeedProblems,
    _read_csv,
    agree,
    parse_published_number,
    published_decimals,
    read_seeds,
    seeds_digest,
)
from tests.conftest import (
    SEED_CASE_PARAMS,
    SEEDS_DIR,
    SeedCase,
    append_line,
    error_reported,
)


# --- the real seeds -------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_seeds():
    return read_seeds(SEEDS_DIR)


def test_real_seeds_have_no_problems(real_seeds):
    assert real_seeds.errors == []


def test_real_seeds_have_30_district_level_units(real_seeds):
    districts = [u for u in real_seeds.tables["units.csv"] if u["level"] == "district"]
    assert len([u for u in districts if u["valid_to"] == "2025-06-30"]) == 30
    # Before the 2014 split, Từ Liêm was its own unit.
    assert [u["unit_id"] for u in districts if u["valid_to"] != "2025-06-30"] == ["tu_liem"]


def test_every_seed_file_and_metadata_is_hashed(real_seeds):
    assert set(real_seeds.hashes) == {*SEED_FILES, "metadata.toml"}
    for rel, digest in real_seeds.hashes.items():
        assert digest == hashlib.sha256((SEEDS_DIR / rel).read_bytes()).hexdigest()


def test_every_seed_file_has_a_metadata_entry(real_seeds):
    files = real_seeds.metadata["files"]
    for name in SEED_FILES:
        assert files[name]["title"] and files[name]["description"]


def test_records_carry_file_and_physical_line(real_seeds):
    rows = real_seeds.tables["observations.csv"]
    assert rows[0]["_file"] == "observations.csv" and rows[0]["_line"] == "2"
    lines = (SEEDS_DIR / "observations.csv").read_text(encoding="utf-8").split("\n")
    for row in rows:
        physical = lines[int(row["_line"]) - 1]
        assert physical.startswith(f"{row['unit_id']},{row['year']},{row['indicator_id']},")


def test_records_have_exactly_the_required_columns(real_seeds):
    for name, rows in real_seeds.tables.items():
        for row in rows:
            optional = OPTIONAL_COLUMNS.get(name, ())
            assert set(row) == {*REQUIRED_COLUMNS[name], *optional, "_file", "_line"}


# --- small functions -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "measure", "expected"),
    [
        ("94,01%", "score_pct", 94.01),
        ("tăng 1,26%", "delta_pct", 1.26),
        ("95.7 percent", "score_pct", 95.7),
        ("+2.7", "delta_pct", 2.7),
        ("-1,5", "delta_pct", -1.5),
        ("1.416", "count", 1416.0),
        ("10/30", "rank", 10.0),
        ("05", "count", 5.0),
        ("first", "rank", None),
        ("", "score_pct", None),
    ],
)
def test_parse_published_number(text, measure, expected):
    assert parse_published_number(text, measure) == expected


@pytest.mark.parametrize(
    ("value", "shown", "measure", "expected"),
    [
        ("94", "94 percent", "score_pct", 0),
        ("94.01", "94,01%", "score_pct", 2),
        ("98.5", "98,5%", "score_pct", 1),
        ("90.55", "", "score_pct", 2),
        ("1.0", "tăng 1,00%", "delta_pct", 2),
        ("10", "10/30", "rank", 0),
        ("1416", "1.416", "count", 0),
    ],
)
def test_published_decimals(value, shown, measure, expected):
    assert published_decimals(value, shown, measure) == expected


@pytest.mark.parametrize(
    ("a", "da", "b", "db", "expected"),
    [
        (94.0, 0, 94.01, 2, True),  # the Ba Đình and VietnamPlus block averages for 2023
        (94.01, 2, 94.0, 0, True),
        (94.0, 0, 94.5, 1, True),  # at 0 decimals 94.5 still rounds into [93.5, 94.5]
        (94.0, 0, 94.51, 2, False),
        (94.01, 2, 94.5, 1, False),
        (95.7, 1, 95.74, 2, True),
        (95.7, 1, 95.76, 2, False),
        (6.0, 0, 6.0, 0, True),
        (6.0, 0, 7.0, 0, False),
    ],
)
def test_agree_at_the_coarser_precision(a, da, b, db, expected):
    assert agree(a, da, b, db) is expected


def test_seed_error_prints_file_and_line():
    assert str(SeedError("observations.csv", 12, "unknown unit 'x'")) == (
        "seeds/observations.csv:12: unknown unit 'x'"
    )


def test_seed_problems_sorts_and_deduplicates():
    a = SeedError("units.csv", 3, "b")
    b = SeedError("observations.csv", 9, "a")
    exc = SeedProblems([a, b, a])
    assert exc.errors == [b, a]
    assert str(exc).splitlines() == [str(b), str(a)]


def test_seeds_digest_changes_with_any_seed_byte(seeds_copy):
    before = seeds_digest(seeds_copy)
    assert before == seeds_digest(SEEDS_DIR)
    path = seeds_copy / "metadata.toml"
    path.write_bytes(path.read_bytes() + b"\n")
    assert seeds_digest(seeds_copy) != before


# --- reading -------------------------------------------------------------------------------
def test_line_numbers_count_multi_line_records_and_blank_lines(seeds_copy):
    path = seeds_copy / "observations.csv"
    first = append_line(
        path, f'ba_dinh,2019,total,flag,1,x,,{"seed000_ba_dinh_2023"},loc,,"two\nlines"'
    )
    append_line(path, "")
    bad = append_line(path, "ba_dinh,2019")
    assert bad == first + 3
    seed = read_seeds(seeds_copy)
    assert [(e.file, e.line) for e in seed.errors] == [("observations.csv", bad)]
    assert "expected 11 to 12 fields, found 2" in seed.errors[0].message
    multi = [
        r for r in seed.tables["observations.csv"] if r["measure"] == "flag" and r["year"] == "2019"
    ]
    assert [r["_line"] for r in multi] == [str(first)]


def test_a_file_that_is_not_utf8_is_reported(seeds_copy):
    (seeds_copy / "sources.csv").write_bytes(b"source_id,title\n\xff\xfe\n")
    seed = read_seeds(seeds_copy)
    assert any(e.file == "sources.csv" and "not UTF-8" in e.message for e in seed.errors)


def test_an_empty_file_is_reported(seeds_copy):
    (seeds_copy / "initiatives.csv").write_text("", encoding="utf-8")
    seed = read_seeds(seeds_copy)
    assert error_reported(seed.errors, "initiatives.csv", 1, "file is empty")


def test_a_missing_file_is_reported(seeds_copy):
    (seeds_copy / "corrections.csv").unlink()
    with pytest.raises(SeedProblems) as info:
        validate(seeds_copy)
    assert error_reported(info.value.errors, "corrections.csv", 0, "file is missing")


def test_a_bom_at_the_start_of_a_file_is_accepted(seeds_copy):
    path = seeds_copy / "method_periods.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert read_seeds(seeds_copy).errors == []


# --- rules -------------------------------------------------------------------------------------
# Every rule in SEED_CASES (tests/conftest.py) is checked through build() in test_build.py
# (SeedProblems at file:line, previous database untouched) and through `validate` and `build`
# on the command line in test_cli.py (exit 1, file:line on stderr). Here: the Python checks alone.
PYTHON_RULES = (
    "sources-disagree",
    "value-not-as-published",
    "wrong-field-count",
    "missing-column",
    "file-missing-from-metadata",
    "correction-for-unknown-figure",
)


@pytest.mark.parametrize("case", [p for p in SEED_CASE_PARAMS if p.id in PYTHON_RULES])
def test_python_checks_report_file_line_and_reason(case: SeedCase, seeds_copy: Path):
    file, line = case.apply(seeds_copy)
    errors = read_seeds(seeds_copy).errors
    assert error_reported(errors, file, line, case.message), "\n".join(map(str, errors))


def test_every_rule_case_is_known():
    assert {p.id for p in SEED_CASE_PARAMS} >= set(PYTHON_RULES)


def test_a_rounded_second_source_that_agrees_is_accepted(seeds_copy):
    # 94 (0 decimals) agrees with 94,01 (2 decimals) at the coarser precision: already in the
    # seeds twice (Ba Đình report and VietnamPlus); a third source printing 94 is fine too.
    append_line(
        seeds_copy / "observations.csv",
        "district_block,2023,total,score_pct,94,94%,,dangcongsan_fr_2024_02_21,average 94%,,",
    )
    seed = validate(seeds_copy)
    rows = [
        r
        for r in seed.tables["observations.csv"]
        if (r["unit_id"], r["year"], r["indicator_id"], r["measure"])
        == ("district_block", "2023", "total", "score_pct")
    ]
    assert sorted(r["value"] for r in rows) == ["94", "94", "94.01"]


def test_a_correction_lets_a_value_differ_from_its_printed_form(real_seeds):
    # bac_tu_liem 2023 direction is printed "97.85%" in a comma-decimal text; corrections.csv
    # records it, so the value check accepts it.
    keys = {(c["table"], c["key"]) for c in real_seeds.tables["corrections.csv"]}
    assert ("observations", "bac_tu_liem|2023|direction|score_pct") in keys
    assert real_seeds.errors == []


def test_every_pair_of_sources_must_agree(seeds_copy):
    path = seeds_copy / "observations.csv"
    append_line(path, "dong_da,2022,total,score_pct,95,95 percent,,vietnamplus_2024_02_20,a,,")
    append_line(path, "dong_da,2022,total,score_pct,94.6,94.6 percent,,nld_2023_03_23,b,,")
    third = append_line(
        path, "dong_da,2022,total,score_pct,95.4,95.4 percent,,quochoitv_2023_03_23,c,,"
    )
    seed = read_seeds(seeds_copy)
    assert any(
        e.file == "observations.csv"
        and e.line in (third - 1, third)
        and "sources disagree on dong_da/2022/total/score_pct" in e.message
        for e in seed.errors
    ), seed.errors


# --- optional trailing columns (property test) ----------------------------------------------
# Any text a curator might type, with commas, quotes and line breaks; other control and
# line-separator characters are left out (the reader splits lines like str.splitlines).
_FIELD = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"),
        st.sampled_from([",", '"', "\n", " "]),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(
    fields=st.lists(_FIELD, min_size=11, max_size=11),
    confidence=st.one_of(st.none(), _FIELD),
)
def test_a_record_may_leave_out_the_optional_last_column(tmp_path_factory, fields, confidence):
    # Written with the csv module, so any text (commas, quotes, line breaks) round-trips.
    root = tmp_path_factory.mktemp("opt")
    header = [*REQUIRED_COLUMNS["observations.csv"], *OPTIONAL_COLUMNS["observations.csv"]]
    record = fields if confidence is None else [*fields, confidence]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, record])
    (root / "observations.csv").write_text(buf.getvalue(), encoding="utf-8")
    errors: list = []
    rows = _read_csv(root / "observations.csv", "observations.csv", errors)
    if not any(f.strip() for f in record):
        assert rows == [] and errors == []  # a blank record is skipped
        return
    assert errors == [] and len(rows) == 1
    row = rows[0]
    assert [row[c] for c in REQUIRED_COLUMNS["observations.csv"]] == [f.strip() for f in fields]
    assert row["confidence"] == ("" if confidence is None else confidence.strip())


@pytest.mark.parametrize("count", [10, 13])
def test_a_record_with_too_few_or_too_many_fields_names_its_line(tmp_path, count):
    header = [*REQUIRED_COLUMNS["observations.csv"], *OPTIONAL_COLUMNS["observations.csv"]]
    path = tmp_path / "observations.csv"
    path.write_text(",".join(header) + "\n" + ",".join(["x"] * count) + "\n", encoding="utf-8")
    errors: list = []
    assert _read_csv(path, "observations.csv", errors) == []
    assert [(e.line, e.message) for e in errors] == [
        (2, f"expected 11 to 12 fields, found {count}")
    ]


def test_an_optional_column_must_come_last(tmp_path):
    header = list(REQUIRED_COLUMNS["observations.csv"])
    header.insert(3, "confidence")
    path = tmp_path / "observations.csv"
    path.write_text(",".join(header) + "\n", encoding="utf-8")
    errors: list = []
    assert _read_csv(path, "observations.csv", errors) == []
    assert "must come last" in errors[0].message
