"""Error pages in a real browser: Dutch, one heading, accessible, under the CSP, and without internals."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import UI

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_error_pages_are_dutch_accessible_and_reveal_nothing(ui: UI, settings):
    page = ui.page
    settings.ROOT_URLCONF = "tests.e2e.urls_failing"

    ui.visit("/bestaat-niet/", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    expect(page.get_by_role("heading")).to_have_count(1)
    expect(page.get_by_role("link", name="Naar de startpagina")).to_be_visible()

    ui.visit("/e2e-failure/", status=500)
    expect(page.get_by_role("heading", level=1)).to_have_text("Er ging iets mis")
    expect(page.get_by_role("heading")).to_have_count(1)
    expect(page.get_by_text("secret internals")).to_have_count(0)
    expect(page.get_by_text("partners_organisation")).to_have_count(0)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
