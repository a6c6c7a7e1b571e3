"""E-mail over a real SMTP server (aiosmtpd on 127.0.0.1): the invitation with its link, the reminder, the final
PDF attached for every party; and a final e-mail that fails while the server is down arrives, once, after it
comes back."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tests.agreements.agreement_helpers import SEQUENCE, sent_agreement, shared_placement, sign
from tests.smtp import SMTPServer
from verbinder.agreements.enums import AgreementEventKind, SigningOrder
from verbinder.agreements.pdf import sha256_hex
from verbinder.agreements.services.agreements import agreement_remind
from verbinder.mail.enums import MessageStatus
from verbinder.mail.models import OutboxMessage
from verbinder.mail.services import messages_sweep

pytestmark = pytest.mark.django_db(transaction=True)

SITE = "https://verbinder.example.nl"
LINK = re.compile(re.escape(SITE) + r"/agreements/sign/[^/\s]+/")


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path


def pdf_attachments(message) -> list[bytes]:
    return [part.get_content() for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]


def test_invitation_reminder_and_final_pdf_to_all(world, smtp_server):
    agreement = sent_agreement(world, shared_placement(world), signing_order=SigningOrder.PARALLEL)
    emails = list(agreement.signers.values_list("email", flat=True))
    for address in emails:
        (invitation,) = smtp_server.to(address)
        text = smtp_server.text_of(invitation)
        assert len(LINK.findall(text)) == 1
        html = invitation.get_body(preferencelist=("html",)).get_content()
        assert f'href="{LINK.findall(text)[0]}"' in html

    agreement_remind(by=world.users["coordinator"], agreement=agreement)
    first, reminder = smtp_server.to("lotte@student.nl")
    assert LINK.findall(smtp_server.text_of(reminder)) != LINK.findall(smtp_server.text_of(first))

    for party in SEQUENCE:
        sign(agreement, party)
    agreement.refresh_from_db()
    final = agreement.final_document.read()
    for address in emails:
        finals = [m for m in smtp_server.to(address) if pdf_attachments(m)]
        assert len(finals) == 1, address
        assert "/agreements/verify/" in smtp_server.text_of(finals[0])  # where anyone checks a copy
        (attached,) = pdf_attachments(finals[0])
        assert sha256_hex(attached) == agreement.final_sha256 == sha256_hex(final)
    delivered = agreement.events.filter(kind=AgreementEventKind.DELIVERED).select_related("message")
    assert {event.message.status for event in delivered} == {MessageStatus.SENT}


def test_final_pdf_sent_while_the_server_is_down_arrives_once_after_it_is_back(world, settings):
    server = SMTPServer()  # not started yet: its port refuses connections
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    agreement = sent_agreement(world, shared_placement(world))
    for party in SEQUENCE:
        sign(agreement, party)
    agreement.refresh_from_db()
    finals = OutboxMessage.objects.filter(attachment=agreement.final_document.name)
    assert finals.count() == 4
    assert set(finals.values_list("status", flat=True)) == {MessageStatus.QUEUED}
    assert all(message.attempts == 1 and message.last_error for message in finals)

    server.start()
    try:
        finals.update(next_attempt_at=timezone.now())
        messages_sweep()
        messages_sweep()  # a second sweep sends nothing again
        assert set(finals.values_list("status", flat=True)) == {MessageStatus.SENT}
        for address in agreement.signers.values_list("email", flat=True):
            received = [m for m in server.to(address) if pdf_attachments(m)]
            assert len(received) == 1, address
    finally:
        server.stop()
