"""The pipeline API with tokens: staff of the route read, coordinators move and edit (teachers 403), everyone else
404; a stale version is 409 and changes nothing; skipped stages are recorded and reported."""

from __future__ import annotations

import pytest

from tests.api.conftest import Personas
from tests.conftest import PERSONAS, World
from tests.factories.outreach import OutreachActivityFactory
from verbinder.outreach.models import PipelineEntry, StageChange

pytestmark = pytest.mark.django_db


def entry_path(route, organisation, suffix=""):
    return f"/outreach/routes/{route.pk}/pipeline/{organisation.pk}{suffix}"


def expect(default, **statuses):
    return {persona: statuses.get(persona, default) for persona in PERSONAS}


READ_A = expect(404, admin=200, coordinator=200, teacher=200, anonymous=401)
CHANGE_A = expect(404, admin=200, coordinator=200, teacher=403, anonymous=401)


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_and_entry_reach(world: World, api: Personas, persona):
    assert api(persona).get(f"/outreach/routes/{world.route.pk}/pipeline").status == READ_A[persona]
    assert api(persona).get(entry_path(world.route, world.company)).status == READ_A[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_move_reach(world: World, api: Personas, persona):
    response = api(persona).post(
        entry_path(world.route, world.company, "/move"), {"to_stage": "contacted", "version": 1}
    )
    assert response.status == CHANGE_A[persona]
    assert PipelineEntry.objects.filter(stage="contacted").exists() == (response.status == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_update_reach(world: World, api: Personas, persona):
    response = api(persona).patch(entry_path(world.route, world.company), {"version": 1, "front_runner": True})
    assert response.status == CHANGE_A[persona]


def test_other_route_and_unlinked_organisation_are_404(world: World, api: Personas):
    coordinator = api("coordinator")
    assert coordinator.get(f"/outreach/routes/{world.other_route.pk}/pipeline").status == 404
    assert coordinator.get(entry_path(world.route, world.other_company)).status == 404
    move = coordinator.post(
        entry_path(world.route, world.other_company, "/move"), {"to_stage": "hosting", "version": 1}
    )
    assert move.status == 404
    assert not PipelineEntry.objects.exists()


def test_list_shows_prospects_and_filters_by_stage(world: World, api: Personas):
    coordinator = api("coordinator")
    body = coordinator.get(f"/outreach/routes/{world.route.pk}/pipeline").body
    assert body["count"] == 2
    assert {item["stage"] for item in body["items"]} == {"prospect"}
    assert {item["version"] for item in body["items"]} == {1}
    coordinator.post(entry_path(world.route, world.branch, "/move"), {"to_stage": "intake_held", "version": 1})
    body = coordinator.get(f"/outreach/routes/{world.route.pk}/pipeline", stage="intake_held").body
    assert [item["organisation"]["name"] for item in body["items"]] == ["Brancheclub Techniek"]


def test_move_records_skipped_stages(world: World, api: Personas):
    response = api("coordinator").post(
        entry_path(world.route, world.company, "/move"), {"to_stage": "intake_held", "version": 1}
    )
    assert response.status == 200
    assert response.body["stage"] == "intake_held"
    assert response.body["skipped"] == ["contacted", "intake_planned"]
    assert response.body["version"] == 2
    assert StageChange.objects.get(to_stage="intake_held").skipped == ["contacted", "intake_planned"]


def test_stale_move_is_409_and_changes_nothing(world: World, api: Personas):
    path = entry_path(world.route, world.company, "/move")
    assert api("coordinator").post(path, {"to_stage": "contacted", "version": 1}).status == 200
    response = api("admin").post(path, {"to_stage": "stopped", "version": 1})
    assert response.status == 409
    assert response.body["code"] == "stale_version"
    assert response.body["current_version"] == 2
    assert PipelineEntry.objects.get().stage == "contacted"


def test_move_with_an_unknown_stage_is_422(world: World, api: Personas):
    response = api("coordinator").post(
        entry_path(world.route, world.company, "/move"), {"to_stage": "won", "version": 1}
    )
    assert response.status == 422
    assert not PipelineEntry.objects.exists()


def test_update_source_with_activity_and_organisation(world: World, api: Personas):
    activity = OutreachActivityFactory(route=world.route)
    body = {"version": 1, "source": "employers_meeting", "source_activity_id": activity.pk,
            "source_organisation_id": world.branch.pk, "source_note": "<b>x</b>", "front_runner": True}  # fmt: skip
    response = api("coordinator").patch(entry_path(world.route, world.company), body)
    assert response.status == 200
    assert response.body["source"] == "employers_meeting"
    assert response.body["source_activity"] == {"id": activity.pk, "title": activity.title}
    assert response.body["source_organisation"] == {"id": world.branch.pk, "name": "Brancheclub Techniek"}
    assert response.body["front_runner"] is True and response.body["version"] == 2
    assert response.body["source_note"] == "<b>x</b>"


def test_update_with_foreign_references_is_404(world: World, api: Personas):
    foreign = OutreachActivityFactory(route=world.other_route)
    path = entry_path(world.route, world.company)
    assert api("coordinator").patch(path, {"version": 1, "source_activity_id": foreign.pk}).status == 404
    assert (
        api("coordinator").patch(path, {"version": 1, "source_organisation_id": world.other_company.pk}).status == 404
    )
    assert not PipelineEntry.objects.exists()


def test_stale_update_is_409(world: World, api: Personas):
    path = entry_path(world.route, world.company)
    assert api("coordinator").patch(path, {"version": 1, "source": "research"}).status == 200
    response = api("coordinator").patch(path, {"version": 1, "source": "other"})
    assert response.status == 409
    assert PipelineEntry.objects.get().source == "research"


def test_update_with_unknown_field_is_422(world: World, api: Personas):
    response = api("coordinator").patch(entry_path(world.route, world.company), {"version": 1, "stage": "hosting"})
    assert response.status == 422
