"""Contact moments: an organisation's panel (timeline, last contacts, open follow-ups, colleague awareness) and the
quick entry, which opens inline with HTMX or as a page of its own without JavaScript.

Quick entry from anywhere: `{% url 'outreach:interaction-create' %}?organisation=<pk>&route=<pk>` (route and
`person=<pk>` are optional; `next=<path>` returns there after saving without JavaScript).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from verbinder.accounts.scope import scope_for
from verbinder.core.http import require_perm, require_staff
from verbinder.core.parts import cached_part
from verbinder.outreach.forms.interactions import InteractionEditForm, InteractionForm
from verbinder.outreach.selectors import followups as follow_up_selectors
from verbinder.outreach.selectors import interactions as selectors
from verbinder.outreach.services.interactions import interaction_log, interaction_update
from verbinder.partners.models import Organisation
from verbinder.partners.views.common import add_service_errors, can

TIMELINE_PAGE_SIZE = 10
LOGGED_EVENT = "outreach:interaction-logged"


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go after saving without JavaScript: `next` when it is a path of this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def organisation_from_query(request: HttpRequest) -> Organisation:
    """The organisation of `?organisation=<pk>` in the user's reach (404 else), with partnerships and routes."""
    raw = request.POST.get("organisation") or request.GET.get("organisation") or ""
    if not raw.isdigit() or len(raw) > 12:
        raise Http404
    return selectors.organisation_for_contact(user=request.user, pk=int(raw))


@require_GET
@login_required
def organisation_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation's contact moments in the user's routes (and the bare dates of other routes'), the last
    contact per route, open follow-ups and the quick entry. A panel on the organisation page (HTMX), or a page."""
    require_staff(request)
    organisation = selectors.organisation_for_contact(user=request.user, pk=pk)
    htmx = bool(request.htmx)  # type: ignore[attr-defined]

    def panel_context() -> dict[str, Any]:
        page = selectors.organisation_timeline_page(
            organisation=organisation, page=request.GET.get("page"), per_page=TIMELINE_PAGE_SIZE
        )
        routes = selectors.linked_contact_routes(user=request.user, organisation=organisation)
        overview = selectors.contact_overview(
            user=request.user, organisation=organisation, page_rows=list(page.object_list)
        )
        items = overview.timeline
        follow_ups = list(
            follow_up_selectors.organisation_open_follow_ups(user=request.user, organisation=organisation)[:20]
        )
        panel_url = reverse("outreach:organisation-contact", args=[organisation.pk])
        return {
            "organisation": organisation,
            "page": page,
            "items": items,
            "last_contacts": overview.last_contacts,
            "colleague_contacts": overview.colleague_contacts,
            "follow_ups": follow_ups,
            "changeable_ids": {f.pk for f in follow_ups if can(request, "outreach.change_follow_up", f)},
            "changeable_interaction_ids": {
                item.interaction.pk
                for item in items
                if item.interaction is not None and can(request, "outreach.change_interaction", item.interaction)
            },
            "can_log": any(can(request, "outreach.add_interaction", route) for route in routes),
            "panel_url": panel_url,
            "today": timezone.localdate(),
            # Marking a follow-up done without JavaScript returns to the page the panel is on.
            "here": reverse("partners:organisation-detail", args=[organisation.pk]) if htmx else panel_url,
        }

    # A cached part (core.parts): the viewer's own (what they may change, which colleagues are "others"), of
    # today (the last 30 days of colleague contact), renewed by every contact moment and follow-up change.
    panel = cached_part(
        request,
        name="outreach/interactions/organisation_contact.html#panel",
        vary=(
            "contact",
            organisation.pk,
            request.user.pk,
            scope_for(request.user).key,
            htmx,
            request.GET.get("page") or "",
            timezone.localdate(),
        ),
        context=panel_context,
    )
    if htmx:
        return HttpResponse(panel)
    return render(
        request, "outreach/interactions/organisation_contact.html", {"organisation": organisation, "panel": panel}
    )


@require_http_methods(["GET", "POST"])
@login_required
def interaction_create(request: HttpRequest) -> HttpResponse:
    """Log a contact moment with `?organisation=<pk>` (and optionally `route`, `person`). When the user staffs
    several routes linked to the organisation, they choose the route."""
    require_staff(request)
    organisation = organisation_from_query(request)
    routes = selectors.linked_contact_routes(user=request.user, organisation=organisation)
    if not routes:
        raise PermissionDenied  # in reach, but linked to none of the user's active routes
    for route in routes:
        require_perm(request.user, "outreach.add_interaction", route)
    initial: dict[str, Any] = {}
    wanted_route = request.GET.get("route", "")
    if any(str(route.pk) == wanted_route for route in routes):
        initial["route"] = int(wanted_route)
    people = selectors.organisation_people(organisation=organisation)
    wanted_person = request.GET.get("person", "")
    if wanted_person.isdigit() and len(wanted_person) <= 12:
        initial["people"] = list(people.filter(pk=int(wanted_person)).values_list("pk", flat=True))
    staff = selectors.route_staff(routes=routes)
    form = InteractionForm(
        request.POST or None, routes=routes, people=people, staff=staff, user=request.user, initial=initial
    )
    default_next = reverse("partners:organisation-detail", args=[organisation.pk])
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        require_perm(request.user, "outreach.add_interaction", data["route"])
        try:
            interaction = interaction_log(by=request.user, organisation=organisation, **data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                response = render(
                    request,
                    "outreach/interactions/interaction_form.html#saved",
                    {"organisation": organisation, "interaction": interaction},
                )
                response["HX-Trigger"] = LOGGED_EVENT
                return response
            messages.success(request, _("Contact moment saved."))
            return redirect(safe_next(request, default_next))
    context = {
        "organisation": organisation,
        "form": form,
        "colleague_contacts": selectors.colleague_contacts(user=request.user, organisation=organisation),
        "next": safe_next(request, default_next),
        "cancel_url": safe_next(request, default_next),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "outreach/interactions/interaction_form.html#form", context)
    return render(request, "outreach/interactions/interaction_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def interaction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a contact moment: its author or the route's coordinator."""
    require_staff(request)
    interaction = selectors.interaction_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "outreach.change_interaction", interaction)
    organisation = interaction.organisation
    initial = {
        "kind": interaction.kind,
        "occurred_on": interaction.occurred_on,
        "people": [person.pk for person in interaction.people.all()],
        "colleagues": [user.pk for user in interaction.colleagues.all()],
        "notes": interaction.notes,
    }
    form = InteractionEditForm(
        request.POST or None,
        initial=initial,
        people=selectors.organisation_people(organisation=organisation),
        staff=selectors.route_staff(routes=[interaction.route]),
    )
    default_next = reverse("outreach:organisation-contact", args=[organisation.pk])
    if request.method == "POST" and form.is_valid():
        try:
            interaction_update(interaction=interaction, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Contact moment saved."))
            return redirect(safe_next(request, default_next))
    context = {"interaction": interaction, "organisation": organisation, "form": form, "cancel_url": default_next}
    return render(request, "outreach/interactions/interaction_edit.html", context)


urlpatterns = [
    path("organisations/<int:pk>/contact/", organisation_contact, name="organisation-contact"),
    path("contact-moments/new/", interaction_create, name="interaction-create"),
    path("contact-moments/<int:pk>/edit/", interaction_edit, name="interaction-edit"),
]
