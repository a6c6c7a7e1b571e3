"""Agreement pages for the hogeschool's staff: the board (drafts, waiting for whom and since when, signed, ending
within 60 days, ended), an agreement's page (parties, signers, the audit trail with the delivery state of each
e-mail) with the coordinator's actions, the placement's agreements panel, the preview and the PDFs.

Staff of the route read; coordinators act (teachers get 403); everyone else gets 404 here: the parties see their
agreements in the portal and sign on the signing pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.accounts.scope import scope_for
from verbinder.agreements.enums import AgreementStatus, SignerStatus
from verbinder.agreements.forms import agreements as agreement_forms
from verbinder.agreements.models import Agreement, AgreementSigner
from verbinder.agreements.selectors import agreements as selectors
from verbinder.agreements.services import agreements as services
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.http import paginate, require_perm, require_staff
from verbinder.core.parts import cached_part
from verbinder.partners.views.common import add_service_errors, can

CHANGE_PERM = "agreements.change_agreement"
STALE = gettext_noop(
    "A colleague changed this agreement while you were looking. Nothing was changed; check the current state "
    "and try again."
)


@require_GET
@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The coordinator's daily overview: counts per state (chart and table) and one list at a time.

    The board is a cached part (verbinder.core.parts), shared by everyone with the same reach and query; as it
    says how long ago things happened ("waiting since"), a part serves for ten minutes at most."""
    require_staff(request)

    def details() -> dict[str, Any]:
        routes = list(selectors.staff_routes(user=request.user))
        form = agreement_forms.BoardFilterForm(request.GET or None, routes=routes)
        route, bucket = form.chosen()
        counts = selectors.board_counts(user=request.user, route=route)
        return {
            "form": form,
            "route": route,
            "bucket": bucket,
            "bucket_label": selectors.BUCKETS[bucket],
            "counts": counts,
            "bars": selectors.board_chart(counts),
            "page": paginate(request, selectors.board_list(user=request.user, bucket=bucket, route=route)),
            "route_query": f"route={route.pk}&" if route else "",
        }

    vary = ("agreements-board", scope_for(request.user).key, sorted(request.GET.lists()), _ten_minutes())
    board_html = cached_part(request, name="agreements/agreement_board.html#board", vary=vary, context=details)
    return render(request, "agreements/agreement_board.html", {"board": board_html})


def _ten_minutes() -> str:
    """The current ten minutes: parts that say "x minutes ago" are not served beyond them."""
    now = timezone.localtime()
    return f"{now:%Y-%m-%d %H}:{now.minute // 10}"


def _actions(agreement: Agreement, signers: list[AgreementSigner]) -> dict[str, bool]:
    """Which actions the agreement's state allows (the services refuse the others too)."""
    status = agreement.status
    return {
        "edit_signers": status == AgreementStatus.DRAFT,
        "send": status == AgreementStatus.DRAFT,
        "remind": status == AgreementStatus.SENT and any(s.status == SignerStatus.INVITED for s in signers),
        "resend": status == AgreementStatus.SENT,
        "cancel": status in (AgreementStatus.DRAFT, AgreementStatus.SENT),
        "terminate": status == AgreementStatus.SIGNED,
        "amend": status in (AgreementStatus.SENT, AgreementStatus.SIGNED),
    }


