"""Agreements, the issue's journey in a real browser and in Dutch: the coordinator draws up the tripartite
agreement of a shared placement (four parties) and sends it for signature in the set order; the student and the
two companies' contacts sign through the links e-mailed to them (read from a real SMTP server), without an
account, the student on a phone's screen; the coordinator signs last, logged in; all four receive the signed
PDF; the board shows it as signed and the company contact finds it in the portal."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.agreements.agreement_helpers import shared_placement
from tests.e2e.conftest import PHONE, UI
from verbinder.agreements.enums import AgreementStatus, Party, SignedVia, SignerStatus
from verbinder.agreements.models import Agreement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://[^\s\"<>]+/agreements/sign/[^\s\"<>/]+/")


def link_in(smtp_server, email: str) -> str:
    messages = smtp_server.to(email)
    assert messages, f"no e-mail reached {email}"
    found = LINK.findall(smtp_server.text_of(messages[-1]))
    assert found, smtp_server.text_of(messages[-1])
    return found[-1]


def log_in_as(ui: UI, email: str, password: str) -> None:
    ui.page.context.clear_cookies()
    ui.login(email, password)


def read_and_sign(ui: UI, name: str) -> None:
    """On the signing page: the PDF behind the link is the one whose fingerprint the page shows; type the name,
    confirm, sign."""
    page = ui.page
    href = page.get_by_role("link", name="Open de overeenkomst (pdf)").get_attribute("href")
    assert href
    pdf = page.request.get(ui.url(href))  # the browser's own cookies: only this browser may read it
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    page.get_by_label("Je volledige naam").fill(name)
    page.get_by_label("Ik heb de overeenkomst (pdf) gelezen").check()
    with ui.navigation():
        page.get_by_role("button", name="Overeenkomst ondertekenen").click()
    expect(page.locator("#sign-result")).to_contain_text("Dank je wel")


def test_four_parties_sign_a_shared_placements_agreement(ui: UI, world, password, smtp_server, settings):
    settings.SITE_URL = ui.base_url  # the e-mailed links point at this test's server
    page = ui.page
    shared = shared_placement(world)
    coordinator = world.users["coordinator"]
    contact = world.users["company_contact"]

    # The coordinator draws up the agreement from the placement's page and sends it in the set order.
    log_in_as(ui, coordinator.email, password)
    ui.visit(reverse("placements:placement-detail", args=[shared.placement.pk]))
    with ui.navigation():
        page.get_by_role("button", name="Overeenkomst opstellen").click()
    agreement = Agreement.objects.get(placement=shared.placement)
    assert agreement.status == AgreementStatus.DRAFT
    expect(page.locator("#agreement-signers")).to_contain_text("Henk Hamer")  # the second company's contact
    page.locator('#send-form input[value="sequential"]').check()  # the student first, the programme last
    with ui.navigation():
        page.locator("#send-form").get_by_role("button").click()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SENT and agreement.document_sha256
    signers = {signer.party: signer for signer in agreement.signers.all()}

    # The student, then the company, then the second company sign through their links, without an account.
    for party in (Party.STUDENT, Party.COMPANY, Party.SECOND_COMPANY):
        signer = signers[party]
        page.context.clear_cookies()
        link = link_in(smtp_server, signer.email)
        desktop = page.viewport_size
        if party == Party.STUDENT:
            page.set_viewport_size(PHONE)
        page.goto(link)
        ui.check()
        assert "/agreements/sign/" in page.url and link.rsplit("/", 2)[-2] not in page.url  # the token is gone
        expect(page.locator("#document-sha256")).to_have_text(agreement.document_sha256)
        # The page fits the screen: the fingerprint breaks, the signers' table scrolls within its own box.
        ui.assert_fits()
        read_and_sign(ui, signer.name)
        if desktop:
            page.set_viewport_size(desktop)
        # A link works once.
        response = page.goto(link)
        assert response is not None and response.status == 410
        ui.check()

    # The coordinator signs last, logged in.
    log_in_as(ui, coordinator.email, password)
    ui.visit(reverse("agreements:agreement-detail", args=[agreement.pk]))
    page.locator("#agreement-signers").get_by_role("button", name="Ondertekenen").click()
    read_and_sign(ui, signers[Party.SCHOOL].name)
    expect(page.locator("#sign-result")).to_contain_text("Alle partijen hebben ondertekend")

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED and agreement.final_sha256
    assert set(agreement.signers.values_list("status", flat=True)) == {SignerStatus.SIGNED}
    assert agreement.signers.get(party=Party.SCHOOL).signed_via == SignedVia.LOGIN
    final = agreement.final_document.read()
    for signer in signers.values():
        attached = [
            part.get_content()
            for message in smtp_server.to(signer.email)
            for part in message.iter_attachments()
            if part.get_content_type() == "application/pdf"
        ]
        assert attached == [final], f"{signer.party} did not receive the signed PDF exactly once"

    # The board shows it as signed.
    ui.visit(reverse("agreements:board"))
    with ui.navigation():
        page.locator('#board-tabs a[data-bucket="signed"]').click()
    expect(page.locator("#board-list")).to_contain_text("Lotte Jansen")

    # The company contact finds it in the portal, signed, with both PDFs.
    log_in_as(ui, contact.email, password)
    ui.visit(reverse("portal:home"))
    with ui.navigation():
        page.locator("#portal-agreements").click()
    row = page.locator(f'tr[data-agreement="{agreement.pk}"]')
    expect(row).to_have_attribute("data-status", "signed")
    expect(row.get_by_role("link", name=re.compile("^Ondertekende pdf"))).to_be_visible()
