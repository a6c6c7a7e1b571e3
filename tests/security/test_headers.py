"""Browser hardening (SECURITY promise 7) and the health check.

Headers on every kind of page, Django's deployment checklist with production settings (0 warnings), no inline
script or style in any template or rendered page (the CSP forbids them), and /healthz up and down.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tests.conftest import World

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "verbinder").glob("*/templates"))]


def pages(world: World) -> list[tuple[str, str]]:
    """(persona, url) for each kind of page: allauth, registry, portal, errors, JSON."""
    return [
        ("anonymous", reverse("account_login")),
        ("anonymous", reverse("account_request_login_code")),
        ("anonymous", reverse("account_reset_password")),
        ("coordinator", reverse("partners:route-list")),
        ("coordinator", reverse("partners:organisation-list")),
        ("coordinator", reverse("partners:organisation-detail", args=[world.company.pk])),
        ("coordinator", reverse("partners:organisation-create")),
        ("coordinator", reverse("partners:person-detail", args=[world.affiliation.person_id])),
        ("coordinator", reverse("mfa_index")),
        ("company_contact", reverse("portal:home")),
        ("company_contact", reverse("partners:organisation-detail", args=[world.other_company.pk])),
        ("coordinator", reverse("api:openapi-view")),
        ("anonymous", reverse("healthz")),
    ]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.django_db
def test_every_kind_of_page_sends_the_hardening_headers(world: World) -> None:
    problems: dict[str, list[str]] = {}
    for persona, url in pages(world):
        response = world.client_for(persona).get(url, secure=True)
        found = []
        csp = response.get("Content-Security-Policy", "")
        directives = csp_directives(csp)
        if not csp:
            found.append("no Content-Security-Policy")
        if "unsafe-inline" in csp or "unsafe-eval" in csp or "unsafe-hashes" in csp:
            found.append(f"unsafe source in CSP: {csp}")
        if directives.get("frame-ancestors") != ["'none'"]:
            found.append(f"frame-ancestors is {directives.get('frame-ancestors')}")
        for name in ("script-src", "style-src", "default-src"):
            if directives.get(name) != ["'self'"]:
                found.append(f"{name} is {directives.get(name)}")
        if directives.get("object-src") != ["'none'"]:
            found.append(f"object-src is {directives.get('object-src')}")
        expected = {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "Cross-Origin-Opener-Policy": "same-origin",
            "X-Frame-Options": "DENY",
            "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
        }
        found += [f"{name}: {response.get(name)!r}" for name, value in expected.items() if response.get(name) != value]
        if found:
            problems[f"{persona} {url} ({response.status_code})"] = found
    assert problems == {}


@pytest.mark.django_db
def test_http_is_redirected_to_https_in_production(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get(reverse("account_login"))
    health = Client().get(reverse("healthz"))

    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert health.status_code == 200  # load balancers probe over plain HTTP


def _production_env(data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "DATABASE_URL",
            "SECURE_SSL_REDIRECT",
            "EMAIL_URL",
            "SECRET_KEY",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
        and not key.startswith(("SESSION_", "SECURE_HSTS"))
    }
    return env | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "verbinder.example.nl",
        "DATA_DIR": str(data_dir),
    }


def test_deployment_checklist_has_no_warnings_with_production_settings(tmp_path: Path) -> None:
    verbinder = Path(sys.executable).with_name("verbinder")

    result = subprocess.run(
        [str(verbinder), "check", "--deploy", "--fail-level", "WARNING"],
        cwd=tmp_path,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]

    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class InlineCodeFinder(HTMLParser):
    """Real tags and attributes (not escaped text) that run code or style inline, which the CSP forbids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name: value or "" for name, value in attrs}
        # A <script type="application/json"> is a data block that browsers never run; any other needs a src.
        if tag == "script" and "src" not in names and names.get("type", "").lower() != "application/json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("inline <style>")
        for name, value in names.items():
            if name == "style":
                self.found.append(f"inline style on <{tag}>")
            elif name.startswith("on"):
                self.found.append(f"inline event handler {name} on <{tag}>")
            elif name in URL_ATTRIBUTES and re.sub(r"[\x00-\x20]", "", value).lower().startswith(
                ("javascript:", "vbscript:")
            ):
                self.found.append(f"script URL in {name} on <{tag}>")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def test_no_template_has_inline_script_or_style() -> None:
    # Templates under a pdf/ folder are WeasyPrint's input on the server (their stylesheet is inline so that it
    # fetches nothing); they are never served to a browser, so the CSP does not apply to them.
    templates = [
        path for directory in TEMPLATE_DIRS for path in directory.rglob("*.html") if "pdf" not in path.parent.parts
    ]
    assert templates, TEMPLATE_DIRS

    problems = {str(path.relative_to(ROOT)): found for path in templates if (found := inline_code(path.read_text()))}

    assert problems == {}


@pytest.mark.django_db
def test_no_rendered_page_has_inline_script_or_style(world: World) -> None:
    problems = {}
    for persona, url in pages(world):
        response = world.client_for(persona).get(url)
        if response.get("Content-Type", "").startswith("text/html"):
            found = inline_code(response.content.decode())
            if found:
                problems[f"{persona} {url}"] = found
    assert problems == {}


def test_the_scanner_finds_inline_code() -> None:
    assert len(inline_code('<script>alert(1)</script><p style="x" onclick="y"><a href="java\tscript:z">')) == 4
    assert len(inline_code("<style>p{}</style><svg/onload=alert(1)>")) == 2
    assert inline_code('<input value="&quot; onfocus=&quot;x"><p>&lt;p style="x"&gt; onclick=y</p>') == []
    assert inline_code('<script src="/static/app.js" defer></script><p class="stylish" data-on="x">') == []
    assert inline_code('<script type="application/json" id="settings">{"a": 1}</script>') == []


@pytest.mark.django_db
def test_healthz_reports_ok(client: Client) -> None:
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_a_database_that_is_down(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    broken = mock.MagicMock()
    broken.cursor.side_effect = OperationalError("connection refused")

    with mock.patch("verbinder.core.views.connection", broken):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down"}
    assert "connection refused" not in response.content.decode()
    assert "connection refused" in caplog.text  # the cause is in the logs, not in the answer
