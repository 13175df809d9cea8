"""The app as a person meets it: a real server, headless Chromium, clicks and a download."""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
PAGES = ["", "rankings", "components", "change", "profile", "whatif", "data", "upload"]
NAV_VI = [
    "Tổng quan",
    "Xếp hạng & xu hướng",
    "Chỉ số thành phần",
    "Biến động",
    "Hồ sơ đơn vị",
    "Mô phỏng mục tiêu",
    "Dữ liệu & nguồn",
]

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Chromium is not installed (Debian package 'chromium'); .ci/run installs it as root"
        )
    pytest.importorskip("playwright.sync_api")
    from analysis.warehouse.build import build

    db = build(tmp_path_factory.mktemp("browserdb") / "par_index.duckdb")
    port = _free_port()
    workspaces = tmp_path_factory.mktemp("workspaces")
    env = dict(os.environ, PAR_DB=str(db), PAR_WORKSPACES=str(workspaces))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "streamlit_app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail(
            "the streamlit server did not start: "
            + proc.stdout.read().decode(errors="replace")[-2000:]
        )
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _settle(page) -> None:
    page.wait_for_selector("[data-testid='stApp']", timeout=30000)
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=45000)
    page.wait_for_timeout(800)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=45000
    )
    page.wait_for_timeout(500)


@pytest.mark.parametrize("dataset", ["published", "demo"])
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_error(browser, server, path, dataset, lang, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/{path}?dataset={dataset}&lang={lang}")
    _settle(page)
    assert page.locator("[data-testid='stException']").count() == 0, page.inner_text("body")[:2000]
    assert page.locator("h1").count() >= 1
    if dataset == "demo":
        body = page.inner_text("body")
        assert ("MÔ PHỎNG" in body) if lang == "vi" else ("SIMULATED" in body)
    page.close()


def test_downloaded_csv_is_labelled_formula_safe_and_readable(browser, server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{server}/data?dataset=demo&level=district&years=2019-2024")
    _settle(page)
    with page.expect_download(timeout=30000) as info:
        page.get_by_role("button", name="Tải CSV").first.click()
    download = info.value
    assert "SIMULATED-demo" in download.suggested_filename and download.suggested_filename.endswith(
        ".csv"
    )
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM so Excel shows Vietnamese
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[0] == "data_status"
    assert len(body) == 3240  # 30 units × 6 years × 9 indicators × (score, rank)
    assert all(r[0].startswith("SIMULATED") for r in body)
    assert not any(cell.startswith(("=", "+", "@")) for r in body for cell in r)
    page.close()


def test_messy_upload_is_analysed_on_every_page(browser, server, tmp_path):
    from tests.pages.test_upload import MESSY

    table = tmp_path / "phu_luc_2023.csv"
    table.write_bytes(MESSY)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/upload")
    _settle(page)
    # The title says "NĂM 2023": the year picker stays on "from the file".
    page.locator("input[type='file']").set_input_files(str(table))
    page.wait_for_selector("text=Đọc được 12 con số", timeout=60000)
    page.get_by_role("button", name="Phân tích bảng này trên mọi trang").click()
    page.wait_for_function("() => location.search.includes('dataset=upload')", timeout=30000)
    # The upload lives in this browser session: move with the navigation, not by reloading.
    for name in NAV_VI:
        page.locator("[data-testid='stSidebarNav']").get_by_text(name, exact=True).click()
        page.wait_for_timeout(500)
        _settle(page)
        body = page.inner_text("body")
        assert page.locator("[data-testid='stException']").count() == 0, (name, body[:1500])
        assert "Bảng do bạn nhập" in body, name
    page.close()
