"""Take screenshots of app pages in headless Chromium (for people to look at).

Usage: python tools/screens.py BASE_URL OUTDIR path[?query] [path ...]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]


def _settle(page, quiet_ms: int = 1500, timeout_ms: int = 60000) -> None:
    """Wait until the app has been idle (no running script, no skeletons) for ``quiet_ms``."""
    busy = (
        "() => !!(document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || document.querySelector('[data-testid=\"stSkeleton\"]'))"
    )
    quiet = 0
    waited = 0
    while waited < timeout_ms and quiet < quiet_ms:
        page.wait_for_timeout(250)
        waited += 250
        quiet = 0 if page.evaluate(busy) else quiet + 250


def main() -> None:
    base, out, *paths = sys.argv[1:]
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(
            viewport={
                "width": 1400,
                "height": int(__import__("os").environ.get("SHOT_HEIGHT", "3200")),
            }
        )
        for path in paths:
            page.goto(base + path)
            page.wait_for_selector("[data-testid='stApp']", timeout=30000)
            page.wait_for_timeout(1500)
            try:
                page.wait_for_function(
                    "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=20000
                )
            except Exception:
                pass
            page.wait_for_timeout(2500)
            name = path.strip("/").replace("?", "_").replace("&", "_").replace("=", "-") or "root"
            page.screenshot(path=f"{out}/{name}.png", full_page=True)
            errs = page.locator("[data-testid='stException']").count()
            print(name, "exceptions:", errs)
        browser.close()


if __name__ == "__main__":
    main()
