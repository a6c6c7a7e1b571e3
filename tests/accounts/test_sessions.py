"""Sessions (SECURITY promise 4) and revocation (promise 2): rotation at login, server-side logout, idle
and absolute timeouts with a time machine, cookie flags, and role changes that apply on the next request."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import TimeMachine, logged_in_user_id, login_with_password
from tests.conftest import World
from verbinder.accounts.models import RoleAssignment, User
from verbinder.accounts.services import role_assign, role_revoke

MIDDLEWARE_MODULE = "verbinder.accounts.middleware"
ROOT = Path(__file__).resolve().parents[2]


def _anonymous_session(client: Client) -> str:
    session = client.session
    session["visited"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return str(session.session_key)


def test_session_key_rotates_at_login(client: Client, member: User) -> None:
    before = _anonymous_session(client)

    login_with_password(client, member.email)

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert logged_in_user_id(client) == member.pk


def test_sessions_are_kept_on_the_server() -> None:
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_logout_ends_the_session_on_the_server(client: Client, member: User) -> None:
    login_with_password(client, member.email)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post(reverse("account_logout"))

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = replay.get(reverse("partners:route-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Session.objects.filter(session_key=stolen).exists()


def test_logout_needs_a_post(client: Client, member: User) -> None:
    login_with_password(client, member.email)

    client.get(reverse("account_logout"))

    assert logged_in_user_id(client) == member.pk


def test_idle_session_is_logged_out(client: Client, member: User, time_machine: TimeMachine) -> None:
    time_machine.patch(MIDDLEWARE_MODULE)
    login_with_password(client, member.email)
    assert client.get(reverse("partners:route-list")).status_code == 200

    time_machine.travel(settings.VERBINDER_SESSION_IDLE_SECONDS + 1)
    response = client.get(reverse("partners:route-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert logged_in_user_id(client) is None


def test_activity_keeps_the_session_alive(client: Client, member: User, time_machine: TimeMachine) -> None:
    time_machine.patch(MIDDLEWARE_MODULE)
    login_with_password(client, member.email)
    client.get(reverse("partners:route-list"))

    for _ in range(3):
        time_machine.travel(settings.VERBINDER_SESSION_IDLE_SECONDS - 60)
        assert client.get(reverse("partners:route-list")).status_code == 200


def test_session_ends_after_the_absolute_timeout_even_when_active(
    client: Client, member: User, time_machine: TimeMachine
) -> None:
    time_machine.patch(MIDDLEWARE_MODULE)
    login_with_password(client, member.email)
    client.get(reverse("partners:route-list"))
    step = settings.VERBINDER_SESSION_IDLE_SECONDS // 2
    elapsed = 0
    while elapsed + step < settings.SESSION_COOKIE_AGE:
        time_machine.travel(step)
        elapsed += step
        assert client.get(reverse("partners:route-list")).status_code == 200, elapsed

    time_machine.travel(2 * step)  # past the absolute limit, though never idle for long
    response = client.get(reverse("partners:route-list"))

    assert response.status_code == 302
    assert logged_in_user_id(client) is None


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client: Client, member: User) -> None:
    client.get(reverse("account_login"))  # sets the CSRF cookie
    response = login_with_password(client, member.email)

    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    csrf_cookie = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf_cookie["secure"] is True
    assert csrf_cookie["samesite"] == "Lax"


def test_language_cookie_is_secure_httponly_and_samesite(client: Client, db: Any) -> None:
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/"})

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie.value, cookie["secure"], cookie["httponly"], cookie["samesite"]) == ("en", True, True, "Lax")


def test_production_settings_harden_cookies_and_sessions() -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT", "EMAIL_URL"}
    }
    env |= {"DEBUG": "false", "SECRET_KEY": "p" * 60 + "roduction-secret", "ALLOWED_HOSTS": "verbinder.example.nl"}
    names = [
        "SESSION_ENGINE", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE", "CSRF_COOKIE_SAMESITE", "LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_AGE", "VERBINDER_SESSION_IDLE_SECONDS",
        "CACHES",
    ]  # fmt: skip
    code = f"import json, config.settings as s; print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )

    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_ENGINE": "django.contrib.sessions.backends.db",
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "LANGUAGE_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_AGE": 12 * 3600,
        "VERBINDER_SESSION_IDLE_SECONDS": 3600,
        # Rate limits, TOTP replay markers and the data version live in the default cache: it must be shared by
        # every process. Rendered page parts are each process's own, checked against that version.
        "CACHES": {
            "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "verbinder_cache"},
            "parts": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "verbinder-parts",
                "OPTIONS": {"MAX_ENTRIES": 500},
            },
        },
    }


# Revocation (SECURITY promise 2): the scope is computed per request, so a change applies at once.


def test_revoked_role_applies_on_the_next_request(world: World) -> None:
    client = world.client_for("coordinator")
    page = reverse("partners:organisation-detail", args=[world.company.pk])
    assert client.get(page).status_code == 200

    role_revoke(assignment=RoleAssignment.objects.get(user=world.users["coordinator"]), by=world.users["admin"])

    assert client.get(page).status_code == 404
    assert client.get(reverse("partners:organisation-list")).status_code == 404


def test_moving_a_contact_to_another_organisation_applies_on_the_next_request(world: World) -> None:
    contact = world.users["company_contact"]
    client = world.client_for("company_contact")
    own = reverse("partners:organisation-detail", args=[world.company.pk])
    other = reverse("partners:organisation-detail", args=[world.other_company.pk])
    assert (client.get(own).status_code, client.get(other).status_code) == (200, 404)

    role_revoke(assignment=RoleAssignment.objects.get(user=contact), by=world.users["admin"])
    role_assign(user=contact, role="company_contact", organisation=world.other_company, by=world.users["admin"])

    assert (client.get(own).status_code, client.get(other).status_code) == (404, 200)


def test_a_deactivated_user_is_logged_out_on_the_next_request(world: World) -> None:
    client = world.client_for("coordinator")
    assert client.get(reverse("partners:route-list")).status_code == 200

    User.objects.filter(pk=world.users["coordinator"].pk).update(is_active=False)

    response = client.get(reverse("partners:route-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["coordinator", "company_contact"])
def test_a_deleted_user_is_logged_out_on_the_next_request(world: World, persona: str) -> None:
    client = world.client_for(persona)
    world.users[persona].delete()

    assert client.get(reverse("core:home"))["Location"].startswith(reverse("account_login"))
