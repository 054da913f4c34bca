"""The browser rig of tests/browser (Chromium, live server, axe and CSP checks on every
page), for the two-factor browser test."""

from tests.browser.conftest import (  # noqa: F401
    browser,
    browsing,
    live_server,
    pytest_runtest_makereport,
)
