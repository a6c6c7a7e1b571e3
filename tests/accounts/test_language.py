"""The language switch: Dutch by default, English on request, remembered on the account; safe redirects."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World


def test_pages_are_dutch_by_default_whatever_the_browser_asks(world: World) -> None:
    client = world.client_for("coordinator")

    response = client.get(reverse("partners:organisation-list"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert '<html lang="nl">' in response.content.decode()
    assert response["Content-Language"] == "nl"


def test_switching_to_english_is_stored_on_the_account(world: World) -> None:
    client = world.client_for("coordinator")
    target = reverse("partners:organisation-list")

    response = client.post(reverse("accounts:language"), {"language": "en", "next": target})

    assert response.status_code == 302
    assert response["Location"] == target
    world.users["coordinator"].refresh_from_db()
    assert world.users["coordinator"].language == "en"
    page = client.get(target).content.decode()
    assert '<html lang="en">' in page
    assert "Organisations" in page
    # Another browser of the same person speaks English too: the language lives on the account.
    assert '<html lang="en">' in world.client_for("coordinator").get(target).content.decode()


def test_switching_back_to_dutch(world: World) -> None:
    client = world.client_for("coordinator")
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})

    client.post(reverse("accounts:language"), {"language": "nl", "next": "/"})

    world.users["coordinator"].refresh_from_db()
    assert world.users["coordinator"].language == "nl"
    assert '<html lang="nl">' in client.get(reverse("partners:route-list")).content.decode()


def test_anonymous_visitor_switches_with_a_cookie(db: Any) -> None:
    client = Client()

    client.post(reverse("accounts:language"), {"language": "en", "next": reverse("account_login")})

    assert '<html lang="en">' in client.get(reverse("account_login")).content.decode()


def test_an_unknown_language_changes_nothing(world: World) -> None:
    client = world.client_for("coordinator")

    response = client.post(reverse("accounts:language"), {"language": "xx", "next": "/"})

    assert response.status_code == 302
    world.users["coordinator"].refresh_from_db()
    assert world.users["coordinator"].language == "nl"
    assert "django_language" not in response.cookies


@pytest.mark.parametrize(
    "unsafe",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        " https://evil.example/",
        "https:evil.example",
    ],
)
def test_unsafe_next_urls_are_refused(world: World, unsafe: str) -> None:
    client = world.client_for("coordinator")

    response = client.post(reverse("accounts:language"), {"language": "en", "next": unsafe})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_language_switch_only_accepts_post(world: World) -> None:
    client = world.client_for("coordinator")

    response = client.get(reverse("accounts:language") + "?language=en&next=/")

    assert response.status_code == 405
    world.users["coordinator"].refresh_from_db()
    assert world.users["coordinator"].language == "nl"
