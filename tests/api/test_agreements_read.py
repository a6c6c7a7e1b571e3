"""What the agreements API shows: staff get every field, the evidence of each signature included; a company
contact or a student the parties, the signers' names, status and time of signing, and no route or template
(internal to the hogeschool). Templates come with their articles and the required topics they miss; the matrix
with its columns, rows and cells. Filters narrow the list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.api.conftest import Personas
from tests.conftest import World
from tests.factories.agreements import TemplateClauseFactory, agreement_world
from verbinder.agreements.enums import AgreementStatus, SignedVia, SignerStatus
from verbinder.agreements.models import AgreementEvent, AgreementSigner, MatrixCell, MatrixParty
from verbinder.mail.models import OutboxMessage
from verbinder.mail.services import message_queue

pytestmark = pytest.mark.django_db

EVIDENCE = ("email", "role", "signed_name", "signed_ip", "signed_user_agent", "signed_sha256", "signed_via")


def _signed(signer: AgreementSigner) -> AgreementSigner:
    signer.status = SignerStatus.SIGNED
    signer.signed_at = timezone.now()
    signer.signed_name = signer.name
    signer.signed_ip = "192.0.2.7"
    signer.signed_user_agent = "Firefox/140"
    signer.signed_sha256 = signer.agreement.document_sha256
    signer.signed_via = SignedVia.LINK
    signer.save()
    return signer


def _signer(body: dict[str, Any], party: str) -> dict[str, Any]:
    return next(signer for signer in body["signers"] if signer["party"] == party)


def test_staff_see_the_evidence_of_each_signature(world: World, api: Personas) -> None:
    a = agreement_world(world)
    _signed(a.company_signer)

    body = api("coordinator").get(f"/agreements/{a.agreement.pk}").body

    company = _signer(body, "company")
    assert company["limited"] is False
    assert company["signed_ip"] == "192.0.2.7"
    assert company["signed_user_agent"] == "Firefox/140"
    assert company["signed_sha256"] == a.agreement.document_sha256
    assert company["email"] == world.users["company_contact"].email
    assert company["organisation"] == {"id": world.company.pk, "name": world.company.name}
    assert [signer["party"] for signer in body["signers"]] == ["student", "company", "school"]
    assert body["route"]["id"] == world.route.pk
    assert body["template"]["id"] == a.template.pk
    assert body["document_sha256"] == a.agreement.document_sha256


@pytest.mark.parametrize("persona", ["company_contact", "student"])
def test_externals_see_names_parties_status_and_time_only(world: World, api: Personas, persona: str) -> None:
    a = agreement_world(world)
    signed = _signed(a.company_signer)
    paths = (f"/agreements/{a.agreement.pk}", f"/agreements/{a.agreement.pk}/signatures")

    detail, signatures = (api(persona).get(path).body for path in paths)

    for signers in (detail["signers"], signatures["items"]):
        company = next(signer for signer in signers if signer["party"] == "company")
        assert company["name"] == signed.name
        assert company["status"] == "signed"
        assert company["signed_at"] is not None
        assert company["limited"] is True
        assert all(signer[field] is None for signer in signers for field in EVIDENCE)
        assert "192.0.2.7" not in str(signers)
    assert detail["route"] is None
    assert detail["template"] is None
    assert detail["created_by"] is None


def test_signatures_are_paginated_in_signing_order(world: World, api: Personas) -> None:
    a = agreement_world(world)

    body = api("teacher").get(f"/agreements/{a.agreement.pk}/signatures", limit=2).body

    assert body["count"] == 3
    assert [signer["party"] for signer in body["items"]] == ["student", "company"]


def test_filters_narrow_the_list(world: World, api: Personas) -> None:
    a = agreement_world(world)
    a.other_agreement.status = AgreementStatus.SIGNED
    a.other_agreement.end_date = timezone.localdate() + timedelta(days=30)
    a.other_agreement.save()
    admin = api("admin")

    def ids(**params: Any) -> set[int]:
        return {item["id"] for item in admin.get("/agreements", **params).body["items"]}

    assert ids(route=world.route.pk) == {a.agreement.pk}
    assert ids(status="signed") == {a.other_agreement.pk}
    assert ids(placement=a.other_agreement.placement_id) == {a.other_agreement.pk}
    assert ids(expiring_within_days=60) == {a.other_agreement.pk}
    assert ids(expiring_within_days=10) == set()
    assert admin.get("/agreements", status="nonsense").status == 422


@pytest.mark.parametrize(
    ("persona", "waiting"),
    [("student", True), ("company_contact", True), ("coordinator", True), ("teacher", False)],
)
def test_to_sign_lists_what_waits_for_the_callers_own_signature(
    world: World, api: Personas, persona: str, waiting: bool
) -> None:
    a = agreement_world(world)

    mine = {item["id"] for item in api(persona).get("/agreements", to_sign="true").body["items"]}
    others = {item["id"] for item in api(persona).get("/agreements", to_sign="false").body["items"]}

    assert (a.agreement.pk in mine) is waiting
    assert (a.agreement.pk in others) is not waiting


def test_signed_signature_no_longer_waits(world: World, api: Personas) -> None:
    a = agreement_world(world)
    _signed(a.student_signer)

    assert api("student").get("/agreements", to_sign="true").body["count"] == 0


def test_template_detail_lists_articles_and_missing_topics(world: World, api: Personas) -> None:
    a = agreement_world(world)
    TemplateClauseFactory(template=a.draft_template, topic="period", position=2, heading="Periode")
    TemplateClauseFactory(template=a.draft_template, topic="supervision", position=1, body="  ")

    published = api("coordinator").get(f"/agreements/templates/{a.template.pk}").body
    draft = api("coordinator").get(f"/agreements/templates/{a.draft_template.pk}").body

    assert published["status"] == "published"
    assert published["missing_topics"] == []
    assert len(published["clauses"]) == 9
    assert draft["status"] == "draft"
    assert draft["previous"] == a.template.pk
    assert [clause["topic"] for clause in draft["clauses"]] == ["supervision", "period"]
    assert draft["missing_topics"] == ["practical_duration", "supervision", "qualities", "early_end"]


def test_template_list_filters(world: World, api: Personas) -> None:
    a = agreement_world(world)
    admin = api("admin")

    assert {t["id"] for t in admin.get("/agreements/templates", status="draft").body["items"]} == {a.draft_template.pk}
    assert {t["id"] for t in admin.get("/agreements/templates", route=world.other_route.pk).body["items"]} == {
        a.other_template.pk
    }


def test_matrix_shows_columns_rows_and_cells(world: World, api: Personas) -> None:
    a = agreement_world(world)
    partner = MatrixParty.objects.create(
        route=world.route, kind="branch_association", organisation=world.branch, label="Branche", position=2
    )
    MatrixCell.objects.create(task=a.task, party=partner, value="I")

    body = api("partner_contact").get(f"/agreements/matrix/routes/{world.route.pk}").body

    assert body["route"] == world.route.pk
    assert [party["id"] for party in body["parties"]] == [a.party.pk, partner.pk]
    assert body["parties"][1]["organisation"] == {"id": world.branch.pk, "name": world.branch.name}
    assert body["tasks"] == [
        {
            "id": a.task.pk,
            "name": "Werving",
            "description": "",
            "position": 1,
            "cells": [{"party": a.party.pk, "value": "A"}, {"party": partner.pk, "value": "I"}],
        }
    ]


def test_matrix_of_an_unknown_route_is_404(world: World, api: Personas) -> None:
    assert api("admin").get("/agreements/matrix/routes/999999").status == 404


def test_events_show_the_audit_trail_with_each_emails_delivery_state(world: World, api: Personas) -> None:
    a = agreement_world(world)
    message = message_queue(recipient="karin@example.nl", subject="Onderteken", body_text="Link")
    OutboxMessage.objects.filter(pk=message.pk).update(status="failed", attempts=3)
    AgreementEvent.objects.create(
        agreement=a.agreement, kind="sent", actor=world.users["coordinator"], detail="SHA-256 abc"
    )
    AgreementEvent.objects.create(agreement=a.agreement, kind="invited", signer=a.company_signer, message=message)

    body = api("teacher").get(f"/agreements/{a.agreement.pk}/events").body

    assert [event["kind"] for event in body["items"]] == ["sent", "invited"]
    assert body["items"][0]["actor"]["id"] == world.users["coordinator"].pk
    assert body["items"][1]["signer"] == a.company_signer.pk
    assert body["items"][1]["message"] == {
        "id": message.pk,
        "recipient": "karin@example.nl",
        "status": "failed",
        "attempts": 3,
        "sent_at": None,
    }
