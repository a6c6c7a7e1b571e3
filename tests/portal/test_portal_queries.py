"""No N+1 in the portal: every page makes as many queries for 1 item as for 3 (and stays within 12)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AffiliationFactory, OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.placements import MatchProposalFactory, StudentFactory, WorkplaceFactory, placement_with_hosts
from verbinder.accounts.enums import Role
from verbinder.placements.enums import PlacementStatus
from verbinder.placements.models import PlacementHost

pytestmark = pytest.mark.django_db

SIZES = [1, 3]


def measure(user, url: str, django_assert_num_queries, expected: int) -> None:
    """The first request stores the idle-timeout stamp in the session; the second is the one a user repeats."""
    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 200
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


def company_with_placements(count: int):
    """A company with `count` placements, each shared with another company, each host with a supervisor and the
    placement with a teacher; `count` workplaces and `count` proposals waiting for the company."""
    route = RouteFactory()
    company = OrganisationFactory(routes=[route])
    supervisor = AffiliationFactory(organisation=company)
    teacher = assign(UserFactory(), Role.TEACHER, route=route)
    for _ in range(count):
        partner = OrganisationFactory(routes=[route])
        placement_with_hosts(
            route=route,
            hosts=[(company, 3), (partner, 1)],
            supervisors=[supervisor, AffiliationFactory(organisation=partner)],
            teacher=teacher,
        )
        workplace = WorkplaceFactory(route=route, organisation=company)
        MatchProposalFactory(workplace=workplace, route=route)
    return route, company, supervisor


@pytest.mark.parametrize("count", SIZES)
def test_portal_home_queries(count, django_assert_num_queries):
    _, company, _ = company_with_placements(count)
    contact = assign(UserFactory(), Role.COMPANY_CONTACT, organisation=company)
    # session, user, role assignments, organisations, student record, count, placements, their hosts, the routes
    # whose responsibility matrix they read
    measure(contact, reverse("portal:home"), django_assert_num_queries, 9)


@pytest.mark.parametrize("count", SIZES)
def test_portal_company_queries(count, django_assert_num_queries):
    _, company, _ = company_with_placements(count)
    contact = assign(UserFactory(), Role.COMPANY_CONTACT, organisation=company)
    # session, user, role assignments, company, placements (count, page, hosts), proposals (count, page),
    # workplaces (count, page)
    measure(contact, reverse("portal:company", args=[company.pk]), django_assert_num_queries, 11)


@pytest.mark.parametrize("count", SIZES)
def test_portal_supervised_students_queries(count, django_assert_num_queries):
    _, company, supervisor = company_with_placements(count)
    user = assign(UserFactory(email=supervisor.email), Role.WORKPLACE_SUPERVISOR, organisation=company)
    # session, user, role assignments, count, hosts (with placement, student, teacher), current hosts
    measure(user, reverse("portal:supervised-students"), django_assert_num_queries, 6)


@pytest.mark.parametrize("count", SIZES)
def test_portal_my_placement_queries(count, django_assert_num_queries):
    route = RouteFactory()
    user = UserFactory()
    student = StudentFactory(route=route, user=user)
    teacher = assign(UserFactory(), Role.TEACHER, route=route)
    for number in range(count):
        company = OrganisationFactory(routes=[route])
        placement_with_hosts(
            student=student,
            hosts=[(company, 4)],
            supervisors=[AffiliationFactory(organisation=company)],
            teacher=teacher,
            status=PlacementStatus.ACTIVE if number == 0 else PlacementStatus.ENDED,
            start_date=datetime.date(2026 - number * 2, 9, 1),
            end_date=datetime.date(2027 - number * 2, 8, 31),
        )
        workplace = WorkplaceFactory(route=route, organisation=company)
        MatchProposalFactory(workplace=workplace, route=route, student=student)
    # session, user, role assignments, student record, proposals (count, page), placements, their hosts,
    # open workplaces (count, page)
    measure(user, reverse("portal:my-placement"), django_assert_num_queries, 10)


@pytest.mark.parametrize("count", SIZES)
def test_portal_placement_queries(count, django_assert_num_queries):
    """A student's placement with 1 host, or with 3 (two current, one replaced)."""
    route = RouteFactory()
    user = UserFactory()
    student = StudentFactory(route=route, user=user)
    first, second = OrganisationFactory(routes=[route]), OrganisationFactory(routes=[route])
    if count == 1:
        placement = placement_with_hosts(student=student, hosts=[(first, 4)])
    else:
        placement = placement_with_hosts(
            student=student,
            hosts=[(first, 3), (second, 1)],
            supervisors=[AffiliationFactory(organisation=first), AffiliationFactory(organisation=second)],
        )
        former = OrganisationFactory(routes=[route])
        PlacementHost.objects.create(
            placement=placement,
            organisation=former,
            slot=1,
            share=3,
            start_date=datetime.date(2026, 9, 1),
            end_date=datetime.date(2026, 12, 31),
            is_current=False,
            supervisor=AffiliationFactory(organisation=former),
        )
    # session, user, role assignments, placement (with student and teacher), hosts
    measure(user, reverse("portal:placement", args=[placement.pk]), django_assert_num_queries, 5)
