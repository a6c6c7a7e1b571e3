"""Placement services: make a placement and change it, each change an event keeping the state before."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.utils import translation

from tests.factories import AffiliationFactory, OrganisationFactory, RouteFactory, UserFactory
from tests.factories.placements import StudentFactory, WorkplaceFactory
from verbinder.core.models import ActivityLog
from verbinder.partners.enums import OrganisationKind, SizeClass
from verbinder.partners.models import Affiliation, Organisation, Route
from verbinder.placements.enums import ContractType, PlacementEventKind, PlacementStatus, ShareUnit
from verbinder.placements.models import Placement, PlacementEvent, PlacementHost, Student
from verbinder.placements.services.placements import (
    HostInput,
    error_codes,
    placement_create,
    placement_snapshot,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 9, 1)
END = datetime.date(2028, 8, 31)


def _commit_checks() -> None:
    """PostgreSQL checks the shares at commit (a deferred trigger); a test never commits, so check now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@dataclass
class Setting:
    route: Route
    first: Organisation
    second: Organisation
    third: Organisation
    supervisor: Affiliation
    second_supervisor: Affiliation
    student: Student
    coordinator: Any


@pytest.fixture
def s() -> Setting:
    route = RouteFactory()
    first = OrganisationFactory(name="Eerste BV", routes=[route])
    second = OrganisationFactory(name="Tweede BV", routes=[route])
    third = OrganisationFactory(name="Derde BV", routes=[route])
    return Setting(
        route=route,
        first=first,
        second=second,
        third=third,
        supervisor=AffiliationFactory(organisation=first, person__first_name="Piet", person__last_name="Eerst"),
        second_supervisor=AffiliationFactory(organisation=second, person__first_name="Truus", person__last_name="Twee"),
        student=StudentFactory(route=route),
        coordinator=UserFactory(name="Coby Coördinator"),
    )


def _create(s: Setting, **overrides: Any) -> Placement:
    arguments: dict[str, Any] = {
        "by": s.coordinator,
        "student": s.student,
        "hosts": [HostInput(organisation=s.first, share=Decimal(4), supervisor=s.supervisor)],
        "start_date": START,
        "end_date": END,
        "working_per_week": Decimal(4),
    }
    arguments.update(overrides)
    return placement_create(**arguments)


def _counts() -> tuple[int, int, int, int]:
    return (
        Placement.objects.count(),
        PlacementHost.objects.count(),
        PlacementEvent.objects.count(),
        ActivityLog.objects.filter(action_type__startswith="placements.").count(),
    )


def _refused(code: str, call: Any, *, field: str = NON_FIELD_ERRORS) -> ValidationError:
    """The call raises a ValidationError with `code` on `field`, and nothing is written."""
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        call()
    assert code in {error.code for error in caught.value.error_dict.get(field, [])}, caught.value
    assert _counts() == before
    return caught.value


# --- create -----------------------------------------------------------------------------------------------------


def test_create_places_the_student_at_one_host(s):
    placement = _create(s)
    _commit_checks()

    assert placement.route == s.route
    assert placement.status == PlacementStatus.ACTIVE
    assert placement.version == 1
    assert not placement.is_shared
    host = placement.hosts.get()
    assert (host.organisation, host.slot, host.share, host.supervisor, host.is_current, host.start_date) == (
        s.first,
        1,
        Decimal(4),
        s.supervisor,
        True,
        START,
    )
    event = placement.events.get()
    assert event.kind == PlacementEventKind.STARTED
    assert event.occurred_on == START
    assert event.before == {}
    assert event.after == placement_snapshot(placement)
    assert event.created_by == s.coordinator
    entry = ActivityLog.objects.get(action_type="placements.placement.created")
    assert entry.object_id == placement.pk
    assert entry.data["route_id"] == s.route.pk
    assert entry.data["route"] == str(s.route)


def test_create_shared_by_two_hosts(s):
    teacher = UserFactory(name="Teun Docent")
    placement = _create(
        s,
        hosts=[
            HostInput(organisation=s.first, share=Decimal(3), supervisor=s.supervisor),
            HostInput(
                organisation=s.second,
                share=Decimal(1),
                supervisor=s.second_supervisor,
                contract_type=ContractType.EMPLOYMENT,
            ),
        ],
        teacher=teacher,
    )
    _commit_checks()

    assert placement.is_shared
    assert [(h.organisation_id, h.slot, h.share, h.contract_type) for h in placement.hosts.order_by("slot")] == [
        (s.first.pk, 1, Decimal(3), ContractType.LEARNING_WORK),
        (s.second.pk, 2, Decimal(1), ContractType.EMPLOYMENT),
    ]
    after = placement.events.get().after
    assert after["teacher"] == "Teun Docent"
    assert after["working_per_week"] == "4.0"
    assert after["share_unit"] == ShareUnit.DAYS
    assert [(h["organisation"], h["share"], h["supervisor"], h["is_current"]) for h in after["hosts"]] == [
        ("Eerste BV", "3.0", "Piet Eerst", True),
        ("Tweede BV", "1.0", "Truus Twee", True),
    ]


def test_create_in_hours_with_a_workplace(s):
    workplace = WorkplaceFactory(route=s.route, organisation=s.first)
    placement = _create(
        s,
        hosts=[HostInput(organisation=s.first, share=Decimal("32.5"), workplace=workplace)],
        working_per_week=Decimal("32.5"),
        share_unit=ShareUnit.HOURS,
    )
    _commit_checks()
    assert placement.hosts.get().workplace == workplace
    assert placement.share_unit == ShareUnit.HOURS


