"""Who reaches which agreements endpoint, with a token: the reach of the pages and the portal.

Staff of a route read its templates, agreements and signatures; a company contact the agreements in which their
company signs (never another company's), a student their own; the responsibility matrix every party of the
route (staff, its companies' contacts and supervisors, its students, its partners' contacts). Outside that:
404; no token: 401. Externals see sent agreements only (a draft is the coordinator's work), and of each
signature the party, name, status and time: the evidence (IP address, browser, hash) is for staff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from tests.api.conftest import Personas
from tests.conftest import PERSONAS, World
from tests.factories.agreements import agreement_for, agreement_world
from verbinder.agreements.enums import AgreementStatus, Party

pytestmark = pytest.mark.django_db


def expect(default: int, **statuses: int) -> dict[str, int]:
    assert set(statuses) <= set(PERSONAS), set(statuses) - set(PERSONAS)
    return {persona: statuses.get(persona, default) for persona in PERSONAS}


STAFF_A = {"admin": 200, "coordinator": 200, "teacher": 200}
STAFF_B = {"admin": 200, "other_coordinator": 200}
LISTS = expect(200, anonymous=401)
TEMPLATE_A = expect(404, **STAFF_A, anonymous=401)
TEMPLATE_B = expect(404, **STAFF_B, anonymous=401)
AGREEMENT_A = expect(404, **STAFF_A, company_contact=200, student=200, anonymous=401)
AGREEMENT_B = expect(404, **STAFF_B, other_company_contact=200, anonymous=401)
EVENTS_A = expect(404, **STAFF_A, company_contact=403, student=403, anonymous=401)
EVENTS_B = expect(404, **STAFF_B, other_company_contact=403, anonymous=401)
MATRIX_A = expect(
    404, **STAFF_A, company_contact=200, workplace_supervisor=200, student=200, partner_contact=200, anonymous=401
)
MATRIX_B = expect(404, **STAFF_B, other_company_contact=200, anonymous=401)

A = "/agreements"
CASES: list[tuple[str, Callable[[Any], str], dict[str, int]]] = [
    ("template list", lambda a: f"{A}/templates", LISTS),
    ("template A", lambda a: f"{A}/templates/{a.template.pk}", TEMPLATE_A),
    ("draft template A", lambda a: f"{A}/templates/{a.draft_template.pk}", TEMPLATE_A),
    ("template B", lambda a: f"{A}/templates/{a.other_template.pk}", TEMPLATE_B),
    ("agreement list", lambda a: A, LISTS),
    ("agreement A", lambda a: f"{A}/{a.agreement.pk}", AGREEMENT_A),
    ("agreement B", lambda a: f"{A}/{a.other_agreement.pk}", AGREEMENT_B),
    ("signatures A", lambda a: f"{A}/{a.agreement.pk}/signatures", AGREEMENT_A),
    ("signatures B", lambda a: f"{A}/{a.other_agreement.pk}/signatures", AGREEMENT_B),
    ("events A", lambda a: f"{A}/{a.agreement.pk}/events", EVENTS_A),
    ("events B", lambda a: f"{A}/{a.other_agreement.pk}/events", EVENTS_B),
    ("matrix A", lambda a: f"{A}/matrix/routes/{a.task.route_id}", MATRIX_A),
    ("matrix B", lambda a: f"{A}/matrix/routes/{a.other_task.route_id}", MATRIX_B),
]


@pytest.mark.parametrize(("label", "path", "expected"), CASES, ids=[case[0] for case in CASES])
def test_read_as_every_persona(label: str, path: Any, expected: dict[str, int], world: World, api: Personas) -> None:
    url = path(agreement_world(world))
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
    ("persona", "agreements"),
    [
        ("admin", {"agreement", "other_agreement"}),
        ("coordinator", {"agreement"}),
        ("teacher", {"agreement"}),
        ("company_contact", {"agreement"}),
        ("workplace_supervisor", set()),
        ("student", {"agreement"}),
        ("partner_contact", set()),
        ("other_coordinator", {"other_agreement"}),
        ("other_company_contact", {"other_agreement"}),
    ],
)
def test_agreement_list_holds_what_the_persona_reaches(world: World, api: Personas, persona, agreements) -> None:
    a = agreement_world(world)

    body = api(persona).get(A).body

    assert _ids(body) == {getattr(a, name).pk for name in agreements}
    assert body["count"] == len(agreements)


@pytest.mark.parametrize(
    ("persona", "templates"),
    [
        ("admin", {"template", "draft_template", "other_template"}),
        ("coordinator", {"template", "draft_template"}),
        ("teacher", {"template", "draft_template"}),
        ("company_contact", set()),
        ("student", set()),
        ("other_coordinator", {"other_template"}),
    ],
)
def test_template_list_holds_what_the_persona_reaches(world: World, api: Personas, persona, templates) -> None:
    a = agreement_world(world)

    body = api(persona).get(f"{A}/templates").body

    assert _ids(body) == {getattr(a, name).pk for name in templates}


def test_a_draft_is_for_staff_only(world: World, api: Personas) -> None:
    a = agreement_world(world)
    # The sent agreement was cancelled and a new draft drawn up (the factory numbers every agreement 1).
    a.agreement.status = AgreementStatus.CANCELLED
    a.agreement.sequence = 0
    a.agreement.save()
    contact = world.users["company_contact"]
    draft = agreement_for(
        a.agreement.placement,
        template=a.template,
        status=AgreementStatus.DRAFT,
        signers=[
            {"party": Party.STUDENT, "name": "Sara Student", "user": world.users["student"]},
            {"party": Party.COMPANY, "name": contact.name, "email": contact.email, "organisation": world.company},
        ],
    )

    for persona in ("company_contact", "student"):
        assert api(persona).get(f"{A}/{draft.pk}").status == 404
        assert draft.pk not in _ids(api(persona).get(A).body)
    assert api("coordinator").get(f"{A}/{draft.pk}").status == 200
    assert draft.pk in _ids(api("coordinator").get(A).body)


def test_a_company_never_sees_another_companys_agreement_by_any_filter(world: World, api: Personas) -> None:
    a = agreement_world(world)
    client = api("company_contact")

    for params in ({}, {"route": world.other_route.pk}, {"placement": a.other_agreement.placement_id}):
        assert a.other_agreement.pk not in _ids(client.get(A, **params).body)
    assert client.get(f"{A}/{a.other_agreement.pk}/signatures").status == 404
