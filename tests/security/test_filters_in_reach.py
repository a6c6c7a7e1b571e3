"""Filters and searches cannot ask about organisations or routes outside the user's reach."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import AffiliationFactory
from verbinder.partners import selectors


@pytest.mark.django_db
def test_route_filter_of_another_route_finds_nothing(world):
    world.other_company.routes.add(world.route)

    found = selectors.organisation_list(
        user=world.users["coordinator"], filters=selectors.OrganisationFilters(route=world.other_route.pk)
    )

    assert list(found) == []


@pytest.mark.django_db
def test_person_search_ignores_email_addresses_at_organisations_out_of_reach(world):
    person = world.affiliation.person
    AffiliationFactory(person=person, organisation=world.other_company, email="verborgen@zorgtechniek.nl")

    found = selectors.person_list(user=world.users["coordinator"], filters=selectors.PersonFilters(q="verborgen"))

    assert list(found) == []


@pytest.mark.django_db
def test_person_filter_on_an_organisation_out_of_reach_finds_nothing(world):
    person = world.affiliation.person
    AffiliationFactory(person=person, organisation=world.other_company)

    found = selectors.person_list(
        user=world.users["coordinator"], filters=selectors.PersonFilters(organisation=world.other_company.pk)
    )

    assert list(found) == []


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
