"""The outbox: e-mail is queued in the caller's transaction and delivered by a task, with retry."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.db import transaction
from django.utils import timezone

from verbinder.core.parts import data_changed
from verbinder.mail.enums import MessageStatus
from verbinder.mail.models import OutboxMessage

logger = logging.getLogger(__name__)

STUCK_AFTER = timedelta(minutes=10)


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 6 * 3600))


def message_queue(
    *,
    recipient: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str = "nl",
    attachment: str = "",
    attachment_name: str = "",
    attachment_type: str = "application/pdf",
) -> OutboxMessage:
    """Write the message to the outbox; a task delivers it once the surrounding transaction commits.

    `attachment` names a file in the default storage (for example a signed agreement's PDF), sent as
    `attachment_name`; it is read when the message is sent, so the outbox does not hold a copy."""
    from verbinder.mail.tasks import deliver_message

    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "verbinder.localhost"
    message = OutboxMessage.objects.create(
        recipient=recipient,
        subject=" ".join(subject.split())[:300],
        body_text=body_text,
        body_html=body_html,
        language=language,
        attachment=attachment,
        attachment_name=attachment_name if attachment else "",
        attachment_type=attachment_type if attachment else "",
        message_id=make_msgid(domain=domain),
    )
    transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    return message


def _claim(message_pk: int) -> OutboxMessage | None:
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_pk, status=MessageStatus.QUEUED, next_attempt_at__lte=timezone.now())
            .first()
        )
        if message is None:
            return None
        message.status = MessageStatus.SENDING
        message.claimed_at = timezone.now()
        message.attempts += 1
        message.save(update_fields=["status", "claimed_at", "attempts"])
        return message


def message_deliver(*, message_pk: int) -> str:
    """Send one queued message over SMTP. Returns the resulting status."""
    message = _claim(message_pk)
    if message is None:
        return "skipped"
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message.message_id},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    if message.attachment:
        try:
            with default_storage.open(message.attachment, "rb") as handle:
                email.attach(message.attachment_name, handle.read(), message.attachment_type)
        except OSError as exc:
            return _mark_failed(message, exc)
    try:
        email.send(fail_silently=False)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        code = getattr(exc, "smtp_code", None)
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            code = min((c for c, _ in exc.recipients.values()), default=550)
        if code is not None and 400 <= int(code) < 500:
            return _retry_later(message, exc)
        return _mark_failed(message, exc)
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        return _retry_later(message, exc)
    OutboxMessage.objects.filter(pk=message.pk).update(status=MessageStatus.SENT, sent_at=timezone.now(), last_error="")
    data_changed()  # pages show delivery states (an agreement's audit trail)
    return MessageStatus.SENT


def _mark_failed(message: OutboxMessage, exc: Exception) -> str:
    logger.warning("E-mail %s failed permanently: %s %s", message.pk, type(exc).__name__, getattr(exc, "smtp_code", ""))
    OutboxMessage.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, last_error=str(exc)[:2000])
    data_changed()
    return MessageStatus.FAILED


def _retry_later(message: OutboxMessage, exc: Exception) -> str:
    from verbinder.mail.tasks import deliver_message

    if message.attempts >= settings.VERBINDER_MAIL_MAX_ATTEMPTS:
        return _mark_failed(message, exc)
    when = timezone.now() + _backoff(message.attempts)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.QUEUED, next_attempt_at=when, last_error=str(exc)[:2000]
    )
    data_changed()
    if deliver_message.get_backend().supports_defer:
        deliver_message.using(run_after=when).enqueue(message.pk)
    # A backend without deferred tasks leaves the retry to the sweeper, which delivers what is due.
    return MessageStatus.QUEUED


def messages_sweep() -> int:
    """Return messages stuck in 'sending' (a worker died mid-send) to the queue, and deliver what is due."""
    from verbinder.mail.tasks import deliver_message

    now = timezone.now()
    OutboxMessage.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=now - STUCK_AFTER).update(
        status=MessageStatus.QUEUED, next_attempt_at=now
    )
    due = list(
        OutboxMessage.objects.filter(status=MessageStatus.QUEUED, next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )[:1000]
    )
    for pk in due:
        deliver_message.enqueue(pk)
    return len(due)
