"""A signature: the signer types their full name and confirms, on the page that showed them the PDF whose
SHA-256 it posts back. Recorded per signature: the typed name, the time, the IP address, the browser, the way
(e-mailed link or logged in) and the SHA-256 of the exact PDF signed.

Refused (nothing changed): a typed name that is not the signer's ("name_mismatch"; case, accents and spacing do
not count), a PDF hash that is not the agreement's ("changed": it changed since the page was opened), an
agreement past its expiry ("expired"), and an agreement not waiting for this signer ("not_open": not sent,
cancelled, already signed by them, or not yet their turn in the set order).

In the set order the next signer is invited once one signs. When everyone has signed, the final PDF (the
document, the signature page and the audit trail) is stored with its SHA-256, the agreement is signed, the
agreement it amends is superseded, and the final PDF is e-mailed to every signer as an attachment.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbinder.agreements.enums import AgreementEventKind, AgreementStatus, SignedVia, SignerStatus, SigningOrder
from verbinder.agreements.models import Agreement, AgreementSigner
from verbinder.agreements.services.agreements import (
    COMPLETED_SUBJECT,
    LINK_PURPOSE,
    _bump,
    _document_store,
    _event_record,
    _invite,
    _locked,
    _mail_signer,
    _revoke_links,
    _route_data,
)
from verbinder.core.activity import log_action
from verbinder.core.links import links_revoke


def name_key(name: str) -> str:
    """A name compared without case, accents or spacing: "José  van der Berg" == "jose van der berg"."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return "".join(plain.casefold().split())


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


@transaction.atomic
def agreement_sign(
    *,
    signer: AgreementSigner,
    typed_name: str,
    document_sha256: str,
    ip: str | None,
    user_agent: str = "",
    user: Any = None,
    via: str,
) -> AgreementSigner:
    """Record the signer's signature on the agreement's PDF (see the module's docstring)."""
    if via not in SignedVia.values:
        raise _refuse(_("Unknown way of signing."), "via")
    agreement = _locked(signer.agreement)
    signer = AgreementSigner.objects.select_for_update().get(pk=signer.pk, agreement=agreement)
    now = timezone.now()
    if agreement.status == AgreementStatus.EXPIRED or (
        agreement.status == AgreementStatus.SENT and agreement.expires_at is not None and agreement.expires_at <= now
    ):
        raise _refuse(_("This agreement has expired and can no longer be signed."), "expired")
    if agreement.status != AgreementStatus.SENT:
        raise _refuse(_("This agreement is not waiting for signatures."), "not_open")
    if signer.status == SignerStatus.SIGNED:
        raise _refuse(_("You have already signed this agreement."), "not_open")
    if signer.status != SignerStatus.INVITED:
        raise _refuse(_("It is not your turn to sign yet: you will receive an e-mail when it is."), "not_open")
    if (document_sha256 or "").strip().lower() != agreement.document_sha256:
        raise _refuse(_("The agreement changed after you opened it. Open it again, read it and sign again."), "changed")
    typed = " ".join((typed_name or "").split())[:200]
    if not typed or name_key(typed) != name_key(signer.name):
        raise ValidationError(
            {
                "typed_name": ValidationError(
                    _("Type your full name exactly as it is shown: %(name)s.") % {"name": signer.name},
                    code="name_mismatch",
                )
            }
        )
    signer.status = SignerStatus.SIGNED
    signer.signed_at = now
    signer.signed_name = typed
    signer.signed_ip = ip or None
    signer.signed_user_agent = (user_agent or "")[:300]
    signer.signed_sha256 = agreement.document_sha256
    signer.signed_via = via
    signer.save(
        update_fields=[
            "status",
            "signed_at",
            "signed_name",
            "signed_ip",
            "signed_user_agent",
            "signed_sha256",
            "signed_via",
        ]
    )
    links_revoke(target=signer, purpose=LINK_PURPOSE, now=now)
    actor = user if getattr(user, "is_authenticated", False) else None
    _event_record(
        agreement,
        AgreementEventKind.SIGNED,
        actor=actor,
        actor_name=f"{typed} ({signer.role})" if signer.role else typed,
        signer=signer,
        detail=f"{signer.get_signed_via_display()} · SHA-256 {signer.signed_sha256}",
        ip=ip,
    )
    log_action(
        actor=actor,
        action_type="agreements.signer.signed",
        target=agreement,
        changes={"signers": [None, signer.party]},
        data=_route_data(
            agreement,
            signer_id=signer.pk,
            party=signer.party,
            signed_name=typed,
            via=via,
            ip=ip or "",
            document_sha256=signer.signed_sha256,
        ),
    )
    signers = list(agreement.signers.select_related("organisation", "user").order_by("position", "pk"))
    waiting = [other for other in signers if other.status != SignerStatus.SIGNED]
    if waiting:
        if agreement.signing_order == SigningOrder.SEQUENTIAL and waiting[0].status == SignerStatus.PENDING:
            _invite(agreement=agreement, signer=waiting[0], by=None, now=now)
        _bump(agreement)
        return signer
    _complete(agreement, signers, now)
    return signer


def _complete(agreement: Agreement, signers: list[AgreementSigner], now: Any) -> None:
    """Everyone signed: store the final PDF, supersede what it amends, e-mail the final PDF to all."""
    agreement.status = AgreementStatus.SIGNED
    agreement.completed_at = now
    _event_record(agreement, AgreementEventKind.COMPLETED, detail=f"SHA-256 {agreement.document_sha256}")
    digest = _document_store(agreement, final=True)
    _bump(agreement, "status", "completed_at", "final_document", "final_sha256")
    _revoke_links(agreement)
    log_action(
        actor=None,
        action_type="agreements.agreement.signed",
        target=agreement,
        changes={"status": [AgreementStatus.SENT, AgreementStatus.SIGNED]},
        data=_route_data(agreement, final_sha256=digest, document_sha256=agreement.document_sha256),
    )
    previous = agreement.previous
    if previous is not None:
        previous = _locked(previous)
        if previous.status in (AgreementStatus.SIGNED, AgreementStatus.SENT):
            before = previous.status
            previous.status = AgreementStatus.SUPERSEDED
            _bump(previous, "status")
            _revoke_links(previous)
            _event_record(previous, AgreementEventKind.AMENDED, detail=f"{agreement.title} v{agreement.sequence}")
            log_action(
                actor=None,
                action_type="agreements.agreement.superseded",
                target=previous,
                changes={"status": [before, AgreementStatus.SUPERSEDED]},
                data=_route_data(previous, superseded_by=agreement.pk),
            )
    for signer in signers:
        if not signer.email:
            continue
        message = _mail_signer(
            agreement=agreement, signer=signer, template="completed", subject=COMPLETED_SUBJECT, attach_final=True
        )
        _event_record(agreement, AgreementEventKind.DELIVERED, signer=signer, detail=signer.email, message=message)
