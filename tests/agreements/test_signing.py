"""A signature: its evidence, the order, the refusals (name, changed document, expiry, not open), and what
happens when the last party signs."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.agreements.agreement_helpers import SEQUENCE, sent_agreement, shared_placement, sign, signer_of
from verbinder.agreements.enums import AgreementEventKind, AgreementStatus, Party, SignerStatus, SigningOrder
from verbinder.agreements.models import Agreement
from verbinder.agreements.pdf import sha256_hex
from verbinder.agreements.services.agreements import agreement_cancel
from verbinder.agreements.services.signing import agreement_sign, name_key
from verbinder.core.links import links_open
from verbinder.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def code_of(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    error = exc.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def attempt(agreement: Agreement, party: str, **fields):
    signer = signer_of(agreement, party)
    agreement.refresh_from_db()
    values = {"typed_name": signer.name, "document_sha256": agreement.document_sha256, "ip": "192.0.2.1", "via": "link"}
    return agreement_sign(signer=signer, **{**values, **fields})


def test_name_key_ignores_case_accents_and_spacing():
    assert name_key("  Coby   Coördinator ") == name_key("coby coordinator")
    assert name_key("Coby Coördinator") != name_key("Coby Coordinatrice")


def test_a_signature_records_its_evidence_and_invites_the_next(world):
    agreement = sent_agreement(world, shared_placement(world))
    signer = attempt(agreement, Party.STUDENT, typed_name="lotte  JANSEN", user_agent="Firefox")
    assert signer.status == SignerStatus.SIGNED
    assert signer.signed_name == "lotte JANSEN" and signer.signed_ip == "192.0.2.1"
    assert signer.signed_sha256 == agreement.document_sha256 and signer.signed_via == "link"
    assert signer.signed_user_agent == "Firefox" and signer.signed_at is not None
    assert links_open(target=signer, purpose="agreement_sign").count() == 0
    assert signer_of(agreement, Party.COMPANY).status == SignerStatus.INVITED
    assert signer_of(agreement, Party.SECOND_COMPANY).status == SignerStatus.PENDING
    event = agreement.events.get(kind=AgreementEventKind.SIGNED)
    assert event.signer == signer and event.ip_address == "192.0.2.1"


def test_refusals_change_nothing(world):
    agreement = sent_agreement(world, shared_placement(world))
    with pytest.raises(ValidationError) as exc:
        attempt(agreement, Party.STUDENT, typed_name="Lotte de Vries")
    assert code_of(exc) == {"name_mismatch"} and "typed_name" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        attempt(agreement, Party.STUDENT, document_sha256=sha256_hex(b"another document"))
    assert code_of(exc) == {"changed"}
    with pytest.raises(ValidationError) as exc:
        attempt(agreement, Party.COMPANY)  # not yet their turn
    assert code_of(exc) == {"not_open"}
    assert not agreement.signers.filter(status=SignerStatus.SIGNED).exists()
    attempt(agreement, Party.STUDENT)
    with pytest.raises(ValidationError) as exc:
        attempt(agreement, Party.STUDENT)  # twice
    assert code_of(exc) == {"not_open"}


def test_no_signature_after_expiry_or_cancelling(world):
    agreement = sent_agreement(world, shared_placement(world), signing_order=SigningOrder.PARALLEL)
    Agreement.objects.filter(pk=agreement.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError) as exc:
        attempt(agreement, Party.STUDENT)
    assert code_of(exc) == {"expired"}
    Agreement.objects.filter(pk=agreement.pk).update(expires_at=timezone.now() + datetime.timedelta(days=1))
    agreement.refresh_from_db()
    agreement_cancel(by=None, agreement=agreement, reason="Fout", version=agreement.version)
    with pytest.raises(ValidationError) as exc:
        attempt(agreement, Party.COMPANY)
    assert code_of(exc) == {"not_open"}


def test_logged_in_signature_records_the_account(world):
    agreement = sent_agreement(world, shared_placement(world), signing_order=SigningOrder.PARALLEL)
    coordinator = world.users["coordinator"]
    attempt(agreement, Party.SCHOOL, via="login", user=coordinator, typed_name="Coby Coordinator")
    event = agreement.events.get(kind=AgreementEventKind.SIGNED)
    assert event.actor == coordinator and signer_of(agreement, Party.SCHOOL).signed_via == "login"


def test_the_last_signature_completes_the_agreement(world):
    agreement = sent_agreement(world, shared_placement(world))
    for party in SEQUENCE:
        sign(agreement, party)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED and agreement.completed_at is not None
    final = agreement.final_document.read()
    assert final.startswith(b"%PDF") and sha256_hex(final) == agreement.final_sha256
    assert agreement.final_sha256 != agreement.document_sha256
    finals = OutboxMessage.objects.filter(attachment=agreement.final_document.name)
    assert sorted(finals.values_list("recipient", flat=True)) == sorted(
        agreement.signers.values_list("email", flat=True)
    )
    assert agreement.events.filter(kind=AgreementEventKind.DELIVERED).count() == 4
    assert agreement.events.filter(kind=AgreementEventKind.COMPLETED).count() == 1
