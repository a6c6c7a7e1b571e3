"""No N+1: every list page and the organisation and person pages make the same number of queries for 1 item as
for 3. The literal counts include the session, the user and their role assignments; the organisation list and
page stay within 12 queries whatever the data size (the issue's figure), both when they render their cached part
(core.parts) and when they reuse it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory, RouteFactory, UserFactory, assign
from tests.parts import measure_part as measure_cached_part
from verbinder.accounts.enums import Role
from verbinder.partners import services
from verbinder.partners.enums import RelationshipKind

pytestmark = pytest.mark.django_db

MAX_ORGANISATION_QUERIES = 12
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


def measure_part(client: Client, url: str, django_assert_num_queries, *, rendered: int, reused: int, **kwargs) -> None:
    """The issue's figure holds when the part is rendered too."""
    assert rendered <= MAX_ORGANISATION_QUERIES
    measure_cached_part(client, url, django_assert_num_queries, rendered=rendered, reused=reused, **kwargs)


def coordinator_with_organisations(count: int, *, name: str = "Partner"):
    route, second_route = RouteFactory(), RouteFactory()
    user = assign(UserFactory(), Role.COORDINATOR, route=route)
    assign(user, Role.COORDINATOR, route=second_route)
    for number in range(count):
        organisation = OrganisationFactory(name=f"{name} {number}", routes=[route, second_route])
        AffiliationFactory(organisation=organisation, person__first_name=f"Persoon{number}")
    return user, route


@pytest.mark.parametrize("count", SIZES)
def test_route_list_queries(count, django_assert_num_queries):
    user = UserFactory()
    for _ in range(count):
        route = RouteFactory()
        assign(user, Role.COORDINATOR, route=route)
        OrganisationFactory(routes=[route])
    # session, user, role assignments, count, page
    measure(client_for(user), reverse("partners:route-list"), django_assert_num_queries, 5)


@pytest.mark.parametrize("count", SIZES)
def test_route_detail_queries(count, django_assert_num_queries):
    user, route = coordinator_with_organisations(count)
    for _ in range(count):
        assign(UserFactory(), Role.TEACHER, route=route)
    services.route_update(route=route, by=user, data={"hogeschool": f"Hogeschool {count}"})
    # session, user, role assignments, route, staff, recent organisations, count, history
    measure(client_for(user), reverse("partners:route-detail", args=[route.pk]), django_assert_num_queries, 8)


@pytest.mark.parametrize("count", SIZES)
def test_organisation_list_queries(count, django_assert_num_queries):
    user, _route = coordinator_with_organisations(count)
    # session, user, role assignments, data version; to render: the route filter's options, count, page,
    # routes of the page
    url = reverse("partners:organisation-list")
    measure_part(client_for(user), url, django_assert_num_queries, rendered=8, reused=4)


@pytest.mark.parametrize("count", SIZES)
def test_organisation_list_with_search_and_filters_queries(count, django_assert_num_queries):
    user, route = coordinator_with_organisations(count, name="Zoekbaar")
    url = reverse("partners:organisation-list") + f"?q=zoekbaar&kind=company&route={route.pk}&sort=-size"
    # the same as without: the chosen route is checked against the routes read for the filter's options
    measure_part(client_for(user), url, django_assert_num_queries, rendered=8, reused=4)


@pytest.mark.parametrize("count", SIZES)
def test_organisation_list_as_admin_queries(count, django_assert_num_queries):
    coordinator_with_organisations(count)
    admin = assign(UserFactory(), Role.ADMIN)
    url = reverse("partners:organisation-list") + "?q=partner"
    measure_part(client_for(admin), url, django_assert_num_queries, rendered=8, reused=4)


@pytest.mark.parametrize("count", SIZES)
def test_organisation_list_htmx_partial_queries(count, django_assert_num_queries):
    user, _route = coordinator_with_organisations(count)
    url = reverse("partners:organisation-list") + "?q=partner"
    headers = {"HX-Request": "true", "HX-Target": "organisation-results"}
    # the whole page's queries but the filter form's route options
    measure_part(client_for(user), url, django_assert_num_queries, rendered=7, reused=4, headers=headers)


@pytest.mark.parametrize("count", SIZES)
def test_organisation_detail_queries(count, django_assert_num_queries):
    user, route = coordinator_with_organisations(1)
    organisation = route.organisations.get()
    for number in range(count):
        AffiliationFactory(organisation=organisation)
        other = OrganisationFactory(routes=[route])
        services.relationship_create(by=user, source=organisation, kind=RelationshipKind.WORKS_WITH, target=other)
        services.organisation_link_route(organisation=organisation, route=RouteFactory(), by=user)
        services.organisation_update(organisation=organisation, by=user, data={"city": f"Stad {number}"},
                                     version=number + 1)  # fmt: skip
    assign(user, Role.COORDINATOR, route=RouteFactory())
    # session, user, role assignments, organisation, partnerships, data version; to render: routes, contact
    # persons, relationships, history, which organisations the history names are visible
    url = reverse("partners:organisation-detail", args=[organisation.pk])
    measure_part(client_for(user), url, django_assert_num_queries, rendered=11, reused=6)


@pytest.mark.parametrize("count", SIZES)
def test_organisation_detail_as_external_user_queries(count, django_assert_num_queries):
    organisation = OrganisationFactory(routes=[RouteFactory()])
    for _ in range(count):
        AffiliationFactory(organisation=organisation)
    contact = assign(UserFactory(), Role.COMPANY_CONTACT, organisation=organisation)
    # session, user, role assignments, organisation, partnerships, data version; to render: contact persons
    url = reverse("partners:organisation-detail", args=[organisation.pk])
    measure_part(client_for(contact), url, django_assert_num_queries, rendered=7, reused=6)


@pytest.mark.parametrize("count", SIZES)
def test_person_list_queries(count, django_assert_num_queries):
    user, route = coordinator_with_organisations(count)
    organisations = list(route.organisations.all())
    for person, organisation in zip(PersonFactory.create_batch(count), organisations, strict=True):
        AffiliationFactory(person=person, organisation=organisation)
        AffiliationFactory(person=person, organisation=OrganisationFactory(routes=[route]))
    # session, user, role assignments, count, page, current roles with their organisations
    measure(client_for(user), reverse("partners:person-list") + "?q=o", django_assert_num_queries, 6)


@pytest.mark.parametrize("count", SIZES)
def test_person_detail_queries(count, django_assert_num_queries):
    user, route = coordinator_with_organisations(count)
    person = PersonFactory()
    for number, organisation in enumerate(route.organisations.all()):
        AffiliationFactory(person=person, organisation=organisation)
        services.person_update(person=person, by=user, data={"first_name": f"Naam{number}"}, version=number + 1)
    # session, user, role assignments, person, may edit, roles, partnerships of their organisations, history
    measure(client_for(user), reverse("partners:person-detail", args=[person.pk]), django_assert_num_queries, 8)
