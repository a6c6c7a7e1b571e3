"""Placement pages for the hogeschool's staff: the list per route with its counts, a placement with its hosts and
timeline, the coordinator's changes (each a form with date and reason and one service call), an organisation's
placements as a host (a panel on the organisation page) and the counts on the route page.

Staff of the route read everything; coordinators change (teachers get 403); everyone else gets 404 here: company
contacts, supervisors and students see their part in the portal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from verbinder.accounts.scope import scope_for
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.http import paginate, require_perm, require_staff
from verbinder.core.parts import cached_part
from verbinder.partners.models import Organisation
from verbinder.partners.views.common import add_service_errors, can
from verbinder.placements.enums import CURRENT_PLACEMENT_STATUSES, PlacementStatus
from verbinder.placements.forms import placements as placement_forms
from verbinder.placements.models import Placement, PlacementHost
from verbinder.placements.selectors import placements as selectors
from verbinder.placements.services import placements as services

CHANGE_PERM = "placements.change_placement"
PANEL_PAGE_SIZE = 10


@require_GET
@login_required
def placement_list(request: HttpRequest) -> HttpResponse:
    """The placements of one of the user's routes (`?route=`, the first by default), filtered and sorted, with the
    route's counts above the list.

    The page's title and everything below it are cached parts (verbinder.core.parts), shared by everyone with the
    same reach and query on the same day ("ending within 60 days" counts from today), so that a repeated view
    reads neither the routes nor the placements; a search in place (HTMX) asks for the results only."""
    require_staff(request)
    vary = (scope_for(request.user).key, sorted(request.GET.lists()), timezone.localdate().isoformat())
    chosen: dict[str, Any] = {}

    def route_choice() -> dict[str, Any]:
        """The user's routes and the chosen one, read once for both parts."""
        if not chosen:
            routes = list(selectors.staff_routes(user=request.user).only("pk", "programme_name"))
            requested = request.GET.get("route", "")
            route = next((r for r in routes if str(r.pk) == requested), routes[0] if routes else None)
            chosen.update(routes=routes, route=route)
        return chosen

    def listing() -> dict[str, Any]:
        routes, route = route_choice()["routes"], route_choice()["route"]
        hosts = selectors.host_choices(route=route) if route else []
        form = placement_forms.PlacementFilterForm(request.GET or None, routes=routes, hosts=hosts)
        filters = form.filters()
        context: dict[str, Any] = {"routes": routes, "route": route, "form": form, "filters": filters}
        if route is not None:
            context.update(
                page=paginate(request, selectors.placement_list(route=route, filters=filters)),
                counts=selectors.placement_counts(route=route),
                list_url=reverse("placements:placement-list"),
            )
        return context

    if request.htmx.target == "placement-results":  # type: ignore[attr-defined]
        return HttpResponse(
            cached_part(request, name="placements/placement_list.html#results", vary=vary, context=listing)
        )
    context = {
        "title": cached_part(request, name="placements/placement_list.html#title", vary=vary, context=route_choice),
        "listing": cached_part(request, name="placements/placement_list.html#listing", vary=vary, context=listing),
    }
    return render(request, "placements/placement_list.html", context)


def _actions(placement: Placement, current: list[PlacementHost]) -> dict[str, bool]:
    """Which changes the placement's state allows (the services refuse the others too)."""
    is_current = placement.status in CURRENT_PLACEMENT_STATUSES
    return {
        "add_host": is_current and len(current) == 1,
        "remove_host": is_current and len(current) == 2,
        "change_hosts": is_current,
        "pause": placement.status == PlacementStatus.ACTIVE,
        "resume": placement.status == PlacementStatus.PAUSED,
        "end": is_current,
    }


