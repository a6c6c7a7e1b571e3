"""Routes through the API: admins add routes, coordinators change theirs, staff read theirs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Personas
from tests.conftest import World
from verbinder.partners.models import Route

NEW_ROUTE = {
    "programme_name": "Ad Bouwkunde",
    "degree_type": "ad",
    "croho_code": "80046",
    "croho_area": "techniek",
    "hogeschool": "Hogeschool Test",
    "start_year": 2027,
}


def test_list_shows_the_callers_routes_with_coordinators(world: World, api: Personas) -> None:
    listed = api("coordinator").get("/routes").body
    detail = api("coordinator").get(f"/routes/{world.route.pk}").body

    assert [r["programme_name"] for r in listed["items"]] == [world.route.programme_name]
    assert detail["coordinators"] == [{"id": world.users["coordinator"].pk, "name": "Coby Coördinator"}]
    assert detail["qualifies_for_praktijkleren"] is True


def test_admin_creates_a_route(world: World, api: Personas) -> None:
    response = api("admin").post("/routes", NEW_ROUTE)

    assert response.status == 201, response.body
    assert Route.objects.get(pk=response.body["id"]).croho_code == "80046"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"croho_code": "8004"}, "croho_code"),
        ({"croho_code": "8004a"}, "croho_code"),
        ({"start_year": 1999}, "start_year"),
        ({"start_year": "2027"}, "start_year"),
        ({"start_year": 2027.5}, "start_year"),
        ({"degree_type": "master"}, "degree_type"),
        ({"hogeschool": ""}, "hogeschool"),
    ],
)
def test_create_refuses_bad_input(world: World, api: Personas, fields: dict[str, Any], field: str) -> None:
    response = api("admin").post("/routes", {**NEW_ROUTE, **fields})

    assert response.status == 422
    assert response.body["detail"][0]["loc"] == ["body", "payload", field]


def test_a_whole_year_as_a_json_number_is_accepted(world: World, api: Personas) -> None:
    assert api("admin").post("/routes", {**NEW_ROUTE, "start_year": 2027.0}).status == 201


def test_coordinator_changes_some_fields_of_their_route(world: World, api: Personas) -> None:
    response = api("coordinator").patch(f"/routes/{world.route.pk}", {"start_year": 2028, "hogeschool": "HS Oost"})

    assert response.status == 200, response.body
    world.route.refresh_from_db()
    assert (world.route.start_year, world.route.hogeschool) == (2028, "HS Oost")
    assert world.route.programme_name == "Ad Technische Bedrijfskunde"
