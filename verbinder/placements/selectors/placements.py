"""Reads of placements for the hogeschool's staff: the list per route with its counts, a placement with its hosts
and timeline, an organisation's placements as a host, and the counts on the route page.

Staff pages reach only the placements of the routes the user staffs (every route for administrators), also when
the user happens to be a company contact somewhere as well: what a company sees is the portal's business.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment
from verbinder.accounts.scope import scope_for
from verbinder.partners.models import Affiliation, Organisation, Route
from verbinder.placements.enums import (
    CURRENT_PLACEMENT_STATUSES,
    ContractType,
    PlacementEventKind,
    PlacementStatus,
    WorkplaceStatus,
)
from verbinder.placements.models import Placement, PlacementEvent, PlacementHost, Student, Workplace

ENDING_WITHIN_DAYS = 60
EVENTS_PER_PAGE = 10

# Sort keys of the list: key -> order_by fields (each ends on the primary key, for a stable order).
PLACEMENT_SORTS: dict[str, tuple[Any, ...]] = {
    "student": (Lower("student__last_name"), Lower("student__first_name"), "pk"),
    "-student": (Lower("student__last_name").desc(), Lower("student__first_name").desc(), "-pk"),
    "start": ("start_date", "pk"),
    "-start": ("-start_date", "-pk"),
    "end": ("end_date", "pk"),
    "-end": ("-end_date", "-pk"),
    "status": ("status", Lower("student__last_name"), "pk"),
    "-status": ("-status", Lower("student__last_name"), "pk"),
}


@dataclass(frozen=True)
class PlacementFilters:
    status: str = ""
    shared: bool = False
    ending: bool = False
    host: int | None = None
    q: str = ""
    sort: str = "student"


def ending_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return today, today + datetime.timedelta(days=ENDING_WITHIN_DAYS)


def staff_routes(*, user: Any) -> QuerySet[Route]:
    """The active routes whose placements the user reads (staff of them; administrators all)."""
    return (
        Route.objects.visible_to(user).filter(archived_at__isnull=True).order_by("programme_name", "hogeschool", "pk")
    )


def _staff_placements(user: Any) -> QuerySet[Placement]:
    scope = scope_for(user)
    if scope.is_admin:
        return Placement.objects.all()
    return Placement.objects.filter(route_id__in=scope.staff_route_ids)


def _list_hosts_prefetch() -> Prefetch:
    """The current hosts as the list shows them: share and company name only."""
    return Prefetch(
        "hosts",
        queryset=PlacementHost.objects.current()
        .select_related("organisation")
        .only("placement_id", "slot", "share", "organisation__name")
        .order_by("slot", "pk"),
        to_attr="current_hosts",
    )


def placement_list(*, route: Route, filters: PlacementFilters | None = None) -> QuerySet[Placement]:
    """The route's placements with student, teacher and current hosts (two queries for a page), filtered, sorted."""
    filters = filters or PlacementFilters()
    queryset = (
        Placement.objects.filter(route=route)
        .select_related("student", "teacher")
        .prefetch_related(_list_hosts_prefetch())
    )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.shared:
        queryset = queryset.filter(is_shared=True, status__in=CURRENT_PLACEMENT_STATUSES)
    if filters.ending:
        start, end = ending_window()
        queryset = queryset.filter(status__in=CURRENT_PLACEMENT_STATUSES, end_date__gte=start, end_date__lte=end)
    if filters.host:
        queryset = queryset.filter(
            Exists(PlacementHost.objects.filter(placement_id=OuterRef("pk"), organisation_id=filters.host))
        )
    if filters.q:
        for word in filters.q.split()[:5]:
            queryset = queryset.filter(
                Q(student__first_name__icontains=word)
                | Q(student__last_name__icontains=word)
                | Q(student__student_number__icontains=word)
            )
    sort = filters.sort if filters.sort in PLACEMENT_SORTS else "student"
    return queryset.order_by(*PLACEMENT_SORTS[sort])


def host_choices(*, route: Route) -> list[tuple[int, str]]:
    """The organisations that are or were a host in the route, as (id, name): the list's host filter."""
    return list(
        Organisation.objects.filter(
            Exists(PlacementHost.objects.filter(organisation_id=OuterRef("pk"), placement__route=route))
        )
        .order_by(Lower("name"), "pk")
        .values_list("pk", "name")
    )


@dataclass(frozen=True)
class RouteCounts:
    active: int = 0
    shared: int = 0
    paused: int = 0
    ending: int = 0
    open_workplaces: int = 0
    students_without_placement: int = 0


