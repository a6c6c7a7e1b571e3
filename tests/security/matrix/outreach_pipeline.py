"""Who may reach the pipeline pages and API: staff of the route read it, its coordinators (and admins) move and
edit; teachers get 403 on a change; external users (company contacts, students, partners) get 404 everywhere,
also for their own organisation; staff of route B get 404 on route A and the other way round. POST rows send a
valid form, so 302 means the move or save was allowed."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.security.matrix.base import Row, statuses

STAFF_PAGE = statuses(404, admin=200, coordinator=200, teacher=200, other_coordinator=200, anonymous=302)
READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=302)
READ_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
CHANGE_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=302)
CHANGE_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
DONE_A = statuses(404, admin=302, coordinator=302, teacher=403, anonymous=302)
DONE_B = statuses(404, admin=302, other_coordinator=302, anonymous=302)
POST_ONLY = statuses(405)

API_READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=401)
API_READ_B = statuses(404, admin=200, other_coordinator=200, anonymous=401)
API_CHANGE_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=401)
API_CHANGE_B = statuses(404, admin=200, other_coordinator=200, anonymous=401)


def route_a(w: World) -> dict[str, Any]:
    return {"route_pk": w.route.pk}


def route_b(w: World) -> dict[str, Any]:
    return {"route_pk": w.other_route.pk}


def company_a(w: World) -> dict[str, Any]:
    return {"route_pk": w.route.pk, "organisation_pk": w.company.pk}


def company_b(w: World) -> dict[str, Any]:
    return {"route_pk": w.other_route.pk, "organisation_pk": w.other_company.pk}


def company_b_in_route_a(w: World) -> dict[str, Any]:
    return {"route_pk": w.route.pk, "organisation_pk": w.other_company.pk}


def move(w: World) -> dict[str, Any]:
    return {"to_stage": "contacted", "version": 1}


def bulk_a(w: World) -> dict[str, Any]:
    return {"entry": [f"{w.company.pk}:1", f"{w.branch.pk}:1"], "to_stage": "paused"}


def bulk_b(w: World) -> dict[str, Any]:
    return {"entry": [f"{w.other_company.pk}:1"], "to_stage": "paused"}


def entry_form(w: World) -> dict[str, Any]:
    return {"source": "own_network", "source_note": "Via de buren", "front_runner": "on", "version": 1}


def api_entry_a(w: World) -> dict[str, Any]:
    return {"route_id": w.route.pk, "organisation_id": w.company.pk}


def api_entry_b(w: World) -> dict[str, Any]:
    return {"route_id": w.other_route.pk, "organisation_id": w.other_company.pk}


ROWS: list[Row] = [
    Row("outreach:pipeline", STAFF_PAGE),
    Row("outreach:board", READ_A, kwargs=route_a, label="own route A"),
    Row("outreach:board", READ_B, kwargs=route_b, label="other route B"),
    Row(
        "outreach:board",
        READ_A,
        kwargs=route_a,
        query="?q=Zorgtechniek&kind=company&source=none&front_runner=on",
        label="filters, searching route B's name",
    ),
    Row("outreach:pipeline-list", READ_A, kwargs=route_a, label="own route A"),
    Row("outreach:pipeline-list", READ_B, kwargs=route_b, label="other route B"),
    Row(
        "outreach:pipeline-list",
        READ_A,
        kwargs=route_a,
        query="?stage=prospect&sort=-since&q=GEHEIM&page=2",
        label="filters",
    ),
    Row("outreach:pipeline-bulk-move", DONE_A, kwargs=route_a, method="POST", data=bulk_a, label="own route A"),
    Row("outreach:pipeline-bulk-move", DONE_B, kwargs=route_b, method="POST", data=bulk_b, label="other route B"),
    Row("outreach:pipeline-bulk-move", POST_ONLY, kwargs=route_a, label="GET"),
    Row("outreach:entry-detail", READ_A, kwargs=company_a, label="own route A"),
    Row("outreach:entry-detail", READ_B, kwargs=company_b, label="other route B"),
    Row(
        "outreach:entry-detail",
        statuses(404, anonymous=302),
        kwargs=company_b_in_route_a,
        label="route B's organisation under route A",
    ),
    Row("outreach:entry-edit", CHANGE_A, kwargs=company_a, label="own route A"),
    Row("outreach:entry-edit", CHANGE_B, kwargs=company_b, label="other route B"),
    Row("outreach:entry-edit", DONE_A, kwargs=company_a, method="POST", data=entry_form, label="own route A"),
    Row("outreach:entry-edit", DONE_B, kwargs=company_b, method="POST", data=entry_form, label="other route B"),
    Row("outreach:stage-move", DONE_A, kwargs=company_a, method="POST", data=move, label="own route A"),
    Row("outreach:stage-move", DONE_B, kwargs=company_b, method="POST", data=move, label="other route B"),
    Row(
        "outreach:stage-move",
        statuses(404, anonymous=302),
        kwargs=company_b_in_route_a,
        method="POST",
        data=move,
        label="route B's organisation under route A",
    ),
    Row("outreach:stage-move", POST_ONLY, kwargs=company_a, label="GET"),
    # The API (session-authenticated as the matrix is; tests/api/test_outreach_pipeline.py uses tokens).
    Row("api:pipeline-list", API_READ_A, kwargs=lambda w: {"route_id": w.route.pk}, label="own route A"),
    Row("api:pipeline-list", API_READ_B, kwargs=lambda w: {"route_id": w.other_route.pk}, label="other route B"),
    Row("api:pipeline-entry", API_READ_A, kwargs=api_entry_a, label="own route A"),
    Row("api:pipeline-entry", API_READ_B, kwargs=api_entry_b, label="other route B"),
    # The move takes a JSON body, which the matrix does not send: its reach per persona is in the API tests.
    Row("api:pipeline-move", POST_ONLY, kwargs=api_entry_a, label="GET"),
]
