"""Reads of matching: open workplaces next to students without a placement, proposals and their answers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from verbinder.core.models import ActionLink
from verbinder.partners.models import Affiliation, Route
from verbinder.placements.enums import CURRENT_PLACEMENT_STATUSES, MatchStatus, WorkplaceStatus
from verbinder.placements.models import MatchProposal, Placement, Student, Workplace
from verbinder.placements.services.matching import MATCHABLE_STUDENT_STATUSES

DEFAULT_MARGIN = Decimal(4)


@dataclass(frozen=True)
class MatchFilters:
    region: str = ""  # the postcode area: its two first digits
    hours: Decimal | None = None  # hours per week, matched within `margin` on both sides
    margin: Decimal = DEFAULT_MARGIN

    @property
    def hours_range(self) -> tuple[Decimal, Decimal] | None:
        if self.hours is None:
            return None
        return self.hours - self.margin, self.hours + self.margin


def matching_routes(*, user: Any) -> list[Route]:
    """The routes whose matching the user may see: those they staff (every route for administrators)."""
    return list(
        Route.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        .only("pk", "programme_name", "hogeschool")
        .order_by("programme_name", "hogeschool", "pk")
    )


def _open_proposals() -> Count:
    return Count("proposals", filter=Q(proposals__status=MatchStatus.PROPOSED), distinct=True)


def matching_workplaces(*, route: Route, filters: MatchFilters) -> QuerySet[Workplace]:
    """The route's open workplaces, each with its company and `open_proposals` (proposals waiting for answers)."""
    qs = Workplace.objects.filter(route=route, status=WorkplaceStatus.OPEN)
    if filters.region:
        qs = qs.filter(postcode__startswith=filters.region)
    if filters.hours_range is not None:
        low, high = filters.hours_range
        qs = qs.filter(hours_per_week__gte=low, hours_per_week__lte=high)
    return (
        qs.select_related("organisation")
        .annotate(open_proposals=_open_proposals())
        .order_by("start_date", "title", "pk")
    )


def eligible_students(*, route: Route) -> QuerySet[Student]:
    """Applicants and active students of the route without a current placement."""
    current = Placement.objects.filter(student_id=OuterRef("pk"), status__in=CURRENT_PLACEMENT_STATUSES)
    return Student.objects.filter(route=route, status__in=MATCHABLE_STUDENT_STATUSES).exclude(Exists(current))


def matching_students(*, route: Route, filters: MatchFilters) -> QuerySet[Student]:
    """Students to match, each with `open_proposals`; a student without known hours drops out of an hours filter."""
    qs = eligible_students(route=route)
    if filters.region:
        qs = qs.filter(postcode__startswith=filters.region)
    if filters.hours_range is not None:
        low, high = filters.hours_range
        qs = qs.filter(hours_per_week__gte=low, hours_per_week__lte=high)
    return qs.annotate(open_proposals=_open_proposals()).order_by("last_name", "first_name", "pk")


def proposal_list(*, route: Route, status: str = "") -> QuerySet[MatchProposal]:
    qs = MatchProposal.objects.filter(route=route)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("workplace__organisation", "student", "supervisor__person", "proposed_by").order_by(
        "-created_at", "-pk"
    )


def proposal_get_for_user(*, user: Any, pk: int) -> MatchProposal:
    """One proposal in the user's reach (else 404), with what its pages show."""
    return get_object_or_404(
        MatchProposal.objects.visible_to(user).select_related(
            "route", "workplace__organisation", "student", "supervisor__person"
        ),
        pk=pk,
    )


def proposal_for_link(*, link: ActionLink) -> MatchProposal:
    """The proposal an answer link is for (the link was checked; only this proposal is shown). 404 if it was
    deleted since (only the Django admin can)."""
    return get_object_or_404(
        MatchProposal.objects.select_related("route", "workplace__organisation", "student", "supervisor__person"),
        pk=link.object_id,
    )


def workplace_for_proposal(*, user: Any, pk: int) -> Workplace:
    return get_object_or_404(
        Workplace.objects.visible_to(user).select_related("route", "organisation"),
        pk=pk,
    )


def supervisor_choices(*, workplace: Workplace) -> QuerySet[Affiliation]:
    """The people who work at the workplace's company now."""
    return (
        Affiliation.objects.filter(organisation_id=workplace.organisation_id, ended_on__isnull=True)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