def placement_counts(*, route: Route) -> RouteCounts:
    """The route's active, shared, paused and soon-ending placements: one aggregate query."""
    start, end = ending_window()
    current = Q(status__in=CURRENT_PLACEMENT_STATUSES)
    totals = Placement.objects.filter(route=route).aggregate(
        active=Count("pk", filter=Q(status=PlacementStatus.ACTIVE)),
        shared=Count("pk", filter=current & Q(is_shared=True)),
        paused=Count("pk", filter=Q(status=PlacementStatus.PAUSED)),
        ending=Count("pk", filter=current & Q(end_date__gte=start, end_date__lte=end)),
    )
    return RouteCounts(**totals)


def students_without_placement(*, route: Route) -> QuerySet[Student]:
    """The route's students without a current placement (as the student list's "without a placement" filter)."""
    return Student.objects.filter(route=route).exclude(
        Exists(Placement.objects.filter(student_id=OuterRef("pk"), status__in=CURRENT_PLACEMENT_STATUSES))
    )


def route_counts(*, route: Route) -> RouteCounts:
    """Everything the route page counts: three queries."""
    placements = placement_counts(route=route)
    return RouteCounts(
        active=placements.active,
        shared=placements.shared,
        paused=placements.paused,
        ending=placements.ending,
        open_workplaces=Workplace.objects.filter(route=route, status=WorkplaceStatus.OPEN).count(),
        students_without_placement=students_without_placement(route=route).count(),
    )


def route_get_for_staff(*, user: Any, pk: int) -> Route:
    return get_object_or_404(Route.objects.visible_to(user), pk=pk)


def placement_get_for_staff(*, user: Any, pk: int) -> Placement:
    """A placement of a route the user staffs, with route, student and teacher; 404 for anyone else."""
    return get_object_or_404(_staff_placements(user).select_related("route", "student", "teacher"), pk=pk)


def placement_hosts(*, placement: Placement) -> list[PlacementHost]:
    """Every host of the placement, current first (slot order), then past ones, with company and supervisor."""
    return list(
        PlacementHost.objects.filter(placement=placement)
        .select_related("organisation", "supervisor__person")
        .order_by("-is_current", "slot", "-start_date", "pk")
    )


def host_get(*, placement: Placement, pk: int, current: bool = True) -> PlacementHost:
    queryset = PlacementHost.objects.filter(placement=placement).select_related("organisation", "supervisor__person")
    if current:
        queryset = queryset.filter(is_current=True)
    return get_object_or_404(queryset, pk=pk)


def placement_events_page(*, placement: Placement, page: Any, per_page: int = EVENTS_PER_PAGE) -> Page:
    events = PlacementEvent.objects.filter(placement=placement).select_related("created_by")
    return Paginator(events, per_page).get_page(page)


def route_partner_companies(*, route: Route, exclude: list[int] | None = None) -> QuerySet[Organisation]:
    """The route's active partner organisations, to choose a host from."""
    queryset = Organisation.objects.active().filter(partnerships__route=route)
    if exclude:
        queryset = queryset.exclude(pk__in=exclude)
    return queryset.only("pk", "name", "kind", "size_class").order_by(Lower("name"), "pk")


def company_supervisors(*, organisation_id: int | None) -> QuerySet[Affiliation]:
    """The people with an active role at the company: the supervisor choices of a host."""
    if not organisation_id:
        return Affiliation.objects.none()
    return (
        Affiliation.objects.filter(organisation_id=organisation_id, ended_on__isnull=True)
        .select_related("person")
        .order_by(Lower("person__last_name"), Lower("person__first_name"), "pk")
    )


def route_teachers(*, route: Route) -> QuerySet[Any]:
    """The route's teachers (docent-begeleiders), to choose a placement's teacher from."""
    from verbinder.accounts.models import User

    return (
        User.objects.filter(
            Exists(RoleAssignment.objects.filter(user_id=OuterRef("pk"), route=route, role=Role.TEACHER)),
            is_active=True,
        )
        .only("pk", "name", "email")
        .order_by(Lower("name"), "pk")
    )


@dataclass(frozen=True)
class HostingRow:
    """An organisation's part in a placement: its host row and, for a shared placement, the other company's."""

    host: PlacementHost
    others: list[PlacementHost]

    @property
    def placement(self) -> Placement:
        return self.host.placement


def organisation_hostings(*, user: Any, organisation: Organisation) -> QuerySet[PlacementHost]:
    """The organisation's host rows in placements of the user's routes: current first, newest first. Each row
    comes with its placement, student, route and supervisor, and the placement's current hosts (for a shared one)."""
    scope = scope_for(user)
    queryset = PlacementHost.objects.filter(organisation=organisation)
    if not scope.is_admin:
        queryset = queryset.filter(placement__route_id__in=scope.staff_route_ids)
    return (
        queryset.select_related("placement__student", "placement__route", "supervisor__person")
        .prefetch_related(
            Prefetch(
                "placement__hosts",
                queryset=PlacementHost.objects.current().select_related("organisation"),
                to_attr="current_hosts",
            )
        )
        .order_by("-is_current", "-start_date", "-pk")
    )


