"""Matching pages: open workplaces next to students without a placement (staff), proposing a match
(coordinators), the proposals with their answers (resend, withdraw), answering in Verbinder (the company's
contact or the student, logged in), and answering through an e-mailed link without an account."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.core.exceptions import StaleVersionError
from verbinder.core.http import PAGE_SIZE, require_perm, require_staff
from verbinder.core.links import REVOKED, UNKNOWN, LinkError, link_check, link_use
from verbinder.partners.models import Route
from verbinder.partners.views.common import add_service_errors, can
from verbinder.placements.enums import MatchAnswer, MatchParty, MatchStatus
from verbinder.placements.forms.matching import AnswerForm, MatchFilterForm, ProposalFilterForm, ProposeForm
from verbinder.placements.models import MatchProposal
from verbinder.placements.selectors import matching as selectors
from verbinder.placements.services import matching as services


def _page(request: HttpRequest, queryset: Any, param: str) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(param))


def _route(request: HttpRequest, routes: list[Route]) -> Route:
    """The route of `?route=` among the user's routes (404 for another), else their first."""
    wanted = request.GET.get("route", "")
    if not wanted:
        if not routes:
            raise Http404
        return routes[0]
    route = next((route for route in routes if str(route.pk) == wanted), None)
    if route is None:
        raise Http404
    return route


