"""Follow-ups: my follow-ups (due, overdue, done), mark done with one click (HTMX, or a plain form post), and
new or changed follow-ups (what, who, due date)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.core.http import paginate, require_perm, require_staff
from verbinder.outreach.forms.interactions import FollowUpForm
from verbinder.outreach.selectors import followups as selectors
from verbinder.outreach.selectors.interactions import contact_routes, route_staff
from verbinder.outreach.services import followups as services
from verbinder.outreach.views.interactions import organisation_from_query, safe_next
from verbinder.partners.views.common import add_service_errors, can


@require_GET
@login_required
def my_follow_ups(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    status = request.GET.get("status", selectors.DUE)
    if status not in selectors.STATUSES:
        status = selectors.DUE
    page = paginate(request, selectors.my_follow_ups(user=request.user, status=status))
    context = {
        "page": page,
        "changeable_ids": {f.pk for f in page.object_list},
        "today": timezone.localdate(),
        "status": status,
        "statuses": selectors.STATUSES,
        "counts": selectors.follow_up_counts(user=request.user),
        "here": request.get_full_path(),
    }
    return render(request, "outreach/followups/my_follow_ups.html", context)


def _row(request: HttpRequest, follow_up: Any) -> HttpResponse:
    """After marking done or reopening: the row again (HTMX), or back where the user was."""
    if request.htmx:  # type: ignore[attr-defined]
        context = {
            "follow_up": follow_up,
            "here": safe_next(request, reverse("outreach:my-follow-ups")),
            "changeable_ids": {follow_up.pk},
            "today": timezone.localdate(),
            "show_organisation": request.POST.get("show_organisation") == "1",
            "show_assignee": request.POST.get("show_assignee") == "1",
        }
        return render(request, "outreach/followups/_row.html", context)
    return redirect(safe_next(request, reverse("outreach:my-follow-ups")))


@require_POST
@login_required
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    follow_up = selectors.follow_up_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "outreach.change_follow_up", follow_up)
    services.follow_up_complete(follow_up=follow_up, by=request.user)
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, _("Follow-up marked as done."))
    return _row(request, follow_up)


@require_POST
@login_required
def follow_up_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    follow_up = selectors.follow_up_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "outreach.change_follow_up", follow_up)
    services.follow_up_reopen(follow_up=follow_up, by=request.user)
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, _("Follow-up reopened."))
    return _row(request, follow_up)


@require_http_methods(["GET", "POST"])
@login_required
def follow_up_create(request: HttpRequest) -> HttpResponse:
    """A follow-up without a contact moment, with `?organisation=<pk>` (and optionally `route`)."""
    require_staff(request)
    organisation = organisation_from_query(request)
    routes = [
        route
        for route in contact_routes(user=request.user, organisation=organisation)
        if can(request, "outreach.add_follow_up", route)
    ]
    if not routes:
        raise PermissionDenied
    wanted = request.GET.get("route", "")
    initial = {"route": int(wanted)} if any(str(route.pk) == wanted for route in routes) else {}
    form = FollowUpForm(
        request.POST or None, routes=routes, staff=route_staff(routes=routes), user=request.user, initial=initial
    )
    default_next = reverse("partners:organisation-detail", args=[organisation.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_create(by=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Follow-up saved."))
            return redirect(safe_next(request, default_next))
    context = {"organisation": organisation, "form": form, "next": safe_next(request, default_next)}
    return render(request, "outreach/followups/follow_up_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def follow_up_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change what, reassign, or move the due date: the assignee or the route's coordinator."""
    require_staff(request)
    follow_up = selectors.follow_up_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "outreach.change_follow_up", follow_up)
    initial = {"description": follow_up.description, "assignee": follow_up.assignee_id, "due_on": follow_up.due_on}
    form = FollowUpForm(
        request.POST or None, routes=None, staff=route_staff(routes=[follow_up.route]), user=request.user,
        initial=initial,
    )  # fmt: skip
    default_next = reverse("outreach:my-follow-ups")
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_update(follow_up=follow_up, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Follow-up saved."))
            return redirect(safe_next(request, default_next))
    context = {
        "organisation": follow_up.organisation,
        "follow_up": follow_up,
        "form": form,
        "next": safe_next(request, default_next),
    }
    return render(request, "outreach/followups/follow_up_form.html", context)


urlpatterns = [
    path("follow-ups/", my_follow_ups, name="my-follow-ups"),
    path("follow-ups/new/", follow_up_create, name="follow-up-create"),
    path("follow-ups/<int:pk>/edit/", follow_up_edit, name="follow-up-edit"),
    path("follow-ups/<int:pk>/done/", follow_up_done, name="follow-up-done"),
    path("follow-ups/<int:pk>/reopen/", follow_up_reopen, name="follow-up-reopen"),
]
