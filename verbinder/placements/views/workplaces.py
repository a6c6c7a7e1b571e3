"""Learning workplaces: the route's list, a workplace's page, entering and editing one, approving and withdrawing
(staff); offering one for a company and the company's own view of it (company contacts, in the portal).

The staff pages are for the route's staff (teachers read, coordinators change); the company's pages are for the
company's contacts and anyone else who may see the workplace (a student sees the open ones of their route). They
never show the programme's name (markers: routes are internal).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.core.activity import history_for
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.http import paginate, require_perm
from verbinder.partners.history import display_value, field_label, history_rows
from verbinder.partners.views.common import add_service_errors, can
from verbinder.placements.enums import WorkplaceStatus
from verbinder.placements.forms.workplaces import (
    VersionForm,
    WithdrawForm,
    WorkplaceFilterForm,
    WorkplaceForm,
    route_label_for_company,
)
from verbinder.placements.models import Workplace
from verbinder.placements.selectors import workplaces as selectors
from verbinder.placements.services import workplaces as services

ACTION_LABELS = {
    "placements.workplace.created": gettext_lazy("entered the workplace"),
    "placements.workplace.offered": gettext_lazy("offered the workplace"),
    "placements.workplace.approved": gettext_lazy("approved the workplace"),
    "placements.workplace.updated": gettext_lazy("changed the workplace"),
    "placements.workplace.withdrawn": gettext_lazy("withdrew the workplace"),
    "placements.workplace.filled": gettext_lazy("filled the workplace"),
}
EDITABLE = (WorkplaceStatus.PROPOSED, WorkplaceStatus.OPEN)


def _history(request: HttpRequest, workplace: Workplace) -> list[tuple[Any, str]]:
    rows = history_rows(history_for(workplace, limit=20), Workplace, user=request.user)
    return [(row, str(ACTION_LABELS.get(row.entry.action_type, row.label))) for row in rows]


def _stale_message(workplace: Workplace, exc: StaleVersionError) -> str:
    changed = ", ".join(f"{field_label(Workplace, name)}: {display_value(workplace, name)}" for name in exc.changed)
    message = _("Someone else saved this workplace in the meantime. Nothing was changed; check it and try again.")
    return f"{message} ({changed})" if changed else message


# Staff: the route's list and a workplace's page


@require_GET
@login_required
def workplace_list(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = selectors.route_get_for_workplaces(user=request.user, pk=route_pk)
    require_perm(request.user, "placements.view_placements", route)
    companies = list(selectors.workplace_company_choices(route=route))
    awaiting = selectors.workplace_awaiting_count(route=route)
    filter_form = WorkplaceFilterForm(request.GET or None, companies=companies, awaiting=awaiting)
    filters = filter_form.filters()
    page = paginate(request, selectors.workplace_list(route=route, filters=filters))
    context = {
        "route": route,
        "filter_form": filter_form,
        "filtered": filters != selectors.WorkplaceFilters(),
        "awaiting": awaiting,
        "page": page,
        "can_add": can(request, "placements.change_workplace", route) and route.archived_at is None,
    }
    return render(request, "placements/workplace_list.html", context)


@require_GET
@login_required
def workplace_detail(request: HttpRequest, pk: int) -> HttpResponse:
    workplace = selectors.workplace_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "placements.view_placements", workplace)
    may_change = can(request, "placements.change_workplace", workplace)
    context = {
        "workplace": workplace,
        "route": workplace.route,
        "proposal_counts": selectors.workplace_proposal_counts(workplace=workplace),
        "can_edit": may_change and workplace.status in EDITABLE,
        "can_withdraw": may_change and workplace.status in EDITABLE,
        "can_approve": can(request, "placements.approve_workplace", workplace)
        and workplace.status == WorkplaceStatus.PROPOSED,
        "history": _history(request, workplace),
    }
    return render(request, "placements/workplace_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def workplace_create(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = selectors.route_get_for_workplaces(user=request.user, pk=route_pk)
    require_perm(request.user, "placements.change_workplace", route)
    companies = selectors.workplace_company_choices(route=route).filter(archived_at__isnull=True)
    form = WorkplaceForm(request.POST or None, organisations=companies)
    if request.method == "POST" and form.is_valid():
        try:
            workplace = services.workplace_create(
                by=request.user,
                route=route,
                organisation=form.cleaned_data["organisation"],
                fields=form.service_fields(),
                accept_non_sme=form.cleaned_data["accept_non_sme"],
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Workplace %(title)s saved.") % {"title": workplace.title})
            return redirect("placements:workplace-detail", pk=workplace.pk)
    return render(request, "placements/workplace_form.html", {"form": form, "route": route})


@require_http_methods(["GET", "POST"])
@login_required
def workplace_edit(request: HttpRequest, pk: int) -> HttpResponse:
    workplace = selectors.workplace_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "placements.change_workplace", workplace)
    if workplace.status not in EDITABLE:
        messages.error(request, _("A filled or withdrawn workplace can no longer be changed."))
        return redirect("placements:workplace-detail", pk=workplace.pk)
    return _edit(request, workplace, done="placements:workplace-detail", template="placements/workplace_form.html")


def _edit(request: HttpRequest, workplace: Workplace, *, done: str, template: str) -> HttpResponse:
    """Edit with optimistic locking: a save over someone else's newer save is refused and told what changed."""
    form = WorkplaceForm(request.POST or None, instance=workplace)
    version_form = VersionForm(request.POST or None, initial={"version": workplace.version})
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.workplace_update(
                by=request.user,
                workplace=workplace,
                version=version_form.cleaned_data["version"],
                fields=form.service_fields(),
            )
        except StaleVersionError as exc:
            workplace.refresh_from_db()
            form.add_error(None, _stale_message(workplace, exc))
            version_form = VersionForm(initial={"version": workplace.version})
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Workplace saved."))
            return redirect(done, pk=workplace.pk)
    if request.method == "POST":
        workplace.refresh_from_db()  # validation copied the rejected input onto it; show the stored record
    context = {
        "form": form,
        "version_form": version_form,
        "workplace": workplace,
        "route": workplace.route,
        "route_label": route_label_for_company(workplace.route),
    }
    return render(request, template, context)


