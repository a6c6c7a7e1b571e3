"""Tripartite agreements and their signatures. Staff of the route read everything of them, the audit evidence
of each signature included (IP address, browser, the hash signed), and the audit trail with each e-mail's
delivery state; its coordinators create, send, remind,
cancel, terminate and amend them (actions.py). A company contact reads the agreements in which their company
signs, a student their own, once sent (a draft is the coordinator's work in progress): the parties, the
signers' names, status and time of signing, as the portal shows them; never another company's agreement.
Anyone else: 404."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from verbinder.accounts.scope import scope_for
from verbinder.agreements.enums import (
    AgreementEventKind,
    AgreementStatus,
    Party,
    SignedVia,
    SignerStatus,
    SigningOrder,
)
from verbinder.agreements.models import Agreement, AgreementEvent, AgreementSigner, own_signer_condition
from verbinder.api.errors import READ, errors
from verbinder.api.fields import MAX_ID
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.permissions import require_perm
from verbinder.api.placements.schemas import (
    OrganisationRef,
    RouteRef,
    UserRef,
    organisation_ref,
    route_ref,
    sees_all,
    user_ref,
)
from verbinder.mail.enums import MessageStatus

router = Router(tags=["agreements"])
AgreementId = Path(..., ge=1, le=MAX_ID)


class AgreementQuery(PageQuery):
    route: int | None = Field(None, ge=1, le=MAX_ID, description="Only agreements of this route.")
    placement: int | None = Field(None, ge=1, le=MAX_ID, description="Only agreements of this placement.")
    status: AgreementStatus | None = None
    to_sign: bool | None = Field(
        None, description="true: only agreements waiting for your own signature (you are invited and have not signed)."
    )
    expiring_within_days: int | None = Field(
        None, ge=0, le=3650, description="Only signed agreements whose period ends within this many days from today."
    )


class TemplateRef(Schema):
    id: int
    number: int
    title: str


class SignerOut(Schema):
    """A party's signature (to be). `limited`: seen by a company contact or a student, who learn the party, name,
    status and time of signing; the evidence (IP address, browser, hash) and contact details are for staff."""

    id: int
    party: Party
    organisation: OrganisationRef | None = Field(description="The company that signs (for a company party).")
    name: str
    status: SignerStatus
    signed_at: datetime | None
    limited: bool
    position: int | None = Field(description="The signing order (sequential signing).")
    role: str | None = Field(description="Signs as.")
    email: str | None
    user: UserRef | None = Field(description="The account that may sign logged in; none: only the e-mailed link.")
    invited_at: datetime | None
    reminded_at: datetime | None
    reminder_count: int | None
    signed_name: str | None = Field(description="The name typed when signing.")
    signed_via: SignedVia | None
    signed_ip: str | None
    signed_user_agent: str | None
    signed_sha256: str | None = Field(description="SHA-256 of the exact PDF signed.")


class AgreementOut(Schema):
    id: int
    route: RouteRef | None = Field(description="null for callers outside the hogeschool.")
    placement: int
    template: TemplateRef | None = Field(description="null for callers outside the hogeschool.")
    title: str
    sequence: int = Field(description="1, then 2 for the first amendment, ...")
    previous: int | None = Field(description="The agreement this one amends.")
    amendment_reason: str
    status: AgreementStatus
    signing_order: SigningOrder
    start_date: date
    end_date: date
    sent_at: datetime | None
    expires_at: datetime | None
    completed_at: datetime | None
    terminated_on: date | None
    termination_reason: str | None = Field(description="null for callers outside the hogeschool.")
    document_sha256: str = Field(description="SHA-256 of the PDF every signer signs (empty before sending).")
    final_sha256: str = Field(description="SHA-256 of the signed PDF with signature page and audit trail.")
    created_by: UserRef | None
    sent_by: UserRef | None
    created_at: datetime
    updated_at: datetime
    version: int


class AgreementDetailOut(AgreementOut):
    signers: list[SignerOut] = Field(description="Every party's signature, in signing order.")


class AgreementPage(PageOut):
    items: list[AgreementOut]


class SignerPage(PageOut):
    items: list[SignerOut]


def signer_out(signer: AgreementSigner, *, full: bool) -> SignerOut:
    organisation = organisation_ref(signer.organisation) if signer.organisation is not None else None
    seen: dict[str, Any] = {
        "id": signer.pk,
        "party": Party(signer.party),
        "organisation": organisation,
        "name": signer.name,
        "status": SignerStatus(signer.status),
        "signed_at": signer.signed_at,
        "limited": not full,
    }
    if not full:
        hidden: dict[str, Any] = dict.fromkeys(set(SignerOut.model_fields) - set(seen))
        return SignerOut(**seen, **hidden)
    return SignerOut(
        **seen,
        position=signer.position,
        role=signer.role,
        email=signer.email,
        user=user_ref(signer.user),
        invited_at=signer.invited_at,
        reminded_at=signer.reminded_at,
        reminder_count=signer.reminder_count,
        signed_name=signer.signed_name,
        signed_via=SignedVia(signer.signed_via) if signer.signed_via else None,
        signed_ip=signer.signed_ip,
        signed_user_agent=signer.signed_user_agent,
        signed_sha256=signer.signed_sha256,
    )


def _fields(user: Any, agreement: Agreement) -> dict[str, Any]:
    full = sees_all(user, agreement.route_id)
    template = agreement.template
    return {
        "id": agreement.pk,
        "route": route_ref(user, agreement.route),
        "placement": agreement.placement_id,
        "template": TemplateRef(id=template.pk, number=template.number, title=template.title) if full else None,
        "title": agreement.title,
        "sequence": agreement.sequence,
        "previous": agreement.previous_id,
        "amendment_reason": agreement.amendment_reason,
        "status": AgreementStatus(agreement.status),
        "signing_order": SigningOrder(agreement.signing_order),
        "start_date": agreement.start_date,
        "end_date": agreement.end_date,
        "sent_at": agreement.sent_at,
        "expires_at": agreement.expires_at,
        "completed_at": agreement.completed_at,
        "terminated_on": agreement.terminated_on,
        "termination_reason": agreement.termination_reason if full else None,
        "document_sha256": agreement.document_sha256,
        "final_sha256": agreement.final_sha256,
        "created_by": user_ref(agreement.created_by) if full else None,
        "sent_by": user_ref(agreement.sent_by) if full else None,
        "created_at": agreement.created_at,
        "updated_at": agreement.updated_at,
        "version": agreement.version,
    }


def agreement_out(user: Any, agreement: Agreement) -> AgreementOut:
    return AgreementOut(**_fields(user, agreement))


def agreement_detail_out(user: Any, agreement: Agreement) -> AgreementDetailOut:
    full = sees_all(user, agreement.route_id)
    signers = [signer_out(signer, full=full) for signer in agreement.signers.all()]
    return AgreementDetailOut(**_fields(user, agreement), signers=signers)


def _signers() -> Any:
    return AgreementSigner.objects.select_related("organisation", "user").order_by("position", "pk")


def agreements_for(user: Any) -> Any:
    """The agreements the caller reaches: staff of the route all of them; a company contact or a student those
    sent to them (not drafts, nor those cancelled before sending)."""
    queryset = Agreement.objects.visible_to(user)
    scope = scope_for(user)
    if not scope.is_admin:
        queryset = queryset.filter(Q(route_id__in=scope.staff_route_ids) | Q(sent_at__isnull=False))
    return queryset.select_related("route", "template", "created_by", "sent_by")


def agreement_get(user: Any, pk: int) -> Agreement:
    return get_object_or_404(agreements_for(user).prefetch_related(Prefetch("signers", queryset=_signers())), pk=pk)


def _to_sign(user: Any) -> Q:
    """Agreements with an invited signature of this caller."""
    waiting = AgreementSigner.objects.filter(own_signer_condition(user), status=SignerStatus.INVITED)
    return Q(Exists(waiting.filter(agreement_id=OuterRef("pk"))))


@router.get("/agreements", response={200: AgreementPage, **errors(*READ)}, url_name="agreement-list")
def agreement_list(request: HttpRequest, filters: Query[AgreementQuery]) -> dict[str, Any]:
    """The agreements you may see, latest first (without their signers: read one agreement for those)."""
    queryset = agreements_for(request.user)
    if filters.route is not None:
        queryset = queryset.filter(route_id=filters.route)
    if filters.placement is not None:
        queryset = queryset.filter(placement_id=filters.placement)
    if filters.status is not None:
        queryset = queryset.filter(status=filters.status)
    if filters.to_sign is not None:
        condition = _to_sign(request.user) & Q(status=AgreementStatus.SENT)
        queryset = queryset.filter(condition if filters.to_sign else ~condition)
    if filters.expiring_within_days is not None:
        today = timezone.localdate()
        queryset = queryset.filter(
            status=AgreementStatus.SIGNED,
            end_date__gte=today,
            end_date__lte=today + timedelta(days=filters.expiring_within_days),
        )
    page = paginate(queryset, filters)
    page["items"] = [agreement_out(request.user, agreement) for agreement in page["items"]]
    return page


@router.get(
    "/agreements/{agreement_id}", response={200: AgreementDetailOut, **errors(*READ)}, url_name="agreement-detail"
)
def agreement_detail(request: HttpRequest, agreement_id: int = AgreementId) -> AgreementDetailOut:
    """One agreement with its signers."""
    return agreement_detail_out(request.user, agreement_get(request.user, agreement_id))


@router.get(
    "/agreements/{agreement_id}/signatures",
    response={200: SignerPage, **errors(*READ)},
    url_name="agreement-signatures",
)
def agreement_signatures(request: HttpRequest, page: Query[PageQuery], agreement_id: int = AgreementId) -> Any:
    """The agreement's signatures in signing order: to staff with the evidence of each (typed name, time, IP
    address, browser, the SHA-256 of the PDF signed); to the other parties their names, status and time."""
    agreement = get_object_or_404(agreements_for(request.user), pk=agreement_id)
    full = sees_all(request.user, agreement.route_id)
    result = paginate(_signers().filter(agreement=agreement), page)
    result["items"] = [signer_out(signer, full=full) for signer in result["items"]]
    return result


class MessageOut(Schema):
    """The e-mail an event sent and its delivery state."""

    id: int
    recipient: str
    status: MessageStatus
    attempts: int
    sent_at: datetime | None


class EventOut(Schema):
    id: int
    kind: AgreementEventKind
    signer: int | None = Field(description="The signature it concerns, if any.")
    actor: UserRef | None
    actor_name: str = Field(description="Who did it, as named at the time (a signer without an account).")
    detail: str
    ip_address: str | None
    message: MessageOut | None = Field(description="The e-mail it sent, with its delivery state.")
    created_at: datetime


class EventPage(PageOut):
    items: list[EventOut]


@router.get(
    "/agreements/{agreement_id}/events",
    response={200: EventPage, **errors(*READ, 403)},
    url_name="agreement-events",
)
def agreement_events(request: HttpRequest, page: Query[PageQuery], agreement_id: int = AgreementId) -> Any:
    """The agreement's audit trail, oldest first: each step with who, when, from which IP address, and the
    e-mail it sent with its delivery state (queued, sending, sent, failed; attempts). Staff of the route; the
    other parties who see the agreement get 403."""
    agreement = get_object_or_404(agreements_for(request.user), pk=agreement_id)
    require_perm(request.user, "agreements.view_agreements", agreement)
    queryset = AgreementEvent.objects.filter(agreement=agreement).select_related("actor", "message")
    result = paginate(queryset.order_by("created_at", "pk"), page)
    result["items"] = [
        EventOut(
            id=event.pk,
            kind=AgreementEventKind(event.kind),
            signer=event.signer_id,
            actor=user_ref(event.actor),
            actor_name=event.actor_name,
            detail=event.detail,
            ip_address=event.ip_address,
            message=None
            if event.message is None
            else MessageOut(
                id=event.message.pk,
                recipient=event.message.recipient,
                status=MessageStatus(event.message.status),
                attempts=event.message.attempts,
                sent_at=event.message.sent_at,
            ),
            created_at=event.created_at,
        )
        for event in result["items"]
    ]
    return result
