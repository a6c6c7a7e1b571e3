"""Follow-ups through the API: mine or a route's, new ones, changes (what, who, due date), done and reopened.
The same reach and rules as the pages: staff of the route; changing is for the assignee or the coordinator."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status

from verbinder.accounts.models import User
from verbinder.api.errors import ACTION, READ, WRITE, errors
from verbinder.api.fields import MAX_ID, BodyId, Text300
from verbinder.api.outreach.interactions import Day, invalid
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.partners.schemas import InputSchema, OrganisationRef, PatchSchema, RouteRef, UserRef, unchanged
from verbinder.api.permissions import require_perm, require_staff
from verbinder.outreach.models import FollowUp, Interaction
from verbinder.outreach.selectors import followups as selectors
from verbinder.outreach.services import followups as services
from verbinder.partners.models import Route
from verbinder.partners.selectors import organisation_get_for_user

router = Router(tags=["follow-ups"])
FollowUpId = Path(..., ge=1, le=MAX_ID)
Status_ = Literal["due", "overdue", "done"]


class FollowUpQuery(PageQuery):
    mine: bool = Field(False, description="Only follow-ups assigned to you.")
    route: int | None = Field(None, ge=1, le=MAX_ID, description="Only follow-ups of this route.")
    organisation: int | None = Field(None, ge=1, le=MAX_ID, description="Only follow-ups with this organisation.")
    status: Status_ | None = Field(None, description="due: open, today or later; overdue: open, earlier; done.")


class FollowUpOut(Schema):
    id: int
    route: RouteRef
    organisation: OrganisationRef
    interaction: int | None = Field(description="The contact moment it came from, if any.")
    description: str
    assignee: UserRef
    due_on: date
    status: Status_
    done_at: datetime | None
    done_by: UserRef | None

    @staticmethod
    def resolve_interaction(obj: FollowUp) -> int | None:
        return obj.interaction_id

    @staticmethod
    def resolve_status(obj: FollowUp) -> str:
        if obj.done_at is not None:
            return selectors.DONE
        return selectors.OVERDUE if obj.due_on < timezone.localdate() else selectors.DUE


class FollowUpPage(PageOut):
    items: list[FollowUpOut]


class FollowUpIn(InputSchema):
    route: BodyId
    organisation: BodyId
    description: Text300 = Field(description="What needs to be done.")
    assignee: BodyId = Field(description="A coordinator or teacher of the route.")
    due_on: Day = Field(description="Today or later.")
    interaction: BodyId | None = Field(None, description="The contact moment it follows up, of the same route.")


class FollowUpPatch(PatchSchema):
    description: Text300 = unchanged()
    assignee: BodyId = unchanged()
    due_on: Day = unchanged()


def _follow_up_for(request: HttpRequest, follow_up_id: int) -> FollowUp:
    require_staff(request.user)
    return selectors.follow_up_get_for_user(user=request.user, pk=follow_up_id)


@router.get("/follow-ups", response={200: FollowUpPage, **errors(*READ)}, url_name="follow-up-list")
def follow_up_list(request: HttpRequest, filters: Query[FollowUpQuery]) -> dict[str, Any]:
    """Follow-ups of your routes (or only yours, with `mine=true`); open ones first, soonest first."""
    require_staff(request.user)
    queryset = selectors.follow_up_list(
        user=request.user,
        mine=filters.mine,
        route=filters.route,
        organisation=filters.organisation,
        status=filters.status,
    )
    return paginate(queryset, filters)


@router.post("/follow-ups", response={201: FollowUpOut, **errors(*WRITE)}, url_name="follow-up-list")
def follow_up_create(request: HttpRequest, payload: FollowUpIn) -> Status[FollowUp]:
    """A follow-up for an organisation of a route you staff. 422: due in the past, an assignee outside the route,
    an archived organisation."""
    require_staff(request.user)
    organisation = organisation_get_for_user(user=request.user, pk=payload.organisation)
    route = get_object_or_404(Route.objects.visible_to(request.user), pk=payload.route)
    require_perm(request.user, "outreach.add_follow_up", route)
    interaction = None
    if payload.interaction is not None:
        interaction = get_object_or_404(
            Interaction.objects.visible_to(request.user).filter(route=route, organisation=organisation),
            pk=payload.interaction,
        )
    try:
        follow_up = services.follow_up_create(
            by=request.user,
            route=route,
            organisation=organisation,
            description=payload.description,
            assignee=User.objects.filter(pk=payload.assignee).first(),
            due_on=payload.due_on,
            interaction=interaction,
        )
    except ValidationError as exc:
        raise invalid(exc) from exc
    return Status(201, selectors.follow_up_get_for_user(user=request.user, pk=follow_up.pk))


@router.get("/follow-ups/{follow_up_id}", response={200: FollowUpOut, **errors(*READ)}, url_name="follow-up-detail")
def follow_up_detail(request: HttpRequest, follow_up_id: int = FollowUpId) -> FollowUp:
    return _follow_up_for(request, follow_up_id)


@router.patch("/follow-ups/{follow_up_id}", response={200: FollowUpOut, **errors(*WRITE)}, url_name="follow-up-detail")
def follow_up_patch(request: HttpRequest, payload: FollowUpPatch, follow_up_id: int = FollowUpId) -> FollowUp:
    """Change what, reassign, or move the due date (not into the past): the assignee or the coordinator."""
    follow_up = _follow_up_for(request, follow_up_id)
    require_perm(request.user, "outreach.change_follow_up", follow_up)
    data = payload.changes()
    if "assignee" in data:
        data["assignee"] = User.objects.filter(pk=data["assignee"]).first()
    try:
        services.follow_up_update(follow_up=follow_up, by=request.user, data=data)
    except ValidationError as exc:
        raise invalid(exc) from exc
    return selectors.follow_up_get_for_user(user=request.user, pk=follow_up.pk)


@router.post(
    "/follow-ups/{follow_up_id}/done", response={200: FollowUpOut, **errors(*ACTION)}, url_name="follow-up-done"
)
def follow_up_done(request: HttpRequest, follow_up_id: int = FollowUpId) -> FollowUp:
    follow_up = _follow_up_for(request, follow_up_id)
    require_perm(request.user, "outreach.change_follow_up", follow_up)
    return services.follow_up_complete(follow_up=follow_up, by=request.user)


@router.post(
    "/follow-ups/{follow_up_id}/reopen", response={200: FollowUpOut, **errors(*ACTION)}, url_name="follow-up-reopen"
)
def follow_up_reopen(request: HttpRequest, follow_up_id: int = FollowUpId) -> FollowUp:
    follow_up = _follow_up_for(request, follow_up_id)
    require_perm(request.user, "outreach.change_follow_up", follow_up)
    return services.follow_up_reopen(follow_up=follow_up, by=request.user)
