"""The import's real-browser test reuses the browser suite's fixtures (Playwright driving
Debian's Chromium against the live server, with axe and CSP checks on every page)."""

from tests.browser.conftest import (  # noqa: F401 (fixtures and the report hook, by name)
    browser,
    browsing,
    live_server,
    pytest_runtest_makereport,
)
