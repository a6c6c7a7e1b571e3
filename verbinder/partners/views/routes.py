from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.accounts.enums import Role
from verbinder.core.activity import history_for
from verbinder.core.http import paginate, require_perm
from verbinder.partners import selectors, services
from verbinder.partners.forms import RouteForm, RouteStaffForm
from verbinder.partners.history import history_rows
from verbinder.partners.models import Organisation, Route
from verbinder.partners.views.common import add_service_errors, can, require_staff

RECENT_ORGANISATIONS = 10


@require_GET
@login_required
def route_list(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    page = paginate(request, selectors.route_list_for_user(user=request.user))
    return render(request, "partners/route_list.html", {"page": page, "can_add": can(request, "partners.add_route")})


@require_http_methods(["GET", "POST"])
@login_required
def route_create(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    require_perm(request.user, "partners.add_route")
    form = RouteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            route = services.route_create(by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Route %(route)s created.") % {"route": route})
            return redirect("partners:route-detail", pk=route.pk)
    return render(request, "partners/route_form.html", {"form": form})


@require_GET
@login_required
def route_detail(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get_for_user(user=request.user, pk=pk)
    staff = selectors.route_staff(route=route)
    partners = Organisation.objects.filter(partnerships__route=route, archived_at__isnull=True)
    context = {
        "route": route,
        "coordinators": [assignment.user for assignment in staff if assignment.role == Role.COORDINATOR],
        "teachers": [assignment.user for assignment in staff if assignment.role == Role.TEACHER],
        "organisations": partners.order_by("-updated_at", "-pk")[:RECENT_ORGANISATIONS],
        "organisation_count": partners.count(),
        "can_edit": can(request, "partners.change_route", route),
        "can_manage_staff": can(request, "partners.manage_route_staff", route),
        "history": history_rows(history_for(route), Route, user=request.user),
    }
    return render(request, "partners/route_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def route_edit(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_route", route)
    form = RouteForm(request.POST or None, instance=route)
    if request.method == "POST" and form.is_valid():
        try:
            services.route_update(route=route, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Route saved."))
            return redirect("partners:route-detail", pk=route.pk)
    if request.method == "POST":
        route.refresh_from_db()  # validation copied the rejected input onto it; show the stored record
    return render(request, "partners/route_form.html", {"form": form, "route": route})


@require_http_methods(["GET", "POST"])
@login_required
def route_staff(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator adds and removes the coordinators and teachers of a route."""
    route = selectors.route_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.manage_route_staff", route)
    form = RouteStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.route_staff_add(route=route, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(
                request,
                _("%(user)s is now %(role)s of this route.")
                % {"user": assignment.user, "role": Role(assignment.role).label.lower()},
            )
            return redirect("partners:route-staff", pk=route.pk)
    staff = selectors.route_staff(route=route)
    return render(request, "partners/route_staff.html", {"route": route, "staff": staff, "form": form})


@require_POST
@login_required
def route_staff_remove(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    route = selectors.route_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.manage_route_staff", route)
    assignment = selectors.route_staff_assignment_get(route=route, pk=assignment_pk)
    services.route_staff_remove(assignment=assignment, by=request.user)
    messages.success(
        request,
        _("%(user)s is no longer %(role)s of this route.")
        % {"user": assignment.user, "role": Role(assignment.role).label.lower()},
    )
    return redirect("partners:route-staff", pk=route.pk)
