"""The browser checks catch what they promise to: axe-core violations and Content-Security-Policy breaches."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from tests.e2e.conftest import PageWatch, axe_check

pytestmark = [pytest.mark.e2e]

ORIGIN = "http://verbinder.test"
POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"


def serve(page: Page, body: str) -> None:
    def fulfil(route: Route) -> None:
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": POLICY}
        route.fulfill(status=200, headers=headers, body=body)

    page.route(f"{ORIGIN}/**", fulfil)


def test_axe_check_fails_on_serious_violations(page: Page, page_watch: PageWatch):
    serve(page, '<!doctype html><html lang="nl"><title>t</title><main><h1>t</h1><button></button></main></html>')
    page.goto(f"{ORIGIN}/bad")

    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)

    assert "button-name" in str(failure.value)
    assert "[critical]" in str(failure.value)


def test_axe_check_fails_on_an_inline_script_blocked_by_the_policy(page: Page, page_watch: PageWatch):
    serve(page, '<!doctype html><html lang="nl"><title>t</title><main><h1>t</h1></main><script>1</script></html>')
    page.goto(f"{ORIGIN}/inline")

    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)

    assert "Content Security Policy" in str(failure.value)


def test_axe_check_passes_a_clean_page(page: Page, page_watch: PageWatch):
    serve(page, '<!doctype html><html lang="nl"><title>Goed</title><main><h1>Goed</h1><p>Tekst</p></main></html>')
    page.goto(f"{ORIGIN}/good")

    axe_check(page)

    assert page_watch.unchecked() == []
