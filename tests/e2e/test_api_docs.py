"""The docs page in a real browser (Debian's Chromium): Swagger UI renders every operation under the
Content-Security-Policy, with no errors and no serious accessibility violations (axe-core)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / ".vendor" / "axe-4.14.1.min.js"


def test_docs_render_under_the_csp_and_pass_axe(live_server: Any, browser: Any) -> None:
    """Uses the suite's one Playwright browser (tests/e2e/conftest.py): a second sync_playwright in the same
    process fails once pytest-playwright's event loop runs."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make tests/e2e/.vendor/axe-4.14.1.min.js` (from the npm registry)")
    errors: list[str] = []
    page = browser.new_page()
    try:
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))

        response = page.goto(f"{live_server.url}/api/v1/docs")
        assert response is not None and response.status == 200
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        page.wait_for_selector(".opblock", timeout=15_000)
        operations = page.locator(".opblock").count()
        page.locator(".opblock-summary-control").first.click()
        page.wait_for_selector(".opblock-body", timeout=5_000)
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
                .filter((v) => ["serious", "critical"].includes(v.impact))
                .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)"""
        )
    finally:
        page.close()

    schema = json.loads(urlopen(f"{live_server.url}/api/v1/openapi.json").read())  # noqa: S310 (the live server)
    assert operations == sum(len(item) for item in schema["paths"].values())
    assert errors == []  # a CSP violation is reported as a console error
    assert violations == []
