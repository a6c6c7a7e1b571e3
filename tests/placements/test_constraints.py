"""The database itself refuses what the services must never write: the checks of the placements issue."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from tests.factories import OrganisationFactory
from tests.factories.placements import StudentFactory, placement_with_hosts
from verbinder.placements.models import Placement, PlacementHost

pytestmark = pytest.mark.django_db


def _commit_checks() -> None:
    """PostgreSQL checks the shares at commit (a deferred trigger); a test never commits, so check now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_shares_exceeding_the_working_time_are_refused():
    placement = placement_with_hosts(working_per_week=4)
    company = OrganisationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementHost.objects.create(
            placement=placement, organisation=company, slot=2, share=Decimal(1), start_date=placement.start_date
        )
        _commit_checks()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_shares_falling_short_are_refused_at_commit_on_postgresql():
    placement = placement_with_hosts(working_per_week=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementHost.objects.filter(placement=placement).update(share=Decimal(3))
        _commit_checks()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_current_placement_without_hosts_is_refused_at_commit_on_postgresql():
    placement = placement_with_hosts(working_per_week=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementHost.objects.filter(placement=placement).update(is_current=False)
        _commit_checks()


def test_a_split_that_adds_up_is_accepted():
    first = OrganisationFactory()
    second = OrganisationFactory()
    placement = placement_with_hosts(hosts=[(first, 3), (second, 1)], working_per_week=4)
    _commit_checks()
    assert placement.hosts.count() == 2


def test_a_third_current_host_is_refused():
    placement = placement_with_hosts(hosts=[(OrganisationFactory(), 3), (OrganisationFactory(), 1)])
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementHost.objects.create(
            placement=placement,
            organisation=OrganisationFactory(),
            slot=3,
            share=Decimal("0.5"),
            start_date=placement.start_date,
        )


@pytest.mark.parametrize("share", [Decimal(0), Decimal(-1)])
def test_a_share_must_be_positive(share):
    placement = placement_with_hosts(working_per_week=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementHost.objects.filter(placement=placement).update(share=share)


def test_end_must_be_after_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        placement_with_hosts(start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2026, 12, 31))


def test_a_student_has_one_current_placement():
    student = StudentFactory()
    placement_with_hosts(student=student)
    with pytest.raises(IntegrityError), transaction.atomic():
        placement_with_hosts(student=student, start_date=datetime.date(2027, 9, 1))


def test_an_ended_placement_does_not_block_the_next():
    student = StudentFactory()
    first = placement_with_hosts(student=student)
    Placement.objects.filter(pk=first.pk).update(status="ended", ended_on=datetime.date(2027, 1, 31))
    placement_with_hosts(student=student, start_date=datetime.date(2027, 2, 1))
    _commit_checks()
    assert Placement.objects.filter(student=student).count() == 2


def test_the_placement_world_is_in_reach_of_its_personas(world):
    from tests.factories.placements import placement_world
    from verbinder.placements.models import MatchProposal, Student, Workplace

    made = placement_world(world)
    assert placement_world(world) is made
    users = world.users
    assert set(Placement.objects.visible_to(users["company_contact"])) == {made.placement}
    assert set(Placement.objects.visible_to(users["workplace_supervisor"])) == {made.placement}
    assert set(Placement.objects.visible_to(users["student"])) == {made.placement}
    assert not Placement.objects.visible_to(users["partner_contact"]).exists()
    assert set(Placement.objects.visible_to(users["other_company_contact"])) == {made.other_placement}
    assert set(Placement.objects.visible_to(users["coordinator"])) == {made.placement}
    assert Placement.objects.visible_to(users["admin"]).count() == 2
    assert set(Student.objects.visible_to(users["company_contact"])) == {made.student, made.proposal.student}
    assert set(Student.objects.visible_to(users["workplace_supervisor"])) == {made.student}
    assert set(Student.objects.visible_to(users["student"])) == {made.student}
    assert set(Workplace.objects.visible_to(users["student"])) == {made.workplace}
    assert set(Workplace.objects.visible_to(users["company_contact"])) == {made.workplace, made.proposed_workplace}
    assert set(MatchProposal.objects.visible_to(users["company_contact"])) == {made.proposal}
    assert not MatchProposal.objects.visible_to(users["student"]).exists()
    assert not Workplace.objects.visible_to(users["partner_contact"]).exists()
