"""No N+1: the template list and the template editor make as many queries for 1 item as for 3."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import RouteFactory, UserFactory, assign
from tests.factories.agreements import AgreementTemplateFactory, TemplateClauseFactory
from verbinder.accounts.enums import Role
from verbinder.agreements.enums import TemplateStatus

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
def test_template_list_queries(count, django_assert_num_queries):
    route = RouteFactory()
    user = UserFactory()
    for number in range(1, count + 1):
        AgreementTemplateFactory(
            route=route, number=number, status=TemplateStatus.RETIRED, published_by=user, created_by=user
        )
    # session, user, role assignments, route, count, page (with who published)
    url = reverse("agreements:template-list", args=[route.pk])
    measure(coordinator_client(route), url, django_assert_num_queries, 6)


@pytest.mark.parametrize("count", SIZES)
def test_template_editor_queries(count, django_assert_num_queries):
    route = RouteFactory()
    template = AgreementTemplateFactory(route=route)
    for position in range(count):
        TemplateClauseFactory(template=template, position=position)
    # session, user, role assignments, template (with route), its clauses
    url = reverse("agreements:template-detail", args=[template.pk])
    measure(coordinator_client(route), url, django_assert_num_queries, 5)


@pytest.mark.parametrize("count", SIZES)
def test_template_preview_queries(count, django_assert_num_queries):
    route = RouteFactory()
    template = AgreementTemplateFactory(route=route)
    for position in range(count):
        TemplateClauseFactory(template=template, position=position)
    # session, user, role assignments, template (with route), its clauses, the route's placements (choice list)
    url = reverse("agreements:template-preview", args=[template.pk])
    measure(coordinator_client(route), url, django_assert_num_queries, 6)
