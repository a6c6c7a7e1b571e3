"""Writes of placements: make one (with one or two host companies) and change it without losing history.

Every service checks all its input first and raises one `ValidationError` built from a dict: the key is the
form field to blame (`start_date`, `end_date`, `working_per_week`, `on`, `reason`, `expected_return`,
`supervisor`, `contract_type`) or `NON_FIELD_ERRORS` (`__all__`) for the rest; every error has a `code`
(`error_codes(exc)` lists them). A host that is not an SME gives code "not_sme", which `accept_non_sme=True`
lets pass (forms show it as a warning with a "continue anyway" checkbox). A `version` other than the
placement's raises `StaleVersionError`, naming what changed since. An ended placement is not changed any more.

Each change bumps the placement's `version`, writes a `PlacementEvent` (its `before` and `after` are
`placement_snapshot`s: nothing is overwritten without the event keeping the state before), logs
`placements.placement.<action>` on the placement, and brings the pipeline of the host companies it touched up
to date (`hosting_sync`). A host that is removed or replaced keeps its row, no longer current, with its end
date; when a placement ends its hosts keep `is_current` (they were its hosts at the end) and get the end date.

Writes keep the database's share check satisfied at every statement (SQLite refuses any statement after which
the current shares exceed the working time): shares are lowered and hosts closed before shares are raised and
hosts added.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from verbinder.core.activity import diff, log_action
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners.enums import OrganisationKind, SizeClass
from verbinder.partners.models import Affiliation, Organisation, Partnership
from verbinder.placements.enums import (
    CURRENT_PLACEMENT_STATUSES,
    ContractType,
    PlacementEventKind,
    PlacementStatus,
    ShareUnit,
)
from verbinder.placements.models import Placement, PlacementEvent, PlacementHost, Student, Workplace
from verbinder.placements.services.pipeline_link import hosting_sync

MAX_WORKING = {ShareUnit.DAYS: Decimal(7), ShareUnit.HOURS: Decimal(60)}
END_REASON_MAX_LENGTH = 500


@dataclass(frozen=True)
class HostInput:
    """A host company as the caller wants it: its share of the week, supervisor, contract and workplace."""

    organisation: Organisation
    share: Decimal
    supervisor: Affiliation | None = None
    contract_type: str = ContractType.LEARNING_WORK
    workplace: Workplace | None = None


def error_codes(exc: ValidationError) -> set[str]:
    """The codes of all errors in a service's ValidationError (for example to see whether "not_sme" is one)."""
    if hasattr(exc, "error_dict"):
        return {error.code or "" for errors in exc.error_dict.values() for error in errors}
    return {error.code or "" for error in exc.error_list}


class _Errors:
    """Collects every problem of the input, so that the user sees them all at once."""

    def __init__(self) -> None:
        self.items: dict[str, list[ValidationError]] = {}

    def add(self, message: str, *, code: str, params: Mapping[str, Any] | None = None, field: str = "") -> None:
        error = ValidationError(message, code=code, params=dict(params) if params else None)
        self.items.setdefault(field or NON_FIELD_ERRORS, []).append(error)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationError(dict(self.items))


# --- formatting for messages ---------------------------------------------------------------------------------


def _number(value: Decimal) -> str:
    integral = value.to_integral_value()
    return formats.number_format(integral if value == integral else value, use_l10n=True)


def _date(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _unit(share_unit: str) -> str:
    return str(ShareUnit(share_unit).label) if share_unit in ShareUnit.values else share_unit


# --- snapshots --------------------------------------------------------------------------------------------------


def _plain_decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value):.1f}"


