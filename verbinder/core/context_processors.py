from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from verbinder.accounts.scope import scope_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    scope = scope_for(getattr(request, "user", None))
    return {
        "nav_scope": scope,
        "institution_name": settings.VERBINDER_INSTITUTION_NAME,
    }
