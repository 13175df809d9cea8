"""The blank template the upload page offers reads back through the importer."""

from __future__ import annotations

import io

import pandas as pd

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
