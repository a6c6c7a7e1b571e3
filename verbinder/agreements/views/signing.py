"""Signing pages: signing through an e-mailed link without an account, and signing logged in.

The link pages follow the answer links of matching (verbinder/placements/views/matching.py, SECURITY.md): the
token's URL puts the token in the session and redirects to `/agreements/sign/`, whose URL holds no secret; that
page and its PDF answer only the browser that opened the link. Every response is `Cache-Control: no-store`; the
token's URL sends no referrer, the pages behind it `same-origin` (with `no-referrer` the browser would post the
form with `Origin: null`, which Django's CSRF check refuses). The signature is taken from the link only, never
from the request: a link signs for its own party once.

The form carries the SHA-256 of the PDF the page linked to; the service refuses it when the agreement's
document is no longer that one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from verbinder.agreements.enums import AgreementStatus, SignedVia, SignerStatus
from verbinder.agreements.forms.signing import SignForm
from verbinder.agreements.models import Agreement, AgreementSigner
from verbinder.agreements.selectors import signing as selectors
from verbinder.agreements.services import signing as services
from verbinder.core.links import UNKNOWN, LinkError, link_check, link_use
from verbinder.core.models import ActionLink
from verbinder.partners.views.common import add_service_errors

LINK_PURPOSE = "agreement_sign"
SESSION_CURRENT = "agreement-sign"

# Why a link page cannot be used. The link's own reasons (verbinder.core.links) and the agreement's state.
SIGNED = "signed"
AGREEMENT_EXPIRED = "agreement_expired"
AGREEMENT_CLOSED = "agreement_closed"
LINK_MESSAGES = {
    "tampered": gettext_lazy("This link is not valid. Check that you copied the whole link from the e-mail."),
    "unknown": gettext_lazy("This link is not valid. Check that you copied the whole link from the e-mail."),
    "used": gettext_lazy("This link has already been used: your signature was recorded. A link works only once."),
    "expired": gettext_lazy("This link has expired. Ask the coordinator of the hogeschool to send you a new one."),
    "revoked": gettext_lazy(
        "This link no longer works: a newer link was sent, or the agreement was cancelled or changed. "
        "Use the most recent e-mail, or ask the coordinator."
    ),
    SIGNED: gettext_lazy(
        "You have already signed this agreement. When every party has signed, you receive the signed PDF by e-mail."
    ),
    AGREEMENT_EXPIRED: gettext_lazy(
        "The period for signing this agreement has ended. Ask the coordinator of the hogeschool to send it again."
    ),
    AGREEMENT_CLOSED: gettext_lazy(
        "This agreement can no longer be signed: it was cancelled, or replaced by a newer version. "
        "Use the most recent e-mail, or ask the coordinator."
    ),
}


def _private(response: HttpResponse, *, referrer: str = "same-origin") -> HttpResponse:
    response["Referrer-Policy"] = referrer
    response["Cache-Control"] = "no-store"
    return response


def _session_key(link_pk: int) -> str:
    return f"{SESSION_CURRENT}:{link_pk}"


def _link_failed(request: HttpRequest, reason: str, *, status: int, referrer: str = "same-origin") -> HttpResponse:
    context = {"reason": reason, "message": str(LINK_MESSAGES[reason])}
    response = render(request, "agreements/sign_link_failed.html", context, status=status)
    return _private(response, referrer=referrer)


def _error_page(request: HttpRequest, error: LinkError, *, referrer: str = "same-origin") -> HttpResponse:
    return _link_failed(request, error.reason, status=error.status, referrer=referrer)


def _is_expired(agreement: Agreement) -> bool:
    return agreement.status == AgreementStatus.EXPIRED or (
        agreement.status == AgreementStatus.SENT
        and agreement.expires_at is not None
        and agreement.expires_at <= timezone.now()
    )


def _closed_reason(signer: AgreementSigner) -> str:
    """Why this signature cannot be made (any more), or "" while it can (or is only waiting for its turn)."""
    if signer.status == SignerStatus.SIGNED:
        return SIGNED
    if _is_expired(signer.agreement):
        return AGREEMENT_EXPIRED
    if signer.agreement.status != AgreementStatus.SENT:
        return AGREEMENT_CLOSED
    return ""


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _user_agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))[:300]


def _link_signer(link: ActionLink) -> AgreementSigner:
    """The signature of the link; a link for another party, or for an address the signature no longer has (the
    coordinator changed the signer), does not sign it."""
    signer = selectors.signer_for_link(link=link)
    if signer is None or signer.party != link.party:
        raise LinkError(UNKNOWN, link)
    if (signer.email or "").casefold() != link.email.casefold():
        raise LinkError("revoked", link)
    return signer


def _sign_context(signer: AgreementSigner, form: SignForm, *, document_url: str) -> dict[str, Any]:
    agreement = signer.agreement
    return {
        "agreement": agreement,
        "signer": signer,
        "signers": list(agreement.signers.all()),
        "student": agreement.placement.student,
        "form": form,
        "document_url": document_url,
        "can_sign": signer.status == SignerStatus.INVITED and not _closed_reason(signer),
        "closed_message": str(LINK_MESSAGES[reason]) if (reason := _closed_reason(signer)) else "",
    }


# ---------------------------------------------------------------------------------------------------------------
# Through an e-mailed link, without an account


@never_cache
@require_http_methods(["GET", "POST"])
def sign_link(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link. A valid link's token moves into the session and the browser goes on to
    `/agreements/sign/`. A POST here (a client that does not follow redirects) signs directly."""
    try:
        link = link_check(purpose=LINK_PURPOSE, token=token)
    except LinkError as error:
        return _error_page(request, error, referrer="no-referrer")
    if request.method == "POST":
        return _sign_by_link(request, link=link)
    request.session[_session_key(link.pk)] = token
    request.session[SESSION_CURRENT] = link.pk
    return _private(redirect("agreements:sign-open"), referrer="no-referrer")


