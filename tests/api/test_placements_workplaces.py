"""Workplaces through the API: a coordinator enters one (open at once), a company contact offers one for their
company (awaiting approval); changes need the version read (409 when stale); approve and withdraw are the
coordinator's; a company that is not an SME needs `accept_non_sme`."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from tests.api.conftest import Personas
from tests.conftest import PERSONAS, World
from tests.factories import OrganisationFactory
from tests.factories.placements import placement_world
from verbinder.partners.enums import SizeClass
from verbinder.placements.models import Workplace

pytestmark = pytest.mark.django_db
W = "/placements/workplaces"


def body(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "route": world.route.pk,
        "organisation": world.company.pk,
        "title": "Assistent werkvoorbereiding",
        "tasks": "Planning en **inkoop**.",
        "hours_per_week": 32,
        "start_date": "2027-02-01",
        "postcode": "3511ab",
        **extra,
    }


def test_create_as_every_persona(world: World, api: Personas) -> None:
    clients = {persona: api(persona) for persona in PERSONAS}
    got: dict[str, Any] = {}
    for persona in PERSONAS:
        with transaction.atomic():
            response = clients[persona].post(W, body(world))
            got[persona] = (response.status, response.body.get("status") if response.status == 201 else None)
            transaction.set_rollback(True)
    assert got == {
        "admin": (201, "open"),
        "coordinator": (201, "open"),
        "teacher": (403, None),
        "company_contact": (201, "proposed"),
        "workplace_supervisor": (404, None),
        "student": (404, None),
        "partner_contact": (404, None),
        "other_coordinator": (404, None),
        "other_company_contact": (404, None),
        "anonymous": (401, None),
    }


def test_created_workplace_is_normalised_and_readable(world: World, api: Personas) -> None:
    response = api("coordinator").post(W, body(world))

    assert response.status == 201
    assert response.body["postcode"] == "3511 AB"
    assert response.body["hours_per_week"] == 32.0
    assert response.body["submitted_by"]["id"] == world.users["coordinator"].pk
    assert api("coordinator").get(f"{W}/{response.body['id']}").body == response.body


def test_a_company_contact_gets_no_internal_fields(world: World, api: Personas) -> None:
    response = api("company_contact").post(W, body(world))

    assert response.status == 201
    assert response.body["route"] is None
    assert response.body["submitted_by"] is None


def test_a_large_company_needs_accept_non_sme(world: World, api: Personas) -> None:
    large = OrganisationFactory(routes=[world.route], size_class=SizeClass.LARGE)

    refused = api("coordinator").post(W, body(world, organisation=large.pk))
    accepted = api("coordinator").post(W, body(world, organisation=large.pk, accept_non_sme=True))

    assert refused.status == 422
    assert refused.body["detail"][0]["loc"] == ["body", "payload", "organisation"]
    assert refused.body["detail"][0]["type"] == "not_sme"
    assert accepted.status == 201


def test_bad_input_is_422_at_the_field(world: World, api: Personas) -> None:
    past = api("coordinator").post(W, body(world, start_date="2020-01-01"))
    hours = api("coordinator").post(W, body(world, hours_per_week=0.5))

    assert past.status == 422
    assert [(error["loc"], error["type"]) for error in past.body["detail"]] == [
        (["body", "payload", "start_date"], "start_past")
    ]
    assert hours.status == 422
    assert hours.body["detail"][0]["loc"] == ["body", "payload", "hours_per_week"]
    assert not Workplace.objects.filter(title="Assistent werkvoorbereiding").exists()


def test_update_needs_the_version_read(world: World, api: Personas) -> None:
    workplace = placement_world(world).workplace
    coordinator = api("coordinator")

    first = coordinator.patch(f"{W}/{workplace.pk}", {"version": 1, "title": "Nieuwe titel"})
    stale = coordinator.patch(f"{W}/{workplace.pk}", {"version": 1, "hours_per_week": 24})

    assert first.status == 200
    assert first.body["version"] == 2
    assert stale.status == 409
    assert stale.body["code"] == "stale_version"
    assert stale.body["fields"] == ["title"]
    assert Workplace.objects.get(pk=workplace.pk).hours_per_week == 32


def test_the_company_changes_its_offer_only_while_it_awaits_approval(world: World, api: Personas) -> None:
    p = placement_world(world)
    contact = api("company_contact")

    proposed = contact.patch(f"{W}/{p.proposed_workplace.pk}", {"version": 1, "title": "Beter"})
    open_one = contact.patch(f"{W}/{p.workplace.pk}", {"version": 1, "title": "Beter"})

    assert proposed.status == 200
    assert open_one.status == 403


def test_approve_and_withdraw(world: World, api: Personas) -> None:
    p = placement_world(world)

    by_contact = api("company_contact").post(f"{W}/{p.proposed_workplace.pk}/approve", {"version": 1})
    approved = api("coordinator").post(f"{W}/{p.proposed_workplace.pk}/approve", {"version": 1})
    again = api("coordinator").post(f"{W}/{p.proposed_workplace.pk}/approve", {"version": 2})
    withdrawn = api("coordinator").post(f"{W}/{p.workplace.pk}/withdraw", {"version": 1, "reason": "Vervuld"})

    assert by_contact.status == 403
    assert approved.status == 200
    assert approved.body["status"] == "open"
    assert again.status == 422
    assert again.body["detail"][0]["type"] == "not_proposed"
    assert withdrawn.status == 200
    assert withdrawn.body["status"] == "withdrawn"


def test_a_student_sees_only_open_workplaces_of_their_route(world: World, api: Personas) -> None:
    p = placement_world(world)

    assert api("student").get(f"{W}/{p.workplace.pk}").status == 200
    assert api("student").get(f"{W}/{p.proposed_workplace.pk}").status == 404
    assert api("student").post(f"{W}/{p.workplace.pk}/withdraw", {"version": 1}).status == 403
