"""The four parties of a shared placement sign through the pages, one after another in the set order: the three
external parties through the links of the e-mails a real SMTP server (aiosmtpd on 127.0.0.1) received, without
an account and with CSRF enforced; the coordinator last, logged in. Everyone then receives the signed PDF."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.agreements.agreement_helpers import sent_agreement, shared_placement
from verbinder.agreements.enums import AgreementStatus, Party, SignedVia, SignerStatus
from verbinder.agreements.pdf import sha256_hex

pytestmark = pytest.mark.django_db(transaction=True)

SITE = "https://verbinder.example.nl"
LINK = re.compile(re.escape(SITE) + r"(/agreements/sign/[^/\s]+/)")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def link_in(smtp_server, address: str) -> str:
    received = smtp_server.to(address)
    assert received, f"no e-mail reached {address}"
    found = LINK.findall(smtp_server.text_of(received[-1]))
    assert found, smtp_server.text_of(received[-1])
    return found[-1]


def sign_by_link(path: str, name: str) -> Client:
    browser = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.4")
    page = browser.get(path, follow=True)
    assert page.status_code == 200 and page.request["PATH_INFO"] == reverse("agreements:sign-open")
    body = page.content.decode()
    document_sha256 = re.search(r'name="document_sha256" value="([0-9a-f]{64})"', body).group(1)
    pdf = browser.get(page.context["document_url"])
    assert sha256_hex(b"".join(pdf.streaming_content)) == document_sha256  # the page's hash is the PDF's
    data = {"typed_name": name, "confirm": "on", "document_sha256": document_sha256, "link": page.context["link"].pk}
    assert browser.post(reverse("agreements:sign-open"), data).status_code == 403  # no CSRF token
    response = browser.post(reverse("agreements:sign-open"), {**data, "csrfmiddlewaretoken": CSRF.search(body)[1]})
    assert response.status_code == 200 and response.context["signed"], response.context["form"].errors
    return browser


def test_four_parties_sign_in_order_and_all_receive_the_signed_pdf(world, smtp_server):
    shared = shared_placement(world)
    agreement = sent_agreement(world, shared)
    signers = {signer.party: signer for signer in agreement.signers.all()}
    student, company, second = signers[Party.STUDENT], signers[Party.COMPANY], signers[Party.SECOND_COMPANY]
    school = signers[Party.SCHOOL]
    # In the set order only the student has been invited so far.
    assert smtp_server.to(student.email) and not smtp_server.to(company.email)

    first_link = link_in(smtp_server, student.email)
    sign_by_link(first_link, "lotte  JANSEN")
    assert Client().get(first_link).status_code == 410  # once only
    sign_by_link(link_in(smtp_server, company.email), company.name)
    sign_by_link(link_in(smtp_server, second.email), second.name)

    coordinator = world.client_for("coordinator")
    url = reverse("agreements:agreement-sign", args=[agreement.pk])
    page = coordinator.get(url)
    assert page.context["signer"] == school and page.context["can_sign"]
    agreement.refresh_from_db()
    response = coordinator.post(
        url, {"typed_name": school.name, "confirm": "on", "document_sha256": agreement.document_sha256}
    )
    assert response.status_code == 302

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED and agreement.final_sha256
    vias = dict(agreement.signers.values_list("party", "signed_via"))
    assert vias == {Party.STUDENT: SignedVia.LINK, Party.COMPANY: SignedVia.LINK,
                    Party.SECOND_COMPANY: SignedVia.LINK, Party.SCHOOL: SignedVia.LOGIN}  # fmt: skip
    assert set(agreement.signers.values_list("status", flat=True)) == {SignerStatus.SIGNED}
    assert agreement.signers.get(party=Party.STUDENT).signed_ip == "198.51.100.4"
    final = agreement.final_document.read()
    for signer in (student, company, second, school):
        attachments = [
            part.get_content()
            for message in smtp_server.to(signer.email)
            for part in message.iter_attachments()
            if part.get_content_type() == "application/pdf"
        ]
        assert attachments == [final], signer.party
    assert 'data-status="signed"' in coordinator.get(url).content.decode()
