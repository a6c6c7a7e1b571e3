"""Helpers shared by the registry's views."""

from __future__ import annotations

from typing import Any

import rules
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from verbinder.core.http import require_staff

__all__ = ["add_service_errors", "can", "require_staff"]


def can(request: HttpRequest, perm: str, obj: Any = None) -> bool:
    """Whether the user has a registry permission, to show or hide an action.

    Asks the rules directly: Django's model backend would add two queries for every permission a user lacks.
    Views still refuse the action itself with `require_perm`.
    """
    return bool(rules.has_perm(perm, request.user, obj))


def add_service_errors(exc: ValidationError, *form_list: forms.BaseForm) -> None:
    """Show a service's validation errors on the field they concern (of whichever form has it), else on top."""
    first = form_list[0]
    if not hasattr(exc, "error_dict"):
        first.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        owner = next((form for form in form_list if field in form.fields), None)
        if owner is None:
            first.add_error(None, errors)
        else:
            owner.add_error(field, errors)
