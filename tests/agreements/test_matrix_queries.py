"""No N+1: the responsibility matrix page makes as many queries for 1 task and column as for 3, within 12, for
the coordinator who edits it and for a party who reads it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import OrganisationFactory, RouteFactory, UserFactory, assign
from tests.parts import measure_part
from verbinder.accounts.enums import Role
from verbinder.agreements.enums import MatrixPartyKind
from verbinder.agreements.models import MatrixCell, MatrixParty, MatrixTask
from verbinder.partners.enums import OrganisationKind

pytestmark = pytest.mark.django_db

SIZES = [1, 3]


def matrix_of(count: int):
    route = RouteFactory()
    kinds = [MatrixPartyKind.SCHOOL, MatrixPartyKind.STUDENT, MatrixPartyKind.COMPANY]
    for index in range(count):
        MatrixParty.objects.create(route=route, kind=kinds[index], label=f"Kolom {index}", position=index)
        OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, routes=[route])  # its column: receivers/matrix.py
    parties = list(MatrixParty.objects.filter(route=route))
    assert len(parties) == 2 * count
    for index in range(count):
        task = MatrixTask.objects.create(route=route, name=f"Taak {index}", position=index)
        for party in parties:
            MatrixCell.objects.create(task=task, party=party, value="R")
    return route


@pytest.mark.parametrize("count", SIZES)
def test_matrix_page_queries_for_the_coordinator(count, django_assert_num_queries):
    route = matrix_of(count)
    client = Client()
    client.force_login(assign(UserFactory(), Role.COORDINATOR, route=route))
    # rendered: session, user, role assignments (scope), route (with the party condition), data version, tasks,
    # columns, cells; reused (a cached part): session, user, role assignments, route, data version
    measure_part(client, reverse("agreements:matrix", args=[route.pk]), django_assert_num_queries, rendered=8, reused=5)


@pytest.mark.parametrize("count", SIZES)
def test_matrix_page_queries_for_a_partner_contact(count, django_assert_num_queries):
    route = matrix_of(count)
    partner = MatrixParty.objects.filter(route=route, organisation__isnull=False).first().organisation
    client = Client()
    client.force_login(assign(UserFactory(), Role.PARTNER_CONTACT, organisation=partner))
    # rendered: session, user, role assignments (scope), route (with the party condition), data version, tasks,
    # columns, cells; reused (a cached part): session, user, role assignments, route, data version
    measure_part(client, reverse("agreements:matrix", args=[route.pk]), django_assert_num_queries, rendered=8, reused=5)
