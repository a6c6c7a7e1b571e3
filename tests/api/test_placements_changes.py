"""Changing a placement through the API: coordinators of the route (and admins) only (teachers and the companies
403, outsiders 404); each change needs the version read (409 when stale, nothing changed), and bad input is a 422
with the service's message and code at the field to blame, `not_sme` included (which `accept_non_sme` lets pass).
A company sees the other host of a shared placement only by its name (and, for a company contact, its share), as
in the portal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from tests.api.conftest import ApiClient, Personas
from tests.conftest import PERSONAS, World
from tests.factories import AffiliationFactory, OrganisationFactory, UserFactory, assign
from tests.factories.placements import placement_world
from verbinder.accounts.enums import Role
from verbinder.api.services import api_token_create
from verbinder.partners.enums import SizeClass
from verbinder.placements.models import Placement, PlacementEvent, PlacementHost

pytestmark = pytest.mark.django_db

CHANGE_A = {
    **dict.fromkeys(PERSONAS, 404),
    "admin": 200,
    "coordinator": 200,
    "teacher": 403,
    "company_contact": 403,
    "workplace_supervisor": 403,
    "student": 403,
    "anonymous": 401,
}
CHANGE_B = {**dict.fromkeys(PERSONAS, 404), "admin": 200, "other_coordinator": 200, "other_company_contact": 403}
CHANGE_B["anonymous"] = 401
ON = "2026-12-01"


def path(placement: Placement, action: str = "") -> str:
    return f"/placements/{placement.pk}" + (f"/{action}" if action else "")


def pause(placement: Placement, **extra: Any) -> dict[str, Any]:
    return {"version": placement.version, "on": ON, "reason": "Ziek", "expected_return": "2027-02-01", **extra}


def second_company(world: World, **extra: Any) -> Any:
    return OrganisationFactory(name="Smederij Twee", routes=[world.route], **extra)


@pytest.mark.parametrize("which", ["placement", "other_placement"])
def test_pause_as_every_persona(world: World, api: Personas, which: str) -> None:
    placement = getattr(placement_world(world), which)
    expected = CHANGE_A if which == "placement" else CHANGE_B
    clients = {persona: api(persona) for persona in PERSONAS}
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            got[persona] = clients[persona].post(path(placement, "pause"), pause(placement)).status
            transaction.set_rollback(True)
    assert got == expected


def test_pause_records_an_event_and_answers_the_placement(world: World, api: Personas) -> None:
    placement = placement_world(world).placement

    response = api("coordinator").post(path(placement, "pause"), pause(placement))

    assert response.status == 200
    assert response.body["status"] == "paused"
    assert response.body["expected_return"] == "2027-02-01"
    assert response.body["version"] == placement.version + 1
    events = api("coordinator").get(path(placement, "events")).body
    assert [event["kind"] for event in events["items"]] == ["paused", "started"]
    assert events["items"][0]["reason"] == "Ziek"


def test_stale_version_is_409_and_changes_nothing(world: World, api: Personas) -> None:
    placement = placement_world(world).placement
    api("coordinator").post(path(placement, "pause"), pause(placement))

    response = api("coordinator").post(path(placement, "end"), {"version": 1, "on": ON, "reason": "Gestopt"})

    assert response.status == 409
    assert response.body["code"] == "stale_version"
    assert response.body["current_version"] == 2
    assert Placement.objects.get(pk=placement.pk).status == "paused"


def test_add_host_splits_the_week_and_shows_both_hosts(world: World, api: Personas) -> None:
    p = placement_world(world)
    company = second_company(world)
    supervisor = AffiliationFactory(organisation=company)
    body = {
        "version": 1,
        "on": ON,
        "reason": "Tweede bedrijf",
        "host": {"organisation": company.pk, "share": 1, "supervisor": supervisor.pk},
        "shares": [{"host": p.host.pk, "share": 3}],
    }

    response = api("coordinator").post(path(p.placement, "add-host"), body)

    assert response.status == 200, response.body
    assert response.body["is_shared"] is True
    hosts = {host["organisation"]["id"]: host for host in response.body["hosts"]}
    assert hosts[world.company.pk]["share"] == 3.0
    assert hosts[company.pk]["share"] == 1.0
    assert hosts[company.pk]["supervisor"]["affiliation_id"] == supervisor.pk
    assert PlacementHost.objects.current().filter(placement=p.placement).count() == 2


def test_shares_that_do_not_add_up_are_422_and_nothing_changes(world: World, api: Personas) -> None:
    p = placement_world(world)
    body = {
        "version": 1,
        "on": ON,
        "reason": "Tweede bedrijf",
        "host": {"organisation": second_company(world).pk, "share": 2},
        "shares": [{"host": p.host.pk, "share": 3}],
    }
    coordinator = world.users["coordinator"]
    coordinator.language = "en"
    coordinator.save()

    response = api("coordinator").post(path(p.placement, "add-host"), body)

    assert response.status == 422
    assert [error["type"] for error in response.body["detail"]] == ["shares_sum"]
    assert response.body["detail"][0]["msg"] == (
        "The shares add up to 5 days per week, not to the working time of 4 days per week."
    )
    assert PlacementHost.objects.filter(placement=p.placement).count() == 1
    assert PlacementEvent.objects.filter(placement=p.placement).count() == 1


def test_a_large_company_needs_accept_non_sme(world: World, api: Personas) -> None:
    p = placement_world(world)
    large = second_company(world, size_class=SizeClass.LARGE)
    body = {
        "version": 1,
        "on": ON,
        "reason": "Overname",
        "host": p.host.pk,
        "new": {"organisation": large.pk},
    }

    refused = api("coordinator").post(path(p.placement, "change-employer"), body)
    accepted = api("coordinator").post(path(p.placement, "change-employer"), {**body, "accept_non_sme": True})

    assert refused.status == 422
    assert {error["type"] for error in refused.body["detail"]} == {"not_sme"}
    assert accepted.status == 200
    assert [host["organisation"]["id"] for host in accepted.body["hosts"]] == [large.pk]
    assert [host["organisation"]["id"] for host in accepted.body["past_hosts"]] == [world.company.pk]


def test_a_supervisor_elsewhere_is_refused_without_naming_them(world: World, api: Personas) -> None:
    p = placement_world(world)
    body = {
        "version": 1,
        "on": ON,
        "reason": "Nieuwe begeleider",
        "host": p.host.pk,
        "supervisor": world.other_affiliation.pk,
        "contract_type": "arbeidsovereenkomst",
    }

    response = api("coordinator").post(path(p.placement, "update-host"), body)

    assert response.status == 422
    assert response.body["detail"][0]["loc"] == ["body", "payload", "supervisor"]
    assert world.other_affiliation.person.last_name not in str(response.body)


def test_a_host_of_another_placement_is_422(world: World, api: Personas) -> None:
    p = placement_world(world)
    other_host = p.other_placement.hosts.get()

    response = api("admin").post(
        path(p.placement, "remove-host"), {"version": 1, "on": ON, "reason": "Weg", "host": other_host.pk}
    )

    assert response.status == 422
    assert response.body["detail"][0]["type"] == "unknown_host"


def test_an_organisation_outside_reach_is_404(world: World, api: Personas) -> None:
    p = placement_world(world)
    body = {
        "version": 1,
        "on": ON,
        "reason": "Overname",
        "host": p.host.pk,
        "new": {"organisation": world.other_company.pk},
    }

    assert api("coordinator").post(path(p.placement, "change-employer"), body).status == 404


def test_teacher_must_be_staff_of_the_route(world: World, api: Personas) -> None:
    p = placement_world(world)
    body = {"version": 1, "on": ON, "reason": "Andere docent", "end_date": "2028-06-30"}

    outsider = api("coordinator").post(
        path(p.placement, "update-details"), {**body, "teacher": world.users["other_coordinator"].pk}
    )
    teacher = api("coordinator").post(
        path(p.placement, "update-details"), {**body, "teacher": world.users["teacher"].pk}
    )

    assert outsider.status == 422
    assert outsider.body["detail"][0]["type"] == "teacher_not_staff"
    assert teacher.status == 200
    assert teacher.body["teacher"]["id"] == world.users["teacher"].pk
    assert teacher.body["end_date"] == "2028-06-30"


def test_shares_change_and_resume_and_end(world: World, api: Personas) -> None:
    p = placement_world(world)
    coordinator = api("coordinator")

    shares = coordinator.post(
        path(p.placement, "change-shares"),
        {
            "version": 1,
            "on": ON,
            "reason": "Minder",
            "shares": [{"host": p.host.pk, "share": 3}],
            "working_per_week": 3,
        },
    )
    paused = coordinator.post(path(p.placement, "pause"), pause(p.placement, version=2))
    resumed = coordinator.post(path(p.placement, "resume"), {"version": 3, "on": "2027-01-04", "reason": "Beter"})
    ended = coordinator.post(path(p.placement, "end"), {"version": 4, "on": "2027-03-01", "reason": "Gestopt"})

    assert shares.status == 200 and shares.body["working_per_week"] == 3.0
    assert paused.status == 200 and resumed.status == 200 and resumed.body["status"] == "active"
    assert ended.status == 200
    assert ended.body["status"] == "ended"
    assert ended.body["ended_on"] == "2027-03-01"


def test_a_company_sees_the_other_host_only_by_name_and_share(world: World, api: Personas) -> None:
    p = placement_world(world)
    company = second_company(world)
    their_supervisor = AffiliationFactory(organisation=company, person__last_name="Tweedebegeleider")
    api("coordinator").post(
        path(p.placement, "add-host"),
        {
            "version": 1,
            "on": ON,
            "reason": "Tweede bedrijf",
            "host": {"organisation": company.pk, "share": 1, "supervisor": their_supervisor.pk},
            "shares": [{"host": p.host.pk, "share": 3}],
        },
    )
    second_contact = assign(UserFactory(), Role.COMPANY_CONTACT, organisation=company)

    for persona, share in (("company_contact", 1.0), ("workplace_supervisor", None)):
        body = api(persona).get(path(p.placement)).body
        hosts = {host["organisation"]["id"]: host for host in body["hosts"]}
        assert hosts[world.company.pk]["limited"] is False
        assert hosts[world.company.pk]["supervisor"]["affiliation_id"] == p.supervisor.pk
        assert hosts[company.pk] == {
            "id": hosts[company.pk]["id"],
            "organisation": {"id": company.pk, "name": company.name},
            "slot": 2,
            "share": share,
            "is_current": True,
            "limited": True,
            "supervisor": None,
            "contract_type": None,
            "start_date": None,
            "end_date": None,
            "workplace": None,
        }
        assert "Tweedebegeleider" not in str(body)
    _, token = api_token_create(user=second_contact, name="t", by=None)
    theirs = ApiClient(token).get(path(p.placement)).body
    hosts = {host["organisation"]["id"]: host for host in theirs["hosts"]}
    assert hosts[company.pk]["supervisor"]["affiliation_id"] == their_supervisor.pk
    assert hosts[world.company.pk]["limited"] is True
    student = api("student").get(path(p.placement)).body
    assert not any(host["limited"] for host in student["hosts"])
    assert Decimal(str(student["working_per_week"])) == 4


def test_a_former_host_sees_its_own_past_part_and_not_the_new_company(world: World, api: Personas) -> None:
    p = placement_world(world)
    new = second_company(world)
    api("coordinator").post(
        path(p.placement, "change-employer"),
        {"version": 1, "on": ON, "reason": "Overstap", "host": p.host.pk, "new": {"organisation": new.pk}},
    )

    body = api("company_contact").get(path(p.placement)).body
    listed = api("company_contact").get("/placements").body["items"][0]

    assert body["hosts"] == []
    assert [host["organisation"]["id"] for host in body["past_hosts"]] == [world.company.pk]
    assert body["past_hosts"][0]["supervisor"]["affiliation_id"] == p.supervisor.pk
    assert listed["hosts"] == []
    assert new.name not in str(body)
    assert api("company_contact").get("/placements", organisation=new.pk).body["count"] == 0
    assert api("company_contact").get("/placements", organisation=world.company.pk).body["count"] == 1
    assert api("coordinator").get("/placements", organisation=new.pk).body["count"] == 1
    assert api("student").get("/placements", organisation=world.company.pk).body["count"] == 1
