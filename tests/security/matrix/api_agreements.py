"""Who may reach the agreements API (verbinder.api.agreements), with a logged-in session as the matrix uses.

The reach of the pages and the portal: staff of a route read its templates, agreements and signatures; a
company contact the agreements in which their company signs, a student their own; the responsibility matrix
every party of the route (its companies' contacts and supervisors, its students, its partners' contacts). 404
outside that, 401 without credentials; the audit trail (events) is for staff (403 for the parties); lists
answer what the persona reaches. Actions take a JSON body (or none), which the matrix does not send: their rows
ask with GET (405); tests/api/test_agreements_*.py request them as every persona.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.factories.agreements import agreement_world
from tests.security.matrix.base import Row, statuses

STAFF_A = {"admin": 200, "coordinator": 200, "teacher": 200}
STAFF_B = {"admin": 200, "other_coordinator": 200}
LISTS = statuses(200, anonymous=401)
TEMPLATE_A = statuses(404, **STAFF_A, anonymous=401)
TEMPLATE_B = statuses(404, **STAFF_B, anonymous=401)
AGREEMENT_A = statuses(404, **STAFF_A, company_contact=200, student=200, anonymous=401)
AGREEMENT_B = statuses(404, **STAFF_B, other_company_contact=200, anonymous=401)
EVENTS_A = statuses(404, **STAFF_A, company_contact=403, student=403, anonymous=401)
EVENTS_B = statuses(404, **STAFF_B, other_company_contact=403, anonymous=401)
MATRIX_A = statuses(
    404, **STAFF_A, company_contact=200, workplace_supervisor=200, student=200, partner_contact=200, anonymous=401
)
MATRIX_B = statuses(404, **STAFF_B, other_company_contact=200, anonymous=401)
POST_ONLY = statuses(405)


def with_world(w: World) -> dict[str, Any]:
    """Lists: the agreement objects exist, so that the leak probe has something to find."""
    agreement_world(w)
    return {}


def agreement(attribute: str) -> Any:
    return lambda w: {"agreement_id": getattr(agreement_world(w), attribute).pk}


def template(attribute: str) -> Any:
    return lambda w: {"template_id": getattr(agreement_world(w), attribute).pk}


def route(attribute: str) -> Any:
    return lambda w: {"route_id": getattr(agreement_world(w), attribute).route_id}


def signer(w: World) -> dict[str, Any]:
    a = agreement_world(w)
    return {"agreement_id": a.agreement.pk, "signer_id": a.company_signer.pk}


ROWS: list[Row] = [
    Row("api:agreement-template-list", LISTS, kwargs=with_world),
    Row("api:agreement-template-list", LISTS, kwargs=with_world, query="?status=draft", label="filters"),
    Row("api:agreement-template-detail", TEMPLATE_A, kwargs=template("template"), label="published, route A"),
    Row("api:agreement-template-detail", TEMPLATE_A, kwargs=template("draft_template"), label="draft, route A"),
    Row("api:agreement-template-detail", TEMPLATE_B, kwargs=template("other_template"), label="other route B"),
    Row("api:agreement-list", LISTS, kwargs=with_world),
    Row("api:agreement-list", LISTS, kwargs=with_world, query="?to_sign=true&status=sent", label="filters"),
    Row("api:agreement-detail", AGREEMENT_A, kwargs=agreement("agreement"), label="own route A"),
    Row("api:agreement-detail", AGREEMENT_B, kwargs=agreement("other_agreement"), label="other route B"),
    Row("api:agreement-signatures", AGREEMENT_A, kwargs=agreement("agreement"), label="own route A"),
    Row("api:agreement-signatures", AGREEMENT_B, kwargs=agreement("other_agreement"), label="other route B"),
    Row("api:agreement-events", EVENTS_A, kwargs=agreement("agreement"), label="own route A"),
    Row("api:agreement-events", EVENTS_B, kwargs=agreement("other_agreement"), label="other route B"),
    Row("api:agreement-matrix", MATRIX_A, kwargs=route("task"), label="own route A"),
    Row("api:agreement-matrix", MATRIX_B, kwargs=route("other_task"), label="other route B"),
    Row("api:agreement-matrix-cells", POST_ONLY, kwargs=route("task")),
]

for _name in ("api:agreement-send", "api:agreement-remind", "api:agreement-cancel", "api:agreement-terminate"):
    ROWS.append(Row(_name, POST_ONLY, kwargs=agreement("agreement")))
ROWS += [
    Row("api:agreement-amend", POST_ONLY, kwargs=agreement("agreement")),
    Row("api:agreement-signer-update", POST_ONLY, kwargs=signer),
    Row("api:agreement-signer-resend", POST_ONLY, kwargs=signer),
]