@require_GET
@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An agreement's page. Everything but the title is a cached part, shared by the viewers with the same reach
    and rights (and, for the "sign" button, the same account), for ten minutes at most ("waiting since"); the
    agreement itself is read every time (404 outside the user's routes). The e-mails' delivery states it shows
    give the data a new version when they change (verbinder.mail.services)."""
    require_staff(request)
    agreement = selectors.agreement_get_for_staff(user=request.user, pk=pk)
    can_change = can(request, CHANGE_PERM, agreement)

    def details() -> dict[str, Any]:
        signers = selectors.agreement_signers(agreement=agreement)
        events = selectors.agreement_events_page(agreement=agreement, page=request.GET.get("page"))
        return {
            "agreement": agreement,
            "signers": signers,
            "events": events,
            "trail": [(event, selectors.delivery_of(event.message)) for event in events.object_list],
            "amendments": selectors.agreement_amendments(agreement=agreement),
            "can_change": can_change,
            "actions": _actions(agreement, signers),
            "send_form": agreement_forms.SendForm(
                initial={"version": agreement.version, "signing_order": agreement.signing_order}
            ),
        }

    vary = (
        "agreement",
        agreement.pk,
        scope_for(request.user).key,
        request.user.pk,
        can_change,
        sorted(request.GET.lists()),
        _ten_minutes(),
    )
    page = cached_part(request, name="agreements/agreement_detail.html#page", vary=vary, context=details)
    return render(request, "agreements/agreement_detail.html", {"agreement": agreement, "page": page})


@require_GET
@login_required
def placement_agreements(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel on the placement's page: its agreements and, for coordinators, "draw up an agreement"."""
    require_staff(request)
    placement = selectors.placement_get_for_staff(user=request.user, pk=pk)
    agreements = selectors.placement_agreements(placement=placement)
    context = {
        "placement": placement,
        "agreements": agreements,
        "can_create": can(request, CHANGE_PERM, placement)
        and not any(a.status in (AgreementStatus.DRAFT, AgreementStatus.SENT) for a in agreements),
        "can_change": can(request, CHANGE_PERM, placement),
    }
    partial = bool(getattr(request, "htmx", False))
    name = "agreement_placement.html" if partial else "agreement_placement_page.html"
    return render(request, f"agreements/{name}", context)


@require_POST
@login_required
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    placement = selectors.placement_get_for_staff(user=request.user, pk=pk)
    require_perm(request.user, CHANGE_PERM, placement)
    try:
        agreement = services.agreement_create(by=request.user, placement=placement)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("placements:placement-detail", pk=placement.pk)
    messages.success(request, _("The agreement was drawn up. Check the signers, then send it for signature."))
    return redirect("agreements:agreement-detail", pk=agreement.pk)


def _agreement_for_change(request: HttpRequest, pk: int) -> Agreement:
    require_staff(request)
    agreement = selectors.agreement_get_for_staff(user=request.user, pk=pk)
    require_perm(request.user, CHANGE_PERM, agreement)
    return agreement


def _action_page(
    request: HttpRequest,
    agreement: Agreement,
    form: forms.Form,
    call: Callable[[forms.Form], Any],
    *,
    title: str,
    intro: str,
    submit: str,
    success: str,
    danger: bool = False,
) -> HttpResponse:
    """One shape for every action with a form: on a valid POST one service call, then back to the agreement; a
    refusal is shown on the form with the input kept; a colleague's newer change is said so."""
    stale = ""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form)
        except StaleVersionError:
            stale = _(STALE)
            if "version" in form.fields:
                # The next submit, after reading the message and the page again, acts on the current version.
                data = request.POST.copy()
                data["version"] = str(Agreement.objects.values_list("version", flat=True).get(pk=agreement.pk))
                form.data = data
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, success)
            target = result if isinstance(result, Agreement) else agreement
            return redirect("agreements:agreement-detail", pk=target.pk)
    context = {
        "agreement": agreement,
        "form": form,
        "title": title,
        "intro": intro,
        "submit": submit,
        "stale": stale,
        "danger": danger,
    }
    return render(request, "agreements/agreement_action.html", context, status=200)


