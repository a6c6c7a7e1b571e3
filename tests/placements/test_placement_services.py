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
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.models import ActivityLog
from verbinder.partners.enums import OrganisationKind, SizeClass
from verbinder.partners.models import Affiliation, Organisation, Route
from verbinder.placements.enums import ContractType, PlacementEventKind, PlacementStatus, ShareUnit
from verbinder.placements.models import Placement, PlacementEvent, PlacementHost, Student
from verbinder.placements.services.placements import (
    HostInput,
    error_codes,
    placement_create,
    placement_details_update,
    placement_employer_change,
    placement_end,
    placement_host_add,
    placement_host_remove,
    placement_host_update,
    placement_pause,
    placement_resume,
    placement_shares_change,
    placement_snapshot,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 9, 1)
END = datetime.date(2028, 8, 31)


def _commit_checks() -> None:
    """PostgreSQL checks the shares at commit (a deferred trigger); a test never commits, so check now, and defer
    again for the next service (which, as at a real commit, may pass through states in between)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


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
    with translation.override("en"):
        error = _refused("shares_sum", lambda: _create(s, hosts=hosts))
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


# --- changes ----------------------------------------------------------------------------------------------------

ON = datetime.date(2027, 2, 1)


def _shared(s: Setting) -> Placement:
    return _create(
        s,
        hosts=[
            HostInput(organisation=s.first, share=Decimal(3), supervisor=s.supervisor),
            HostInput(organisation=s.second, share=Decimal(1), supervisor=s.second_supervisor),
        ],
    )


def _host(placement: Placement, organisation: Organisation) -> PlacementHost:
    return placement.hosts.get(organisation=organisation, is_current=True)


def _state(placement: Placement) -> tuple[Any, ...]:
    """Everything a refused change must leave as it was."""
    fresh = Placement.objects.get(pk=placement.pk)
    hosts = list(
        PlacementHost.objects.filter(placement=placement)
        .order_by("pk")
        .values_list("organisation_id", "slot", "share", "supervisor_id", "contract_type", "end_date", "is_current")
    )
    return (
        fresh.version,
        fresh.status,
        fresh.is_shared,
        fresh.end_date,
        fresh.teacher_id,
        fresh.working_per_week,
        fresh.paused_since,
        fresh.ended_on,
        hosts,
        _counts(),
    )


def _refused_change(placement: Placement, code: str, call: Any, *, field: str = NON_FIELD_ERRORS) -> ValidationError:
    before = _state(placement)
    with pytest.raises(ValidationError) as caught:
        call()
    assert code in {error.code for error in caught.value.error_dict.get(field, [])}, caught.value
    assert _state(placement) == before
    return caught.value


def _last_event(placement: Placement) -> PlacementEvent:
    return placement.events.order_by("-pk").first()


def _hosts_in(snapshot: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(h["organisation_id"], h["slot"], h["share"], h["is_current"], h["end_date"]) for h in snapshot["hosts"]]


def test_host_add_splits_the_week(s):
    placement = _create(s)
    first = _host(placement, s.first)

    changed = placement_host_add(
        by=s.coordinator,
        placement=placement,
        host=HostInput(organisation=s.second, share=Decimal(1), supervisor=s.second_supervisor),
        shares={first.pk: Decimal(3)},
        on=ON,
        reason="Te klein voor vier dagen",
        version=1,
    )
    _commit_checks()

    assert changed.version == 2
    assert changed.is_shared
    first.refresh_from_db()
    assert first.share == Decimal(3)
    second = _host(changed, s.second)
    assert (second.slot, second.share, second.start_date, second.supervisor) == (2, Decimal(1), ON, s.second_supervisor)
    event = _last_event(changed)
    assert (event.kind, event.occurred_on, event.reason) == (
        PlacementEventKind.HOST_ADDED,
        ON,
        "Te klein voor vier dagen",
    )
    assert _hosts_in(event.before) == [(s.first.pk, 1, "4.0", True, None)]
    assert _hosts_in(event.after) == [(s.first.pk, 1, "3.0", True, None), (s.second.pk, 2, "1.0", True, None)]
    assert event.before["is_shared"] is False and event.after["is_shared"] is True
    entry = ActivityLog.objects.get(action_type="placements.placement.host_added")
    assert entry.data["route_id"] == s.route.pk
    assert "hosts" in entry.changes


def test_host_add_refuses_bad_input_changing_nothing(s):
    placement = _create(s)
    first = _host(placement, s.first)

    def add(**overrides: Any) -> Any:
        arguments: dict[str, Any] = {
            "by": s.coordinator,
            "placement": placement,
            "host": HostInput(organisation=s.second, share=Decimal(1)),
            "shares": {first.pk: Decimal(3)},
            "on": ON,
            "reason": "Gedeeld",
            "version": 1,
        }
        arguments.update(overrides)
        return lambda: placement_host_add(**arguments)

    with translation.override("en"):
        error = _refused_change(placement, "shares_sum", add(shares={first.pk: Decimal(4)}))
        assert error.messages == ["The shares add up to 5 days per week, not to the working time of 4 days per week."]
    _refused_change(placement, "shares_sum", add(shares={}))
    _refused_change(placement, "same_company", add(host=HostInput(organisation=s.first, share=Decimal(1))))
    outsider = OrganisationFactory(routes=[RouteFactory()])
    _refused_change(placement, "not_linked", add(host=HostInput(organisation=outsider, share=Decimal(1))))
    large = OrganisationFactory(size_class=SizeClass.LARGE, routes=[s.route])
    _refused_change(placement, "not_sme", add(host=HostInput(organisation=large, share=Decimal(1))))
    _refused_change(placement, "on_outside_period", add(on=START - datetime.timedelta(days=1)), field="on")
    _refused_change(placement, "reason_required", add(reason="  "), field="reason")
    _refused_change(placement, "unknown_host", add(shares={first.pk + 1000: Decimal(3)}))
    _refused_change(
        placement,
        "supervisor_not_at_host",
        add(host=HostInput(organisation=s.second, share=Decimal(1), supervisor=s.supervisor)),
    )
    with pytest.raises(StaleVersionError):
        add(version=2)()

    add(host=HostInput(organisation=large, share=Decimal(1)), accept_non_sme=True, by=None)()
    _commit_checks()
    _refused_change(placement, "host_count", add(host=HostInput(organisation=s.third, share=Decimal(1)), version=2))


def test_host_remove_gives_the_remaining_host_the_whole_week(s):
    placement = _shared(s)
    first = _host(placement, s.first)

    changed = placement_host_remove(
        by=s.coordinator, placement=placement, host=first, on=ON, reason="Bedrijf stopt", version=1
    )
    _commit_checks()

    assert changed.version == 2
    assert not changed.is_shared
    first.refresh_from_db()
    assert (first.is_current, first.end_date, first.share) == (False, ON, Decimal(3))
    second = _host(changed, s.second)
    assert (second.slot, second.share) == (2, Decimal(4))
    event = _last_event(changed)
    assert event.kind == PlacementEventKind.HOST_REMOVED
    assert _hosts_in(event.before) == [(s.first.pk, 1, "3.0", True, None), (s.second.pk, 2, "1.0", True, None)]
    assert _hosts_in(event.after) == [
        (s.second.pk, 2, "4.0", True, None),
        (s.first.pk, 1, "3.0", False, ON.isoformat()),
    ]
    assert ActivityLog.objects.filter(action_type="placements.placement.host_removed", object_id=changed.pk).exists()

    # The second host can be added again afterwards, in the free slot.
    again = placement_host_add(
        by=s.coordinator,
        placement=changed,
        host=HostInput(organisation=s.third, share=Decimal(2)),
        shares={second.pk: Decimal(2)},
        on=datetime.date(2027, 3, 1),
        reason="Nieuwe partner",
        version=2,
    )
    _commit_checks()
    assert _host(again, s.third).slot == 1
    assert again.is_shared


def test_host_remove_refuses_bad_input_changing_nothing(s):
    single = _create(s)
    only = _host(single, s.first)
    _refused_change(
        single,
        "last_host",
        lambda: placement_host_remove(by=None, placement=single, host=only, on=ON, reason="Weg", version=1),
    )
    other_student = StudentFactory(route=s.route)
    shared = _create(
        s,
        student=other_student,
        hosts=[HostInput(organisation=s.first, share=Decimal(3)), HostInput(organisation=s.second, share=Decimal(1))],
    )
    _refused_change(
        shared,
        "unknown_host",
        lambda: placement_host_remove(by=None, placement=shared, host=only, on=ON, reason="Weg", version=1),
    )
    _refused_change(
        shared,
        "on_outside_period",
        lambda: placement_host_remove(
            by=None,
            placement=shared,
            host=_host(shared, s.second),
            on=END + datetime.timedelta(days=1),
            reason="Weg",
            version=1,
        ),
        field="on",
    )


def test_employer_change_closes_the_old_host_and_the_new_one_takes_its_slot_and_share(s):
    placement = _shared(s)
    first = _host(placement, s.first)
    third_supervisor = AffiliationFactory(organisation=s.third)

    changed = placement_employer_change(
        by=s.coordinator,
        placement=placement,
        host=first,
        new=HostInput(organisation=s.third, share=Decimal(9), supervisor=third_supervisor),
        on=ON,
        reason="Faillissement",
        version=1,
    )
    _commit_checks()

    assert changed.version == 2
    assert changed.is_shared
    first.refresh_from_db()
    assert (first.is_current, first.end_date) == (False, ON)
    third = _host(changed, s.third)
    assert (third.slot, third.share, third.start_date, third.supervisor) == (1, Decimal(3), ON, third_supervisor)
    event = _last_event(changed)
    assert event.kind == PlacementEventKind.EMPLOYER_CHANGED
    assert _hosts_in(event.before) == [(s.first.pk, 1, "3.0", True, None), (s.second.pk, 2, "1.0", True, None)]
    assert _hosts_in(event.after) == [
        (s.third.pk, 1, "3.0", True, None),
        (s.second.pk, 2, "1.0", True, None),
        (s.first.pk, 1, "3.0", False, ON.isoformat()),
    ]


def test_employer_change_refuses_bad_input_changing_nothing(s):
    placement = _shared(s)
    first = _host(placement, s.first)

    def change(**overrides: Any) -> Any:
        arguments: dict[str, Any] = {
            "by": s.coordinator,
            "placement": placement,
            "host": first,
            "new": HostInput(organisation=s.third, share=Decimal(3)),
            "on": ON,
            "reason": "Overstap",
            "version": 1,
        }
        arguments.update(overrides)
        return lambda: placement_employer_change(**arguments)

    _refused_change(placement, "same_company", change(new=HostInput(organisation=s.second, share=Decimal(3))))
    _refused_change(placement, "same_company", change(new=HostInput(organisation=s.first, share=Decimal(3))))
    large = OrganisationFactory(size_class=SizeClass.LARGE, routes=[s.route])
    _refused_change(placement, "not_sme", change(new=HostInput(organisation=large, share=Decimal(3))))
    _refused_change(placement, "reason_required", change(reason=""), field="reason")
    with pytest.raises(StaleVersionError):
        change(version=5)()


def test_shares_change_with_and_without_a_new_working_time(s):
    placement = _shared(s)
    first, second = _host(placement, s.first), _host(placement, s.second)

    changed = placement_shares_change(
        by=s.coordinator,
        placement=placement,
        shares={first.pk: Decimal(2), second.pk: Decimal(2)},
        on=ON,
        reason="Eerlijk delen",
        version=1,
    )
    _commit_checks()
    assert changed.version == 2
    assert sorted(changed.hosts.filter(is_current=True).values_list("share", flat=True)) == [Decimal(2), Decimal(2)]

    more = placement_shares_change(
        by=s.coordinator,
        placement=changed,
        shares={first.pk: Decimal(3)},
        working_per_week=Decimal(5),
        on=ON,
        reason="Een dag meer",
        version=2,
    )
    _commit_checks()
    assert more.working_per_week == Decimal(5)
    event = _last_event(more)
    assert event.kind == PlacementEventKind.SHARES_CHANGED
    assert (event.before["working_per_week"], event.after["working_per_week"]) == ("4.0", "5.0")

    fewer = placement_shares_change(
        by=s.coordinator,
        placement=more,
        shares={first.pk: Decimal("1.5"), second.pk: Decimal("1.5")},
        working_per_week=Decimal(3),
        on=ON,
        reason="Minder",
        version=3,
    )
    _commit_checks()
    assert (fewer.working_per_week, fewer.version) == (Decimal(3), 4)


def test_shares_change_refuses_shares_that_do_not_add_up(s):
    placement = _shared(s)
    first = _host(placement, s.first)
    _refused_change(
        placement,
        "shares_sum",
        lambda: placement_shares_change(
            by=None, placement=placement, shares={first.pk: Decimal(2)}, on=ON, reason="x", version=1
        ),
    )
    _refused_change(
        placement,
        "shares_sum",
        lambda: placement_shares_change(
            by=None, placement=placement, shares={}, working_per_week=Decimal(5), on=ON, reason="x", version=1
        ),
    )
    _refused_change(
        placement,
        "share_positive",
        lambda: placement_shares_change(
            by=None, placement=placement, shares={first.pk: Decimal(0)}, on=ON, reason="x", version=1
        ),
    )


def test_shares_change_that_changes_nothing_writes_nothing(s):
    placement = _shared(s)
    first = _host(placement, s.first)
    before = _state(placement)
    placement_shares_change(by=None, placement=placement, shares={first.pk: Decimal(3)}, on=ON, reason="x", version=1)
    assert _state(placement) == before


def test_host_update_changes_supervisor_and_contract(s):
    placement = _create(s)
    first = _host(placement, s.first)
    new_supervisor = AffiliationFactory(organisation=s.first, person__first_name="Nina", person__last_name="Nieuw")

    changed = placement_host_update(
        by=s.coordinator,
        placement=placement,
        host=first,
        supervisor=new_supervisor,
        contract_type=ContractType.EMPLOYMENT,
        on=ON,
        reason="Piet met pensioen",
        version=1,
    )
    _commit_checks()

    first.refresh_from_db()
    assert (first.supervisor, first.contract_type) == (new_supervisor, ContractType.EMPLOYMENT)
    event = _last_event(changed)
    assert event.kind == PlacementEventKind.HOST_CHANGED
    assert event.before["hosts"][0]["supervisor"] == "Piet Eerst"
    assert event.after["hosts"][0]["supervisor"] == "Nina Nieuw"
    assert event.after["hosts"][0]["contract_type"] == ContractType.EMPLOYMENT


def test_host_update_refuses_a_supervisor_elsewhere_or_an_unknown_contract(s):
    placement = _create(s)
    first = _host(placement, s.first)
    _refused_change(
        placement,
        "supervisor_not_at_host",
        lambda: placement_host_update(
            by=None,
            placement=placement,
            host=first,
            supervisor=s.second_supervisor,
            contract_type=ContractType.LEARNING_WORK,
            on=ON,
            reason="x",
            version=1,
        ),
        field="supervisor",
    )
    _refused_change(
        placement,
        "contract_type",
        lambda: placement_host_update(
            by=None,
            placement=placement,
            host=first,
            supervisor=None,
            contract_type="stage",
            on=ON,
            reason="x",
            version=1,
        ),
        field="contract_type",
    )


def test_details_update_changes_teacher_and_end_date(s):
    placement = _create(s)
    teacher = UserFactory(name="Dora Docent")
    new_end = datetime.date(2028, 1, 31)

    changed = placement_details_update(
        by=s.coordinator,
        placement=placement,
        teacher=teacher,
        end_date=new_end,
        on=ON,
        reason="Eerder klaar",
        version=1,
    )
    _commit_checks()

    assert (changed.teacher, changed.end_date, changed.version) == (teacher, new_end, 2)
    event = _last_event(changed)
    assert event.kind == PlacementEventKind.DETAILS_CHANGED
    assert (event.before["teacher"], event.after["teacher"]) == ("", "Dora Docent")
    assert (event.before["end_date"], event.after["end_date"]) == (END.isoformat(), new_end.isoformat())


def test_details_update_refuses_an_end_before_the_start(s):
    placement = _create(s)
    _refused_change(
        placement,
        "period",
        lambda: placement_details_update(
            by=None, placement=placement, teacher=None, end_date=START, on=ON, reason="x", version=1
        ),
        field="end_date",
    )


def test_pause_and_resume(s):
    placement = _create(s)
    back = datetime.date(2027, 4, 1)

    paused = placement_pause(
        by=s.coordinator, placement=placement, on=ON, reason="Ziek", expected_return=back, version=1
    )
    _commit_checks()
    assert (paused.status, paused.paused_since, paused.expected_return, paused.version) == (
        PlacementStatus.PAUSED,
        ON,
        back,
        2,
    )
    event = _last_event(paused)
    assert (event.kind, event.expected_return, event.reason) == (PlacementEventKind.PAUSED, back, "Ziek")
    assert (event.before["status"], event.after["status"]) == ("active", "paused")
    assert event.after["expected_return"] == back.isoformat()

    resumed = placement_resume(
        by=s.coordinator, placement=paused, on=datetime.date(2027, 3, 15), reason="Hersteld", version=2
    )
    _commit_checks()
    assert (resumed.status, resumed.paused_since, resumed.expected_return) == (PlacementStatus.ACTIVE, None, None)
    assert _last_event(resumed).kind == PlacementEventKind.RESUMED


def test_pause_and_resume_refuse_bad_input(s):
    placement = _create(s)
    _refused_change(
        placement,
        "expected_return",
        lambda: placement_pause(by=None, placement=placement, on=ON, reason="Ziek", expected_return=ON, version=1),
        field="expected_return",
    )
    _refused_change(
        placement,
        "not_paused",
        lambda: placement_resume(by=None, placement=placement, on=ON, reason="Terug", version=1),
    )
    placement_pause(by=None, placement=placement, on=ON, reason="Ziek", expected_return=None, version=1)
    _refused_change(
        placement,
        "not_active",
        lambda: placement_pause(by=None, placement=placement, on=ON, reason="Ziek", expected_return=None, version=2),
    )
    _refused_change(
        placement,
        "on_before_pause",
        lambda: placement_resume(
            by=None, placement=placement, on=ON - datetime.timedelta(days=1), reason="Terug", version=2
        ),
        field="on",
    )


def test_end_early_and_then_nothing_changes_any_more(s):
    placement = _shared(s)
    ended = placement_end(by=s.coordinator, placement=placement, on=ON, reason="Gestopt met de opleiding", version=1)
    _commit_checks()

    assert (ended.status, ended.ended_on, ended.end_reason, ended.version) == (
        PlacementStatus.ENDED,
        ON,
        "Gestopt met de opleiding",
        2,
    )
    assert set(ended.hosts.values_list("end_date", "is_current")) == {(ON, True)}
    event = _last_event(ended)
    assert event.kind == PlacementEventKind.ENDED
    assert (event.before["status"], event.after["status"], event.after["ended_on"]) == (
        "active",
        "ended",
        ON.isoformat(),
    )
    assert ActivityLog.objects.filter(action_type="placements.placement.ended", object_id=ended.pk).exists()

    first = _host(ended, s.first)
    _refused_change(
        ended,
        "ended",
        lambda: placement_pause(by=None, placement=ended, on=ON, reason="x", expected_return=None, version=2),
    )
    _refused_change(
        ended,
        "ended",
        lambda: placement_host_remove(by=None, placement=ended, host=first, on=ON, reason="x", version=2),
    )
    _refused_change(ended, "ended", lambda: placement_end(by=None, placement=ended, on=ON, reason="x", version=2))


def test_end_on_the_end_date_is_completed_and_needs_a_reason(s):
    placement = _create(s)
    _refused_change(
        placement,
        "reason_required",
        lambda: placement_end(by=None, placement=placement, on=END, reason="", version=1),
        field="reason",
    )
    _refused_change(
        placement,
        "on_outside_period",
        lambda: placement_end(
            by=None, placement=placement, on=START - datetime.timedelta(days=1), reason="x", version=1
        ),
        field="on",
    )
    ended = placement_end(by=None, placement=placement, on=END, reason="Diploma", version=1)
    _commit_checks()
    assert _last_event(ended).kind == PlacementEventKind.COMPLETED


def test_a_paused_placement_can_end_and_its_pause_is_cleared(s):
    placement = _create(s)
    placement_pause(by=None, placement=placement, on=ON, reason="Ziek", expected_return=None, version=1)
    ended = placement_end(by=None, placement=placement, on=datetime.date(2027, 3, 1), reason="Gestopt", version=2)
    _commit_checks()
    assert (ended.status, ended.paused_since, ended.expected_return) == (PlacementStatus.ENDED, None, None)
    assert _last_event(ended).before["paused_since"] == ON.isoformat()


def test_a_stale_version_names_what_changed(s):
    placement = _create(s)
    placement_pause(by=None, placement=placement, on=ON, reason="Ziek", expected_return=None, version=1)
    with pytest.raises(StaleVersionError) as caught:
        placement_end(by=None, placement=placement, on=ON, reason="Gestopt", version=1)
    assert "status" in caught.value.changed
    assert "paused_since" in caught.value.changed
