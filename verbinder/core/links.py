"""Links that let one person act once on one object without an account: answer a proposed match, sign an
agreement. The link is e-mailed to them; whoever holds it can act as that party, so it is

- **signed**: the URL token is `django.core.signing` over (link id, nonce) with a salt per purpose. A changed
  token fails its signature before any database lookup, and a token made for one purpose is not valid for
  another (the salt differs);
- **bound to one person and one action**: an ActionLink row names the purpose, the target object (content type
  and id), the party ("company", "student", ...) and the recipient's e-mail address and name. Callers check that
  the party is the one they expect (`link_check(..., party=...)`) and act on `link.target` only;
- **secret at rest**: the row holds only the SHA-256 of the random nonce, so a copy of the database cannot make
  a working link;
- **single-use**: `link_use` marks it used under `select_for_update`, inside the caller's transaction: of two
  concurrent clicks one acts and the other gets "used";
- **expiring**: `expires_at`, by default `settings.ACTION_LINK_DAYS` after issue;
- **re-sendable and revocable**: `link_reissue` revokes a link and issues a new one to the same person
  (`replaced_by` points at it); `links_revoke` revokes the open links of a target (a withdrawn proposal).

A page that takes a token calls `link_check` (read-only: GET shows what the link is for) and, when the person
acts, in one transaction: `link_use` and the service that does the work. `LinkError.reason` says why a link
failed, so that the page can say it clearly: tampered and unknown links are "not found" (404), used, expired and
revoked links are "gone" (410). Pages that show a token send `Referrer-Policy: no-referrer`.

Usage (issue):
    link, token = link_issue(purpose="match_answer", target=proposal, party="student", email=..., name=...)
    url = settings.SITE_URL + reverse("placements:match-answer-link", args=[token])
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models, transaction
from django.utils import timezone

from verbinder.core.models import ActionLink

TAMPERED = "tampered"
UNKNOWN = "unknown"
USED = "used"
EXPIRED = "expired"
REVOKED = "revoked"
# Reasons a page answers with 404 (nothing to say about it) and with 410 (it existed, but is no longer valid).
NOT_FOUND_REASONS = frozenset({TAMPERED, UNKNOWN})
GONE_REASONS = frozenset({USED, EXPIRED, REVOKED})


class LinkError(Exception):
    """A link that cannot be used; `reason` is one of tampered, unknown, used, expired, revoked."""

    def __init__(self, reason: str, link: ActionLink | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.link = link

    @property
    def status(self) -> int:
        return 404 if self.reason in NOT_FOUND_REASONS else 410


def default_validity() -> timedelta:
    return timedelta(days=settings.ACTION_LINK_DAYS)


def _salt(purpose: str) -> str:
    return f"verbinder.core.links.{purpose}"


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def link_issue(
    *,
    purpose: str,
    target: models.Model,
    party: str,
    email: str,
    name: str = "",
    valid_for: timedelta | None = None,
    now: datetime | None = None,
) -> tuple[ActionLink, str]:
    """A new link for `party` to act on `target`; returns it with the token to put in the URL (shown only here)."""
    nonce = secrets.token_urlsafe(24)
    link = ActionLink.objects.create(
        purpose=purpose,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        party=party,
        email=email,
        name=name[:200],
        nonce_hash=_hash(nonce),
        expires_at=_now(now) + (valid_for or default_validity()),
    )
    token = signing.dumps([link.pk, nonce], salt=_salt(purpose))
    return link, token


def _refuse_if_unusable(link: ActionLink, now: datetime) -> None:
    if link.used_at is not None:
        raise LinkError(USED, link)
    if link.revoked_at is not None:
        raise LinkError(REVOKED, link)
    if link.expires_at <= now:
        raise LinkError(EXPIRED, link)


def link_check(
    *,
    purpose: str,
    token: str,
    party: str | None = None,
    target: models.Model | None = None,
    now: datetime | None = None,
) -> ActionLink:
    """The link of a token, if it may be used now: signed for this purpose, existing, for `party` and `target`
    when given, not used, revoked or expired. Raises LinkError otherwise; reads only."""
    try:
        link_id, nonce = signing.loads(token, salt=_salt(purpose))
    except (signing.BadSignature, TypeError, ValueError) as exc:
        raise LinkError(TAMPERED) from exc
    if not isinstance(link_id, int) or not isinstance(nonce, str):
        raise LinkError(TAMPERED)
    link = ActionLink.objects.filter(pk=link_id, purpose=purpose).select_related("content_type").first()
    if link is None or not hmac.compare_digest(link.nonce_hash, _hash(nonce)):
        raise LinkError(UNKNOWN)
    if party is not None and link.party != party:
        raise LinkError(UNKNOWN)
    if target is not None and (
        link.content_type_id != ContentType.objects.get_for_model(target).pk or link.object_id != target.pk
    ):
        raise LinkError(UNKNOWN)
    _refuse_if_unusable(link, _now(now))
    return link


@transaction.atomic
def link_use(*, link: ActionLink, now: datetime | None = None) -> ActionLink:
    """Mark the link used. Locks its row first: of two concurrent uses, the second waits and then gets USED.
    Call it in the same transaction as the action, so that a failed action leaves the link unused."""
    locked = ActionLink.objects.select_for_update().get(pk=link.pk)
    moment = _now(now)
    _refuse_if_unusable(locked, moment)
    locked.used_at = moment
    locked.save(update_fields=["used_at"])
    link.used_at = moment
    return locked


@transaction.atomic
def link_reissue(
    *, link: ActionLink, valid_for: timedelta | None = None, now: datetime | None = None
) -> tuple[ActionLink, str]:
    """Send again: revoke `link` (if still open) and issue a new one to the same person for the same action."""
    moment = _now(now)
    new, token = link_issue(
        purpose=link.purpose,
        target=_target_stub(link),
        party=link.party,
        email=link.email,
        name=link.name,
        valid_for=valid_for,
        now=moment,
    )
    ActionLink.objects.filter(pk=link.pk, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=moment)
    ActionLink.objects.filter(pk=link.pk).update(replaced_by=new)
    link.refresh_from_db(fields=["revoked_at", "replaced_by"])
    return new, token


def _target_stub(link: ActionLink) -> Any:
    """An instance with the target's pk, without loading the target."""
    model = link.content_type.model_class()
    assert model is not None
    return model(pk=link.object_id)


def links_for(*, target: models.Model, purpose: str, party: str | None = None) -> models.QuerySet[ActionLink]:
    queryset = ActionLink.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk, purpose=purpose
    )
    return queryset.filter(party=party) if party is not None else queryset


def links_open(*, target: models.Model, purpose: str, party: str | None = None) -> models.QuerySet[ActionLink]:
    """The links that could still be used (not used, not revoked; expired ones too, as they may be resent)."""
    return links_for(target=target, purpose=purpose, party=party).filter(used_at__isnull=True, revoked_at__isnull=True)


def links_revoke(*, target: models.Model, purpose: str, party: str | None = None, now: datetime | None = None) -> int:
    """Revoke every open link of the target (of one party, when given). Returns how many."""
    return links_open(target=target, purpose=purpose, party=party).update(revoked_at=_now(now))
