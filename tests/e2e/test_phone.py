"""The parties outside the hogeschool open Verbinder on a phone as often as not: every page the portal leads them
to (their organisation, placements, agreements, the responsibility matrix) fits a 390 px wide screen, without
sideways scrolling of the page, and passes the accessibility check at that size (a table that is wider scrolls
within its own box, which the keyboard can reach)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.agreements.agreement_helpers import sent_agreement, shared_placement
from tests.e2e.conftest import PHONE, UI
from verbinder.agreements.services.matrix import matrix_ensure
from verbinder.placements.models import Student

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("persona", ["company_contact", "workplace_supervisor", "student", "partner_contact"])
def test_the_portal_fits_a_phone(ui: UI, world, password, persona):
    shared = shared_placement(world)
    Student.objects.filter(pk=shared.placement.student_id).update(user=world.users["student"])
    sent_agreement(world, shared)
    matrix_ensure(route=world.route)
    page = ui.page
    page.set_viewport_size(PHONE)

    ui.login(world.users[persona].email, password)
    assert urlsplit(page.url).path == reverse("portal:home")
    ui.assert_fits()
    hrefs = page.locator("main a[href^='/']").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    pages = sorted({href.split("#")[0] for href in hrefs if not href.split("#")[0].endswith("/pdf/")})
    assert reverse("agreements:matrix", args=[world.route.pk]) in pages
    for path in pages:
        ui.visit(path)
        ui.assert_fits()
