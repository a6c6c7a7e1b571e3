"""The docs page in a real browser (Debian's Chromium): Swagger UI renders every operation under the
Content-Security-Policy, with no errors and no serious accessibility violations (axe-core)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "e2e" / ".vendor" / "axe-4.14.1.min.js"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-quic"]


def test_docs_render_under_the_csp_and_pass_axe(live_server: Any) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's Chromium is needed for the browser tests: apt-get install -y chromium")
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make tests/e2e/.vendor/axe-4.14.1.min.js` (from the npm registry)")
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
        try:
            page = browser.new_page()
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
            browser.close()

    assert operations == 25
    assert errors == []  # a CSP violation is reported as a console error
    assert violations == []
