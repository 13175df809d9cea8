"""The settings that keep the app quiet offline and its only downloads the labelled ones."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_the_server_does_not_look_up_its_external_address_or_send_statistics():
    browser = _config()["browser"]
    # Streamlit asks checkip.amazonaws.com at start unless browser.serverAddress is set by hand.
    assert browser["serverAddress"] == "localhost"
    assert browser["gatherUsageStats"] is False


def test_tables_have_no_built_in_export():
    assert _config()["client"]["disableDataExport"] is True


def test_the_tab_icon_is_a_local_file_not_a_font_icon():
    router = (ROOT / "streamlit_app.py").read_text(encoding="utf-8")
    assert 'page_icon=":material' not in router
    icon = ROOT / "static" / "favicon.png"
    assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
