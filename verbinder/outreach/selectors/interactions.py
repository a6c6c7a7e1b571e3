"""Reads of contact moments: one shared memory of each organisation, without leaking another route's notes.

Contact moments of routes the viewer staffs are shown in full. Those of other routes are shown only as the fact
that a colleague of another route had contact on a date: no notes, no names, no kind.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from verbinder.accounts.enums import STAFF_ROLES
from verbinder.accounts.models import User
from verbinder.accounts.scope import scope_for
from verbinder.outreach.models import Interaction
from verbinder.partners.models import Organisation, Partnership, Person, Route

AWARENESS_DAYS = 30
AWARENESS_LIMIT = 5


def _with_names(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.select_related("route", "created_by").prefetch_related(
        Prefetch("people", queryset=Person.objects.order_by("last_name", "first_name", "pk")),
        Prefetch("colleagues", queryset=User.objects.order_by("name", "pk")),
    )


def interaction_get_for_user(*, user: Any, pk: int) -> Interaction:
    """A contact moment of one of the user's routes (404 outside them)."""
    queryset = _with_names(Interaction.objects.visible_to(user).select_related("organisation"))
    return get_object_or_404(queryset, pk=pk)


def interaction_list(*, user: Any, route: int | None = None, organisation: int | None = None) -> QuerySet[Interaction]:
    """Contact moments of the user's routes, newest first, with people and colleagues."""
    queryset = Interaction.objects.visible_to(user).select_related("organisation")
    if route is not None:
        queryset = queryset.filter(route_id=route)
    if organisation is not None:
        queryset = queryset.filter(organisation_id=organisation)
    return _with_names(queryset).order_by("-occurred_on", "-pk")


def contact_routes(*, user: Any, organisation: Organisation) -> QuerySet[Route]:
    """The routes for which the user may log a contact moment with the organisation: linked, active, and staffed
    by the user (any linked route for an administrator)."""
    scope = scope_for(user)
    routes = Route.objects.filter(partnerships__organisation=organisation, archived_at__isnull=True)
    if not scope.is_admin:
        routes = routes.filter(pk__in=scope.staff_route_ids)
    return routes.order_by("programme_name", "pk").distinct()


def organisation_for_contact(*, user: Any, pk: int) -> Organisation:
    """One organisation in the user's reach (else 404), with its partnerships and their routes: two queries, and
    `linked_contact_routes` then needs none (the same reach test as `organisation_get_for_user`)."""
    partnerships = Partnership.objects.select_related("route")
    organisation = get_object_or_404(
        Organisation.objects.all().prefetch_related(Prefetch("partnerships", queryset=partnerships)), pk=pk
    )
    if not organisation.is_visible_to(user):
        raise Http404
    return organisation


def linked_contact_routes(*, user: Any, organisation: Organisation) -> list[Route]:
    """`contact_routes`, read from an organisation fetched with `organisation_for_contact` (no query)."""
    scope = scope_for(user)
    routes = {
        partnership.route_id: partnership.route
        for partnership in organisation.partnerships.all()
        if partnership.route.archived_at is None and (scope.is_admin or partnership.route_id in scope.staff_route_ids)
    }
    return sorted(routes.values(), key=lambda route: (route.programme_name, route.pk))


def route_staff(*, routes: Any) -> QuerySet[User]:
    """Coordinators and teachers of the given routes: who may be named as colleague or follow-up assignee."""
    return (
        User.objects.filter(
            is_active=True, role_assignments__role__in=sorted(STAFF_ROLES), role_assignments__route__in=routes
        )
        .order_by("name", "pk")
        .distinct()
    )


def organisation_people(*, organisation: Organisation) -> QuerySet[Person]:
    """Everyone with a role (current or ended) at the organisation."""
    return (
        Person.objects.filter(affiliations__organisation=organisation)
        .order_by("last_name", "first_name", "pk")
        .distinct()
    )


@dataclass(frozen=True)
class TimelineItem:
    """One contact moment on an organisation's timeline; `interaction` is None for another route's moment."""

    occurred_on: datetime.date
    interaction: Interaction | None

    @property
    def in_reach(self) -> bool:
        return self.interaction is not None

    @property
    def who(self) -> str:
        """The colleagues who had the contact, else whoever logged it."""
        return who_of(self.interaction) if self.interaction is not None else ""

    @property
    def whom(self) -> str:
        return whom_of(self.interaction) if self.interaction is not None else ""


def who_of(interaction: Interaction) -> str:
    names = [user.name or user.email for user in interaction.colleagues.all()]
    if not names and interaction.created_by is not None:
        names = [interaction.created_by.name or interaction.created_by.email]
    return ", ".join(names)


def whom_of(interaction: Interaction) -> str:
    return ", ".join(person.full_name for person in interaction.people.all())


def _in_reach_ids(user: Any) -> frozenset[int] | None:
    """The routes whose contact moments the user reads in full (None: all, for an administrator)."""
    scope = scope_for(user)
    return None if scope.is_admin else scope.staff_route_ids


