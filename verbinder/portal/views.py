"""The portal: what external users (company contacts, workplace supervisors, students) see. Every page reads
through verbinder.portal.selectors and answers 404 for what is outside the user's portal roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from verbinder.accounts.scope import scope_for
from verbinder.agreements.models import Agreement, AgreementSigner
from verbinder.core.http import paginate
from verbinder.partners.selectors import user_organisations
from verbinder.partners.views.common import can
from verbinder.portal import links
from verbinder.portal import selectors as portal


@dataclass(frozen=True)
class Paged:
    """One page of a list, with the query strings of its neighbours (a page may hold several lists, each
    paged by its own parameter)."""

    page: Page
    previous_query: str
    next_query: str


@dataclass(frozen=True)
class AgreementRow:
    """An agreement in the portal list: its signatures, and where the user signs it ("" when not now)."""

    agreement: Agreement
    signers: list[AgreementSigner]
    sign_url: str


def _paged(request: HttpRequest, queryset: QuerySet[Any], param: str = "page") -> Paged:
    page = paginate(request, queryset, param=param)

    def query(number: int) -> str:
        params = request.GET.copy()
        params[param] = str(number)
        return "?" + urlencode(sorted(params.lists()), doseq=True)

    return Paged(
        page=page,
        previous_query=query(page.previous_page_number()) if page.has_previous() else "",
        next_query=query(page.next_page_number()) if page.has_next() else "",
    )


def _parts(request: HttpRequest, paged: Paged) -> list[portal.PlacementPart]:
    return [portal.placement_part(user=request.user, placement=placement) for placement in paged.page.object_list]


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """An external user's start page: the organisations where they have a role, the pages of their roles, and
    their placements (each linking to the part they may see)."""
    scope = scope_for(request.user)
    organisations = list(user_organisations(user=request.user))
    placements = _paged(request, portal.portal_placements(user=request.user))
    context = {
        "organisations": organisations,
        "companies": [o for o in organisations if o.pk in scope.contact_organisation_ids],
        "is_supervisor": bool(scope.supervisor_organisation_ids),
        "student": portal.student_record(user=request.user),
        "placements": placements,
        "parts": _parts(request, placements),
        "matrix_routes": list(portal.party_routes(user=request.user).values_list("pk", flat=True)),
    }
    return render(request, "portal/home.html", context)


@require_GET
@login_required
def placement(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of one placement the user may see: the student all of it; a company or supervisor their host."""
    part = portal.placement_get_for_portal(user=request.user, pk=pk)
    return render(request, "portal/placement.html", {"part": part, "placement": part.placement})


@require_GET
@login_required
def company(request: HttpRequest, pk: int) -> HttpResponse:
    """A company contact's company: its learning workplaces, its placements (current and past) and the proposed
    matches waiting for its answer."""
    organisation = portal.company_get_for_contact(user=request.user, pk=pk)
    placements = _paged(
        request, portal.company_placements(user=request.user, organisation=organisation), "placements_page"
    )
    proposals = _paged(
        request, portal.company_proposals_waiting(user=request.user, organisation=organisation), "proposals_page"
    )
    context = {
        "organisation": organisation,
        "workplaces": _paged(
            request, portal.company_workplaces(user=request.user, organisation=organisation), "workplaces_page"
        ),
        "offer_url": links.workplace_offer_url(organisation)
        if can(request, "placements.offer_workplace", organisation)
        else "",
        "placements": placements,
        "parts": _parts(request, placements),
        "proposals": proposals,
        "proposal_rows": [(p, links.match_answer_url(p)) for p in proposals.page.object_list],
    }
    return render(request, "portal/company.html", context)


@require_GET
@login_required
def supervised_students(request: HttpRequest) -> HttpResponse:
    """A workplace supervisor's students: one row per host they supervise (current first)."""
    if not scope_for(request.user).supervisor_organisation_ids:
        raise Http404
    hosts = _paged(request, portal.supervised_hosts(user=request.user))
    rows = [(host, portal.other_current_names(host=host)) for host in hosts.page.object_list]
    return render(request, "portal/supervised_students.html", {"hosts": hosts, "rows": rows})


@require_GET
@login_required
def my_placement(request: HttpRequest) -> HttpResponse:
    """A student's own placements with their hosts and supervisors, the open learning workplaces of their route,
    and the proposed matches waiting for their answer."""
    student = portal.student_record(user=request.user)
    if student is None:
        raise Http404
    proposals = _paged(request, portal.student_proposals_waiting(user=request.user, student=student), "proposals_page")
    placements = [
        portal.placement_part(user=request.user, placement=placement)
        for placement in portal.student_placements(user=request.user, student=student)
    ]
    context = {
        "student": student,
        "parts": placements,
        "workplaces": _paged(
            request, portal.student_open_workplaces(user=request.user, student=student), "workplaces_page"
        ),
        "proposals": proposals,
        "proposal_rows": [(p, links.match_answer_url(p)) for p in proposals.page.object_list],
    }
    return render(request, "portal/my_placement.html", context)


@require_GET
@login_required
def agreements(request: HttpRequest) -> HttpResponse:
    """A student's or company contact's agreements: those waiting for their signature first, each with its
    signatures, a link to sign (when the signature is theirs and its turn has come) and the PDFs."""
    if not portal.portal_agreement_reach(request.user):
        raise Http404
    paged = _paged(request, portal.portal_agreements(user=request.user))
    rows = [
        AgreementRow(
            agreement=agreement,
            signers=list(agreement.signers.all()),
            sign_url=links.agreement_sign_url(agreement) if agreement.waiting_for_me else "",  # type: ignore[attr-defined]
        )
        for agreement in paged.page.object_list
    ]
    return render(request, "portal/agreements.html", {"agreements": paged, "rows": rows})


def _agreement_pdf(request: HttpRequest, pk: int, *, final: bool) -> FileResponse:
    agreement = portal.agreement_get_for_portal(user=request.user, pk=pk)
    document = agreement.final_document if final else agreement.document
    if not document:
        raise Http404
    try:
        stream = document.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    kind = _("signed") if final else _("to-sign")
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=f"{_('agreement')}-{agreement.pk}-v{agreement.sequence}-{kind}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    """The PDF that every party signs (as sent)."""
    return _agreement_pdf(request, pk, final=False)


@require_GET
@login_required
def agreement_signed_document(request: HttpRequest, pk: int) -> FileResponse:
    """The signed PDF, with its signature page and audit trail (once every party has signed)."""
    return _agreement_pdf(request, pk, final=True)
