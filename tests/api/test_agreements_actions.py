"""Acting on agreements through the API: coordinators of the route (and admins) only (teachers and the parties
403, outsiders 404). Actions on the agreement carry the version read (409 when stale, nothing changed); bad
input is a 422 with the service's message and code at the field to blame."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from tests.api.conftest import Personas
from tests.conftest import PERSONAS, World
from tests.factories.agreements import agreement_world, published_template
from tests.factories.placements import placement_world
from verbinder.agreements.enums import AgreementStatus, Party, SignerStatus
from verbinder.agreements.models import Agreement, AgreementEvent
from verbinder.agreements.services import agreements as services

pytestmark = pytest.mark.django_db


def expect(default: int, **statuses: int) -> dict[str, int]:
    return {persona: statuses.get(persona, default) for persona in PERSONAS}


def change_a(ok: int) -> dict[str, int]:
    return expect(
        404,
        admin=ok,
        coordinator=ok,
        teacher=403,
        company_contact=403,
        student=403,
        anonymous=401,
    )


CHANGE_B = expect(404, admin=200, other_coordinator=200, other_company_contact=403, anonymous=401)
# The placement itself is also visible to its workplace supervisor (403 there: visible, not theirs to change).
CREATE_A = {**change_a(201), "workplace_supervisor": 403}


def as_every_persona(api: Personas, method: str, path: str, body: Any = None) -> dict[str, int]:
    clients = {persona: api(persona) for persona in PERSONAS}
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            got[persona] = clients[persona].request(method, path, body).status
            transaction.set_rollback(True)
    return got


def draft(world: World) -> Agreement:
    p = placement_world(world)
    published_template(world.route)
    return services.agreement_create(by=world.users["coordinator"], placement=p.placement)


def test_create_as_every_persona(world: World, api: Personas) -> None:
    p = placement_world(world)
    published_template(world.route)

    got = as_every_persona(api, "POST", "/agreements", {"placement": p.placement.pk})

    assert got == CREATE_A


def test_create_draws_up_a_draft_with_its_signers(world: World, api: Personas) -> None:
    p = placement_world(world)
    published_template(world.route)

    response = api("coordinator").post("/agreements", {"placement": p.placement.pk, "signing_order": "parallel"})

    assert response.status == 201
    body = response.body
    assert body["status"] == "draft"
    assert body["signing_order"] == "parallel"
    assert body["placement"] == p.placement.pk
    assert {signer["party"] for signer in body["signers"]} >= {"school", "student", "company"}
    assert Agreement.objects.get(pk=body["id"]).created_by == world.users["coordinator"]


def test_create_without_a_published_template_is_422_no_template(world: World, api: Personas) -> None:
    p = placement_world(world)

    response = api("coordinator").post("/agreements", {"placement": p.placement.pk})

    assert response.status == 422
    assert [error["type"] for error in response.body["detail"]] == ["no_template"]
    assert not Agreement.objects.exists()


def test_create_while_one_is_open_is_422_agreement_open(world: World, api: Personas) -> None:
    a = agreement_world(world)

    response = api("coordinator").post("/agreements", {"placement": a.agreement.placement_id})

    assert response.status == 422
    assert response.body["detail"][0]["type"] == "agreement_open"
    assert Agreement.objects.filter(placement=a.agreement.placement).count() == 1


@pytest.mark.parametrize(
    "body", [{}, {"placement": "x"}, {"placement": 1, "extra": 1}, {"placement": 1, "signing_order": "x"}]
)
def test_create_with_bad_input_is_422(world: World, api: Personas, body: dict[str, Any]) -> None:
    assert api("coordinator").post("/agreements", body).status == 422


def test_cancel_as_every_persona(world: World, api: Personas) -> None:
    a = agreement_world(world)
    body = {"version": a.agreement.version, "reason": "Verkeerde gegevens"}

    assert as_every_persona(api, "POST", f"/agreements/{a.agreement.pk}/cancel", body) == change_a(200)
    other = {"version": a.other_agreement.version, "reason": "Fout"}
    assert as_every_persona(api, "POST", f"/agreements/{a.other_agreement.pk}/cancel", other) == CHANGE_B


def test_cancel_records_the_reason_and_answers_the_agreement(world: World, api: Personas) -> None:
    a = agreement_world(world)

    response = api("coordinator").post(
        f"/agreements/{a.agreement.pk}/cancel", {"version": a.agreement.version, "reason": "Verkeerde gegevens"}
    )

    assert response.status == 200
    assert response.body["status"] == "cancelled"
    assert response.body["version"] > a.agreement.version
    assert AgreementEvent.objects.filter(agreement=a.agreement, kind="cancelled").exists()


def test_stale_version_is_409_and_changes_nothing(world: World, api: Personas) -> None:
    a = agreement_world(world)

    response = api("coordinator").post(
        f"/agreements/{a.agreement.pk}/cancel", {"version": a.agreement.version + 5, "reason": "Te laat"}
    )

    assert response.status == 409
    assert response.body["code"] == "stale_version"
    assert response.body["current_version"] == a.agreement.version
    a.agreement.refresh_from_db()
    assert a.agreement.status == AgreementStatus.SENT


def test_cancel_without_a_reason_is_422_at_the_reason(world: World, api: Personas) -> None:
    a = agreement_world(world)

    response = api("coordinator").post(
        f"/agreements/{a.agreement.pk}/cancel", {"version": a.agreement.version, "reason": " "}
    )

    assert response.status == 422
    assert response.body["detail"][0]["loc"][-1] == "reason"
    a.agreement.refresh_from_db()
    assert a.agreement.status == AgreementStatus.SENT


def test_terminate_an_unsigned_agreement_is_422_not_signed(world: World, api: Personas) -> None:
    a = agreement_world(world)
    body = {"version": a.agreement.version, "on": "2026-12-01", "reason": "Student stopt"}

    response = api("coordinator").post(f"/agreements/{a.agreement.pk}/terminate", body)

    assert response.status == 422
    assert response.body["detail"][0]["type"] == "not_signed"


def test_terminate_a_signed_agreement(world: World, api: Personas) -> None:
    a = agreement_world(world)
    Agreement.objects.filter(pk=a.agreement.pk).update(status=AgreementStatus.SIGNED)
    on = a.agreement.start_date.isoformat()

    response = api("coordinator").post(
        f"/agreements/{a.agreement.pk}/terminate", {"version": a.agreement.version, "on": on, "reason": "Stopt"}
    )

    assert response.status == 200
    assert response.body["status"] == "terminated"
    assert response.body["terminated_on"] == on
    assert response.body["termination_reason"] == "Stopt"
    assert api("student").get(f"/agreements/{a.agreement.pk}").body["termination_reason"] is None


def test_terminate_with_a_bad_date_is_422(world: World, api: Personas) -> None:
    a = agreement_world(world)
    body = {"version": a.agreement.version, "on": "1-12-2026", "reason": "Stopt"}

    assert api("coordinator").post(f"/agreements/{a.agreement.pk}/terminate", body).status == 422


def test_remind_those_who_have_not_signed(world: World, api: Personas) -> None:
    a = agreement_world(world)
    assert as_every_persona(api, "POST", f"/agreements/{a.agreement.pk}/remind") == change_a(200)

    response = api("coordinator").post(f"/agreements/{a.agreement.pk}/remind")

    assert response.status == 200
    assert response.body["reminded"] == 3
    assert response.body["agreement"]["id"] == a.agreement.pk
    assert AgreementEvent.objects.filter(agreement=a.agreement, kind="reminded").count() == 3


def test_remind_a_draft_is_422_not_open(world: World, api: Personas) -> None:
    agreement = draft(world)

    response = api("coordinator").post(f"/agreements/{agreement.pk}/remind")

    assert response.status == 422
    assert response.body["detail"][0]["type"] == "not_open"


def test_resend_to_one_signer(world: World, api: Personas) -> None:
    a = agreement_world(world)
    path = f"/agreements/{a.agreement.pk}/signatures/{a.company_signer.pk}/resend"
    assert as_every_persona(api, "POST", path) == change_a(200)

    response = api("coordinator").post(path)

    assert response.status == 200
    assert response.body["id"] == a.company_signer.pk
    assert AgreementEvent.objects.filter(signer=a.company_signer, kind="resent").count() == 1


def test_resend_to_a_signer_of_another_agreement_is_404(world: World, api: Personas) -> None:
    a = agreement_world(world)

    response = api("admin").post(f"/agreements/{a.agreement.pk}/signatures/{a.other_signer.pk}/resend")

    assert response.status == 404


def test_signer_update_on_a_draft(world: World, api: Personas) -> None:
    agreement = draft(world)
    signer = agreement.signers.get(party=Party.COMPANY)
    path = f"/agreements/{agreement.pk}/signatures/{signer.pk}"
    body = {"name": "Karin Korenaar", "email": "Karin@Korenaar.example", "role": "Directeur"}

    response = api("coordinator").patch(path, body)

    assert response.status == 200
    assert response.body["name"] == "Karin Korenaar"
    assert response.body["role"] == "Directeur"
    assert api("teacher").patch(path, body).status == 403


def test_signer_update_after_sending_is_422_not_draft(world: World, api: Personas) -> None:
    a = agreement_world(world)
    body = {"name": "Iemand Anders", "email": "iemand@example.nl", "role": ""}

    response = api("coordinator").patch(f"/agreements/{a.agreement.pk}/signatures/{a.company_signer.pk}", body)

    assert response.status == 422
    assert response.body["detail"][0]["type"] == "not_draft"
    a.company_signer.refresh_from_db()
    assert a.company_signer.name != "Iemand Anders"


def test_send_a_draft(world: World, api: Personas) -> None:
    agreement = draft(world)
    agreement.signers.filter(email="").update(email="iemand@example.nl")

    response = api("coordinator").post(
        f"/agreements/{agreement.pk}/send", {"version": agreement.version, "signing_order": "parallel"}
    )

    assert response.status == 200, response.body
    assert response.body["status"] == "sent"
    assert len(response.body["document_sha256"]) == 64
    assert {signer["status"] for signer in response.body["signers"]} == {SignerStatus.INVITED}


def test_send_without_an_email_address_is_422_no_email(world: World, api: Personas) -> None:
    agreement = draft(world)
    agreement.signers.filter(party=Party.COMPANY).update(email="")

    response = api("coordinator").post(f"/agreements/{agreement.pk}/send", {"version": agreement.version})

    assert response.status == 422
    assert "no_email" in {error["type"] for error in response.body["detail"]}
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_send_stale_is_409(world: World, api: Personas) -> None:
    agreement = draft(world)

    response = api("coordinator").post(f"/agreements/{agreement.pk}/send", {"version": agreement.version + 1})

    assert response.status == 409


def test_amend_drafts_a_new_version(world: World, api: Personas) -> None:
    a = agreement_world(world)
    Agreement.objects.filter(pk=a.agreement.pk).update(status=AgreementStatus.SIGNED)
    path = f"/agreements/{a.agreement.pk}/amend"
    got = as_every_persona(api, "POST", path, {"reason": "Ander aantal uren"})
    assert got == change_a(201)

    response = api("coordinator").post(path, {"reason": "Ander aantal uren"})

    assert response.status == 201
    assert response.body["previous"] == a.agreement.pk
    assert response.body["sequence"] == 2
    assert response.body["status"] == "draft"
    assert response.body["amendment_reason"] == "Ander aantal uren"
