"""The pipeline's writes: moves (skips recorded, stale versions refused, same stage a no-op), bulk moves and the
source of an entry."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrganisationFactory, RouteFactory, UserFactory
from tests.factories.outreach import OutreachActivityFactory
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.models import ActivityLog
from verbinder.outreach.enums import Source, Stage
from verbinder.outreach.models import PipelineEntry, StageChange
from verbinder.outreach.services.pipeline import entry_update, skipped_stages, stage_move, stage_move_bulk

pytestmark = pytest.mark.django_db


def test_skipped_stages_forward_backward_and_off_the_road():
    assert skipped_stages("prospect", "intake_held") == ["contacted", "intake_planned"]
    assert skipped_stages("prospect", "contacted") == []
    assert skipped_stages("hosting", "contacted") == []
    assert skipped_stages("prospect", "paused") == []


def test_stage_move_that_skips_stages_is_allowed_and_recorded(world):
    by = world.users["coordinator"]
    entry = stage_move(route=world.route, organisation=world.company, to_stage=Stage.INTAKE_PLANNED, by=by, version=1)
    assert entry.stage == Stage.INTAKE_PLANNED
    assert entry.version == 2
    change = StageChange.objects.filter(entry=entry).last()
    assert (change.from_stage, change.to_stage, change.changed_by) == ("prospect", "intake_planned", by)
    assert change.skipped == ["contacted"]
    log = ActivityLog.objects.get(action_type="outreach.stage.moved", object_id=world.company.pk)
    assert log.data["skipped"] == ["contacted"]
    assert log.data["route_id"] == world.route.pk


def test_stage_move_with_stale_version_is_refused_and_changes_nothing(world):
    first, second = world.users["coordinator"], world.users["admin"]
    stage_move(route=world.route, organisation=world.company, to_stage=Stage.CONTACTED, by=first, version=1)
    with pytest.raises(StaleVersionError):
        stage_move(route=world.route, organisation=world.company, to_stage=Stage.STOPPED, by=second, version=1)
    entry = PipelineEntry.objects.get(organisation=world.company)
    assert (entry.stage, entry.version) == (Stage.CONTACTED, 2)
    assert StageChange.objects.filter(entry=entry).count() == 2  # created as prospect, then contacted


def test_stage_move_to_the_same_stage_is_a_no_op(world):
    by = world.users["coordinator"]
    stage_move(route=world.route, organisation=world.company, to_stage=Stage.CONTACTED, by=by, version=1)
    entry = stage_move(route=world.route, organisation=world.company, to_stage=Stage.CONTACTED, by=by, version=2)
    assert entry.version == 2
    assert StageChange.objects.filter(entry=entry).count() == 2


def test_stage_move_of_an_organisation_not_linked_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        stage_move(route=world.route, organisation=world.other_company, to_stage=Stage.CONTACTED,
                   by=world.users["coordinator"])  # fmt: skip
    assert caught.value.code == "not_linked"
    assert not PipelineEntry.objects.exists()


def test_stage_move_to_an_unknown_stage_is_refused(world):
    with pytest.raises(ValidationError):
        stage_move(route=world.route, organisation=world.company, to_stage="won", by=world.users["coordinator"])
    assert not PipelineEntry.objects.exists()


def test_bulk_move_is_all_or_nothing(world):
    by = world.users["coordinator"]
    stage_move(route=world.route, organisation=world.branch, to_stage=Stage.CONTACTED, by=by, version=1)
    with pytest.raises(StaleVersionError):
        stage_move_bulk(route=world.route, moves=[(world.company, 1), (world.branch, 1)], to_stage=Stage.PAUSED, by=by)
    assert not PipelineEntry.objects.filter(stage=Stage.PAUSED).exists()
    entries = stage_move_bulk(
        route=world.route, moves=[(world.company, 1), (world.branch, 2)], to_stage=Stage.PAUSED, by=by
    )
    assert [entry.stage for entry in entries] == [Stage.PAUSED, Stage.PAUSED]
    assert ActivityLog.objects.filter(action_type="outreach.stage.moved", object_id=world.company.pk).count() == 1
    assert ActivityLog.objects.filter(action_type="outreach.stage.moved", object_id=world.branch.pk).count() == 2


def test_entry_update_sets_source_and_front_runner(world):
    activity = OutreachActivityFactory(route=world.route)
    entry = entry_update(
        route=world.route,
        organisation=world.company,
        by=world.users["coordinator"],
        data={"source": Source.EMPLOYERS_MEETING, "source_activity": activity, "front_runner": True,
              "source_organisation": world.branch, "source_note": "<b>markup</b>"},
        version=1,
    )  # fmt: skip
    assert (entry.source, entry.source_activity, entry.front_runner, entry.version) == (
        Source.EMPLOYERS_MEETING, activity, True, 2,
    )  # fmt: skip
    assert entry.source_note == "<b>markup</b>"


def test_entry_update_refuses_an_activity_of_another_route(world):
    activity = OutreachActivityFactory(route=world.other_route)
    with pytest.raises(ValidationError):
        entry_update(route=world.route, organisation=world.company, by=world.users["coordinator"],
                     data={"source_activity": activity}, version=1)  # fmt: skip
    assert not PipelineEntry.objects.exists()  # the entry made for the change was rolled back with it


def test_entry_update_with_stale_version_is_refused(world):
    by = world.users["coordinator"]
    entry_update(route=world.route, organisation=world.company, by=by, data={"front_runner": True}, version=1)
    with pytest.raises(StaleVersionError):
        entry_update(route=world.route, organisation=world.company, by=by, data={"source": Source.OTHER}, version=1)
    assert PipelineEntry.objects.get(organisation=world.company).source == ""


def test_entries_are_per_route():
    route, other = RouteFactory(), RouteFactory()
    organisation = OrganisationFactory(routes=[route, other])
    stage_move(route=route, organisation=organisation, to_stage=Stage.HOSTING, by=UserFactory())
    assert PipelineEntry.objects.get(route=route).stage == Stage.HOSTING
    assert not PipelineEntry.objects.filter(route=other).exists()
