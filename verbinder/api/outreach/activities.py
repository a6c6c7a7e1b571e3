"""Outreach activities: the route's staff read them and their leads; coordinators record and change them.

External users never reach them (404), as on the pages. Material files are uploaded and downloaded on the pages;
the API tells whether an activity has material and under which name.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from verbinder.api.errors import (
    CONFLICT,
    READ,
    WRITE,
    Conflict,
    ConflictOut,
    DuplicateOut,
    Invalid,
    errors,
    stale_conflict,
)
from verbinder.api.fields import (
    MAX_ID,
    BodyId,
    Email,
    Flag,
    Kvk,
    Name,
    Notes,
    Phone,
    RequiredText100,
    RequiredText150,
    RequiredText200,
    Text100,
    Text150,
    Text300,
    Version,
    unchanged,
)
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.partners.schemas import InputSchema, OrganisationRef, PatchSchema, PersonRef, RouteRef
from verbinder.api.permissions import require_perm
from verbinder.core.exceptions import StaleVersionError
from verbinder.outreach.enums import ActivityKind, Source, Stage
from verbinder.outreach.models import OutreachActivity
from verbinder.outreach.selectors import activities as selectors
from verbinder.outreach.services import activities as services
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.models import Organisation
from verbinder.partners.selectors import organisation_duplicates

router = Router(tags=["activities"])
RouteId = Path(..., ge=1, le=MAX_ID)
ActivityId = Path(..., ge=1, le=MAX_ID)


DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _date_text(value: Any) -> Any:
    """Only a date written as YYYY-MM-DD (pydantic's lax mode would also take numbers)."""
    if not isinstance(value, str) or not re.fullmatch(DATE, value):
        raise PydanticCustomError("date_type", "Input should be a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[
    date,
    Field(json_schema_extra={"pattern": DATE}, description="A day as YYYY-MM-DD."),
    BeforeValidator(_date_text),
]


class ActivityOut(Schema):
    id: int
    route: RouteRef
    kind: ActivityKind
    title: str
    held_on: date
    host: OrganisationRef | None
    audience: str
    notes: str = Field(description="Markdown.")
    material_name: str = Field(description="The material file's name; empty when there is none.")
    lead_count: int = Field(description="Organisations that have this activity as their source.")
    created_at: datetime
    updated_at: datetime
    version: int


class ActivityPage(PageOut):
    items: list[ActivityOut]


class ActivityQuery(PageQuery):
    kind: ActivityKind | None = None


class ActivityIn(InputSchema):
    kind: ActivityKind
    title: RequiredText200
    held_on: IsoDate
    host: BodyId | None = Field(None, description="An active organisation you may see, or null.")
    audience: Text300 = ""
    notes: Notes = ""


class ActivityPatch(PatchSchema):
    version: Version
    kind: ActivityKind = unchanged()
    title: RequiredText200 = unchanged()
    held_on: IsoDate = unchanged()
    host: BodyId | None = unchanged(description="An active organisation you may see, or null for none.")
    audience: Text300 = unchanged()
    notes: Notes = unchanged()


class LeadOut(Schema):
    organisation: OrganisationRef
    stage: Stage
    stage_since: datetime
    source: Source | Literal[""]
    contacts: list[PersonRef]


class LeadPage(PageOut):
    items: list[LeadOut]


class LeadPersonIn(InputSchema):
    first_name: RequiredText100
    last_name: RequiredText150
    function_title: Text150 = ""
    email: Email = ""
    phone: Phone = ""


class LeadIn(InputSchema):
    """A new organisation that came in through the activity, and optionally one contact person there."""

    name: Name
    city: Text100 = ""
    kvk_number: Kvk = ""
    kind: OrganisationKind = OrganisationKind.COMPANY
    person: LeadPersonIn | None = None
    confirm_not_duplicate: Flag = Field(
        False, description="Add it even though an organisation with a similar name exists in the same city."
    )


class LeadLinkIn(InputSchema):
    organisation: BodyId = Field(description="An organisation you may see (a likely duplicate) to link as a lead.")


def _lead_out(entry: Any) -> LeadOut:
    return LeadOut(
        organisation=OrganisationRef(id=entry.organisation.pk, name=entry.organisation.name),
        stage=Stage(entry.stage),
        stage_since=entry.stage_since,
        source=entry.source,
        contacts=[
            PersonRef(
                id=affiliation.person.pk,
                first_name=affiliation.person.first_name,
                last_name=affiliation.person.last_name,
            )
            for affiliation in entry.organisation.current_affiliations
        ],
    )


def _duplicates_out(request: HttpRequest, duplicates: list[Organisation]) -> list[DuplicateOut]:
    visible = selectors.lead_link_candidates(user=request.user, pks=[org.pk for org in duplicates])
    return [
        DuplicateOut(
            id=org.pk if org.pk in visible else None,
            name=org.name,
            city=org.city,
            kvk_number=org.kvk_number,
            archived=org.archived_at is not None,
        )
        for org in duplicates
    ]


def _activity_out(activity: OutreachActivity, lead_count: int | None = None) -> ActivityOut:
    if lead_count is None:
        lead_count = activity.leads.filter(route_id=activity.route_id).count()
    return ActivityOut(
        id=activity.pk,
        route=RouteRef(id=activity.route.pk, programme_name=activity.route.programme_name),
        kind=ActivityKind(activity.kind),
        title=activity.title,
        held_on=activity.held_on,
        host=OrganisationRef(id=activity.host.pk, name=activity.host.name) if activity.host else None,
        audience=activity.audience,
        notes=activity.notes,
        material_name=activity.material_name if activity.material else "",
        lead_count=lead_count,
        created_at=activity.created_at,
        updated_at=activity.updated_at,
        version=activity.version,
    )


def _host(request: HttpRequest, data: dict[str, Any]) -> None:
    """Replace the host's id by the organisation; one outside the caller's reach (or archived) is not found."""
    if data.get("host") is not None:
        data["host"] = get_object_or_404(selectors.host_choices(user=request.user), pk=data["host"])


@router.get(
    "/routes/{route_id}/activities",
    response={200: ActivityPage, **errors(*READ)},
    url_name="outreach-activity-list",
)
def activity_list(request: HttpRequest, filters: Query[ActivityQuery], route_id: int = RouteId) -> dict[str, Any]:
    """The route's outreach activities, newest first, each with its number of leads."""
    route = selectors.route_get_for_outreach(user=request.user, pk=route_id)
    require_perm(request.user, "outreach.view_outreach", route)
    page = paginate(selectors.activity_list(route=route, kind=filters.kind or "").select_related("route"), filters)
    page["items"] = [_activity_out(activity, activity.lead_count) for activity in page["items"]]
    return page


@router.post(
    "/routes/{route_id}/activities",
    response={201: ActivityOut, **errors(*WRITE)},
    url_name="outreach-activity-list",
)
def activity_create(request: HttpRequest, payload: ActivityIn, route_id: int = RouteId) -> Status[ActivityOut]:
    """Record an activity of a route you coordinate. A host outside your reach, or archived: 404."""
    route = selectors.route_get_for_outreach(user=request.user, pk=route_id)
    require_perm(request.user, "outreach.add_activity", route)
    data = payload.model_dump()
    _host(request, data)
    try:
        activity = services.activity_create(route=route, by=request.user, data=data)
    except ValidationError as exc:
        raise Invalid.from_django(exc, ["body", "payload"]) from exc
    return Status(201, _activity_out(activity, 0))


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityOut, **errors(*READ)},
    url_name="outreach-activity-detail",
)
def activity_detail(request: HttpRequest, activity_id: int = ActivityId) -> ActivityOut:
    activity = selectors.activity_get_for_user(user=request.user, pk=activity_id)
    require_perm(request.user, "outreach.view_outreach", activity)
    return _activity_out(activity)


