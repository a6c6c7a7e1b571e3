"""Factories for workplaces, students, matches and placements. `placement_with_hosts` makes a placement whose
hosts' shares add up (the database checks that)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory
from django.db import transaction

from tests.factories import AffiliationFactory, OrganisationFactory, RouteFactory
from verbinder.partners.models import Affiliation
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
    start_date = datetime.date(2026, 9, 1)
    end_date = datetime.date(2028, 8, 31)
    working_per_week = Decimal(4)


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


@dataclass
class PlacementWorld:
    """Placement objects around the `world` personas: in route A the student persona's record and placement
    at the company (supervised by the supervisor persona, whose login e-mail is on their affiliation), an open
    and a proposed workplace and an open proposal; in route B the same for outsiders."""

    student: Student
    placement: Placement
    host: PlacementHost
    supervisor: Affiliation
    workplace: Workplace
    proposed_workplace: Workplace
    proposal: MatchProposal
    other_student: Student
    other_placement: Placement
    other_workplace: Workplace
    other_proposal: MatchProposal


def placement_world(world: Any) -> PlacementWorld:
    """Made once per `world` (kept on it), so that matrix rows can ask for it from their kwargs."""
    existing = getattr(world, "_placements", None)
    if existing is not None:
        return existing
    supervisor_user = world.users["workplace_supervisor"]
    supervisor = AffiliationFactory(
        organisation=world.company,
        email=supervisor_user.email,
        person__first_name="Wim",
        person__last_name="Praktijk",
        function_title="Praktijkbegeleider",
    )
    student = StudentFactory(
        route=world.route, user=world.users["student"], first_name="Sara", last_name="Student", student_number="1000001"
    )
    placement = placement_with_hosts(student=student, hosts=[(world.company, 4)], supervisors=[supervisor])
    workplace = WorkplaceFactory(route=world.route, organisation=world.company, title="Werkplaats A")
    proposed_workplace = WorkplaceFactory(
        route=world.route, organisation=world.company, title="Voorstel A", status=WorkplaceStatus.PROPOSED
    )
    waiting = StudentFactory(route=world.route, first_name="Wachtend", last_name="Student")
    proposal = MatchProposalFactory(workplace=workplace, route=world.route, student=waiting)
    other_student = StudentFactory(route=world.other_route, first_name="Olaf", last_name="Buiten")
    other_placement = placement_with_hosts(student=other_student, hosts=[(world.other_company, 4)])
    other_workplace = WorkplaceFactory(route=world.other_route, organisation=world.other_company, title="Werkplaats B")
    other_waiting = StudentFactory(route=world.other_route, first_name="Otje", last_name="Wachtend")
    other_proposal = MatchProposalFactory(workplace=other_workplace, route=world.other_route, student=other_waiting)
    made = PlacementWorld(
        student=student,
        placement=placement,
        host=placement.hosts.get(),
        supervisor=supervisor,
        workplace=workplace,
        proposed_workplace=proposed_workplace,
        proposal=proposal,
        other_student=other_student,
        other_placement=other_placement,
        other_workplace=other_workplace,
        other_proposal=other_proposal,
    )
    world._placements = made
    return made
