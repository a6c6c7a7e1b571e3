"""Organisations through the API: filters and pages, validation in Dutch, duplicates, optimistic locking."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.translation import gettext, override

from tests.api.conftest import Personas
from tests.conftest import World
from tests.factories import AffiliationFactory, OrganisationFactory
from verbinder.core.models import ActivityLog
from verbinder.partners.enums import OrganisationKind, SizeClass
from verbinder.partners.models import Organisation


def names(body: dict[str, Any]) -> list[str]:
    return [item["name"] for item in body["items"]]


@pytest.fixture
def coordinator(api: Personas) -> Any:
    return api("coordinator")


def new_organisation(world: World, **fields: Any) -> dict[str, Any]:
    return {"name": "Metaalwerk Zuid", "city": "Tilburg", "routes": [world.route.pk], **fields}


# Lists


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Bakkerij De Korenaar", "Brancheclub Techniek", "Installatiebedrijf Jansen"]),
        ({"q": "korenaar"}, ["Bakkerij De Korenaar"]),
        ({"q": "Zwolle"}, ["Installatiebedrijf Jansen"]),
        ({"q": "4445"}, ["Installatiebedrijf Jansen"]),
        ({"q": "Anna Vries"}, ["Bakkerij De Korenaar"]),
        ({"q": "Zorgtechniek"}, []),
        ({"kind": "branch_association"}, ["Brancheclub Techniek"]),
        ({"sector": "F"}, ["Installatiebedrijf Jansen"]),
        ({"size_class": "250+"}, ["Installatiebedrijf Jansen"]),
        ({"sort": "-name"}, ["Installatiebedrijf Jansen", "Brancheclub Techniek", "Bakkerij De Korenaar"]),
        ({"archived": "true"}, ["Archief BV"]),
    ],
)
def test_list_filters_as_the_page_does(
    world: World, coordinator: Any, params: dict[str, str], expected: list[str]
) -> None:
    OrganisationFactory(
        name="Installatiebedrijf Jansen", city="Zwolle", kvk_number="44456789", sbi_codes="4321",
        sector="F", size_class=SizeClass.LARGE, routes=[world.route],
    )  # fmt: skip
    archived = OrganisationFactory(name="Archief BV", routes=[world.route])
    Organisation.objects.filter(pk=archived.pk).update(archived_at="2026-01-01T00:00:00Z")

    response = coordinator.get("/organisations", **params)

    assert response.status == 200, response.body
    assert names(response.body) == expected
    assert response.body["count"] == len(expected)


def test_list_filters_by_route(world: World, api: Personas) -> None:
    response = api("admin").get("/organisations", route=world.other_route.pk)

    assert names(response.body) == ["Zorgtechniek Oost"]


def test_list_route_filter_outside_reach_finds_nothing(world: World, coordinator: Any) -> None:
    response = coordinator.get("/organisations", route=world.other_route.pk)

    assert response.status == 200
    assert response.body["count"] == 0


def test_list_pages_with_a_total_count_and_stable_order(world: World, coordinator: Any) -> None:
    for _ in range(5):
        OrganisationFactory(name="Gelijk", routes=[world.route])  # same name: the primary key decides

    first = coordinator.get("/organisations", q="Gelijk", limit=2, offset=0).body
    second = coordinator.get("/organisations", q="Gelijk", limit=2, offset=2).body
    third = coordinator.get("/organisations", q="Gelijk", limit=2, offset=4).body

    ids = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert first["count"] == 5 and (first["limit"], second["offset"]) == (2, 2)
    assert ids == sorted(ids) and len(set(ids)) == 5


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"kind": "bakery"}, {"q": "x" * 101}])
def test_list_refuses_bad_parameters(world: World, coordinator: Any, params: dict[str, Any]) -> None:
    assert coordinator.get("/organisations", **params).status == 422


def test_list_shows_only_the_callers_routes(world: World, coordinator: Any) -> None:
    shared = OrganisationFactory(name="Gedeeld", routes=[world.route, world.other_route])

    item = next(i for i in coordinator.get("/organisations").body["items"] if i["id"] == shared.pk)

    assert item["routes"] == [{"id": world.route.pk, "programme_name": world.route.programme_name}]


# One organisation


def test_staff_see_notes_and_routes(world: World, api: Personas) -> None:
    body = api("teacher").get(f"/organisations/{world.company.pk}").body

    assert body["notes"] == "Geheime notitie A"
    assert body["routes"] == [{"id": world.route.pk, "programme_name": world.route.programme_name}]
    assert [c["person"]["last_name"] for c in body["contacts"]] == ["de Vries"]


def test_external_users_see_their_organisation_without_internal_notes(world: World, api: Personas) -> None:
    body = api("company_contact").get(f"/organisations/{world.company.pk}").body

    assert body["name"] == world.company.name
    assert body["notes"] is None and body["routes"] is None
    assert "Geheime" not in str(body)
    assert [c["person"]["last_name"] for c in body["contacts"]] == ["de Vries"]


# Create


def test_create_normalises_and_logs(world: World, coordinator: Any) -> None:
    response = coordinator.post(
        "/organisations",
        new_organisation(
            world, name="  Metaalwerk   Zuid ", kvk_number="87654321", postcode="5038ab", sbi_codes="2511, 2512",
            website="https://metaalwerk.example.nl/over-ons", has_hr_staff=False, notes="**Voorloper**\nsinds 2024",
        ),
    )  # fmt: skip

    assert response.status == 201, response.body
    body = response.body
    assert (body["name"], body["postcode"], body["sbi_codes"], body["sector"]) == (
        "Metaalwerk Zuid", "5038 AB", "2511 2512", "C",
    )  # fmt: skip
    assert body["version"] == 1 and body["routes"][0]["id"] == world.route.pk
    organisation = Organisation.objects.get(pk=body["id"])
    assert list(organisation.routes.all()) == [world.route]
    entry = ActivityLog.objects.get(action_type="partners.organisation.created", object_id=organisation.pk)
    assert entry.actor == world.users["coordinator"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kvk_number": "1234567"}, "kvk_number", "A KVK number has exactly 8 digits."),
        ({"kvk_number": "１２３４５６７８"}, "kvk_number", "A KVK number has exactly 8 digits."),
        ({"establishment_number": "12345"}, "establishment_number", None),
        ({"postcode": "0123 AB"}, "postcode", None),
        ({"postcode": "1234 SS"}, "postcode", None),
        ({"sbi_codes": "0400"}, "sbi_codes", None),
        ({"website": "javascript:alert(1)"}, "website", None),
        ({"name": "   "}, "name", None),
        ({"name": "Nul\x00byte"}, "name", None),
        ({"city": "Regel\neen"}, "city", None),
        ({"notes": "\u202egeheim"}, "notes", None),
        ({"kind": "bakery"}, "kind", None),
        ({"size_class": "5-10"}, "size_class", None),
        ({"has_hr_staff": "yes"}, "has_hr_staff", None),
        ({"routes": []}, "routes", None),
        ({"routes": ["1"]}, "routes", None),
        ({"colour": "blue"}, "colour", None),
    ],
)
def test_create_refuses_bad_input_with_a_message(
    world: World, coordinator: Any, fields: dict[str, Any], field: str, message: str | None
) -> None:
    before = Organisation.objects.count()

    response = coordinator.post("/organisations", new_organisation(world, **fields))

    assert response.status == 422, response.body
    error = response.body["detail"][0]
    assert error["loc"][:3] == ["body", "payload", field]
    assert error["msg"] and "Input should" not in error["msg"]  # translated, not pydantic's English
    if message:
        with override("nl"):
            assert error["msg"] == gettext(message)
    assert Organisation.objects.count() == before


def test_create_needs_a_route_the_caller_coordinates(world: World, coordinator: Any) -> None:
    response = coordinator.post(
        "/organisations", new_organisation(world, routes=[world.route.pk, world.other_route.pk])
    )

    assert response.status == 404
    assert not Organisation.objects.filter(name="Metaalwerk Zuid").exists()


def test_create_accepts_the_same_route_twice(world: World, coordinator: Any) -> None:
    response = coordinator.post("/organisations", new_organisation(world, routes=[world.route.pk, world.route.pk]))

    assert response.status == 201
    assert len(response.body["routes"]) == 1


def test_create_refuses_a_registered_kvk_number_with_409(world: World, coordinator: Any) -> None:
    response = coordinator.post("/organisations", new_organisation(world, kvk_number=world.other_company.kvk_number))

    assert response.status == 409
    assert response.body["code"] == "duplicate_kvk"
    # Route B's company is named (as the page does) but not linked: no id outside the caller's reach.
    assert response.body["duplicates"] == [
        {"id": None, "name": "Zorgtechniek Oost", "city": "Enschede", "kvk_number": world.other_company.kvk_number,
         "archived": False}
    ]  # fmt: skip


def test_create_asks_to_confirm_a_likely_duplicate(world: World, coordinator: Any) -> None:
    body = new_organisation(world, name="Bakkerij de Korenaar B.V.", city="Utrecht")

    first = coordinator.post("/organisations", body)
    confirmed = coordinator.post("/organisations", {**body, "confirm_not_duplicate": True})

    assert first.status == 409 and first.body["code"] == "possible_duplicate"
    assert first.body["duplicates"][0]["id"] == world.company.pk
    assert confirmed.status == 201


# Update


def test_update_changes_only_the_fields_sent(world: World, coordinator: Any) -> None:
    response = coordinator.patch(
        f"/organisations/{world.company.pk}", {"version": 1, "city": "Delft", "has_hr_staff": True}
    )

    assert response.status == 200, response.body
    world.company.refresh_from_db()
    assert (world.company.city, world.company.has_hr_staff, world.company.name) == (
        "Delft",
        True,
        "Bakkerij De Korenaar",
    )
    assert response.body["version"] == 2
    entry = ActivityLog.objects.get(action_type="partners.organisation.updated")
    assert entry.changes == {"city": ["Utrecht", "Delft"], "has_hr_staff": [None, True]}


def test_update_with_a_stale_version_names_the_changed_fields(world: World, api: Personas) -> None:
    api("admin").patch(f"/organisations/{world.company.pk}", {"version": 1, "city": "Delft"})

    response = api("coordinator").patch(f"/organisations/{world.company.pk}", {"version": 1, "name": "Korenaar"})

    assert response.status == 409
    assert response.body["code"] == "stale_version"
    assert response.body["fields"] == ["city"]
    assert response.body["current_version"] == 2
    assert "plaats" in response.body["detail"]
    world.company.refresh_from_db()
    assert world.company.name == "Bakkerij De Korenaar"


def test_stale_version_after_a_contact_changed_is_still_a_conflict(world: World, api: Personas) -> None:
    """A contact's change is logged on the organisation too; the 409 names only the organisation's fields."""
    api("admin").patch(f"/organisations/{world.company.pk}", {"version": 1, "city": "Delft"})
    api("admin").patch(f"/affiliations/{world.affiliation.pk}", {"email": "nieuw@bedrijf.nl"})

    response = api("coordinator").patch(f"/organisations/{world.company.pk}", {"version": 1, "name": "Korenaar"})

    assert response.status == 409
    assert set(response.body["fields"]) <= {"city"}
    assert response.body["current_version"] == 2


def test_stale_version_names_the_organisations_change_after_a_contact_changed(world: World, api: Personas) -> None:
    api("admin").patch(f"/organisations/{world.company.pk}", {"version": 1, "city": "Delft"})
    api("admin").patch(f"/affiliations/{world.affiliation.pk}", {"email": "nieuw@bedrijf.nl"})

    response = api("coordinator").patch(f"/organisations/{world.company.pk}", {"version": 1, "name": "Korenaar"})

    assert response.body["fields"] == ["city"]


def test_update_needs_the_version(world: World, coordinator: Any) -> None:
    response = coordinator.patch(f"/organisations/{world.company.pk}", {"city": "Delft"})

    assert response.status == 422
    assert response.body["detail"][0]["loc"] == ["body", "payload", "version"]


def test_update_refuses_null_for_a_field_that_cannot_be_empty(world: World, coordinator: Any) -> None:
    response = coordinator.patch(f"/organisations/{world.company.pk}", {"version": 1, "name": None})

    assert response.status == 422


def test_update_refuses_a_kvk_number_of_another_organisation(world: World, coordinator: Any) -> None:
    response = coordinator.patch(
        f"/organisations/{world.company.pk}", {"version": 1, "kvk_number": world.branch.kvk_number}
    )

    assert response.status == 409
    assert response.body["code"] == "duplicate_kvk"


def test_update_keeps_its_own_kvk_number(world: World, coordinator: Any) -> None:
    response = coordinator.patch(
        f"/organisations/{world.company.pk}", {"version": 1, "kvk_number": world.company.kvk_number}
    )

    assert response.status == 200


# Archive and restore


def test_archive_and_restore(world: World, coordinator: Any) -> None:
    archived = coordinator.post(f"/organisations/{world.company.pk}/archive")
    listed = coordinator.get("/organisations")
    listed_archived = coordinator.get("/organisations", archived="true")
    restored = coordinator.post(f"/organisations/{world.company.pk}/restore")

    assert archived.status == 200 and archived.body["archived_at"] is not None
    assert world.company.name not in names(listed.body)
    assert names(listed_archived.body) == [world.company.name]
    assert restored.status == 200 and restored.body["archived_at"] is None
    assert list(
        ActivityLog.objects.filter(object_id=world.company.pk, action_type__startswith="partners.organisation.")
        .order_by("pk")
        .values_list("action_type", flat=True)
    ) == ["partners.organisation.archived", "partners.organisation.restored"]


def test_external_contact_sees_contacts_of_their_organisation_only(world: World, api: Personas) -> None:
    AffiliationFactory(organisation=world.other_company, person__last_name="Geheim")

    body = api("company_contact").get(f"/organisations/{world.company.pk}").body

    assert "Geheim" not in str(body)


def test_large_company_is_not_an_sme(world: World, coordinator: Any) -> None:
    response = coordinator.post(
        "/organisations", new_organisation(world, size_class="250+", kind=OrganisationKind.COMPANY)
    )

    assert response.body["is_sme"] is False