@router.patch(
    "/activities/{activity_id}",
    response={200: ActivityOut, **errors(*WRITE, CONFLICT)},
    url_name="outreach-activity-detail",
)
def activity_update(request: HttpRequest, payload: ActivityPatch, activity_id: int = ActivityId) -> ActivityOut:
    """Change an activity of a route you coordinate. Send the `version` you read and the fields that change.

    If someone saved the activity after you read it, nothing is saved: 409 (`stale_version`) names the fields they
    changed and gives the current version.
    """
    activity = selectors.activity_get_for_user(user=request.user, pk=activity_id)
    require_perm(request.user, "outreach.change_activity", activity)
    changes = payload.changes()
    if changes.get("host") is not None:
        if changes["host"] == activity.host_id:
            changes["host"] = activity.host  # kept as it is, even when archived since
        else:
            _host(request, changes)
    try:
        activity = services.activity_update(activity=activity, by=request.user, data=changes, version=payload.version)
    except StaleVersionError as exc:
        activity.refresh_from_db(fields=["version"])
        raise stale_conflict(OutreachActivity, exc, activity.version) from exc
    except ValidationError as exc:
        raise Invalid.from_django(exc, ["body", "payload"]) from exc
    return _activity_out(activity)


@router.get(
    "/activities/{activity_id}/leads",
    response={200: LeadPage, **errors(*READ)},
    url_name="outreach-activity-leads",
)
def activity_leads(request: HttpRequest, page: Query[PageQuery], activity_id: int = ActivityId) -> dict[str, Any]:
    """The organisations that came in through the activity, newest first, with their stage and contact people."""
    activity = selectors.activity_get_for_user(user=request.user, pk=activity_id)
    require_perm(request.user, "outreach.view_outreach", activity)
    result = paginate(selectors.activity_leads(activity=activity), page)
    result["items"] = [_lead_out(entry) for entry in result["items"]]
    return result


