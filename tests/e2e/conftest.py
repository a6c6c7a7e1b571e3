"""Browser tests: Playwright drives Debian's Chromium (headless) against pytest-django's live server.

Every page a test visits is checked with axe-core, injected by the test; a serious or critical violation
fails the test. The Content-Security-Policy stays on: a page that breaks it (an inline script, a style
attribute) fails too, so these tests also prove that the pages work under the real policy.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page, Request, Response, expect

# Playwright's sync API keeps an event loop running in this thread; without this every later ORM call in the
# session raises SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_VERSION = "4.14.1"
AXE_PATH = Path(__file__).parent / ".vendor" / f"axe-{AXE_VERSION}.min.js"
BLOCKING_IMPACTS = ("critical", "serious")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's Chromium is needed for the browser tests: apt-get install -y chromium")
    return {**browser_type_launch_args, "executable_path": executable, "headless": True, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # The browser asks for English, as many do; Verbinder must still answer in Dutch.
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/Amsterdam", "accept_downloads": True}


@pytest.fixture(scope="session", autouse=True)
def _dutch_catalogue_compiled() -> None:
    """The tests find elements by their Dutch names: compile the catalogue when it is missing or stale."""
    catalogue = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    compiled = catalogue.with_suffix(".mo")
    if compiled.exists() and compiled.stat().st_mtime >= catalogue.stat().st_mtime:
        return
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("compilemessages", locale=["nl"], ignore_patterns=[".venv/*"], verbosity=0)
    except CommandError as exc:
        pytest.fail(f"The Dutch catalogue could not be compiled (is gettext installed?): {exc}")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_PATH.exists():
        pytest.fail(f"axe-core is missing: run `make {AXE_PATH.relative_to(ROOT)}` (from the npm registry)")
    return AXE_PATH.read_text(encoding="utf-8")


@dataclass
class PageWatch:
    """What happened in the page: navigations, and errors the browser reported (CSP violations, exceptions)."""

    axe_source: str
    navigations: list[str] = field(default_factory=list)
    checked_upto: int = 0
    errors: list[str] = field(default_factory=list)

    def unchecked(self) -> list[str]:
        return self.navigations[self.checked_upto :]


CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture
def page_watch(request: pytest.FixtureRequest, page: Page, axe_source: str) -> Iterator[PageWatch]:
    """Record every main-frame navigation and browser error; fail the test on a page that axe never saw."""
    watch = PageWatch(axe_source=axe_source)

    def on_navigated(frame: Any) -> None:
        if frame == page.main_frame:
            watch.navigations.append(frame.url)

    def on_console(message: ConsoleMessage) -> None:
        # Failed loads are reported by on_response, which knows whether the failure was expected.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            watch.errors.append(f"console: {message.text}")

    def on_response(response: Response) -> None:
        sent = response.request
        if response.status >= 400 and sent.resource_type != "document" and not sent.url.endswith("/favicon.ico"):
            watch.errors.append(f"{response.status} for {sent.resource_type} {sent.url}")

    def on_request_failed(sent: Request) -> None:
        # ERR_ABORTED is the browser cancelling a load, not a failure: a navigation that turns into a download
        # (the Excel export), or a page's pending loads (its favicon) when a click leaves the page first.
        if sent.failure == "net::ERR_ABORTED":
            return
        watch.errors.append(f"request failed: {sent.url} {sent.failure}")

    page.on("framenavigated", on_navigated)
    page.on("console", on_console)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("pageerror", lambda error: watch.errors.append(f"page error: {error}"))
    page.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)
    setattr(page, "_verbinder_watch", watch)  # noqa: B010 - the helpers below find it from the page
    yield watch
    if request.node.stash.get(CALL_FAILED, True):
        return  # the test's own failure says what went wrong
    unchecked = watch.unchecked()
    assert not unchecked, f"page(s) loaded without an accessibility check: {unchecked}"
    assert not watch.errors, "the browser reported errors after the last check:\n" + "\n".join(watch.errors)


def _watch(page: Page) -> PageWatch:
    watch = getattr(page, "_verbinder_watch", None)
    assert watch is not None, "use the page_watch fixture (through `ui`) in browser tests"
    return watch


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core found {len(violations)} serious or critical violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more element(s)")
    return "\n".join(lines)


def axe_check(page: Page) -> None:
    """Run axe-core on the current page; fail on serious or critical violations and on browser errors."""
    watch = _watch(page)
    page.wait_for_load_state("load")
    # HTMX swaps content after the load event: wait until no request is in flight.
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    # Evaluated through the DevTools protocol, which the page's CSP does not govern: the policy stays
    # enforced for the page itself.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(watch.axe_source)
    result = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({target: n.target, html: n.html, failureSummary: n.failureSummary})),
            }));
        }"""
    )
    watch.checked_upto = len(watch.navigations)
    blocking = [v for v in result if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(format_violations(page.url, blocking), pytrace=False)
    if watch.errors:
        errors, watch.errors = watch.errors, []
        pytest.fail(f"the browser reported errors on {page.url}:\n" + "\n".join(errors), pytrace=False)


def visit(page: Page, url: str, *, status: int = 200) -> None:
    """Open a URL, assert the HTTP status, and check the page with axe-core."""
    response = page.goto(url)
    assert response is not None, url
    assert response.status == status, f"{url}: expected {status}, got {response.status}"
    axe_check(page)


@contextmanager
def navigation(page: Page) -> Iterator[None]:
    """Wrap an action that loads a new page: wait for it, then check it with axe-core."""
    with page.expect_navigation():
        yield
    axe_check(page)


PHONE = {"width": 390, "height": 844}


@dataclass
class UI:
    """A test's browser, with the live server's address and the helpers that keep every page checked."""

    page: Page
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url + path

    def visit(self, path: str, *, status: int = 200) -> None:
        visit(self.page, self.url(path), status=status)

    def navigation(self) -> Any:
        return navigation(self.page)

    def check(self) -> None:
        axe_check(self.page)

    def assert_fits(self) -> None:
        """The page is no wider than the screen: nothing makes the reader scroll sideways."""
        overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{self.page.url} is {overflow} px wider than the screen"

    def login(self, email: str, password: str) -> None:
        """Log in through the real login form, as a person would."""
        page = self.page
        self.visit(reverse("account_login"))
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(password)
        with self.navigation():
            page.get_by_role("button", name="Inloggen").click()
        assert reverse("account_login") not in page.url, f"login failed for {email}: still on {page.url}"


@pytest.fixture
def ui(page: Page, page_watch: PageWatch, live_server: Any) -> UI:
    return UI(page=page, base_url=live_server.url)
