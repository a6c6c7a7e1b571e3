"""Making contact, the issue's main journey in a real browser and in Dutch: a coordinator logs a presentation at
an employers' meeting, quick-adds two leads from it, moves one to "intake planned" on the board, logs a phone
call with a follow-up for tomorrow and sees the funnel change; the next morning's follow-up e-mail reaches a real
SMTP server exactly once, even when the digest task runs twice."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import UI
from verbinder.outreach.enums import Source, Stage
from verbinder.outreach.models import FollowUp, Interaction, OutreachActivity, PipelineEntry
from verbinder.outreach.tasks import follow_up_digest
from verbinder.partners.models import Organisation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LEADS = ("Koeltechniek Brouwer B.V.", "Montagebedrijf Yilmaz")


def funnel_count(ui: UI, route_pk: int, stage: str) -> str:
    ui.visit(reverse("outreach:growth", args=[route_pk]))
    return ui.page.locator(f"#funnel-table tr[data-stage={stage}] td").inner_text().strip()


def test_coordinator_turns_a_presentation_into_leads_and_a_follow_up(ui: UI, world, password, smtp_server):
    page = ui.page
    route = world.route
    coordinator = world.users["coordinator"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    ui.login(coordinator.email, password)
    assert funnel_count(ui, route.pk, Stage.INTAKE_PLANNED) == "0"

    # The presentation at an employers' meeting, from the route's page.
    ui.visit(reverse("partners:route-detail", args=[route.pk]))
    with ui.navigation():
        page.get_by_role("link", name="Wervingsactiviteiten").click()
    with ui.navigation():
        page.get_by_role("button", name="Nieuwe activiteit").click()
    page.get_by_label("Soort").select_option(label="Presentatie op een werkgeversbijeenkomst")
    page.get_by_label("Titel").fill("Ondernemersontbijt Techniek")
    page.get_by_label("Gastorganisatie").select_option(label=world.branch.name)
    page.get_by_label("Publiek").fill("Installateurs uit de regio")
    with ui.navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ondernemersontbijt Techniek")
    activity = OutreachActivity.objects.get(title="Ondernemersontbijt Techniek")

    # Two leads in a row, each with a contact person; the list updates in place.
    for name, (first, last) in zip(LEADS, (("Sanne", "Brouwer"), ("Emre", "Yilmaz")), strict=True):
        page.get_by_label("Naam organisatie").fill(name)
        page.get_by_label("Plaats").fill("Utrecht")
        page.get_by_label("Voornaam").fill(first)
        page.get_by_label("Achternaam").fill(last)
        page.get_by_role("button", name="Lead toevoegen").click()
        expect(page.locator("#leads-panel")).to_contain_text(name)
    ui.check()
    leads = {entry.organisation.name: entry for entry in PipelineEntry.objects.filter(source_activity=activity)}
    assert set(leads) == set(LEADS)
    assert {entry.source for entry in leads.values()} == {Source.EMPLOYERS_MEETING}
    lead = Organisation.objects.get(name=LEADS[0])

    # On the board: the first lead to "intake planned" with its stage menu.
    ui.visit(reverse("partners:route-detail", args=[route.pk]))
    with ui.navigation():
        page.get_by_role("link", name="Pijplijnbord").click()
    page.get_by_label(f"{lead.name} verplaatsen naar").select_option(label="Kennismaking gepland")
    page.locator(f"#card-{lead.pk} form.move-form button").click()
    expect(page.locator(f"section[data-stage=intake_planned] #card-{lead.pk}")).to_be_visible()
    ui.check()
    assert PipelineEntry.objects.get(organisation=lead, route=route).stage == Stage.INTAKE_PLANNED

    # A phone call with a follow-up for tomorrow, from the organisation's page (the form opens in place).
    ui.visit(reverse("partners:organisation-detail", args=[lead.pk]))
    page.get_by_role("button", name="Contactmoment vastleggen").click()
    page.get_by_label("Soort contact").select_option(label="Telefoongesprek")
    page.get_by_role("textbox", name="Notities").fill("Gebeld: ze willen een **werkvoorbereider**.")
    page.get_by_label("Opvolgactie: wat").fill("Kennismaking bevestigen")
    page.get_by_label("Opvolgactie: wie").select_option(label=coordinator.name)
    page.get_by_label("Opvolgactie: uiterste datum").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Contactmoment opslaan").click()
    expect(page.get_by_text("Contactmoment opgeslagen.")).to_be_visible()
    ui.check()
    assert Interaction.objects.get(organisation=lead).kind == "phone"
    follow_up = FollowUp.objects.get(organisation=lead)
    assert (follow_up.assignee, follow_up.due_on) == (coordinator, tomorrow)

    # The funnel counts the move.
    assert funnel_count(ui, route.pk, Stage.INTAKE_PLANNED) == "1"

    # Tomorrow morning: one e-mail, even when the scheduled task runs twice.
    follow_up_digest.enqueue(day=tomorrow.isoformat())
    follow_up_digest.enqueue(day=tomorrow.isoformat())
    messages = smtp_server.to(coordinator.email)
    assert len(messages) == 1
    assert "Kennismaking bevestigen" in smtp_server.text_of(messages[0])
