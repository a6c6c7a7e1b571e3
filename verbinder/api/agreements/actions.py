"""What coordinators do with agreements: create one from a placement, change a draft's signer, send it for
signature, remind those who have not signed, send one signer a new link, cancel, terminate and amend. For the
route's coordinators (and administrators); others who see the agreement: 403; outside reach: 404. Actions on
the agreement itself carry the `version` read (409 when stale); the services check everything else and their
messages and codes answer as a 422 at the field to blame. Signing itself is done on the pages (logged in or
through the e-mailed link), where the signer reads the PDF."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Schema, Status

from verbinder.agreements.enums import SigningOrder
from verbinder.agreements.models import Agreement, AgreementSigner
from verbinder.agreements.services import agreements as services
from verbinder.api.agreements.agreements import (
    AgreementDetailOut,
    AgreementId,
    SignerOut,
    agreement_detail_out,
    agreement_get,
    router,
    signer_out,
)
from verbinder.api.errors import ACTION, CONFLICT, WRITE, errors, stale_conflict
from verbinder.api.fields import MAX_ID, BodyId, Email, Notes, RequiredText200, Text200, Version
from verbinder.api.partners.schemas import InputSchema
from verbinder.api.permissions import require_perm
from verbinder.api.placements.schemas import IsoDate, invalid
from verbinder.core.exceptions import StaleVersionError
from verbinder.placements.models import Placement

SignerId = Path(..., ge=1, le=MAX_ID)
PERM = "agreements.change_agreement"


class CreateIn(InputSchema):
    placement: BodyId = Field(description="The placement, from the route's published template.")
    signing_order: SigningOrder | None = Field(None, description="Default: the route's setting.")


class SignerIn(InputSchema):
    name: RequiredText200
    email: Email
    role: Text200 = Field("", description="Signs as (a job title).")


class SendIn(InputSchema):
    version: Version
    signing_order: SigningOrder | None = Field(None, description="Default: the order the draft has.")


class CancelIn(InputSchema):
    version: Version
    reason: Notes = Field(description="Why: kept in the audit trail.")


class TerminateIn(CancelIn):
    on: IsoDate = Field(description="The day the agreement ends, not before its start date.")


class AmendIn(InputSchema):
    reason: Notes = Field(description="Why the agreement changes: shown to the parties.")


class RemindOut(Schema):
    reminded: int = Field(description="How many signers were reminded (with a new link).")
    agreement: AgreementDetailOut


def _act(request: HttpRequest, agreement_id: int, action: Callable[[Agreement], Any]) -> Any:
    """Find the agreement (404), check the coordinator's right (403), act (409 when stale, 422 with the
    service's messages and codes)."""
    agreement = agreement_get(request.user, agreement_id)
    require_perm(request.user, PERM, agreement)
    try:
        return action(agreement)
    except StaleVersionError as exc:
        current = Agreement.objects.values_list("version", flat=True).get(pk=agreement.pk)
        raise stale_conflict(Agreement, exc, current) from exc
    except ValidationError as exc:
        raise invalid(exc) from exc


def _answer(request: HttpRequest, agreement_id: int) -> AgreementDetailOut:
    return agreement_detail_out(request.user, agreement_get(request.user, agreement_id))


def _signer_of(agreement: Agreement, signer_id: int) -> AgreementSigner:
    return get_object_or_404(AgreementSigner.objects.filter(agreement=agreement), pk=signer_id)


CHANGED = {200: AgreementDetailOut, **errors(*WRITE, CONFLICT)}


@router.post("/agreements", response={201: AgreementDetailOut, **errors(*WRITE)}, url_name="agreement-list")
def agreement_create(request: HttpRequest, payload: CreateIn) -> Status[AgreementDetailOut]:
    """Draw up a draft agreement for a placement from the route's published template, with its signers (the
    programme, the student, the company, and the second company of a shared placement). Codes: `no_template`,
    `placement_ended`, `agreement_open` (the placement has a draft or a sent agreement)."""
    placement = get_object_or_404(Placement.objects.visible_to(request.user), pk=payload.placement)
    require_perm(request.user, PERM, placement)
    try:
        agreement = services.agreement_create(by=request.user, placement=placement, signing_order=payload.signing_order)
    except ValidationError as exc:
        raise invalid(exc) from exc
    return Status(201, _answer(request, agreement.pk))


