"""Audit expectations of the agreements services, gathered into tests/security/test_audit.py's guard.

Each case runs as the route's coordinator. Agreements are prepared directly (tests/factories/agreements.py) so
that a case logs only what its own service writes; only the sending case renders a PDF.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import ModuleType
from typing import Any

from tests.conftest import World
from tests.factories.agreements import TemplateClauseFactory, agreement_world
from verbinder.accounts.models import User
from verbinder.agreements.enums import AgreementStatus, ClauseTopic, SignedVia, SigningOrder, TemplateStatus
from verbinder.agreements.models import Agreement, AgreementSettings, AgreementTemplate, TemplateClause
from verbinder.agreements.services import agreements, signing, standard_text, templates

MODULES: list[ModuleType] = [agreements, signing, templates, standard_text]

NOT_WRITES: dict[str, str] = {
    "settings_of": "read-only: the route's agreement settings or the defaults",
    "signer_language": "read-only: the language a signer is written to in",
    "sign_url": "pure: the absolute URL of a signing link",
    "agreement_url": "pure: the absolute URL of an agreement's page",
    "route_coordinators": "read-only: the route's coordinators",
    "published_template": "read-only: the route's published template",
    "missing_topics": "read-only: the required topics a template lacks",
    "first_to_sign": "pure: whom to invite first in the signing order",
    "name_key": "pure: a typed name compared without case, accents and spacing",
    "template_missing_topics": "read-only: the required topics a template lacks",
    "settings_for": "read-only: the route's settings or unsaved defaults",
    "agreements_sweep": (
        "the scheduled task, no person acts: it logs agreements.agreement.expired and .reminded with no actor "
        "(tests/agreements/test_sweep.py checks those entries)"
    ),
}

Call = Callable[[World, User], Any]


def _agreement(w: World) -> Agreement:
    return agreement_world(w).agreement


def _signed(w: World) -> Agreement:
    """The world's agreement as if everyone had signed (no service, so no log entry)."""
    agreement = _agreement(w)
    Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.SIGNED, final_sha256="0" * 64)
    agreement.refresh_from_db()
    return agreement


def _placement_free(w: World) -> Any:
    """The world's placement without an open agreement (its agreement cancelled directly)."""
    agreement = _agreement(w)
    Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.CANCELLED)
    return agreement.placement


def _draft(w: World, by: User) -> Agreement:
    return agreements.agreement_create(by=by, placement=_placement_free(w))


def _draft_template(w: World) -> AgreementTemplate:
    template = agreement_world(w).draft_template
    for position in (1, 2):
        TemplateClauseFactory(template=template, position=position, heading=f"Artikel {position}")
    return template


def _clause(w: World) -> TemplateClause:
    return _draft_template(w).clauses.order_by("position").first()  # type: ignore[return-value]


def _publishable(w: World, by: User) -> AgreementTemplate:
    """A draft with the standard text, next to the route's published template (which publishing retires)."""
    agreement_world(w)
    return templates.template_default_create(by=by, route=w.route)


