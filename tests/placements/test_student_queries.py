"""No N+1 on the student pages: the same number of queries for 1 student as for 3, each with a teacher and a
current (shared) placement, and within the budget of 12 per page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.placements import MatchProposalFactory, StudentFactory, placement_with_hosts
from verbinder.accounts.enums import Role
from verbinder.placements.services.students import student_update

pytestmark = pytest.mark.django_db
SIZES = [1, 3]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def measure(client: Client, url: str, django_assert_num_queries, expected: int) -> None:
    """The first request stores the idle-timeout stamp in the session; the second is the one a user repeats."""
    assert client.get(url).status_code == 200
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


def route_with(count: int):
    route = RouteFactory()
    coordinator = assign(UserFactory(), Role.COORDINATOR, route=route)
    teacher = assign(UserFactory(), Role.TEACHER, route=route)
    for number in range(count):
        student = StudentFactory(route=route, teacher=teacher, cohort=2024 + number)
        hosts = [(OrganisationFactory(routes=[route]), 3), (OrganisationFactory(routes=[route]), 1)]
        placement_with_hosts(student=student, hosts=hosts)
        StudentFactory(route=route)  # without a placement
    return coordinator, route


@pytest.mark.parametrize("count", SIZES)
def test_student_list_queries(count, django_assert_num_queries):
    user, route = route_with(count)
    # session, user, role assignments, route, staff (teacher filter), cohorts, count, page of students with
    # teachers, their current placements, the placements' current hosts with companies
    url = reverse("placements:student-list", args=[route.pk])
    measure(client_for(user), url, django_assert_num_queries, 10)


@pytest.mark.parametrize("count", SIZES)
def test_student_list_with_filters_queries(count, django_assert_num_queries):
    user, route = route_with(count)
    # as above; the students without a placement have no hosts to fetch
    url = reverse("placements:student-list", args=[route.pk]) + "?without_placement=on&sort=-cohort&q=a&status=active"
    measure(client_for(user), url, django_assert_num_queries, 9)


@pytest.mark.parametrize("count", SIZES)
def test_student_routes_queries(count, django_assert_num_queries):
    users = []
    admin = assign(UserFactory(), Role.ADMIN)
    for _number in range(count):
        users.append(route_with(1))
    # session, user, role assignments, count, routes with their student counts
    measure(client_for(admin), reverse("placements:student-routes"), django_assert_num_queries, 5)


@pytest.mark.parametrize("count", SIZES)
def test_student_detail_queries(count, django_assert_num_queries):
    """A student with `count` placements (one current, shared) and proposals, and `count` changes in the history."""
    route = RouteFactory()
    user = assign(UserFactory(), Role.COORDINATOR, route=route)
    teacher = assign(UserFactory(), Role.TEACHER, route=route)
    student = StudentFactory(route=route, teacher=teacher)
    for number in range(count):
        hosts = [(OrganisationFactory(routes=[route]), 3), (OrganisationFactory(routes=[route]), 1)]
        status = "active" if number == 0 else "ended"
        placement_with_hosts(student=student, hosts=hosts, status=status)
        MatchProposalFactory(workplace__route=route, student=student)
        student_update(by=user, student=student, version=student.version, fields={"city": f"Plaats {number}"})
        student.refresh_from_db()
    # session, user, role assignments, student with route and teacher, placements with teachers, their hosts,
    # proposals, history with its actors
    measure(client_for(user), reverse("placements:student-detail", args=[student.pk]), django_assert_num_queries, 8)