@require_GET
@login_required
def matching(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    routes = selectors.matching_routes(user=request.user)
    route = _route(request, routes)
    form = MatchFilterForm(request.GET or None, routes=routes, initial={"route": str(route.pk)})
    filters = form.filters()
    workplaces = _page(request, selectors.matching_workplaces(route=route, filters=filters), "wpage")
    students = _page(request, selectors.matching_students(route=route, filters=filters), "spage")
    context = {
        "route": route,
        "form": form,
        "filters": filters,
        "workplaces": workplaces,
        "students": students,
        "can_propose": can(request, "placements.propose_match", route),
    }
    return render(request, "placements/match_matching.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def match_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a student for this workplace, with the terms (defaults from the workplace)."""
    require_staff(request)
    workplace = selectors.workplace_for_proposal(user=request.user, pk=pk)
    require_perm(request.user, "placements.propose_match", workplace)
    students = selectors.eligible_students(route=workplace.route).order_by("last_name", "first_name", "pk")
    initial = {"student": request.GET["student"]} if request.GET.get("student", "").isdigit() else {}
    form = ProposeForm(
        request.POST or None,
        workplace=workplace,
        students=students,
        supervisors=selectors.supervisor_choices(workplace=workplace),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.match_propose(by=request.user, workplace=workplace, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Proposal sent to the company and the student."))
            return redirect(f"{reverse('placements:match-list')}?route={workplace.route_id}")
    context = {"workplace": workplace, "route": workplace.route, "form": form}
    return render(request, "placements/match_propose.html", context)


@require_GET
@login_required
def match_list(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    routes = selectors.matching_routes(user=request.user)
    route = _route(request, routes)
    form = ProposalFilterForm(request.GET or None, routes=routes, initial={"route": str(route.pk)})
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    page = _page(request, selectors.proposal_list(route=route, status=status), "page")
    context = {
        "route": route,
        "form": form,
        "page": page,
        "can_change": can(request, "placements.propose_match", route),
        "here": request.get_full_path(),
    }
    return render(request, "placements/match_list.html", context)


def _back_to_list(request: HttpRequest, proposal: MatchProposal) -> HttpResponse:
    return redirect(f"{reverse('placements:match-list')}?route={proposal.route_id}")


@require_POST
@login_required
def match_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "placements.propose_match", proposal)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.match_withdraw(by=request.user, proposal=proposal, version=version)
    except StaleVersionError:
        messages.error(request, _("Someone else changed this proposal in the meantime. Look again and retry."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Proposal withdrawn; its links no longer work."))
    return _back_to_list(request, proposal)


@require_POST
@login_required
def match_resend(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "placements.propose_match", proposal)
    try:
        services.match_resend(by=request.user, proposal=proposal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("New links sent to whoever has not answered yet; the old links no longer work."))
    return _back_to_list(request, proposal)


def _answer_of(proposal: MatchProposal, party: str) -> str:
    return proposal.company_answer if party == MatchParty.COMPANY else proposal.student_answer


@require_http_methods(["GET", "POST"])
@login_required
def match_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The company contact of the workplace's company, or the student, answers in Verbinder."""
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    if can(request, "placements.answer_match_for_company", proposal):
        party = MatchParty.COMPANY
    elif can(request, "placements.answer_match_for_student", proposal):
        party = MatchParty.STUDENT
    else:
        raise PermissionDenied
    form = AnswerForm(request.POST or None, party=party, ask_name=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.match_answer(
                proposal=proposal, party=party, accept=form.accept, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Thank you: your answer has been recorded."))
            return redirect("placements:match-answer", pk=proposal.pk)
    context = _answer_context(proposal, party, form)
    return render(request, "placements/match_answer.html", context)


def _answer_context(proposal: MatchProposal, party: str, form: AnswerForm) -> dict[str, Any]:
    answer = _answer_of(proposal, party)
    return {
        "proposal": proposal,
        "workplace": proposal.workplace,
        "company": proposal.workplace.organisation,
        "student": proposal.student,
        "party": party,
        "for_company": party == MatchParty.COMPANY,
        "answer": answer,
        "is_open": proposal.status == MatchStatus.PROPOSED and answer == MatchAnswer.PENDING,
        "closed_message": services.closed_message(proposal) if proposal.status != MatchStatus.PROPOSED else "",
        "form": form,
    }


def _private(response: HttpResponse, *, referrer: str = "same-origin") -> HttpResponse:
    """An answer page: never cached, never sent to another site as a referrer. The page at the token's own URL
    sends no referrer at all; the page it redirects to holds no token (and must not send `no-referrer`: the
    browser would then post its form with `Origin: null`, which Django's CSRF check refuses)."""
    response["Referrer-Policy"] = referrer
    response["Cache-Control"] = "no-store"
    return response


def _session_key(link_pk: int) -> str:
    return f"action-link:{link_pk}"


LINK_MESSAGES = {
    "tampered": gettext_lazy("This link is not valid. Check that you copied the whole link from the e-mail."),
    "unknown": gettext_lazy("This link is not valid. Check that you copied the whole link from the e-mail."),
    "used": gettext_lazy("This link has already been used: the answer was recorded. A link works only once."),
    "expired": gettext_lazy("This link has expired. Ask the coordinator of the hogeschool to send you a new one."),
    "revoked": gettext_lazy(
        "This link no longer works: a newer link was sent, or the proposal was withdrawn or answered. "
        "Use the most recent e-mail, or ask the coordinator."
    ),
}


def _link_failed(request: HttpRequest, error: LinkError, *, referrer: str = "same-origin") -> HttpResponse:
    context = {"reason": error.reason, "message": str(LINK_MESSAGES[error.reason])}
    response = render(request, "placements/match_link_failed.html", context, status=error.status)
    return _private(response, referrer=referrer)


@never_cache
@require_http_methods(["GET", "POST"])
def match_answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link, without an account. A valid link's token moves into the session and the browser goes on
    to a page whose URL holds no token (SECURITY.md: history, logs and referrers never see it). A POST here
    (a client that does not follow redirects) answers directly."""
    try:
        link = link_check(purpose=services.LINK_PURPOSE, token=token)
    except LinkError as error:
        return _link_failed(request, error, referrer="no-referrer")
    if request.method == "POST":
        return _answer_by_link(request, link=link, token=token)
    request.session[_session_key(link.pk)] = token
    return _private(redirect("placements:match-answer-open", pk=link.pk), referrer="no-referrer")


@never_cache
@require_http_methods(["GET", "POST"])
def match_answer_open(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer page of a link opened in this browser (its token is in the session, not in the URL)."""
    token = request.session.get(_session_key(pk), "")
    try:
        link = link_check(purpose=services.LINK_PURPOSE, token=token)
    except LinkError as error:
        return _link_failed(request, error)
    if link.pk != pk:
        return _link_failed(request, LinkError(UNKNOWN, link))
    return _answer_by_link(request, link=link, token=token)


def _answer_by_link(request: HttpRequest, *, link: Any, token: str) -> HttpResponse:
    """Shows this one proposal and records one answer."""
    proposal = selectors.proposal_for_link(link=link)
    party = link.party
    if party == MatchParty.COMPANY and not services.answers_for_company(proposal=proposal, email=link.email):
        # Sent to someone who no longer answers for the company (their role there was removed).
        return _link_failed(request, LinkError(REVOKED, link))
    form = AnswerForm(request.POST or None, party=party, ask_name=True, initial={"name": link.name})
    answered = False
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                link_use(link=link)
                proposal = services.match_answer(
                    proposal=proposal,
                    party=party,
                    accept=form.accept,
                    name=form.cleaned_data.get("name", ""),
                    reason=form.cleaned_data["reason"],
                )
        except LinkError as error:
            return _link_failed(request, error)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            answered = True
            request.session.pop(_session_key(link.pk), None)
            proposal = selectors.proposal_for_link(link=link)
    context = {**_answer_context(proposal, party, form), "answered": answered, "via_link": True}
    return _private(render(request, "placements/match_answer.html", context))


urlpatterns = [
    path("matching/", matching, name="matching"),
    path("matching/workplaces/<int:pk>/propose/", match_propose, name="match-propose"),
    path("matching/proposals/", match_list, name="match-list"),
    path("matching/proposals/<int:pk>/withdraw/", match_withdraw, name="match-withdraw"),
    path("matching/proposals/<int:pk>/resend/", match_resend, name="match-resend"),
    path("matching/proposals/<int:pk>/answer/", match_answer, name="match-answer"),
    path("a/<str:token>/", match_answer_link, name="match-answer-link"),
    path("a/open/<int:pk>/", match_answer_open, name="match-answer-open"),
]
