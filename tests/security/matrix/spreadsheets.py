"""Who may reach import and export (verbinder.spreadsheets, URLs in the partners namespace).

Export: the staff of any route (and admins), each seeing their own scope; externals 404 as for the list.
Import: coordinators (and admins) start one; teachers may not (403). An import is private to its creator:
anyone else, the other coordinator included, gets 404 (admins may look).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import World
from tests.security.matrix.base import Row, statuses
from tests.spreadsheets.factories import ImportJobFactory
from verbinder.spreadsheets.enums import ImportStatus

STAFF_PAGE = statuses(404, admin=200, coordinator=200, teacher=200, other_coordinator=200, anonymous=302)
COORDINATORS = statuses(404, admin=200, coordinator=200, other_coordinator=200, teacher=403, anonymous=302)
OWN_JOB = statuses(404, admin=200, coordinator=200, anonymous=302)
OTHER_JOB = statuses(404, admin=200, other_coordinator=200, anonymous=302)
POST_ONLY = statuses(405)


def done(expect: dict[str, int]) -> dict[str, int]:
    """The same expectation for a successful POST: the allowed personas are redirected (302)."""
    return {persona: 302 if status == 200 else status for persona, status in expect.items()}


def job_of(persona: str, status: str = ImportStatus.UPLOADED) -> Callable[[World], dict[str, Any]]:
    """URL kwargs of an import that `persona` uploaded into their route."""

    def kwargs(w: World) -> dict[str, Any]:
        route = w.route if persona == "coordinator" else w.other_route
        return {"pk": ImportJobFactory(created_by=w.users[persona], route=route, status=status).pk}

    return kwargs


def mapping(w: World) -> dict[str, Any]:
    return {"name": "0", "kvk_number": "1"}


def upload_without_file(w: World) -> dict[str, Any]:
    return {"route": w.route.pk}


ROWS: list[Row] = [
    Row("partners:organisation-export", STAFF_PAGE, lambda w: {"fmt": "csv"}, label="csv"),
    Row("partners:organisation-export", STAFF_PAGE, lambda w: {"fmt": "xlsx"}, label="xlsx"),
    Row("partners:organisation-export", STAFF_PAGE, lambda w: {"fmt": "csv"}, query="?q=Korenaar", label="filtered"),
    Row("partners:organisation-export", statuses(404, anonymous=302), lambda w: {"fmt": "pdf"}, label="unknown"),
    Row("partners:import-create", COORDINATORS),
    Row("partners:import-create", COORDINATORS, method="POST", data=upload_without_file, label="without file"),
    Row("partners:import-map", OWN_JOB, job_of("coordinator"), label="own"),
    Row("partners:import-map", OTHER_JOB, job_of("other_coordinator"), label="other"),
    Row("partners:import-map", done(OWN_JOB), job_of("coordinator"), method="POST", data=mapping, label="own"),
    Row(
        "partners:import-map", done(OTHER_JOB), job_of("other_coordinator"), method="POST", data=mapping, label="other"
    ),
    Row("partners:import-detail", OWN_JOB, job_of("coordinator"), label="own"),
    Row("partners:import-detail", OTHER_JOB, job_of("other_coordinator"), label="other"),
    Row("partners:import-progress", OWN_JOB, job_of("coordinator", ImportStatus.VALIDATING), label="own"),
    Row("partners:import-progress", OTHER_JOB, job_of("other_coordinator", ImportStatus.VALIDATING), label="other"),
    Row("partners:import-commit", POST_ONLY, job_of("coordinator", ImportStatus.READY)),
    Row("partners:import-commit", done(OWN_JOB), job_of("coordinator", ImportStatus.READY), method="POST", label="own"),
    Row(
        "partners:import-commit",
        done(OTHER_JOB),
        job_of("other_coordinator", ImportStatus.READY),
        method="POST",
        label="other",
    ),
]
