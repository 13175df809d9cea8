"""Flows through the app in a browser, on a server of their own.

Each module gets its own server (the fixtures are module-scoped): after the page walk of
test_app_browser.py has opened 32 sessions, new sessions on that server were answered late
on a loaded 2-core machine, so these flows start from a fresh one.
"""

from __future__ import annotations

import time

import pytest

from tests.browser.test_app_browser import _settle, browser, server  # noqa: F401, F811

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

WS_2016 = "KẾT QUẢ CHỈ SỐ CCHC NĂM 2016\nĐơn vị;Tổng điểm;Xếp hạng\nBa Vì;80,10;1\nMỹ Đức;79,00;2\n"
WS_2017 = "Năm;Đơn vị;Tổng điểm;Xếp hạng\n2017;Ba Vì;81,20;1\n2017;Mỹ Đức;78,30;2\n"


def test_map_loads_its_boundaries_once_from_the_static_file(browser, server):
    # A context of its own: an earlier page's cached copy would fetch nothing.
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    geo = []
    page.on(
        "response",
        lambda r: geo.append(r) if r.url.endswith("/app/static/hanoi_districts.geojson") else None,
    )
    page.goto(f"{server}/?dataset=demo&level=district&years=2019-2024")
    _settle(page)
    deadline = time.time() + 60  # a loaded machine draws the map late
    while not geo and time.time() < deadline:
        page.wait_for_timeout(500)
    assert geo and geo[0].status == 200, [r.url for r in geo]
    features = geo[0].json()["features"]
    assert len(features) == 30
    # The map is drawn (a canvas or SVG inside the chart) and a rerun does not fetch it again.
    assert (
        page.locator(
            "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
        ).count()
        >= 1
    )
    fetched = len(geo)
    thumb = page.locator("[data-testid='stSidebar'] [data-testid='stSlider'] input[type=range]")
    thumb.first.focus()
    thumb.first.press("ArrowRight")
    _settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert all(r.status in (200, 304) for r in geo[fetched:])
    page.close()


def test_a_chart_table_is_built_when_its_expander_is_opened(browser, server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/?dataset=demo&level=district&years=2019-2024")
    _settle(page)
    page.wait_for_selector("text=Bảng số liệu của biểu đồ", timeout=90000)
    main = page.locator("[data-testid='stMain']")
    assert main.locator("[data-testid='stDataFrame']").count() == 0  # closed: nothing sent
    page.get_by_text("Bảng số liệu của biểu đồ").first.click()
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=30000)
    _settle(page)
    assert main.locator("[data-testid='stDataFrame']").count() == 1
    assert page.locator("[data-testid='stException']").count() == 0
    page.close()


def test_changing_a_filter_updates_the_page_and_the_url(browser, server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/?years=2019-2023")
    _settle(page)
    # Published: only two units have totals in both 2022 and 2023 (Hoàn Kiếm, Bắc Từ Liêm).
    assert "24/30" not in page.inner_text("[data-testid='stMain']")
    page.get_by_text("Bảng mô phỏng (demo)").click()
    page.wait_for_function("() => location.search.includes('dataset=demo')", timeout=90000)
    page.wait_for_selector("text=BẢNG MÔ PHỎNG", timeout=30000)
    _settle(page)
    assert "BẢNG MÔ PHỎNG" in page.inner_text("body")
    main = page.inner_text("[data-testid='stMain']")
    assert "94,01%" in main and "24/30" in main  # published block average and units improved 2023
    # The link restores the same view in a fresh page.
    other = browser.new_page()
    other.goto(page.url)
    _settle(other)
    assert "24/30" in other.inner_text("[data-testid='stMain']")
    page.close()
    other.close()


def test_two_files_saved_as_a_workspace_survive_a_reload_and_open_in_another_browser(
    browser, server, tmp_path
):
    files = []
    for name, text in (("pl_2016.csv", WS_2016), ("pl_2017.csv", WS_2017)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/upload")
    _settle(page)
    page.locator("input[type='file']").set_input_files(files)  # two files at once
    page.wait_for_selector("text=Đọc được 4 con số của 2 đơn vị cho năm 2016", timeout=60000)
    page.wait_for_selector("text=cho năm 2017", timeout=60000)
    page.get_by_role("button", name="Lưu 2 tệp thành không gian làm việc").click()
    page.wait_for_function("() => location.search.includes('ws=')", timeout=30000)
    _settle(page)
    link = page.url
    assert "dataset=workspace" in link

    def ranking_text(p) -> str:
        p.locator("[data-testid='stSidebarNav']").get_by_text(
            "Xếp hạng & xu hướng", exact=True
        ).click()
        p.wait_for_timeout(500)
        _settle(p)
        # The ranking's title names the workspace's last year (it is near the top: elements
        # far below the first screen may not be drawn yet on a loaded machine).
        p.wait_for_selector("text=Bảng xếp hạng năm 2017", timeout=90000)
        body = p.inner_text("body")
        assert p.locator("[data-testid='stException']").count() == 0, body[:1500]
        return body

    # Tables are drawn on a canvas: the workspace shows in its banner and its years.
    first = ranking_text(page)
    assert "Không gian làm việc" in first
    page.reload()
    _settle(page)
    assert "Không gian làm việc" in ranking_text(page)
    # The same link in another browser context (another person) shows the same figures.
    other = browser.new_context().new_page()
    other.goto(link)
    _settle(other)
    second = ranking_text(other)
    assert "Không gian làm việc" in second
    # A session without the link sees nothing of it.
    stranger = browser.new_context().new_page()
    stranger.goto(f"{server}/rankings")
    _settle(stranger)
    assert "Không gian làm việc" not in stranger.inner_text("body")
    for p in (page, other, stranger):
        p.close()
