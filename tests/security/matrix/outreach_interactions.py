"""Who may reach the contact-moment and follow-up pages and their API: staff of the route and administrators.

External users (company contacts, supervisors, students, partner contacts) get 404 on every one of these URLs,
also for their own organisation: contact moments and follow-ups are the hogeschool's own memory. Contact moments
are changed by their author or the route's coordinator; follow-ups by their assignee or the coordinator.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tests.conftest import World
from tests.factories.outreach import FollowUpFactory, InteractionFactory
from tests.security.matrix.base import Row, statuses

# Pages.
STAFF_PAGE = statuses(404, admin=200, coordinator=200, teacher=200, other_coordinator=200, anonymous=302)
READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=302)
READ_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
# Changed by the author (the coordinator) or the coordinator: the teacher sees it but may not (403).
CHANGE_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=302)
CHANGE_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
ASSIGNED_TO_TEACHER_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=302)
NOT_FOUND_FOR_ALL = statuses(404, anonymous=302)
POST_ONLY = statuses(405)
# The API: 401 instead of the login page.
API_STAFF = statuses(404, admin=200, coordinator=200, teacher=200, other_coordinator=200, anonymous=401)
API_READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=401)
API_READ_B = statuses(404, admin=200, other_coordinator=200, anonymous=401)
API_CHANGE_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=401)
API_CHANGE_B = statuses(404, admin=200, other_coordinator=200, anonymous=401)


def done(expect: dict[str, int]) -> dict[str, int]:
    return {persona: 302 if status == 200 else status for persona, status in expect.items()}


def today() -> datetime.date:
    return timezone.localdate()


def interaction_a(w: World) -> Any:
    return InteractionFactory(route=w.route, organisation=w.company, created_by=w.users["coordinator"])


def interaction_b(w: World) -> Any:
    return InteractionFactory(
        route=w.other_route, organisation=w.other_company, created_by=w.users["other_coordinator"]
    )


def follow_up_a(w: World, assignee: str = "coordinator") -> Any:
    return FollowUpFactory(route=w.route, organisation=w.company, assignee=w.users[assignee])


def follow_up_b(w: World) -> Any:
    return FollowUpFactory(route=w.other_route, organisation=w.other_company, assignee=w.users["other_coordinator"])


def done_follow_up_a(w: World) -> dict[str, Any]:
    return {
        "pk": FollowUpFactory(
            route=w.route, organisation=w.company, assignee=w.users["coordinator"], done_at=timezone.now()
        ).pk
    }


def done_follow_up_b(w: World) -> dict[str, Any]:
    return {
        "pk": FollowUpFactory(
            route=w.other_route,
            organisation=w.other_company,
            assignee=w.users["other_coordinator"],
            done_at=timezone.now(),
        ).pk
    }


def interaction_form(w: World, route: Any, organisation: Any) -> dict[str, Any]:
    return {
        "organisation": organisation.pk,
        "route": route.pk,
        "kind": "phone",
        "occurred_on": today().isoformat(),
        "notes": "Gebeld.",
    }


def follow_up_form(w: World, route: Any, organisation: Any, assignee: str) -> dict[str, Any]:
    return {
        "organisation": organisation.pk,
        "route": route.pk,
        "description": "Terugbellen",
        "assignee": w.users[assignee].pk,
        "due_on": (today() + datetime.timedelta(days=1)).isoformat(),
    }


def follow_up_edit_form(w: World) -> dict[str, Any]:
    return {
        "description": "Terugbellen",
        "assignee": w.users["coordinator"].pk,
        "due_on": (today() + datetime.timedelta(days=2)).isoformat(),
    }


def follow_up_edit_form_b(w: World) -> dict[str, Any]:
    return {**follow_up_edit_form(w), "assignee": w.users["other_coordinator"].pk}


ROWS: list[Row] = [
    # The organisation's contact panel (also the timeline page).
    Row("outreach:organisation-contact", READ_A, kwargs=lambda w: {"pk": w.company.pk}, label="own company"),
    Row("outreach:organisation-contact", READ_A, kwargs=lambda w: {"pk": w.branch.pk}, label="own branch"),
    Row("outreach:organisation-contact", READ_B, kwargs=lambda w: {"pk": w.other_company.pk}, label="other company"),
    # Quick entry of a contact moment.
    Row("outreach:interaction-create", NOT_FOUND_FOR_ALL, label="without an organisation"),
    Row("outreach:interaction-create", NOT_FOUND_FOR_ALL, query="?organisation=x1", label="a bad organisation"),
    Row(
        "outreach:interaction-create",
        done(READ_A),
        method="POST",
        data=lambda w: interaction_form(w, w.route, w.company),
        label="own company",
    ),
    Row(
        "outreach:interaction-create",
        done(READ_B),
        method="POST",
        data=lambda w: interaction_form(w, w.other_route, w.other_company),
        label="other company",
    ),
    # Editing a contact moment.
    Row("outreach:interaction-edit", CHANGE_A, kwargs=lambda w: {"pk": interaction_a(w).pk}, label="own"),
    Row("outreach:interaction-edit", CHANGE_B, kwargs=lambda w: {"pk": interaction_b(w).pk}, label="other"),
    Row(
        "outreach:interaction-edit",
        done(CHANGE_A),
        kwargs=lambda w: {"pk": interaction_a(w).pk},
        method="POST",
        data=lambda w: {"kind": "visit", "occurred_on": today().isoformat(), "notes": "Bezocht."},
        label="own",
    ),
    Row(
        "outreach:interaction-edit",
        done(CHANGE_B),
        kwargs=lambda w: {"pk": interaction_b(w).pk},
        method="POST",
        data=lambda w: {"kind": "visit", "occurred_on": today().isoformat(), "notes": "Bezocht."},
        label="other",
    ),
    # Follow-ups.
    Row("outreach:my-follow-ups", STAFF_PAGE),
    Row("outreach:my-follow-ups", STAFF_PAGE, query="?status=overdue", label="overdue"),
    Row("outreach:my-follow-ups", STAFF_PAGE, query="?status=done&page=2", label="done, page 2"),
    Row("outreach:follow-up-create", NOT_FOUND_FOR_ALL, label="without an organisation"),
    Row(
        "outreach:follow-up-create",
        done(READ_A),
        method="POST",
        data=lambda w: follow_up_form(w, w.route, w.company, "teacher"),
        label="own company",
    ),
    Row(
        "outreach:follow-up-create",
        done(READ_B),
        method="POST",
        data=lambda w: follow_up_form(w, w.other_route, w.other_company, "other_coordinator"),
        label="other company",
    ),
    Row(
        "outreach:follow-up-edit",
        ASSIGNED_TO_TEACHER_A,
        kwargs=lambda w: {"pk": follow_up_a(w, "teacher").pk},
        label="own, assigned to the teacher",
    ),
    Row(
        "outreach:follow-up-edit",
        CHANGE_A,
        kwargs=lambda w: {"pk": follow_up_a(w).pk},
        label="own, assigned to the coordinator",
    ),
    Row("outreach:follow-up-edit", CHANGE_B, kwargs=lambda w: {"pk": follow_up_b(w).pk}, label="other"),
    Row(
        "outreach:follow-up-edit",
        done(CHANGE_A),
        kwargs=lambda w: {"pk": follow_up_a(w).pk},
        method="POST",
        data=follow_up_edit_form,
        label="own",
    ),
    Row(
        "outreach:follow-up-edit",
        done(CHANGE_B),
        kwargs=lambda w: {"pk": follow_up_b(w).pk},
        method="POST",
        data=follow_up_edit_form_b,
        label="other",
    ),
]

for _name in ("outreach:follow-up-done", "outreach:follow-up-reopen"):
    _own = (lambda w: {"pk": follow_up_a(w).pk}) if _name.endswith("done") else done_follow_up_a
    _other = (lambda w: {"pk": follow_up_b(w).pk}) if _name.endswith("done") else done_follow_up_b
    ROWS += [
        Row(_name, POST_ONLY, kwargs=_own),
        Row(_name, done(CHANGE_A), kwargs=_own, method="POST", label="own"),
        Row(_name, done(CHANGE_B), kwargs=_other, method="POST", label="other"),
    ]

ROWS += [
    # The API.
    Row("api:interaction-list", API_STAFF),
    Row("api:interaction-list", API_STAFF, query="?route=1&organisation=1", label="filters"),
    Row("api:interaction-detail", API_READ_A, kwargs=lambda w: {"interaction_id": interaction_a(w).pk}, label="own"),
    Row("api:interaction-detail", API_READ_B, kwargs=lambda w: {"interaction_id": interaction_b(w).pk}, label="other"),
    Row("api:follow-up-list", API_STAFF),
    Row("api:follow-up-list", API_STAFF, query="?mine=true&status=overdue", label="mine, overdue"),
    Row("api:follow-up-detail", API_READ_A, kwargs=lambda w: {"follow_up_id": follow_up_a(w).pk}, label="own"),
    Row("api:follow-up-detail", API_READ_B, kwargs=lambda w: {"follow_up_id": follow_up_b(w).pk}, label="other"),
    Row(
        "api:follow-up-done",
        API_CHANGE_A,
        kwargs=lambda w: {"follow_up_id": follow_up_a(w).pk},
        method="POST",
        label="own",
    ),
    Row(
        "api:follow-up-done",
        API_CHANGE_B,
        kwargs=lambda w: {"follow_up_id": follow_up_b(w).pk},
        method="POST",
        label="other",
    ),
    Row(
        "api:follow-up-reopen",
        API_CHANGE_A,
        kwargs=lambda w: {"follow_up_id": done_follow_up_a(w)["pk"]},
        method="POST",
        label="own",
    ),
    Row(
        "api:follow-up-reopen",
        API_CHANGE_B,
        kwargs=lambda w: {"follow_up_id": done_follow_up_b(w)["pk"]},
        method="POST",
        label="other",
    ),
]