@require_http_methods(["GET", "POST"])
@login_required
def agreement_send(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for_change(request, pk)
    form = agreement_forms.SendForm(
        request.POST or None, initial={"version": agreement.version, "signing_order": agreement.signing_order}
    )
    return _action_page(
        request,
        agreement,
        form,
        lambda f: services.agreement_send(
            by=request.user,
            agreement=agreement,
            signing_order=f.cleaned_data["signing_order"],
            version=f.cleaned_data["version"],
        ),
        title=_("Send for signature"),
        intro=_("The PDF is made now and cannot change afterwards; every signer gets a link by e-mail."),
        submit=_("Send for signature"),
        success=_("The agreement was sent for signature."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def signer_edit(request: HttpRequest, pk: int, signer_pk: int) -> HttpResponse:
    agreement = _agreement_for_change(request, pk)
    signer = get_object_or_404(AgreementSigner, agreement=agreement, pk=signer_pk)
    initial = {"name": signer.name, "email": signer.email, "role": signer.role}
    form = agreement_forms.SignerForm(request.POST or None, initial=initial)
    return _action_page(
        request,
        agreement,
        form,
        lambda f: services.agreement_signer_update(by=request.user, signer=signer, **f.cleaned_data),
        title=_("Signer for %(party)s") % {"party": signer.get_party_display()},
        intro=_("Who signs for this party, the address the link goes to, and the capacity in which they sign."),
        submit=_("Save signer"),
        success=_("The signer was saved."),
    )


@require_POST
@login_required
def agreement_remind(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for_change(request, pk)
    try:
        count = services.agreement_remind(by=request.user, agreement=agreement)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext("A reminder was sent to %(count)d signer.", "A reminder was sent to %(count)d signers.", count)
            % {"count": count},
        )
    return redirect("agreements:agreement-detail", pk=agreement.pk)


@require_POST
@login_required
def signer_resend(request: HttpRequest, pk: int, signer_pk: int) -> HttpResponse:
    agreement = _agreement_for_change(request, pk)
    signer = get_object_or_404(AgreementSigner, agreement=agreement, pk=signer_pk)
    try:
        services.agreement_resend(by=request.user, signer=signer)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("A new link was sent to %(name)s.") % {"name": signer.name})
    return redirect("agreements:agreement-detail", pk=agreement.pk)


@require_http_methods(["GET", "POST"])
@login_required
def agreement_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for_change(request, pk)
    form = agreement_forms.CancelForm(request.POST or None, initial={"version": agreement.version})
    return _action_page(
        request,
        agreement,
        form,
        lambda f: services.agreement_cancel(
            by=request.user, agreement=agreement, reason=f.cleaned_data["reason"], version=f.cleaned_data["version"]
        ),
        title=_("Cancel the agreement"),
        intro=_("Open signing links stop working. Signatures already given are kept in the audit trail."),
        submit=_("Cancel the agreement"),
        success=_("The agreement was cancelled."),
        danger=True,
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreement_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for_change(request, pk)
    form = agreement_forms.TerminateForm(request.POST or None, initial={"version": agreement.version})
    return _action_page(
        request,
        agreement,
        form,
        lambda f: services.agreement_terminate(
            by=request.user,
            agreement=agreement,
            on=f.cleaned_data["on"],
            reason=f.cleaned_data["reason"],
            version=f.cleaned_data["version"],
        ),
        title=_("Terminate the agreement"),
        intro=_("The signed agreement ends early on the date given; the reason is recorded."),
        submit=_("Terminate the agreement"),
        success=_("The agreement was terminated."),
        danger=True,
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreement_amend(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for_change(request, pk)
    form = agreement_forms.AmendForm(request.POST or None)
    return _action_page(
        request,
        agreement,
        form,
        lambda f: services.agreement_amend(by=request.user, agreement=agreement, reason=f.cleaned_data["reason"]),
        title=_("Amend the agreement"),
        intro=_(
            "A new version is drafted from the current template and placement; it replaces this one when all "
            "parties have signed it."
        ),
        submit=_("Draft a new version"),
        success=_("A new version was drafted."),
    )


def _pdf_response(content: Any, filename: str) -> FileResponse:
    response = FileResponse(content, as_attachment=False, filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_GET
@login_required
def agreement_preview(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The agreement as its PDF would look now: a draft is rendered from the current template and placement; a
    sent one is the stored PDF that everyone signs."""
    require_staff(request)
    agreement = selectors.agreement_get_for_staff(user=request.user, pk=pk)
    if agreement.status != AgreementStatus.DRAFT:
        return redirect("agreements:agreement-document", pk=agreement.pk)
    from io import BytesIO

    from verbinder.agreements.documents import agreement_html
    from verbinder.agreements.pdf import pdf_render

    pdf = pdf_render(agreement_html(agreement))
    return _pdf_response(BytesIO(pdf), f"{_('draft')}-{agreement.pk}-v{agreement.sequence}.pdf")


def _stored_pdf(request: HttpRequest, pk: int, *, final: bool) -> FileResponse:
    require_staff(request)
    agreement = selectors.agreement_get_for_staff(user=request.user, pk=pk)
    stored = agreement.final_document if final else agreement.document
    if not stored:
        raise Http404
    try:
        stream = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = _("signed-agreement") if final else _("agreement")
    return _pdf_response(stream, f"{name}-{agreement.pk}-v{agreement.sequence}.pdf")


@never_cache
@require_GET
@login_required
def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    return _stored_pdf(request, pk, final=False)


@never_cache
@require_GET
@login_required
def agreement_final_document(request: HttpRequest, pk: int) -> FileResponse:
    return _stored_pdf(request, pk, final=True)


urlpatterns: list[URLPattern] = [
    path("", board, name="board"),
    path("<int:pk>/", agreement_detail, name="agreement-detail"),
    path("<int:pk>/preview.pdf", agreement_preview, name="agreement-preview"),
    path("<int:pk>/document.pdf", agreement_document, name="agreement-document"),
    path("<int:pk>/signed.pdf", agreement_final_document, name="agreement-final-document"),
    path("<int:pk>/send/", agreement_send, name="agreement-send"),
    path("<int:pk>/remind/", agreement_remind, name="agreement-remind"),
    path("<int:pk>/cancel/", agreement_cancel, name="agreement-cancel"),
    path("<int:pk>/terminate/", agreement_terminate, name="agreement-terminate"),
    path("<int:pk>/amend/", agreement_amend, name="agreement-amend"),
    path("<int:pk>/signers/<int:signer_pk>/", signer_edit, name="signer-edit"),
    path("<int:pk>/signers/<int:signer_pk>/resend/", signer_resend, name="signer-resend"),
    path("placements/<int:pk>/", placement_agreements, name="placement-agreements"),
    path("placements/<int:pk>/create/", agreement_create, name="agreement-create"),
]
