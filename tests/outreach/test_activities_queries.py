"""No N+1: the activity list and an activity's page (with its leads) make as many queries for 1 item as for 3."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AffiliationFactory, OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.outreach import OutreachActivityFactory, PipelineEntryFactory
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
def test_activity_list_queries(count, django_assert_num_queries):
    route = RouteFactory()
    for number in range(count):
        host = OrganisationFactory(routes=[route])
        activity = OutreachActivityFactory(route=route, host=host)
        for _ in range(number + 1):
            PipelineEntryFactory(
                route=route, organisation=OrganisationFactory(routes=[route]), source_activity=activity
            )
    # session, user, role assignments, route, count, page (with hosts and lead counts)
    measure(coordinator_client(route), reverse("outreach:activity-list", args=[route.pk]), django_assert_num_queries, 6)


@pytest.mark.parametrize("count", SIZES)
def test_activity_detail_queries(count, django_assert_num_queries):
    route = RouteFactory()
    activity = OutreachActivityFactory(route=route, host=OrganisationFactory(routes=[route]))
    for _ in range(count):
        organisation = OrganisationFactory(routes=[route])
        AffiliationFactory(organisation=organisation)
        AffiliationFactory(organisation=organisation)
        PipelineEntryFactory(route=route, organisation=organisation, source_activity=activity)
    # session, user, role assignments, activity (with route, host, author), leads, their contact people, the
    # contact moment with the host, history
    url = reverse("outreach:activity-detail", args=[activity.pk])
    measure(coordinator_client(route), url, django_assert_num_queries, 8)
