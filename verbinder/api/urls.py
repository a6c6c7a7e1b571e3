"""The REST API at /api/v1/: OpenAPI schema at /api/v1/openapi.json, readable docs at /api/v1/docs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI, Swagger

from verbinder.api import errors
from verbinder.api.agreements import router as agreements_router
from verbinder.api.auth import session_auth, token_auth
from verbinder.api.outreach import router as outreach_router
from verbinder.api.partners import router as partners_router
from verbinder.api.placements import router as placements_router

DESCRIPTION = """
The partner registry of Verbinder: routes, organisations, people (with their roles at organisations) and the
relationships between organisations; making contact (outreach); and placements: learning workplaces, students,
proposed matches, and placements with one or two host companies and their events; tripartite agreements with their
signatures, agreement templates and the responsibility matrix. The same permissions as the pages.

Authenticate with an API token (`Authorization: Bearer vbt_…`, from `verbinder api_token_create` or the admin),
or with a logged-in browser session plus the CSRF token (header `X-CSRFToken`) for changes.
Objects outside your reach answer 404; objects you may see but not change answer 403.
Updates of records with a `version` (organisations, people, workplaces, students, placements, agreements) carry the
one you read: a stale one answers 409.
Messages are in your language (Dutch unless your account says English). See docs/api.md.
"""


class VerbinderAPI(NinjaAPI):
    def create_response(self, request: HttpRequest, data: Any, **kwargs: Any) -> HttpResponse:
        response = super().create_response(request, data, **kwargs)
        # Token users get their own language, chosen after the language middleware ran.
        response.headers["Content-Language"] = translation.get_language() or "nl"
        return response


api = VerbinderAPI(
    title="Verbinder API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[token_auth, session_auth],
    # Swagger UI from ninja's own static files (ninja is in INSTALLED_APPS): no CDN and no inline script.
    docs=Swagger(settings={"validatorUrl": None, "deepLinking": False, "defaultModelsExpandDepth": 0}),
)
errors.install(api)
api.add_router("", partners_router)
api.add_router("outreach/", outreach_router)
api.add_router("", placements_router)  # its paths start with /placements
api.add_router("", agreements_router)  # its paths start with /agreements
