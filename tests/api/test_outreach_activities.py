"""The API of outreach activities: the pages' permissions, optimistic locking, leads."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.conftest import ApiClient, Personas
from tests.conftest import PERSONAS, World
from tests.factories import AffiliationFactory, OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.outreach import OutreachActivityFactory, PipelineEntryFactory
from verbinder.accounts.enums import Role
from verbinder.api.services import api_token_create
from verbinder.outreach.enums import ActivityKind
from verbinder.outreach.models import OutreachActivity, PipelineEntry

pytestmark = pytest.mark.django_db


def body(**extra) -> dict:
    return {"kind": "employers_meeting", "title": "Werkgeversontbijt", "held_on": "2026-11-03"} | extra


def test_list_reach_per_persona(world: World, api: Personas) -> None:
    OutreachActivityFactory(route=world.route, title="Ontbijt")
    expected = dict.fromkeys(PERSONAS, 404) | {"admin": 200, "coordinator": 200, "teacher": 200, "anonymous": 401}

    got = {persona: api(persona).get(f"/outreach/routes/{world.route.pk}/activities").status for persona in PERSONAS}

    assert got == expected


def test_list_newest_first_with_lead_count_and_kind_filter(world: World, api: Personas) -> None:
    old = OutreachActivityFactory(route=world.route, held_on="2025-01-01", kind=ActivityKind.RESEARCH)
    new = OutreachActivityFactory(route=world.route, held_on="2026-01-01", host=world.branch)
    PipelineEntryFactory(route=world.route, organisation=world.company, source_activity=new)

    everything = api("teacher").get(f"/outreach/routes/{world.route.pk}/activities")
    research = api("teacher").get(f"/outreach/routes/{world.route.pk}/activities", kind="research")

    assert [item["id"] for item in everything.body["items"]] == [new.pk, old.pk]
    assert everything.body["items"][0]["lead_count"] == 1
    assert everything.body["items"][0]["host"] == {"id": world.branch.pk, "name": world.branch.name}
    assert [item["id"] for item in research.body["items"]] == [old.pk]


def test_create_by_coordinator(world: World, api: Personas) -> None:
    response = api("coordinator").post(
        f"/outreach/routes/{world.route.pk}/activities", body(host=world.branch.pk, notes="**Goed**")
    )

    assert response.status == 201, response.body
    activity = OutreachActivity.objects.get()
    assert response.body["id"] == activity.pk
    assert (activity.host, activity.created_by, response.body["version"]) == (
        world.branch,
        world.users["coordinator"],
        1,
    )


@pytest.mark.parametrize(("persona", "status"), [("teacher", 403), ("other_coordinator", 404), ("student", 404)])
def test_create_refused(world: World, api: Personas, persona: str, status: int) -> None:
    response = api(persona).post(f"/outreach/routes/{world.route.pk}/activities", body())

    assert response.status == status
    assert not OutreachActivity.objects.exists()


def test_create_with_a_host_outside_reach_or_archived_is_not_found(world: World, api: Personas) -> None:
    world.branch.archived_at = timezone.now()
    world.branch.save()
    client = api("coordinator")

    assert client.post(f"/outreach/routes/{world.route.pk}/activities", body(host=world.other_company.pk)).status == 404
    assert client.post(f"/outreach/routes/{world.route.pk}/activities", body(host=world.branch.pk)).status == 404
    assert not OutreachActivity.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [{"kind": "party"}, {"title": "  "}, {"held_on": "morgen"}, {"title": "a\x00b"}, {"unknown": 1}, {"host": "1"}],
)
def test_create_with_bad_input_is_422(world: World, api: Personas, bad: dict) -> None:
    response = api("coordinator").post(f"/outreach/routes/{world.route.pk}/activities", body(**bad))

    assert response.status == 422, response.body
    assert not OutreachActivity.objects.exists()


def test_retrieve_outside_reach_is_not_found(world: World, api: Personas) -> None:
    other = OutreachActivityFactory(route=world.other_route)

    assert api("coordinator").get(f"/outreach/activities/{other.pk}").status == 404
    assert api("company_contact").get(f"/outreach/activities/{other.pk}").status == 404
    assert api("other_coordinator").get(f"/outreach/activities/{other.pk}").status == 200


def test_update_with_version_and_stale_version(world: World, api: Personas) -> None:
    activity = OutreachActivityFactory(route=world.route)
    client = api("coordinator")

    first = client.patch(f"/outreach/activities/{activity.pk}", {"version": 1, "audience": "Bakkers"})
    stale = client.patch(f"/outreach/activities/{activity.pk}", {"version": 1, "title": "Anders"})

    assert first.status == 200 and first.body["version"] == 2
    assert stale.status == 409
    assert stale.body["code"] == "stale_version"
    assert stale.body["fields"] == ["audience"]
    assert stale.body["current_version"] == 2
    activity.refresh_from_db()
    assert activity.title != "Anders"


def test_update_may_remove_the_host_and_teacher_may_not_update(world: World, api: Personas) -> None:
    activity = OutreachActivityFactory(route=world.route, host=world.branch)

    assert api("teacher").patch(f"/outreach/activities/{activity.pk}", {"version": 1, "host": None}).status == 403
    response = api("coordinator").patch(f"/outreach/activities/{activity.pk}", {"version": 1, "host": None})

    assert response.status == 200
    assert response.body["host"] is None


def test_leads_list_with_contacts(world: World, api: Personas) -> None:
    activity = OutreachActivityFactory(route=world.route)
    PipelineEntryFactory(
        route=world.route, organisation=world.company, source_activity=activity, source="employers_meeting"
    )

    response = api("teacher").get(f"/outreach/activities/{activity.pk}/leads")

    assert response.status == 200
    assert response.body["count"] == 1
    lead = response.body["items"][0]
    assert lead["organisation"] == {"id": world.company.pk, "name": world.company.name}
    assert lead["stage"] == "prospect"
    assert [contact["id"] for contact in lead["contacts"]] == [world.affiliation.person_id]
    assert api("other_coordinator").get(f"/outreach/activities/{activity.pk}/leads").status == 404


@pytest.mark.parametrize("path", ["activities", "leads"])
def test_list_query_count_does_not_grow(path: str) -> None:
    counts = []
    for items in (1, 3):
        route = RouteFactory()
        activity = OutreachActivityFactory(route=route)
        for _ in range(items):
            OutreachActivityFactory(route=route, host=OrganisationFactory(routes=[route]))
            organisation = OrganisationFactory(routes=[route])
            AffiliationFactory(organisation=organisation)
            PipelineEntryFactory(route=route, organisation=organisation, source_activity=activity)
        user = assign(UserFactory(), Role.COORDINATOR, route=route)
        _, secret = api_token_create(user=user, name="count", by=None)
        client = ApiClient(secret)
        url = (
            f"/outreach/routes/{route.pk}/activities"
            if path == "activities"
            else f"/outreach/activities/{activity.pk}/leads"
        )
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


# Quick-adding leads


def test_lead_create_with_a_person(world: World, api: Personas) -> None:
    activity = OutreachActivityFactory(route=world.route, kind=ActivityKind.BRANCH_CONSULTATION, host=world.branch)

    response = api("coordinator").post(
        f"/outreach/activities/{activity.pk}/leads",
        {"name": "Installatiebedrijf Noord", "city": "Delft", "person": {"first_name": "Iris", "last_name": "Jansen",
                                                                          "phone": "06 12345678"}},
    )  # fmt: skip

    assert response.status == 201, response.body
    assert response.body["organisation"]["name"] == "Installatiebedrijf Noord"
    assert response.body["source"] == "branch_association"
    assert [contact["last_name"] for contact in response.body["contacts"]] == ["Jansen"]


@pytest.mark.parametrize(
    ("persona", "status"), [("teacher", 403), ("other_coordinator", 404), ("company_contact", 404)]
)
def test_lead_create_refused(world: World, api: Personas, persona: str, status: int) -> None:
    activity = OutreachActivityFactory(route=world.route)

    response = api(persona).post(f"/outreach/activities/{activity.pk}/leads", {"name": "Nieuw Bedrijf"})

    assert response.status == status
    assert not PipelineEntry.objects.exists()


def test_lead_create_of_a_likely_duplicate_is_409_and_names_outsiders_without_id(world: World, api: Personas):
    activity = OutreachActivityFactory(route=world.route)
    client = api("coordinator")

    outsider = client.post(
        f"/outreach/activities/{activity.pk}/leads", {"name": "Zorgtechniek Oost", "city": "Enschede"}
    )
    own = client.post(
        f"/outreach/activities/{activity.pk}/leads", {"name": "Bakkerij de Korenaar", "city": world.company.city}
    )

    assert outsider.status == 409
    assert outsider.body["code"] == "possible_duplicate"
    assert outsider.body["duplicates"][0]["id"] is None
    assert own.status == 409
    assert own.body["duplicates"][0]["id"] == world.company.pk
    confirmed = client.post(
        f"/outreach/activities/{activity.pk}/leads",
        {"name": "Zorgtechniek Oost", "city": "Enschede", "confirm_not_duplicate": True},
    )
    assert confirmed.status == 201


def test_lead_link_existing_and_out_of_reach(world: World, api: Personas) -> None:
    activity = OutreachActivityFactory(route=world.route)
    client = api("coordinator")
    teacher = api("teacher").post(f"/outreach/activities/{activity.pk}/leads/link", {"organisation": world.company.pk})

    linked = client.post(f"/outreach/activities/{activity.pk}/leads/link", {"organisation": world.company.pk})
    outside = client.post(f"/outreach/activities/{activity.pk}/leads/link", {"organisation": world.other_company.pk})

    assert teacher.status == 403
    assert linked.status == 201
    assert linked.body["organisation"]["id"] == world.company.pk
    assert outside.status == 404
    assert PipelineEntry.objects.get().organisation == world.company
