"""Who may reach the pages of learning workplaces.

Staff pages: the route's staff read them (coordinators change, teachers only read); a company contact or student
who may see the workplace itself gets 403 there, everyone else 404. The company's pages: the offer page for the
company's contacts (and the coordinators of its routes, and administrators); the company's view of a workplace for
anyone who may see it (a student of the route sees the open ones); editing it for the company's contacts while it
awaits approval. Rows use `placement_world`: an open and a proposed workplace of the company in route A, an open
one of the other company in route B. POST rows send a valid form, so 302 means the action was done.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tests.conftest import World
from tests.factories.placements import placement_world
from tests.security.matrix.base import Row, statuses

READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=302)
READ_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
CHANGE_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=302)
CHANGE_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
# A workplace's staff page: the company contact sees the workplace, the student too when it is open.
DETAIL_OPEN_A = {**READ_A, "company_contact": 403, "student": 403}
DETAIL_PROPOSED_A = {**READ_A, "company_contact": 403}
CHANGE_OPEN_A = {**CHANGE_A, "company_contact": 403, "student": 403}
CHANGE_PROPOSED_A = {**CHANGE_A, "company_contact": 403}
DETAIL_B = {**READ_B, "other_company_contact": 403}
CHANGE_WORKPLACE_B = {**CHANGE_B, "other_company_contact": 403}
POST_ONLY = statuses(405)


def done(expect: dict[str, int]) -> dict[str, int]:
    return {persona: 302 if status == 200 else status for persona, status in expect.items()}


def route_a(w: World) -> dict[str, Any]:
    return {"route_pk": w.route.pk}


def route_b(w: World) -> dict[str, Any]:
    return {"route_pk": w.other_route.pk}


def open_a(w: World) -> dict[str, Any]:
    return {"pk": placement_world(w).workplace.pk}


def proposed_a(w: World) -> dict[str, Any]:
    return {"pk": placement_world(w).proposed_workplace.pk}


def open_b(w: World) -> dict[str, Any]:
    return {"pk": placement_world(w).other_workplace.pk}


def workplace_form(w: World) -> dict[str, Any]:
    start = timezone.localdate() + datetime.timedelta(days=60)
    return {
        "title": "Leerwerkplek Matrix",
        "tasks": "Meewerken",
        "hours_per_week": "32",
        "start_date": start.isoformat(),
        "version": 1,
    }


def create_form_a(w: World) -> dict[str, Any]:
    return {**workplace_form(w), "organisation": w.company.pk}


def create_form_b(w: World) -> dict[str, Any]:
    return {**workplace_form(w), "organisation": w.other_company.pk}


def offer_form_a(w: World) -> dict[str, Any]:
    return {**workplace_form(w), "route": w.route.pk}


def offer_form_b(w: World) -> dict[str, Any]:
    return {**workplace_form(w), "route": w.other_route.pk}


ROWS: list[Row] = [
    # The route's list.
    Row("placements:workplace-list", READ_A, kwargs=route_a, label="own route A"),
    Row(
        "placements:workplace-list",
        READ_A,
        kwargs=route_a,
        query="?status=proposed&region=35&hours_min=8&hours_max=40&start_from=2026-01-01&page=2",
        label="own route A, filtered",
    ),
    Row("placements:workplace-list", READ_B, kwargs=route_b, label="other route B"),
    # Entering one.
    Row("placements:workplace-create", CHANGE_A, kwargs=route_a, label="own route A"),
    Row("placements:workplace-create", CHANGE_B, kwargs=route_b, label="other route B"),
    Row(
        "placements:workplace-create",
        done(CHANGE_A),
        kwargs=route_a,
        method="POST",
        data=create_form_a,
        label="own route A",
    ),
    Row(
        "placements:workplace-create",
        {**done(CHANGE_A), "coordinator": 200, "admin": 200},
        kwargs=route_a,
        method="POST",
        data=create_form_b,
        label="own route A, route B's company (refused by the form)",
    ),
    Row(
        "placements:workplace-create",
        done(CHANGE_B),
        kwargs=route_b,
        method="POST",
        data=create_form_b,
        label="other route B",
    ),
    # One workplace.
    Row("placements:workplace-detail", DETAIL_OPEN_A, kwargs=open_a, label="own route A, open"),
    Row("placements:workplace-detail", DETAIL_PROPOSED_A, kwargs=proposed_a, label="own route A, proposed"),
    Row("placements:workplace-detail", DETAIL_B, kwargs=open_b, label="other route B"),
    Row("placements:workplace-edit", CHANGE_OPEN_A, kwargs=open_a, label="own route A"),
    Row("placements:workplace-edit", CHANGE_WORKPLACE_B, kwargs=open_b, label="other route B"),
    Row(
        "placements:workplace-edit",
        done(CHANGE_OPEN_A),
        kwargs=open_a,
        method="POST",
        data=workplace_form,
        label="own route A",
    ),
    Row(
        "placements:workplace-edit",
        done(CHANGE_WORKPLACE_B),
        kwargs=open_b,
        method="POST",
        data=workplace_form,
        label="other B",
    ),
    # Approve (one click, with the version) and withdraw.
    Row("placements:workplace-approve", POST_ONLY, kwargs=proposed_a),
    Row(
        "placements:workplace-approve",
        done(CHANGE_PROPOSED_A),
        kwargs=proposed_a,
        method="POST",
        data=lambda w: {"version": 1},
        label="own route A, proposed",
    ),
    Row(
        "placements:workplace-approve",
        done(CHANGE_WORKPLACE_B),
        kwargs=open_b,
        method="POST",
        data=lambda w: {"version": 1},
        label="other route B (refused: open, back to its page)",
    ),
    Row("placements:workplace-withdraw", CHANGE_OPEN_A, kwargs=open_a, label="own route A"),
    Row("placements:workplace-withdraw", CHANGE_WORKPLACE_B, kwargs=open_b, label="other route B"),
    Row(
        "placements:workplace-withdraw",
        done(CHANGE_OPEN_A),
        kwargs=open_a,
        method="POST",
        data=lambda w: {"version": 1, "reason": "Zelf iemand gevonden"},
        label="own route A",
    ),
    Row(
        "placements:workplace-withdraw",
        done(CHANGE_WORKPLACE_B),
        kwargs=open_b,
        method="POST",
        data=lambda w: {"version": 1},
        label="other route B",
    ),
]

# The company's pages.
OFFER_A = statuses(
    404,
    admin=200,
    coordinator=200,
    teacher=403,
    company_contact=200,
    workplace_supervisor=403,
    student=403,
    anonymous=302,
)
OFFER_B = statuses(404, admin=200, other_coordinator=200, other_company_contact=200, anonymous=302)
OFFERED_OPEN_A = {**READ_A, "company_contact": 200, "student": 200}
OFFERED_PROPOSED_A = {**READ_A, "company_contact": 200}
OFFERED_B = {**READ_B, "other_company_contact": 200}
# Only the company's contacts edit their offer; staff may see it (403), students do not see a proposed one.
OFFER_EDIT_A = statuses(404, admin=403, coordinator=403, teacher=403, company_contact=200, anonymous=302)

ROWS += [
    Row("placements:workplace-offer", OFFER_A, kwargs=lambda w: {"organisation_pk": w.company.pk}, label="company A"),
    Row(
        "placements:workplace-offer",
        OFFER_B,
        kwargs=lambda w: {"organisation_pk": w.other_company.pk},
        label="company B",
    ),
    Row(
        "placements:workplace-offer",
        done(OFFER_A),
        kwargs=lambda w: {"organisation_pk": w.company.pk},
        method="POST",
        data=offer_form_a,
        label="company A",
    ),
    Row(
        "placements:workplace-offer",
        {**done(OFFER_A), "admin": 200, "coordinator": 200, "company_contact": 200},
        kwargs=lambda w: {"organisation_pk": w.company.pk},
        method="POST",
        data=offer_form_b,
        label="company A for route B (refused by the form)",
    ),
    Row(
        "placements:workplace-offer",
        done(OFFER_B),
        kwargs=lambda w: {"organisation_pk": w.other_company.pk},
        method="POST",
        data=offer_form_b,
        label="company B",
    ),
    Row("placements:offered-workplace", OFFERED_OPEN_A, kwargs=open_a, label="own route A, open"),
    Row("placements:offered-workplace", OFFERED_PROPOSED_A, kwargs=proposed_a, label="own route A, proposed"),
    Row("placements:offered-workplace", OFFERED_B, kwargs=open_b, label="other route B"),
    Row("placements:offered-workplace-edit", OFFER_EDIT_A, kwargs=proposed_a, label="own route A, proposed"),
    Row(
        "placements:offered-workplace-edit",
        statuses(404, admin=403, other_coordinator=403, other_company_contact=302, anonymous=302),
        kwargs=open_b,
        label="other route B, open (back to its page)",
    ),
    Row(
        "placements:offered-workplace-edit",
        done(OFFER_EDIT_A),
        kwargs=proposed_a,
        method="POST",
        data=workplace_form,
        label="own route A, proposed",
    ),
    # The company withdraws its offer (awaiting approval or open): its contacts only.
    Row("placements:offered-workplace-withdraw", OFFER_EDIT_A, kwargs=proposed_a, label="own route A, proposed"),
    Row(
        "placements:offered-workplace-withdraw",
        {**OFFER_EDIT_A, "student": 403},
        kwargs=open_a,
        label="own route A, open",
    ),
    Row(
        "placements:offered-workplace-withdraw",
        statuses(404, admin=403, other_coordinator=403, other_company_contact=200, anonymous=302),
        kwargs=open_b,
        label="other route B, open",
    ),
    Row(
        "placements:offered-workplace-withdraw",
        done(OFFER_EDIT_A),
        kwargs=proposed_a,
        method="POST",
        data=lambda w: {"version": 1, "reason": "Geen plek meer"},
        label="own route A, proposed",
    ),
]