def _plain_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def placement_snapshot(placement: Placement) -> dict[str, Any]:
    """The placement's state as an event keeps it: status, period, working time, teacher, pause and end, and
    every host (current and past) with its organisation, slot, share, supervisor, contract and dates."""
    hosts = (
        PlacementHost.objects.filter(placement_id=placement.pk)
        .select_related("organisation", "supervisor__person")
        .order_by("-is_current", "slot", "start_date", "pk")
    )
    teacher = placement.teacher
    return {
        "status": placement.status,
        "start_date": _plain_date(placement.start_date),
        "end_date": _plain_date(placement.end_date),
        "working_per_week": _plain_decimal(placement.working_per_week),
        "share_unit": placement.share_unit,
        "teacher_id": teacher.pk if teacher else None,
        "teacher": str(teacher) if teacher else "",
        "is_shared": placement.is_shared,
        "paused_since": _plain_date(placement.paused_since),
        "expected_return": _plain_date(placement.expected_return),
        "ended_on": _plain_date(placement.ended_on),
        "end_reason": placement.end_reason,
        "hosts": [
            {
                "id": host.pk,
                "organisation_id": host.organisation_id,
                "organisation": host.organisation.name,
                "slot": host.slot,
                "share": _plain_decimal(host.share),
                "supervisor_id": host.supervisor_id,
                "supervisor": host.supervisor.person.full_name if host.supervisor else "",
                "contract_type": host.contract_type,
                "start_date": _plain_date(host.start_date),
                "end_date": _plain_date(host.end_date),
                "is_current": host.is_current,
                "workplace_id": host.workplace_id,
            }
            for host in hosts
        ],
    }


# --- checks -----------------------------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _check_share(errors: _Errors, value: Any, *, name: str) -> Decimal | None:
    share = _decimal(value)
    if share is None or not share.is_finite() or share <= 0:
        errors.add(_("The share of %(name)s must be more than zero."), code="share_positive", params={"name": name})
        return None
    if share != share.quantize(Decimal("0.1")) or share >= 100:
        errors.add(
            _("The share of %(name)s can have at most one decimal (for example 2.5)."),
            code="share_precision",
            params={"name": name},
        )
        return None
    return share


def _check_working(errors: _Errors, value: Any, share_unit: str) -> Decimal | None:
    if share_unit not in ShareUnit.values:
        errors.add(_("Choose days or hours per week."), code="share_unit", field="share_unit")
        return None
    working = _decimal(value)
    if working is None or not working.is_finite() or working <= 0:
        errors.add(_("The working time must be more than zero."), code="working_positive", field="working_per_week")
        return None
    if working != working.quantize(Decimal("0.1")):
        errors.add(
            _("The working time can have at most one decimal (for example 2.5)."),
            code="working_precision",
            field="working_per_week",
        )
        return None
    limit = MAX_WORKING[ShareUnit(share_unit)]
    if working > limit:
        errors.add(
            _("The working time can be at most %(limit)s %(unit)s."),
            code="working_max",
            params={"limit": _number(limit), "unit": _unit(share_unit)},
            field="working_per_week",
        )
        return None
    return working


def _check_sum(errors: _Errors, shares: Iterable[Decimal], *, working: Decimal, share_unit: str) -> None:
    total = sum(shares, Decimal(0))
    if total != working:
        errors.add(
            _("The shares add up to %(total)s %(unit)s, not to the working time of %(working)s %(unit)s."),
            code="shares_sum",
            params={"total": _number(total), "working": _number(working), "unit": _unit(share_unit)},
        )


def _check_period(errors: _Errors, start_date: date, end_date: date) -> None:
    if end_date <= start_date:
        errors.add(_("The end date must be after the start date."), code="period", field="end_date")


def _check_reason(errors: _Errors, reason: str, *, max_length: int | None = None) -> str:
    reason = (reason or "").strip()
    if not reason:
        errors.add(_("Give a reason for this change."), code="reason_required", field="reason")
    elif max_length is not None and len(reason) > max_length:
        errors.add(
            _("The reason can be at most %(limit)s characters long."),
            code="reason_length",
            params={"limit": max_length},
            field="reason",
        )
    return reason


