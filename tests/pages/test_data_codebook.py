"""AppTest of the data page's codebook downloads (in the method tab, made only when clicked)."""

from __future__ import annotations

import ui.data.codebook as codebook
from tests.pages.conftest import open_linked, texts

PAGE = "pages/data.py"


def test_codebook_buttons_appear_in_the_method_tab_and_build_nothing(app, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(codebook, "codebook_tables", lambda store: asked.append("x") or {})
    at = open_linked(PAGE)
    assert not [e for e in at.get("download_button") if "codebook" in e.proto.id]
    at.session_state["dt_tab"] = "Phương pháp & bản dựng"
    at.run()
    assert not at.exception
    buttons = [e for e in at.get("download_button") if "dt_codebook" in e.proto.id]
    assert [b.proto.label for b in buttons] == [
        "Sổ tay mã (Excel)",
        "Sổ tay mã (Markdown)",
        "Sổ tay mã (CSV)",
    ]
    assert all(b.proto.deferred_file_id for b in buttons)
    assert asked == []
    shown = texts(at)
    assert "Sổ tay mã (codebook)" in shown and "/app/static/data/observations.csv" in shown


def test_codebook_texts_exist_in_english():
    # (AppTest cannot switch this page to English: the sidebar's formatted options trip it.)
    from ui.data.texts import TEXT

    keys = [k for k in TEXT if k.startswith(("dt_codebook", "dt_static"))]
    assert len(keys) == 6
    assert all(TEXT[k][1] and TEXT[k][1] != TEXT[k][0] for k in keys)
