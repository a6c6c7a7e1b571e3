"""Contact moments through the API: the same reach as the pages (staff of the route and administrators; anyone
else gets 404), the same rules (logging: staff of the route; changing: the author or the route's coordinator)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from verbinder.accounts.models import User
from verbinder.api.errors import READ, WRITE, FieldErrorOut, Invalid, errors
from verbinder.api.fields import MAX_ID, BodyId, Notes, Text300
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.partners.schemas import (
    InputSchema,
    OrganisationRef,
    PatchSchema,
    PersonRef,
    RouteRef,
    UserRef,
    unchanged,
)
from verbinder.api.permissions import require_perm, require_staff
from verbinder.outreach.enums import InteractionKind
from verbinder.outreach.models import Interaction
from verbinder.outreach.selectors import interactions as selectors
from verbinder.outreach.services.interactions import interaction_log, interaction_update
from verbinder.partners.models import Person, Route
from verbinder.partners.selectors import organisation_get_for_user

router = Router(tags=["contact moments"])
# A calendar day as YYYY-MM-DD; the published pattern also tells clients that control characters are refused.
Day = Annotated[date, Field(json_schema_extra={"pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})]
InteractionId = Path(..., ge=1, le=MAX_ID)
MAX_NAMED = 50


class InteractionQuery(PageQuery):
    route: int | None = Field(None, ge=1, le=MAX_ID, description="Only contact moments of this route.")
    organisation: int | None = Field(None, ge=1, le=MAX_ID, description="Only contact moments with this organisation.")


class InteractionOut(Schema):
    id: int
    route: RouteRef
    organisation: OrganisationRef
    kind: InteractionKind
    occurred_on: date
    people: list[PersonRef]
    colleagues: list[UserRef]
    notes: str = Field(description="Markdown.")
    created_by: UserRef | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_people(obj: Interaction) -> list[Person]:
        return list(obj.people.all())

    @staticmethod
    def resolve_colleagues(obj: Interaction) -> list[Any]:
        return list(obj.colleagues.all())


class InteractionPage(PageOut):
    items: list[InteractionOut]


class FollowUpInline(InputSchema):
    description: Text300 = Field(description="What needs to be done.")
    assignee: BodyId = Field(description="A coordinator or teacher of the route.")
    due_on: Day = Field(description="Today or later.")


class InteractionIn(InputSchema):
    route: BodyId
    organisation: BodyId
    kind: InteractionKind
    occurred_on: Day = Field(description="Today or earlier.")
    people: list[BodyId] = Field([], max_length=MAX_NAMED, description="People with a role at the organisation.")
    colleagues: list[BodyId] = Field(
        [], max_length=MAX_NAMED, description="Staff of the route; left empty, you (when you staff the route)."
    )
    notes: Notes = ""
    follow_up: FollowUpInline | None = None


class InteractionPatch(PatchSchema):
    kind: InteractionKind = unchanged()
    occurred_on: Day = unchanged()
    people: list[BodyId] = unchanged(max_length=MAX_NAMED)
    colleagues: list[BodyId] = unchanged(max_length=MAX_NAMED)
    notes: Notes = unchanged()


def invalid(exc: ValidationError) -> Invalid:
    """A service's refusal as a 422; the follow-up's fields are named inside `follow_up`."""
    found: list[FieldErrorOut] = []
    for field, messages in exc.message_dict.items():
        loc: list[str | int] = ["body", "payload"]
        if field.startswith("follow_up_"):
            loc += ["follow_up", field.removeprefix("follow_up_")]
        elif field != "__all__":
            loc.append(field)
        found += [FieldErrorOut(loc=loc, msg=message, type="invalid") for message in messages]
    return Invalid(found)


def people_by_id(ids: list[int]) -> list[Person]:
    """Unknown ids are refused as the service refuses people without a role at the organisation."""
    found = list(Person.objects.filter(pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise ValidationError({"people": _("Choose contact persons who have (or had) a role at this organisation.")})
    return found


def users_by_id(ids: list[int]) -> list[Any]:
    found = list(User.objects.filter(pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise ValidationError({"colleagues": _("Choose colleagues who are coordinator or teacher of this route.")})
    return found


def _interaction_for(request: HttpRequest, interaction_id: int) -> Interaction:
    require_staff(request.user)
    return selectors.interaction_get_for_user(user=request.user, pk=interaction_id)


@router.get("/interactions", response={200: InteractionPage, **errors(*READ)}, url_name="interaction-list")
def interaction_list(request: HttpRequest, filters: Query[InteractionQuery]) -> dict[str, Any]:
    """Contact moments of your routes, newest first."""
    require_staff(request.user)
    queryset = selectors.interaction_list(user=request.user, route=filters.route, organisation=filters.organisation)
    return paginate(queryset, filters)


@router.post("/interactions", response={201: InteractionOut, **errors(*WRITE)}, url_name="interaction-list")
def interaction_create(request: HttpRequest, payload: InteractionIn) -> Status[Interaction]:
    """Log a contact moment (with an optional follow-up) for an organisation of a route you staff.

    A route or organisation outside your reach gives 404. 422: an archived organisation (restore it first), one
    not linked to the route, a date in the future, people without a role there, colleagues outside the route,
    a follow-up due in the past."""
    require_staff(request.user)
    organisation = organisation_get_for_user(user=request.user, pk=payload.organisation)
    route = get_object_or_404(Route.objects.visible_to(request.user), pk=payload.route)
    require_perm(request.user, "outreach.add_interaction", route)
    try:
        people = people_by_id(payload.people)
        colleagues = users_by_id(payload.colleagues)
        follow_up = None
        if payload.follow_up is not None:
            assignee = User.objects.filter(pk=payload.follow_up.assignee).first()
            follow_up = {**payload.follow_up.model_dump(), "assignee": assignee}
        interaction = interaction_log(
            by=request.user,
            route=route,
            organisation=organisation,
            kind=payload.kind,
            occurred_on=payload.occurred_on,
            people=people,
            colleagues=colleagues,
            notes=payload.notes,
            follow_up=follow_up,
        )
    except ValidationError as exc:
        raise invalid(exc) from exc
    return Status(201, selectors.interaction_get_for_user(user=request.user, pk=interaction.pk))


@router.get(
    "/interactions/{interaction_id}", response={200: InteractionOut, **errors(*READ)}, url_name="interaction-detail"
)
def interaction_detail(request: HttpRequest, interaction_id: int = InteractionId) -> Interaction:
    return _interaction_for(request, interaction_id)


@router.patch(
    "/interactions/{interaction_id}", response={200: InteractionOut, **errors(*WRITE)}, url_name="interaction-detail"
)
def interaction_patch(request: HttpRequest, payload: InteractionPatch, interaction_id: int = InteractionId) -> Any:
    """Change kind, date, people, colleagues or notes: the author or the route's coordinator (else 403)."""
    interaction = _interaction_for(request, interaction_id)
    require_perm(request.user, "outreach.change_interaction", interaction)
    data = payload.changes()
    try:
        if "people" in data:
            data["people"] = people_by_id(data["people"])
        if "colleagues" in data:
            data["colleagues"] = users_by_id(data["colleagues"])
        interaction_update(interaction=interaction, by=request.user, data=data)
    except ValidationError as exc:
        raise invalid(exc) from exc
    return selectors.interaction_get_for_user(user=request.user, pk=interaction.pk)
