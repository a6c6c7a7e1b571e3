"""Shared parts of the placements API: references, dates, amounts, and what of a record a caller may see.

Staff of the route (and administrators) see every field. Others reach a record through `visible_to` (their
company's workplaces and placements, the placements they supervise, their own student record); of a shared
placement a company sees its own host in full and of the other host only the company's name (and, for a company
contact, its share), as in the portal.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from verbinder.accounts.scope import scope_for
from verbinder.api.errors import FieldErrorOut, Invalid
from verbinder.api.partners.schemas import OrganisationRef, RouteRef, UserRef

__all__ = ["Amount", "Hours", "IsoDate", "OrganisationRef", "RouteRef", "UserRef", "amount", "invalid", "sees_all"]

DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _date_text(value: Any) -> Any:
    """Only a date written as YYYY-MM-DD (pydantic's lax mode would also take numbers)."""
    if not isinstance(value, str) or not re.fullmatch(DATE, value):
        raise PydanticCustomError("date_type", "Input should be a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[
    date,
    Field(json_schema_extra={"pattern": DATE}, description="A day as YYYY-MM-DD."),
    BeforeValidator(_date_text),
]


def _json_number(value: Any) -> Any:
    """JSON numbers only: 2 and 2.5, not "2" or true."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("float_type", "Input should be a number")
    return value


# Days or hours per week, in halves (2.5 days, 37.5 hours): exact in binary, so the schema's multipleOf holds.
Amount = Annotated[
    float,
    Field(gt=0, le=60, multiple_of=0.5, description="Days or hours per week, in steps of 0.5."),
    BeforeValidator(_json_number),
]


# A workplace's or a student's working hours per week: 1 to 60, in halves.
Hours = Annotated[
    float,
    Field(ge=1, le=60, multiple_of=0.5, description="Hours per week, 1 to 60, in steps of 0.5."),
    BeforeValidator(_json_number),
]


def amount(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"))


def sees_all(user: Any, route_id: int) -> bool:
    """Administrators and the route's staff see every field."""
    scope = scope_for(user)
    return scope.is_admin or route_id in scope.staff_route_ids


class StudentRef(Schema):
    id: int
    first_name: str
    last_name: str


class WorkplaceRef(Schema):
    id: int
    title: str
    organisation: OrganisationRef


class SupervisorRef(Schema):
    """A workplace supervisor (praktijkbegeleider): a person's role at the host company."""

    affiliation_id: int
    first_name: str
    last_name: str
    email: str
    phone: str


def supervisor_ref(affiliation: Any) -> SupervisorRef | None:
    if affiliation is None:
        return None
    return SupervisorRef(
        affiliation_id=affiliation.pk,
        first_name=affiliation.person.first_name,
        last_name=affiliation.person.last_name,
        email=affiliation.email,
        phone=affiliation.phone,
    )


def user_ref(user: Any) -> UserRef | None:
    return UserRef(id=user.pk, name=user.name) if user is not None else None


def route_ref(user: Any, route: Any) -> RouteRef | None:
    """Routes are internal to the hogeschool (as on the pages): null for everyone else."""
    return RouteRef(id=route.pk, programme_name=route.programme_name) if sees_all(user, route.pk) else None


def organisation_ref(organisation: Any) -> OrganisationRef:
    return OrganisationRef(id=organisation.pk, name=organisation.name)


def invalid(exc: ValidationError, names: dict[str, str] | None = None) -> Invalid:
    """A service's refusal as a 422: each message at its field as named in the body (`names` maps a service's
    field to the body's path, e.g. "supervisor" -> "host.supervisor"), with the service's code as its type (so
    that a client can tell "not_sme", which `accept_non_sme` lets pass, from the rest)."""
    names = names or {}
    errors: list[FieldErrorOut] = []
    found = exc.error_dict.items() if hasattr(exc, "error_dict") else [(NON_FIELD_ERRORS, exc.error_list)]
    for field, field_errors in found:
        loc: list[str | int] = ["body", "payload"]
        if field != NON_FIELD_ERRORS:
            loc += names.get(field, field).split(".")
        for error in field_errors:
            errors += [FieldErrorOut(loc=loc, msg=str(message), type=error.code or "invalid") for message in error]
    return Invalid(errors)
