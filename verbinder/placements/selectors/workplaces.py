"""Reads of learning workplaces. Everything is reached through the user's scope: outside it, 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from verbinder.accounts.scope import scope_for
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.models import Organisation, Route
from verbinder.placements.enums import MatchStatus, WorkplaceStatus
from verbinder.placements.models import Workplace


@dataclass(frozen=True)
class WorkplaceFilters:
    status: str = ""
    organisation_id: int | None = None
    region: str = ""  # the postcode area: two digits
    hours_min: Decimal | None = None
    hours_max: Decimal | None = None
    start_from: date | None = None


def route_get_for_workplaces(*, user: Any, pk: int) -> Route:
    """A route whose workplaces the user may see (its staff, and administrators); else 404."""
    return get_object_or_404(Route.objects.visible_to(user), pk=pk)


def workplace_list(*, route: Route, filters: WorkplaceFilters) -> QuerySet[Workplace]:
    """The route's workplaces, those awaiting approval first, then by start date; each with its company and
    `proposal_count` (proposals waiting for answers)."""
    qs = Workplace.objects.filter(route=route)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.organisation_id:
        qs = qs.filter(organisation_id=filters.organisation_id)
    if filters.region:
        qs = qs.filter(postcode__startswith=filters.region)
    if filters.hours_min is not None:
        qs = qs.filter(hours_per_week__gte=filters.hours_min)
    if filters.hours_max is not None:
        qs = qs.filter(hours_per_week__lte=filters.hours_max)
    if filters.start_from is not None:
        qs = qs.filter(start_date__gte=filters.start_from)
    awaiting_first = Case(When(status=WorkplaceStatus.PROPOSED, then=Value(0)), default=Value(1))
    return (
        qs.select_related("organisation")
        .annotate(proposal_count=Count("proposals", filter=Q(proposals__status=MatchStatus.PROPOSED)))
        .order_by(awaiting_first, "start_date", "title", "pk")
    )


def workplace_awaiting_count(*, route: Route) -> int:
    return Workplace.objects.filter(route=route, status=WorkplaceStatus.PROPOSED).count()


def workplace_company_choices(*, route: Route) -> QuerySet[Organisation]:
    """The route's companies, to filter the list by and to enter a workplace for, by name."""
    return (
        Organisation.objects.filter(partnerships__route=route, kind=OrganisationKind.COMPANY)
        .only("pk", "name", "city", "size_class", "kind", "archived_at")
        .order_by("name", "pk")
    )


def workplace_get_for_user(*, user: Any, pk: int) -> Workplace:
    """One workplace in the user's reach (else 404), with its route, company and who offered and approved it."""
    return get_object_or_404(
        Workplace.objects.visible_to(user).select_related("route", "organisation", "submitted_by", "approved_by"),
        pk=pk,
    )


def workplace_proposal_counts(*, workplace: Workplace) -> dict[str, int]:
    """How many proposed matches the workplace has, per match status (every status, zero when none)."""
    counts = dict.fromkeys(MatchStatus.values, 0)
    rows = workplace.proposals.order_by().values_list("status").annotate(count=Count("pk"))
    counts.update(dict(rows))
    return counts


def workplaces_for_company(*, user: Any, organisation: Organisation) -> QuerySet[Workplace]:
    """The company's workplaces that the user may see, newest first (for the portal)."""
    return (
        Workplace.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )


def offer_organisation_get(*, user: Any, pk: int) -> Organisation:
    """The organisation a workplace is offered for, in the user's reach (else 404)."""
    return get_object_or_404(Organisation.objects.visible_to(user), pk=pk)


def offer_routes(*, user: Any, organisation: Organisation) -> QuerySet[Route]:
    """The routes the user may offer a workplace of the organisation for: those it is linked to that are not
    archived; a coordinator only their own, an administrator every one."""
    qs = Route.objects.filter(partnerships__organisation=organisation, archived_at__isnull=True)
    scope = scope_for(user)
    if not scope.is_admin and organisation.pk not in scope.contact_organisation_ids:
        qs = qs.filter(pk__in=scope.coordinated_route_ids)
    return qs.order_by("programme_name", "start_year", "pk")
