"""Who is calling: API tokens (valid, revoked, expired, wrong), sessions with CSRF for changes, languages."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext, override

from tests.api.conftest import API, ApiClient, Personas
from tests.conftest import World
from verbinder.api.models import ApiToken
from verbinder.api.services import api_token_create, api_token_revoke


def _token_for(world: World, persona: str = "coordinator", **kwargs: object) -> tuple[ApiToken, str]:
    return api_token_create(user=world.users[persona], name="script", by=None, **kwargs)  # type: ignore[arg-type]


def test_valid_token_authenticates_and_records_its_use(world: World) -> None:
    token, secret = _token_for(world)

    response = ApiClient(secret).get("/organisations")

    assert response.status == 200
    assert response.body["count"] == 2
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_use_is_recorded_at_most_once_a_minute(world: World) -> None:
    token, secret = _token_for(world)
    client = ApiClient(secret)
    client.get("/routes")
    first_use = ApiToken.objects.get(pk=token.pk).last_used_at

    client.get("/routes")

    assert ApiToken.objects.get(pk=token.pk).last_used_at == first_use


@pytest.mark.parametrize(
    "header",
    [
        "Bearer vbt_not-a-real-token",
        "Bearer ",
        "Bearer",
        "Token vbt_x",
        "Basic dXNlcjpwYXNz",
        "Bearer " + "vbt_" + "x" * 500,
        "Bearer \x00",
    ],
)
def test_wrong_tokens_get_401_with_a_challenge(world: World, header: str) -> None:
    response = Client().get(f"{API}/organisations", headers={"Authorization": header})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert set(response.json()) == {"detail"}


def test_revoked_token_gets_401(world: World) -> None:
    token, secret = _token_for(world)
    api_token_revoke(token=token, by=world.users["admin"])

    assert ApiClient(secret).get("/organisations").status == 401


def test_expired_token_gets_401(world: World) -> None:
    _, secret = _token_for(world, expires_at=timezone.now() - timedelta(seconds=1))

    assert ApiClient(secret).get("/organisations").status == 401


def test_token_that_expires_later_works(world: World) -> None:
    _, secret = _token_for(world, expires_at=timezone.now() + timedelta(days=1))

    assert ApiClient(secret).get("/organisations").status == 200


def test_token_of_a_deactivated_user_gets_401(world: World) -> None:
    _, secret = _token_for(world)
    world.users["coordinator"].is_active = False
    world.users["coordinator"].save(update_fields=["is_active"])

    assert ApiClient(secret).get("/organisations").status == 401


def test_token_of_another_user_is_not_mixed_up(world: World) -> None:
    """The token decides who is calling: route B's coordinator sees route B only."""
    _, secret = _token_for(world, "other_coordinator")

    body = ApiClient(secret).get("/organisations").body

    assert [item["name"] for item in body["items"]] == [world.other_company.name]


def test_role_change_applies_on_the_next_request(world: World, api: Personas) -> None:
    client = api("coordinator")
    assert client.get(f"/organisations/{world.company.pk}").status == 200
    world.users["coordinator"].role_assignments.all().delete()

    assert client.get(f"/organisations/{world.company.pk}").status == 404


def test_anonymous_gets_401_for_reads_and_writes(world: World) -> None:
    client = Client(enforce_csrf_checks=True)

    assert client.get(f"{API}/organisations").status_code == 401
    # Without a session there is nothing for CSRF to protect: 401, not a CSRF 403.
    assert client.post(f"{API}/organisations", "{}", content_type="application/json").status_code == 401


def test_session_reads_need_no_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["coordinator"])

    assert client.get(f"{API}/organisations").status_code == 200


def test_session_writes_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["coordinator"])
    url = f"{API}/organisations/{world.company.pk}/archive"

    refused = client.post(url)
    client.get("/api/v1/docs")  # any page with the token sets the CSRF cookie
    accepted = client.post(url, headers={"X-CSRFToken": client.cookies["csrftoken"].value})

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 200
    assert accepted.json()["archived_at"] is not None


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_session_csrf_applies_to_every_unsafe_method(world: World, method: str) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["coordinator"])
    path = (
        f"{API}/organisations/{world.company.pk}"
        if method == "PATCH"
        else f"{API}/relationships/{world.relationship.pk}"
    )

    response = client.generic(method, path, json.dumps({"version": 1}), content_type="application/json")

    assert response.status_code == 403


def test_token_writes_need_no_csrf_token(world: World) -> None:
    _, secret = _token_for(world)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"{API}/organisations/{world.company.pk}/archive", headers={"Authorization": f"Bearer {secret}"}
    )

    assert response.status_code == 200


def test_messages_are_dutch_by_default(world: World, api: Personas) -> None:
    response = api("coordinator").post("/organisations", {"name": "X", "kvk_number": "123", "routes": [1]})

    assert response.status == 422
    assert response.headers["Content-Language"] == "nl"
    with override("nl"):
        dutch = gettext("A KVK number has exactly 8 digits.")
    assert dutch != "A KVK number has exactly 8 digits."
    assert response.body["detail"][0]["msg"] == dutch


def test_messages_follow_the_users_language(world: World, api: Personas) -> None:
    user = world.users["coordinator"]
    user.language = "en"
    user.save(update_fields=["language"])

    response = api("coordinator").post("/organisations", {"name": "X", "kvk_number": "123", "routes": [1]})

    assert response.headers["Content-Language"] == "en"
    assert response.body["detail"][0]["msg"] == "A KVK number has exactly 8 digits."


def test_a_body_that_is_not_json_gets_400(world: World, api: Personas) -> None:
    client = api("coordinator")
    response = client.client.post(
        f"{API}/organisations",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {client.token}"},
    )

    assert response.status_code == 400
    assert set(response.json()) == {"detail"}