def _check_on(errors: _Errors, placement: Placement, on: date) -> None:
    if not placement.start_date <= on <= placement.end_date:
        errors.add(
            _("The date must lie within the placement's period (%(start)s to %(end)s)."),
            code="on_outside_period",
            params={"start": _date(placement.start_date), "end": _date(placement.end_date)},
            field="on",
        )


def _check_sme(errors: _Errors, organisation: Organisation, *, accept_non_sme: bool) -> None:
    if accept_non_sme:
        return
    if organisation.kind != OrganisationKind.COMPANY:
        errors.add(
            _("%(name)s is not an SME company but a %(kind)s; the route requires an SME."),
            code="not_sme",
            params={"name": organisation.name, "kind": str(OrganisationKind(organisation.kind).label).lower()},
        )
    elif organisation.size_class == SizeClass.LARGE:
        errors.add(
            _("%(name)s has %(size)s employees: it is not an SME, which the route requires."),
            code="not_sme",
            params={"name": organisation.name, "size": organisation.size_class},
        )


def _check_supervisor(
    errors: _Errors, supervisor: Affiliation | None, organisation: Organisation, *, field: str = ""
) -> None:
    if supervisor is None:
        return
    active = Affiliation.objects.filter(pk=supervisor.pk, organisation_id=organisation.pk, ended_on__isnull=True)
    if not active.exists():
        errors.add(
            _("%(person)s does not work at %(name)s: choose a supervisor of the host company."),
            code="supervisor_not_at_host",
            params={"person": str(supervisor.person), "name": organisation.name},
            field=field,
        )


def _check_contract_type(errors: _Errors, contract_type: str, *, field: str = "") -> None:
    if contract_type not in ContractType.values:
        errors.add(_("Choose one of the contract types."), code="contract_type", field=field)


def _check_host(
    errors: _Errors, host: HostInput, *, route_id: int, accept_non_sme: bool, check_share: bool = True
) -> Decimal | None:
    """Check one host company as given; answer its share (None when wrong or not checked)."""
    organisation = host.organisation
    if not Partnership.objects.filter(route_id=route_id, organisation_id=organisation.pk).exists():
        errors.add(
            _("%(name)s is not linked to the placement's route."), code="not_linked", params={"name": organisation.name}
        )
    _check_sme(errors, organisation, accept_non_sme=accept_non_sme)
    _check_supervisor(errors, host.supervisor, organisation)
    _check_contract_type(errors, host.contract_type)
    if host.workplace is not None and (
        host.workplace.route_id != route_id or host.workplace.organisation_id != organisation.pk
    ):
        errors.add(
            _("The learning workplace must be one of %(name)s in the placement's route."),
            code="workplace",
            params={"name": organisation.name},
        )
    return _check_share(errors, host.share, name=organisation.name) if check_share else None


def _check_student(
    errors: _Errors, *, student: Student, start_date: date, end_date: date, exclude_pk: int | None = None
) -> None:
    """No current placement besides this one, and no ended one whose period (up to its end) overlaps."""
    others = Placement.objects.filter(student_id=student.pk)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.filter(status__in=CURRENT_PLACEMENT_STATUSES).exists():
        errors.add(
            _("%(student)s already has a current placement."),
            code="student_placed",
            params={"student": student.full_name},
        )
    for ended in others.filter(status=PlacementStatus.ENDED).order_by("start_date", "pk"):
        last_day = ended.ended_on or ended.end_date
        if start_date <= last_day and ended.start_date <= end_date:
            errors.add(
                _("%(student)s had a placement from %(start)s to %(end)s, which overlaps this period."),
                code="overlap",
                params={"student": student.full_name, "start": _date(ended.start_date), "end": _date(last_day)},
            )


