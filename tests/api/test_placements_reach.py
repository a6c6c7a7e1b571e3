"""Who reaches which placements endpoint, with a token: the reach of the pages and the portal.

Staff of a route read everything of it; a company contact their company's workplaces, placements and the
students in them; a workplace supervisor the placements they supervise; a student their own record and
placement and the open workplaces of their route. Outside that: 404; no token: 401. A placement's events are
for staff (403 for the others who see the placement)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from tests.api.conftest import Personas
from tests.conftest import PERSONAS, World
from tests.factories.placements import placement_world

pytestmark = pytest.mark.django_db


def expect(default: int, **statuses: int) -> dict[str, int]:
    assert set(statuses) <= set(PERSONAS), set(statuses) - set(PERSONAS)
    return {persona: statuses.get(persona, default) for persona in PERSONAS}


STAFF_A = {"admin": 200, "coordinator": 200, "teacher": 200}
STAFF_B = {"admin": 200, "other_coordinator": 200}
LISTS = expect(200, anonymous=401)
PLACEMENT_A = expect(404, **STAFF_A, company_contact=200, workplace_supervisor=200, student=200, anonymous=401)
PLACEMENT_B = expect(404, **STAFF_B, other_company_contact=200, anonymous=401)
EVENTS_A = expect(404, **STAFF_A, company_contact=403, workplace_supervisor=403, student=403, anonymous=401)
EVENTS_B = expect(404, **STAFF_B, other_company_contact=403, anonymous=401)
OPEN_WORKPLACE_A = expect(404, **STAFF_A, company_contact=200, student=200, anonymous=401)
PROPOSED_WORKPLACE_A = expect(404, **STAFF_A, company_contact=200, anonymous=401)
WORKPLACE_B = expect(404, **STAFF_B, other_company_contact=200, anonymous=401)
STUDENT_A = PLACEMENT_A
STUDENT_B = PLACEMENT_B
WAITING_STUDENT_A = expect(404, **STAFF_A, company_contact=200, anonymous=401)
MATCH_A = expect(404, **STAFF_A, company_contact=200, anonymous=401)
MATCH_B = expect(404, **STAFF_B, other_company_contact=200, anonymous=401)

P = "/placements"
CASES: list[tuple[str, Callable[[Any], str], dict[str, int]]] = [
    ("placement list", lambda p: P, LISTS),
    ("placement A", lambda p: f"{P}/{p.placement.pk}", PLACEMENT_A),
    ("placement B", lambda p: f"{P}/{p.other_placement.pk}", PLACEMENT_B),
    ("events A", lambda p: f"{P}/{p.placement.pk}/events", EVENTS_A),
    ("events B", lambda p: f"{P}/{p.other_placement.pk}/events", EVENTS_B),
    ("workplace list", lambda p: f"{P}/workplaces", LISTS),
    ("open workplace A", lambda p: f"{P}/workplaces/{p.workplace.pk}", OPEN_WORKPLACE_A),
    ("proposed workplace A", lambda p: f"{P}/workplaces/{p.proposed_workplace.pk}", PROPOSED_WORKPLACE_A),
    ("workplace B", lambda p: f"{P}/workplaces/{p.other_workplace.pk}", WORKPLACE_B),
    ("student list", lambda p: f"{P}/students", LISTS),
    ("placed student A", lambda p: f"{P}/students/{p.student.pk}", STUDENT_A),
    ("proposed student A", lambda p: f"{P}/students/{p.proposal.student_id}", WAITING_STUDENT_A),
    ("placed student B", lambda p: f"{P}/students/{p.other_student.pk}", STUDENT_B),
    ("match list", lambda p: f"{P}/matches", LISTS),
    ("match A", lambda p: f"{P}/matches/{p.proposal.pk}", MATCH_A),
    ("match B", lambda p: f"{P}/matches/{p.other_proposal.pk}", MATCH_B),
]


@pytest.mark.parametrize(("label", "path", "expected"), CASES, ids=[case[0] for case in CASES])
def test_read_as_every_persona(label: str, path: Any, expected: dict[str, int], world: World, api: Personas) -> None:
    url = path(placement_world(world))
    clients = {persona: api(persona) for persona in PERSONAS}
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            got[persona] = clients[persona].get(url).status
            transaction.set_rollback(True)
    assert got == expected


def _ids(body: dict[str, Any]) -> set[int]:
    return {item["id"] for item in body["items"]}


@pytest.mark.parametrize(
    ("persona", "placements"),
    [
        ("admin", {"placement", "other_placement"}),
        ("coordinator", {"placement"}),
        ("teacher", {"placement"}),
        ("company_contact", {"placement"}),
        ("workplace_supervisor", {"placement"}),
        ("student", {"placement"}),
        ("partner_contact", set()),
        ("other_coordinator", {"other_placement"}),
        ("other_company_contact", {"other_placement"}),
    ],
)
def test_placement_list_holds_what_the_persona_reaches(world: World, api: Personas, persona, placements) -> None:
    p = placement_world(world)

    body = api(persona).get("/placements").body

    assert _ids(body) == {getattr(p, name).pk for name in placements}
    assert body["count"] == len(placements)


@pytest.mark.parametrize(
    ("persona", "workplaces"),
    [
        ("coordinator", {"workplace", "proposed_workplace"}),
        ("company_contact", {"workplace", "proposed_workplace"}),
        ("student", {"workplace"}),
        ("workplace_supervisor", set()),
        ("other_company_contact", {"other_workplace"}),
    ],
)
def test_workplace_list_holds_what_the_persona_reaches(world: World, api: Personas, persona, workplaces) -> None:
    p = placement_world(world)

    body = api(persona).get("/placements/workplaces").body

    assert _ids(body) == {getattr(p, name).pk for name in workplaces}
