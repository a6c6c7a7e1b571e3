"""People and their roles through the API: create with a role, validate contact data, lock, archive."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.translation import gettext, override

from tests.api.conftest import Personas
from tests.conftest import World
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory
from verbinder.core.models import ActivityLog
from verbinder.partners.models import Affiliation, Person


@pytest.fixture
def coordinator(api: Personas) -> Any:
    return api("coordinator")


def new_person(world: World, **affiliation: Any) -> dict[str, Any]:
    return {
        "first_name": "Noor",
        "last_name": "van den Berg",
        "preferred_language": "en",
        "affiliation": {"organisation": world.company.pk, **affiliation},
    }


def test_create_with_a_role_normalises_contact_data(world: World, coordinator: Any) -> None:
    response = coordinator.post(
        "/people",
        new_person(world, function_title="HR-adviseur", email="Noor@Bedrijf.NL", phone="06 12345678",
                   is_primary_contact=True),
    )  # fmt: skip

    assert response.status == 201, response.body
    body = response.body
    assert (body["first_name"], body["last_name"], body["preferred_language"]) == ("Noor", "van den Berg", "en")
    [role] = body["affiliations"]
    assert (role["email"], role["phone"], role["is_primary_contact"]) == ("noor@bedrijf.nl", "+31 6 12345678", True)
    assert role["organisation"] == {"id": world.company.pk, "name": world.company.name}
    person = Person.objects.get(pk=body["id"])
    assert ActivityLog.objects.filter(action_type="partners.person.created", object_id=person.pk).count() == 1


@pytest.mark.parametrize(
    ("affiliation", "field", "message"),
    [
        (
            {"phone": "12345"},
            "phone",
            "Enter a Dutch phone number (06 12345678) or an international one (+32 …).",
        ),
        ({"email": "noor@"}, "email", None),
        ({"email": "noor..x@bedrijf.nl"}, "email", None),
        ({"function_title": "a\x00b"}, "function_title", None),
        ({"organisation": 0}, "organisation", None),
        ({"organisation": "3"}, "organisation", None),
    ],
)
def test_create_refuses_bad_contact_data(
    world: World, coordinator: Any, affiliation: dict[str, Any], field: str, message: str | None
) -> None:
    response = coordinator.post("/people", new_person(world, **affiliation))

    assert response.status == 422, response.body
    error = response.body["detail"][0]
    assert error["loc"] == ["body", "payload", "affiliation", field]
    if message:
        with override("nl"):
            assert error["msg"] == gettext(message)
    assert not Person.objects.filter(first_name="Noor").exists()


def test_create_at_an_organisation_out_of_reach_is_404(world: World, coordinator: Any) -> None:
    body = new_person(world)
    body["affiliation"]["organisation"] = world.other_company.pk

    assert coordinator.post("/people", body).status == 404
    assert not Person.objects.filter(first_name="Noor").exists()


def test_list_filters_by_name_organisation_and_archive(world: World, coordinator: Any, api: Personas) -> None:
    AffiliationFactory(organisation=world.branch, person__first_name="Piet", person__last_name="Branche")

    everyone = coordinator.get("/people").body
    piet = coordinator.get("/people", q="piet").body
    at_company = coordinator.get("/people", organisation=world.company.pk).body
    coordinator.post(f"/people/{world.affiliation.person_id}/archive")
    archived = coordinator.get("/people", archived="true").body

    assert [p["last_name"] for p in everyone["items"]] == ["Branche", "de Vries"]
    assert [p["first_name"] for p in piet["items"]] == ["Piet"]
    assert [p["last_name"] for p in at_company["items"]] == ["de Vries"]
    assert [p["last_name"] for p in archived["items"]] == ["de Vries"]


def test_roles_outside_reach_stay_hidden(world: World, coordinator: Any) -> None:
    """Anna also works at route B's company: route A's coordinator sees only her role in route A."""
    AffiliationFactory(person=world.affiliation.person, organisation=world.other_company)

    detail = coordinator.get(f"/people/{world.affiliation.person_id}").body
    listed = coordinator.get("/people", q="Anna").body["items"][0]
    roles = coordinator.get(f"/people/{world.affiliation.person_id}/affiliations").body

    for affiliations in (detail["affiliations"], listed["affiliations"], roles):
        assert [a["organisation"]["name"] for a in affiliations] == [world.company.name]


def test_update_with_version(world: World, coordinator: Any, api: Personas) -> None:
    person_id = world.affiliation.person_id
    first = coordinator.patch(f"/people/{person_id}", {"version": 1, "last_name": "de Vries-Jansen"})
    stale = api("admin").patch(f"/people/{person_id}", {"version": 1, "first_name": "Annemiek"})

    assert first.status == 200 and first.body["version"] == 2
    assert stale.status == 409
    assert stale.body["fields"] == ["last_name"] and stale.body["current_version"] == 2
    assert Person.objects.get(pk=person_id).first_name == "Anna"


def test_archive_and_restore(world: World, coordinator: Any) -> None:
    person_id = world.affiliation.person_id

    archived = coordinator.post(f"/people/{person_id}/archive")
    restored = coordinator.post(f"/people/{person_id}/restore")

    assert archived.body["archived_at"] is not None
    assert restored.body["archived_at"] is None


def test_add_a_role_at_an_organisation_of_the_callers_route(world: World, coordinator: Any) -> None:
    response = coordinator.post(
        f"/people/{world.affiliation.person_id}/affiliations",
        {"organisation": world.branch.pk, "function_title": "Bestuurslid", "phone": "+32 2 555 12 12"},
    )

    assert response.status == 201, response.body
    assert response.body["person"]["id"] == world.affiliation.person_id
    assert response.body["phone"] == "+32 2 555 12 12"


def test_a_second_current_role_at_the_same_organisation_is_a_conflict(world: World, coordinator: Any) -> None:
    response = coordinator.post(
        f"/people/{world.affiliation.person_id}/affiliations", {"organisation": world.company.pk}
    )

    assert response.status == 409
    assert response.body["code"] == "duplicate"


@pytest.mark.parametrize("where", ["other route", "archived"])
def test_a_role_needs_an_active_organisation_of_the_callers_routes(world: World, coordinator: Any, where: str) -> None:
    if where == "other route":
        organisation = world.other_company
    else:
        organisation = OrganisationFactory(routes=[world.route])
        coordinator.post(f"/organisations/{organisation.pk}/archive")

    response = coordinator.post(
        f"/people/{world.affiliation.person_id}/affiliations", {"organisation": organisation.pk}
    )

    assert response.status == 404


def test_update_and_end_a_role(world: World, coordinator: Any) -> None:
    updated = coordinator.patch(f"/affiliations/{world.affiliation.pk}", {"function_title": "Directeur", "phone": ""})
    ended = coordinator.post(f"/affiliations/{world.affiliation.pk}/end")

    assert updated.status == 200 and (updated.body["function_title"], updated.body["phone"]) == ("Directeur", "")
    assert updated.body["email"] == world.affiliation.email
    assert ended.status == 200 and ended.body["ended_on"] is not None
    assert Affiliation.objects.get(pk=world.affiliation.pk).ended_on is not None


def test_ended_roles_show_on_the_person_not_in_the_list(world: World, coordinator: Any) -> None:
    coordinator.post(f"/affiliations/{world.affiliation.pk}/end")

    detail = coordinator.get(f"/people/{world.affiliation.person_id}").body
    listed = coordinator.get("/people", q="Anna").body["items"][0]

    assert [a["ended_on"] is not None for a in detail["affiliations"]] == [True]
    assert listed["affiliations"] == []


def test_a_person_without_roles_in_reach_is_not_found(world: World, coordinator: Any) -> None:
    loner = PersonFactory()

    assert coordinator.get(f"/people/{loner.pk}").status == 404