def _changed_since(current: Placement, version: int) -> list[str]:
    """The placement's fields (and "hosts") changed by the events after `version`: each change wrote one."""
    events = PlacementEvent.objects.filter(placement_id=current.pk).order_by("-pk")[: max(current.version - version, 0)]
    changed: list[str] = []
    for event in events:
        for key in [*event.after, *event.before]:
            if key not in changed and event.before.get(key) != event.after.get(key):
                changed.append(key)
    return changed


def _locked(placement: Placement, version: int) -> Placement:
    """The placement, locked, when `version` is still current and it has not ended."""
    current = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("route", "student", "teacher")
        .get(pk=placement.pk)
    )
    if current.version != version:
        raise StaleVersionError(changed=_changed_since(current, version))
    if current.status == PlacementStatus.ENDED:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    ValidationError(_("This placement has ended; it can no longer be changed."), code="ended")
                ]
            }
        )
    return current


def _current_hosts(placement: Placement) -> list[PlacementHost]:
    return list(
        PlacementHost.objects.select_for_update(of=("self",))
        .filter(placement_id=placement.pk, is_current=True)
        .select_related("organisation")
        .order_by("slot", "pk")
    )


def _check_is_current_host(
    errors: _Errors, host: PlacementHost, hosts: Sequence[PlacementHost]
) -> PlacementHost | None:
    found = next((candidate for candidate in hosts if candidate.pk == host.pk), None)
    if found is None:
        errors.add(_("This company is not a current host of the placement."), code="unknown_host")
    return found


def _new_shares(
    errors: _Errors, hosts: Sequence[PlacementHost], shares: Mapping[int, Any]
) -> dict[int, Decimal] | None:
    """Every current host's share after the change: given ones replace, the others stay."""
    known = {host.pk: host for host in hosts}
    unknown = [pk for pk in shares if pk not in known]
    if unknown:
        errors.add(_("This company is not a current host of the placement."), code="unknown_host")
        return None
    result: dict[int, Decimal] = {}
    ok = True
    for pk, host in known.items():
        if pk in shares:
            share = _check_share(errors, shares[pk], name=host.organisation.name)
            if share is None:
                ok = False
                continue
            result[pk] = share
        else:
            result[pk] = host.share
    return result if ok else None


# --- writing ----------------------------------------------------------------------------------------------------


def _set_shares(hosts: Sequence[PlacementHost], shares: Mapping[int, Decimal], *, lower: bool) -> None:
    """Write the hosts' shares that go down (lower=True) or up (lower=False)."""
    for host in hosts:
        new = shares.get(host.pk)
        if new is None or new == host.share or (new < host.share) != lower:
            continue
        PlacementHost.objects.filter(pk=host.pk).update(share=new, updated_at=timezone.now())


def _close_host(host: PlacementHost, on: date) -> None:
    PlacementHost.objects.filter(pk=host.pk).update(is_current=False, end_date=on, updated_at=timezone.now())


def _add_host(placement: Placement, host: HostInput, *, slot: int, share: Decimal, on: date) -> PlacementHost:
    return PlacementHost.objects.create(
        placement=placement,
        organisation=host.organisation,
        slot=slot,
        share=share,
        supervisor=host.supervisor,
        contract_type=host.contract_type,
        start_date=on,
        workplace=host.workplace,
    )


def _save(placement: Placement, **fields: Any) -> None:
    Placement.objects.filter(pk=placement.pk).update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    placement.refresh_from_db()


