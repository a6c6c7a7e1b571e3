"""Error bodies of the API and the handlers that produce them, in the caller's language.

Every operation declares the error responses it can give (see RESPONSES_*), so that the OpenAPI schema is
complete: 400 unreadable body, 401 no or bad credentials, 403 allowed to see but not to change (or CSRF),
404 outside the caller's reach, 409 conflict (stale version, duplicate), 422 invalid input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from verbinder.api.auth import CsrfFailed
from verbinder.api.fields import OWN_ERROR_TYPES
from verbinder.core.exceptions import StaleVersionError


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


class DuplicateOut(Schema):
    id: int | None  # None when the organisation is outside the caller's routes
    name: str
    city: str
    kvk_number: str
    archived: bool


ConflictCode = Literal["stale_version", "duplicate_kvk", "possible_duplicate", "duplicate"]


class ConflictOut(Schema):
    detail: str
    code: ConflictCode
    fields: list[str] = []
    current_version: int | None = None
    duplicates: list[DuplicateOut] = []


class Conflict(Exception):
    def __init__(self, body: ConflictOut) -> None:
        super().__init__(body.detail)
        self.body = body


class Invalid(Exception):
    """A 422 found by a service or a view, in the same shape as the schema's validation errors."""

    def __init__(self, errors: list[FieldErrorOut]) -> None:
        super().__init__(errors)
        self.errors = errors

    @classmethod
    def at(cls, loc: list[str | int], message: str, code: str = "invalid") -> Invalid:
        return cls([FieldErrorOut(loc=loc, msg=message, type=code)])

    @classmethod
    def from_django(cls, exc: DjangoValidationError, prefix: list[str | int]) -> Invalid:
        errors: list[FieldErrorOut] = []
        if hasattr(exc, "error_dict"):
            for field, messages in exc.message_dict.items():
                loc = prefix if field == NON_FIELD_ERRORS else [*prefix, field]
                errors += [FieldErrorOut(loc=loc, msg=message, type="invalid") for message in messages]
        else:
            errors = [FieldErrorOut(loc=prefix, msg=message, type="invalid") for message in exc.messages]
        return cls(errors)


def stale_conflict(model: type[models.Model], exc: StaleVersionError, current_version: int) -> Conflict:
    """409 for a stale `version`, naming the fields changed since it was read (SECURITY promise 11)."""
    # The activity log may also name fields of related records (a contact's e-mail address): keep the model's.
    fields = {field.name: field for field in model._meta.concrete_fields}
    changed = [name for name in exc.changed if name in fields]
    labels = [str(fields[name].verbose_name) for name in changed]
    if labels:
        detail = _("Someone else changed %(fields)s after you read this. Read it again and retry.") % {
            "fields": ", ".join(labels)
        }
    else:
        detail = _("Someone else saved this after you read it. Read it again and retry.")
    return Conflict(ConflictOut(detail=detail, code="stale_version", fields=changed, current_version=current_version))


def errors(*codes: int) -> dict[int, Any]:
    """The error part of an operation's response map: `response={200: Out, **errors(*READ)}`."""
    return {code: {409: ConflictOut, 422: ValidationErrorOut}.get(code, ErrorOut) for code in codes}


READ = (401, 404, 422)
WRITE = (400, 401, 403, 404, 422)
ACTION = (401, 403, 404, 422)
CONFLICT = 409


def _message(error: Mapping[str, Any]) -> str:
    """A clear, translated message for one of pydantic's error types (our own types carry their message)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    # pydantic lists the choices as "'a', 'b' or 'c'": keep the list, drop the English "or".
    expected = str(ctx.get("expected", "")).replace(" or ", ", ")
    messages: dict[str, str] = {
        "missing": _("This field is required."),
        "string_type": _("Enter text."),
        "int_type": _("Enter a whole number."),
        "int_parsing": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "bool_type": _("Enter true or false."),
        "bool_parsing": _("Enter true or false."),
        "list_type": _("Enter a list."),
        "model_type": _("Send a JSON object."),
        "model_attributes_type": _("Send a JSON object."),
        "dict_type": _("Send a JSON object."),
        "extra_forbidden": _("This field is not known."),
        "enum": _("Choose one of: %(expected)s.") % {"expected": expected},
        "literal_error": _("Choose one of: %(expected)s.") % {"expected": expected},
    }
    if kind in messages:
        return messages[kind]
    if kind == "string_too_long":
        return _("Enter at most %(count)s characters.") % {"count": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Enter at least %(count)s characters.") % {"count": ctx.get("min_length")}
    if kind == "too_long":
        return _("Give at most %(count)s items.") % {"count": ctx.get("max_length")}
    if kind == "too_short":
        return _("Give at least %(count)s items.") % {"count": ctx.get("min_length")}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Enter a number of at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Enter a number of at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind in OWN_ERROR_TYPES:
        return str(error.get("msg", ""))
    return _("Enter a valid value.")


def _loc(error: Mapping[str, Any]) -> list[str | int]:
    return [part for part in error.get("loc", ()) if isinstance(part, str | int)]


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, body: Schema, status: int) -> HttpResponse:
        return api.create_response(request, body.model_dump(mode="json"), status=status)

    @api.exception_handler(NinjaValidationError)
    def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        details = [
            FieldErrorOut(loc=_loc(error), msg=_message(error), type=str(error.get("type", ""))) for error in exc.errors
        ]
        return respond(request, ValidationErrorOut(detail=details), 422)

    @api.exception_handler(Invalid)
    def on_invalid(request: HttpRequest, exc: Invalid) -> HttpResponse:
        return respond(request, ValidationErrorOut(detail=exc.errors), 422)

    @api.exception_handler(Conflict)
    def on_conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
        return respond(request, exc.body, 409)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = _("Log in, or send an API token: Authorization: Bearer <token>.")
        response = respond(request, ErrorOut(detail=detail), 401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(CsrfFailed)
    def on_csrf(request: HttpRequest, exc: CsrfFailed) -> HttpResponse:
        return respond(
            request, ErrorOut(detail=_("The CSRF token is missing or wrong: send it in the X-CSRFToken header.")), 403
        )

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, ErrorOut(detail=_("You may see this, but not change it.")), 403)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, ErrorOut(detail=_("Not found, or outside what you may see.")), 404)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # Raised by ninja itself: 400 for a body that is not JSON, 429 when throttled.
        detail = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
        return respond(request, ErrorOut(detail=detail), exc.status_code)
