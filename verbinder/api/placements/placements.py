"""Placements: a student at one host company, or at two that share them. Staff of the route read them and their
events; coordinators change them through actions (each an event with a date and a reason, so nothing is
overwritten). A company contact or workplace supervisor reads the placements of their company (or that they
supervise): their own host in full, of the other host of a shared placement only the company and its share.
A student reads their own placement. Anyone else: 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, Value, When
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from verbinder.accounts.models import User
from verbinder.accounts.scope import scope_for
from verbinder.api.errors import CONFLICT, READ, WRITE, Invalid, errors, stale_conflict
from verbinder.api.fields import MAX_ID, BodyId, Flag, Notes, Version
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.partners.schemas import InputSchema
from verbinder.api.permissions import require_perm
from verbinder.api.placements.schemas import (
    Amount,
    IsoDate,
    OrganisationRef,
    RouteRef,
    StudentRef,
    SupervisorRef,
    UserRef,
    amount,
    invalid,
    organisation_ref,
    route_ref,
    sees_all,
    supervisor_ref,
    user_ref,
)
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners.models import Affiliation, Organisation
from verbinder.partners.selectors import organisation_get_for_user
from verbinder.placements.enums import (
    CURRENT_PLACEMENT_STATUSES,
    ContractType,
    PlacementEventKind,
    PlacementStatus,
    ShareUnit,
)
from verbinder.placements.models import Placement, PlacementEvent, PlacementHost, Workplace
from verbinder.placements.services import placements as services
from verbinder.placements.services.placements import HostInput
from verbinder.placements.services.students import route_staff_ids

router = Router(tags=["placements"])
PlacementId = Path(..., ge=1, le=MAX_ID)


class PlacementQuery(PageQuery):
    route: int | None = Field(None, ge=1, le=MAX_ID, description="Only placements of this route.")
    status: PlacementStatus | None = None
    shared: bool | None = Field(None, description="true: only shared placements; false: only those with one host.")
    ending_within_days: int | None = Field(
        None, ge=0, le=3650, description="Only current placements that end within this many days from today."
    )
    organisation: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only placements at this company (a current or a past host)."
    )


class HostOut(Schema):
    """A host company. A `limited` host is the other company of a shared placement, seen by a company contact or
    a workplace supervisor: only the company (and, for a company contact, its share); the rest is null."""

    id: int
    organisation: OrganisationRef
    slot: int = Field(description="1 for the first host company, 2 for the second of a shared placement.")
    share: float | None = Field(
        description="Days or hours per week (the placement's share_unit); of a limited host null for a supervisor."
    )
    is_current: bool
    limited: bool
    supervisor: SupervisorRef | None = Field(description="The workplace supervisor (praktijkbegeleider).")
    contract_type: ContractType | None
    start_date: date | None
    end_date: date | None
    workplace_id: int | None


class PlacementOut(Schema):
    id: int
    route: RouteRef | None = Field(description="null for callers outside the hogeschool.")
    student: StudentRef
    teacher: UserRef | None = Field(description="The teacher (docent-begeleider).")
    start_date: date
    end_date: date
    share_unit: ShareUnit
    working_per_week: float = Field(description="The hosts' shares add up to it.")
    status: PlacementStatus
    is_shared: bool
    paused_since: date | None
    expected_return: date | None
    ended_on: date | None
    end_reason: str | None = Field(description="null for callers outside the hogeschool (but the student).")
    hosts: list[HostOut] = Field(description="The current host companies.")
    created_at: datetime
    updated_at: datetime
    version: int


class PlacementDetailOut(PlacementOut):
    past_hosts: list[HostOut] = Field(description="Host companies that were removed or replaced.")


class PlacementPage(PageOut):
    items: list[PlacementOut]


class EventOut(Schema):
    id: int
    kind: PlacementEventKind
    occurred_on: date
    reason: str
    expected_return: date | None
    before: dict[str, Any] = Field(description="The placement and its hosts before the change.")
    after: dict[str, Any] = Field(description="The placement and its hosts after the change.")
    created_by: UserRef | None
    created_at: datetime


class EventPage(PageOut):
    items: list[EventOut]


def _host_out(host: PlacementHost, *, limited: bool, share: bool = True) -> HostOut:
    return HostOut(
        id=host.pk,
        organisation=organisation_ref(host.organisation),
        slot=host.slot,
        share=float(host.share) if share else None,
        is_current=host.is_current,
        limited=limited,
        supervisor=None if limited else supervisor_ref(host.supervisor),
        contract_type=None if limited else ContractType(host.contract_type),
        start_date=None if limited else host.start_date,
        end_date=None if limited else host.end_date,
        workplace_id=None if limited else host.workplace_id,
    )


def _hosts(placement: Placement, *, full: bool) -> tuple[list[HostOut], list[HostOut]]:
    """The current and past hosts as this caller may see them, as the portal shows them: everything to staff and
    the student; to a company contact or supervisor their own hosts (of their company, or that they supervise) in
    full and, while one of those is current, the other current company by name (with its share for a company
    contact)."""
    hosts: list[PlacementHost] = list(placement.hosts.all())
    if full:
        return (
            [_host_out(host, limited=False) for host in hosts if host.is_current],
            [_host_out(host, limited=False) for host in hosts if not host.is_current],
        )
    own = [host for host in hosts if host.is_own]  # type: ignore[attr-defined]
    current_own = [host for host in own if host.is_current]
    as_contact = any(host.is_contact for host in current_own)  # type: ignore[attr-defined]
    current: list[HostOut] = []
    for host in hosts:
        if not host.is_current:
            continue
        if host.is_own:  # type: ignore[attr-defined]
            current.append(_host_out(host, limited=False))
        elif current_own:
            current.append(_host_out(host, limited=True, share=as_contact))
    past = [_host_out(host, limited=False) for host in own if not host.is_current]
    return current, past


def _fields(user: Any, placement: Placement) -> tuple[dict[str, Any], list[HostOut], list[HostOut]]:
    full = sees_all(user, placement.route_id) or placement.student.user_id == user.pk
    current, past = _hosts(placement, full=full)
    student = placement.student
    fields = {
        "id": placement.pk,
        "route": route_ref(user, placement.route),
        "student": StudentRef(id=student.pk, first_name=student.first_name, last_name=student.last_name),
        "teacher": user_ref(placement.teacher),
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "share_unit": ShareUnit(placement.share_unit),
        "working_per_week": float(placement.working_per_week),
        "status": PlacementStatus(placement.status),
        "is_shared": placement.is_shared,
        "paused_since": placement.paused_since,
        "expected_return": placement.expected_return,
        "ended_on": placement.ended_on,
        "end_reason": placement.end_reason if full else None,
        "created_at": placement.created_at,
        "updated_at": placement.updated_at,
        "version": placement.version,
    }
    return fields, current, past


def placement_out(user: Any, placement: Placement) -> PlacementOut:
    fields, current, _ = _fields(user, placement)
    return PlacementOut(**fields, hosts=current)


def placement_detail_out(user: Any, placement: Placement) -> PlacementDetailOut:
    fields, current, past = _fields(user, placement)
    return PlacementDetailOut(**fields, hosts=current, past_hosts=past)


def _flag(condition: Q | None) -> Any:
    if condition is None:
        return Value(False)
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _hosts_for(user: Any) -> Any:
    """A placement's hosts, each marked `is_own` (of the caller's companies, or supervised by them) and
    `is_contact` (of a company they are a contact of)."""
    scope = scope_for(user)
    contact = Q(organisation_id__in=scope.contact_organisation_ids) if scope.contact_organisation_ids else None
    own = contact
    if scope.supervisor_organisation_ids:
        supervised = Q(pk__in=PlacementHost.objects.supervised_by(user).values("pk"))
        own = supervised if own is None else own | supervised
    return (
        PlacementHost.objects.select_related("organisation", "supervisor__person")
        .annotate(is_own=_flag(own), is_contact=_flag(contact))
        .order_by("-is_current", "slot", "start_date", "pk")
    )


def _hosts_seen(user: Any, hosts: Any) -> Any:
    """Of these hosts, those the caller may know of: a filter must not tell a company about a host it is not
    shown (another company's past host, or the other current one after its own host left)."""
    scope = scope_for(user)
    if scope.is_admin:
        return hosts
    own = scope.contact_organisation_ids | scope.supervisor_organisation_ids
    own_current = PlacementHost.objects.filter(placement_id=OuterRef("placement_id"), is_current=True)
    return hosts.filter(
        Q(placement__route_id__in=scope.staff_route_ids)
        | Q(organisation_id__in=own)
        | Q(placement__student__user_id=user.pk)
        | (Q(is_current=True) & Exists(own_current.filter(organisation_id__in=own)))
    )


def placements_for(user: Any) -> Any:
    return (
        Placement.objects.visible_to(user)
        .select_related("route", "student", "teacher")
        .prefetch_related(Prefetch("hosts", queryset=_hosts_for(user)))
    )


def placement_get(user: Any, pk: int) -> Placement:
    return get_object_or_404(placements_for(user), pk=pk)


@router.get("/placements", response={200: PlacementPage, **errors(*READ)}, url_name="placement-list")
def placement_list(request: HttpRequest, filters: Query[PlacementQuery]) -> dict[str, Any]:
    """The placements you may see, latest start first, with their current hosts."""
    queryset = placements_for(request.user)
    if filters.route is not None:
        queryset = queryset.filter(route_id=filters.route)
    if filters.status is not None:
        queryset = queryset.filter(status=filters.status)
    if filters.shared is not None:
        queryset = queryset.filter(is_shared=filters.shared)
    if filters.ending_within_days is not None:
        today = timezone.localdate()
        queryset = queryset.filter(
            status__in=CURRENT_PLACEMENT_STATUSES,
            end_date__gte=today,
            end_date__lte=today + timedelta(days=filters.ending_within_days),
        )
    if filters.organisation is not None:
        at = PlacementHost.objects.filter(placement_id=OuterRef("pk"), organisation_id=filters.organisation)
        queryset = queryset.filter(Exists(_hosts_seen(request.user, at)))
    page = paginate(queryset, filters)
    page["items"] = [placement_out(request.user, placement) for placement in page["items"]]
    return page


@router.get(
    "/placements/{placement_id}", response={200: PlacementDetailOut, **errors(*READ)}, url_name="placement-detail"
)
def placement_detail(request: HttpRequest, placement_id: int = PlacementId) -> PlacementDetailOut:
    """One placement with its current and past hosts."""
    return placement_detail_out(request.user, placement_get(request.user, placement_id))


@router.get(
    "/placements/{placement_id}/events",
    response={200: EventPage, **errors(*READ, 403)},
    url_name="placement-events",
)
def placement_events(request: HttpRequest, page: Query[PageQuery], placement_id: int = PlacementId) -> dict[str, Any]:
    """The placement's timeline, latest first: every change with its date, reason and the state before and after.
    Staff of the route; others who may see the placement get 403."""
    placement = get_object_or_404(Placement.objects.visible_to(request.user), pk=placement_id)
    require_perm(request.user, "placements.view_placements", placement)
    queryset = PlacementEvent.objects.filter(placement=placement).select_related("created_by")
    result = paginate(queryset, page)
    result["items"] = [
        EventOut(
            id=event.pk,
            kind=PlacementEventKind(event.kind),
            occurred_on=event.occurred_on,
            reason=event.reason,
            expected_return=event.expected_return,
            before=event.before,
            after=event.after,
            created_by=user_ref(event.created_by),
            created_at=event.created_at,
        )
        for event in result["items"]
    ]
    return result


# Changes: each an action with the `version` you read, a date within the placement's period and a reason.


class ChangeIn(InputSchema):
    version: Version
    on: IsoDate = Field(description="The day the change takes effect, within the placement's period.")
    reason: Notes = Field(description="Why: kept on the placement's timeline.")


class HostIn(InputSchema):
    organisation: BodyId = Field(description="A company of the placement's route.")
    supervisor: BodyId | None = Field(None, description="A current affiliation (role) of a person at the company.")
    contract_type: ContractType = ContractType.LEARNING_WORK
    workplace: BodyId | None = Field(None, description="A learning workplace of the company in the route.")


class NewHostIn(HostIn):
    share: Amount


class ShareIn(InputSchema):
    host: BodyId = Field(description="A current host (its id in `hosts`).")
    share: Amount


class HostAddIn(ChangeIn):
    host: NewHostIn
    shares: list[ShareIn] = Field(max_length=2, description="The current host's new (lower) share.")
    accept_non_sme: Flag = Field(False, description="Add the company even though it is not an SME.")


class HostRemoveIn(ChangeIn):
    host: BodyId = Field(description="The current host that leaves; the other one gets the whole week.")


class EmployerChangeIn(ChangeIn):
    host: BodyId = Field(description="The current host that is replaced; the new company takes its share.")
    new: HostIn
    accept_non_sme: Flag = Field(False, description="Change to the company even though it is not an SME.")


class SharesChangeIn(ChangeIn):
    shares: list[ShareIn] = Field(min_length=1, max_length=2)
    working_per_week: Amount | None = Field(None, description="A new working time; the shares add up to it.")


class HostUpdateIn(ChangeIn):
    host: BodyId
    supervisor: BodyId | None = Field(description="A current affiliation at the host company, or null for none.")
    contract_type: ContractType


class DetailsUpdateIn(ChangeIn):
    teacher: BodyId | None = Field(description="A teacher or coordinator of the route, or null for none.")
    end_date: IsoDate


class PauseIn(ChangeIn):
    expected_return: IsoDate | None = Field(None, description="When the student is expected back, if known.")


def _host_of(placement: Placement, pk: int, loc: str = "host") -> PlacementHost:
    host = placement.hosts.filter(pk=pk).select_related("organisation").first()
    if host is None:
        raise Invalid.at(
            ["body", "payload", loc], _("This company is not a current host of the placement."), "unknown_host"
        )
    return host


def _supervisor(pk: int | None, organisation: Organisation, loc: list[str | int]) -> Affiliation | None:
    """Only a person at the host company: an id of anyone else's role is refused without naming them."""
    if pk is None:
        return None
    found = Affiliation.objects.filter(pk=pk, organisation=organisation, ended_on__isnull=True).first()
    if found is None:
        raise Invalid.at(
            ["body", "payload", *loc],
            _("Choose a workplace supervisor who works at %(company)s.") % {"company": organisation.name},
            "supervisor_not_at_host",
        )
    return found


def _host_input(request: HttpRequest, host: HostIn, share: Decimal, loc: str) -> HostInput:
    organisation = organisation_get_for_user(user=request.user, pk=host.organisation)
    workplace = None
    if host.workplace is not None:
        workplace = get_object_or_404(Workplace.objects.visible_to(request.user), pk=host.workplace)
    return HostInput(
        organisation=organisation,
        share=share,
        supervisor=_supervisor(host.supervisor, organisation, [loc, "supervisor"]),
        contract_type=host.contract_type,
        workplace=workplace,
    )


def _shares(shares: list[ShareIn]) -> dict[int, Decimal]:
    return {item.host: amount(item.share) for item in shares}


def _change(request: HttpRequest, placement_id: int, change: Callable[[Placement], Any]) -> PlacementDetailOut:
    """Find the placement (404), check the coordinator's right (403), make the change (409 when stale, 422 with
    the service's messages), and answer the placement as it is now."""
    placement = placement_get(request.user, placement_id)
    require_perm(request.user, "placements.change_placement", placement)
    try:
        change(placement)
    except StaleVersionError as exc:
        current = Placement.objects.values_list("version", flat=True).get(pk=placement.pk)
        raise stale_conflict(Placement, exc, current) from exc
    except ValidationError as exc:
        raise invalid(exc) from exc
    return placement_detail_out(request.user, placement_get(request.user, placement_id))


CHANGED = {200: PlacementDetailOut, **errors(*WRITE, CONFLICT)}


@router.post("/placements/{placement_id}/add-host", response=CHANGED, url_name="placement-host-add")
def placement_host_add(request: HttpRequest, payload: HostAddIn, placement_id: int = PlacementId) -> Any:
    """Add a second host company from `on`, making it a shared placement: give the current host its new, lower
    share in `shares`; the new host's share makes up the rest. A company that is not an SME: 422 with type
    `not_sme` (naming its size), unless `accept_non_sme` is true."""

    def change(placement: Placement) -> Any:
        return services.placement_host_add(
            by=request.user,
            placement=placement,
            host=_host_input(request, payload.host, amount(payload.host.share), "host"),
            shares=_shares(payload.shares),
            on=payload.on,
            reason=payload.reason,
            version=payload.version,
            accept_non_sme=payload.accept_non_sme,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/remove-host", response=CHANGED, url_name="placement-host-remove")
def placement_host_remove(request: HttpRequest, payload: HostRemoveIn, placement_id: int = PlacementId) -> Any:
    """One of two host companies leaves from `on` (it stays in `past_hosts`); the other gets the whole week."""

    def change(placement: Placement) -> Any:
        return services.placement_host_remove(
            by=request.user,
            placement=placement,
            host=_host_of(placement, payload.host),
            on=payload.on,
            reason=payload.reason,
            version=payload.version,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/change-employer", response=CHANGED, url_name="placement-employer-change")
def placement_employer_change(request: HttpRequest, payload: EmployerChangeIn, placement_id: int = PlacementId) -> Any:
    """The student changes employer from `on`: the host closes, the new company takes its place and share, with
    its own supervisor and contract. Not an SME: 422 `not_sme` unless `accept_non_sme`."""

    def change(placement: Placement) -> Any:
        old = _host_of(placement, payload.host)
        return services.placement_employer_change(
            by=request.user,
            placement=placement,
            host=old,
            new=_host_input(request, payload.new, old.share, "new"),
            on=payload.on,
            reason=payload.reason,
            version=payload.version,
            accept_non_sme=payload.accept_non_sme,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/change-shares", response=CHANGED, url_name="placement-shares-change")
def placement_shares_change(request: HttpRequest, payload: SharesChangeIn, placement_id: int = PlacementId) -> Any:
    """New shares for the current hosts (the ones left out keep theirs) and optionally a new working time; they
    must add up."""

    def change(placement: Placement) -> Any:
        return services.placement_shares_change(
            by=request.user,
            placement=placement,
            shares=_shares(payload.shares),
            on=payload.on,
            reason=payload.reason,
            version=payload.version,
            working_per_week=amount(payload.working_per_week) if payload.working_per_week is not None else None,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/update-host", response=CHANGED, url_name="placement-host-update")
def placement_host_update(request: HttpRequest, payload: HostUpdateIn, placement_id: int = PlacementId) -> Any:
    """A current host's workplace supervisor (praktijkbegeleider) or contract type changes from `on`."""

    def change(placement: Placement) -> Any:
        host = _host_of(placement, payload.host)
        return services.placement_host_update(
            by=request.user,
            placement=placement,
            host=host,
            supervisor=_supervisor(payload.supervisor, host.organisation, ["supervisor"]),
            contract_type=payload.contract_type,
            on=payload.on,
            reason=payload.reason,
            version=payload.version,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/update-details", response=CHANGED, url_name="placement-details-update")
def placement_details_update(request: HttpRequest, payload: DetailsUpdateIn, placement_id: int = PlacementId) -> Any:
    """Another teacher (docent-begeleider) or end date."""

    def change(placement: Placement) -> Any:
        teacher = None
        if payload.teacher is not None:
            teacher = User.objects.filter(pk=payload.teacher, pk__in=route_staff_ids(route=placement.route)).first()
            if teacher is None:
                raise Invalid.at(
                    ["body", "payload", "teacher"],
                    _("The teacher must be a teacher or coordinator of this route."),
                    "teacher_not_staff",
                )
        return services.placement_details_update(
            by=request.user,
            placement=placement,
            teacher=teacher,
            end_date=payload.end_date,
            on=payload.on,
            reason=payload.reason,
            version=payload.version,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/pause", response=CHANGED, url_name="placement-pause")
def placement_pause(request: HttpRequest, payload: PauseIn, placement_id: int = PlacementId) -> Any:
    """A break in learning from `on`, with the reason and, when known, the expected return."""

    def change(placement: Placement) -> Any:
        return services.placement_pause(
            by=request.user,
            placement=placement,
            on=payload.on,
            reason=payload.reason,
            expected_return=payload.expected_return,
            version=payload.version,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/resume", response=CHANGED, url_name="placement-resume")
def placement_resume(request: HttpRequest, payload: ChangeIn, placement_id: int = PlacementId) -> Any:
    """A paused placement goes on from `on`."""

    def change(placement: Placement) -> Any:
        return services.placement_resume(
            by=request.user, placement=placement, on=payload.on, reason=payload.reason, version=payload.version
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/end", response=CHANGED, url_name="placement-end")
def placement_end(request: HttpRequest, payload: ChangeIn, placement_id: int = PlacementId) -> Any:
    """End the placement early on `on`, with the reason (at most 500 characters)."""

    def change(placement: Placement) -> Any:
        return services.placement_end(
            by=request.user, placement=placement, on=payload.on, reason=payload.reason, version=payload.version
        )

    return _change(request, placement_id, change)
