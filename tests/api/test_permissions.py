"""Every API endpoint as every persona, with a token: the same reach as the pages.

404 outside a persona's reach (never 403), 403 for what they may see but not change, 401 without credentials.
External users (company contacts and the like) may read their own organisation and nothing else: the
registry's lists, people, routes and relationships are 404 for them, as the pages are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

from tests.api.conftest import Personas
from tests.conftest import PERSONAS, World
from tests.factories import OrganisationFactory, RelationshipFactory
from verbinder.partners.enums import OrganisationKind

COMPANY_MEMBERS = ("company_contact", "workplace_supervisor", "student")
EXTERNALS = (*COMPANY_MEMBERS, "partner_contact", "other_company_contact")


def expect(default: int, **statuses: int) -> dict[str, int]:
    assert set(statuses) <= set(PERSONAS), set(statuses) - set(PERSONAS)
    return {persona: statuses.get(persona, default) for persona in PERSONAS}


def some(personas: tuple[str, ...], status: int) -> dict[str, int]:
    return dict.fromkeys(personas, status)


PUBLIC = expect(200)
REGISTRY = expect(404, admin=200, coordinator=200, teacher=200, other_coordinator=200, anonymous=401)
READ_COMPANY = expect(404, admin=200, coordinator=200, teacher=200, **some(COMPANY_MEMBERS, 200), anonymous=401)
READ_BRANCH = expect(404, admin=200, coordinator=200, teacher=200, partner_contact=200, anonymous=401)
READ_OTHER_COMPANY = expect(404, admin=200, other_coordinator=200, other_company_contact=200, anonymous=401)
CHANGE_COMPANY = expect(404, admin=200, coordinator=200, teacher=403, **some(COMPANY_MEMBERS, 403), anonymous=401)
CHANGE_OTHER_COMPANY = expect(404, admin=200, other_coordinator=200, other_company_contact=403, anonymous=401)
STAFF_READ_A = expect(404, admin=200, coordinator=200, teacher=200, anonymous=401)
STAFF_READ_B = expect(404, admin=200, other_coordinator=200, anonymous=401)
STAFF_CHANGE_A = expect(404, admin=200, coordinator=200, teacher=403, anonymous=401)
STAFF_CHANGE_B = expect(404, admin=200, other_coordinator=200, anonymous=401)
# Creating in route A: route B's coordinator names a route or organisation outside their reach (404).
CREATE_IN_A = expect(404, admin=201, coordinator=201, teacher=403, anonymous=401)
ADMIN_ONLY = expect(404, admin=201, coordinator=403, teacher=403, other_coordinator=403, anonymous=401)


def with_status(expectation: dict[str, int], status: int) -> dict[str, int]:
    """The same reach with another success status (201 created, 204 deleted)."""
    return {persona: status if code == 200 else code for persona, code in expectation.items()}


@dataclass(frozen=True)
class Case:
    label: str
    method: str
    path: Callable[[World], str]
    expect: dict[str, int]
    body: Callable[[World], Any] | None = None

    def __str__(self) -> str:
        return self.label


def _route(w: World) -> dict[str, Any]:
    return {
        "programme_name": "Ad Nieuwe Route",
        "degree_type": "ad",
        "croho_code": "81234",
        "croho_area": "techniek",
        "hogeschool": "Hogeschool Test",
        "start_year": 2027,
    }


def _organisation(w: World) -> dict[str, Any]:
    return {"name": "Metaalwerk Zuid", "kvk_number": "87654321", "city": "Tilburg", "routes": [w.route.pk]}


def _person(w: World) -> dict[str, Any]:
    return {
        "first_name": "Noor",
        "last_name": "Bakker",
        "affiliation": {"organisation": w.company.pk, "function_title": "HR-adviseur", "phone": "06 12345678"},
    }


def _other_relationship(w: World) -> int:
    other_branch = OrganisationFactory(kind=OrganisationKind.BRANCH_ASSOCIATION, routes=[w.other_route])
    return int(RelationshipFactory(source=w.other_company, target=other_branch).pk)


def person_a(w: World) -> int:
    return int(w.affiliation.person_id)


def person_b(w: World) -> int:
    return int(w.other_affiliation.person_id)


CASES = [
    Case("openapi schema", "GET", lambda w: "/openapi.json", PUBLIC),
    Case("docs page", "GET", lambda w: "/docs", PUBLIC),
    # Routes.
    Case("route list", "GET", lambda w: "/routes", REGISTRY),
    Case("route create", "POST", lambda w: "/routes", ADMIN_ONLY, _route),
    Case("route A", "GET", lambda w: f"/routes/{w.route.pk}", STAFF_READ_A),
    Case("route B", "GET", lambda w: f"/routes/{w.other_route.pk}", STAFF_READ_B),
    Case("route A update", "PATCH", lambda w: f"/routes/{w.route.pk}", STAFF_CHANGE_A, lambda w: {"start_year": 2028}),
    Case(
        "route B update",
        "PATCH",
        lambda w: f"/routes/{w.other_route.pk}",
        STAFF_CHANGE_B,
        lambda w: {"start_year": 2028},
    ),
    # Organisations.
    Case("organisation list", "GET", lambda w: "/organisations", REGISTRY),
    Case("organisation create in route A", "POST", lambda w: "/organisations", CREATE_IN_A, _organisation),
    Case("company (route A)", "GET", lambda w: f"/organisations/{w.company.pk}", READ_COMPANY),
    Case("branch (route A)", "GET", lambda w: f"/organisations/{w.branch.pk}", READ_BRANCH),
    Case("other company (route B)", "GET", lambda w: f"/organisations/{w.other_company.pk}", READ_OTHER_COMPANY),
    Case(
        "company update",
        "PATCH",
        lambda w: f"/organisations/{w.company.pk}",
        CHANGE_COMPANY,
        lambda w: {"version": w.company.version, "city": "Delft"},
    ),
    Case(
        "other company update",
        "PATCH",
        lambda w: f"/organisations/{w.other_company.pk}",
        CHANGE_OTHER_COMPANY,
        lambda w: {"version": w.other_company.version, "city": "Delft"},
    ),
    Case("company archive", "POST", lambda w: f"/organisations/{w.company.pk}/archive", CHANGE_COMPANY),
    Case("company restore", "POST", lambda w: f"/organisations/{w.company.pk}/restore", CHANGE_COMPANY),
    Case(
        "other company archive", "POST", lambda w: f"/organisations/{w.other_company.pk}/archive", CHANGE_OTHER_COMPANY
    ),
    Case(
        "other company restore", "POST", lambda w: f"/organisations/{w.other_company.pk}/restore", CHANGE_OTHER_COMPANY
    ),
    # People and affiliations.
    Case("person list", "GET", lambda w: "/people", REGISTRY),
    Case("person create at the company", "POST", lambda w: "/people", CREATE_IN_A, _person),
    Case("person A", "GET", lambda w: f"/people/{person_a(w)}", STAFF_READ_A),
    Case("person B", "GET", lambda w: f"/people/{person_b(w)}", STAFF_READ_B),
    Case(
        "person A update",
        "PATCH",
        lambda w: f"/people/{person_a(w)}",
        STAFF_CHANGE_A,
        lambda w: {"version": 1, "last_name": "de Vries-Jansen"},
    ),
    Case(
        "person B update",
        "PATCH",
        lambda w: f"/people/{person_b(w)}",
        STAFF_CHANGE_B,
        lambda w: {"version": 1, "last_name": "Outsider-Jansen"},
    ),
    Case("person A archive", "POST", lambda w: f"/people/{person_a(w)}/archive", STAFF_CHANGE_A),
    Case("person A restore", "POST", lambda w: f"/people/{person_a(w)}/restore", STAFF_CHANGE_A),
    Case("person B archive", "POST", lambda w: f"/people/{person_b(w)}/archive", STAFF_CHANGE_B),
    Case("person A affiliations", "GET", lambda w: f"/people/{person_a(w)}/affiliations", STAFF_READ_A),
    Case("person B affiliations", "GET", lambda w: f"/people/{person_b(w)}/affiliations", STAFF_READ_B),
    Case(
        "person A new role at the branch",
        "POST",
        lambda w: f"/people/{person_a(w)}/affiliations",
        with_status(STAFF_CHANGE_A, 201),
        lambda w: {"organisation": w.branch.pk, "function_title": "Bestuurslid"},
    ),
    Case("affiliation A", "GET", lambda w: f"/affiliations/{w.affiliation.pk}", STAFF_READ_A),
    Case("affiliation B", "GET", lambda w: f"/affiliations/{w.other_affiliation.pk}", STAFF_READ_B),
    Case(
        "affiliation A update",
        "PATCH",
        lambda w: f"/affiliations/{w.affiliation.pk}",
        STAFF_CHANGE_A,
        lambda w: {"function_title": "Directeur"},
    ),
    Case(
        "affiliation B update",
        "PATCH",
        lambda w: f"/affiliations/{w.other_affiliation.pk}",
        STAFF_CHANGE_B,
        lambda w: {"function_title": "Directeur"},
    ),
    Case("affiliation A end", "POST", lambda w: f"/affiliations/{w.affiliation.pk}/end", STAFF_CHANGE_A),
    Case("affiliation B end", "POST", lambda w: f"/affiliations/{w.other_affiliation.pk}/end", STAFF_CHANGE_B),
    # Relationships.
    Case("relationship list", "GET", lambda w: "/relationships", REGISTRY),
    Case(
        "relationship create in route A",
        "POST",
        lambda w: "/relationships",
        CREATE_IN_A,
        lambda w: {"source": w.company.pk, "kind": "works_with", "target": w.branch.pk},
    ),
    Case("relationship A", "GET", lambda w: f"/relationships/{w.relationship.pk}", STAFF_READ_A),
    Case("relationship B", "GET", lambda w: f"/relationships/{_other_relationship(w)}", STAFF_READ_B),
    Case(
        "relationship A delete",
        "DELETE",
        lambda w: f"/relationships/{w.relationship.pk}",
        with_status(STAFF_CHANGE_A, 204),
    ),
    Case(
        "relationship B delete",
        "DELETE",
        lambda w: f"/relationships/{_other_relationship(w)}",
        with_status(STAFF_CHANGE_B, 204),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_endpoint_as_every_persona(case: Case, world: World, api: Personas) -> None:
    path = case.path(world)
    body = case.body(world) if case.body else None
    clients = {persona: api(persona) for persona in PERSONAS}  # tokens outside the rolled-back savepoints
    got: dict[str, int] = {}
    for persona in PERSONAS:
        with transaction.atomic():
            got[persona] = clients[persona].request(case.method, path, body).status
            transaction.set_rollback(True)
    wrong = {p: f"expected {case.expect[p]}, got {got[p]}" for p in PERSONAS if got[p] != case.expect[p]}
    assert not wrong, f"{case.method} {path}: {wrong}"
