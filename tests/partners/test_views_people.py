"""People pages per role: the people register is for staff; roles belong to organisations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.factories import AffiliationFactory
from tests.partners import forms
from tests.partners.html import field_error, parse
from verbinder.core.models import ActivityLog
from verbinder.partners import services
from verbinder.partners.models import Affiliation

pytestmark = pytest.mark.django_db

REGISTER = {"admin": 200, "coordinator": 200, "teacher": 200, "other_coordinator": 200, "anonymous": 302}
ROUTE_A_PERSON = {"admin": 200, "coordinator": 200, "teacher": 200, "anonymous": 302}
ROUTE_A_PERSON_EDIT = {**ROUTE_A_PERSON, "teacher": 403}
COMPANY_ROLE_EDIT = {
    "admin": 200, "coordinator": 200, "teacher": 403, "company_contact": 403, "workplace_supervisor": 403,
    "student": 403, "anonymous": 302,
}  # fmt: skip


def anna(world):
    return world.affiliation.person


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "target", "expected"),
    [
        ("partners:person-list", None, REGISTER),
        ("partners:person-detail", anna, ROUTE_A_PERSON),
        ("partners:person-edit", anna, ROUTE_A_PERSON_EDIT),
        ("partners:person-affiliation-add", anna, ROUTE_A_PERSON_EDIT),
        ("partners:affiliation-edit", lambda w: w.affiliation, COMPANY_ROLE_EDIT),
    ],
)
def test_people_pages_answer_each_persona(world, persona, name, target, expected):
    args = [target(world).pk] if target else []
    response = world.client_for(persona).get(reverse(name, args=args))
    assert response.status_code == expected.get(persona, 404)


@pytest.mark.parametrize("name", ["partners:person-archive", "partners:person-restore"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 302), ("coordinator", 302), ("teacher", 403), ("company_contact", 404), ("other_coordinator", 404)],
)
def test_archive_and_restore_a_person_per_persona(world, name, persona, status):
    response = world.client_for(persona).post(reverse(name, args=[anna(world).pk]))
    assert response.status_code == status


def test_person_page_shows_roles_and_field_level_history(world):
    services.person_update(person=anna(world), by=world.users["coordinator"], data={"first_name": "Anne"}, version=1)
    page = parse(world.client_for("teacher").get(reverse("partners:person-detail", args=[anna(world).pk])).content)
    roles = page.find("section", aria_labelledby="roles-heading")
    assert "Bakkerij De Korenaar" in roles.text and "+31 6 12345678" in roles.text
    history = page.find("section", aria_labelledby="history-heading")
    change = history.find("ul", class_="history-changes")
    assert change.find("del").text == "Anna" and change.find("ins").text == "Anne"
    assert "Coby Coördinator" in history.text
    assert page.find("a", href=reverse("partners:person-edit", args=[anna(world).pk])) is None


def test_person_edit_with_a_stale_version_is_told_and_saves_on_the_second_try(world):
    client = world.client_for("coordinator")
    person = anna(world)
    stale = forms.person_edit(person, last_name="de Vries-Jansen")
    services.person_update(person=person, by=world.users["admin"], data={"preferred_language": "en"}, version=1)
    url = reverse("partners:person-edit", args=[person.pk])
    response = client.post(url, stale)
    assert response.status_code == 200
    page = parse(response.content)
    assert page.by_id("stale-changes") is not None
    assert page.find("input", name="version").attrs["value"] == "2"
    person.refresh_from_db()
    assert person.last_name == "de Vries"
    assert client.post(url, {**stale, "version": 2}).status_code == 302
    person.refresh_from_db()
    assert (person.last_name, person.preferred_language, person.version) == ("de Vries-Jansen", "nl", 3)


def test_archive_then_restore_a_person(world):
    client = world.client_for("coordinator")
    person = anna(world)
    client.post(reverse("partners:person-archive", args=[person.pk]))
    person.refresh_from_db()
    assert person.archived_at is not None
    page = parse(client.get(reverse("partners:person-detail", args=[person.pk])).content)
    assert page.find("form", action=reverse("partners:person-restore", args=[person.pk])) is not None
    assert page.find("form", action=reverse("partners:person-archive", args=[person.pk])) is None
    client.post(reverse("partners:person-restore", args=[person.pk]))
    person.refresh_from_db()
    assert person.archived_at is None


def test_add_a_role_at_another_organisation(world):
    client = world.client_for("coordinator")
    url = reverse("partners:person-affiliation-add", args=[anna(world).pk])
    options = {o.text for o in parse(client.get(url).content).by_id("id_organisation").find_all("option")}
    assert "Brancheclub Techniek" in options
    assert "Bakkerij De Korenaar" not in options and "Zorgtechniek Oost" not in options
    response = client.post(
        url, {"organisation": world.branch.pk, "function_title": "Bestuurslid", "email": "anna@branche.nl", "phone": ""}
    )
    assert response.status_code == 302
    assert anna(world).affiliations.filter(organisation=world.branch, function_title="Bestuurslid").exists()


def test_add_a_role_at_an_organisation_out_of_reach_is_refused_on_the_field(world):
    response = world.client_for("coordinator").post(
        reverse("partners:person-affiliation-add", args=[anna(world).pk]),
        {"organisation": world.other_company.pk, "function_title": "Spion", "email": "", "phone": ""},
    )
    assert response.status_code == 200
    assert field_error(parse(response.content), "id_organisation")
    assert not anna(world).affiliations.filter(organisation=world.other_company).exists()


def test_end_a_role_from_the_person_page_returns_there(world):
    response = world.client_for("coordinator").post(
        reverse("partners:affiliation-end", args=[world.affiliation.pk]), {"back": "person"}
    )
    assert response["Location"] == reverse("partners:person-detail", args=[anna(world).pk])
    world.affiliation.refresh_from_db()
    assert world.affiliation.ended_on is not None


def test_edit_a_role_logs_the_old_and_new_value(world):
    response = world.client_for("coordinator").post(
        reverse("partners:affiliation-edit", args=[world.affiliation.pk]),
        {
            "function_title": "Directeur",
            "is_primary_contact": "on",
            "email": "Anna@Korenaar.nl",
            "phone": "030 1234567",
        },
    )
    assert response.status_code == 302
    entry = ActivityLog.objects.filter(action_type="partners.affiliation.updated").first()
    assert entry.changes["function_title"] == ["Eigenaar", "Directeur"]
    assert entry.changes["phone"] == ["+31 6 12345678", "+31 30 123 4567"]
    assert Affiliation.objects.get(pk=world.affiliation.pk).email == "anna@korenaar.nl"


def test_person_page_offers_role_actions_only_where_the_user_may_change_the_organisation(world):
    AffiliationFactory(person=anna(world), organisation=world.other_company)
    own = Affiliation.objects.get(person=anna(world), organisation=world.company)
    other = Affiliation.objects.get(person=anna(world), organisation=world.other_company)
    url = reverse("partners:person-detail", args=[anna(world).pk])
    page = parse(world.client_for("other_coordinator").get(url).content)
    assert page.find("a", href=reverse("partners:affiliation-edit", args=[other.pk])) is not None
    assert page.find("a", href=reverse("partners:affiliation-edit", args=[own.pk])) is None


def test_person_list_searches_and_links(world):
    page = parse(world.client_for("coordinator").get(reverse("partners:person-list") + "?q=vries").content)
    results = page.by_id("person-results")
    assert results.find("a", href=reverse("partners:person-detail", args=[anna(world).pk])) is not None
    assert "Bram" not in results.text
