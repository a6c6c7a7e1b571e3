"""Students through the API: the route's coordinators add and change them (409 on a stale version or a student
number already registered, 422 at the field for bad input); a company sees only a few fields of a student."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from tests.api.conftest import Personas
from tests.conftest import PERSONAS, World
from tests.factories.placements import placement_world
from verbinder.placements.models import Student

pytestmark = pytest.mark.django_db
S = "/placements/students"


def body(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "route": world.route.pk,
        "student_number": " 5123456 ",
        "first_name": "Mila",
        "last_name": "de Boer",
        "email": "Mila@Student.example.nl",
        "phone": "06 12345678",
        "cohort": 2026,
        "prior_education": "mbo4_bbl",
        "hours_per_week": 32,
        **extra,
    }


def test_create_as_every_persona(world: World, api: Personas) -> None:
    clients = {persona: api(persona) for persona in PERSONAS}
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            got[persona] = clients[persona].post(S, body(world)).status
            transaction.set_rollback(True)
    expected = {**dict.fromkeys(PERSONAS, 404), "admin": 201, "coordinator": 201, "teacher": 403, "anonymous": 401}
    assert got == expected


def test_create_normalises_and_links_the_teacher(world: World, api: Personas) -> None:
    response = api("coordinator").post(S, body(world, teacher=world.users["teacher"].pk))

    assert response.status == 201, response.body
    assert response.body["student_number"] == "5123456"
    assert response.body["email"] == "mila@student.example.nl"
    assert response.body["phone"] == "+31 6 12345678"
    assert response.body["teacher"]["id"] == world.users["teacher"].pk
    assert response.body["status"] == "applicant"
    assert response.body["has_current_placement"] is False


def test_a_registered_student_number_is_a_conflict(world: World, api: Personas) -> None:
    api("coordinator").post(S, body(world))

    response = api("coordinator").post(S, body(world, first_name="Ander"))

    assert response.status == 409
    assert response.body["code"] == "duplicate"
    assert response.body["fields"] == ["student_number"]
    assert Student.objects.filter(student_number="5123456").count() == 1


def test_bad_input_is_422(world: World, api: Personas) -> None:
    outsider = api("coordinator").post(S, body(world, teacher=world.users["other_coordinator"].pk))
    number = api("coordinator").post(S, body(world, student_number="12-34"))

    assert outsider.status == 422
    assert outsider.body["detail"][0]["loc"] == ["body", "payload", "teacher"]
    assert number.status == 422
    assert number.body["detail"][0]["loc"] == ["body", "payload", "student_number"]
    assert not Student.objects.filter(first_name="Mila").exists()


def test_update_needs_the_version_read(world: World, api: Personas) -> None:
    student = placement_world(world).student

    first = api("coordinator").patch(f"{S}/{student.pk}", {"version": 1, "status": "paused"})
    stale = api("coordinator").patch(f"{S}/{student.pk}", {"version": 1, "city": "Delft"})
    teacher = api("teacher").patch(f"{S}/{student.pk}", {"version": 2, "city": "Delft"})

    assert first.status == 200
    assert first.body["status"] == "paused"
    assert stale.status == 409
    assert stale.body["fields"] == ["status"]
    assert teacher.status == 403
    assert Student.objects.get(pk=student.pk).city == "Utrecht"


def test_a_company_sees_a_few_fields_and_the_student_all(world: World, api: Personas) -> None:
    student = placement_world(world).student

    company = api("company_contact").get(f"{S}/{student.pk}").body
    own = api("student").get(f"{S}/{student.pk}").body

    assert company["first_name"] == "Sara"
    assert company["student_number"] is None
    assert company["prior_education"] is None
    assert company["route"] is None
    assert own["student_number"] == "1000001"
    assert own["has_current_placement"] is True


def test_list_filters(world: World, api: Personas) -> None:
    p = placement_world(world)
    coordinator = api("coordinator")

    waiting = coordinator.get(S, without_placement="true").body
    found = coordinator.get(S, q="sara stud").body
    by_number = coordinator.get(S, q="1000001").body
    contact_by_number = api("company_contact").get(S, q="1000001").body

    assert {item["id"] for item in waiting["items"]} == {p.proposal.student_id}
    assert [item["id"] for item in found["items"]] == [p.student.pk]
    assert [item["id"] for item in by_number["items"]] == [p.student.pk]
    assert contact_by_number["count"] == 0
