"""Accessibility basics of the portal's pages (the registry's checks: one h1, unique ids, labelled fields, header
cells with a scope, references that resolve), for each role, with a shared placement and more than one page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.placements import MatchProposalFactory, WorkplaceFactory
from tests.partners.html import parse
from tests.partners.test_accessibility import problems
from tests.portal.conftest import client_of

pytestmark = pytest.mark.django_db


def test_portal_pages_of_every_role(world, shared):
    pw = shared.pw
    for _ in range(26):  # a second page of workplaces, for the pagination's landmark
        WorkplaceFactory(route=world.route, organisation=world.company)
    MatchProposalFactory(workplace=pw.workplace, route=world.route, student=pw.student)
    pages = [
        (world.client_for("company_contact"), reverse("portal:home")),
        (world.client_for("company_contact"), reverse("portal:company", args=[world.company.pk])),
        (world.client_for("company_contact"), reverse("portal:placement", args=[shared.placement.pk])),
        (world.client_for("workplace_supervisor"), reverse("portal:home")),
        (world.client_for("workplace_supervisor"), reverse("portal:supervised-students")),
        (world.client_for("student"), reverse("portal:home")),
        (world.client_for("student"), reverse("portal:my-placement")),
        (world.client_for("student"), reverse("portal:my-placement") + "?workplaces_page=2"),
        (client_of(shared.student_user), reverse("portal:placement", args=[shared.placement.pk])),
        (world.client_for("partner_contact"), reverse("portal:home")),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems(parse(response.content)) == [], url
