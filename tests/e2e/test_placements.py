"""Placements, the issue's main journey in a real browser and in Dutch: a company contact offers a learning
workplace in the portal; the coordinator approves it and proposes a student; the company and the student both
accept through the links e-mailed to them (read from a real SMTP server); later the coordinator adds a second host
company, splitting 3 and 1 days, and each company's contact sees the shared placement in the portal with their
own workplace supervisor and not the other's."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import UI
from tests.factories import AffiliationFactory, OrganisationFactory, UserFactory, assign
from tests.factories.placements import StudentFactory
from verbinder.accounts.enums import Role
from verbinder.placements.enums import MatchStatus, PlacementStatus, WorkplaceStatus
from verbinder.placements.models import MatchProposal, Placement, Workplace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://[^\s\"<>]+/placements/a/[^\s\"<>/]+/")


def link_in(smtp_server, email: str) -> str:
    messages = smtp_server.to(email)
    assert messages, f"no e-mail reached {email}"
    found = LINK.findall(smtp_server.text_of(messages[-1]))
    assert found, smtp_server.text_of(messages[-1])
    return found[-1]


def log_in_as(ui: UI, email: str, password: str) -> None:
    ui.page.context.clear_cookies()
    ui.login(email, password)


def test_offer_approve_match_accept_by_link_and_share(ui: UI, world, password, smtp_server, settings):
    settings.SITE_URL = ui.base_url  # the e-mailed links point at this test's server
    page = ui.page
    route = world.route
    start = datetime.date.today() + datetime.timedelta(days=30)
    end = start.replace(year=start.year + 2)
    contact = world.users["company_contact"]
    coordinator = world.users["coordinator"]
    first_supervisor = world.affiliation
    second_company = OrganisationFactory(name="Installatiebedrijf Noord", routes=[route])
    second_contact = assign(UserFactory(name="Dirk Tweede"), Role.COMPANY_CONTACT, organisation=second_company)
    second_supervisor = AffiliationFactory(
        organisation=second_company, person__first_name="Mila", person__last_name="Begeleider"
    )
    student = StudentFactory(route=route, first_name="Lotte", last_name="Jansen", email="lotte@student.example.nl")

    # The company contact offers a learning workplace in the portal.
    log_in_as(ui, contact.email, password)
    ui.visit(reverse("portal:home"))
    with ui.navigation():
        page.get_by_role("link", name=f"Leerwerkplekken en studenten van {world.company.name}").click()
    with ui.navigation():
        page.locator("#offer-workplace").click()
    page.get_by_label("Titel").fill("Monteur in opleiding")
    page.get_by_label("Taken").fill("Meewerken aan **installaties**.")
    page.get_by_label("Uren per week").fill("32")
    page.get_by_label("Startdatum").fill(start.isoformat())
    with ui.navigation():
        page.get_by_role("button", name="Leerwerkplek aanbieden").click()
    workplace = Workplace.objects.get(title="Monteur in opleiding")
    assert workplace.status == WorkplaceStatus.PROPOSED
    assert smtp_server.to(coordinator.email), "the coordinator hears of the offer"

    # The coordinator approves it and proposes the student on the matching page.
    log_in_as(ui, coordinator.email, password)
    ui.visit(reverse("placements:workplace-list", args=[route.pk]))
    with ui.navigation():
        page.get_by_role("link", name="Monteur in opleiding").click()
    with ui.navigation():
        page.get_by_role("button", name="Goedkeuren").click()
    workplace.refresh_from_db()
    assert workplace.status == WorkplaceStatus.OPEN
    with ui.navigation():
        page.get_by_role("navigation", name="Plaatsingen").get_by_role("link", name="Matchen").click()
    expect(page.locator("#match-workplaces")).to_contain_text("Monteur in opleiding")
    expect(page.locator("#match-students")).to_contain_text("Lotte Jansen")
    with ui.navigation():
        page.get_by_role("link", name="Student voorstellen").first.click()
    page.get_by_label("Student:", exact=True).select_option(value=str(student.pk))
    page.get_by_label("Startdatum").fill(start.isoformat())
    page.get_by_label("Einddatum").fill(end.isoformat())
    page.get_by_label("Werktijd per week").fill("4")
    page.get_by_label("Praktijkbegeleider").select_option(value=str(first_supervisor.pk))
    with ui.navigation():
        page.get_by_role("button", name="Voorstel versturen").click()
    proposal = MatchProposal.objects.get(student=student)

    # Both accept through their e-mailed links, without logging in.
    page.context.clear_cookies()
    ui.page.goto(link_in(smtp_server, contact.email))
    ui.check()
    page.get_by_label("Je naam").fill("Carla Contact")
    with ui.navigation():
        page.get_by_role("button", name="Accepteren").click()
    student_link = link_in(smtp_server, student.email)
    ui.page.goto(student_link)
    ui.check()
    with ui.navigation():
        page.get_by_role("button", name="Accepteren").click()
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.ACCEPTED
    placement = Placement.objects.get(student=student)
    assert placement.status == PlacementStatus.ACTIVE
    # A link works once.
    response = ui.page.goto(student_link)
    assert response is not None and response.status == 410

    # Later: the coordinator adds a second host company, 3 and 1 days.
    log_in_as(ui, coordinator.email, password)
    ui.visit(reverse("placements:placement-detail", args=[placement.pk]))
    with ui.navigation():
        page.get_by_role("button", name="Tweede bedrijf toevoegen").click()
    page.get_by_label("Bedrijf:", exact=True).select_option(label=second_company.name)
    page.get_by_label("Deel van dit bedrijf").fill("1")
    page.get_by_label(f"Nieuw deel van {world.company.name}").fill("3")
    expect(page.get_by_label("Praktijkbegeleider")).to_contain_text(second_supervisor.person.full_name)
    page.get_by_label("Praktijkbegeleider").select_option(value=str(second_supervisor.pk))
    page.get_by_label("Datum").fill((start + datetime.timedelta(days=60)).isoformat())
    page.get_by_label("Reden").fill("Het bedrijf is te klein voor vier dagen.")
    with ui.navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Gedeelde plaatsing").first).to_be_visible()
    placement.refresh_from_db()
    assert placement.is_shared
    shares = {host.organisation_id: host.share for host in placement.hosts.filter(is_current=True)}
    assert shares == {world.company.pk: Decimal(3), second_company.pk: Decimal(1)}

    # Each company's contact sees the shared placement with their own supervisor, not the other's.
    for user, own, other in (
        (contact, first_supervisor.person.full_name, second_supervisor.person.full_name),
        (second_contact, second_supervisor.person.full_name, first_supervisor.person.full_name),
    ):
        log_in_as(ui, user.email, password)
        ui.visit(reverse("portal:placement", args=[placement.pk]))
        expect(page.locator("main")).to_contain_text("Lotte Jansen")
        expect(page.locator("span[data-shared-with]")).to_be_visible()
        expect(page.locator("main")).to_contain_text(own)
        expect(page.locator("main")).not_to_contain_text(other)
