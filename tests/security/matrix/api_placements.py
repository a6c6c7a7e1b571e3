"""Who may reach the placements API (verbinder.api.placements), with a logged-in session as the matrix uses.

The reach of the pages and the portal: staff of a route read everything of it; a company contact their
company's workplaces, placements and the students in them; a workplace supervisor the placements they
supervise; a student their own record and placement and the open workplaces of their route; 404 outside that,
401 without credentials. Lists answer what the persona reaches (empty for a partner contact). A placement's
events are for staff: 403 for the others who see the placement. Actions take a JSON body, which the matrix does
not send: their rows ask with GET (405); tests/api/test_placements_*.py request them as every persona.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.factories.placements import placement_world
from tests.security.matrix.base import Row, statuses

STAFF_A = {"admin": 200, "coordinator": 200, "teacher": 200}
STAFF_B = {"admin": 200, "other_coordinator": 200}
LISTS = statuses(200, anonymous=401)
PLACEMENT_A = statuses(404, **STAFF_A, company_contact=200, workplace_supervisor=200, student=200, anonymous=401)
PLACEMENT_B = statuses(404, **STAFF_B, other_company_contact=200, anonymous=401)
EVENTS_A = statuses(404, **STAFF_A, company_contact=403, workplace_supervisor=403, student=403, anonymous=401)
EVENTS_B = statuses(404, **STAFF_B, other_company_contact=403, anonymous=401)
OPEN_WORKPLACE_A = statuses(404, **STAFF_A, company_contact=200, student=200, anonymous=401)
PROPOSED_WORKPLACE_A = statuses(404, **STAFF_A, company_contact=200, anonymous=401)
WORKPLACE_B = statuses(404, **STAFF_B, other_company_contact=200, anonymous=401)
PROPOSED_STUDENT_A = statuses(404, **STAFF_A, company_contact=200, anonymous=401)
MATCH_A = statuses(404, **STAFF_A, company_contact=200, anonymous=401)
MATCH_B = statuses(404, **STAFF_B, other_company_contact=200, anonymous=401)
POST_ONLY = statuses(405)


def placement(attribute: str) -> Any:
    return lambda w: {"placement_id": getattr(placement_world(w), attribute).pk}


def workplace(attribute: str) -> Any:
    return lambda w: {"workplace_id": getattr(placement_world(w), attribute).pk}


def student(attribute: str) -> Any:
    return lambda w: {"student_id": getattr(placement_world(w), attribute).pk}


def match(attribute: str) -> Any:
    return lambda w: {"match_id": getattr(placement_world(w), attribute).pk}


def proposed_student(w: World) -> dict[str, Any]:
    return {"student_id": placement_world(w).proposal.student_id}


def with_world(w: World) -> dict[str, Any]:
    """Lists: the placement objects exist, so that the leak probe has something to find."""
    placement_world(w)
    return {}


ROWS: list[Row] = [
    Row("api:placement-list", LISTS, kwargs=with_world),
    Row("api:placement-list", LISTS, kwargs=with_world, query="?shared=true&ending_within_days=60", label="filters"),
    Row("api:placement-detail", PLACEMENT_A, kwargs=placement("placement"), label="own route A"),
    Row("api:placement-detail", PLACEMENT_B, kwargs=placement("other_placement"), label="other route B"),
    Row("api:placement-events", EVENTS_A, kwargs=placement("placement"), label="own route A"),
    Row("api:placement-events", EVENTS_B, kwargs=placement("other_placement"), label="other route B"),
    Row("api:workplace-list", LISTS, kwargs=with_world),
    Row("api:workplace-list", LISTS, kwargs=with_world, query="?status=proposed", label="filters"),
    Row("api:workplace-detail", OPEN_WORKPLACE_A, kwargs=workplace("workplace"), label="open, route A"),
    Row(
        "api:workplace-detail",
        PROPOSED_WORKPLACE_A,
        kwargs=workplace("proposed_workplace"),
        label="awaiting approval, route A",
    ),
    Row("api:workplace-detail", WORKPLACE_B, kwargs=workplace("other_workplace"), label="other route B"),
    Row("api:student-list", LISTS, kwargs=with_world),
    Row("api:student-list", LISTS, kwargs=with_world, query="?without_placement=true&q=Olaf", label="filters"),
    Row("api:student-detail", PLACEMENT_A, kwargs=student("student"), label="placed, route A"),
    Row("api:student-detail", PROPOSED_STUDENT_A, kwargs=proposed_student, label="proposed, route A"),
    Row("api:student-detail", PLACEMENT_B, kwargs=student("other_student"), label="other route B"),
    Row("api:match-list", LISTS, kwargs=with_world),
    Row("api:match-detail", MATCH_A, kwargs=match("proposal"), label="own route A"),
    Row("api:match-detail", MATCH_B, kwargs=match("other_proposal"), label="other route B"),
]

for _name in (
    "api:placement-host-add",
    "api:placement-host-remove",
    "api:placement-employer-change",
    "api:placement-shares-change",
    "api:placement-host-update",
    "api:placement-details-update",
    "api:placement-pause",
    "api:placement-resume",
    "api:placement-end",
):
    ROWS.append(Row(_name, POST_ONLY, kwargs=placement("placement")))

ROWS += [
    Row("api:workplace-approve", POST_ONLY, kwargs=workplace("proposed_workplace")),
    Row("api:workplace-withdraw", POST_ONLY, kwargs=workplace("workplace")),
    Row("api:match-withdraw", POST_ONLY, kwargs=match("proposal")),
    Row("api:match-resend", POST_ONLY, kwargs=match("proposal")),
    Row("api:match-answer", POST_ONLY, kwargs=match("proposal")),
]
