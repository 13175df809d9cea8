"""The page fixtures (a built database, the app on a page) for the benchmark's own tests."""

from tests.pages.conftest import app, page_db  # noqa: F401
