"""No N+1: the placement list, a placement's page, the organisation's placements panel and the route's counts make
the same number of queries for 1 item as for 3. The list and a placement's page are cached parts: measured when the
part is rendered (after a change of data) and when it is reused."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.factories import AffiliationFactory, OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.placements import StudentFactory, WorkplaceFactory, placement_with_hosts
from tests.parts import measure_part
from verbinder.accounts.enums import Role
from verbinder.placements.enums import PlacementEventKind
from verbinder.placements.models import PlacementEvent

pytestmark = pytest.mark.django_db

SIZES = [1, 3]


def measure(client, url: str, django_assert_num_queries, expected: int, **kwargs) -> None:
    assert client.get(url, **kwargs).status_code == 200
    with django_assert_num_queries(expected):
        assert client.get(url, **kwargs).status_code == 200


def route_with_placements(count: int):
    """A route with a coordinator and `count` shared placements (each with two supervised hosts, a teacher and a
    past host) and `count` single ones, all at one company."""
    route = RouteFactory()
    coordinator = assign(UserFactory(), Role.COORDINATOR, route=route)
    teacher = assign(UserFactory(), Role.TEACHER, route=route)
    company = OrganisationFactory(routes=[route])
    for _number in range(count):
        other = OrganisationFactory(routes=[route])
        supervisors = [AffiliationFactory(organisation=company), AffiliationFactory(organisation=other)]
        placement_with_hosts(route=route, hosts=[(company, 3), (other, 1)], supervisors=supervisors, teacher=teacher)
        placement_with_hosts(route=route, hosts=[(company, 4)], teacher=teacher)
        WorkplaceFactory(route=route, organisation=company)
        StudentFactory(route=route)
    return route, coordinator, company


@pytest.mark.parametrize("count", SIZES)
def test_placement_list_queries(count, client, django_assert_num_queries):
    route, coordinator, _company = route_with_placements(count)
    client.force_login(coordinator)
    url = reverse("placements:placement-list") + f"?route={route.pk}&sort=-start"
    # rendered: session, user, roles, data version (title), routes, data version (list), host companies (filter),
    # page count, page rows, current hosts with their company, counts; reused: session, user, roles, data version
    # (title), data version (list)
    measure_part(client, url, django_assert_num_queries, rendered=11, reused=5)


@pytest.mark.parametrize("count", SIZES)
def test_placement_list_filtered_queries(count, client, django_assert_num_queries):
    route, coordinator, company = route_with_placements(count)
    client.force_login(coordinator)
    url = reverse("placements:placement-list") + f"?route={route.pk}&shared=on&host={company.pk}&q=Student"
    measure_part(client, url, django_assert_num_queries, rendered=11, reused=5)


@pytest.mark.parametrize("count", SIZES)
def test_placement_list_results_queries(count, client, django_assert_num_queries):
    route, coordinator, _company = route_with_placements(count)
    client.force_login(coordinator)
    url = reverse("placements:placement-list") + f"?route={route.pk}&q=Student"
    headers = {"HX-Request": "true", "HX-Target": "placement-results"}
    # only the results: one data version less
    measure_part(client, url, django_assert_num_queries, rendered=10, reused=4, headers=headers)


def placement_with_history(count: int):
    """A shared placement with `count` past hosts' worth of events (each a real service change would write)."""
    route = RouteFactory()
    coordinator = assign(UserFactory(), Role.COORDINATOR, route=route)
    company, other = OrganisationFactory(routes=[route]), OrganisationFactory(routes=[route])
    supervisors = [AffiliationFactory(organisation=company), AffiliationFactory(organisation=other)]
    placement = placement_with_hosts(
        route=route, hosts=[(company, 3), (other, 1)], supervisors=supervisors, teacher=coordinator
    )
    snapshot = {
        "status": "active",
        "working_per_week": "4.0",
        "share_unit": "days",
        "hosts": [
            {"id": host.pk, "organisation": host.organisation.name, "share": str(host.share), "is_current": True}
            for host in placement.hosts.all()
        ],
    }
    for number in range(count):
        PlacementEvent.objects.create(
            placement=placement,
            kind=PlacementEventKind.SHARES_CHANGED,
            occurred_on=datetime.date(2026, 10, 1) + datetime.timedelta(days=number),
            reason="Afspraak",
            before=snapshot,
            after=snapshot,
            created_by=coordinator,
        )
    return placement, coordinator


@pytest.mark.parametrize("count", SIZES)
def test_placement_detail_queries(count, client, django_assert_num_queries):
    placement, coordinator = placement_with_history(count)
    client.force_login(coordinator)
    # rendered: session, user, roles, placement with route, student and teacher, data version, hosts with company
    # and supervisor, events count, events page with their authors; reused: session, user, roles, placement, data
    # version
    url = reverse("placements:placement-detail", args=[placement.pk])
    measure_part(client, url, django_assert_num_queries, rendered=8, reused=5)


@pytest.mark.parametrize("count", SIZES)
def test_organisation_panel_queries(count, client, django_assert_num_queries):
    _route, coordinator, company = route_with_placements(count)
    client.force_login(coordinator)
    url = reverse("placements:organisation-placements", args=[company.pk])
    # session, user, roles, organisation, count, host rows with placement, student, route and supervisor, the
    # placements' current hosts with their companies
    measure(client, url, django_assert_num_queries, 7, headers={"HX-Request": "true"})


@pytest.mark.parametrize("count", SIZES)
def test_route_counts_queries(count, client, django_assert_num_queries):
    route, coordinator, _company = route_with_placements(count)
    client.force_login(coordinator)
    url = reverse("placements:route-counts", args=[route.pk])
    # session, user, roles, route, placement counts, open workplaces, students without a placement
    measure(client, url, django_assert_num_queries, 7, headers={"HX-Request": "true"})
