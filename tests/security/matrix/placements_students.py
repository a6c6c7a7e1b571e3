"""Who may reach the student pages and the student import: the route's staff read (teachers too), its coordinators
(and administrators) add, edit and import; teachers get 403 on a change; everyone outside the hogeschool's staff
gets 404, also for a student they reach in the portal (the company contact of the student's host, the student);
staff of route B get 404 on route A and the other way round.

The import keeps its uploaded file in the session: without one, its column and commit steps send the person back
to the upload (302). A POST with a valid form is 302 for those allowed."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.factories.placements import placement_world
from tests.security.matrix.base import Row, statuses

STAFF_PAGE = statuses(404, admin=200, coordinator=200, teacher=200, other_coordinator=200, anonymous=302)
READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=302)
READ_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
CHANGE_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=302)
CHANGE_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
DONE_A = statuses(404, admin=302, coordinator=302, teacher=403, anonymous=302)
DONE_B = statuses(404, admin=302, other_coordinator=302, anonymous=302)
POST_ONLY = statuses(405)


def route_a(w: World) -> dict[str, Any]:
    return {"route_pk": w.route.pk}


def route_b(w: World) -> dict[str, Any]:
    return {"route_pk": w.other_route.pk}


def student_a(w: World) -> dict[str, Any]:
    return {"pk": placement_world(w).student.pk}


def student_b(w: World) -> dict[str, Any]:
    return {"pk": placement_world(w).other_student.pk}


def new_student(w: World) -> dict[str, Any]:
    return {
        "student_number": "7777777",
        "first_name": "Nieuwe",
        "last_name": "Student",
        "email": "nieuw@student.example.nl",
        "postcode": "3511 AB",
        "city": "Utrecht",
        "cohort": "2026",
        "prior_education": "mbo4_bbl",
        "status": "active",
        "hours_per_week": "32",
        "teacher": "",
    }


def edited_student(w: World) -> dict[str, Any]:
    return {**new_student(w), "student_number": "1000001", "first_name": "Sara", "version": 1}


def mapping(w: World) -> dict[str, Any]:
    return {"student_number": "0", "first_name": "1", "last_name": "2", "cohort": "3", "prior_education": "4"}


ROWS: list[Row] = [
    Row("placements:student-routes", STAFF_PAGE),
    Row("placements:student-list", READ_A, kwargs=route_a, label="own route A"),
    Row("placements:student-list", READ_B, kwargs=route_b, label="other route B"),
    Row(
        "placements:student-list",
        READ_A,
        kwargs=route_a,
        query="?q=Olaf&status=active&cohort=2026&prior_education=mbo4_bol&teacher=none&without_placement=on"
        "&sort=-cohort&page=2",
        label="filters, searching route B's student",
    ),
    Row("placements:student-create", CHANGE_A, kwargs=route_a, label="own route A"),
    Row("placements:student-create", CHANGE_B, kwargs=route_b, label="other route B"),
    Row("placements:student-create", DONE_A, kwargs=route_a, method="POST", data=new_student, label="own route A"),
    Row("placements:student-create", DONE_B, kwargs=route_b, method="POST", data=new_student, label="other route B"),
    Row("placements:student-detail", READ_A, kwargs=student_a, label="own route A"),
    Row("placements:student-detail", READ_B, kwargs=student_b, label="other route B"),
    Row("placements:student-edit", CHANGE_A, kwargs=student_a, label="own route A"),
    Row("placements:student-edit", CHANGE_B, kwargs=student_b, label="other route B"),
    Row("placements:student-edit", DONE_A, kwargs=student_a, method="POST", data=edited_student, label="own route A"),
    Row(
        "placements:student-edit",
        statuses(404, admin=302, other_coordinator=302, anonymous=302),
        kwargs=student_b,
        method="POST",
        data=lambda w: {**edited_student(w), "student_number": placement_world(w).other_student.student_number},
        label="other route B",
    ),
    Row("placements:student-import", CHANGE_A, kwargs=route_a, label="own route A"),
    Row("placements:student-import", CHANGE_B, kwargs=route_b, label="other route B"),
    Row("placements:student-import", CHANGE_A, kwargs=route_a, method="POST", label="without file"),
    Row("placements:student-import-map", DONE_A, kwargs=route_a, label="no upload yet, route A"),
    Row("placements:student-import-map", DONE_B, kwargs=route_b, label="no upload yet, route B"),
    Row("placements:student-import-map", DONE_A, kwargs=route_a, method="POST", data=mapping, label="no upload yet"),
    Row("placements:student-import-commit", POST_ONLY, kwargs=route_a, label="GET"),
    Row("placements:student-import-commit", DONE_A, kwargs=route_a, method="POST", label="no upload yet, route A"),
    Row("placements:student-import-commit", DONE_B, kwargs=route_b, method="POST", label="no upload yet, route B"),
]
