"""The growth page and the compact funnel of the route page: charts with tables, per role, and their queries."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.outreach import PipelineEntryFactory
from verbinder.accounts.enums import Role
from verbinder.outreach.enums import Source, Stage
from verbinder.outreach.models import StageChange

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "company_contact",
    "workplace_supervisor",
    "student",
    "partner_contact",
    "other_coordinator",
    "other_company_contact",
]


def growth_url(route) -> str:
    return reverse("outreach:growth", kwargs={"route_pk": route.pk})


def funnel_url(route) -> str:
    return reverse("outreach:growth-funnel", kwargs={"route_pk": route.pk})


def hosted(route, organisation, *, source: str = Source.OTHER, months_ago: int = 2) -> None:
    when = timezone.now() - datetime.timedelta(days=30 * months_ago)
    entry = PipelineEntryFactory(
        route=route, organisation=organisation, stage=Stage.HOSTING, stage_since=when, source=source
    )
    StageChange.objects.create(entry=entry, route=route, from_stage="", to_stage=Stage.PROSPECT, changed_at=when)
    StageChange.objects.create(
        entry=entry, route=route, from_stage=Stage.PROSPECT, to_stage=Stage.HOSTING, changed_at=when
    )


def cell(content: str, row_attribute: str) -> str:
    match = re.search(rf'<tr {row_attribute}>.*?<td class="number">(\d+)', content, re.S)
    assert match, row_attribute
    return match.group(1)


@pytest.mark.parametrize("persona", ["coordinator", "teacher", "admin"])
def test_route_staff_and_admins_see_charts_and_tables(world, persona):
    hosted(world.route, world.company, source=Source.BRANCH_ASSOCIATION)
    response = world.client_for(persona).get(growth_url(world.route))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1>") == 1
    assert content.count('role="img"') == 4
    for table in ("funnel-table", "conversion-table", "hosting-table", "rehosting-table"):
        assert f'<table id="{table}">' in content
    assert cell(content, 'data-stage="hosting"') == "1"
    assert cell(content, 'data-stage="prospect"') == "1"  # the branch association, without an entry
    assert cell(content, 'data-source="branch_association"') == "1"
    month = timezone.localdate().strftime("%Y-%m")
    assert cell(content, f'data-month="{month}"') == "1"
    assert " style=" not in content
    assert "<script>" not in content


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_others_get_404(world, persona):
    client = world.client_for(persona)
    assert client.get(growth_url(world.route)).status_code == 404
    assert client.get(funnel_url(world.route)).status_code == 404


def test_other_route_is_out_of_reach_for_this_coordinator(world):
    assert world.client_for("coordinator").get(growth_url(world.other_route)).status_code == 404
    assert (
        world.client_for("coordinator").get(reverse("outreach:growth", kwargs={"route_pk": 999999})).status_code == 404
    )


def test_anonymous_is_sent_to_login(world):
    response = world.client_for("anonymous").get(growth_url(world.route))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_post_is_refused(world):
    assert world.client_for("coordinator").post(growth_url(world.route)).status_code == 405


def test_empty_route_renders(world):
    route = RouteFactory()
    assign(world.users["coordinator"], Role.COORDINATOR, route=route)
    response = world.client_for("coordinator").get(growth_url(route))
    assert response.status_code == 200
    assert "<svg" in response.content.decode()


def test_route_page_loads_the_compact_funnel_with_links(world):
    page = world.client_for("teacher").get(reverse("partners:route-detail", args=[world.route.pk])).content.decode()
    assert f'hx-get="{funnel_url(world.route)}"' in page
    assert f'href="{growth_url(world.route)}"' in page
    hosted(world.route, world.company)
    response = world.client_for("teacher").get(funnel_url(world.route), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in content
    assert f'href="{growth_url(world.route)}"' in content
    assert f'href="{reverse("outreach:network", kwargs={"route_pk": world.route.pk})}"' in content
    assert "<html" not in content


def staff_with_organisations(count: int):
    route = RouteFactory()
    user = assign(UserFactory(), Role.COORDINATOR, route=route)
    for number in range(count):
        organisation = OrganisationFactory(routes=[route])
        if number % 2 == 0:
            hosted(route, organisation, source=Source.RESEARCH)
    client = Client()
    client.force_login(user)
    return client, route


@pytest.mark.parametrize("count", [1, 3])
def test_growth_queries(count, django_assert_num_queries):
    client, route = staff_with_organisations(count)
    assert client.get(growth_url(route)).status_code == 200
    # session, user, role assignments, route, funnel, conversion (2), hosting over time, re-hosting
    with django_assert_num_queries(9):
        assert client.get(growth_url(route)).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_funnel_summary_queries(count, django_assert_num_queries):
    client, route = staff_with_organisations(count)
    assert client.get(funnel_url(route)).status_code == 200
    # session, user, role assignments, route, funnel
    with django_assert_num_queries(5):
        assert client.get(funnel_url(route)).status_code == 200
