"""The pipeline link: a company hosting a student of a route stands in the stage "hosting a student" with that
route, and returns to the stage it was in before when it hosts none any more.

Called by every placement service (in its transaction) for the organisations it touched. Without the outreach
app nothing happens. A company whose stage someone moved away from hosting by hand while it still hosted is put
back; one that hosts nobody and stands elsewhere is left where it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps

from verbinder.partners.models import Organisation, Partnership, Route
from verbinder.placements.enums import CURRENT_PLACEMENT_STATUSES
from verbinder.placements.models import PlacementHost


def hosting_sync(*, route: Route, organisation_ids: Iterable[int], by: Any) -> None:
    """Move each organisation (linked to the route) into or out of the stage "hosting" as its current
    (active or paused) placements in the route say."""
    if not apps.is_installed("verbinder.outreach"):
        return
    from verbinder.outreach.enums import Stage
    from verbinder.outreach.models import PipelineEntry, StageChange
    from verbinder.outreach.services.pipeline import stage_move

    wanted = set(organisation_ids)
    if not wanted:
        return
    linked = set(
        Partnership.objects.filter(route=route, organisation_id__in=wanted).values_list("organisation_id", flat=True)
    )
    hosting = set(
        PlacementHost.objects.filter(
            organisation_id__in=linked,
            is_current=True,
            placement__route=route,
            placement__status__in=CURRENT_PLACEMENT_STATUSES,
        ).values_list("organisation_id", flat=True)
    )
    stages = dict(
        PipelineEntry.objects.filter(route=route, organisation_id__in=linked).values_list("organisation_id", "stage")
    )
    organisations = Organisation.objects.in_bulk(sorted(linked))
    for organisation_id in sorted(linked):
        stage = stages.get(organisation_id)
        if organisation_id in hosting:
            if stage != Stage.HOSTING:
                stage_move(route=route, organisation=organisations[organisation_id], to_stage=Stage.HOSTING, by=by)
        elif stage == Stage.HOSTING:
            last_move_in = (
                StageChange.objects.filter(
                    entry__route=route, entry__organisation_id=organisation_id, to_stage=Stage.HOSTING
                )
                .order_by("-changed_at", "-pk")
                .values_list("from_stage", flat=True)
                .first()
            )
            previous = last_move_in if last_move_in and last_move_in != Stage.HOSTING else Stage.AGREEMENT
            stage_move(route=route, organisation=organisations[organisation_id], to_stage=previous, by=by)