def test_create_refuses_shares_that_do_not_add_up_naming_both_numbers(s):
    hosts = [HostInput(organisation=s.first, share=Decimal(3)), HostInput(organisation=s.second, share=Decimal(2))]
    error = _refused("shares_sum", lambda: _create(s, hosts=hosts))
    with translation.override("en"):
        assert error.error_dict[NON_FIELD_ERRORS][0].messages == [
            "The shares add up to 5 days per week, not to the working time of 4 days per week."
        ]


@pytest.mark.parametrize("share", [Decimal(0), Decimal(-1), Decimal("2.25")])
def test_create_refuses_a_share_that_is_not_positive_or_too_precise(s, share):
    hosts = [HostInput(organisation=s.first, share=Decimal(4) - share), HostInput(organisation=s.second, share=share)]
    code = "share_precision" if share > 0 else "share_positive"
    _refused(code, lambda: _create(s, hosts=hosts))


def test_create_refuses_no_hosts_or_three(s):
    _refused("host_count", lambda: _create(s, hosts=[]))
    three = [
        HostInput(organisation=s.first, share=Decimal(2)),
        HostInput(organisation=s.second, share=Decimal(1)),
        HostInput(organisation=s.third, share=Decimal(1)),
    ]
    _refused("host_count", lambda: _create(s, hosts=three))


def test_create_refuses_the_same_company_twice(s):
    hosts = [HostInput(organisation=s.first, share=Decimal(3)), HostInput(organisation=s.first, share=Decimal(1))]
    _refused("same_company", lambda: _create(s, hosts=hosts))


def test_create_refuses_a_company_not_linked_to_the_route(s):
    outsider = OrganisationFactory(routes=[RouteFactory()])
    _refused("not_linked", lambda: _create(s, hosts=[HostInput(organisation=outsider, share=Decimal(4))]))


def test_create_refuses_a_supervisor_of_another_company_or_who_left(s):
    _refused(
        "supervisor_not_at_host",
        lambda: _create(s, hosts=[HostInput(organisation=s.first, share=Decimal(4), supervisor=s.second_supervisor)]),
    )
    gone = AffiliationFactory(organisation=s.first, ended_on=datetime.date(2026, 1, 1))
    _refused(
        "supervisor_not_at_host",
        lambda: _create(s, hosts=[HostInput(organisation=s.first, share=Decimal(4), supervisor=gone)]),
    )


def test_create_refuses_a_workplace_of_another_company(s):
    workplace = WorkplaceFactory(route=s.route, organisation=s.second)
    _refused(
        "workplace",
        lambda: _create(s, hosts=[HostInput(organisation=s.first, share=Decimal(4), workplace=workplace)]),
    )


@pytest.mark.parametrize(("start", "end"), [(START, START), (END, START)])
def test_create_refuses_dates_out_of_order(s, start, end):
    _refused("period", lambda: _create(s, start_date=start, end_date=end), field="end_date")


def test_create_warns_about_a_large_company_naming_its_size_and_accepts_when_confirmed(s):
    large = OrganisationFactory(name="Groot BV", size_class=SizeClass.LARGE, routes=[s.route])
    hosts = [HostInput(organisation=large, share=Decimal(4))]
    error = _refused("not_sme", lambda: _create(s, hosts=hosts))
    with translation.override("en"):
        assert "250+" in error.messages[0]
        assert "Groot BV" in error.messages[0]

    placement = _create(s, hosts=hosts, accept_non_sme=True)
    _commit_checks()
    assert placement.hosts.get().organisation == large


def test_create_warns_about_a_host_that_is_not_a_company(s):
    municipality = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, routes=[s.route])
    error = _refused("not_sme", lambda: _create(s, hosts=[HostInput(organisation=municipality, share=Decimal(4))]))
    assert error_codes(error) == {"not_sme"}


def test_create_refuses_a_student_with_a_current_placement(s):
    _create(s)
    _refused(
        "student_placed", lambda: _create(s, start_date=datetime.date(2029, 1, 1), end_date=datetime.date(2030, 1, 1))
    )


def test_create_refuses_a_period_overlapping_an_ended_placement(s):
    first = _create(s)
    Placement.objects.filter(pk=first.pk).update(status=PlacementStatus.ENDED, ended_on=datetime.date(2027, 1, 31))
    _refused("overlap", lambda: _create(s, start_date=datetime.date(2027, 1, 31)))

    second = _create(s, start_date=datetime.date(2027, 2, 1))
    _commit_checks()
    assert second.start_date == datetime.date(2027, 2, 1)


def test_create_reports_every_problem_at_once(s):
    outsider = OrganisationFactory(routes=[RouteFactory()])
    error = _refused(
        "not_linked",
        lambda: _create(s, hosts=[HostInput(organisation=outsider, share=Decimal(3))], end_date=START),
    )
    assert error_codes(error) == {"not_linked", "shares_sum", "period"}


def test_create_refuses_a_working_time_that_is_not_positive(s):
    _refused(
        "working_positive",
        lambda: _create(s, hosts=[HostInput(organisation=s.first, share=Decimal(1))], working_per_week=Decimal(0)),
        field="working_per_week",
    )
