"""The pipeline of a route: each partner's stage, source and front-runner flag. Staff of the route read it; its
coordinators move organisations between stages and change sources. Everyone else: 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema

from verbinder.api.errors import CONFLICT, READ, WRITE, Invalid, errors, stale_conflict
from verbinder.api.fields import MAX_ID, BodyId, Flag, Text100, Text200, Version, unchanged
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.partners.schemas import Empty, InputSchema, OrganisationRef, PatchSchema
from verbinder.api.permissions import require_perm
from verbinder.core.exceptions import StaleVersionError
from verbinder.outreach.enums import Source, Stage
from verbinder.outreach.models import OutreachActivity, PipelineEntry
from verbinder.outreach.selectors import pipeline as selectors
from verbinder.outreach.services import pipeline as services
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.models import Organisation, Partnership, Route

router = Router(tags=["pipeline"])
RouteId = Path(..., ge=1, le=MAX_ID)
OrganisationId = Path(..., ge=1, le=MAX_ID)


class ActivityRef(Schema):
    id: int
    title: str


class EntryOut(Schema):
    """An organisation's place in a route's pipeline. Without a recorded change it is a prospect since the day it
    was linked to the route, with no source, at version 1."""

    route_id: int
    organisation: OrganisationRef
    kind: OrganisationKind
    stage: Stage
    stage_since: datetime
    days_in_stage: int
    source: Source | Empty
    source_organisation: OrganisationRef | None
    source_activity: ActivityRef | None
    source_note: str
    front_runner: bool
    version: int


class MoveOut(EntryOut):
    skipped: list[Stage] = Field(description="The stages on the road to hosting that this move jumped over.")


class EntryPage(PageOut):
    items: list[EntryOut]


class EntryQuery(PageQuery):
    q: Text100 = Field("", description="Part of the organisation's name.")
    stage: Stage | None = None
    kind: OrganisationKind | None = None
    source: Source | None = None
    front_runner: bool = Field(False, description="Only front-runners.")
    sort: str = Field("name", pattern="^-?(name|stage|since|source)$")


class MoveIn(InputSchema):
    to_stage: Stage
    version: Version


class EntryPatch(PatchSchema):
    version: Version
    source: Source | Empty = unchanged()
    source_organisation_id: BodyId | None = unchanged(description="The organisation it came through, or null.")
    source_activity_id: BodyId | None = unchanged(description="An outreach activity of this route, or null.")
    source_note: Text200 = unchanged()
    front_runner: Flag = unchanged()


def _route(request: HttpRequest, route_id: int) -> Route:
    return selectors.route_get_for_staff(user=request.user, pk=route_id)


def _entry_out(partnership: Partnership, **extra: Any) -> dict[str, Any]:
    card = selectors.card_for(partnership)
    entry: PipelineEntry | None = getattr(partnership, "pipeline", None)
    organisation = partnership.organisation
    via = entry.source_organisation if entry else None
    activity = entry.source_activity if entry else None
    return {
        "route_id": partnership.route_id,
        "organisation": {"id": organisation.pk, "name": organisation.name},
        "kind": organisation.kind,
        "stage": card.stage,
        "stage_since": card.since,
        "days_in_stage": card.days,
        "source": card.source,
        "source_organisation": {"id": via.pk, "name": via.name} if via else None,
        "source_activity": {"id": activity.pk, "title": activity.title} if activity else None,
        "source_note": entry.source_note if entry else "",
        "front_runner": card.front_runner,
        "version": card.version,
        **extra,
    }


def _partnership(route: Route, organisation_id: int) -> Partnership:
    return selectors.partnership_get(route=route, organisation_pk=organisation_id)


@router.get("/routes/{route_id}/pipeline", response={200: EntryPage, **errors(*READ)}, url_name="pipeline-list")
def pipeline_list(request: HttpRequest, filters: Query[EntryQuery], route_id: int = RouteId) -> dict[str, Any]:
    """The route's active partners with their stage, filtered and sorted as on the pipeline list."""
    route = _route(request, route_id)
    queryset = selectors.pipeline_partnerships(
        route=route,
        filters=selectors.PipelineFilters(
            q=filters.q.strip(),
            stage=filters.stage or "",
            kind=filters.kind or "",
            source=filters.source or "",
            front_runner=filters.front_runner,
            sort=filters.sort,
        ),
    ).select_related("pipeline__source_organisation", "pipeline__source_activity")
    page = paginate(queryset, filters)
    page["items"] = [_entry_out(partnership) for partnership in page["items"]]
    return page


