"""Signing pages: through an e-mailed link without an account (token -> session -> tokenless page, its PDF,
one party, once, not after expiry or a change), and logged in at /agreements/<pk>/sign/."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories.agreements import FACTORY_PDF, agreement_world
from verbinder.agreements.enums import AgreementStatus, Party, SignedVia, SignerStatus, SigningOrder
from verbinder.agreements.models import Agreement, AgreementSigner
from verbinder.agreements.views.signing import LINK_PURPOSE
from verbinder.core.links import link_issue
from verbinder.core.models import ActionLink

pytestmark = pytest.mark.django_db


def parallel(world):
    aw = agreement_world(world)
    Agreement.objects.filter(pk=aw.agreement.pk).update(signing_order=SigningOrder.PARALLEL)
    return aw


def link_for(signer: AgreementSigner, *, party: str | None = None, email: str | None = None) -> str:
    _, token = link_issue(
        purpose=LINK_PURPOSE,
        target=signer,
        party=party or signer.party,
        email=email or signer.email,
        name=signer.name,
    )
    return reverse("agreements:sign-link", args=[token])


def sign_data(signer: AgreementSigner, **overrides: str) -> dict[str, str]:
    data = {"typed_name": signer.name, "confirm": "on", "document_sha256": signer.agreement.document_sha256}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def opened(url: str) -> tuple[Client, str]:
    """A browser that opened the link, and the tokenless page it landed on."""
    client = Client()
    response = client.get(url)
    assert response.status_code == 302
    return client, response["Location"]


# Through an e-mailed link


def test_link_moves_the_token_into_the_session_and_shows_the_agreement(world):
    aw = parallel(world)
    url = link_for(aw.company_signer)
    token = url.rstrip("/").rsplit("/", 1)[-1]

    client = Client()
    first = client.get(url)
    assert first.status_code == 302 and first["Referrer-Policy"] == "no-referrer"
    assert "no-store" in first["Cache-Control"] and token not in first["Location"]
    assert first["Location"] == reverse("agreements:sign-open")
    page = client.get(first["Location"])

    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert 'id="signer-self" data-party="company"' in body and 'id="sign-form"' in body
    assert aw.agreement.document_sha256 in body and 'name="csrfmiddlewaretoken"' in body
    assert token not in body
    assert world.company.notes not in body


def test_link_pdf_is_the_document_to_sign_inline_and_not_cached(world):
    aw = parallel(world)
    client, page = opened(link_for(aw.company_signer))
    document_url = client.get(page).context["document_url"]

    response = client.get(document_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"
    assert b"".join(response.streaming_content) == FACTORY_PDF
    # Another browser, without the link, gets nothing.
    assert Client().get(document_url).status_code == 404


def test_link_signs_once_for_its_own_party(world):
    aw = parallel(world)
    client, page = opened(link_for(aw.company_signer))

    response = client.post(page, sign_data(aw.company_signer, party="student"), REMOTE_ADDR="192.0.2.7")

    assert response.status_code == 200 and response.context["signed"]
    assert response["Referrer-Policy"] == "same-origin" and "no-store" in response["Cache-Control"]
    aw.company_signer.refresh_from_db()
    aw.student_signer.refresh_from_db()
    assert aw.company_signer.status == SignerStatus.SIGNED and aw.company_signer.signed_via == SignedVia.LINK
    assert aw.company_signer.signed_ip == "192.0.2.7"
    assert aw.company_signer.signed_sha256 == aw.agreement.document_sha256
    assert aw.student_signer.status == SignerStatus.INVITED
    assert ActionLink.objects.get(party=Party.COMPANY).used_at is not None
    # The token left the session; the link is used.
    assert client.get(page).status_code == 404
    again = Client().post(link_for_reused(aw), sign_data(aw.company_signer))
    assert again.status_code == 410


def link_for_reused(aw) -> str:
    """A fresh link to a signature that has been signed already."""
    return link_for(aw.company_signer)


def test_a_used_link_says_so(world):
    aw = parallel(world)
    url = link_for(aw.student_signer)
    assert Client().post(url, sign_data(aw.student_signer)).status_code == 200

    response = Client().get(url)

    assert response.status_code == 410 and 'data-reason="used"' in response.content.decode()
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "no-referrer"


def test_a_signed_signature_refuses_another_link(world):
    aw = parallel(world)
    Client().post(link_for(aw.student_signer), sign_data(aw.student_signer))

    response = Client().get(link_for(aw.student_signer), follow=True)

    assert response.status_code == 410 and 'data-reason="signed"' in response.content.decode()


def test_a_link_for_one_party_does_not_sign_for_another(world):
    aw = parallel(world)
    # A link made for the company party but pointing at the student's signature: not valid.
    forged = link_for(aw.student_signer, party=Party.COMPANY)
    response = Client().post(forged, sign_data(aw.student_signer))
    assert response.status_code == 404
    # A link of another purpose (a match answer) is not a signing link.
    _, token = link_issue(purpose="match_answer", target=aw.student_signer, party="student", email="x@example.nl")
    assert Client().get(reverse("agreements:sign-link", args=[token])).status_code == 404
    aw.student_signer.refresh_from_db()
    assert aw.student_signer.status == SignerStatus.INVITED


def test_a_link_to_an_address_the_signature_no_longer_has_is_revoked(world):
    aw = parallel(world)
    url = link_for(aw.company_signer, email="vroeger@example.nl")

    response = Client().get(url, follow=True)

    assert response.status_code == 410 and 'data-reason="revoked"' in response.content.decode()


def test_a_wrong_typed_name_signs_nothing_and_keeps_the_link(world):
    aw = parallel(world)
    client, page = opened(link_for(aw.company_signer))

    response = client.post(page, sign_data(aw.company_signer, typed_name="Iemand Anders"))

    assert response.status_code == 200 and not response.context["signed"]
    assert "typed_name" in response.context["form"].errors
    aw.company_signer.refresh_from_db()
    assert aw.company_signer.status == SignerStatus.INVITED
    assert ActionLink.objects.get(party=Party.COMPANY).used_at is None
    # The name ignores case and spacing.
    loose = " ".join(aw.company_signer.name.upper().split()) + "  "
    assert client.post(page, sign_data(aw.company_signer, typed_name=loose)).context["signed"]


def test_without_the_confirmation_nothing_is_signed(world):
    aw = parallel(world)
    client, page = opened(link_for(aw.company_signer))

    response = client.post(page, sign_data(aw.company_signer, confirm=None))

    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    assert ActionLink.objects.get(party=Party.COMPANY).used_at is None


def test_a_changed_agreement_is_not_signed_unseen(world):
    aw = parallel(world)
    client, page = opened(link_for(aw.company_signer))
    shown = aw.agreement.document_sha256
    Agreement.objects.filter(pk=aw.agreement.pk).update(document_sha256="f" * 64)

    response = client.post(page, sign_data(aw.company_signer, document_sha256=shown))

    assert response.status_code == 200 and not response.context["signed"]
    assert response.context["form"].non_field_errors()
    assert 'value="' + "f" * 64 + '"' in response.content.decode()  # the page now offers the current document
    aw.company_signer.refresh_from_db()
    assert aw.company_signer.status == SignerStatus.INVITED
    assert ActionLink.objects.get(party=Party.COMPANY).used_at is None


def test_a_malformed_document_hash_is_refused(world):
    aw = parallel(world)
    client, page = opened(link_for(aw.company_signer))

    response = client.post(page, sign_data(aw.company_signer, document_sha256="<script>"))

    assert response.status_code == 200 and "document_sha256" in response.context["form"].errors
    assert 'id="sign-errors"' in response.content.decode()


def test_after_expiry_the_link_fails_clearly(world):
    aw = parallel(world)
    url = link_for(aw.company_signer)
    Agreement.objects.filter(pk=aw.agreement.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    response = Client().post(url, sign_data(aw.company_signer))

    assert response.status_code == 410 and 'data-reason="agreement_expired"' in response.content.decode()
    assert Client().get(url, follow=True).status_code == 410
    aw.company_signer.refresh_from_db()
    assert aw.company_signer.status == SignerStatus.INVITED
    assert ActionLink.objects.get(party=Party.COMPANY).used_at is None


def test_an_expired_link_and_a_revoked_link_are_410(world):
    aw = parallel(world)
    url = link_for(aw.company_signer)
    ActionLink.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = Client().get(url)
    assert response.status_code == 410 and 'data-reason="expired"' in response.content.decode()

    revoked = link_for(aw.student_signer)
    ActionLink.objects.filter(party=Party.STUDENT).update(revoked_at=timezone.now())
    response = Client().get(revoked)
    assert response.status_code == 410 and 'data-reason="revoked"' in response.content.decode()


@pytest.mark.parametrize("status", [AgreementStatus.CANCELLED, AgreementStatus.SUPERSEDED])
def test_a_closed_agreement_cannot_be_signed_by_link(world, status):
    aw = parallel(world)
    url = link_for(aw.company_signer)
    Agreement.objects.filter(pk=aw.agreement.pk).update(status=status)

    response = Client().post(url, sign_data(aw.company_signer))

    assert response.status_code == 410 and 'data-reason="agreement_closed"' in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_tokens_are_404_and_change_nothing(world, method):
    aw = parallel(world)
    token = link_for(aw.company_signer).rstrip("/").rsplit("/", 1)[-1]
    for bad in (token[:-3] + ("xyz" if not token.endswith("xyz") else "abc"), "nonsense"):
        response = getattr(Client(), method)(reverse("agreements:sign-link", args=[bad]), sign_data(aw.company_signer))
        assert response.status_code == 404 and response["Referrer-Policy"] == "no-referrer"
    aw.company_signer.refresh_from_db()
    assert aw.company_signer.status == SignerStatus.INVITED


def test_the_tokenless_page_answers_only_the_browser_that_opened_the_link(world):
    aw = parallel(world)
    opener, page = opened(link_for(aw.company_signer))
    other, _ = opened(link_for(aw.student_signer))

    assert Client().get(page).status_code == 404
    assert Client().post(page, sign_data(aw.company_signer)).status_code == 404
    # A browser that opened another link signs only that one, whatever it posts.
    response = other.post(page, {**sign_data(aw.student_signer), "link": "999999"})
    assert response.status_code == 404
    # A link id that is no plain number falls back to the link last opened in this browser.
    response = other.get(page, {"link": "²"})
    assert response.status_code == 200 and response.context["signer"] == aw.student_signer
    aw.company_signer.refresh_from_db()
    assert aw.company_signer.status == SignerStatus.INVITED
    assert opener.get(page).status_code == 200


def test_two_links_opened_in_one_browser_each_sign_their_own(world):
    """A coordinator who opened two links in two tabs: each form carries its link."""
    aw = parallel(world)
    client = Client()
    company_page = client.get(client.get(link_for(aw.company_signer))["Location"])
    student_page = client.get(client.get(link_for(aw.student_signer))["Location"])
    company_link = company_page.context["link"].pk

    response = client.post(reverse("agreements:sign-open"), {**sign_data(aw.company_signer), "link": company_link})

    assert response.status_code == 200 and response.context["signed"]
    assert student_page.context["signer"] == aw.student_signer
    aw.company_signer.refresh_from_db()
    aw.student_signer.refresh_from_db()
    assert (aw.company_signer.status, aw.student_signer.status) == (SignerStatus.SIGNED, SignerStatus.INVITED)


def test_sequential_signer_whose_turn_has_not_come_cannot_sign(world):
    aw = agreement_world(world)
    Agreement.objects.filter(pk=aw.agreement.pk).update(signing_order=SigningOrder.SEQUENTIAL)
    AgreementSigner.objects.filter(pk=aw.school_signer.pk).update(status=SignerStatus.PENDING, invited_at=None)
    client = world.client_for("coordinator")

    page = client.get(reverse("agreements:agreement-sign", args=[aw.agreement.pk]))

    assert page.status_code == 200 and 'id="sign-form"' not in page.content.decode()
    assert 'data-status="pending"' in page.content.decode()
    client.post(reverse("agreements:agreement-sign", args=[aw.agreement.pk]), sign_data(aw.school_signer))
    aw.school_signer.refresh_from_db()
    assert aw.school_signer.status == SignerStatus.PENDING


# Logged in


@pytest.mark.parametrize(
    ("persona", "party"),
    [("student", Party.STUDENT), ("company_contact", Party.COMPANY), ("coordinator", Party.SCHOOL)],
)
def test_each_party_signs_logged_in_their_own_signature(world, persona, party):
    aw = parallel(world)
    client = world.client_for(persona)
    url = reverse("agreements:agreement-sign", args=[aw.agreement.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["signer"].party == party
    assert "no-store" in page["Cache-Control"]

    response = client.post(url, sign_data(page.context["signer"]))

    assert response.status_code == 302 and response["Location"] == url
    signer = AgreementSigner.objects.get(agreement=aw.agreement, party=party)
    assert signer.status == SignerStatus.SIGNED and signer.signed_via == SignedVia.LOGIN
    assert AgreementSigner.objects.filter(agreement=aw.agreement, status=SignerStatus.SIGNED).count() == 1
    assert 'id="sign-result"' in client.get(url).content.decode()


@pytest.mark.parametrize(("persona", "status"), [("teacher", 403), ("admin", 403), ("other_company_contact", 404),
                                                 ("workplace_supervisor", 404), ("anonymous", 302)])  # fmt: skip
def test_others_cannot_sign_logged_in(world, persona, status):
    aw = parallel(world)
    url = reverse("agreements:agreement-sign", args=[aw.agreement.pk])
    client = world.client_for(persona)

    assert client.post(url, sign_data(aw.school_signer)).status_code == status
    assert client.get(reverse("agreements:agreement-sign-document", args=[aw.agreement.pk])).status_code == status
    assert not AgreementSigner.objects.filter(status=SignerStatus.SIGNED).exists()


def test_logged_in_pdf_is_the_document_to_sign(world):
    aw = parallel(world)

    response = world.client_for("student").get(reverse("agreements:agreement-sign-document", args=[aw.agreement.pk]))

    assert response.status_code == 200 and b"".join(response.streaming_content) == FACTORY_PDF
    assert "no-store" in response["Cache-Control"]


def test_logged_in_wrong_name_shows_the_error(world):
    aw = parallel(world)
    url = reverse("agreements:agreement-sign", args=[aw.agreement.pk])

    response = world.client_for("student").post(url, sign_data(aw.student_signer, typed_name="Niet Ik"))

    assert response.status_code == 200 and "typed_name" in response.context["form"].errors
    aw.student_signer.refresh_from_db()
    assert aw.student_signer.status == SignerStatus.INVITED


def test_a_contact_of_both_companies_signs_each_in_turn_logged_in(world):
    aw = parallel(world)
    contact = world.users["company_contact"]
    second = AgreementSigner.objects.create(
        agreement=aw.agreement,
        party=Party.SECOND_COMPANY,
        position=4,
        organisation=world.company,
        name=contact.name,
        email=contact.email,
        status=SignerStatus.INVITED,
        invited_at=aw.agreement.sent_at,
    )
    client = world.client_for("company_contact")
    url = reverse("agreements:agreement-sign", args=[aw.agreement.pk])

    client.post(url, sign_data(aw.company_signer))
    page = client.get(url)

    assert page.context["signer"] == second and 'id="sign-form"' in page.content.decode()
