"""The blank template the upload page offers reads back through the importer."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analysis.ingest.importer import check_upload, reference_frames
from ui.upload.session import template_csv


def test_template_lists_the_30_units_and_reads_back_once_filled_in():
    units, indicators = reference_frames()
    raw = template_csv(units)
    assert raw.startswith("\ufeff".encode())  # Excel opens the Vietnamese headers as UTF-8
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str)
    assert len(frame) == 30 and frame["Đơn vị"].is_unique
    frame.loc[frame["Đơn vị"] == "Quận Ba Đình", "Chỉ số CCHC (%)"] = "93,53"
    filled = frame.to_csv(index=False).encode("utf-8-sig")
    report = check_upload(filled, "template.csv", 2023, units, indicators)
    assert report.ok, report.problems
    assert report.frame[["unit_id", "indicator_id", "value"]].values.tolist() == [
        ["ba_dinh", "total", 93.53]
    ]


def _check_uploads():
    import streamlit as st

    from ui.upload import session

    for i in range(int(st.session_state.get("n", 0))):
        data = f"Đơn vị;Tổng điểm\nBa Vì;{60 + i},00\n".encode()
        session.checked(data, f"t{i}.csv", 2018)
    kept = st.session_state.get("_upload_reports", {})
    st.write(f"{len(kept)} reports, {sum(size for _, size in kept.values())} bytes")


def test_upload_reports_are_kept_per_session_within_a_byte_budget(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from ui.upload import session

    one = session.report_bytes(
        check_upload(
            "Đơn vị;Tổng điểm\nBa Vì;60,00\n".encode(), "t0.csv", 2018, *reference_frames()
        )
    )
    monkeypatch.setattr(session, "REPORT_BUDGET_BYTES", int(one * 2.5))
    at = AppTest.from_function(_check_uploads, default_timeout=120)
    at.session_state["n"] = 6
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    count, size = at.markdown[0].value.split(" reports, ")
    assert int(count) == 2 and int(size.split()[0]) <= one * 2.5
    # Another session starts with none of them (they are freed with the session that made them).
    other = AppTest.from_function(_check_uploads, default_timeout=60)
    other.run()
    assert other.markdown[0].value == "0 reports, 0 bytes"


def test_a_hostile_upload_is_answered_with_a_message_by_the_worker():
    from analysis.ingest.sandbox import check_upload_isolated

    units, indicators = reference_frames()
    data = ('"a"' + ';"' * 9000 + "\n").encode()  # defeats a regex delimiter sniffer
    report = check_upload_isolated(data, "t.csv", 2018, units, indicators, timeout_s=10)
    assert report.unreadable and "no header row" in report.problems[0].message


def test_a_problem_line_adds_its_place_only_where_the_message_leaves_it_out(monkeypatch):
    from analysis.ingest.reader import Problem
    from ui import i18n
    from ui.upload import session

    monkeypatch.setattr(i18n, "lang", lambda: "en")
    named = Problem(3, "Tổng điểm", "row 3, column 'Tổng điểm': 104,2 is outside 0–100")
    silent = Problem(7, "Xếp hạng", "a rank is missing")
    nowhere = Problem(None, None, "2 of the 30 units are in the table")
    lines = session.problem_lines([named, silent, nowhere]).replace("\\", "").splitlines()
    assert lines[0] == "- row 3, column 'Tổng điểm': 104,2 is outside 0–100"
    assert lines[1] == "- row 7, column “Xếp hạng”: a rank is missing"
    assert lines[2] == "- 2 of the 30 units are in the table"


@pytest.mark.parametrize(
    ("lang", "measures", "status"),
    [
        ("vi", ["điểm (%)", "thứ hạng", "odd"], "khớp số đã công bố"),
        ("en", ["score (%)", "rank", "odd"], "matches the published figure"),
    ],
)
def test_the_preview_says_measures_and_statuses_in_words(monkeypatch, lang, measures, status):
    from ui import i18n
    from ui.upload import session

    monkeypatch.setattr(i18n, "lang", lambda: lang)
    preview = pd.DataFrame(
        {"measure": ["score_pct", "rank", "odd"], "status": ["matches", "new", "other"]}
    )
    shown = session.preview_view(preview)
    assert shown["measure"].tolist() == measures
    assert shown["status"].iloc[0] == status and shown["status"].iloc[2] == "other"