def _session_link(request: HttpRequest, wanted: str) -> ActionLink:
    """The link this browser opened: the one named by `wanted` (the form's or the PDF link's `link`), else the
    last one opened. Raises LinkError when there is none or it cannot be used."""
    pk = int(wanted) if wanted.isascii() and wanted.isdigit() else request.session.get(SESSION_CURRENT)
    token = request.session.get(_session_key(pk), "") if isinstance(pk, int) else ""
    link = link_check(purpose=LINK_PURPOSE, token=token)
    if link.pk != pk:
        raise LinkError(UNKNOWN, link)
    return link


@never_cache
@require_http_methods(["GET", "POST"])
def sign_open(request: HttpRequest) -> HttpResponse:
    """The signing page of a link opened in this browser (its token is in the session, not in the URL)."""
    try:
        link = _session_link(request, request.POST.get("link", "") or request.GET.get("link", ""))
    except LinkError as error:
        return _error_page(request, error)
    return _sign_by_link(request, link=link)


def _sign_by_link(request: HttpRequest, *, link: ActionLink) -> HttpResponse:
    try:
        signer = _link_signer(link)
    except LinkError as error:
        return _error_page(request, error)
    reason = _closed_reason(signer)
    if reason:
        return _link_failed(request, reason, status=410)
    form = SignForm(request.POST or None)
    signed = False
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                link_use(link=link)
                services.agreement_sign(
                    signer=signer,
                    typed_name=form.cleaned_data["typed_name"],
                    document_sha256=form.cleaned_data["document_sha256"],
                    ip=_client_ip(request),
                    user_agent=_user_agent(request),
                    via=SignedVia.LINK,
                )
        except LinkError as error:
            return _error_page(request, error)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            signed = True
            request.session.pop(_session_key(link.pk), None)
            signer = _link_signer(link)
    document_url = f"{reverse('agreements:sign-document')}?link={link.pk}"
    context = {**_sign_context(signer, form, document_url=document_url), "signed": signed, "link": link}
    if signed:
        context.update(can_sign=False, closed_message="")
    return _private(render(request, "agreements/sign.html", context))


def _pdf(agreement: Agreement) -> FileResponse:
    """The PDF to sign, shown in the browser, never cached."""
    if not agreement.document:
        raise Http404
    try:
        stream = agreement.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    filename = f"{_('agreement')}-{agreement.pk}-v{agreement.sequence}.pdf"
    response = FileResponse(stream, as_attachment=False, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_GET
def sign_document(request: HttpRequest) -> HttpResponseBase:
    """The PDF of the link opened in this browser (`?link=` names it when several were opened)."""
    try:
        link = _session_link(request, request.GET.get("link", ""))
        signer = _link_signer(link)
    except LinkError as error:
        return _error_page(request, error)
    return _pdf(signer.agreement)


# ---------------------------------------------------------------------------------------------------------------
# Logged in


def _signer_or_403(request: HttpRequest, agreement: Agreement) -> AgreementSigner:
    signer = selectors.signer_of_user(user=request.user, agreement=agreement)
    if signer is None:
        raise PermissionDenied
    return signer


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign logged in: the signature of this agreement that is the user's (`agreements.sign`); others who see
    the agreement get 403."""
    agreement = selectors.agreement_for_signing(user=request.user, pk=pk)
    signer = _signer_or_403(request, agreement)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_sign(
                signer=signer,
                typed_name=form.cleaned_data["typed_name"],
                document_sha256=form.cleaned_data["document_sha256"],
                ip=_client_ip(request),
                user_agent=_user_agent(request),
                user=request.user,
                via=SignedVia.LOGIN,
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Thank you: you have signed the agreement."))
            return redirect("agreements:agreement-sign", pk=agreement.pk)
    signer.agreement = agreement
    document_url = reverse("agreements:agreement-sign-document", kwargs={"pk": agreement.pk})
    context = {**_sign_context(signer, form, document_url=document_url), "signed": False, "link": None}
    return _private(render(request, "agreements/sign.html", context))


@never_cache
@require_GET
@login_required
def agreement_sign_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The PDF to sign, for the user who signs this agreement logged in."""
    agreement = selectors.agreement_for_signing(user=request.user, pk=pk)
    _signer_or_403(request, agreement)
    return _pdf(agreement)


urlpatterns = [
    path("sign/", sign_open, name="sign-open"),
    path("sign/document.pdf", sign_document, name="sign-document"),
    path("sign/<str:token>/", sign_link, name="sign-link"),
    path("<int:pk>/sign/", agreement_sign, name="agreement-sign"),
    path("<int:pk>/sign/document.pdf", agreement_sign_document, name="agreement-sign-document"),
]