def _lead_created(activity: OutreachActivity, organisation_id: int) -> Status[LeadOut]:
    entry = selectors.activity_leads(activity=activity).get(organisation_id=organisation_id)
    return Status(201, _lead_out(entry))


@router.post(
    "/activities/{activity_id}/leads",
    response={201: LeadOut, **errors(*WRITE, CONFLICT)},
    url_name="outreach-activity-leads",
)
def activity_lead_create(request: HttpRequest, payload: LeadIn, activity_id: int = ActivityId) -> Status[LeadOut]:
    """Quick-add a lead of an activity of a route you coordinate: a new organisation, linked to the route, with the
    activity as its source, and optionally a contact person.

    A KVK number that is already registered gives 409 (`duplicate_kvk`); a very similar name in the same city gives
    409 (`possible_duplicate`) unless `confirm_not_duplicate` is true. Duplicates you may see carry their `id`:
    link one with POST .../leads/link instead.
    """
    activity = selectors.activity_get_for_user(user=request.user, pk=activity_id)
    require_perm(request.user, "outreach.change_activity", activity)
    require_perm(request.user, "partners.add_organisation")
    if payload.kvk_number:
        same = organisation_duplicates(name="", city="", kvk_number=payload.kvk_number)
        if same:
            raise Conflict(
                ConflictOut(
                    detail=_("An organisation with this KVK number is already registered."),
                    code="duplicate_kvk",
                    fields=["kvk_number"],
                    duplicates=_duplicates_out(request, same),
                )
            )
    duplicates = organisation_duplicates(name=payload.name, city=payload.city, kvk_number="")
    if duplicates and not payload.confirm_not_duplicate:
        raise Conflict(
            ConflictOut(
                detail=_(
                    "This organisation may already exist. Link the existing one as a lead instead, "
                    "or send confirm_not_duplicate: true."
                ),
                code="possible_duplicate",
                fields=["name", "city"],
                duplicates=_duplicates_out(request, duplicates),
            )
        )
    person = payload.person.model_dump() if payload.person else None
    try:
        entry = services.lead_create(
            activity=activity,
            by=request.user,
            organisation=payload.model_dump(include={"name", "city", "kvk_number", "kind"}),
            person={"first_name": person["first_name"], "last_name": person["last_name"]} if person else None,
            affiliation={key: person[key] for key in ("function_title", "email", "phone")} if person else None,
        )
    except ValidationError as exc:
        raise Invalid.from_django(exc, ["body", "payload"]) from exc
    return _lead_created(activity, entry.organisation_id)


@router.post(
    "/activities/{activity_id}/leads/link",
    response={201: LeadOut, **errors(*WRITE)},
    url_name="outreach-activity-lead-link",
)
def activity_lead_link(request: HttpRequest, payload: LeadLinkIn, activity_id: int = ActivityId) -> Status[LeadOut]:
    """Link an organisation that is already in the registry (one you may see) as a lead of the activity: it is linked
    to the route if needed and gets the activity as its source. Outside your reach: 404; archived: 422."""
    activity = selectors.activity_get_for_user(user=request.user, pk=activity_id)
    require_perm(request.user, "outreach.change_activity", activity)
    organisation = get_object_or_404(selectors.lead_link_choices(user=request.user), pk=payload.organisation)
    try:
        services.lead_link(activity=activity, organisation=organisation, by=request.user)
    except ValidationError as exc:
        raise Invalid.from_django(exc, ["body", "payload", "organisation"]) from exc
    return _lead_created(activity, organisation.pk)
