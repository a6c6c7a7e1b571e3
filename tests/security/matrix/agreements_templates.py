"""Who may reach the template editor and the route's agreement settings.

Staff of the route read (teachers too: 200 on GET pages); coordinators change (a teacher gets 403 on changes);
everyone else 404 (external users, other routes' staff), anonymous to the login. Rows use `agreement_world`:
route A has a published template and a draft with one article; route B a published template. POST rows send a
valid form, so 302 means the action was done.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.factories.agreements import TemplateClauseFactory, agreement_world
from tests.security.matrix.base import Row, statuses

READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=302)
READ_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
DONE_A = statuses(404, admin=302, coordinator=302, teacher=403, anonymous=302)
DONE_B = statuses(404, admin=302, other_coordinator=302, anonymous=302)
FORM_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=302)
POST_ONLY = statuses(405, anonymous=302)


def route_a(w: World) -> dict[str, Any]:
    return {"route_pk": w.route.pk}


def route_b(w: World) -> dict[str, Any]:
    return {"route_pk": w.other_route.pk}


def draft_a(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).draft_template.pk}


def published_a(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).template.pk}


def published_b(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).other_template.pk}


def clause_a(w: World) -> dict[str, Any]:
    draft = agreement_world(w).draft_template
    clause = draft.clauses.first() or TemplateClauseFactory(template=draft, heading="Artikel matrix")
    return {"pk": clause.pk}


def clause_b(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).other_template.clauses.first().pk}


def template_form(w: World) -> dict[str, Any]:
    return {"title": "Overeenkomst", "introduction": "Voor {student_name}.", "include_matrix": "on", "version": 1}


def clause_form(w: World) -> dict[str, Any]:
    return {"heading": "Nieuw artikel", "party": "general", "topic": "", "body": "Tekst voor {company_name}."}


def settings_form(w: World) -> dict[str, Any]:
    return {"remind_after_days": "5", "expire_after_days": "20", "signing_order": "parallel"}


ROWS: list[Row] = [
    Row("agreements:template-list", READ_A, kwargs=route_a, label="own route A"),
    Row("agreements:template-list", READ_B, kwargs=route_b, label="other route B"),
    Row("agreements:template-create", POST_ONLY, kwargs=route_a, label="GET"),
    Row("agreements:template-create", DONE_A, kwargs=route_a, method="POST", label="own route A"),
    Row("agreements:template-create", DONE_B, kwargs=route_b, method="POST", label="other route B"),
    Row("agreements:template-detail", READ_A, kwargs=draft_a, label="draft A"),
    Row("agreements:template-detail", READ_A, kwargs=published_a, label="published A"),
    Row("agreements:template-detail", READ_B, kwargs=published_b, label="published B"),
    Row("agreements:template-update", POST_ONLY, kwargs=draft_a, label="GET"),
    Row("agreements:template-update", DONE_A, kwargs=draft_a, method="POST", data=template_form, label="draft A"),
    Row("agreements:template-publish", POST_ONLY, kwargs=draft_a, label="GET"),
    Row(
        "agreements:template-publish",
        DONE_A,
        kwargs=draft_a,
        method="POST",
        data=lambda w: {"version": 1},
        label="draft A (refused: no minimum content)",
    ),
    Row("agreements:template-new-version", POST_ONLY, kwargs=published_a, label="GET"),
    Row("agreements:template-new-version", DONE_A, kwargs=published_a, method="POST", label="published A"),
    Row("agreements:template-new-version", DONE_B, kwargs=published_b, method="POST", label="published B"),
    Row("agreements:template-preview", READ_A, kwargs=draft_a, label="draft A, sample"),
    Row(
        "agreements:template-preview",
        READ_A,
        kwargs=published_a,
        query="?placement=999999",
        label="published A, unknown placement",
    ),
    Row("agreements:template-preview", READ_B, kwargs=published_b, label="published B"),
    Row("agreements:clause-add", FORM_A, kwargs=draft_a, label="draft A"),
    Row("agreements:clause-add", DONE_A, kwargs=draft_a, method="POST", data=clause_form, label="draft A"),
    Row("agreements:clause-add", DONE_B, kwargs=published_b, label="published B (back to it)"),
    Row("agreements:clause-edit", FORM_A, kwargs=clause_a, label="draft A"),
    Row("agreements:clause-edit", DONE_A, kwargs=clause_a, method="POST", data=clause_form, label="draft A"),
    Row("agreements:clause-edit", DONE_B, kwargs=clause_b, label="published B (back to it)"),
    Row("agreements:clause-remove", POST_ONLY, kwargs=clause_a, label="GET"),
    Row("agreements:clause-remove", DONE_A, kwargs=clause_a, method="POST", label="draft A"),
    Row("agreements:clause-remove", DONE_B, kwargs=clause_b, method="POST", label="published B (refused)"),
    Row("agreements:clause-move", POST_ONLY, kwargs=clause_a, label="GET"),
    Row(
        "agreements:clause-move",
        DONE_A,
        kwargs=clause_a,
        method="POST",
        data=lambda w: {"direction": "down"},
        label="draft A",
    ),
    Row("agreements:settings", READ_A, kwargs=route_a, label="own route A"),
    Row("agreements:settings", READ_B, kwargs=route_b, label="other route B"),
    Row("agreements:settings", DONE_A, kwargs=route_a, method="POST", data=settings_form, label="own route A"),
    Row("agreements:settings", DONE_B, kwargs=route_b, method="POST", data=settings_form, label="other route B"),
]
