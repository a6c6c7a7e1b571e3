"""Who may reach which URL of the REST API (verbinder.api), with a logged-in session as the matrix uses.

The API's reach is the pages' reach, in the API's words: 401 instead of a redirect to the login for anonymous
callers, 404 outside a persona's reach, 403 for what they may see but not change. External users may read
their own organisation and nothing else. Each URL name is one API path; its GET (or, for actions, POST) row
is here, and tests/api/test_permissions.py requests every method of every path as every persona with a token.
POST rows carry no body: archive, restore and end take none.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.factories import OrganisationFactory, RelationshipFactory
from tests.security.matrix.base import COMPANY_MEMBERS, Row, each, statuses
from verbinder.partners.enums import OrganisationKind

PUBLIC = statuses(200)
REGISTRY = statuses(404, admin=200, coordinator=200, teacher=200, other_coordinator=200, anonymous=401)
READ_COMPANY = statuses(404, admin=200, coordinator=200, teacher=200, **each(COMPANY_MEMBERS, 200), anonymous=401)
READ_BRANCH = statuses(404, admin=200, coordinator=200, teacher=200, partner_contact=200, anonymous=401)
READ_OTHER_COMPANY = statuses(404, admin=200, other_coordinator=200, other_company_contact=200, anonymous=401)
CHANGE_COMPANY = statuses(404, admin=200, coordinator=200, teacher=403, **each(COMPANY_MEMBERS, 403), anonymous=401)
CHANGE_OTHER_COMPANY = statuses(404, admin=200, other_coordinator=200, other_company_contact=403, anonymous=401)
STAFF_READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=401)
STAFF_READ_B = statuses(404, admin=200, other_coordinator=200, anonymous=401)
STAFF_CHANGE_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=401)
STAFF_CHANGE_B = statuses(404, admin=200, other_coordinator=200, anonymous=401)
POST_ONLY = statuses(405)


def deleted(expect: dict[str, int]) -> dict[str, int]:
    return {persona: 204 if status == 200 else status for persona, status in expect.items()}


def ids(**attributes: str) -> Any:
    """URL kwargs from the world: ids(organisation_id="company") -> {"organisation_id": world.company.pk}."""
    return lambda w: {name: getattr(w, attribute).pk for name, attribute in attributes.items()}


def person_a(w: World) -> dict[str, Any]:
    return {"person_id": w.affiliation.person_id}


def person_b(w: World) -> dict[str, Any]:
    return {"person_id": w.other_affiliation.person_id}


def other_relationship(w: World) -> dict[str, Any]:
    """A relationship between two organisations of route B."""
    other_branch = OrganisationFactory(
        name="Zorgnetwerk Twente", kind=OrganisationKind.BRANCH_ASSOCIATION, routes=[w.other_route]
    )
    return {"relationship_id": RelationshipFactory(source=w.other_company, target=other_branch).pk}


ROWS: list[Row] = [
    # The schema and its docs are public; the API's root is not a page.
    Row("api:openapi-json", PUBLIC),
    Row("api:openapi-view", PUBLIC),
    Row("api:api-root", statuses(404)),
    # Routes.
    Row("api:route-list", REGISTRY),
    Row("api:route-detail", STAFF_READ_A, kwargs=ids(route_id="route"), label="own route A"),
    Row("api:route-detail", STAFF_READ_B, kwargs=ids(route_id="other_route"), label="other route B"),
    # Organisations.
    Row("api:organisation-list", REGISTRY),
    Row("api:organisation-list", REGISTRY, query="?q=Zorgtechniek", label="search for route B's name"),
    Row("api:organisation-list", REGISTRY, query="?q=GEHEIM", label="search for a note's text"),
    Row("api:organisation-list", REGISTRY, query="?archived=true&sort=-updated&limit=1&offset=1", label="filters"),
    Row("api:organisation-detail", READ_COMPANY, kwargs=ids(organisation_id="company"), label="own company"),
    Row(
        "api:organisation-detail",
        READ_BRANCH,
        kwargs=ids(organisation_id="branch"),
        label="own branch association, the partner contact's organisation",
    ),
    Row(
        "api:organisation-detail",
        READ_OTHER_COMPANY,
        kwargs=ids(organisation_id="other_company"),
        label="other company (route B)",
    ),
]

for _name in ("api:organisation-archive", "api:organisation-restore"):
    ROWS += [
        Row(_name, POST_ONLY, kwargs=ids(organisation_id="company")),
        Row(_name, CHANGE_COMPANY, kwargs=ids(organisation_id="company"), method="POST", label="own company"),
        Row(
            _name,
            CHANGE_OTHER_COMPANY,
            kwargs=ids(organisation_id="other_company"),
            method="POST",
            label="other company",
        ),
    ]

ROWS += [
    # People and their roles: staff only.
    Row("api:person-list", REGISTRY),
    Row("api:person-list", REGISTRY, query="?q=Bram", label="search for route B's person"),
    Row("api:person-detail", STAFF_READ_A, kwargs=person_a, label="own"),
    Row("api:person-detail", STAFF_READ_B, kwargs=person_b, label="other"),
    Row("api:person-affiliation-list", STAFF_READ_A, kwargs=person_a, label="own"),
    Row("api:person-affiliation-list", STAFF_READ_B, kwargs=person_b, label="other"),
]

for _name in ("api:person-archive", "api:person-restore"):
    ROWS += [
        Row(_name, POST_ONLY, kwargs=person_a),
        Row(_name, STAFF_CHANGE_A, kwargs=person_a, method="POST", label="own"),
        Row(_name, STAFF_CHANGE_B, kwargs=person_b, method="POST", label="other"),
    ]

ROWS += [
    Row("api:affiliation-detail", STAFF_READ_A, kwargs=ids(affiliation_id="affiliation"), label="own"),
    Row("api:affiliation-detail", STAFF_READ_B, kwargs=ids(affiliation_id="other_affiliation"), label="other"),
    Row("api:affiliation-end", POST_ONLY, kwargs=ids(affiliation_id="affiliation")),
    Row("api:affiliation-end", STAFF_CHANGE_A, kwargs=ids(affiliation_id="affiliation"), method="POST", label="own"),
    Row(
        "api:affiliation-end",
        STAFF_CHANGE_B,
        kwargs=ids(affiliation_id="other_affiliation"),
        method="POST",
        label="other",
    ),
    # Relationships: reachable when both organisations are.
    Row("api:relationship-list", REGISTRY),
    Row("api:relationship-detail", STAFF_READ_A, kwargs=ids(relationship_id="relationship"), label="own"),
    Row("api:relationship-detail", STAFF_READ_B, kwargs=other_relationship, label="other"),
    Row(
        "api:relationship-detail",
        deleted(STAFF_CHANGE_A),
        kwargs=ids(relationship_id="relationship"),
        method="DELETE",
        label="own",
    ),
    Row(
        "api:relationship-detail",
        deleted(STAFF_CHANGE_B),
        kwargs=other_relationship,
        method="DELETE",
        label="other",
    ),
]
