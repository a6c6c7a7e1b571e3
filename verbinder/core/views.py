from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from verbinder.accounts.scope import scope_for

logger = logging.getLogger(__name__)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: 200 when the database answers, 503 naming what is down."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # any database failure means "down"; the details go to the log, not the answer
        logger.warning("Health check: the database does not answer", exc_info=True)
        checks["database"] = "down"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503)


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to where their work is."""
    scope = scope_for(request.user)
    if scope.is_staff_member:
        return redirect("partners:route-list")
    return redirect("portal:home")
