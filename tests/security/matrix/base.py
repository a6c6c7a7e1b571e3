"""The shared contract of the permission matrix: one Row per URL (and own/other object), every persona."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.conftest import PERSONAS, World

STAFF_A = ("coordinator", "teacher")
EXTERNALS = ("company_contact", "workplace_supervisor", "student", "partner_contact", "other_company_contact")
COMPANY_MEMBERS = ("company_contact", "workplace_supervisor", "student")


@dataclass(frozen=True)
class Row:
    name: str  # URL name, e.g. "partners:organisation-detail"
    expect: dict[str, int]  # persona -> expected status, for EVERY persona in PERSONAS
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}  # URL kwargs from the world fixture
    method: str = "GET"
    data: Callable[[World], dict[str, Any]] | None = None  # POST body (form-encoded) if method == "POST"
    query: str = ""  # optional query string, e.g. "?q=x"
    label: str = ""  # to tell apart two rows for the same URL name

    @property
    def id(self) -> str:
        return " ".join(part for part in (self.method, self.name, self.query, self.label and f"[{self.label}]") if part)


def statuses(default: int | None = None, /, **per_persona: int) -> dict[str, int]:
    """An expectation for every persona: `default` for those not named. Unknown persona names fail loudly."""
    unknown = set(per_persona) - set(PERSONAS)
    if unknown:
        raise ValueError(f"Unknown persona(s) {sorted(unknown)}; personas are {PERSONAS}")
    if default is None:
        return dict(per_persona)
    return {persona: per_persona.get(persona, default) for persona in PERSONAS}


def each(personas: tuple[str, ...], status: int) -> dict[str, int]:
    """{persona: status} for a group of personas, to spread into statuses(...)."""
    return dict.fromkeys(personas, status)
