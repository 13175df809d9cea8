"""Tests for analysis.stats.periods."""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import pytest

from analysis.stats.periods import (
    DEFAULT_PERIODS,
    MethodPeriod,
    comparability_warning,
    period_of,
    periods_from_frame,
    span_warning,
)

P2024 = "2021–2025 framework with a bonus/penalty item (QĐ 3598/QĐ-UBND, 2024)"
SEEDS = Path(__file__).resolve().parents[3] / "seeds" / "method_periods.csv"


def test_default_periods():
    assert [(p.period_id, p.first_year, p.last_year) for p in DEFAULT_PERIODS] == [
        ("p2017", 2017, 2020),
        ("p2021", 2021, 2023),
        ("p2024", 2024, 2024),
        ("p2025", 2025, max(2025, datetime.date.today().year)),
    ]
    assert DEFAULT_PERIODS[0].name_en == "2017–2020 framework"
    assert DEFAULT_PERIODS[1].name_en == "2021–2025 framework (164 criteria)"
    assert DEFAULT_PERIODS[2].name_en == P2024
    assert DEFAULT_PERIODS[3].name_en == "2025 method for phường and xã (QĐ 5666/QĐ-UBND)"


@pytest.mark.parametrize(
    ("year", "period_id"),
    [
        (2016, None),
        (2017, "p2017"),
        (2020, "p2017"),
        (2021, "p2021"),
        (2023, "p2021"),
        (2024, "p2024"),
        (2025, "p2025"),
        (2011, None),
    ],
)
def test_period_of_boundaries(year, period_id):
    found = period_of(year)
    assert (found.period_id if found else None) == period_id


@pytest.mark.parametrize(
    ("a", "b", "names"),
    [
        (2020, 2021, ("2017–2020 framework", "2021–2025 framework (164 criteria)")),
        (
            2023,
            2024,
            (
                "2021–2025 framework (164 criteria)",
                P2024,
            ),
        ),
        (2019, 2024, ("2017–2020 framework", "bonus/penalty item")),
        (2024, 2025, (P2024, "2025 method for phường and xã")),
    ],
)
def test_comparability_warning_names_both_periods(a, b, names):
    text = comparability_warning(a, b)
    assert text is not None
    assert str(a) in text and str(b) in text
    assert all(name in text for name in names)
    # the order of the two years does not matter
    assert comparability_warning(b, a) == text


@pytest.mark.parametrize(("a", "b"), [(2021, 2023), (2017, 2020), (2022, 2022), (2024, 2024)])
def test_no_warning_within_one_period(a, b):
    assert comparability_warning(a, b) is None


def test_years_outside_known_periods_are_flagged():
    assert "outside the known method periods" in comparability_warning(2016, 2017)


def test_custom_periods_are_honoured():
    one = (MethodPeriod("all", 2000, 2030, "one framework", "một bộ"),)
    assert comparability_warning(2020, 2021, one) is None


def test_span_warning_counts_periods():
    text = span_warning([2019, 2020, 2021, 2024])
    assert text.startswith("The years 2019–2024 span 3 method periods")
    assert span_warning([2021]) is None and span_warning([]) is None


def test_periods_from_frame_reads_the_seed_table():
    periods = periods_from_frame(pd.read_csv(SEEDS))
    ids = [p.period_id for p in periods]
    assert ids[-4:] == ["p2017", "p2021", "p2024", "p2025"]
    assert {p.period_id: p for p in periods}["p2021"] == DEFAULT_PERIODS[1]
    # Every period the seeds hold is mirrored by DEFAULT_PERIODS (p2012 has no figures).
    assert set(periods) - set(DEFAULT_PERIODS) == {periods[0]} and periods[0].period_id == "p2012"


def test_the_period_in_use_runs_to_the_current_year():
    periods = periods_from_frame(pd.read_csv(SEEDS))
    assert periods[-1].period_id == "p2025"
    assert periods[-1].last_year == max(2025, datetime.date.today().year)


def test_periods_from_frame_rejects_overlaps_and_missing_columns():
    df = pd.DataFrame(
        {
            "period_id": ["a", "b"],
            "first_year": [2017, 2020],
            "last_year": [2020, 2023],
            "name_en": ["A", "B"],
            "name_vi": ["A", "B"],
        }
    )
    with pytest.raises(ValueError, match="overlap"):
        periods_from_frame(df)
    with pytest.raises(ValueError, match="lacks"):
        periods_from_frame(df.drop(columns="name_vi"))


def test_method_period_rejects_reversed_years():
    with pytest.raises(ValueError):
        MethodPeriod("x", 2024, 2020, "x", "x")
