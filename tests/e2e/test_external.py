"""A company contact in a real browser: logs in with a code sent by e-mail over real SMTP, and sees their own
organisation and nothing of anyone else's."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import UI

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CODE_RE = re.compile(r"^\s*([A-Z0-9]{4,}(?:-[A-Z0-9]{4,})*)\s*$", re.MULTILINE)


def test_company_contact_logs_in_by_code_and_sees_only_own_organisation(ui: UI, world, smtp_server):
    page = ui.page
    contact = world.users["company_contact"]

    # Login by code: ask for it on the login page, read it from the mail, type it in.
    ui.visit(reverse("account_login"))
    with ui.navigation():
        page.get_by_role("link", name="Stuur mij een inlogcode").click()
    page.get_by_label("E-mailadres").fill(contact.email)
    with ui.navigation():
        page.get_by_role("button", name="Code aanvragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inlogcode invullen")
    messages = smtp_server.to(contact.email)
    assert len(messages) == 1, [m["Subject"] for m in smtp_server.messages]
    assert "Inlogcode" in str(messages[0]["Subject"])
    found = CODE_RE.search(smtp_server.text_of(messages[0]))
    assert found, smtp_server.text_of(messages[0])
    page.get_by_label("Code").fill(found.group(1))
    with ui.navigation():
        page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(ui.url(reverse("portal:home")))

    # The portal lists their own organisation only.
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Carla")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=world.company.name, exact=True)).to_be_visible()
    expect(main.locator("#organisations").get_by_role("listitem")).to_have_count(1)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Mijn organisatie")).to_be_visible()
    expect(nav.get_by_role("link", name="Organisaties")).to_have_count(0)

    # Its page shows the contact persons, not the hogeschool's internal notes, routes or history.
    with ui.navigation():
        main.get_by_role("link", name=world.company.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.company.name)
    people = page.get_by_role("region", name="Contactpersonen")
    expect(people.get_by_role("row", name=re.compile("Anna de Vries"))).to_be_visible()
    expect(page.get_by_role("heading", name="Notities")).to_have_count(0)
    expect(page.get_by_text("Geheime notitie A")).to_have_count(0)
    expect(page.get_by_role("button", name="Bewerken")).to_have_count(0)
    expect(page.get_by_role("link", name="Bram Outsider")).to_have_count(0)

    # Another organisation, and the registry's list: not found, as if they did not exist.
    ui.visit(reverse("partners:organisation-detail", args=[world.other_company.pk]), status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    expect(page.get_by_text(world.other_company.name)).to_have_count(0)
    ui.visit(reverse("partners:organisation-list"), status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    expect(page.get_by_text(world.company.name)).to_have_count(0)
