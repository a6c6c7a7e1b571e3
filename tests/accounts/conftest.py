"""Helpers for the account tests: a user with a password, login through the real pages, a time machine."""

from __future__ import annotations

import re
import time
import types
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, assign
from tests.smtp import SMTPServer
from verbinder.accounts.enums import Role
from verbinder.accounts.models import User

LOGIN_CODE_RE = re.compile(r"\b([BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4})\b")


@pytest.fixture
def member(db: Any) -> User:
    """Someone with an account: a coordinator of a route (staff)."""
    from tests.factories import RouteFactory

    user = UserFactory(email="coby@hogeschool.nl", name="Coby Coördinator")
    return assign(user, Role.COORDINATOR, route=RouteFactory())


def login_with_password(client: Client, email: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def logged_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def mail_text(server: SMTPServer, address: str) -> str:
    """The plain-text body of the one message the SMTP server received for an address."""
    received = server.to(address)
    assert len(received) == 1, [m["Subject"] for m in received]
    return server.text_of(received[0])


def login_code_in(text: str) -> str:
    match = LOGIN_CODE_RE.search(text)
    assert match, text
    return match.group(1)


class TimeMachine:
    """Moves the clock of chosen modules forward, leaving the rest of the process (and the database) alone."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.offset = 0.0

    def patch(self, *modules: str) -> TimeMachine:
        """Replace `time` in each module (they `import time`) by a clock that is `offset` seconds ahead."""
        machine = self

        class Clock(types.ModuleType):
            def time(self) -> float:
                return time.time() + machine.offset

            def __getattr__(self, name: str) -> Any:
                return getattr(time, name)

        for module in modules:
            self.monkeypatch.setattr(f"{module}.time", Clock("time"))
        return self

    def travel(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def time_machine(monkeypatch: pytest.MonkeyPatch) -> TimeMachine:
    return TimeMachine(monkeypatch)


@pytest.fixture
def deliver_on_commit(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run a request and then what it left for after the commit (the outbox delivery task)."""

    def run(call: Callable[[], Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run
