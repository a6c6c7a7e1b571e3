"""Writes of the API app: issuing and revoking tokens. Both leave an activity-log entry."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from verbinder.api.models import ApiToken
from verbinder.core.activity import log_action

TOKEN_PREFIX = "vbt_"  # noqa: S105 (a marker that tells tokens apart, not a secret)
# 32 random bytes: enough entropy that a fast hash (SHA-256) is a safe way to store the token.
TOKEN_BYTES = 32
SHOWN_PREFIX_LENGTH = 12
MAX_TOKEN_LENGTH = 200
# Recording every use would write to the database on every request; to the minute says enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", errors="surrogatepass")).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str, by: Any, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`. Returns the stored token and the secret, which is not kept anywhere."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=token_hash(secret),
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        expires_at=expires_at,
    )
    log_action(
        actor=by,
        action_type="api.token.created",
        target=user,
        data={"token": str(token), "expires_at": expires_at.isoformat() if expires_at else None},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Any) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(actor=by, action_type="api.token.revoked", target=token.user, data={"token": str(token)})
    return token


def api_token_use(*, secret: str) -> ApiToken | None:
    """The usable token with this secret (with its user), or None. Records when it was last used."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > MAX_TOKEN_LENGTH:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(token_hash=token_hash(secret)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