CASES: dict[str, tuple[Call, set[str], Callable[[World], Any]]] = {
    "agreement_create": (
        _draft,
        {"agreements.agreement.created"},
        lambda w: Agreement.objects.get(placement=_agreement(w).placement, status=AgreementStatus.DRAFT),
    ),
    "agreement_signer_update": (
        lambda w, by: agreements.agreement_signer_update(
            by=by,
            signer=_draft(w, by).signers.get(party="student"),
            name="Sara Student",
            email="sara@student.example.nl",
            role="Student",
        ),
        {"agreements.agreement.created", "agreements.signer.updated"},
        lambda w: Agreement.objects.get(placement=_agreement(w).placement, status=AgreementStatus.DRAFT),
    ),
    "agreement_send": (
        lambda w, by: agreements.agreement_send(
            by=by, agreement=(d := _draft(w, by)), signing_order=SigningOrder.PARALLEL, version=d.version
        ),
        {"agreements.agreement.created", "agreements.agreement.sent"},
        lambda w: Agreement.objects.get(placement=_agreement(w).placement, status=AgreementStatus.SENT),
    ),
    "agreement_sign": (
        lambda w, by: signing.agreement_sign(
            signer=agreement_world(w).school_signer,
            typed_name=agreement_world(w).school_signer.name,
            document_sha256=_agreement(w).document_sha256,
            ip="192.0.2.1",
            user=by,
            via=SignedVia.LOGIN,
        ),
        {"agreements.signer.signed"},
        _agreement,
    ),
    "agreement_remind": (
        lambda w, by: agreements.agreement_remind(by=by, agreement=_agreement(w)),
        {"agreements.agreement.reminded"},
        _agreement,
    ),
    "agreement_resend": (
        lambda w, by: agreements.agreement_resend(by=by, signer=agreement_world(w).company_signer),
        {"agreements.signer.resent"},
        _agreement,
    ),
    "agreement_cancel": (
        lambda w, by: agreements.agreement_cancel(
            by=by, agreement=_agreement(w), reason="Verkeerde partijen", version=_agreement(w).version
        ),
        {"agreements.agreement.cancelled"},
        _agreement,
    ),
    "agreement_terminate": (
        lambda w, by: agreements.agreement_terminate(
            by=by,
            agreement=(a := _signed(w)),
            on=a.start_date + datetime.timedelta(days=30),
            reason="Gestopt",
            version=a.version,
        ),
        {"agreements.agreement.terminated"},
        _agreement,
    ),
    "agreement_amend": (
        lambda w, by: agreements.agreement_amend(by=by, agreement=_signed(w), reason="Andere werktijden"),
        {"agreements.agreement.amended"},
        lambda w: Agreement.objects.get(previous=_agreement(w)),
    ),
    "agreement_propose": (
        lambda w, by: agreements.agreement_propose(placement=_signed(w).placement, reason="Nieuwe werkgever", by=by),
        {"agreements.agreement.proposed"},
        lambda w: Agreement.objects.get(previous=_agreement(w)),
    ),
    "template_default_create": (
        _publishable,
        {"agreements.template.created"},
        lambda w: AgreementTemplate.objects.filter(route=w.route).order_by("-number").first(),
    ),
    "template_new_version": (
        lambda w, by: templates.template_new_version(by=by, template=agreement_world(w).template),
        {"agreements.template.created"},
        lambda w: AgreementTemplate.objects.filter(route=w.route).order_by("-number").first(),
    ),
    "template_update": (
        lambda w, by: templates.template_update(
            by=by,
            template=agreement_world(w).draft_template,
            version=agreement_world(w).draft_template.version,
            fields={"title": "Nieuwe titel"},
        ),
        {"agreements.template.updated"},
        lambda w: agreement_world(w).draft_template,
    ),
    "template_publish": (
        lambda w, by: templates.template_publish(by=by, template=(t := _publishable(w, by)), version=t.version),
        {"agreements.template.created", "agreements.template.published", "agreements.template.retired"},
        lambda w: AgreementTemplate.objects.get(route=w.route, status=TemplateStatus.PUBLISHED),
    ),
    "clause_add": (
        lambda w, by: templates.clause_add(
            by=by,
            template=agreement_world(w).draft_template,
            fields={"party": "general", "topic": ClauseTopic.PERIOD, "heading": "Duur", "body": "Van {start_date}."},
        ),
        {"agreements.template.clause_added"},
        lambda w: agreement_world(w).draft_template,
    ),
    "clause_update": (
        lambda w, by: templates.clause_update(by=by, clause=_clause(w), fields={"heading": "Nieuwe kop"}),
        {"agreements.template.clause_updated"},
        lambda w: agreement_world(w).draft_template,
    ),
    "clause_remove": (
        lambda w, by: templates.clause_remove(by=by, clause=_clause(w)),
        {"agreements.template.clause_removed"},
        lambda w: agreement_world(w).draft_template,
    ),
    "clause_move": (
        lambda w, by: templates.clause_move(by=by, clause=_clause(w), direction="down"),
        {"agreements.template.clause_moved"},
        lambda w: agreement_world(w).draft_template,
    ),
    "settings_update": (
        lambda w, by: templates.settings_update(by=by, route=w.route, fields={"remind_after_days": 5}),
        {"agreements.settings.updated"},
        lambda w: AgreementSettings.objects.get(route=w.route),
    ),
}
