"""A coordinator's main journey in a real browser, in Dutch: log in, register an organisation with a contact
person, find it, export it to Excel, and switch the interface to English and back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import UI
from verbinder.partners.models import Organisation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "Installatietechniek Van der Heijden B.V."
KVK = "69599084"


def xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    sheet = workbook.worksheets[0]
    rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def test_coordinator_registers_finds_and_exports_an_organisation(ui: UI, world, password, tmp_path):
    page = ui.page
    coordinator = world.users["coordinator"]

    ui.login(coordinator.email, password)
    expect(page).to_have_url(ui.url(reverse("partners:route-list")))
    expect(page.get_by_role("link", name="Ad Technische Bedrijfskunde")).to_be_visible()
    expect(page.get_by_text("Bachelor Zorg en Technologie")).to_have_count(0)

    # A new organisation, from the list page.
    with ui.navigation():
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Organisaties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisaties")
    with ui.navigation():
        page.get_by_role("button", name="Nieuwe organisatie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe organisatie")
    page.get_by_label("Naam").fill(NAME)
    page.get_by_label("Soort").select_option(label="Mkb-bedrijf")
    expect(page.get_by_role("checkbox", name=re.compile("Ad Technische Bedrijfskunde"))).to_be_checked()
    page.get_by_label("KVK-nummer").fill(KVK)
    page.get_by_label("Omvang").select_option(value="10-49")
    page.get_by_label("Straat en huisnummer").fill("Ravenswade 54")
    page.get_by_label("Postcode").fill("3439lD")
    page.get_by_label("Plaats").fill("Nieuwegein")
    page.get_by_label("Website").fill("vanderheijden-installatie.nl")
    with ui.navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.get_by_role("status")).to_contain_text(f"Organisatie {NAME} is aangemaakt.")
    expect(page.get_by_text("3439 LD Nieuwegein")).to_be_visible()

    # Its contact person.
    with ui.navigation():
        page.get_by_role("button", name="Contactpersoon toevoegen").click()
    page.get_by_label("Voornaam").fill("Femke")
    page.get_by_label("Achternaam").fill("van der Heijden")
    page.get_by_label("Functie").fill("Directeur-eigenaar")
    page.get_by_label("Eerste contactpersoon").check()
    page.get_by_label("E-mailadres").fill("Femke@VanDerHeijden-Installatie.nl")
    page.get_by_label("Telefoon").fill("06 12345678")
    with ui.navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    people = page.get_by_role("region", name="Contactpersonen")
    row = people.get_by_role("row", name=re.compile("Femke van der Heijden"))
    expect(row).to_contain_text("Directeur-eigenaar")
    expect(row).to_contain_text("femke@vanderheijden-installatie.nl")
    expect(row).to_contain_text("+31 6 12345678")

    # Found by search on the organisation list (the list updates in place).
    with ui.navigation():
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Organisaties").click()
    page.get_by_label("Zoeken").fill("van der heijden")
    page.get_by_role("button", name="Zoeken").click()
    results = page.locator("#organisation-results")
    expect(results.get_by_role("link", name=NAME)).to_be_visible()
    expect(results.get_by_role("link", name=world.company.name)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]q=van"))
    ui.check()

    # The export holds the filtered list: the new organisation, nothing from another route.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Exporteren naar Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    rows = xlsx_rows(target)
    matches = [row for row in rows if NAME in row]
    assert len(matches) == 1, rows
    assert KVK in matches[0]
    assert "Nieuwegein" in matches[0]
    name_column = rows[0].index("Naam")
    names = {row[name_column] for row in rows[1:]}
    assert world.other_company.name not in names
    assert world.company.name not in names, f"the export ignores the search: it came from {download.url}"

    organisation = Organisation.objects.get(kvk_number=KVK)
    assert organisation.postcode == "3439 LD"
    assert list(organisation.routes.all()) == [world.route]

    # English and back: the switch keeps the page and remembers the choice.
    with ui.navigation():
        page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    expect(page.get_by_role("button", name="Search")).to_be_visible()
    with ui.navigation():
        page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Routes").click()
    expect(page).to_have_url(ui.url(reverse("partners:route-list")))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    coordinator.refresh_from_db()
    assert coordinator.language == "en"
    with ui.navigation():
        page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page).to_have_url(ui.url(reverse("partners:route-list")))
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Organisaties")).to_be_visible()
    coordinator.refresh_from_db()
    assert coordinator.language == "nl"
