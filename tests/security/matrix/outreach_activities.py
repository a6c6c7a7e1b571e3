"""Who may reach the pages and API of outreach activities: the route's staff read them (coordinators run them,
teachers only read); external users and other routes' staff get 404, always.

Each object URL has a row for an activity of route A ("own") and one of route B ("other"). POST rows send a valid
form, so 302 means the action was allowed.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.conftest import World
from tests.factories import OrganisationFactory
from tests.factories.outreach import OutreachActivityFactory
from tests.security.matrix.base import Row, statuses
from verbinder.outreach.enums import ActivityKind
from verbinder.outreach.models import OutreachActivity
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.models import Route

READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=302)
READ_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
CHANGE_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=302)
CHANGE_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
POST_ONLY = statuses(405)
API_READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=401)
API_READ_B = statuses(404, admin=200, other_coordinator=200, anonymous=401)

PDF = b"%PDF-1.4\n%%EOF\n"
MATRIX_FILE = "outreach/material/permission-matrix.pdf"


def done(expect: dict[str, int]) -> dict[str, int]:
    return {persona: 302 if status == 200 else status for persona, status in expect.items()}


def _activity(route: Route, *, material: bool = False) -> OutreachActivity:
    activity = OutreachActivityFactory(route=route, kind=ActivityKind.EMPLOYERS_MEETING, title="Ontbijtsessie")
    if material:
        # One file under a fixed name, written once: every row and run shares it (nothing piles up in storage).
        if not default_storage.exists(MATRIX_FILE):
            default_storage.save(MATRIX_FILE, ContentFile(PDF))
        activity.material.name = MATRIX_FILE
        activity.material_name = "Presentatie.pdf"
        activity.save()
    return activity


def route_a(w: World) -> dict[str, Any]:
    return {"route_pk": w.route.pk}


def route_b(w: World) -> dict[str, Any]:
    return {"route_pk": w.other_route.pk}


def activity_a(w: World) -> dict[str, Any]:
    return {"pk": _activity(w.route).pk}


def activity_b(w: World) -> dict[str, Any]:
    return {"pk": _activity(w.other_route).pk}


def material_a(w: World) -> dict[str, Any]:
    return {"pk": _activity(w.route, material=True).pk}


def material_b(w: World) -> dict[str, Any]:
    return {"pk": _activity(w.other_route, material=True).pk}


def activity_form(w: World) -> dict[str, Any]:
    return {"kind": ActivityKind.EMPLOYERS_MEETING, "title": "Werkgeversontbijt", "held_on": "2026-11-03", "version": 1}


def lead_form(w: World) -> dict[str, Any]:
    return {"name": "Installatiebedrijf Matrix", "city": "Delft", "kind": "company"}


def api_route(attribute: str) -> Any:
    return lambda w: {"route_id": getattr(w, attribute).pk}


def api_activity(attribute: str) -> Any:
    return lambda w: {"activity_id": _activity(getattr(w, attribute)).pk}


ROWS: list[Row] = [
    # The list of a route.
    Row("outreach:activity-list", READ_A, kwargs=route_a, label="own route A"),
    Row("outreach:activity-list", READ_A, kwargs=route_a, query="?kind=research&page=2", label="own route A, filtered"),
    Row("outreach:activity-list", READ_B, kwargs=route_b, label="other route B"),
    # Create.
    Row("outreach:activity-create", CHANGE_A, kwargs=route_a, label="own route A"),
    Row("outreach:activity-create", CHANGE_B, kwargs=route_b, label="other route B"),
    Row(
        "outreach:activity-create",
        done(CHANGE_A),
        kwargs=route_a,
        method="POST",
        data=activity_form,
        label="own route A",
    ),
    Row(
        "outreach:activity-create",
        done(CHANGE_B),
        kwargs=route_b,
        method="POST",
        data=activity_form,
        label="other route B",
    ),
    # One activity.
    Row("outreach:activity-detail", READ_A, kwargs=activity_a, label="own route A"),
    Row("outreach:activity-detail", READ_B, kwargs=activity_b, label="other route B"),
    Row("outreach:activity-edit", CHANGE_A, kwargs=activity_a, label="own route A"),
    Row("outreach:activity-edit", CHANGE_B, kwargs=activity_b, label="other route B"),
    Row("outreach:activity-edit", done(CHANGE_A), kwargs=activity_a, method="POST", data=activity_form, label="own A"),
    Row(
        "outreach:activity-edit", done(CHANGE_B), kwargs=activity_b, method="POST", data=activity_form, label="other B"
    ),
    Row("outreach:activity-material", READ_A, kwargs=material_a, label="own route A"),
    Row("outreach:activity-material", READ_B, kwargs=material_b, label="other route B"),
    Row(
        "outreach:activity-material",
        statuses(404, anonymous=302),
        kwargs=activity_a,
        label="own route A, without material",
    ),
    # Leads: a GET without HTMX goes back to the activity's page. (The duplicate check in place needs HTMX headers;
    # tests/outreach/test_activities_views.py checks that it links no other route's organisation.)
    Row("outreach:activity-lead-add", done(CHANGE_A), kwargs=activity_a, label="own route A"),
    Row("outreach:activity-lead-add", done(CHANGE_A), kwargs=activity_a, method="POST", data=lead_form, label="own A"),
    Row(
        "outreach:activity-lead-add", done(CHANGE_B), kwargs=activity_b, method="POST", data=lead_form, label="other B"
    ),
    Row("outreach:activity-lead-link", POST_ONLY, kwargs=activity_a),
    Row(
        "outreach:activity-lead-link",
        done(CHANGE_A),
        kwargs=activity_a,
        method="POST",
        data=lambda w: {"organisation": w.company.pk},
        label="own route A, its company",
    ),
    Row(
        "outreach:activity-lead-link",
        {**done(CHANGE_A), "coordinator": 404},
        kwargs=activity_a,
        method="POST",
        data=lambda w: {"organisation": w.other_company.pk},
        label="own route A, route B's company",
    ),
    Row(
        "outreach:activity-lead-link",
        done(CHANGE_B),
        kwargs=activity_b,
        method="POST",
        data=lambda w: {"organisation": w.other_company.pk},
        label="other route B, its company",
    ),
    # The API.
    Row("api:outreach-activity-list", API_READ_A, kwargs=api_route("route"), label="own route A"),
    Row("api:outreach-activity-list", API_READ_B, kwargs=api_route("other_route"), label="other route B"),
    Row("api:outreach-activity-detail", API_READ_A, kwargs=api_activity("route"), label="own route A"),
    Row("api:outreach-activity-detail", API_READ_B, kwargs=api_activity("other_route"), label="other route B"),
    Row("api:outreach-activity-leads", API_READ_A, kwargs=api_activity("route"), label="own route A"),
    Row("api:outreach-activity-leads", API_READ_B, kwargs=api_activity("other_route"), label="other route B"),
]


def hosted_a(w: World) -> dict[str, Any]:
    return {"pk": OutreachActivityFactory(route=w.route, host=w.branch).pk}


def hosted_b(w: World) -> dict[str, Any]:
    host = OrganisationFactory(
        name="Zorgbranche Oost", kind=OrganisationKind.BRANCH_ASSOCIATION, routes=[w.other_route]
    )
    return {"pk": OutreachActivityFactory(route=w.other_route, host=host).pk}


ROWS += [
    # The activity as a contact moment with its host.
    Row("outreach:activity-contact-log", POST_ONLY, kwargs=hosted_a),
    Row(
        "outreach:activity-contact-log",
        done(CHANGE_A),
        kwargs=hosted_a,
        method="POST",
        data=lambda w: {},
        label="own route A, hosted by its branch association",
    ),
    Row(
        "outreach:activity-contact-log",
        done(CHANGE_B),
        kwargs=hosted_b,
        method="POST",
        data=lambda w: {},
        label="other route B",
    ),
]

ROWS += [
    # The API's quick-add link takes a body; without one, every persona with credentials gets 422 (the body is
    # checked before the view), so the row asks with GET: a POST-only path.
    Row("api:outreach-activity-lead-link", statuses(405), kwargs=api_activity("route")),
]
