"""The app on an office network without internet: every request outside this machine is
blocked, and every page still renders, with nothing failed and nothing asked of the outside.

The server is started as in test_app_browser.py; its own start must not reach out either
(browser.serverAddress is set, so Streamlit does not look up its external address).
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browser.test_app_browser import (  # noqa: F401 - fixtures
    CHROMIUM,
    PAGES,
    _settle,
    browser,
    server,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
_LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    return (parsed.hostname or "") in _LOCAL


@pytest.fixture
def offline_page(browser):  # noqa: F811 - the fixture imported above
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    failed: list[str] = []

    def route(r):
        if _is_local(r.request.url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort("internetdisconnected")

    page.route("**/*", route)
    page.on("requestfailed", lambda req: failed.append(f"{req.url} {req.failure}"))
    yield page, outside, failed
    page.close()


@pytest.mark.parametrize("dataset", ["published", "demo"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_offline_without_asking_the_outside(
    offline_page,
    server,  # noqa: F811
    path,
    dataset,
):
    page, outside, failed = offline_page
    page.goto(f"{server}/{path}?dataset={dataset}")
    _settle(page)
    page.wait_for_timeout(1000)  # late requests: fonts, icons, the map's boundaries
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").count() >= 1
    assert outside == [], f"requests outside this machine: {outside}"
    assert failed == [], f"failed requests: {failed}"


def test_the_tab_icon_is_served_by_the_app(offline_page, server):  # noqa: F811
    page, outside, _ = offline_page
    page.goto(f"{server}/")
    _settle(page)
    icon = page.evaluate("() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
    assert icon and all(_is_local(u) for u in icon), icon
    assert outside == []
