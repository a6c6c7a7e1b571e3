"""Who may reach the responsibility matrix of a route.

Every party of route A reads its matrix and its PDF (staff, the host company's contact and supervisor, the
student, the branch association's contact); coordinators change it (teachers and parties get 403); everyone else
404 (other route's staff, another company's contact), anonymous to the login. Route B's matrix is read by its
staff and its host company's contact. Rows use `agreement_world`: route A's matrix has one task and the
programme's column; route B one task. POST rows send a valid form, so 302 means the action was done.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.factories.agreements import agreement_world
from tests.security.matrix.base import Row, statuses
from verbinder.agreements.enums import MatrixPartyKind
from verbinder.agreements.models import MatrixParty

PARTIES_A = ("company_contact", "workplace_supervisor", "student", "partner_contact")
READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=302, **dict.fromkeys(PARTIES_A, 200))
READ_B = statuses(404, admin=200, other_coordinator=200, other_company_contact=200, anonymous=302)
DONE_A = statuses(404, admin=302, coordinator=302, teacher=403, anonymous=302, **dict.fromkeys(PARTIES_A, 403))
DONE_B = statuses(404, admin=302, other_coordinator=302, other_company_contact=403, anonymous=302)
FORM_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=302, **dict.fromkeys(PARTIES_A, 403))
POST_ONLY = statuses(405, anonymous=302)


def route_a(w: World) -> dict[str, Any]:
    agreement_world(w)
    return {"route_pk": w.route.pk}


def route_b(w: World) -> dict[str, Any]:
    agreement_world(w)
    return {"route_pk": w.other_route.pk}


def task_a(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).task.pk}


def task_b(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).other_task.pk}


def column_a(w: World) -> dict[str, Any]:
    agreement_world(w)
    party, _created = MatrixParty.objects.get_or_create(
        route=w.route, kind=MatrixPartyKind.PARTNER, organisation=None, defaults={"label": "Eigen kolom", "position": 9}
    )
    return {"pk": party.pk}


def column_b(w: World) -> dict[str, Any]:
    agreement_world(w)
    party, _created = MatrixParty.objects.get_or_create(
        route=w.other_route,
        kind=MatrixPartyKind.PARTNER,
        organisation=None,
        defaults={"label": "Eigen kolom B", "position": 9},
    )
    return {"pk": party.pk}


def cell_a(w: World) -> dict[str, Any]:
    aw = agreement_world(w)
    return {f"cell-{aw.task.pk}-{aw.party.pk}": "R", f"was-{aw.task.pk}-{aw.party.pk}": "A"}


def task_form(w: World) -> dict[str, Any]:
    return {"name": "Evaluatie", "description": "Jaarlijks"}


def column_form(w: World) -> dict[str, Any]:
    return {"label": "Gemeente", "kind": "partner"}


ROWS: list[Row] = [
    Row("agreements:matrix", READ_A, kwargs=route_a, label="own route A"),
    Row("agreements:matrix", READ_B, kwargs=route_b, label="other route B"),
    Row("agreements:matrix-pdf", READ_A, kwargs=route_a, label="own route A"),
    Row("agreements:matrix-pdf", READ_B, kwargs=route_b, label="other route B"),
    Row("agreements:matrix-start", POST_ONLY, kwargs=route_a, label="GET"),
    Row("agreements:matrix-start", DONE_A, kwargs=route_a, method="POST", label="own route A"),
    Row("agreements:matrix-start", DONE_B, kwargs=route_b, method="POST", label="other route B"),
    Row("agreements:matrix-cells", POST_ONLY, kwargs=route_a, label="GET"),
    Row("agreements:matrix-cells", DONE_A, kwargs=route_a, method="POST", data=cell_a, label="own route A"),
    Row(
        "agreements:matrix-cells",
        statuses(404, admin=422, other_coordinator=422, other_company_contact=403, anonymous=302),
        kwargs=route_b,
        method="POST",
        data=cell_a,
        label="route B with route A's cell (refused)",
    ),
    Row("agreements:matrix-task-add", POST_ONLY, kwargs=route_a, label="GET"),
    Row("agreements:matrix-task-add", DONE_A, kwargs=route_a, method="POST", data=task_form, label="own route A"),
    Row("agreements:matrix-task-add", DONE_B, kwargs=route_b, method="POST", data=task_form, label="other route B"),
    Row("agreements:matrix-task-edit", FORM_A, kwargs=task_a, label="task A"),
    Row("agreements:matrix-task-edit", DONE_A, kwargs=task_a, method="POST", data=task_form, label="task A"),
    Row("agreements:matrix-task-edit", DONE_B, kwargs=task_b, method="POST", data=task_form, label="task B"),
    Row("agreements:matrix-task-remove", POST_ONLY, kwargs=task_a, label="GET"),
    Row("agreements:matrix-task-remove", DONE_A, kwargs=task_a, method="POST", label="task A"),
    Row("agreements:matrix-task-remove", DONE_B, kwargs=task_b, method="POST", label="task B"),
    Row("agreements:matrix-task-move", POST_ONLY, kwargs=task_a, label="GET"),
    Row(
        "agreements:matrix-task-move",
        DONE_A,
        kwargs=task_a,
        method="POST",
        data=lambda w: {"direction": "down"},
        label="task A",
    ),
    Row("agreements:matrix-party-add", POST_ONLY, kwargs=route_a, label="GET"),
    Row("agreements:matrix-party-add", DONE_A, kwargs=route_a, method="POST", data=column_form, label="own route A"),
    Row("agreements:matrix-party-add", DONE_B, kwargs=route_b, method="POST", data=column_form, label="other route B"),
    Row("agreements:matrix-party-remove", POST_ONLY, kwargs=column_a, label="GET"),
    Row("agreements:matrix-party-remove", DONE_A, kwargs=column_a, method="POST", label="column A"),
    Row("agreements:matrix-party-remove", DONE_B, kwargs=column_b, method="POST", label="column B"),
]
