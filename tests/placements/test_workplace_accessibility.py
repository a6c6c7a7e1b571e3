"""Accessibility basics of the workplace pages (the registry's checks: one h1, unique ids, labelled fields, header
cells with a scope, references that resolve), also with errors and the SME warning on the form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory
from tests.factories.placements import placement_world
from tests.partners.html import parse
from tests.partners.test_accessibility import problems
from verbinder.partners.enums import SizeClass

pytestmark = pytest.mark.django_db


def test_staff_pages(world) -> None:
    places = placement_world(world)
    client = world.client_for("coordinator")
    for url in [
        reverse("placements:workplace-list", args=[world.route.pk]),
        reverse("placements:workplace-list", args=[world.route.pk]) + "?status=proposed&region=x",
        reverse("placements:workplace-create", args=[world.route.pk]),
        reverse("placements:workplace-detail", args=[places.proposed_workplace.pk]),
        reverse("placements:workplace-edit", args=[places.workplace.pk]),
        reverse("placements:workplace-withdraw", args=[places.workplace.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems(parse(response.content)) == [], url


def test_form_with_errors_and_the_sme_warning(world) -> None:
    large = OrganisationFactory(size_class=SizeClass.LARGE, routes=[world.route])
    client = world.client_for("coordinator")
    url = reverse("placements:workplace-create", args=[world.route.pk])

    for data in ({"organisation": world.company.pk}, {"organisation": large.pk, "title": "Monteur", "tasks": "x",
                                                      "hours_per_week": "32", "start_date": "2099-01-01"}):  # fmt: skip
        response = client.post(url, data)
        assert response.status_code == 200
        assert problems(parse(response.content)) == []


def test_company_pages(world) -> None:
    places = placement_world(world)
    client = world.client_for("company_contact")
    for url in [
        reverse("placements:workplace-offer", args=[world.company.pk]),
        reverse("placements:offered-workplace", args=[places.proposed_workplace.pk]),
        reverse("placements:offered-workplace-edit", args=[places.proposed_workplace.pk]),
        reverse("placements:offered-workplace-withdraw", args=[places.workplace.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems(parse(response.content)) == [], url
