"""Follow-ups: create, reassign, move the due date, done and reopened; refusals change nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from tests.conftest import World
from tests.factories.outreach import FollowUpFactory
from verbinder.core.models import ActivityLog
from verbinder.outreach.models import FollowUp
from verbinder.outreach.services.followups import (
    follow_up_complete,
    follow_up_create,
    follow_up_reopen,
    follow_up_update,
)

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def create(world: World, **overrides):
    arguments = {
        "by": world.users["coordinator"],
        "route": world.route,
        "organisation": world.company,
        "description": "Offerte sturen",
        "assignee": world.users["teacher"],
        "due_on": today(),
    }
    return follow_up_create(**{**arguments, **overrides})


def test_create_due_today_is_allowed_and_logged(world: World) -> None:
    follow_up = create(world)

    assert (follow_up.assignee, follow_up.due_on, follow_up.done_at) == (world.users["teacher"], today(), None)
    entry = ActivityLog.objects.get(action_type="outreach.follow_up.created")
    assert (entry.object_id, entry.data["route_id"]) == (world.company.pk, world.route.pk)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"due_on": "yesterday"}, "due_on", "The due date is in the past. Choose today or a later date."),
        ({"assignee": "other_coordinator"}, "assignee", "Choose a coordinator or teacher of this route."),
        ({"assignee": "company_contact"}, "assignee", "Choose a coordinator or teacher of this route."),
        ({"description": "   "}, "description", "Say what needs to be done."),
    ],
)
def test_create_refuses_bad_input(world: World, overrides, field, message) -> None:
    if overrides.get("due_on") == "yesterday":
        overrides = {**overrides, "due_on": today() - datetime.timedelta(days=1)}
    if "assignee" in overrides:
        overrides = {**overrides, "assignee": world.users[overrides["assignee"]]}

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        create(world, **overrides)

    assert caught.value.message_dict == {field: [message]}
    assert not FollowUp.objects.exists()


def test_create_for_an_archived_organisation_is_refused(world: World) -> None:
    world.company.archived_at = timezone.now()
    world.company.save()

    with pytest.raises(ValidationError) as caught:
        create(world)

    assert list(caught.value.message_dict) == ["organisation"]


def test_done_and_reopen_are_logged_once(world: World) -> None:
    follow_up = FollowUpFactory(route=world.route, organisation=world.company, assignee=world.users["teacher"])
    by = world.users["teacher"]

    follow_up_complete(follow_up=follow_up, by=by)
    follow_up_complete(follow_up=follow_up, by=by)

    follow_up.refresh_from_db()
    assert follow_up.done_at is not None and follow_up.done_by == by
    assert ActivityLog.objects.filter(action_type="outreach.follow_up.done").count() == 1

    follow_up_reopen(follow_up=follow_up, by=by)
    follow_up_reopen(follow_up=follow_up, by=by)

    follow_up.refresh_from_db()
    assert (follow_up.done_at, follow_up.done_by) == (None, None)
    assert ActivityLog.objects.filter(action_type="outreach.follow_up.reopened").count() == 1


def test_update_reassigns_and_moves_the_due_date(world: World) -> None:
    follow_up = FollowUpFactory(route=world.route, organisation=world.company, assignee=world.users["teacher"])
    later = today() + datetime.timedelta(days=7)

    follow_up_update(
        follow_up=follow_up,
        by=world.users["coordinator"],
        data={"assignee": world.users["coordinator"], "due_on": later},
    )

    follow_up.refresh_from_db()
    assert (follow_up.assignee, follow_up.due_on) == (world.users["coordinator"], later)
    entry = ActivityLog.objects.get(action_type="outreach.follow_up.updated")
    assert set(entry.changes) == {"assignee", "due_on"}
    assert entry.data["route_id"] == world.route.pk


def test_update_refuses_a_due_date_moved_into_the_past_but_keeps_an_old_one(world: World) -> None:
    past = today() - datetime.timedelta(days=3)
    follow_up = FollowUpFactory(
        route=world.route, organisation=world.company, assignee=world.users["teacher"], due_on=past
    )

    with pytest.raises(ValidationError):
        follow_up_update(
            follow_up=follow_up, by=world.users["teacher"], data={"due_on": today() - datetime.timedelta(days=1)}
        )
    follow_up_update(follow_up=follow_up, by=world.users["teacher"], data={"due_on": past, "description": "Bellen"})

    follow_up.refresh_from_db()
    assert (follow_up.due_on, follow_up.description) == (past, "Bellen")


def test_update_refuses_an_assignee_outside_the_route(world: World) -> None:
    follow_up = FollowUpFactory(route=world.route, organisation=world.company, assignee=world.users["teacher"])

    with pytest.raises(ValidationError):
        follow_up_update(follow_up=follow_up, by=world.users["coordinator"],
                         data={"assignee": world.users["other_coordinator"]})  # fmt: skip

    follow_up.refresh_from_db()
    assert follow_up.assignee == world.users["teacher"]
