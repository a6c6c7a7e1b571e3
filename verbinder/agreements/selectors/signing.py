"""Reads of the signing pages: the signature an e-mailed link is for, the signature a logged-in user signs on an
agreement, and what the page shows of the agreement (its signers in order)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404

from verbinder.agreements.enums import SignerStatus
from verbinder.agreements.models import Agreement, AgreementSigner
from verbinder.core.models import ActionLink


def signer_for_link(*, link: ActionLink) -> AgreementSigner | None:
    """The signature the link was issued for, with its agreement; None when the link is for something else or
    the signature is gone. Only the link decides which signature: never the request."""
    if link.content_type_id != ContentType.objects.get_for_model(AgreementSigner).pk:
        return None
    return (
        AgreementSigner.objects.select_related("agreement__placement__student", "agreement__route", "organisation")
        .filter(pk=link.object_id)
        .first()
    )


def agreement_for_signing(*, user: Any, pk: int) -> Agreement:
    """An agreement the user reaches (404 otherwise), with its signers."""
    return get_object_or_404(
        Agreement.objects.visible_to(user)
        .select_related("placement__student", "route")
        .prefetch_related("signers__organisation"),
        pk=pk,
    )


def signer_of_user(*, user: Any, agreement: Agreement) -> AgreementSigner | None:
    """The signature on this agreement that the user signs (`agreements.sign`), if any; of two (a contact of both
    companies of a shared placement) the one waiting for them first."""
    own = [signer for signer in agreement.signers.all() if user.has_perm("agreements.sign", signer)]
    return next((signer for signer in own if signer.status == SignerStatus.INVITED), own[0] if own else None)