def _full_rows(pks: set[int]) -> dict[int, Interaction]:
    """Contact moments with their route, author, people and colleagues: three queries for any number."""
    if not pks:
        return {}
    return {row.pk: row for row in _with_names(Interaction.objects.filter(pk__in=pks))}


def _in_reach(user: Any, rows: list[Interaction]) -> set[int]:
    reach = _in_reach_ids(user)
    return {row.pk for row in rows if reach is None or row.route_id in reach}


def timeline_items(*, user: Any, rows: list[Interaction]) -> list[TimelineItem]:
    """Full items for the user's routes (people and colleagues fetched at once), bare dates for others."""
    full = _full_rows(_in_reach(user, rows))
    return [TimelineItem(occurred_on=row.occurred_on, interaction=full.get(row.pk)) for row in rows]


def organisation_timeline(*, organisation: Organisation) -> QuerySet[Interaction]:
    """All contact moments with the organisation, newest first, as bare rows: pass a page to `timeline_items`."""
    return Interaction.objects.filter(organisation=organisation).only("pk", "route_id", "occurred_on")


def _page_number(raw: str | None) -> int | None:
    """The asked page number; None for one below 1 (the last page is shown then, as `Paginator.get_page` does)."""
    try:
        number = int(raw or 1)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else None


def organisation_timeline_page(*, organisation: Organisation, page: str | None, per_page: int) -> Page:
    """A page of `organisation_timeline` (bare rows) with the total counted in the same query (a window), so no
    separate COUNT, also for an empty timeline. Only a page number past the end (or below 1) costs a count and a
    second fetch, of the last page."""
    queryset = organisation_timeline(organisation=organisation).order_by("-occurred_on", "-pk")
    counted = queryset.annotate(total=Window(Count("pk")))
    number = _page_number(page)
    rows: list[Interaction] = []
    if number is not None:
        rows = list(counted[(number - 1) * per_page : number * per_page])
    if rows:
        total = rows[0].total  # type: ignore[attr-defined]
    elif number == 1:
        total = 0  # no contact moments at all
    else:
        total = queryset.count()
        last = max(1, -(-total // per_page))
        if number != last:
            number = last
            rows = list(counted[(number - 1) * per_page : number * per_page])
    paginator = Paginator(queryset, per_page)
    paginator.__dict__["count"] = total  # known from the window: the cached property is not computed again
    return Page(rows, number or 1, paginator)


def _recent_by_others(*, user: Any, organisation: Organisation) -> list[Interaction]:
    since = timezone.localdate() - datetime.timedelta(days=AWARENESS_DAYS)
    return list(
        organisation_timeline(organisation=organisation)
        .filter(occurred_on__gte=since)
        .exclude(created_by=user)
        .order_by("-occurred_on", "-pk")[:AWARENESS_LIMIT]
    )


def colleague_contacts(*, user: Any, organisation: Organisation) -> list[TimelineItem]:
    """Contact moments of the last 30 days that someone else logged: shown before a new one is logged. Other
    routes' moments only as a date."""
    return timeline_items(user=user, rows=_recent_by_others(user=user, organisation=organisation))


@dataclass(frozen=True)
class ContactOverview:
    timeline: list[TimelineItem]
    last_contacts: list[TimelineItem]  # per route of the user: who of the hogeschool last spoke to whom, and when
    colleague_contacts: list[TimelineItem]


def contact_overview(*, user: Any, organisation: Organisation, page_rows: list[Interaction]) -> ContactOverview:
    """The timeline page, the last contact per route and the colleague-awareness notice, with the full contact
    moments of all three fetched together (a constant number of queries)."""
    recent = _recent_by_others(user=user, organisation=organisation)
    wanted = _in_reach(user, page_rows) | _in_reach(user, recent)
    # The last contact per route comes with the full rows (one query fewer): of the rows fetched, the latest of
    # each route of the user is the last contact, because the latest of every such route is among them.
    latest = Interaction.objects.filter(organisation=organisation, route=OuterRef("route")).order_by(
        "-occurred_on", "-pk"
    )
    last_rows = Interaction.objects.visible_to(user).filter(
        organisation=organisation, pk=Subquery(latest.values("pk")[:1])
    )
    full = {
        row.pk: row
        for row in _with_names(Interaction.objects.filter(Q(pk__in=wanted) | Q(pk__in=last_rows.values("pk"))))
    }
    reach = _in_reach_ids(user)
    newest: dict[int, Interaction] = {}
    for row in full.values():
        if reach is not None and row.route_id not in reach:
            continue
        current = newest.get(row.route_id)
        if current is None or (row.occurred_on, row.pk) > (current.occurred_on, current.pk):
            newest[row.route_id] = row
    last_ids = [row.pk for row in newest.values()]

    def items(rows: list[Interaction]) -> list[TimelineItem]:
        return [TimelineItem(occurred_on=row.occurred_on, interaction=full.get(row.pk)) for row in rows]

    last = sorted((full[pk] for pk in last_ids), key=lambda row: (row.route.programme_name, row.route_id))
    return ContactOverview(timeline=items(page_rows), last_contacts=items(last), colleague_contacts=items(recent))
