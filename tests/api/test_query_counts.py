"""Every list endpoint costs the same number of queries for 1 item as for 3 (no N+1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import ApiClient
from tests.factories import (
    AffiliationFactory,
    OrganisationFactory,
    RelationshipFactory,
    RouteFactory,
    UserFactory,
    assign,
)
from verbinder.accounts.enums import Role
from verbinder.api.services import api_token_create
from verbinder.partners.models import Route

# Per request: the token with its user, the caller's role assignments (their scope), the count, the page,
# and one query per prefetched relation. The token's last use is recorded by the first request only.
EXPECTED = {"/routes": 4, "/organisations": 5, "/people": 5, "/relationships": 4}


def _route_with(items: int) -> Route:
    route = RouteFactory()
    for _ in range(items):
        organisation = OrganisationFactory(routes=[route])
        AffiliationFactory(organisation=organisation)
        RelationshipFactory(source=organisation, target=OrganisationFactory(routes=[route]))
    return route


def _caller(route: Route, items: int) -> ApiClient:
    user = assign(UserFactory(), Role.COORDINATOR, route=route)
    for _ in range(items - 1):  # more routes, so that the route list has `items` rows too
        assign(user, Role.COORDINATOR, route=RouteFactory())
    _, secret = api_token_create(user=user, name="count", by=None)
    client = ApiClient(secret)
    client.get("/routes")  # records the token's first use
    return client


def _count(request: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        request()
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(EXPECTED))
@pytest.mark.parametrize("items", [1, 3])
def test_list_query_count_does_not_grow_with_items(path: str, items: int) -> None:
    client = _caller(_route_with(items), items)

    response = client.get(path)
    queries = _count(lambda: client.get(path))

    assert response.status == 200
    assert response.body["count"] >= items
    assert queries == EXPECTED[path], f"{path} with {items} item(s): {queries} queries"
