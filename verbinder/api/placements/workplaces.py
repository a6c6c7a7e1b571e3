"""Learning workplaces (leerwerkplekken): staff of the route read them, coordinators enter, change, approve and
withdraw them; a company contact reads and offers their company's workplaces (the coordinator approves an offer
before students see it); a student reads the open workplaces of their route. Anyone else: 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema, Status

from verbinder.api.errors import CONFLICT, READ, WRITE, Conflict, errors, stale_conflict
from verbinder.api.fields import (
    MAX_ID,
    BodyId,
    Flag,
    Notes,
    Postcode,
    RequiredText200,
    Text200,
    Text300,
    Version,
    unchanged,
)
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.partners.schemas import InputSchema, PatchSchema
from verbinder.api.permissions import require_perm
from verbinder.api.placements.schemas import (
    Hours,
    IsoDate,
    OrganisationRef,
    RouteRef,
    UserRef,
    amount,
    invalid,
    organisation_ref,
    route_ref,
    sees_all,
    user_ref,
)
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners.models import Route
from verbinder.partners.selectors import organisation_get_for_user
from verbinder.placements.enums import WorkplaceStatus
from verbinder.placements.models import Workplace
from verbinder.placements.selectors.workplaces import offer_routes
from verbinder.placements.services import workplaces as services

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


class WorkplaceIn(InputSchema):
    route: BodyId = Field(description="A route you coordinate, or (a company contact) one your company works with.")
    organisation: BodyId = Field(description="A company of the route.")
    title: RequiredText200
    tasks: Notes = Field(description="Markdown.")
    hours_per_week: Hours
    start_date: IsoDate = Field(description="Today or later.")
    requirements: Notes = ""
    location: Text200 = ""
    postcode: Postcode = ""
    accept_non_sme: Flag = Field(False, description="Save it even though the company is not an SME.")


class WorkplacePatch(PatchSchema):
    version: Version
    title: RequiredText200 = unchanged()
    tasks: Notes = unchanged()
    hours_per_week: Hours = unchanged()
    start_date: IsoDate = unchanged()
    requirements: Notes = unchanged()
    location: Text200 = unchanged()
    postcode: Postcode = unchanged()


class ApproveIn(InputSchema):
    version: Version


class WithdrawIn(InputSchema):
    version: Version
    reason: Text300 = ""


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("hours_per_week") is not None:
        data["hours_per_week"] = amount(data["hours_per_week"])
    return data


def _stale(workplace: Workplace, exc: StaleVersionError) -> Conflict:
    return stale_conflict(Workplace, exc, Workplace.objects.values_list("version", flat=True).get(pk=workplace.pk))


@router.post("/placements/workplaces", response={201: WorkplaceOut, **errors(*WRITE)}, url_name="workplace-list")
def workplace_create(request: HttpRequest, payload: WorkplaceIn) -> Status[WorkplaceOut]:
    """Enter a workplace. A coordinator of the route: it is open at once. A company contact offers one for their
    company (in a route the company works with): it awaits the coordinator's approval, who is e-mailed. A route
    or company outside your reach: 404. A company that is not an SME: 422 `not_sme`, unless `accept_non_sme`."""
    organisation = organisation_get_for_user(user=request.user, pk=payload.organisation)
    route = Route.objects.visible_to(request.user).filter(pk=payload.route).first()
    fields = _fields(payload.model_dump(exclude={"route", "organisation", "accept_non_sme"}))
    if route is not None and request.user.has_perm("placements.change_workplace", route):
        create = services.workplace_create
    elif request.user.has_perm("placements.offer_workplace", organisation):
        route = get_object_or_404(offer_routes(user=request.user, organisation=organisation), pk=payload.route)
        create = services.workplace_offer
    elif route is not None:
        raise PermissionDenied
    else:
        raise Http404
    try:
        workplace = create(
            by=request.user,
            route=route,
            organisation=organisation,
            fields=fields,
            accept_non_sme=payload.accept_non_sme,
        )
    except ValidationError as exc:
        raise invalid(exc) from exc
    return Status(201, workplace_out(request.user, workplace_get(request.user, workplace.pk)))


@router.patch(
    "/placements/workplaces/{workplace_id}",
    response={200: WorkplaceOut, **errors(*WRITE, CONFLICT)},
    url_name="workplace-detail",
)
def workplace_update(request: HttpRequest, payload: WorkplacePatch, workplace_id: int = WorkplaceId) -> WorkplaceOut:
    """Change a workplace that is open or awaits approval: its coordinators; the company contact while it awaits
    approval. Send the `version` you read: 409 when someone saved it since."""
    workplace = workplace_get(request.user, workplace_id)
    may_offer = workplace.status == WorkplaceStatus.PROPOSED and request.user.has_perm(
        "placements.offer_workplace", workplace
    )
    if not may_offer:
        require_perm(request.user, "placements.change_workplace", workplace)
    try:
        services.workplace_update(
            by=request.user, workplace=workplace, version=payload.version, fields=_fields(payload.changes())
        )
    except StaleVersionError as exc:
        raise _stale(workplace, exc) from exc
    except ValidationError as exc:
        raise invalid(exc) from exc
    return workplace_out(request.user, workplace_get(request.user, workplace_id))


@router.post(
    "/placements/workplaces/{workplace_id}/approve",
    response={200: WorkplaceOut, **errors(*WRITE, CONFLICT)},
    url_name="workplace-approve",
)
def workplace_approve(request: HttpRequest, payload: ApproveIn, workplace_id: int = WorkplaceId) -> WorkplaceOut:
    """Approve a workplace a company offered: it is open, students of the route see it, and the company contact
    who offered it is e-mailed (the route's coordinators)."""
    workplace = workplace_get(request.user, workplace_id)
    require_perm(request.user, "placements.approve_workplace", workplace)
    try:
        services.workplace_approve(by=request.user, workplace=workplace, version=payload.version)
    except StaleVersionError as exc:
        raise _stale(workplace, exc) from exc
    except ValidationError as exc:
        raise invalid(exc) from exc
    return workplace_out(request.user, workplace_get(request.user, workplace_id))


@router.post(
    "/placements/workplaces/{workplace_id}/withdraw",
    response={200: WorkplaceOut, **errors(*WRITE, CONFLICT)},
    url_name="workplace-withdraw",
)
def workplace_withdraw(request: HttpRequest, payload: WithdrawIn, workplace_id: int = WorkplaceId) -> WorkplaceOut:
    """The company no longer offers it (open or awaiting approval): withdrawn, with the reason logged (the
    route's coordinators)."""
    workplace = workplace_get(request.user, workplace_id)
    require_perm(request.user, "placements.change_workplace", workplace)
    try:
        services.workplace_withdraw(
            by=request.user, workplace=workplace, version=payload.version, reason=payload.reason
        )
    except StaleVersionError as exc:
        raise _stale(workplace, exc) from exc
    except ValidationError as exc:
        raise invalid(exc) from exc
    return workplace_out(request.user, workplace_get(request.user, workplace_id))
