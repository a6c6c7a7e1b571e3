"""Proposed matches through the API: the route's coordinators propose, withdraw (with the version read) and
resend; a logged-in company contact answers for the company and the student for themselves; when both accept,
the placement is made."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from tests.api.conftest import ApiClient, Personas
from tests.conftest import PERSONAS, World
from tests.factories import UserFactory, assign
from tests.factories.placements import MatchProposalFactory, StudentFactory, placement_world
from verbinder.accounts.enums import Role
from verbinder.api.services import api_token_create
from verbinder.mail.models import OutboxMessage
from verbinder.placements.models import MatchProposal, Placement, Student

pytestmark = pytest.mark.django_db
M = "/placements/matches"


def body(world: World, **extra: Any) -> dict[str, Any]:
    p = placement_world(world)
    return {
        "workplace": p.workplace.pk,
        "student": StudentFactory(route=world.route).pk,
        "start_date": "2027-02-01",
        "end_date": "2029-01-31",
        "working_per_week": 4,
        "supervisor": p.supervisor.pk,
        "note": "Past goed bij elkaar.",
        **extra,
    }


def test_propose_as_every_persona(world: World, api: Personas) -> None:
    placement_world(world)  # outside the rolled-back savepoints
    clients = {persona: api(persona) for persona in PERSONAS}
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            got[persona] = clients[persona].post(M, body(world)).status
            transaction.set_rollback(True)
    expected = {
        **dict.fromkeys(PERSONAS, 404),
        "admin": 201,
        "coordinator": 201,
        "teacher": 403,
        "company_contact": 403,
        "student": 403,
        "anonymous": 401,
    }
    assert got == expected


def test_propose_mails_both_parties(world: World, api: Personas) -> None:
    proposal = body(world)
    student = Student.objects.get(pk=proposal["student"])

    response = api("coordinator").post(M, proposal)

    assert response.status == 201, response.body
    assert response.body["status"] == "proposed"
    assert response.body["supervisor"]["affiliation_id"] == placement_world(world).supervisor.pk
    assert response.body["proposed_by"]["id"] == world.users["coordinator"].pk
    recipients = set(OutboxMessage.objects.values_list("recipient", flat=True))
    assert {student.email, world.users["company_contact"].email} <= recipients


def test_propose_refuses_bad_terms_and_a_supervisor_elsewhere(world: World, api: Personas) -> None:
    dates = api("coordinator").post(M, body(world, end_date="2027-01-01"))
    elsewhere = api("coordinator").post(M, body(world, supervisor=world.other_affiliation.pk))
    other_route = api("coordinator").post(M, body(world, student=placement_world(world).other_student.pk))

    assert dates.status == 422
    assert dates.body["detail"][0]["loc"] == ["body", "payload", "end_date"]
    assert elsewhere.status == 422
    assert world.other_affiliation.person.last_name not in str(elsewhere.body)
    assert other_route.status == 404
    assert MatchProposal.objects.count() == 2


def test_withdraw_needs_the_version_read(world: World, api: Personas) -> None:
    proposal = placement_world(world).proposal

    stale = api("coordinator").post(f"{M}/{proposal.pk}/withdraw", {"version": 2})
    by_teacher = api("teacher").post(f"{M}/{proposal.pk}/withdraw", {"version": 1})
    withdrawn = api("coordinator").post(f"{M}/{proposal.pk}/withdraw", {"version": 1})
    again = api("coordinator").post(f"{M}/{proposal.pk}/withdraw", {"version": 2})

    assert stale.status == 409
    assert by_teacher.status == 403
    assert withdrawn.status == 200
    assert withdrawn.body["status"] == "withdrawn"
    assert again.status == 422
    assert again.body["detail"][0]["type"] == "closed"


def test_resend(world: World, api: Personas) -> None:
    proposal = placement_world(world).proposal

    assert api("company_contact").post(f"{M}/{proposal.pk}/resend").status == 403
    assert api("coordinator").post(f"{M}/{proposal.pk}/resend").status == 200


def test_both_accept_and_the_placement_is_made(world: World, api: Personas) -> None:
    p = placement_world(world)
    user = assign(UserFactory(), Role.STUDENT, organisation=world.company)
    student = StudentFactory(route=world.route, user=user)
    proposal = MatchProposalFactory(workplace=p.workplace, route=world.route, student=student)
    _, token = api_token_create(user=user, name="t", by=None)
    as_student = ApiClient(token)

    by_coordinator = api("coordinator").post(f"{M}/{proposal.pk}/answer", {"accept": True})
    company = api("company_contact").post(f"{M}/{proposal.pk}/answer", {"accept": True})
    twice = api("company_contact").post(f"{M}/{proposal.pk}/answer", {"accept": False})
    accepted = as_student.post(f"{M}/{proposal.pk}/answer", {"accept": True})

    assert by_coordinator.status == 403
    assert company.status == 200
    assert company.body["company_answer"] == "accepted"
    assert company.body["company_answered_by"] == world.users["company_contact"].name
    assert twice.status == 422
    assert accepted.status == 200, accepted.body
    assert accepted.body["status"] == "accepted"
    placement = Placement.objects.get(pk=accepted.body["placement"])
    assert placement.student == student
    assert as_student.get(f"/placements/{placement.pk}").status == 200


def test_the_student_declines_with_a_reason(world: World, api: Personas) -> None:
    p = placement_world(world)
    proposal = MatchProposalFactory(workplace=p.workplace, route=world.route, student=p.student)

    response = api("student").post(f"{M}/{proposal.pk}/answer", {"accept": False, "reason": "Te ver weg"})

    assert response.status == 200
    assert response.body["status"] == "declined"
    assert response.body["decline_reason"] == "Te ver weg"
    assert response.body["proposed_by"] is None
