"""API tokens: only a hash is stored; the token is shown once (command line or admin); revoking is logged."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import ApiClient
from tests.conftest import World
from verbinder.api.models import ApiToken
from verbinder.api.services import api_token_create
from verbinder.core.models import ActivityLog


def test_only_a_hash_of_the_token_is_stored(world: World) -> None:
    token, secret = api_token_create(user=world.users["coordinator"], name="CRM", by=world.users["admin"])

    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret.startswith("vbt_") and len(secret) > 40
    assert stored["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {str(value) for value in stored.values()}
    assert stored["prefix"] == secret[:12]


def test_creating_a_token_is_logged_without_the_secret(world: World) -> None:
    _, secret = api_token_create(user=world.users["coordinator"], name="CRM", by=world.users["admin"])

    entry = ActivityLog.objects.get(action_type="api.token.created")
    assert entry.actor == world.users["admin"]
    assert entry.object_id == world.users["coordinator"].pk
    assert secret not in str(entry.data)


def test_command_prints_the_token_once_and_it_works(world: World) -> None:
    out, err = StringIO(), StringIO()

    call_command(
        "api_token_create", email=world.users["coordinator"].email.upper(), name="Sync", stdout=out, stderr=err
    )

    secret = out.getvalue().strip()
    assert secret.startswith("vbt_")
    assert secret not in err.getvalue()
    token = ApiToken.objects.get(name="Sync")
    assert token.user == world.users["coordinator"] and token.expires_at is None
    assert ApiClient(secret).get("/organisations").status == 200


def test_command_sets_an_expiry(world: World) -> None:
    call_command(
        "api_token_create",
        email=world.users["teacher"].email,
        name="Tijdelijk",
        expires_days=7,
        stdout=StringIO(),
        stderr=StringIO(),
    )

    token = ApiToken.objects.get(name="Tijdelijk")
    assert token.expires_at is not None
    assert timedelta(days=6, hours=23) < token.expires_at - timezone.now() <= timedelta(days=7)


@pytest.mark.parametrize(
    ("email", "name", "days", "message"),
    [
        ("nobody@example.nl", "x", None, "No user"),
        (None, "", None, "name"),
        (None, "x", 0, "expires-days"),
    ],
)
def test_command_refuses_bad_input(world: World, email: str | None, name: str, days: int | None, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command(
            "api_token_create",
            email=email or world.users["coordinator"].email,
            name=name,
            expires_days=days,
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert not ApiToken.objects.exists()


def _superuser_client(world: World) -> Client:
    admin = world.users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(admin)
    return client


def test_admin_shows_a_new_token_once(world: World) -> None:
    client = _superuser_client(world)

    response = client.post(
        reverse("admin:api_apitoken_add"),
        {"user": world.users["coordinator"].pk, "name": "Koppeling", "expires_at": ""},
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(name="Koppeling")
    secret = response.context["secret"]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.token_hash
    assert secret in response.content.decode()
    assert ApiClient(secret).get("/routes").status == 200
    change_page = client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    assert change_page.status_code == 200
    assert secret not in change_page.content.decode()


def test_admin_revokes_tokens(world: World) -> None:
    token, secret = api_token_create(user=world.users["coordinator"], name="Oud", by=None)
    client = _superuser_client(world)

    response = client.post(
        reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ActivityLog.objects.filter(action_type="api.token.revoked").count() == 1
    assert ApiClient(secret).get("/routes").status == 401