@router.get(
    "/routes/{route_id}/pipeline/{organisation_id}",
    response={200: EntryOut, **errors(*READ)},
    url_name="pipeline-entry",
)
def pipeline_entry(request: HttpRequest, route_id: int = RouteId, organisation_id: int = OrganisationId) -> Any:
    """One organisation's place in the route's pipeline."""
    return _entry_out(_partnership(_route(request, route_id), organisation_id))


@router.post(
    "/routes/{route_id}/pipeline/{organisation_id}/move",
    response={200: MoveOut, **errors(*WRITE, CONFLICT)},
    url_name="pipeline-move",
)
def pipeline_move(
    request: HttpRequest, payload: MoveIn, route_id: int = RouteId, organisation_id: int = OrganisationId
) -> Any:
    """Move the organisation to another stage (coordinators of the route). Send the `version` you read: if a
    colleague moved or changed it since, nothing changes and 409 (`stale_version`) gives the current version.
    Skipping stages is allowed and recorded (`skipped`); a move to the current stage changes nothing."""
    route = _route(request, route_id)
    partnership = _partnership(route, organisation_id)
    require_perm(request.user, "outreach.move_stage", route)
    before = selectors.card_for(partnership).stage
    try:
        services.stage_move(
            route=route,
            organisation=partnership.organisation,
            to_stage=payload.to_stage,
            by=request.user,
            version=payload.version,
        )
    except StaleVersionError as exc:
        current = selectors.card_for(_partnership(route, organisation_id))
        raise stale_conflict(PipelineEntry, exc, current.version) from exc
    except ValidationError as exc:
        raise Invalid.from_django(exc, ["body", "payload"]) from exc
    skipped = services.skipped_stages(before, payload.to_stage)
    return _entry_out(_partnership(route, organisation_id), skipped=skipped)


@router.patch(
    "/routes/{route_id}/pipeline/{organisation_id}",
    response={200: EntryOut, **errors(*WRITE, CONFLICT)},
    url_name="pipeline-entry",
)
def pipeline_entry_update(
    request: HttpRequest, payload: EntryPatch, route_id: int = RouteId, organisation_id: int = OrganisationId
) -> Any:
    """Change the source (and the organisation or activity it came through) or the front-runner flag (coordinators
    of the route). An organisation or activity outside your reach: 404. A stale `version`: 409."""
    route = _route(request, route_id)
    partnership = _partnership(route, organisation_id)
    require_perm(request.user, "outreach.change_pipeline_entry", route)
    changes = payload.changes()
    data: dict[str, Any] = {}
    for name in ("source", "source_note", "front_runner"):
        if name in changes and changes[name] is not None:
            data[name] = changes[name].value if isinstance(changes[name], Source) else changes[name]
    if "source_organisation_id" in changes:
        pk = changes["source_organisation_id"]
        data["source_organisation"] = (
            # Only the route's own partners: another route's organisation would show to this route's staff.
            Organisation.objects.visible_to(request.user).filter(pk=pk, partnerships__route=route).first()
            if pk is not None
            else None
        )
        if pk is not None and data["source_organisation"] is None:
            raise Http404
    if "source_activity_id" in changes:
        pk = changes["source_activity_id"]
        data["source_activity"] = (
            OutreachActivity.objects.visible_to(request.user).filter(pk=pk).first() if pk is not None else None
        )
        if pk is not None and data["source_activity"] is None:
            raise Http404
    try:
        services.entry_update(
            route=route, organisation=partnership.organisation, by=request.user, data=data, version=payload.version
        )
    except StaleVersionError as exc:
        current = selectors.card_for(_partnership(route, organisation_id))
        raise stale_conflict(PipelineEntry, exc, current.version) from exc
    except ValidationError as exc:
        raise Invalid.from_django(exc, ["body", "payload"]) from exc
    return _entry_out(_partnership(route, organisation_id))
