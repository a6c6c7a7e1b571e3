"""Tenant isolation beyond the matrix (SECURITY promise 1): enumeration, foreign keys in forms, query
parameters, and objects that two routes share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import World
from tests.security.markers import leaks_in, route_b_texts
from verbinder.accounts.models import RoleAssignment
from verbinder.core.models import ActivityLog
from verbinder.partners import services
from verbinder.partners.enums import RelationshipKind
from verbinder.partners.models import Affiliation, Organisation, Partnership, Person, Relationship, Route

# What each persona may open, by URL name; every other id answers 404.
REACH: dict[str, dict[str, Any]] = {
    "coordinator": {"organisation": ("company", "branch"), "person": ("affiliation",), "route": ("route",)},
    "teacher": {"organisation": ("company", "branch"), "person": ("affiliation",), "route": ("route",)},
    "other_coordinator": {
        "organisation": ("other_company",),
        "person": ("other_affiliation",),
        "route": ("other_route",),
    },
    "company_contact": {"organisation": ("company",), "person": (), "route": ()},
    "student": {"organisation": ("company",), "person": (), "route": ()},
    "partner_contact": {"organisation": ("branch",), "person": (), "route": ()},
    "other_company_contact": {"organisation": ("other_company",), "person": (), "route": ()},
}


def _ids(world: World, kind: str, attributes: tuple[str, ...]) -> set[int]:
    if kind == "person":
        return {getattr(world, a).person_id for a in attributes}
    return {getattr(world, a).pk for a in attributes}


def _probe_range(model: type[Any]) -> Iterator[int]:
    """Every id around the existing ones (sequences do not restart at 1 on PostgreSQL), plus far-off ones."""
    pks = list(model.objects.values_list("pk", flat=True))
    yield from range(max(0, min(pks) - 5), max(pks) + 6)
    yield 2**31 - 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(REACH))
def test_sequential_ids_answer_404_outside_reach(world: World, persona: str) -> None:
    client = world.client_for(persona)
    unexpected = []
    for kind, model, name in (
        ("organisation", Organisation, "partners:organisation-detail"),
        ("person", Person, "partners:person-detail"),
        ("route", Route, "partners:route-detail"),
    ):
        reachable = _ids(world, kind, REACH[persona][kind])
        for pk in _probe_range(model):
            status = client.get(reverse(name, args=[pk])).status_code
            if status != (200 if pk in reachable else 404):
                unexpected.append((name, pk, status))
    assert unexpected == []


def _state() -> dict[str, Any]:
    """Everything a form post could change, to prove that nothing did."""
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Organisation, Person, Affiliation, Relationship, Partnership, Route, RoleAssignment, ActivityLog)
    } | {
        "affiliations": sorted(Affiliation.objects.values_list("pk", "organisation_id", "person_id", "function_title")),
        "partnerships": sorted(Partnership.objects.values_list("route_id", "organisation_id")),
    }


# (attacker, own organisation, own person's affiliation, other route, other organisation)
SIDES = [
    ("coordinator", "company", "affiliation", "other_route", "other_company"),
    ("other_coordinator", "other_company", "other_affiliation", "route", "company"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "own", "own_affiliation", "foreign_route", "foreign"), SIDES)
def test_foreign_keys_of_another_route_are_refused(
    world: World, persona: str, own: str, own_affiliation: str, foreign_route: str, foreign: str
) -> None:
    client = world.client_for(persona)
    own_org: Organisation = getattr(world, own)
    foreign_org: Organisation = getattr(world, foreign)
    other_route: Route = getattr(world, foreign_route)
    person_id = getattr(world, own_affiliation).person_id
    before = _state()

    relationship = client.post(
        reverse("partners:relationship-create", args=[own_org.pk]),
        {"kind": RelationshipKind.WORKS_WITH, "target": foreign_org.pk, "note": ""},
    )
    route_link = client.post(reverse("partners:organisation-route-link", args=[own_org.pk]), {"route": other_route.pk})
    affiliation = client.post(
        reverse("partners:person-affiliation-add", args=[person_id]),
        {"organisation": foreign_org.pk, "function_title": "Spion", "email": "", "phone": ""},
    )
    organisation = client.post(
        reverse("partners:organisation-create"),
        {"name": "Nieuw in andermans route", "kind": "company", "routes": [other_route.pk]},
    )
    foreign_page = client.post(reverse("partners:organisation-person-create", args=[foreign_org.pk]), {})

    assert relationship.status_code == 200
    assert "target" in relationship.context["form"].errors
    assert route_link.status_code == 200  # the form again, with an error; nothing linked
    assert affiliation.status_code == 200
    assert "organisation" in affiliation.context["form"].errors
    assert organisation.status_code == 200
    assert "routes" in organisation.context["form"].errors
    assert foreign_page.status_code == 404
    assert _state() == before


@pytest.mark.django_db
def test_query_parameters_cannot_widen_the_list(world: World) -> None:
    client = world.client_for("coordinator")
    urls = [
        reverse("partners:organisation-list") + f"?route={world.other_route.pk}",
        reverse("partners:organisation-list") + f"?route={world.other_route.pk}&archived=on",
        reverse("partners:organisation-list") + "?q=Zorgtech",
        reverse("partners:organisation-list") + "?q=Oost",
        reverse("partners:organisation-list") + "?q=Enschede&sort=-city",
        reverse("partners:organisation-list") + f"?q={world.other_company.kvk_number}",
        reverse("partners:person-list") + "?q=Outsider",
        reverse("partners:person-list") + "?q=bedrijf.nl",
        reverse("partners:route-detail", args=[world.route.pk]) + f"?route={world.other_route.pk}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert [t for t in route_b_texts(world) if t in body] == [], url
        assert world.other_affiliation.email not in body, url


@pytest.fixture
def shared_person(world: World) -> Person:
    """A person with a role at an organisation of each route, made through the services (so with history)."""
    admin = world.users["admin"]
    person = services.person_create(
        by=world.users["coordinator"],
        data={"first_name": "Gedeelde", "last_name": "Persoon", "preferred_language": "nl"},
        organisation=world.company,
        affiliation={"function_title": "Adviseur", "email": "gedeeld@korenaar.nl", "phone": ""},
    )
    services.affiliation_create(
        by=admin,
        person=person,
        organisation=world.other_company,
        data={"function_title": "Geheim-B-functie", "email": "prive-b@zorgtechniek.nl", "phone": "+31 6 87654321"},
    )
    return person


@pytest.mark.django_db
def test_a_person_of_two_routes_shows_each_coordinator_only_their_own_side(world: World, shared_person: Person) -> None:
    route_b_only = [*route_b_texts(world), "Geheim-B-functie", "prive-b@zorgtechniek.nl", "87654321"]
    route_a_only = ["Bakkerij De Korenaar", "gedeeld@korenaar.nl", "Coby Coördinator"]

    seen_by_a = world.client_for("coordinator").get(reverse("partners:person-detail", args=[shared_person.pk]))
    seen_by_b = world.client_for("other_coordinator").get(reverse("partners:person-detail", args=[shared_person.pk]))

    assert seen_by_a.status_code == seen_by_b.status_code == 200
    assert [t for t in route_b_only if t in seen_by_a.content.decode()] == []
    assert [t for t in route_a_only if t in seen_by_b.content.decode()] == []


@pytest.mark.django_db
def test_an_organisation_of_two_routes_shows_only_the_viewers_routes(world: World) -> None:
    admin = world.users["admin"]
    services.organisation_link_route(organisation=world.company, route=world.other_route, by=admin)
    services.relationship_create(
        by=admin, source=world.company, kind=RelationshipKind.WORKS_WITH, target=world.other_company
    )

    body = world.client_for("coordinator").get(reverse("partners:organisation-detail", args=[world.company.pk]))

    assert body.status_code == 200
    assert leaks_in(body.content.decode(), world, "coordinator") == []
