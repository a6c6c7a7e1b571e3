"""The outbox delivers over real SMTP (aiosmtpd on 127.0.0.1): nothing lost, nothing sent twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from verbinder.mail.enums import MessageStatus
from verbinder.mail.models import OutboxMessage
from verbinder.mail.services import message_deliver, message_queue, messages_sweep

pytestmark = pytest.mark.django_db(transaction=True)


def _queue(recipient: str = "anna@example.nl") -> OutboxMessage:
    with transaction.atomic():
        return message_queue(recipient=recipient, subject="Welkom", body_text="Hallo Anna", body_html="<p>Hallo</p>")


def test_message_queue_delivers_once_over_smtp_after_commit(smtp_server):
    message = _queue()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert mail.outbox == []
    received = smtp_server.to("anna@example.nl")
    assert len(received) == 1
    assert received[0]["Message-ID"] == message.message_id
    assert received[0]["Subject"] == "Welkom"
    assert "Hallo Anna" in smtp_server.text_of(received[0])


def test_message_deliver_twice_sends_once(smtp_server):
    message = _queue()

    assert message_deliver(message_pk=message.pk) == "skipped"

    assert len(smtp_server.to("anna@example.nl")) == 1


def test_message_queue_rolled_back_sends_nothing(smtp_server):
    with pytest.raises(RuntimeError), transaction.atomic():
        message_queue(recipient="bram@example.nl", subject="Nee", body_text="Nee")
        raise RuntimeError

    assert OutboxMessage.objects.count() == 0
    assert smtp_server.messages == []


def test_transient_failure_is_retried_by_the_sweeper(smtp_server):
    smtp_server.handler.reply = "451 Try again later"
    message = _queue()
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.attempts == 1
    assert "451" in message.last_error

    smtp_server.handler.reply = "250 OK"
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert messages_sweep() == 1

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(smtp_server.to("anna@example.nl")) == 1


def test_permanent_failure_is_marked_failed(smtp_server):
    smtp_server.handler.reply = "550 No such user"
    message = _queue()

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "550" in message.last_error


def test_server_down_is_retried_later(settings):
    from tests.smtp import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 2

    message = _queue()

    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.next_attempt_at > timezone.now()


def test_sweeper_returns_stuck_messages(smtp_server):
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            recipient="stuck@example.nl",
            subject="Vast",
            body_text="Vast",
            message_id="<stuck@verbinder.localhost>",
            status=MessageStatus.SENDING,
            claimed_at=timezone.now() - timedelta(hours=1),
            attempts=1,
        )

    messages_sweep()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert smtp_server.to("stuck@example.nl")[0]["Message-ID"] == "<stuck@verbinder.localhost>"


def test_attachment_from_storage_is_sent_along(smtp_server):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("test-outbox/overeenkomst.pdf", ContentFile(b"%PDF-1.7 test"))
    try:
        with transaction.atomic():
            message = message_queue(
                recipient="anna@example.nl",
                subject="Ondertekend",
                body_text="Bijgevoegd",
                attachment=name,
                attachment_name="overeenkomst.pdf",
            )
        message.refresh_from_db()
        assert message.status == MessageStatus.SENT
        (received,) = smtp_server.to("anna@example.nl")
        (part,) = list(received.iter_attachments())
        assert part.get_filename() == "overeenkomst.pdf"
        assert part.get_content_type() == "application/pdf"
        assert part.get_content() == b"%PDF-1.7 test"
    finally:
        default_storage.delete(name)


def test_missing_attachment_fails_the_message(smtp_server):
    with transaction.atomic():
        message = message_queue(
            recipient="anna@example.nl", subject="Ondertekend", body_text="x", attachment="test-outbox/gone.pdf"
        )
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert smtp_server.to("anna@example.nl") == []
