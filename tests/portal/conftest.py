"""The portal's shared placement: a student at world.company (3 days, supervised by the supervisor persona, Wim
Praktijk) and at a second company (1 day, supervised by Henk Tweede, with another contract and other dates)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client

from tests.factories import AffiliationFactory, OrganisationFactory, UserFactory, assign
from tests.factories.placements import PlacementWorld, StudentFactory, placement_with_hosts, placement_world
from verbinder.accounts.enums import Role
from verbinder.accounts.models import User
from verbinder.partners.models import Organisation
from verbinder.placements.enums import ContractType
from verbinder.placements.models import Placement, PlacementHost

OTHER_HOST_START = datetime.date(2026, 10, 5)


@dataclass
class Shared:
    pw: PlacementWorld
    placement: Placement
    own_host: PlacementHost  # world.company's
    other_host: PlacementHost  # the second company's
    second: Organisation
    second_contact: User
    student_user: User
    teacher: User


@pytest.fixture
def shared(world) -> Shared:
    pw = placement_world(world)
    second = OrganisationFactory(name="Installatiebedrijf Tweede", routes=[world.route])
    henk = AffiliationFactory(
        organisation=second,
        email="henk@tweede.example.nl",
        phone="06 11112222",
        person__first_name="Henk",
        person__last_name="Tweede",
    )
    second_contact = assign(UserFactory(name="Tina Tweede"), Role.COMPANY_CONTACT, organisation=second)
    student_user = UserFactory(name="Dirk Gedeeld")
    teacher = assign(
        UserFactory(name="Teun Docent", email="teun@hogeschool.example.nl"), Role.TEACHER, route=world.route
    )
    student = StudentFactory(
        route=world.route, user=student_user, first_name="Dirk", last_name="Gedeeld", email="dirk@student.example.nl"
    )
    placement = placement_with_hosts(
        student=student,
        hosts=[(world.company, 3), (second, 1)],
        supervisors=[pw.supervisor, henk],
        teacher=teacher,
    )
    own_host = placement.hosts.get(organisation=world.company)
    other_host = placement.hosts.get(organisation=second)
    PlacementHost.objects.filter(pk=other_host.pk).update(
        contract_type=ContractType.EMPLOYMENT, start_date=OTHER_HOST_START
    )
    return Shared(pw, placement, own_host, other_host, second, second_contact, student_user, teacher)


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
