"""No N+1: the workplace list and a workplace's page make as many queries for 1 item as for 3."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.placements import MatchProposalFactory, WorkplaceFactory
from verbinder.accounts.enums import Role
from verbinder.placements.enums import WorkplaceStatus
from verbinder.placements.services.workplaces import workplace_update

pytestmark = pytest.mark.django_db

SIZES = [1, 3]


def measure(client: Client, url: str, django_assert_num_queries, expected: int) -> None:
    """The first request stores the idle-timeout stamp in the session; the second is the one a user repeats."""
    assert client.get(url).status_code == 200
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


def coordinator(route):
    return assign(UserFactory(), Role.COORDINATOR, route=route)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize("query", ["", "?status=open&region=35&hours_min=8&start_from=2026-01-01"])
def test_workplace_list_queries(count, query, django_assert_num_queries):
    route = RouteFactory()
    for number in range(count):
        workplace = WorkplaceFactory(route=route, organisation=OrganisationFactory(routes=[route]))
        for _ in range(number + 1):
            MatchProposalFactory(workplace=workplace, route=route)
        WorkplaceFactory(route=route, organisation=workplace.organisation, status=WorkplaceStatus.PROPOSED)
    # session, user, role assignments, route, companies (filter), awaiting count, count, page (with companies and
    # proposal counts)
    url = reverse("placements:workplace-list", args=[route.pk]) + query
    measure(client_for(coordinator(route)), url, django_assert_num_queries, 8)


@pytest.mark.parametrize("count", SIZES)
def test_workplace_detail_queries(count, django_assert_num_queries):
    route = RouteFactory()
    user = coordinator(route)
    workplace = WorkplaceFactory(route=route, organisation=OrganisationFactory(routes=[route]))
    for number in range(count):
        MatchProposalFactory(workplace=workplace, route=route)
        workplace_update(by=user, workplace=workplace, version=number + 1, fields={"title": f"Titel {number}"})
    # session, user, role assignments, workplace (with route, company, offered and approved by), proposal counts,
    # history (with actors; the viewer is the only one, so no look-up of the others' roles)
    url = reverse("placements:workplace-detail", args=[workplace.pk])
    measure(client_for(user), url, django_assert_num_queries, 6)


@pytest.mark.parametrize("count", SIZES)
def test_offered_workplace_queries(count, django_assert_num_queries):
    route = RouteFactory()
    company = OrganisationFactory(routes=[route])
    contact = assign(UserFactory(), Role.COMPANY_CONTACT, organisation=company)
    workplace = WorkplaceFactory(route=route, organisation=company, status=WorkplaceStatus.PROPOSED)
    for _ in range(count):
        MatchProposalFactory(workplace=workplace, route=route)
    # session, user, role assignments, workplace (with route and company)
    url = reverse("placements:offered-workplace", args=[workplace.pk])
    measure(client_for(contact), url, django_assert_num_queries, 4)


@pytest.mark.parametrize("count", SIZES)
def test_offer_page_queries(count, django_assert_num_queries):
    company = OrganisationFactory(routes=[RouteFactory() for _ in range(count)])
    contact = assign(UserFactory(), Role.COMPANY_CONTACT, organisation=company)
    # session, user, role assignments, organisation, routes (once for the form and the page)
    url = reverse("placements:workplace-offer", args=[company.pk])
    measure(client_for(contact), url, django_assert_num_queries, 5)