@router.patch(
    "/agreements/{agreement_id}/signatures/{signer_id}",
    response={200: SignerOut, **errors(*WRITE)},
    url_name="agreement-signer-update",
)
def agreement_signer_update(
    request: HttpRequest, payload: SignerIn, agreement_id: int = AgreementId, signer_id: int = SignerId
) -> SignerOut:
    """Change who signs for a party, while the agreement is a draft (`not_draft` after sending)."""

    def action(agreement: Agreement) -> AgreementSigner:
        return services.agreement_signer_update(
            by=request.user,
            signer=_signer_of(agreement, signer_id),
            name=payload.name,
            email=payload.email,
            role=payload.role,
        )

    signer = _act(request, agreement_id, action)
    signer = AgreementSigner.objects.select_related("organisation", "user").get(pk=signer.pk)
    return signer_out(signer, full=True)


@router.post("/agreements/{agreement_id}/send", response=CHANGED, url_name="agreement-send")
def agreement_send(request: HttpRequest, payload: SendIn, agreement_id: int = AgreementId) -> AgreementDetailOut:
    """Send a draft for signature: its text is frozen into the PDF every signer signs (its SHA-256 in
    `document_sha256`), and the signers are e-mailed a link: all at once, or the first in the order. Codes:
    `minimum_content`, `no_supervisor`, `no_email`, `no_name`, `placement_ended`, `not_draft`."""

    def action(agreement: Agreement) -> Agreement:
        return services.agreement_send(
            by=request.user,
            agreement=agreement,
            signing_order=payload.signing_order or agreement.signing_order,
            version=payload.version,
        )

    _act(request, agreement_id, action)
    return _answer(request, agreement_id)


@router.post(
    "/agreements/{agreement_id}/remind", response={200: RemindOut, **errors(*ACTION)}, url_name="agreement-remind"
)
def agreement_remind(request: HttpRequest, agreement_id: int = AgreementId) -> RemindOut:
    """E-mail a reminder, with a new link, to every invited signer who has not signed (`not_open` unless the
    agreement waits for signatures)."""
    reminded = _act(
        request, agreement_id, lambda agreement: services.agreement_remind(by=request.user, agreement=agreement)
    )
    return RemindOut(reminded=reminded, agreement=_answer(request, agreement_id))


@router.post(
    "/agreements/{agreement_id}/signatures/{signer_id}/resend",
    response={200: SignerOut, **errors(*ACTION)},
    url_name="agreement-signer-resend",
)
def agreement_signer_resend(
    request: HttpRequest, agreement_id: int = AgreementId, signer_id: int = SignerId
) -> SignerOut:
    """E-mail one invited signer a new link; their old link stops working (`not_invited` otherwise)."""

    def action(agreement: Agreement) -> AgreementSigner:
        return services.agreement_resend(by=request.user, signer=_signer_of(agreement, signer_id))

    signer = _act(request, agreement_id, action)
    signer = AgreementSigner.objects.select_related("organisation", "user").get(pk=signer.pk)
    return signer_out(signer, full=True)


@router.post("/agreements/{agreement_id}/cancel", response=CHANGED, url_name="agreement-cancel")
def agreement_cancel(request: HttpRequest, payload: CancelIn, agreement_id: int = AgreementId) -> AgreementDetailOut:
    """Cancel a draft or an agreement waiting for signatures: its links stop working (`not_open` otherwise)."""

    def action(agreement: Agreement) -> Agreement:
        return services.agreement_cancel(
            by=request.user, agreement=agreement, reason=payload.reason, version=payload.version
        )

    _act(request, agreement_id, action)
    return _answer(request, agreement_id)


@router.post("/agreements/{agreement_id}/terminate", response=CHANGED, url_name="agreement-terminate")
def agreement_terminate(
    request: HttpRequest, payload: TerminateIn, agreement_id: int = AgreementId
) -> AgreementDetailOut:
    """End a signed agreement early, on a date with a reason (`not_signed` otherwise; `before_start`)."""

    def action(agreement: Agreement) -> Agreement:
        return services.agreement_terminate(
            by=request.user, agreement=agreement, on=payload.on, reason=payload.reason, version=payload.version
        )

    _act(request, agreement_id, action)
    return _answer(request, agreement_id)


@router.post(
    "/agreements/{agreement_id}/amend",
    response={201: AgreementDetailOut, **errors(*WRITE)},
    url_name="agreement-amend",
)
def agreement_amend(request: HttpRequest, payload: AmendIn, agreement_id: int = AgreementId) -> Any:
    """Draft an amendment: a new version of the agreement (`previous` is this one), to be sent and signed again;
    when all have signed it, this one is superseded. Answers the new draft. Codes: `not_signed`,
    `agreement_open`, `placement_ended`."""

    def action(agreement: Agreement) -> Agreement:
        return services.agreement_amend(by=request.user, agreement=agreement, reason=payload.reason)

    amendment = _act(request, agreement_id, action)
    return Status(201, _answer(request, amendment.pk))
