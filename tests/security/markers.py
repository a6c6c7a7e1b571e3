"""Text that a persona must never find in a page: another tenant's names, notes and routes.

world.company.notes is "Geheime notitie A" and world.other_company.notes is "GEHEIM-B": notes are internal,
so no external user may see either, and staff of one route must not see the other route's.
"""

from __future__ import annotations

from tests.conftest import PERSONAS, World


def route_a_texts(world: World) -> list[str]:
    return [
        world.company.notes,
        world.company.name,
        world.branch.name,
        world.affiliation.person.full_name,
        world.route.programme_name,
        world.users["coordinator"].name,
    ]


def route_b_texts(world: World) -> list[str]:
    return [
        world.other_company.notes,
        world.other_company.name,
        world.other_affiliation.person.full_name,
        world.other_route.programme_name,
        world.users["other_coordinator"].name,
    ]


def internal_texts(world: World) -> list[str]:
    """What only the hogeschool's staff see: notes and routes."""
    return [
        world.company.notes,
        world.other_company.notes,
        world.route.programme_name,
        world.other_route.programme_name,
    ]


def forbidden_texts(world: World, persona: str) -> list[str]:
    assert persona in PERSONAS, persona
    a, b, internal = route_a_texts(world), route_b_texts(world), internal_texts(world)
    forbidden = {
        "admin": [],
        "coordinator": b,
        "teacher": b,
        "other_coordinator": a,
        "company_contact": [*b, *internal, world.branch.name],
        "workplace_supervisor": [*b, *internal, world.branch.name],
        "student": [*b, *internal, world.branch.name],
        "partner_contact": [*b, *internal, world.company.name, world.affiliation.person.full_name],
        "other_company_contact": [*a, *internal],
        "anonymous": [*a, *b],
    }[persona]
    return sorted(set(forbidden))


def leaks_in(body: str, world: World, persona: str) -> list[str]:
    return [text for text in forbidden_texts(world, persona) if text and text in body]
