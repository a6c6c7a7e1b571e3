"""Learning workplaces (leerwerkplekken): staff of the route read them, coordinators enter, change, approve and
withdraw them; a company contact reads and offers their company's workplaces (the coordinator approves an offer
before students see it); a student reads the open workplaces of their route. Anyone else: 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from verbinder.api.errors import READ, errors
from verbinder.api.fields import MAX_ID
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.placements.schemas import (
    OrganisationRef,
    RouteRef,
    UserRef,
    organisation_ref,
    route_ref,
    sees_all,
    user_ref,
)
from verbinder.placements.enums import WorkplaceStatus
from verbinder.placements.models import Workplace

router = Router(tags=["workplaces"])
WorkplaceId = Path(..., ge=1, le=MAX_ID)


class WorkplaceQuery(PageQuery):
    route: int | None = Field(None, ge=1, le=MAX_ID, description="Only workplaces of this route.")
    status: WorkplaceStatus | None = None
    organisation: int | None = Field(None, ge=1, le=MAX_ID, description="Only workplaces of this company.")


class WorkplaceOut(Schema):
    id: int
    route: RouteRef | None = Field(description="null for callers outside the hogeschool.")
    organisation: OrganisationRef
    title: str
    tasks: str = Field(description="Markdown.")
    hours_per_week: float
    start_date: date
    requirements: str
    location: str
    postcode: str
    status: WorkplaceStatus
    submitted_by: UserRef | None = Field(description="Who offered it; null for callers outside the hogeschool.")
    approved_by: UserRef | None = Field(description="null for callers outside the hogeschool.")
    approved_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class WorkplacePage(PageOut):
    items: list[WorkplaceOut]


def workplace_out(user: Any, workplace: Workplace) -> WorkplaceOut:
    internal = sees_all(user, workplace.route_id)
    return WorkplaceOut(
        id=workplace.pk,
        route=route_ref(user, workplace.route),
        organisation=organisation_ref(workplace.organisation),
        title=workplace.title,
        tasks=workplace.tasks,
        hours_per_week=float(workplace.hours_per_week),
        start_date=workplace.start_date,
        requirements=workplace.requirements,
        location=workplace.location,
        postcode=workplace.postcode,
        status=WorkplaceStatus(workplace.status),
        submitted_by=user_ref(workplace.submitted_by) if internal else None,
        approved_by=user_ref(workplace.approved_by) if internal else None,
        approved_at=workplace.approved_at,
        created_at=workplace.created_at,
        updated_at=workplace.updated_at,
        version=workplace.version,
    )


def workplaces_for(user: Any) -> Any:
    return Workplace.objects.visible_to(user).select_related("route", "organisation", "submitted_by", "approved_by")


def workplace_get(user: Any, pk: int) -> Workplace:
    return get_object_or_404(workplaces_for(user), pk=pk)


@router.get("/placements/workplaces", response={200: WorkplacePage, **errors(*READ)}, url_name="workplace-list")
def workplace_list(request: HttpRequest, filters: Query[WorkplaceQuery]) -> dict[str, Any]:
    """The workplaces you may see (staff: of your routes; a company contact: their company's; a student: the open
    ones of their route), soonest start first."""
    queryset = workplaces_for(request.user)
    if filters.route is not None:
        queryset = queryset.filter(route_id=filters.route)
    if filters.status is not None:
        queryset = queryset.filter(status=filters.status)
    if filters.organisation is not None:
        queryset = queryset.filter(organisation_id=filters.organisation)
    page = paginate(queryset, filters)
    page["items"] = [workplace_out(request.user, workplace) for workplace in page["items"]]
    return page


@router.get(
    "/placements/workplaces/{workplace_id}", response={200: WorkplaceOut, **errors(*READ)}, url_name="workplace-detail"
)
def workplace_detail(request: HttpRequest, workplace_id: int = WorkplaceId) -> WorkplaceOut:
    return workplace_out(request.user, workplace_get(request.user, workplace_id))