@require_POST
@login_required
def workplace_approve(request: HttpRequest, pk: int) -> HttpResponse:
    workplace = selectors.workplace_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "placements.approve_workplace", workplace)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect("placements:workplace-detail", pk=workplace.pk)
    try:
        services.workplace_approve(by=request.user, workplace=workplace, version=form.cleaned_data["version"])
    except StaleVersionError as exc:
        workplace.refresh_from_db()
        messages.error(request, _stale_message(workplace, exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Workplace approved: students can see it now."))
    return redirect("placements:workplace-detail", pk=workplace.pk)


@require_http_methods(["GET", "POST"])
@login_required
def workplace_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    workplace = selectors.workplace_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "placements.change_workplace", workplace)
    return _withdraw(request, workplace, done="placements:workplace-detail")


def _withdraw(request: HttpRequest, workplace: Workplace, *, done: str) -> HttpResponse:
    if workplace.status not in EDITABLE:
        messages.error(request, _("A filled or withdrawn workplace cannot be withdrawn."))
        return redirect(done, pk=workplace.pk)
    form = WithdrawForm(request.POST or None, initial={"version": workplace.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.workplace_withdraw(
                by=request.user,
                workplace=workplace,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleVersionError as exc:
            workplace.refresh_from_db()
            # Bound to the stored version (an error can only be added to a bound, cleaned form).
            fresh = {"version": workplace.version, "reason": form.cleaned_data["reason"]}
            form = WithdrawForm(fresh, initial=fresh)
            form.is_valid()
            form.add_error(None, _stale_message(workplace, exc))
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Workplace withdrawn."))
            return redirect(done, pk=workplace.pk)
    context = {"form": form, "workplace": workplace, "cancel": done}
    return render(request, "placements/workplace_withdraw.html", context)


# The company's pages


@require_http_methods(["GET", "POST"])
@login_required
def workplace_offer(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    """A company contact offers a workplace for one of the programmes their company works with; it awaits the
    coordinator's approval. Coordinators (of their routes) and administrators may do it for the company."""
    organisation = selectors.offer_organisation_get(user=request.user, pk=organisation_pk)
    route_list = list(selectors.offer_routes(user=request.user, organisation=organisation))
    if not route_list and not can(request, "placements.offer_workplace", organisation):
        raise PermissionDenied
    form = WorkplaceForm(request.POST or None, routes=route_list)
    if len(route_list) == 1:
        form.initial["route"] = route_list[0].pk
    if request.method == "POST" and form.is_valid():
        try:
            workplace = services.workplace_offer(
                by=request.user,
                route=form.cleaned_data["route"],
                organisation=organisation,
                fields=form.service_fields(),
                accept_non_sme=form.cleaned_data["accept_non_sme"],
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(
                request, _("Thank you: the coordinator will check the workplace and let you know by e-mail.")
            )
            return redirect("placements:offered-workplace", pk=workplace.pk)
    context = {"form": form, "organisation": organisation, "has_routes": bool(route_list)}
    return render(request, "placements/workplace_offer.html", context)


@require_GET
@login_required
def offered_workplace(request: HttpRequest, pk: int) -> HttpResponse:
    """A workplace as the company (and a student of the route) sees it: what it is and where it stands."""
    workplace = selectors.workplace_get_for_user(user=request.user, pk=pk)
    may_offer = can(request, "placements.offer_workplace", workplace)
    context = {
        "workplace": workplace,
        "route_label": route_label_for_company(workplace.route),
        "can_edit": workplace.status == WorkplaceStatus.PROPOSED and may_offer,
        "can_withdraw": workplace.status in EDITABLE and may_offer,
        "is_staff": can(request, "placements.view_placements", workplace),
    }
    return render(request, "placements/workplace_offered.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def offered_workplace_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The company may change its offer while it awaits approval; after that, the coordinator changes it."""
    workplace = selectors.workplace_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "placements.offer_workplace", workplace)
    if workplace.status != WorkplaceStatus.PROPOSED:
        messages.error(request, _("The workplace is no longer awaiting approval: ask the coordinator to change it."))
        return redirect("placements:offered-workplace", pk=workplace.pk)
    return _edit(request, workplace, done="placements:offered-workplace", template="placements/workplace_offer.html")


@require_http_methods(["GET", "POST"])
@login_required
def offered_workplace_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The company no longer offers the workplace (awaiting approval or open), with a reason for the coordinator."""
    workplace = selectors.workplace_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "placements.offer_workplace", workplace)
    return _withdraw(request, workplace, done="placements:offered-workplace")


urlpatterns: list[URLPattern] = [
    path("workplaces/routes/<int:route_pk>/", workplace_list, name="workplace-list"),
    path("workplaces/routes/<int:route_pk>/new/", workplace_create, name="workplace-create"),
    path("workplaces/<int:pk>/", workplace_detail, name="workplace-detail"),
    path("workplaces/<int:pk>/edit/", workplace_edit, name="workplace-edit"),
    path("workplaces/<int:pk>/approve/", workplace_approve, name="workplace-approve"),
    path("workplaces/<int:pk>/withdraw/", workplace_withdraw, name="workplace-withdraw"),
    path("workplaces/offer/<int:organisation_pk>/", workplace_offer, name="workplace-offer"),
    path("workplaces/offered/<int:pk>/", offered_workplace, name="offered-workplace"),
    path("workplaces/offered/<int:pk>/edit/", offered_workplace_edit, name="offered-workplace-edit"),
    path("workplaces/offered/<int:pk>/withdraw/", offered_workplace_withdraw, name="offered-workplace-withdraw"),
]
