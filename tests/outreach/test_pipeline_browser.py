"""The board in a real browser (Debian's Chromium under the real Content-Security-Policy, axe-core on every
state): a coordinator moves one card with the stage menu and its button (the keyboard path), HTMX swaps the board
and keeps the focus on that card; then drags another card to a column. Both moves are stored."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

# The browser fixtures of tests/e2e (this module lives with the other pipeline tests).
from tests.e2e.conftest import (  # noqa: F401
    UI,
    _dutch_catalogue_compiled,
    axe_source,
    browser_context_args,
    browser_type_launch_args,
    page_watch,
    ui,
)
from verbinder.outreach.models import PipelineEntry, StageChange

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_moves_cards_with_the_menu_and_by_dragging(ui: UI, world, password):  # noqa: F811
    page = ui.page
    company, branch = world.company, world.branch
    ui.login(world.users["coordinator"].email, password)
    ui.visit(reverse("outreach:board", kwargs={"route_pk": world.route.pk}))
    expect(page.locator(f"section[data-stage=prospect] #card-{company.pk}")).to_be_visible()

    # The keyboard path: choose a stage in the card's menu and press its button.
    page.locator(f"#move-{company.pk}").select_option("intake_planned")
    page.locator(f"#card-{company.pk} form.move-form button").press("Enter")
    expect(page.locator(f"section[data-stage=intake_planned] #card-{company.pk}")).to_be_visible()
    expect(page.locator("#board-notice")).to_be_visible()
    expect(page.locator(f"#move-{company.pk}")).to_be_focused()
    ui.check()
    assert PipelineEntry.objects.get(organisation=company).stage == "intake_planned"
    assert StageChange.objects.get(to_stage="intake_planned").skipped == ["contacted"]

    # Drag and drop posts the same form.
    page.drag_and_drop(f"#card-{branch.pk}", "section[data-stage=contacted]")
    expect(page.locator(f"section[data-stage=contacted] #card-{branch.pk}")).to_be_visible()
    ui.check()
    assert PipelineEntry.objects.get(organisation=branch).stage == "contacted"

    # What the board shows after the swaps is what is stored.
    ui.visit(reverse("outreach:board", kwargs={"route_pk": world.route.pk}))
    expect(page.locator(f"section[data-stage=contacted] #card-{branch.pk}")).to_be_visible()
    expect(page.locator(f"section[data-stage=intake_planned] #card-{company.pk}")).to_be_visible()
