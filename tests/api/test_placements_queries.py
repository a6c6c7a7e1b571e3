"""Every placements list costs the same number of queries for 1 item as for 3 (no N+1), for staff and for a
company contact (whose hosts are marked as their own or another company's in the same query)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import ApiClient
from tests.factories import AffiliationFactory, OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.placements import (
    MatchProposalFactory,
    StudentFactory,
    WorkplaceFactory,
    placement_with_hosts,
)
from verbinder.accounts.enums import Role
from verbinder.api.services import api_token_create
from verbinder.placements.models import Placement, PlacementEvent

# Per request: the token with its user, the caller's role assignments (their scope), the count, the page, and
# one query per prefetched relation (a placement's hosts). Events: the placement first.
EXPECTED = {
    "/placements": 5,
    "/placements/workplaces": 4,
    "/placements/students": 4,
    "/placements/matches": 4,
    "events": 5,
}
COMPANY_EXPECTED = {"/placements": 5, "/placements/workplaces": 4, "/placements/students": 4, "/placements/matches": 4}


def _world(items: int) -> tuple[object, object, Placement]:
    """A route with `items` of each: shared placements (with supervisors) at one company, workplaces, students,
    proposals; and one placement with `items` events."""
    route = RouteFactory()
    company = OrganisationFactory(routes=[route])
    teacher = assign(UserFactory(), Role.TEACHER, route=route)
    placement = None
    for _ in range(items):
        other = OrganisationFactory(routes=[route])
        placement = placement_with_hosts(
            route=route,
            hosts=[(company, 3), (other, 1)],
            supervisors=[AffiliationFactory(organisation=company), AffiliationFactory(organisation=other)],
            teacher=teacher,
        )
        workplace = WorkplaceFactory(route=route, organisation=company)
        MatchProposalFactory(workplace=workplace, route=route, supervisor=AffiliationFactory(organisation=company))
    assert placement is not None
    for _ in range(items - 1):
        PlacementEvent.objects.create(placement=placement, kind="shares_changed", occurred_on=placement.start_date)
    StudentFactory.create_batch(items, route=route, teacher=teacher)
    return route, company, placement


def _client(user: object) -> ApiClient:
    _, secret = api_token_create(user=user, name="count", by=None)
    client = ApiClient(secret)
    client.get("/placements/workplaces")  # records the token's first use
    return client


def _count(request: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        request()
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(EXPECTED))
@pytest.mark.parametrize("items", [1, 3])
def test_staff_list_query_count_does_not_grow_with_items(path: str, items: int) -> None:
    route, _, placement = _world(items)
    client = _client(assign(UserFactory(), Role.COORDINATOR, route=route))
    url = f"/placements/{placement.pk}/events" if path == "events" else path

    response = client.get(url)
    queries = _count(lambda: client.get(url))

    assert response.status == 200
    assert response.body["count"] >= items
    assert queries == EXPECTED[path], f"{path} with {items} item(s): {queries} queries"


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(COMPANY_EXPECTED))
@pytest.mark.parametrize("items", [1, 3])
def test_company_list_query_count_does_not_grow_with_items(path: str, items: int) -> None:
    _, company, _ = _world(items)
    client = _client(assign(UserFactory(), Role.COMPANY_CONTACT, organisation=company))

    response = client.get(path)
    queries = _count(lambda: client.get(path))

    assert response.status == 200
    assert response.body["count"] >= items
    assert queries == COMPANY_EXPECTED[path], f"{path} with {items} item(s): {queries} queries"