@require_GET
@login_required
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A placement's page. Everything below the title is a cached part, shared by the viewers with the same reach
    and rights; the placement itself is read every time (404 outside the user's routes)."""
    require_staff(request)
    placement = selectors.placement_get_for_staff(user=request.user, pk=pk)
    can_change = can(request, CHANGE_PERM, placement)
    events_page = request.GET.get("page", "")
    query = sorted(request.GET.lists())

    def details() -> dict[str, Any]:
        hosts = selectors.placement_hosts(placement=placement)
        current = [host for host in hosts if host.is_current]
        events = selectors.placement_events_page(placement=placement, page=events_page or None)
        return {
            "placement": placement,
            "current_hosts": current,
            "past_hosts": [host for host in hosts if not host.is_current],
            "events": events,
            "timeline": [(event, selectors.event_lines(event, placement.share_unit)) for event in events.object_list],
            "can_change": can_change,
            "actions": _actions(placement, current),
        }

    page = cached_part(
        request,
        name="placements/placement_detail.html#page",
        vary=("placement", placement.pk, scope_for(request.user).key, can_change, query),
        context=details,
    )
    return render(request, "placements/placement_detail.html", {"placement": placement, "page": page})


def _placement_for_change(request: HttpRequest, pk: int) -> Placement:
    require_staff(request)
    placement = selectors.placement_get_for_staff(user=request.user, pk=pk)
    require_perm(request.user, CHANGE_PERM, placement)
    return placement


def _codes(exc: ValidationError) -> set[str]:
    errors = [e for errs in exc.error_dict.values() for e in errs] if hasattr(exc, "error_dict") else exc.error_list
    return {str(error.code) for error in errors if error.code}


def _supervisor_refresh(request: HttpRequest) -> bool:
    """Without JavaScript, "show the company's people" posts the form to fill the supervisor choices: nothing
    is saved."""
    return request.method == "POST" and "refresh" in request.POST


def _unbound_from_post(request: HttpRequest) -> dict[str, Any]:
    data: QueryDict = request.POST.copy()
    data.pop("csrfmiddlewaretoken", None)
    data.pop("refresh", None)
    return {key: data.get(key) for key in data}


def _change_page(
    request: HttpRequest,
    placement: Placement,
    make_form: Callable[..., forms.Form],
    call: Callable[[Any], Any],
    *,
    title: str,
    success: str,
    host: PlacementHost | None = None,
) -> HttpResponse:
    """The one shape of every change: a form with date and reason; on a valid POST one service call, then back to
    the placement; a refusal on its field, the input kept; a colleague's newer change shows the stored state."""
    stale = ""
    if _supervisor_refresh(request):
        form = make_form(initial=_unbound_from_post(request))
    else:
        form = make_form(request.POST or None)
    if request.method == "POST" and not _supervisor_refresh(request) and form.is_valid():
        try:
            call(form)
        except StaleVersionError:
            placement = selectors.placement_get_for_staff(user=request.user, pk=placement.pk)
            form = make_form(initial={"version": placement.version}, placement=placement)
            stale = _(
                "A colleague changed this placement while you were looking. Nothing was changed; "
                "check the current state and make your change again."
            )
        except ValidationError as exc:
            if "not_sme" in _codes(exc):
                form.non_sme_warning = True  # type: ignore[attr-defined]
            add_service_errors(exc, form)
        else:
            messages.success(request, success)
            return redirect("placements:placement-detail", pk=placement.pk)
    context = {
        "placement": placement,
        "current_hosts": selectors.placement_hosts(placement=placement),
        "form": form,
        "title": title,
        "host": host,
        "stale": stale,
        "supervisor_url": reverse("placements:placement-supervisors", args=[placement.pk]),
    }
    return render(request, "placements/placement_change.html", context)


def _with_placement(form_class: type[forms.Form], placement: Placement, **extra: Any) -> Callable[..., forms.Form]:
    def make(data: Any = None, **kwargs: Any) -> forms.Form:
        kwargs.setdefault("placement", placement)
        return form_class(data, **extra, **kwargs)

    return make


def _companies(placement: Placement, exclude: list[int]) -> Any:
    return selectors.route_partner_companies(route=placement.route, exclude=exclude)


def _host_input(form: forms.Form) -> services.HostInput:
    data = form.cleaned_data
    return services.HostInput(
        organisation=data["organisation"],
        share=data["share"],
        supervisor=data.get("supervisor"),
        contract_type=data["contract_type"],
    )


@require_http_methods(["GET", "POST"])
@login_required
def host_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a second host company: its share, and the first company's new share (together the working time)."""
    placement = _placement_for_change(request, pk)
    current = [host for host in selectors.placement_hosts(placement=placement) if host.is_current]
    if len(current) != 1:
        messages.error(request, _("A second company can only be added to a placement with one host company."))
        return redirect("placements:placement-detail", pk=placement.pk)
    first = current[0]
    make = _with_placement(
        placement_forms.HostAddForm,
        placement,
        companies=_companies(placement, [first.organisation_id]),
        first=first,
    )

    def call(form: Any) -> Any:
        return services.placement_host_add(
            by=request.user,
            placement=placement,
            host=_host_input(form),
            shares={first.pk: form.cleaned_data["first_share"]},
            accept_non_sme=bool(form.cleaned_data.get("accept_non_sme")),
            **form.change(),
        )

    return _change_page(
        request, placement, make, call, title=_("Add a second host company"), success=_("Second company added.")
    )


@require_http_methods(["GET", "POST"])
@login_required
def host_remove(request: HttpRequest, pk: int, host_pk: int) -> HttpResponse:
    placement = _placement_for_change(request, pk)
    host = selectors.host_get(placement=placement, pk=host_pk)
    make = _with_placement(placement_forms.HostRemoveForm, placement)

    def call(form: Any) -> Any:
        return services.placement_host_remove(by=request.user, placement=placement, host=host, **form.change())

    title = _("Remove %(name)s as host company") % {"name": host.organisation.name}
    return _change_page(request, placement, make, call, title=title, success=_("Host company removed."), host=host)


@require_http_methods(["GET", "POST"])
@login_required
def employer_change(request: HttpRequest, pk: int, host_pk: int) -> HttpResponse:
    """The student moves from this host to another company (the old host stays on the timeline)."""
    placement = _placement_for_change(request, pk)
    host = selectors.host_get(placement=placement, pk=host_pk)
    current_ids = [h.organisation_id for h in selectors.placement_hosts(placement=placement) if h.is_current]
    make = _with_placement(
        placement_forms.EmployerChangeForm, placement, companies=_companies(placement, current_ids), host=host
    )

    def call(form: Any) -> Any:
        return services.placement_employer_change(
            by=request.user,
            placement=placement,
            host=host,
            new=_host_input(form),
            accept_non_sme=bool(form.cleaned_data.get("accept_non_sme")),
            **form.change(),
        )

    title = _("Change of employer: from %(name)s") % {"name": host.organisation.name}
    return _change_page(request, placement, make, call, title=title, success=_("Employer changed."), host=host)


@require_http_methods(["GET", "POST"])
@login_required
def shares_change(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement_for_change(request, pk)
    current = [host for host in selectors.placement_hosts(placement=placement) if host.is_current]
    make = _with_placement(placement_forms.SharesForm, placement, hosts=current)

    def call(form: Any) -> Any:
        working = form.cleaned_data["working_per_week"]
        return services.placement_shares_change(
            by=request.user,
            placement=placement,
            shares=form.shares(),
            working_per_week=working if working != placement.working_per_week else None,
            **form.change(),
        )

    return _change_page(
        request, placement, make, call, title=_("Change shares and working time"), success=_("Shares changed.")
    )


@require_http_methods(["GET", "POST"])
@login_required
def host_update(request: HttpRequest, pk: int, host_pk: int) -> HttpResponse:
    placement = _placement_for_change(request, pk)
    host = selectors.host_get(placement=placement, pk=host_pk)
    make = _with_placement(placement_forms.HostUpdateForm, placement, host=host)

    def call(form: Any) -> Any:
        return services.placement_host_update(
            by=request.user,
            placement=placement,
            host=host,
            supervisor=form.cleaned_data.get("supervisor"),
            contract_type=form.cleaned_data["contract_type"],
            **form.change(),
        )

    title = _("Supervisor and contract at %(name)s") % {"name": host.organisation.name}
    return _change_page(
        request, placement, make, call, title=title, success=_("Supervisor and contract saved."), host=host
    )


@require_http_methods(["GET", "POST"])
@login_required
def details_update(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement_for_change(request, pk)
    make = _with_placement(
        placement_forms.DetailsForm, placement, teachers=selectors.route_teachers(route=placement.route)
    )

    def call(form: Any) -> Any:
        return services.placement_details_update(
            by=request.user,
            placement=placement,
            teacher=form.cleaned_data.get("teacher"),
            end_date=form.cleaned_data["end_date"],
            **form.change(),
        )

    return _change_page(
        request, placement, make, call, title=_("Change period or teacher"), success=_("Period and teacher saved.")
    )


@require_http_methods(["GET", "POST"])
@login_required
def placement_pause(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement_for_change(request, pk)
    make = _with_placement(placement_forms.PauseForm, placement)

    def call(form: Any) -> Any:
        return services.placement_pause(
            by=request.user,
            placement=placement,
            expected_return=form.cleaned_data.get("expected_return"),
            **form.change(),
        )

    return _change_page(
        request, placement, make, call, title=_("Pause (break in learning)"), success=_("Placement paused.")
    )


@require_http_methods(["GET", "POST"])
@login_required
def placement_resume(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement_for_change(request, pk)
    make = _with_placement(placement_forms.ResumeForm, placement)

    def call(form: Any) -> Any:
        return services.placement_resume(by=request.user, placement=placement, **form.change())

    return _change_page(request, placement, make, call, title=_("Resume"), success=_("Placement resumed."))


@require_http_methods(["GET", "POST"])
@login_required
def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement_for_change(request, pk)
    make = _with_placement(placement_forms.EndForm, placement)

    def call(form: Any) -> Any:
        return services.placement_end(by=request.user, placement=placement, **form.change())

    return _change_page(request, placement, make, call, title=_("End early"), success=_("Placement ended."))


@require_GET
@login_required
def supervisor_options(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor field for the company chosen in a host form (HTMX): the people with an active role there.
    Only partners of the placement's route; anything else gives no choices."""
    placement = _placement_for_change(request, pk)
    raw = request.GET.get("organisation", "")
    organisation_id = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None
    if organisation_id and not selectors.route_partner_companies(route=placement.route).filter(pk=organisation_id):
        organisation_id = None
    form = placement_forms.SupervisorFieldForm(organisation_id=organisation_id)
    return render(request, "placements/placement_change.html#supervisor-field", {"form": form})


@require_GET
@login_required
def organisation_placements(request: HttpRequest, pk: int) -> HttpResponse:
    """The placements in which the organisation is or was a host, in the user's routes: a panel on the
    organisation page (HTMX), or a page. Staff only: a company sees its own part in the portal."""
    require_staff(request)
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user).only("pk", "name"), pk=pk)
    page = paginate(request, selectors.organisation_hostings(user=request.user, organisation=organisation),
                    per_page=PANEL_PAGE_SIZE)  # fmt: skip
    panel_url = reverse("placements:organisation-placements", args=[organisation.pk])
    context = {
        "organisation": organisation,
        "page": page,
        "rows": selectors.hosting_rows(list(page.object_list)),
        "panel_url": panel_url,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "placements/placement_organisation.html#panel", context)
    return render(request, "placements/placement_organisation.html", context)


@require_GET
@login_required
def route_counts(request: HttpRequest, route_pk: int) -> HttpResponse:
    """The route page's placement counts, each a link to the filtered list (HTMX on the route page, or a page)."""
    require_staff(request)
    route = selectors.route_get_for_staff(user=request.user, pk=route_pk)
    context = {
        "route": route,
        "counts": selectors.route_counts(route=route),
        "list_url": reverse("placements:placement-list"),
        "workplaces_url": reverse("placements:workplace-list", args=[route.pk]) + "?status=open",
        "students_url": reverse("placements:student-list", args=[route.pk]) + "?without_placement=on",
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "placements/placement_route_counts.html#counts", context)
    return render(request, "placements/placement_route_counts.html", context)


urlpatterns: list[URLPattern] = [
    path("", placement_list, name="placement-list"),
    path("<int:pk>/", placement_detail, name="placement-detail"),
    path("<int:pk>/hosts/add/", host_add, name="placement-host-add"),
    path("<int:pk>/hosts/<int:host_pk>/remove/", host_remove, name="placement-host-remove"),
    path("<int:pk>/hosts/<int:host_pk>/employer/", employer_change, name="placement-employer-change"),
    path("<int:pk>/hosts/<int:host_pk>/edit/", host_update, name="placement-host-edit"),
    path("<int:pk>/shares/", shares_change, name="placement-shares"),
    path("<int:pk>/details/", details_update, name="placement-details"),
    path("<int:pk>/pause/", placement_pause, name="placement-pause"),
    path("<int:pk>/resume/", placement_resume, name="placement-resume"),
    path("<int:pk>/end/", placement_end, name="placement-end"),
    path("<int:pk>/supervisors/", supervisor_options, name="placement-supervisors"),
    path("organisations/<int:pk>/", organisation_placements, name="organisation-placements"),
    path("routes/<int:route_pk>/counts/", route_counts, name="route-counts"),
]
