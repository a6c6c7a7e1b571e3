"""How the API knows who is calling: a bearer token (scripts) or the browser session (with CSRF)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from verbinder.api.services import api_token_use

logger = logging.getLogger("verbinder.api")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


def _speak_language_of(request: HttpRequest, user: Any) -> None:
    """As the pages do: the user's own language, whatever the client sends."""
    language = getattr(user, "language", None)
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        request.LANGUAGE_CODE = language


class TokenAuth(HttpBearer):
    """`Authorization: Bearer vbt_…` with a token from `verbinder api_token_create` or the admin."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = api_token_use(secret=token.strip())
        if api_token is None:
            logger.warning("API token refused for %s %s", request.method, request.path)
            return None
        request.user = api_token.user
        _speak_language_of(request, api_token.user)
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session. Unsafe methods need the CSRF token (header X-CSRFToken), as forms do.

    Unlike ninja's own SessionAuth, a request without a logged-in session is simply not authenticated (401)
    rather than refused for CSRF (403): there is no session to protect.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise CsrfFailed
        return user


token_auth = TokenAuth()
session_auth = SessionAuth()
