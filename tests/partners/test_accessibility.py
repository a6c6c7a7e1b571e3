"""Accessibility basics of every registry page, checked in the HTML: one <h1>, unique ids, labelled fields,
header cells with a scope, references that resolve, and errors tied to their fields. (The browser tests run
axe-core on the main journeys as well.)"""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from tests.partners import forms
from tests.partners.html import Element, parse
from verbinder.accounts.models import RoleAssignment
from verbinder.partners import services

pytestmark = pytest.mark.django_db

LABELLED_INPUTS_EXEMPT = {"hidden", "submit", "button", "reset"}


def problems(page: Element) -> list[str]:
    found: list[str] = []
    h1s = page.find_all("h1")
    if len(h1s) != 1:
        found.append(f"{len(h1s)} h1 elements")
    if not page.find("html").attrs.get("lang"):
        found.append("no lang on <html>")
    ids = Counter(element.attrs["id"] for element in page.iter() if "id" in element.attrs)
    found += [f"duplicate id {element_id}" for element_id, number in ids.items() if number > 1]
    labels_for = {label.attrs.get("for") for label in page.find_all("label")}
    for control in page.iter():
        if control.tag not in {"input", "select", "textarea"}:
            continue
        if control.tag == "input" and control.attrs.get("type", "text") in LABELLED_INPUTS_EXEMPT:
            continue
        labelled = (
            control.attrs.get("id") in labels_for
            or control.attrs.get("aria-label")
            or control.attrs.get("aria-labelledby")
            or any(ancestor.tag == "label" for ancestor in control.ancestors())
        )
        if not labelled:
            found.append(f"unlabelled {control.tag} name={control.attrs.get('name')}")
        if control.attrs.get("aria-invalid") == "true":
            described = control.attrs.get("aria-describedby", "").split()
            if not any(ref.endswith("_error") and ids[ref] for ref in described):
                found.append(f"error of {control.attrs.get('name')} not tied to the field")
    for th in page.find_all("th"):
        if th.attrs.get("scope") not in {"col", "row"}:
            found.append(f"<th> without scope: {th.text[:30]}")
    for element in page.iter():
        for attribute in ("aria-labelledby", "aria-describedby", "for"):
            for ref in element.attrs.get(attribute, "").split():
                if not ids[ref]:
                    found.append(f"{attribute}={ref} points nowhere")
    for button in page.find_all("button"):
        if not button.text and not button.attrs.get("aria-label"):
            found.append("button without a name")
    for link in page.find_all("a"):
        if not link.text and not link.attrs.get("aria-label"):
            found.append(f"link without a name: {link.attrs.get('href')}")
    return found


def check(client, url: str, method: str = "get", data=None) -> None:
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, url
    assert problems(parse(response.content)) == [], url


def test_coordinator_pages(world):
    services.organisation_update(organisation=world.company, by=world.users["coordinator"],
                                 data={"city": "Houten", "has_hr_staff": True}, version=1)  # fmt: skip
    client = world.client_for("coordinator")
    person = world.affiliation.person
    for url in [
        reverse("partners:route-list"),
        reverse("partners:route-detail", args=[world.route.pk]),
        reverse("partners:route-edit", args=[world.route.pk]),
        reverse("partners:organisation-list"),
        reverse("partners:organisation-list") + "?q=niets-te-vinden",
        reverse("partners:organisation-create"),
        reverse("partners:organisation-detail", args=[world.company.pk]),
        reverse("partners:organisation-detail", args=[world.branch.pk]),
        reverse("partners:organisation-edit", args=[world.company.pk]),
        reverse("partners:organisation-person-create", args=[world.company.pk]),
        reverse("partners:relationship-create", args=[world.company.pk]),
        reverse("partners:person-list"),
        reverse("partners:person-detail", args=[person.pk]),
        reverse("partners:person-edit", args=[person.pk]),
        reverse("partners:person-affiliation-add", args=[person.pk]),
        reverse("partners:affiliation-edit", args=[world.affiliation.pk]),
    ]:
        check(client, url)


def test_admin_pages(world):
    client = world.client_for("admin")
    for url in [
        reverse("partners:route-create"),
        reverse("partners:route-staff", args=[world.route.pk]),
        reverse("partners:organisation-detail", args=[world.company.pk]),
        reverse("partners:organisation-list") + "?archived=on&sort=-size",
    ]:
        check(client, url)


def test_pages_with_errors_tie_each_error_to_its_field(world):
    client = world.client_for("coordinator")
    bad_organisation = forms.new_organisation(
        world.route.pk, name="Bakkerij de Korenaar", city="Utrecht", kvk_number="123", postcode="1", sbi_codes="9"
    )
    check(client, reverse("partners:organisation-create"), "post", bad_organisation)
    duplicate_only = {**bad_organisation, "kvk_number": "", "postcode": "", "sbi_codes": ""}
    check(client, reverse("partners:organisation-create"), "post", duplicate_only)
    check(client, reverse("partners:organisation-create"), "post", {"routes": []})
    check(
        client,
        reverse("partners:organisation-person-create", args=[world.company.pk]),
        "post",
        forms.new_person(**{"affiliation-phone": "1", "affiliation-email": "x", "person-first_name": ""}),
    )
    check(client, reverse("partners:relationship-create", args=[world.company.pk]), "post", {"kind": "x"})
    check(
        client,
        reverse("partners:person-affiliation-add", args=[world.affiliation.person.pk]),
        "post",
        {"organisation": "", "phone": "abc"},
    )
    stale = forms.organisation_edit(world.company, postcode="12")
    services.organisation_update(organisation=world.company, by=None, data={"city": "Zeist"}, version=1)
    check(client, reverse("partners:organisation-edit", args=[world.company.pk]), "post", stale)
    check(client, reverse("partners:organisation-edit", args=[world.company.pk]), "post", {**stale, "postcode": ""})
    admin = world.client_for("admin")
    check(admin, reverse("partners:route-create"), "post", {"croho_code": "1"})
    check(admin, reverse("partners:route-staff", args=[world.route.pk]), "post", {"email": "nieuw@example.nl"})


def test_external_pages(world):
    client = world.client_for("company_contact")
    check(client, reverse("portal:home"))
    check(client, reverse("partners:organisation-detail", args=[world.company.pk]))


def test_route_staff_page_without_staff(world):
    RoleAssignment.objects.filter(route=world.route).delete()
    check(world.client_for("admin"), reverse("partners:route-staff", args=[world.route.pk]))


def test_the_checker_finds_problems():
    page = parse(
        '<html><body><h1>a</h1><h1>b</h1><p id="x"></p><p id="x"></p><input name="q">'
        '<table><tr><th>kop</th></tr></table><select name="s" aria-invalid="true"></select>'
        '<label for="nergens">x</label><button></button></body></html>'
    )
    assert problems(page) == [
        "2 h1 elements",
        "no lang on <html>",
        "duplicate id x",
        "unlabelled input name=q",
        "unlabelled select name=s",
        "error of s not tied to the field",
        "<th> without scope: kop",
        "for=nergens points nowhere",
        "button without a name",
    ]