def _record(
    placement: Placement,
    *,
    by: Any,
    kind: str,
    action: str,
    on: date,
    reason: str,
    before: dict[str, Any],
    organisation_ids: Iterable[int],
    expected_return: date | None = None,
) -> PlacementEvent:
    """The event with the state before and after, the activity-log entry and the pipeline link."""
    after = placement_snapshot(placement)
    event = PlacementEvent.objects.create(
        placement=placement,
        kind=kind,
        occurred_on=on,
        reason=reason,
        expected_return=expected_return,
        before=before,
        after=after,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    route = placement.route
    log_action(
        actor=by,
        action_type=f"placements.placement.{action}",
        target=placement,
        changes=diff(before, after),
        data={"route": str(route), "route_id": route.pk, "event_id": event.pk, "kind": kind},
    )
    hosting_sync(route=route, organisation_ids=set(organisation_ids), by=by)
    return event


# --- services ---------------------------------------------------------------------------------------------------


@transaction.atomic
def placement_create(
    *,
    by: Any,
    student: Student,
    hosts: Sequence[HostInput],
    start_date: date,
    end_date: date,
    working_per_week: Decimal,
    share_unit: str = ShareUnit.DAYS,
    teacher: Any = None,
    accept_non_sme: bool = False,
) -> Placement:
    """Place the student (in their route) at one host company, or at two sharing the working week."""
    student = Student.objects.select_for_update(of=("self",)).select_related("route").get(pk=student.pk)
    route = student.route
    hosts = list(hosts)
    errors = _Errors()
    working = _check_working(errors, working_per_week, share_unit)
    _check_period(errors, start_date, end_date)
    if not 1 <= len(hosts) <= 2:
        errors.add(_("A placement has one or two host companies."), code="host_count")
    organisation_ids = [host.organisation.pk for host in hosts]
    if len(set(organisation_ids)) != len(organisation_ids):
        errors.add(_("The two host companies must be different companies."), code="same_company")
    shares = [_check_host(errors, host, route_id=route.pk, accept_non_sme=accept_non_sme) for host in hosts]
    if hosts and working is not None and None not in shares:
        _check_sum(errors, [share for share in shares if share is not None], working=working, share_unit=share_unit)
    if end_date > start_date:
        _check_student(errors, student=student, start_date=start_date, end_date=end_date)
    errors.raise_if_any()
    assert working is not None

    placement = Placement.objects.create(
        route=route,
        student=student,
        teacher=teacher,
        start_date=start_date,
        end_date=end_date,
        share_unit=share_unit,
        working_per_week=working,
        is_shared=len(hosts) == 2,
    )
    for slot, (host, share) in enumerate(zip(hosts, shares, strict=True), start=1):
        assert share is not None
        _add_host(placement, host, slot=slot, share=share, on=start_date)
    placement = Placement.objects.select_related("route", "student", "teacher").get(pk=placement.pk)
    _record(
        placement,
        by=by,
        kind=PlacementEventKind.STARTED,
        action="created",
        on=start_date,
        reason="",
        before={},
        organisation_ids=organisation_ids,
    )
    return placement


@transaction.atomic
def placement_host_add(
    *,
    by: Any,
    placement: Placement,
    host: HostInput,
    shares: Mapping[int, Decimal],
    on: date,
    reason: str,
    version: int,
    accept_non_sme: bool = False,
) -> Placement:
    """Add a second host company from `on`: `shares` gives the current host (by pk) its new, lower share; the
    new host's share makes up the rest of the week."""
    current = _locked(placement, version)
    hosts = _current_hosts(current)
    errors = _Errors()
    _check_on(errors, current, on)
    reason = _check_reason(errors, reason)
    share: Decimal | None = None
    new_shares: dict[int, Decimal] | None = None
    if len(hosts) != 1:
        errors.add(_("A placement has at most two host companies."), code="host_count")
    else:
        if host.organisation.pk == hosts[0].organisation_id:
            errors.add(_("The two host companies must be different companies."), code="same_company")
        share = _check_host(errors, host, route_id=current.route_id, accept_non_sme=accept_non_sme)
        new_shares = _new_shares(errors, hosts, shares)
        if share is not None and new_shares is not None:
            _check_sum(
                errors,
                [*new_shares.values(), share],
                working=current.working_per_week,
                share_unit=current.share_unit,
            )
    errors.raise_if_any()
    assert new_shares is not None and share is not None

    before = placement_snapshot(current)
    _set_shares(hosts, new_shares, lower=True)
    _add_host(current, host, slot=3 - hosts[0].slot, share=share, on=on)
    _save(current, is_shared=True)
    _record(
        current,
        by=by,
        kind=PlacementEventKind.HOST_ADDED,
        action="host_added",
        on=on,
        reason=reason,
        before=before,
        organisation_ids=[hosts[0].organisation_id, host.organisation.pk],
    )
    return current


@transaction.atomic
def placement_host_remove(
    *, by: Any, placement: Placement, host: PlacementHost, on: date, reason: str, version: int
) -> Placement:
    """Remove one of two host companies from `on` (its row stays, no longer current); the other one gets the
    whole working week."""
    current = _locked(placement, version)
    hosts = _current_hosts(current)
    errors = _Errors()
    _check_on(errors, current, on)
    reason = _check_reason(errors, reason)
    removed = _check_is_current_host(errors, host, hosts)
    if removed is not None:
        if len(hosts) != 2:
            errors.add(_("A placement keeps at least one host company: change the employer instead."), code="last_host")
        if on < removed.start_date:
            errors.add(
                _("The date is before %(name)s became a host (%(date)s)."),
                code="on_before_host_start",
                params={"name": removed.organisation.name, "date": _date(removed.start_date)},
                field="on",
            )
    errors.raise_if_any()
    assert removed is not None

    before = placement_snapshot(current)
    remaining = next(candidate for candidate in hosts if candidate.pk != removed.pk)
    _close_host(removed, on)
    _set_shares([remaining], {remaining.pk: current.working_per_week}, lower=False)
    _save(current, is_shared=False)
    _record(
        current,
        by=by,
        kind=PlacementEventKind.HOST_REMOVED,
        action="host_removed",
        on=on,
        reason=reason,
        before=before,
        organisation_ids=[removed.organisation_id, remaining.organisation_id],
    )
    return current


@transaction.atomic
def placement_employer_change(
    *,
    by: Any,
    placement: Placement,
    host: PlacementHost,
    new: HostInput,
    on: date,
    reason: str,
    version: int,
    accept_non_sme: bool = False,
) -> Placement:
    """The student changes employer from `on`: the old host closes (its row stays), the new company takes its
    slot and share (`new.share` is not used) with its own supervisor and contract."""
    current = _locked(placement, version)
    hosts = _current_hosts(current)
    errors = _Errors()
    _check_on(errors, current, on)
    reason = _check_reason(errors, reason)
    old = _check_is_current_host(errors, host, hosts)
    if old is not None:
        if new.organisation.pk in {candidate.organisation_id for candidate in hosts}:
            errors.add(
                _("%(name)s is already a host company of this placement."),
                code="same_company",
                params={"name": new.organisation.name},
            )
        if on < old.start_date:
            errors.add(
                _("The date is before %(name)s became a host (%(date)s)."),
                code="on_before_host_start",
                params={"name": old.organisation.name, "date": _date(old.start_date)},
                field="on",
            )
        _check_host(
            errors,
            dataclasses.replace(new, share=old.share),
            route_id=current.route_id,
            accept_non_sme=accept_non_sme,
            check_share=False,
        )
    errors.raise_if_any()
    assert old is not None

    before = placement_snapshot(current)
    _close_host(old, on)
    _add_host(current, new, slot=old.slot, share=old.share, on=on)
    _save(current)
    _record(
        current,
        by=by,
        kind=PlacementEventKind.EMPLOYER_CHANGED,
        action="employer_changed",
        on=on,
        reason=reason,
        before=before,
        organisation_ids=[old.organisation_id, new.organisation.pk],
    )
    return current


@transaction.atomic
def placement_shares_change(
    *,
    by: Any,
    placement: Placement,
    shares: Mapping[int, Decimal],
    on: date,
    reason: str,
    version: int,
    working_per_week: Decimal | None = None,
) -> Placement:
    """New shares for the current hosts (by pk; the others keep theirs) and, optionally, a new working time:
    together they must add up."""
    current = _locked(placement, version)
    hosts = _current_hosts(current)
    errors = _Errors()
    _check_on(errors, current, on)
    reason = _check_reason(errors, reason)
    working: Decimal | None = current.working_per_week
    if working_per_week is not None:
        working = _check_working(errors, working_per_week, current.share_unit)
    new_shares = _new_shares(errors, hosts, shares)
    if working is not None and new_shares is not None:
        _check_sum(errors, new_shares.values(), working=working, share_unit=current.share_unit)
    errors.raise_if_any()
    assert working is not None and new_shares is not None
    if working == current.working_per_week and all(new_shares[host.pk] == host.share for host in hosts):
        return current

    before = placement_snapshot(current)
    _set_shares(hosts, new_shares, lower=True)
    if working > current.working_per_week:
        Placement.objects.filter(pk=current.pk).update(working_per_week=working)
    _set_shares(hosts, new_shares, lower=False)
    _save(current, working_per_week=working)
    _record(
        current,
        by=by,
        kind=PlacementEventKind.SHARES_CHANGED,
        action="shares_changed",
        on=on,
        reason=reason,
        before=before,
        organisation_ids=[host.organisation_id for host in hosts],
    )
    return current


@transaction.atomic
def placement_host_update(
    *,
    by: Any,
    placement: Placement,
    host: PlacementHost,
    supervisor: Affiliation | None,
    contract_type: str,
    on: date,
    reason: str,
    version: int,
) -> Placement:
    """A current host's workplace supervisor (praktijkbegeleider) or contract type changes from `on`."""
    current = _locked(placement, version)
    hosts = _current_hosts(current)
    errors = _Errors()
    _check_on(errors, current, on)
    reason = _check_reason(errors, reason)
    found = _check_is_current_host(errors, host, hosts)
    if found is not None:
        _check_supervisor(errors, supervisor, found.organisation, field="supervisor")
    _check_contract_type(errors, contract_type, field="contract_type")
    errors.raise_if_any()
    assert found is not None
    supervisor_id = supervisor.pk if supervisor else None
    if found.supervisor_id == supervisor_id and found.contract_type == contract_type:
        return current

    before = placement_snapshot(current)
    PlacementHost.objects.filter(pk=found.pk).update(
        supervisor_id=supervisor_id, contract_type=contract_type, updated_at=timezone.now()
    )
    _save(current)
    _record(
        current,
        by=by,
        kind=PlacementEventKind.HOST_CHANGED,
        action="host_updated",
        on=on,
        reason=reason,
        before=before,
        organisation_ids=[found.organisation_id],
    )
    return current


@transaction.atomic
def placement_details_update(
    *, by: Any, placement: Placement, teacher: Any, end_date: date, on: date, reason: str, version: int
) -> Placement:
    """Another teacher (docent-begeleider) or end date."""
    current = _locked(placement, version)
    hosts = _current_hosts(current)
    errors = _Errors()
    _check_on(errors, current, on)
    reason = _check_reason(errors, reason)
    _check_period(errors, current.start_date, end_date)
    latest_start = max((host.start_date for host in hosts), default=current.start_date)
    if end_date > current.start_date and end_date < latest_start:
        errors.add(
            _("The end date must not be before the current host companies started (%(date)s)."),
            code="period_hosts",
            params={"date": _date(latest_start)},
            field="end_date",
        )
    if end_date > current.start_date:
        _check_student(
            errors, student=current.student, start_date=current.start_date, end_date=end_date, exclude_pk=current.pk
        )
    errors.raise_if_any()
    teacher_id = teacher.pk if teacher else None
    if current.teacher_id == teacher_id and current.end_date == end_date:
        return current

    before = placement_snapshot(current)
    _save(current, teacher_id=teacher_id, end_date=end_date)
    _record(
        current,
        by=by,
        kind=PlacementEventKind.DETAILS_CHANGED,
        action="updated",
        on=on,
        reason=reason,
        before=before,
        organisation_ids=[host.organisation_id for host in hosts],
    )
    return current


@transaction.atomic
def placement_pause(
    *, by: Any, placement: Placement, on: date, reason: str, expected_return: date | None, version: int
) -> Placement:
    """A break in learning from `on`, with its reason and (when known) the expected return."""
    current = _locked(placement, version)
    errors = _Errors()
    if current.status != PlacementStatus.ACTIVE:
        errors.add(_("Only an active placement can be paused."), code="not_active")
    _check_on(errors, current, on)
    reason = _check_reason(errors, reason)
    if expected_return is not None and expected_return <= on:
        errors.add(
            _("The expected return must be after the start of the pause."),
            code="expected_return",
            field="expected_return",
        )
    errors.raise_if_any()

    before = placement_snapshot(current)
    _save(current, status=PlacementStatus.PAUSED, paused_since=on, expected_return=expected_return)
    _record(
        current,
        by=by,
        kind=PlacementEventKind.PAUSED,
        action="paused",
        on=on,
        reason=reason,
        before=before,
        expected_return=expected_return,
        organisation_ids=current.hosts.filter(is_current=True).values_list("organisation_id", flat=True),
    )
    return current


@transaction.atomic
def placement_resume(*, by: Any, placement: Placement, on: date, reason: str, version: int) -> Placement:
    """The student is back from a pause on `on`."""
    current = _locked(placement, version)
    errors = _Errors()
    if current.status != PlacementStatus.PAUSED:
        errors.add(_("Only a paused placement can be resumed."), code="not_paused")
    _check_on(errors, current, on)
    reason = _check_reason(errors, reason)
    if current.paused_since is not None and on < current.paused_since:
        errors.add(
            _("The placement was paused on %(date)s: it cannot resume before that."),
            code="on_before_pause",
            params={"date": _date(current.paused_since)},
            field="on",
        )
    errors.raise_if_any()

    before = placement_snapshot(current)
    _save(current, status=PlacementStatus.ACTIVE, paused_since=None, expected_return=None)
    _record(
        current,
        by=by,
        kind=PlacementEventKind.RESUMED,
        action="resumed",
        on=on,
        reason=reason,
        before=before,
        organisation_ids=current.hosts.filter(is_current=True).values_list("organisation_id", flat=True),
    )
    return current


@transaction.atomic
def placement_end(*, by: Any, placement: Placement, on: date, reason: str, version: int) -> Placement:
    """End the placement on `on` (early, or on its end date: then it is completed), with a reason. The current
    hosts end on that day too; the host companies leave the stage "hosting" when they host nobody else."""
    current = _locked(placement, version)
    hosts = _current_hosts(current)
    errors = _Errors()
    _check_on(errors, current, on)
    reason = _check_reason(errors, reason, max_length=END_REASON_MAX_LENGTH)
    latest_start = max((host.start_date for host in hosts), default=current.start_date)
    if on < latest_start:
        errors.add(
            _("The date is before the current host companies started (%(date)s)."),
            code="on_before_host_start",
            params={"date": _date(latest_start)},
            field="on",
        )
    errors.raise_if_any()

    before = placement_snapshot(current)
    PlacementHost.objects.filter(pk__in=[host.pk for host in hosts]).update(end_date=on, updated_at=timezone.now())
    _save(
        current,
        status=PlacementStatus.ENDED,
        ended_on=on,
        end_reason=reason,
        paused_since=None,
        expected_return=None,
    )
    _record(
        current,
        by=by,
        kind=PlacementEventKind.COMPLETED if on >= current.end_date else PlacementEventKind.ENDED,
        action="ended",
        on=on,
        reason=reason,
        before=before,
        organisation_ids=[host.organisation_id for host in hosts],
    )
    return current