def hosting_rows(hosts: list[PlacementHost]) -> list[HostingRow]:
    return [
        HostingRow(
            host=host,
            others=[
                other
                for other in getattr(host.placement, "current_hosts", [])
                if other.organisation_id != host.organisation_id
            ],
        )
        for host in hosts
    ]


def shares_total(hosts: list[PlacementHost]) -> Decimal:
    return sum((host.share for host in hosts if host.is_current), Decimal(0))


# --- the timeline: what an event changed, readable -------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except ArithmeticError:
        return None


def _day(value: Any) -> str:
    if not value:
        return "–"
    try:
        return date_format(datetime.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


def _current_hosts(snapshot: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    hosts = snapshot.get("hosts") or []
    return {host.get("id"): host for host in hosts if isinstance(host, dict) and host.get("is_current")}


def _contract(value: Any) -> str:
    return str(ContractType(value).label) if value in ContractType.values else str(value or "–")


def _status(value: Any) -> str:
    return str(PlacementStatus(value).label) if value in PlacementStatus.values else str(value or "–")


def event_lines(event: PlacementEvent, unit: str) -> list[str]:
    """What the event changed, one line each, from the snapshots before and after: "Bakkerij A: 4 → 3 days",
    "Second company added: X (1 day)". An event without snapshots (made by hand) has no lines."""
    from verbinder.placements.templatetags.placement_shares import share_text

    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    if not after:
        return []
    unit = str(after.get("share_unit") or unit)
    lines: list[str] = []
    old_hosts, new_hosts = _current_hosts(before), _current_hosts(after)
    if not before:
        return [
            _("%(name)s (%(share)s)")
            % {"name": host.get("organisation", ""), "share": share_text(host.get("share"), unit)}
            for host in new_hosts.values()
        ]
    ended = event.kind == PlacementEventKind.ENDED or after.get("status") == PlacementStatus.ENDED
    for key, host in new_hosts.items():
        if key in old_hosts:
            continue
        values = {"name": host.get("organisation", ""), "share": share_text(host.get("share"), unit)}
        if event.kind == PlacementEventKind.EMPLOYER_CHANGED:
            lines.append(_("New employer: %(name)s (%(share)s)") % values)
        else:
            lines.append(_("Second company added: %(name)s (%(share)s)") % values)
    for key, host in old_hosts.items():
        if key in new_hosts or ended:
            continue
        values = {"name": host.get("organisation", "")}
        if event.kind == PlacementEventKind.EMPLOYER_CHANGED:
            lines.append(_("Previous employer: %(name)s") % values)
        else:
            lines.append(_("Company removed: %(name)s") % values)
    for key, host in new_hosts.items():
        old = old_hosts.get(key)
        if old is None:
            continue
        name = host.get("organisation", "")
        if _decimal(old.get("share")) != _decimal(host.get("share")):
            lines.append(
                _("%(name)s: %(before)s → %(after)s")
                % {"name": name, "before": _number(old.get("share")), "after": share_text(host.get("share"), unit)}
            )
        if old.get("supervisor_id") != host.get("supervisor_id"):
            lines.append(
                _("Supervisor at %(name)s: %(before)s → %(after)s")
                % {"name": name, "before": old.get("supervisor") or "–", "after": host.get("supervisor") or "–"}
            )
        if old.get("contract_type") != host.get("contract_type"):
            lines.append(
                _("Contract at %(name)s: %(before)s → %(after)s")
                % {
                    "name": name,
                    "before": _contract(old.get("contract_type")),
                    "after": _contract(host.get("contract_type")),
                }
            )
    if _decimal(before.get("working_per_week")) != _decimal(after.get("working_per_week")):
        lines.append(
            _("Working time: %(before)s → %(after)s")
            % {
                "before": _number(before.get("working_per_week")),
                "after": share_text(after.get("working_per_week"), unit),
            }
        )
    if before.get("end_date") != after.get("end_date"):
        lines.append(
            _("End date: %(before)s → %(after)s")
            % {"before": _day(before.get("end_date")), "after": _day(after.get("end_date"))}
        )
    if before.get("teacher_id") != after.get("teacher_id"):
        lines.append(
            _("Teacher: %(before)s → %(after)s")
            % {"before": before.get("teacher") or "–", "after": after.get("teacher") or "–"}
        )
    if before.get("status") != after.get("status"):
        lines.append(
            _("Status: %(before)s → %(after)s")
            % {"before": _status(before.get("status")), "after": _status(after.get("status"))}
        )
    return lines


def _number(value: Any) -> str:
    amount = _decimal(value)
    if amount is None:
        return "–"
    if amount == amount.to_integral_value():
        return str(int(amount))
    return number_format(amount, decimal_pos=1)
