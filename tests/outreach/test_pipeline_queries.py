"""No N+1 on the pipeline pages: the same number of queries for 1 organisation as for 3, and the board of a route
with 500 organisations as many as with 3 (one query reads every partnership with its entry)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import OrganisationFactory, RouteFactory, UserFactory, assign
from tests.parts import measure_part
from verbinder.accounts.enums import Role
from verbinder.outreach.enums import Source, Stage
from verbinder.outreach.models import PipelineEntry, StageChange
from verbinder.outreach.services.pipeline import stage_move
from verbinder.partners.models import Organisation, Partnership

pytestmark = pytest.mark.django_db
SIZES = [1, 3]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def measure(client: Client, url: str, django_assert_num_queries, expected: int, **kwargs) -> None:
    """The first request stores the idle-timeout stamp in the session; the second is the one a user repeats."""
    assert client.get(url, **kwargs).status_code == 200
    with django_assert_num_queries(expected):
        response = client.get(url, **kwargs)
    assert response.status_code == 200


def route_with(count: int):
    """A route with `count` partners, half of them with an entry in a later stage."""
    route = RouteFactory()
    user = assign(UserFactory(), Role.COORDINATOR, route=route)
    for number in range(count):
        organisation = OrganisationFactory(name=f"Partner {number}", routes=[route])
        if number % 2:
            stage_move(route=route, organisation=organisation, to_stage=Stage.INTAKE_PLANNED, by=user)
    return user, route


def bulk_route(count: int):
    """A route with `count` partners made in bulk: every third with an entry, spread over the stages."""
    route = RouteFactory()
    user = assign(UserFactory(), Role.COORDINATOR, route=route)
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bulk {number}", kvk_number=f"{50000000 + number}") for number in range(count)
    )
    partnerships = Partnership.objects.bulk_create(
        Partnership(route=route, organisation=organisation) for organisation in organisations
    )
    stages = list(Stage)
    PipelineEntry.objects.bulk_create(
        PipelineEntry(
            partnership=partnership,
            route=route,
            organisation_id=partnership.organisation_id,
            stage=stages[number % len(stages)],
            stage_since=partnership.created_at,
            source=Source.RESEARCH,
            front_runner=number % 5 == 0,
        )
        for number, partnership in enumerate(partnerships)
        if number % 3 == 0
    )
    return user, route


@pytest.mark.parametrize("count", SIZES)
def test_board_queries(count, django_assert_num_queries):
    user, route = route_with(count)
    # session, user, role assignments, route, data version; to render: partnerships with organisations and entries
    url = reverse("outreach:board", args=[route.pk])
    measure_part(client_for(user), url, django_assert_num_queries, rendered=6, reused=5)


@pytest.mark.parametrize("count", SIZES)
def test_board_for_teacher_queries(count, django_assert_num_queries):
    _user, route = route_with(count)
    teacher = assign(UserFactory(), Role.TEACHER, route=route)
    url = reverse("outreach:board", args=[route.pk])
    measure_part(client_for(teacher), url, django_assert_num_queries, rendered=6, reused=5)


@pytest.mark.parametrize("count", [3, 500])
def test_board_of_500_organisations_needs_no_more_queries_than_3(count, django_assert_num_queries):
    user, route = bulk_route(count)
    url = reverse("outreach:board", args=[route.pk])
    measure_part(client_for(user), url, django_assert_num_queries, rendered=6, reused=5)
    html = client_for(user).get(url).content.decode()
    assert html.count('class="board-card is-movable"') == count


@pytest.mark.parametrize("count", SIZES)
def test_board_htmx_move_queries(count, django_assert_num_queries):
    user, route = route_with(count)
    warm_up, organisation = OrganisationFactory(routes=[route]), OrganisationFactory(routes=[route])
    client = client_for(user)
    headers = {"HX-Request": "true", "HX-Target": "board"}
    # The first move also fills the content-type cache and stores the data version.
    client.post(reverse("outreach:stage-move", args=[route.pk, warm_up.pk]), {"to_stage": "contacted", "version": 1},
                headers=headers)  # fmt: skip
    url = reverse("outreach:stage-move", args=[route.pk, organisation.pk])
    # session, user, role assignments, route, partnership; the move (in a savepoint): partnership, entry (locked),
    # the new entry (in its own savepoint), its first change, the change, the data version (cache count, savepoint,
    # read, write, release), log, update, refresh; then the board's partnerships
    with django_assert_num_queries(23):
        response = client.post(url, {"to_stage": "contacted", "version": 1}, headers=headers)
    assert response.status_code == 200
    assert StageChange.objects.filter(entry__organisation=organisation).count() == 2


@pytest.mark.parametrize("count", SIZES)
def test_pipeline_list_queries(count, django_assert_num_queries):
    user, route = route_with(count)
    # session, user, role assignments, route, count, page
    url = reverse("outreach:pipeline-list", args=[route.pk]) + "?sort=stage&source=none"
    measure(client_for(user), url, django_assert_num_queries, 6)


@pytest.mark.parametrize("count", SIZES)
def test_pipeline_routes_queries(count, django_assert_num_queries):
    user = UserFactory()
    for _ in range(count):
        route = RouteFactory()
        assign(user, Role.COORDINATOR, route=route)
        OrganisationFactory(routes=[route])
    # session, user, role assignments, count, page, stage counts
    measure(client_for(user), reverse("outreach:pipeline"), django_assert_num_queries, 6)


@pytest.mark.parametrize("count", SIZES)
def test_entry_detail_queries(count, django_assert_num_queries):
    user, route = route_with(1)
    organisation = OrganisationFactory(routes=[route])
    for stage in [Stage.CONTACTED, Stage.INTAKE_PLANNED, Stage.INTAKE_HELD][:count]:
        stage_move(route=route, organisation=organisation, to_stage=stage, by=user)
    # session, user, role assignments, route, partnership with entry (and its source), changes with their movers
    url = reverse("outreach:entry-detail", args=[route.pk, organisation.pk])
    measure(client_for(user), url, django_assert_num_queries, 6)
