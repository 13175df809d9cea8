"""Tests for analysis.reports.json_table: the same text as json.dump of to_json_records."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.reports.json_table import dump_table
from analysis.reports.tables import to_json_records, trend_report, yoy_report

HEADER = {"title": "Trends 2019–2024 (demo)", "dataset": "demo", "simulated": True}


def _slow(header: dict, frame: pd.DataFrame) -> str:
    out = io.StringIO()
    json.dump({**header, "results": to_json_records(frame)}, out, ensure_ascii=False, indent=1)
    return out.getvalue()


def _fast(header: dict, frame: pd.DataFrame) -> str:
    out = io.StringIO()
    dump_table(header, frame, out)
    return out.getvalue()


_text = st.one_of(st.none(), st.text(max_size=12))  # quotes, control and non-ASCII characters
_float = st.floats(allow_nan=True, allow_infinity=True)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(_float, st.integers(-(2**40), 2**40), st.booleans(), _text), max_size=6),
    st.text(max_size=8),
)
def test_random_tables_are_written_as_json_dump_writes_them(rows, title):
    frame = pd.DataFrame(rows, columns=["x", "n", "flag", "note"])
    frame = frame.astype({"x": float, "n": "int64", "flag": bool, "note": object})
    assert _fast({"title": title}, frame) == _slow({"title": title}, frame)


def test_object_columns_with_numpy_scalars_and_missing_markers():
    frame = pd.DataFrame(
        {
            "mixed": pd.Series(
                [np.float64(1.5), np.int64(3), None, float("nan"), pd.NA, True, 'é"\n'],
                dtype=object,
            ),
            "nullable": pd.array([1, None, 3, 4, 5, 6, 7], dtype="Int64"),
            "text": pd.array(["a", None, "b", "c", "d", "e", "f"], dtype="str"),
            "small": np.array([1, 2, 3, 4, 5, 6, 7], dtype=np.float32) / 3,
        }
    )
    assert _fast(HEADER, frame) == _slow(HEADER, frame)


@pytest.mark.filterwarnings("ignore:DataFrame columns are not unique")
@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(),
        pd.DataFrame({"a": pd.Series([], dtype=float)}),
        pd.DataFrame(index=range(2)),
        pd.DataFrame([[1, 2]], columns=["a", "a"]),
    ],
)
def test_empty_and_degenerate_tables(frame):
    assert _fast(HEADER, frame) == _slow(HEADER, frame)


def test_report_tables_are_written_as_json_dump_writes_them():
    rng = np.random.default_rng(1)
    panel = pd.DataFrame(
        [
            {
                "unit_id": f"u{i}",
                "year": y,
                "indicator_id": ind,
                "value": round(float(rng.normal(80, 3)), 2),
            }
            for i in range(12)
            for y in range(2019, 2025)
            for ind in ("total", "procedures")
            if not (i == 3 and y == 2020)
        ]
    )
    for frame in (trend_report(panel, 2019, 2024), yoy_report(panel, 2022, 2023)):
        assert _fast(HEADER, frame) == _slow(HEADER, frame)
