"""No N+1: the matching page (workplaces and students) and the proposals list make as many queries for 1 item
as for 3, within 12."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AffiliationFactory, OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.placements import MatchProposalFactory, StudentFactory, WorkplaceFactory
from verbinder.accounts.enums import Role

pytestmark = pytest.mark.django_db

SIZES = [1, 3]


def measure(client: Client, url: str, django_assert_num_queries, expected: int) -> None:
    """The first request stores the idle-timeout stamp in the session; the second is the one a user repeats."""
    assert client.get(url).status_code == 200
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


def coordinator_client(route) -> Client:
    client = Client()
    client.force_login(assign(UserFactory(), Role.COORDINATOR, route=route))
    return client


@pytest.mark.parametrize("count", SIZES)
def test_matching_page_queries(count, django_assert_num_queries):
    route = RouteFactory()
    for _ in range(count):
        company = OrganisationFactory(routes=[route])
        workplace = WorkplaceFactory(route=route, organisation=company)
        student = StudentFactory(route=route)
        MatchProposalFactory(workplace=workplace, student=student)
    url = f"{reverse('placements:matching')}?route={route.pk}&region=35&hours=32"
    # session, user, role assignments, routes, workplaces count, workplaces page (with companies and proposal
    # counts), students count, students page (with proposal counts)
    measure(coordinator_client(route), url, django_assert_num_queries, 8)


@pytest.mark.parametrize("count", SIZES)
def test_proposal_list_queries(count, django_assert_num_queries):
    route = RouteFactory()
    proposer = UserFactory()
    for _ in range(count):
        company = OrganisationFactory(routes=[route])
        MatchProposalFactory(
            workplace=WorkplaceFactory(route=route, organisation=company),
            supervisor=AffiliationFactory(organisation=company),
            proposed_by=proposer,
        )
    # session, user, role assignments, routes, count, page (with workplaces, companies, students, supervisors)
    measure(coordinator_client(route), reverse("placements:match-list"), django_assert_num_queries, 6)


@pytest.mark.parametrize("count", SIZES)
def test_propose_page_queries(count, django_assert_num_queries):
    route = RouteFactory()
    company = OrganisationFactory(routes=[route])
    workplace = WorkplaceFactory(route=route, organisation=company)
    for _ in range(count):
        StudentFactory(route=route)
        AffiliationFactory(organisation=company)
    # session, user, role assignments, workplace (with route and company), students, supervisors (with people)
    url = reverse("placements:match-propose", args=[workplace.pk])
    measure(coordinator_client(route), url, django_assert_num_queries, 6)
