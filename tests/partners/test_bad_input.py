"""Bad input through the pages: a message on the field concerned, in the user's language, and nothing saved.
HTML and script in every text field are stored as text and shown escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.partners import forms
from tests.partners.html import field_error, parse
from verbinder.core.models import ActivityLog
from verbinder.partners.enums import RelationshipKind
from verbinder.partners.models import Affiliation, Organisation, Person, Relationship, Route

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script>'
IMAGE = '"><img src=x onerror=alert(1)>'


def snapshot() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Organisation, Person, Affiliation, Relationship, Route, ActivityLog))


def assert_refused_on(response, field_id: str, before: tuple[int, ...]) -> None:
    assert response.status_code == 200
    page = parse(response.content)
    assert field_error(page, field_id), f"no error tied to #{field_id}"
    assert page.find("html").attrs["lang"] == "nl"
    assert response["Content-Language"] == "nl"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kvk_number", "1234567"),
        ("kvk_number", "12345678a"),
        ("kvk_number", "KVK 12345678"),
        ("establishment_number", "12345"),
        ("postcode", "12345"),
        ("postcode", "1234 SS"),
        ("postcode", "0123 AB"),
        ("sbi_codes", "62"),
        ("sbi_codes", "6201 abc"),
        ("website", "javascript:alert(1)"),
        ("website", "http://"),
        ("name", "   "),
        ("kind", "sekte"),
        ("size_class", "1000+"),
    ],
)
def test_organisation_create_refuses_malformed_values(world, field, value):
    before = snapshot()
    response = world.client_for("coordinator").post(
        reverse("partners:organisation-create"), forms.new_organisation(world.route.pk, **{field: value})
    )
    assert_refused_on(response, f"id_{field}", before)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("affiliation-phone", "12345"),
        ("affiliation-phone", "+31 6 1234"),
        ("affiliation-phone", "bel me"),
        ("affiliation-email", "noor@"),
        ("affiliation-email", "noor bakker@bedrijf.nl"),
        ("person-first_name", ""),
        ("person-preferred_language", "de"),
    ],
)
def test_person_create_refuses_malformed_values(world, field, value):
    before = snapshot()
    response = world.client_for("coordinator").post(
        reverse("partners:organisation-person-create", args=[world.company.pk]), forms.new_person(**{field: value})
    )
    assert_refused_on(response, f"id_{field}", before)


ORGANISATION_TEXT_FIELDS = ["name", "street", "city", "notes", "kvk_number", "sbi_codes", "postcode"]
PERSON_TEXT_FIELDS = ["person-first_name", "person-last_name", "affiliation-function_title", "affiliation-phone"]


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x1b", "\x7f", "\u202e"])
@pytest.mark.parametrize("field", ORGANISATION_TEXT_FIELDS)
def test_organisation_create_refuses_control_characters_in_every_text_field(world, field, char):
    before = snapshot()
    data = forms.new_organisation(world.route.pk)
    data[field] = f"{data[field] or 'Tekst'}{char}"
    response = world.client_for("coordinator").post(reverse("partners:organisation-create"), data)
    assert_refused_on(response, f"id_{field}", before)


@pytest.mark.parametrize("field", ["name", "street", "city"])
def test_organisation_create_refuses_line_breaks_in_single_line_fields(world, field):
    before = snapshot()
    data = forms.new_organisation(world.route.pk, **{field: "Eerste\nTweede"})
    response = world.client_for("coordinator").post(reverse("partners:organisation-create"), data)
    assert_refused_on(response, f"id_{field}", before)


def test_notes_keep_their_line_breaks(world):
    data = forms.new_organisation(world.route.pk, notes="- een\r\n- twee")
    world.client_for("coordinator").post(reverse("partners:organisation-create"), data)
    assert Organisation.objects.get(name="Metaalwerk Zuid").notes == "- een\r\n- twee"


@pytest.mark.parametrize("field", PERSON_TEXT_FIELDS)
def test_person_create_refuses_control_characters_in_every_text_field(world, field):
    before = snapshot()
    data = forms.new_person()
    data[field] = f"{data[field]}\x1b"
    response = world.client_for("coordinator").post(
        reverse("partners:organisation-person-create", args=[world.company.pk]), data
    )
    assert_refused_on(response, f"id_{field}", before)


def test_relationship_note_refuses_control_characters(world):
    before = snapshot()
    response = world.client_for("coordinator").post(
        reverse("partners:relationship-create", args=[world.company.pk]),
        {"kind": RelationshipKind.WORKS_WITH, "target": world.branch.pk, "note": "Samen\x00"},
    )
    assert_refused_on(response, "id_note", before)


def test_route_fields_refuse_control_characters(world):
    before = snapshot()
    data = {"programme_name": "Ad\x1b", "degree_type": "ad", "croho_code": "80123", "croho_area": "techniek",
            "hogeschool": "HS", "start_year": "2026"}  # fmt: skip
    response = world.client_for("admin").post(reverse("partners:route-create"), data)
    assert_refused_on(response, "id_programme_name", before)


def test_person_edit_refuses_bad_input_and_keeps_the_version(world):
    person = world.affiliation.person
    before = snapshot()
    response = world.client_for("coordinator").post(
        reverse("partners:person-edit", args=[person.pk]), forms.person_edit(person, last_name="Vries\x07")
    )
    assert_refused_on(response, "id_last_name", before)
    person.refresh_from_db()
    assert (person.last_name, person.version) == ("de Vries", 1)


@pytest.mark.parametrize(("field", "value"), [("phone", "0612"), ("email", "anna@@korenaar")])
def test_affiliation_edit_refuses_bad_input(world, field, value):
    before = snapshot()
    data = {"function_title": "Eigenaar", "email": "anna@korenaar.nl", "phone": "", field: value}
    response = world.client_for("coordinator").post(
        reverse("partners:affiliation-edit", args=[world.affiliation.pk]), data
    )
    assert_refused_on(response, f"id_{field}", before)


def test_organisation_edit_refuses_a_malformed_postcode_and_keeps_the_version(world):
    before = snapshot()
    response = world.client_for("coordinator").post(
        reverse("partners:organisation-edit", args=[world.company.pk]),
        forms.organisation_edit(world.company, postcode="9999"),
    )
    assert_refused_on(response, "id_postcode", before)
    world.company.refresh_from_db()
    assert (world.company.postcode, world.company.version) == ("1234 AB", 1)


def test_the_version_field_cannot_be_left_out_or_forged(world):
    data = forms.organisation_edit(world.company, city="Nergens")
    del data["version"]
    client = world.client_for("coordinator")
    response = client.post(reverse("partners:organisation-edit", args=[world.company.pk]), data)
    assert response.status_code == 200
    response = client.post(reverse("partners:organisation-edit", args=[world.company.pk]), {**data, "version": "x"})
    assert response.status_code == 200
    world.company.refresh_from_db()
    assert world.company.city == "Utrecht"


# HTML and script: stored as text, shown escaped everywhere.


def test_html_in_every_text_field_is_stored_as_text_and_escaped_on_every_page(world):
    admin = world.client_for("admin")
    coordinator = world.client_for("coordinator")
    admin.post(
        reverse("partners:route-edit", args=[world.route.pk]),
        {"programme_name": f"Route {SCRIPT}", "degree_type": "ad", "croho_code": world.route.croho_code,
         "croho_area": "techniek", "hogeschool": f"HS {IMAGE}", "start_year": "2026"},
    )  # fmt: skip
    coordinator.post(
        reverse("partners:organisation-create"),
        forms.new_organisation(world.route.pk, name=f"Org {SCRIPT}", street=f"Straat {IMAGE}", city=f"Stad {SCRIPT}",
                               notes=f"Notitie {SCRIPT} {IMAGE} [klik](javascript:alert(1))"),
    )  # fmt: skip
    organisation = Organisation.objects.get(name=f"Org {SCRIPT}")
    assert organisation.city == f"Stad {SCRIPT}"
    coordinator.post(
        reverse("partners:organisation-person-create", args=[organisation.pk]),
        forms.new_person(**{"person-first_name": f"Voor {SCRIPT}", "person-last_name": f"Achter {IMAGE}",
                            "affiliation-function_title": f"Functie {SCRIPT}"}),
    )  # fmt: skip
    person = Person.objects.get(first_name=f"Voor {SCRIPT}")
    coordinator.post(
        reverse("partners:relationship-create", args=[organisation.pk]),
        {"kind": RelationshipKind.WORKS_WITH, "target": world.company.pk, "note": f"Noot {SCRIPT}"},
    )
    assert Relationship.objects.get(source=organisation).note == f"Noot {SCRIPT}"

    pages = [
        reverse("partners:route-list"),
        reverse("partners:route-detail", args=[world.route.pk]),
        reverse("partners:organisation-list") + "?q=Org",
        reverse("partners:organisation-list") + "?q=" + SCRIPT,
        reverse("partners:organisation-detail", args=[organisation.pk]),
        reverse("partners:organisation-detail", args=[world.company.pk]),
        reverse("partners:organisation-edit", args=[organisation.pk]),
        reverse("partners:person-list"),
        reverse("partners:person-detail", args=[person.pk]),
        reverse("partners:person-edit", args=[person.pk]),
    ]
    for url in pages:
        response = coordinator.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "<script>alert" not in content, url
        assert "<img src=x" not in content and "onerror=alert" not in content.replace("onerror=alert(1)&gt;", ""), url
        assert 'href="javascript' not in content, url
    detail = coordinator.get(reverse("partners:organisation-detail", args=[organisation.pk])).content.decode()
    assert "Org &lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in detail
    notes = parse(detail).find("div", class_="notes")
    assert notes.find("script") is None and notes.find("img") is None
    assert all(not a.attrs.get("href", "").startswith("javascript") for a in notes.find_all("a"))
