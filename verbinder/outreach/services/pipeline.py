"""Writes of the pipeline: an organisation's stage with a route, its source and the front-runner flag."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from verbinder.core.activity import log_action
from verbinder.core.exceptions import StaleVersionError
from verbinder.outreach.enums import PIPELINE_ROAD, Source, Stage
from verbinder.outreach.models import OutreachActivity, PipelineEntry, StageChange
from verbinder.partners.models import Organisation, Partnership, Route


def skipped_stages(from_stage: str, to_stage: str) -> list[str]:
    """The stages on the road to hosting that a move forward jumps over (none for a move back or off the road)."""
    road = [str(stage) for stage in PIPELINE_ROAD]
    if from_stage not in road or to_stage not in road:
        return []
    start, end = road.index(from_stage), road.index(to_stage)
    return road[start + 1 : end] if end > start + 1 else []


def entry_get_or_create(*, route: Route, organisation: Organisation) -> PipelineEntry:
    """The organisation's entry with the route, locked for update; made (as a prospect since the day of the link)
    on first use. The organisation must be linked to the route."""
    partnership = Partnership.objects.filter(route=route, organisation=organisation).first()
    if partnership is None:
        raise ValidationError(_("This organisation is not linked to the route."), code="not_linked")
    entry, created = PipelineEntry.objects.select_for_update().get_or_create(
        partnership=partnership,
        defaults={"route": route, "organisation": organisation, "stage_since": partnership.created_at},
    )
    if created:
        StageChange.objects.create(
            entry=entry, route=route, from_stage="", to_stage=Stage.PROSPECT, changed_at=partnership.created_at
        )
    return entry


@transaction.atomic
def stage_move(
    *, route: Route, organisation: Organisation, to_stage: str, by: Any, version: int | None = None
) -> PipelineEntry:
    """Move the organisation to `to_stage`. With `version` (what the mover saw), a move over someone else's newer
    change is refused: the mover then sees the new state. Skipping stages forward is allowed and recorded."""
    if to_stage not in Stage.values:
        raise ValidationError(_("Choose one of the stages."), code="invalid_stage")
    entry = entry_get_or_create(route=route, organisation=organisation)
    if version is not None and entry.version != version:
        raise StaleVersionError(changed=["stage"])
    if entry.stage == to_stage:
        return entry
    now = timezone.now()
    skipped = skipped_stages(entry.stage, to_stage)
    StageChange.objects.create(
        entry=entry, route=route, from_stage=entry.stage, to_stage=to_stage, changed_at=now, changed_by=by,
        skipped=skipped,
    )  # fmt: skip
    log_action(
        actor=by,
        action_type="outreach.stage.moved",
        target=organisation,
        changes={"stage": [entry.stage, to_stage]},
        data={"route": str(route), "route_id": route.pk, "skipped": skipped},
    )
    PipelineEntry.objects.filter(pk=entry.pk).update(stage=to_stage, stage_since=now, version=F("version") + 1)
    entry.refresh_from_db()
    return entry


@transaction.atomic
def entry_update(
    *,
    route: Route,
    organisation: Organisation,
    by: Any,
    data: dict[str, Any],
    version: int | None = None,
) -> PipelineEntry:
    """Change the source (with the organisation or activity it came through, and details) or the front-runner
    flag. `data` holds any of: source, source_organisation, source_activity, source_note, front_runner."""
    entry = entry_get_or_create(route=route, organisation=organisation)
    if version is not None and entry.version != version:
        raise StaleVersionError(changed=sorted(data))
    activity = data.get("source_activity")
    if isinstance(activity, OutreachActivity) and activity.route_id != route.pk:
        raise ValidationError({"source_activity": _("Choose an activity of this route.")})
    source = data.get("source", entry.source)
    if source and source not in Source.values:
        raise ValidationError({"source": _("Choose one of the sources.")})
    changes: dict[str, list[Any]] = {}
    for name in ("source", "source_organisation", "source_activity", "source_note", "front_runner"):
        if name not in data:
            continue
        old, new = getattr(entry, name), data[name]
        if old != new:
            changes[name] = [str(old) if old is not None else None, str(new) if new is not None else None]
            setattr(entry, name, new)
    if changes:
        entry.version = F("version") + 1  # type: ignore[assignment]
        entry.save()
        entry.refresh_from_db()
        log_action(
            actor=by,
            action_type="outreach.pipeline.updated",
            target=organisation,
            changes=changes,
            data={"route": str(route), "route_id": route.pk},
        )
    return entry


@transaction.atomic
def stage_move_bulk(
    *, route: Route, moves: list[tuple[Organisation, int | None]], to_stage: str, by: Any
) -> list[PipelineEntry]:
    """Move several organisations (each with the version the mover saw) to one stage, all or nothing: one stale
    version refuses the whole batch, so that nobody's newer move is overwritten. Each move is recorded."""
    return [
        stage_move(route=route, organisation=organisation, to_stage=to_stage, by=by, version=version)
        for organisation, version in moves
    ]
