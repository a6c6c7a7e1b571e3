"""Placements: a student at one host company, or at two that share them. Staff of the route read them and their
events; coordinators change them through actions (changes.py; each an event with a date and a reason, so nothing is
overwritten). A company contact or workplace supervisor reads the placements of their company (or that they
supervise): their own host in full, of the other host of a shared placement only the company (and, for a company
contact, its share), as the portal shows it.
A student reads their own placement. Anyone else: 404."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, Value, When
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from verbinder.accounts.scope import scope_for
from verbinder.api.errors import READ, errors
from verbinder.api.fields import MAX_ID
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.permissions import require_perm
from verbinder.api.placements.schemas import (
    OrganisationRef,
    RouteRef,
    StudentRef,
    SupervisorRef,
    UserRef,
    organisation_ref,
    route_ref,
    sees_all,
    supervisor_ref,
    user_ref,
)
from verbinder.placements.enums import (
    CURRENT_PLACEMENT_STATUSES,
    ContractType,
    PlacementEventKind,
    PlacementStatus,
    ShareUnit,
)
from verbinder.placements.models import Placement, PlacementEvent, PlacementHost

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
    workplace: int | None = Field(description="The learning workplace it came from, if any.")


class PlacementOut(Schema):
    id: int
    route: RouteRef | None = Field(description="null for callers outside the hogeschool.")
    student: StudentRef
    teacher: UserRef | None = Field(description="The teacher (docent-begeleider).")
    start_date: date
    end_date: date
    share_unit: ShareUnit
    working_per_week: float | None = Field(
        description="The hosts' shares add up to it; null for a workplace supervisor (it would tell the other "
        "company's share)."
    )
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
        workplace=None if limited else host.workplace_id,
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
    # Who may not see the other company's share may not see the total either (total minus own share).
    shows_total = full or any(getattr(host, "is_contact", False) for host in placement.hosts.all())
    student = placement.student
    fields = {
        "id": placement.pk,
        "route": route_ref(user, placement.route),
        "student": StudentRef(id=student.pk, first_name=student.first_name, last_name=student.last_name),
        "teacher": user_ref(placement.teacher),
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "share_unit": ShareUnit(placement.share_unit),
        "working_per_week": float(placement.working_per_week) if shows_total else None,
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
