"""Relationships through the API: both ends in reach, no duplicates, not with itself, both directions."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Personas
from tests.conftest import World
from tests.factories import OrganisationFactory
from verbinder.core.models import ActivityLog
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.models import Relationship


@pytest.fixture
def coordinator(api: Personas) -> Any:
    return api("coordinator")


def test_create_and_read_back(world: World, coordinator: Any) -> None:
    response = coordinator.post(
        "/relationships", {"source": world.company.pk, "kind": "works_with", "target": world.branch.pk, "note": "Samen"}
    )

    assert response.status == 201, response.body
    assert response.body["source"]["id"] == world.company.pk and response.body["target"]["id"] == world.branch.pk
    assert coordinator.get(f"/relationships/{response.body['id']}").body == response.body
    assert ActivityLog.objects.filter(action_type="partners.relationship.created").count() == 2  # both ends


def test_the_same_relationship_twice_is_a_conflict(world: World, coordinator: Any) -> None:
    response = coordinator.post(
        "/relationships", {"source": world.company.pk, "kind": "member_of", "target": world.branch.pk}
    )

    assert response.status == 409
    assert response.body["code"] == "duplicate"


def test_an_organisation_cannot_relate_to_itself(world: World, coordinator: Any) -> None:
    response = coordinator.post(
        "/relationships", {"source": world.company.pk, "kind": "works_with", "target": world.company.pk}
    )

    assert response.status == 422
    assert response.body["detail"][0]["loc"] == ["body", "payload", "target"]


def test_a_target_outside_reach_is_404(world: World, coordinator: Any) -> None:
    response = coordinator.post(
        "/relationships", {"source": world.company.pk, "kind": "works_with", "target": world.other_company.pk}
    )

    assert response.status == 404
    assert not Relationship.objects.filter(target=world.other_company).exists()


def test_an_archived_target_is_refused(world: World, coordinator: Any) -> None:
    coordinator.post(f"/organisations/{world.branch.pk}/archive")

    response = coordinator.post(
        "/relationships", {"source": world.company.pk, "kind": "works_with", "target": world.branch.pk}
    )

    assert response.status == 422


def test_list_by_organisation_in_both_directions(world: World, coordinator: Any) -> None:
    association = OrganisationFactory(
        name="Landelijk Netwerk", kind=OrganisationKind.SECTOR_PARTNERSHIP, routes=[world.route]
    )
    coordinator.post("/relationships", {"source": world.branch.pk, "kind": "part_of", "target": association.pk})

    of_branch = coordinator.get("/relationships", organisation=world.branch.pk).body
    members = coordinator.get("/relationships", organisation=world.branch.pk, kind="member_of").body

    assert [(r["source"]["name"], r["kind"], r["target"]["name"]) for r in of_branch["items"]] == [
        ("Bakkerij De Korenaar", "member_of", "Brancheclub Techniek"),
        ("Brancheclub Techniek", "part_of", "Landelijk Netwerk"),
    ]
    assert members["count"] == 1


def test_delete(world: World, coordinator: Any) -> None:
    response = coordinator.delete(f"/relationships/{world.relationship.pk}")

    assert response.status == 204
    assert not Relationship.objects.filter(pk=world.relationship.pk).exists()
    assert ActivityLog.objects.filter(action_type="partners.relationship.deleted").count() == 2
