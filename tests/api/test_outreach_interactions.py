"""Contact moments and follow-ups through the API: the pages' reach (404 outside it, 403 where visible but not
allowed) and their refusals as 422."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from tests.api.conftest import Personas
from tests.conftest import World
from tests.factories.outreach import FollowUpFactory, InteractionFactory
from verbinder.outreach.models import FollowUp, Interaction
from verbinder.partners.models import Partnership

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def new_interaction(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "route": world.route.pk,
        "organisation": world.company.pk,
        "kind": "phone",
        "occurred_on": today().isoformat(),
        "people": [world.affiliation.person.pk],
        "colleagues": [world.users["teacher"].pk],
        "notes": "Gebeld over een **leerwerkplek**.",
        **overrides,
    }


def errors_at(body: Any) -> dict[str, str]:
    return {".".join(str(part) for part in error["loc"][2:]): error["msg"] for error in body["detail"]}


def test_create_with_a_follow_up_and_read_back(world: World, api: Personas) -> None:
    due = (today() + datetime.timedelta(days=1)).isoformat()
    body = new_interaction(
        world, follow_up={"description": "Offerte", "assignee": world.users["teacher"].pk, "due_on": due}
    )

    response = api("coordinator").post("/outreach/interactions", body)

    assert response.status == 201, response.body
    created = response.body
    assert created["route"] == {"id": world.route.pk, "programme_name": world.route.programme_name}
    assert [person["id"] for person in created["people"]] == [world.affiliation.person.pk]
    assert [colleague["id"] for colleague in created["colleagues"]] == [world.users["teacher"].pk]
    follow_up = FollowUp.objects.get()
    assert follow_up.interaction_id == created["id"]
    detail = api("teacher").get(f"/outreach/interactions/{created['id']}")
    assert detail.status == 200 and detail.body["notes"] == body["notes"]


@pytest.mark.parametrize(
    ("overrides", "where"),
    [
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"people": ["other"]}, "people"),
        ({"people": [999999]}, "people"),
        ({"colleagues": ["other_coordinator"]}, "colleagues"),
        ({"follow_up": "yesterday"}, "follow_up.due_on"),
        ({"follow_up": "outsider"}, "follow_up.assignee"),
    ],
)
def test_create_refuses_bad_input_with_422(world: World, api: Personas, overrides: dict, where: str) -> None:
    if overrides.get("people") == ["other"]:
        overrides = {"people": [world.other_affiliation.person.pk]}
    if overrides.get("colleagues") == ["other_coordinator"]:
        overrides = {"colleagues": [world.users["other_coordinator"].pk]}
    if overrides.get("follow_up") == "yesterday":
        yesterday = (today() - datetime.timedelta(days=1)).isoformat()
        overrides = {"follow_up": {"description": "X", "assignee": world.users["teacher"].pk, "due_on": yesterday}}
    if overrides.get("follow_up") == "outsider":
        outsider = world.users["other_coordinator"].pk
        overrides = {"follow_up": {"description": "X", "assignee": outsider, "due_on": today().isoformat()}}

    response = api("coordinator").post("/outreach/interactions", new_interaction(world, **overrides))

    assert response.status == 422, response.body
    assert where in errors_at(response.body)
    assert not Interaction.objects.exists() and not FollowUp.objects.exists()


def test_create_for_an_archived_organisation_says_restore_first(world: World, api: Personas) -> None:
    world.company.archived_at = timezone.now()
    world.company.save()

    response = api("coordinator").post("/outreach/interactions", new_interaction(world))

    assert response.status == 422
    with translation.override("nl"):
        assert "organisation" in errors_at(response.body)
    assert not Interaction.objects.exists()


def test_create_outside_reach_is_404(world: World, api: Personas) -> None:
    other_route = new_interaction(world, route=world.other_route.pk)
    other_company = new_interaction(world, organisation=world.other_company.pk, people=[], colleagues=[])

    assert api("coordinator").post("/outreach/interactions", other_route).status == 404
    assert api("coordinator").post("/outreach/interactions", other_company).status == 404
    assert api("company_contact").post("/outreach/interactions", new_interaction(world)).status == 404


def test_create_for_an_unlinked_route_is_422(world: World, api: Personas) -> None:
    response = api("admin").post(
        "/outreach/interactions", new_interaction(world, route=world.other_route.pk, colleagues=[])
    )

    assert response.status == 422
    assert "route" in errors_at(response.body)


def test_list_filters_and_stays_within_reach(world: World, api: Personas) -> None:
    ours = InteractionFactory(route=world.route, organisation=world.company)
    InteractionFactory(route=world.route, organisation=world.branch)
    InteractionFactory(route=world.other_route, organisation=world.other_company)

    everything = api("teacher").get("/outreach/interactions")
    filtered = api("teacher").get("/outreach/interactions", organisation=world.company.pk, route=world.route.pk)
    other = api("teacher").get("/outreach/interactions", route=world.other_route.pk)

    assert everything.body["count"] == 2
    assert [item["id"] for item in filtered.body["items"]] == [ours.pk]
    assert other.body["count"] == 0
    assert api("company_contact").get("/outreach/interactions").status == 404


def test_update_by_author_or_coordinator_else_403(world: World, api: Personas) -> None:
    interaction = InteractionFactory(
        route=world.route, organisation=world.company, created_by=world.users["coordinator"]
    )
    path = f"/outreach/interactions/{interaction.pk}"

    assert api("teacher").patch(path, {"notes": "Nee"}).status == 403
    assert api("other_coordinator").patch(path, {"notes": "Nee"}).status == 404
    response = api("coordinator").patch(path, {"notes": "Ja", "people": [world.affiliation.person.pk]})
    assert response.status == 200, response.body
    assert response.body["notes"] == "Ja"
    future = api("coordinator").patch(path, {"occurred_on": "2999-01-01"})
    assert future.status == 422 and "occurred_on" in errors_at(future.body)


def test_other_routes_moments_are_404_even_for_a_shared_organisation(world: World, api: Personas) -> None:
    Partnership.objects.create(route=world.other_route, organisation=world.company)
    theirs = InteractionFactory(route=world.other_route, organisation=world.company, notes="GEHEIM-B")

    assert api("coordinator").get(f"/outreach/interactions/{theirs.pk}").status == 404
    listed = api("coordinator").get("/outreach/interactions", organisation=world.company.pk)
    assert listed.body["count"] == 0


def test_follow_ups_mine_by_route_and_status(world: World, api: Personas) -> None:
    mine = FollowUpFactory(route=world.route, organisation=world.company, assignee=world.users["teacher"])
    overdue = FollowUpFactory(
        route=world.route, organisation=world.company, assignee=world.users["teacher"],
        due_on=today() - datetime.timedelta(days=1),
    )  # fmt: skip
    FollowUpFactory(route=world.route, organisation=world.company, assignee=world.users["coordinator"])

    client = api("teacher")
    assert client.get("/outreach/follow-ups").body["count"] == 3
    assert {item["id"] for item in client.get("/outreach/follow-ups", mine="true").body["items"]} == {
        mine.pk,
        overdue.pk,
    }
    late = client.get("/outreach/follow-ups", mine="true", status="overdue").body["items"]
    assert [(item["id"], item["status"]) for item in late] == [(overdue.pk, "overdue")]
    assert client.get("/outreach/follow-ups", route=world.other_route.pk).body["count"] == 0


def test_follow_up_create_update_done_reopen(world: World, api: Personas) -> None:
    client = api("teacher")
    body = {
        "route": world.route.pk,
        "organisation": world.company.pk,
        "description": "Terugbellen",
        "assignee": world.users["teacher"].pk,
        "due_on": today().isoformat(),
    }

    created = client.post("/outreach/follow-ups", body)
    assert created.status == 201, created.body
    path = f"/outreach/follow-ups/{created.body['id']}"
    past = client.patch(path, {"due_on": (today() - datetime.timedelta(days=1)).isoformat()})
    assert past.status == 422 and "due_on" in errors_at(past.body)
    assert client.post(f"{path}/done").body["status"] == "done"
    assert client.post(f"{path}/reopen").body["status"] == "due"
    moved = client.patch(path, {"assignee": world.users["coordinator"].pk})
    assert moved.status == 200 and moved.body["assignee"]["id"] == world.users["coordinator"].pk
    # No longer the teacher's: they may see it but not change it.
    assert client.post(f"{path}/done").status == 403


def test_follow_up_due_in_the_past_is_422(world: World, api: Personas) -> None:
    body = {
        "route": world.route.pk,
        "organisation": world.company.pk,
        "description": "Terugbellen",
        "assignee": world.users["teacher"].pk,
        "due_on": (today() - datetime.timedelta(days=1)).isoformat(),
    }

    response = api("coordinator").post("/outreach/follow-ups", body)

    assert response.status == 422
    assert "due_on" in errors_at(response.body)
    assert not FollowUp.objects.exists()


def test_follow_up_outside_reach_is_404(world: World, api: Personas) -> None:
    theirs = FollowUpFactory(route=world.other_route, organisation=world.other_company)

    assert api("coordinator").get(f"/outreach/follow-ups/{theirs.pk}").status == 404
    assert api("coordinator").post(f"/outreach/follow-ups/{theirs.pk}/done").status == 404
    assert api("company_contact").get("/outreach/follow-ups").status == 404
