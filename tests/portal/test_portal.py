"""The portal: an external user's start page lists their own active organisations, nothing else."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PERSONAS
from tests.factories import OrganisationFactory, RouteFactory, assign
from tests.partners.html import parse
from verbinder.accounts.enums import Role

pytestmark = pytest.mark.django_db


def organisation_links(response) -> list[str]:
    section = parse(response.content).find(id="organisations")
    return [a.attrs["href"] for a in section.find_all("a")]


@pytest.mark.parametrize("persona", PERSONAS)
def test_portal_home_answers_everyone_logged_in(world, persona):
    response = world.client_for(persona).get(reverse("portal:home"))
    assert response.status_code == (302 if persona == "anonymous" else 200)


@pytest.mark.parametrize(
    ("persona", "organisation"),
    [
        ("company_contact", "company"),
        ("workplace_supervisor", "company"),
        ("student", "company"),
        ("partner_contact", "branch"),
        ("other_company_contact", "other_company"),
    ],
)
def test_portal_lists_the_users_own_organisation(world, persona, organisation):
    response = world.client_for(persona).get(reverse("portal:home"))
    target = getattr(world, organisation)
    assert organisation_links(response) == [reverse("partners:organisation-detail", args=[target.pk])]


def test_portal_lists_every_organisation_of_someone_with_two_roles(world):
    user = world.users["company_contact"]
    second = OrganisationFactory(name="Aardappelhandel Zuid", routes=[RouteFactory()])
    assign(user, Role.PARTNER_CONTACT, organisation=second)
    links = organisation_links(world.client_for("company_contact").get(reverse("portal:home")))
    assert links == [
        reverse("partners:organisation-detail", args=[second.pk]),
        reverse("partners:organisation-detail", args=[world.company.pk]),
    ]


def test_portal_leaves_out_an_archived_organisation_and_its_page_is_gone(world):
    world.company.archived_at = timezone.now()
    world.company.save()
    client = world.client_for("student")
    assert organisation_links(client.get(reverse("portal:home"))) == []
    assert client.get(reverse("partners:organisation-detail", args=[world.company.pk])).status_code == 404


def test_portal_for_staff_without_an_organisation_links_nothing(world):
    response = world.client_for("coordinator").get(reverse("portal:home"))
    assert organisation_links(response) == []
