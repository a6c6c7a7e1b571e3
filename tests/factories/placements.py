"""Factories for workplaces, students, matches and placements. `placement_with_hosts` makes a placement whose
hosts' shares add up (the database checks that)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory
from django.db import transaction

from tests.factories import OrganisationFactory, RouteFactory
from verbinder.placements.enums import ContractType, PriorEducation, ShareUnit, StudentStatus, WorkplaceStatus
from verbinder.placements.models import MatchProposal, Placement, PlacementEvent, PlacementHost, Student, Workplace


class WorkplaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workplace

    route = factory.SubFactory(RouteFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Leerwerkplek {n}")
    tasks = "Meewerken in de werkplaats."
    hours_per_week = Decimal("32")
    start_date = datetime.date(2026, 9, 1)
    location = "Hoofdstraat 1, Utrecht"
    postcode = "3511 AB"
    status = WorkplaceStatus.OPEN


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    route = factory.SubFactory(RouteFactory)
    student_number = factory.Sequence(lambda n: f"{5000000 + n}")
    first_name = factory.Sequence(lambda n: f"Student{n}")
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    email = factory.Sequence(lambda n: f"student{n}@student.example.nl")
    postcode = "3511 CD"
    city = "Utrecht"
    cohort = 2026
    prior_education = PriorEducation.MBO4_BOL
    status = StudentStatus.ACTIVE
    hours_per_week = Decimal("32")


class MatchProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchProposal

    workplace = factory.SubFactory(WorkplaceFactory)
    route = factory.SelfAttribute("workplace.route")
    student = factory.SubFactory(StudentFactory, route=factory.SelfAttribute("..workplace.route"))


def placement_with_hosts(
    *,
    student: Student | None = None,
    route: Any = None,
    hosts: list[tuple[Any, Decimal | int]] | None = None,
    supervisors: list[Any] | None = None,
    working_per_week: Decimal | int = 4,
    share_unit: str = ShareUnit.DAYS,
    start_date: datetime.date = datetime.date(2026, 9, 1),
    end_date: datetime.date = datetime.date(2028, 8, 31),
    **extra: Any,
) -> Placement:
    """A placement with its hosts: `hosts` is a list of (organisation, share); by default one new company with
    the whole week. `supervisors` (affiliations) go with the hosts in order."""
    route = route or (student.route if student else RouteFactory())
    student = student or StudentFactory(route=route)
    hosts = hosts or [(OrganisationFactory(routes=[route]), working_per_week)]
    supervisors = supervisors or [None] * len(hosts)
    with transaction.atomic():
        placement = Placement.objects.create(
            route=route,
            student=student,
            start_date=start_date,
            end_date=end_date,
            share_unit=share_unit,
            working_per_week=Decimal(working_per_week),
            is_shared=len(hosts) == 2,
            **extra,
        )
        for slot, ((organisation, share), supervisor) in enumerate(zip(hosts, supervisors, strict=True), start=1):
            PlacementHost.objects.create(
                placement=placement,
                organisation=organisation,
                slot=slot,
                share=Decimal(share),
                supervisor=supervisor,
                contract_type=ContractType.LEARNING_WORK,
                start_date=start_date,
            )
        PlacementEvent.objects.create(placement=placement, kind="started", occurred_on=start_date)
    return placement
