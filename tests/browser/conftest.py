"""Real-browser tests: Playwright (sync API) driving Debian's Chromium against live_server.

The browser is started once per test process and each test gets fresh browser contexts
(one per signed-in user), so cookies never leak between users or tests. The demo
organisation is put into the test database for every test that asks for it (`demo`),
because live_server runs on a transactional database that is emptied after each test.

Without /usr/bin/chromium the tests skip with a visible reason, unless
SECONDROUND_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

import os
import re
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer

# Playwright's sync API runs an event loop in the main thread; Django would otherwise refuse
# ORM calls from the test body. Only this directory's tests set it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("SECONDROUND_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "demo"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Timeouts in ms: pages render on the server, so a slow one is a bug, not a flake to wait out.
TIMEOUT = 15_000

# axe-core, vendored (npm install axe-core@4; MPL-2.0, see vendor/axe-LICENSE) so that the
# tests need no network. It runs on every page a test loads (see Browsing.new_page).
AXE_JS = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()
AXE_OPTIONS = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"
# After each page load (top frame only), run axe and report the violations to Python. A run
# still going when the test moves on is lost; the teardown checks every open page again.
AXE_ON_LOAD = (
    AXE_JS
    + """
;window.addEventListener("load", function () {
  if (window.top !== window) return;
  window.__axeDone = axe.run(document, OPTIONS).then(function (result) {
    return window.__reportAxe(location.pathname, __axeSummary(result.violations));
  }).catch(function () {});
});
window.__axeSummary = function (violations) {
  return violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); })};
  });
};
""".replace("OPTIONS", AXE_OPTIONS)
)


def _browser_missing(reason: str):
    if os.environ.get("SECONDROUND_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (SECONDROUND_REQUIRE_BROWSER=1, so this is a failure)")
    pytest.skip(f"{reason}; install it with `make browser` to run the browser tests")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        _browser_missing(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_missing("the playwright package is not installed")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OneAtATimeWSGIServer(ThreadedWSGIServer):
    """Django's live server, with one request at a time running the application.

    The stock live server answers each connection in its own thread, and with SQLite's
    in-memory test database every thread shares one database connection: two overlapping
    requests (an htmx autosave racing the next one) then fail with "database table is
    locked". A fully serial server is no answer either: Chromium opens spare connections
    before it needs them, and a serial server blocks on such an idle socket while the real
    requests wait. So threads still read requests, and a lock lets one at a time through
    the application, response body and close (where Django's request_finished runs)
    included. A person clicks one thing at a time, so the tests lose nothing by it.
    """

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    if hasattr(response, "close"):
                        response.close()

        super().set_app(one_at_a_time)


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live server (same interface, same per-test transactional database),
    running one request at a time; see OneAtATimeWSGIServer. It depends on the test database
    so that it stops, closing its connections, before that database is dropped."""
    from pytest_django.live_server_helper import LiveServer

    addr = request.config.getvalue("liveserver") or os.getenv(
        "DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.server_class = OneAtATimeWSGIServer
    server.start()
    yield server
    server.stop()


# The demo organisation as serialized rows, and the row count of each model, kept per test
# process after the first seeding.
_seeded: dict = {}


def _seeded_models():
    """The models the demo seed writes (the project's apps, and users), in an order that
    saves each row after the rows it points to."""
    from django.apps import apps
    from django.core import serializers

    project = [a for a in apps.get_app_configs() if a.name.startswith("secondround.")]
    auth = apps.get_app_config("auth")
    ordered = serializers.sort_dependencies([(a, None) for a in project] + [(auth, None)])
    user = apps.get_model("auth", "User")
    concrete = [m for m in ordered if not m._meta.proxy and m._meta.managed]
    return [m for m in concrete if m._meta.app_config in project or m is user]


def _row_counts(models) -> dict[str, int]:
    """Rows per table, many-to-many links (panels, interviewers) included."""
    links = [f.remote_field.through for m in models for f in m._meta.local_many_to_many]
    tables = list(models) + links
    return {t._meta.label: t._base_manager.count() for t in tables}


@pytest.fixture
def demo(transactional_db):
    """The demo organisation ("Acme Robotics") in the test database.

    live_server's transactional database is emptied after every test, so each test needs
    the demo again. The first test in a process seeds it through the real seed_demo(); the
    rows are then kept as JSON and later tests reload them, which takes a fraction of the
    time. Primary keys are kept, and new rows still get fresh ones (sequences only grow).
    """
    from django.core import serializers
    from django.db import transaction

    from secondround.accounts.models import Organisation
    from secondround.demo.seed import seed_demo

    if "json" not in _seeded:
        organisation, created = seed_demo(verbosity=0)
        assert created, "the test database already held a demo organisation"
        models = _seeded_models()
        rows = (row for model in models for row in model._base_manager.order_by("pk"))
        _seeded["json"] = serializers.serialize("json", rows)
        _seeded["counts"] = _row_counts(models)
        return organisation
    with transaction.atomic():
        for row in serializers.deserialize("json", _seeded["json"]):
            row.save()
    assert _row_counts(_seeded_models()) == _seeded["counts"], "the reloaded demo differs"
    return Organisation.objects.get(slug="acme-robotics")


class Browsing:
    """Opens signed-in pages for demo users, and checks every page it loads."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.page_errors: list[str] = []
        self.axe_violations: dict[str, list] = {}  # path -> violations found there
        self.axe_checked: set[str] = set()  # paths axe has run on

    def report_axe(self, path: str, violations: list) -> None:
        self.axe_checked.add(path)
        if violations:
            self.axe_violations.setdefault(path, violations)

    def new_page(self, viewport=DESKTOP):
        context = self.browser.new_context(viewport=viewport, base_url=self.base_url)
        context.set_default_timeout(TIMEOUT)
        context.expose_function("__reportAxe", self.report_axe)
        context.add_init_script(script=AXE_ON_LOAD)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        # Anything the Content-Security-Policy refused (an inline script or style, a
        # resource from elsewhere) fails the test, on every page the browser tests load.
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and self.page_errors.append(f"{page.url}: {message.text}")
            ),
        )
        # htmx leaves the page as it was when a request fails: record server errors here,
        # or a failed autosave would show up only as a missing "Saved".
        page.on(
            "response",
            lambda r: r.status >= 500 and self.page_errors.append(f"{r.status} from {r.url}"),
        )
        return page

    def login(self, email: str, viewport=DESKTOP):
        """A new browser context signed in as `email` through the real login form."""
        page = self.new_page(viewport)
        page.goto("/accounts/login/")
        page.fill("input[name=username]", email)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("form[action$='/accounts/login/'] button[type=submit]")
        assert "/accounts/login/" not in page.url, f"could not sign in as {email}"
        return page

    def check_open_pages(self):
        """Run axe once more on each page still open (its last state, after any htmx swap)."""
        for context in self.contexts:
            for page in context.pages:
                if page.url.startswith("http"):
                    path = page.evaluate("location.pathname")
                    self.report_axe(path, axe_violations(page))

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, live_server, request):
    for stale in SCREENSHOTS.glob(f"FAILED-{request.node.name}-*.png"):
        stale.unlink()
    session = Browsing(browser, live_server.url)
    yield session
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        # Keep what each open page showed when the test failed.
        for i, context in enumerate(session.contexts):
            for j, page in enumerate(context.pages):
                shot(page, f"FAILED-{request.node.name}-{i}-{j}")
    if failed is None or not failed.failed:
        session.check_open_pages()
    session.close()
    assert not session.page_errors, f"JavaScript or server errors: {session.page_errors}"
    assert not session.axe_violations, f"Accessibility (axe) violations: {session.axe_violations}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def goto(page, path: str, status: int = 200):
    """Load a page and insist on its HTTP status, so that a 500 never passes as a page."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    return response


def axe_violations(page) -> list:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now (axe is loaded on every
    page of a Browsing context), each as {id, impact, help, nodes}."""
    return page.evaluate(
        "async () => { await (window.__axeDone || Promise.resolve());"
        f" return __axeSummary((await axe.run(document, {AXE_OPTIONS})).violations); }}"
    )


def shot(page, name: str) -> Path:
    """A full-page screenshot kept as a test artefact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")
