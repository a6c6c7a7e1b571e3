"""No N+1: the contact panel (the timeline the benchmark loads), the quick entry and my follow-ups make the same
number of queries for 1 item as for 3."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AffiliationFactory, OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.outreach import FollowUpFactory, InteractionFactory
from tests.parts import measure_part
from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment
from verbinder.partners.models import Partnership

pytestmark = pytest.mark.django_db

SIZES = [1, 3]


def measure(client, url: str, django_assert_num_queries, expected: int) -> None:
    assert client.get(url).status_code == 200
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def organisation_with_history(count: int):
    """A route with a coordinator and a teacher; an organisation with `count` contact moments of each kind of
    viewer interest: own route (people, colleagues), another route, recent ones by a colleague, open follow-ups."""
    route, other_route = RouteFactory(), RouteFactory()
    coordinator = assign(UserFactory(), Role.COORDINATOR, route=route)
    teacher = assign(UserFactory(), Role.TEACHER, route=route)
    organisation = OrganisationFactory(routes=[route, other_route])
    for number in range(count):
        person = AffiliationFactory(organisation=organisation).person
        ours = InteractionFactory(
            route=route, organisation=organisation, created_by=teacher,
            occurred_on=timezone.localdate() - datetime.timedelta(days=number),
        )  # fmt: skip
        ours.people.add(person)
        ours.colleagues.add(teacher, coordinator)
        InteractionFactory(route=other_route, organisation=organisation)
        FollowUpFactory(route=route, organisation=organisation, assignee=teacher)
    assert Partnership.objects.filter(organisation=organisation).count() == 2
    return coordinator, teacher, organisation


@pytest.mark.parametrize("count", SIZES)
def test_contact_panel_queries(count, client, django_assert_num_queries):
    coordinator, _teacher, organisation = organisation_with_history(count)
    client.force_login(coordinator)
    url = reverse("outreach:organisation-contact", args=[organisation.pk])
    # session, user, roles, organisation, partnerships with their routes (the routes to log for come from them),
    # the data version (the panel is a cached part: core.parts); to render it: the timeline page with its total
    # (a window, no separate COUNT), recent rows by others, full rows with the last contact per route + people +
    # colleagues, open follow-ups
    measure_part(client, url, django_assert_num_queries, rendered=12, reused=6)


@pytest.mark.parametrize("count", SIZES)
def test_quick_entry_queries(count, client, django_assert_num_queries):
    coordinator, _teacher, organisation = organisation_with_history(count)
    client.force_login(coordinator)
    url = reverse("outreach:interaction-create") + f"?organisation={organisation.pk}"
    # session, user, roles, organisation, partnerships with their routes, recent rows by others, full rows +
    # people + colleagues, the organisation's people, staff (once, for colleagues and the follow-up assignee)
    measure(client, url, django_assert_num_queries, 11)


@pytest.mark.parametrize("count", SIZES)
def test_quick_entry_queries_with_a_choice_of_routes(count, client, django_assert_num_queries):
    """A coordinator of both linked routes chooses the route: the menu comes from the routes already fetched."""
    coordinator, _teacher, organisation = organisation_with_history(count)
    own_route_id = RoleAssignment.objects.get(user=coordinator).route_id
    other_route = organisation.partnerships.exclude(route_id=own_route_id).get().route
    assign(coordinator, Role.COORDINATOR, route=other_route)
    client.force_login(coordinator)
    url = reverse("outreach:interaction-create") + f"?organisation={organisation.pk}"
    response = client.get(url)
    assert f'<option value="{other_route.pk}"' in response.content.decode()
    measure(client, url, django_assert_num_queries, 11)
    panel = reverse("outreach:organisation-contact", args=[organisation.pk])
    measure(client, panel, django_assert_num_queries, 12)


@pytest.mark.parametrize("count", SIZES)
def test_my_follow_ups_queries(count, client, django_assert_num_queries):
    _coordinator, teacher, _organisation = organisation_with_history(count)
    client.force_login(teacher)
    # session, user, roles, count, page, counts per status
    measure(client, reverse("outreach:my-follow-ups"), django_assert_num_queries, 6)


def test_timeline_pages_without_a_separate_count(client, django_assert_num_queries):
    """Page numbers, the total and the last page for a number past the end, as `paginate` gives them."""
    coordinator, _teacher, organisation = organisation_with_history(6)  # 12 contact moments: two pages of 10
    client.force_login(coordinator)
    url = reverse("outreach:organisation-contact", args=[organisation.pk])

    first, second = client.get(url), client.get(url + "?page=2")
    past, bad = client.get(url + "?page=9"), client.get(url + "?page=x")

    assert first.context["page"].number == 1 and len(first.context["items"]) == 10
    assert first.context["page"].paginator.num_pages == 2 and first.context["page"].has_next()
    assert second.context["page"].number == 2 and len(second.context["items"]) == 2
    assert not second.context["page"].has_next()
    assert past.context["page"].number == 2 and len(past.context["items"]) == 2
    assert bad.context["page"].number == 1
    first_ids = {item.occurred_on for item in first.context["items"]}
    assert len(first_ids | {item.occurred_on for item in second.context["items"]}) == 6


def test_an_empty_timeline_costs_no_more(client, django_assert_num_queries):
    route = RouteFactory()
    coordinator = assign(UserFactory(), Role.COORDINATOR, route=route)
    organisation = OrganisationFactory(routes=[route])
    client.force_login(coordinator)
    # as above, without the people and colleagues of the (no) full rows
    url = reverse("outreach:organisation-contact", args=[organisation.pk])
    measure_part(client, url, django_assert_num_queries, rendered=10, reused=6)
