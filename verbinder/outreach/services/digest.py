"""The follow-up digest: one e-mail per colleague on a morning when follow-ups are due or overdue.

Nothing is sent twice: the DigestDelivery row (unique per user and day) is written in the same transaction
as the outbox message. A second run of the task, or a second worker running it at the same moment, fails to
insert that row (the database's unique constraint; a concurrent insert waits for the first transaction and
then fails) and queues nothing. A run that fails half-way rolls back both, so the next run sends it.

No activity log entry: a digest changes no data that pages show (log_action would also renew cached parts).
The DigestDelivery rows (admin, read-only) and the outbox are the record of what was sent.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import ngettext

from verbinder.mail.services import message_queue
from verbinder.outreach.models import DigestDelivery, FollowUp
from verbinder.outreach.selectors.digest import digest_follow_ups, digest_recipients

logger = logging.getLogger(__name__)

# The "my follow-ups" page (verbinder/outreach/views/followups.py).
FOLLOW_UPS_URL_NAME = "outreach:my-follow-ups"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def follow_ups_path() -> str:
    try:
        return reverse(FOLLOW_UPS_URL_NAME)
    except NoReverseMatch:  # the page's module not loaded (yet): its path
        return "/outreach/follow-ups/"


def _render(*, user: Any, day: date, follow_ups: list[FollowUp]) -> tuple[str, str, str]:
    context = {
        "user": user,
        "day": day,
        "count": len(follow_ups),
        "language": translation.get_language(),
        "overdue": [f for f in follow_ups if f.due_on < day],
        "due_today": [f for f in follow_ups if f.due_on == day],
        "follow_ups_url": absolute_url(follow_ups_path()),
        "settings_url": absolute_url(reverse("accounts:notifications")),
        "site_url": settings.SITE_URL,
        "institution_name": settings.VERBINDER_INSTITUTION_NAME,
    }
    count = len(follow_ups)
    subject = "[Verbinder] " + ngettext(
        "%(count)d follow-up due today or overdue", "%(count)d follow-ups due today or overdue", count
    ) % {"count": count}
    body_text = render_to_string("outreach/email/digest.txt", context).strip()
    body_html = render_to_string("outreach/email/digest.html", context).strip()
    return subject, body_text, body_html


@transaction.atomic
def digest_send(*, user: Any, day: date) -> DigestDelivery | None:
    """Queue the user's digest for `day`, unless nothing is due or it was queued already. Returns the delivery."""
    follow_ups = digest_follow_ups(user=user, day=day)
    if not follow_ups:
        return None
    try:
        with transaction.atomic():
            delivery = DigestDelivery.objects.create(user=user, day=day)
    except IntegrityError:
        return None  # another run has queued (or is queueing) this digest
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject, body_text, body_html = _render(user=user, day=day, follow_ups=follow_ups)
    delivery.message = message_queue(
        recipient=user.email, subject=subject, body_text=body_text, body_html=body_html, language=language
    )
    delivery.save(update_fields=["message"])
    return delivery


def digest_send_all(*, day: date) -> int:
    """Queue the digest of everyone who has something due on `day`, one transaction per person.

    One person's failure does not stop the others' digests; it is raised after all were tried."""
    sent = 0
    failed: list[int] = []
    for user in list(digest_recipients(day=day)):
        try:
            if digest_send(user=user, day=day) is not None:
                sent += 1
        except Exception:
            logger.exception("Follow-up digest for user %s on %s failed", user.pk, day)
            failed.append(user.pk)
    logger.info("Follow-up digest %s: %s queued, %s failed", day, sent, len(failed))
    if failed:
        raise RuntimeError(f"Follow-up digest {day}: {len(failed)} failed (users {failed[:20]}); {sent} queued.")
    return sent
