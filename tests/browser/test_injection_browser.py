"""Markdown and HTML in files never reach the browser as markup (issue 16, item 6).

A real server and headless Chromium: a table uploaded with Markdown images, links and HTML in
its cells, and a source imported with such a title and an address containing ")", shown on
the profile page to every visitor. No request may leave for the addresses in them, and the
texts must appear literally.
"""

from __future__ import annotations

import http.server
import importlib
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from tests.browser.test_app_browser import ARGS, CHROMIUM, ROOT, _free_port, _settle

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
fx = importlib.import_module("tests.fixtures.import.make_fixtures")


class _Trap(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server name
        _Trap.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def trap():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trap)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def app(tmp_path_factory, trap):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (Debian package 'chromium')")
    pytest.importorskip("playwright.sync_api")
    from analysis.ingest.importer import import_file
    from analysis.paths import SEEDS_DIR

    work = tmp_path_factory.mktemp("inject")
    seeds = shutil.copytree(SEEDS_DIR, work / "seeds")
    db = work / "par_index.duckdb"
    table = work / "t.csv"
    table.write_bytes(fx.render_csv(fx.grid(fx.clean_table(2018), fx.Style(header_rows=1))))
    report = import_file(
        table,
        2018,
        seeds,
        db,
        source_title=f"Report ![t]({trap}/title.png) <img src={trap}/html.png> **b** )",
        source_url=f"https://example.org/a)![u]({trap}/url.png)",
    )
    assert report.ok, [p.message for p in report.problems]
    port = _free_port()
    env = dict(os.environ, PAR_DB=str(db), PAR_SEEDS=str(seeds))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
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
        pytest.fail("the streamlit server did not start")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield url, browser
        browser.close()
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _watch(page, trap: str) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.url.startswith(trap) else None)
    return sent


def test_an_imported_source_title_and_address_stay_text_on_the_profile_page(app, trap):
    url, browser = app
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sent = _watch(page, trap)
    page.goto(f"{url}/profile?unit=ba_vi&lang=en")
    _settle(page)
    page.wait_for_selector("text=Imported by user", timeout=60000)  # the sources, at the end
    page.wait_for_timeout(1500)
    body = page.inner_text("body").replace("\u2060", "")  # word joiners after schemes
    assert page.locator("[data-testid='stException']").count() == 0
    at = body.find("Report")
    assert "![t](" in body and "<img src=" in body, body[at - 200 : at + 600]  # shown literally
    main = page.locator("[data-testid='stMain']")
    assert main.locator(f"img[src^='{trap}']").count() == 0
    assert main.locator("a[href*=')']").count() == 0
    assert not sent and not _Trap.hits, (sent, _Trap.hits)
    page.close()


def test_an_uploaded_table_with_markdown_in_its_cells_stays_text(app, trap, tmp_path):
    url, browser = app
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sent = _watch(page, trap)
    page.goto(f"{url}/upload?lang=en&up_year=2024")  # the file says no year
    _settle(page)
    cell = f"![p]({trap}/cell.png) [l]({trap}/link) <b>x</b> :red[c]"
    upload = tmp_path / "![s](x).csv"
    upload.write_text(f"Đơn vị;Tổng điểm\n{cell};90,00\nBa Vì;80,00\n", encoding="utf-8")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
    page.wait_for_selector("[data-testid='stAlert']", timeout=60000)
    _settle(page)
    page.wait_for_timeout(1500)
    body = page.inner_text("body").replace("\u2060", "")  # word joiners after schemes
    assert page.locator("[data-testid='stException']").count() == 0
    assert f"![p]({trap}/cell.png)" in body, body[-3000:]
    assert page.locator(f"img[src^='{trap}']").count() == 0
    links = page.locator(f"a[href^='{trap}']")
    where = [
        links.nth(i).evaluate(
            "e => { let n = e; while (n && !n.dataset.testid) n = n.parentElement;"
            " return (n ? n.dataset.testid : '?') + ': ' + e.parentElement.outerHTML.slice(0, 300) }"
        )
        for i in range(links.count())
    ]
    assert not where, where
    assert not sent and not _Trap.hits, (sent, _Trap.hits)
    page.close()
