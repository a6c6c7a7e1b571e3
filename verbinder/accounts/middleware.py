from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from verbinder.accounts.scope import scope_for

Handler = Callable[[HttpRequest], HttpResponse]


class SessionTimeoutMiddleware:
    """Log out a session idle for longer than SESSION_IDLE_SECONDS, or older than SESSION_COOKIE_AGE.

    Database sessions move their expiry forward on every save (and this middleware saves the session
    while a person is active), so the absolute limit is kept here, from the first request after login.
    """

    key = "verbinder_last_seen"
    started_key = "verbinder_started"

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            last_seen = session.get(self.key)
            started = session.get(self.started_key)
            idle = last_seen is not None and now - int(last_seen) > settings.VERBINDER_SESSION_IDLE_SECONDS
            too_old = started is not None and now - int(started) > settings.SESSION_COOKIE_AGE
            if idle or too_old:
                logout(request)
            else:
                if started is None:
                    session[self.started_key] = now
                if last_seen is None or now - int(last_seen) > 60:
                    session[self.key] = now
        return self.get_response(request)


class UserLanguageMiddleware:
    """Dutch first: the logged-in user's language, else the language cookie, else Dutch.

    The browser's Accept-Language is deliberately not used: Verbinder speaks Dutch unless a person asks
    for English with the language switch.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        available = dict(settings.LANGUAGES)
        language = getattr(request.user, "language", None) or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequireStaffMFAMiddleware:
    """When REQUIRE_STAFF_MFA is on, staff must set up TOTP before they reach anything but account pages."""

    allowed_prefixes = ("/accounts/", "/account/language/", "/static/", "/healthz", "/i18n/")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.VERBINDER_REQUIRE_STAFF_MFA
            and request.user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and scope_for(request.user).is_staff_member
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
