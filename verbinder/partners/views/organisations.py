from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.accounts.scope import scope_for
from verbinder.core.activity import history_for
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.http import paginate, require_perm
from verbinder.core.parts import cached_part
from verbinder.partners import selectors, services
from verbinder.partners.forms import (
    DuplicateCheckForm,
    EditVersionForm,
    OrganisationCreateForm,
    OrganisationFilterForm,
    OrganisationForm,
    RelationshipForm,
    RouteLinkForm,
)
from verbinder.partners.history import display_value, field_label, history_rows
from verbinder.partners.models import Organisation, Route
from verbinder.partners.views.common import add_service_errors, can, require_staff


@require_GET
@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The filter form and the results are one cached part; a search in place (HTMX) asks for the results only."""
    require_staff(request)
    can_export = can(request, "partners.export_organisations")
    query = sorted(request.GET.lists())
    vary = (scope_for(request.user).key, can_export, query)

    def listing() -> dict[str, Any]:
        routes = (
            Route.objects.visible_to(request.user).filter(archived_at__isnull=True).order_by("programme_name", "pk")
        )
        form = OrganisationFilterForm(request.GET or None, routes=routes.only("pk", "programme_name"))
        filters = form.filters()
        page = paginate(request, selectors.organisation_list(user=request.user, filters=filters))
        return {"form": form, "filters": filters, "page": page, "can_export": can_export}

    if request.htmx.target == "organisation-results":  # type: ignore[attr-defined]
        results = cached_part(request, name="partners/organisation_list.html#results", vary=vary, context=listing)
        return HttpResponse(results)
    context = {
        "listing": cached_part(request, name="partners/organisation_list.html#listing", vary=vary, context=listing),
        "can_add": can(request, "partners.add_organisation"),
        "can_import": can(request, "partners.import_organisations"),
    }
    return render(request, "partners/organisation_list.html", context)


def _duplicate_context(request: HttpRequest, query: dict[str, str]) -> dict[str, Any]:
    """Likely duplicates of a new organisation; those outside the user's reach are named but not linked."""
    duplicates = selectors.organisation_duplicates(
        name=query["name"], city=query["city"], kvk_number=query["kvk_number"]
    )
    visible_ids = set(
        Organisation.objects.visible_to(request.user)
        .filter(pk__in=[org.pk for org in duplicates])
        .values_list("pk", flat=True)
    )
    return {"duplicates": duplicates, "visible_duplicate_ids": visible_ids}


@require_http_methods(["GET", "POST"])
@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    """A new organisation. Likely duplicates are shown while typing (HTMX) and again, to confirm, before saving."""
    require_staff(request)
    require_perm(request.user, "partners.add_organisation")
    if request.method == "GET" and request.htmx.target == "duplicate-check":  # type: ignore[attr-defined]
        duplicates = _duplicate_context(request, DuplicateCheckForm(request.GET).query())
        return render(request, "partners/organisation_form.html#duplicates", duplicates)
    routes = selectors.routes_coordinated_by(user=request.user)
    form = OrganisationCreateForm(request.POST or None, routes=routes)
    context: dict[str, Any] = {"form": form, "duplicates": [], "visible_duplicate_ids": set()}
    if request.method == "POST":
        context.update(_duplicate_context(request, DuplicateCheckForm(request.POST).query()))
        confirmed = form.is_valid() and (not context["duplicates"] or form.cleaned_data["confirm_not_duplicate"])
        if confirmed:
            try:
                organisation = services.organisation_create(
                    by=request.user, data=form.service_data(), routes=form.cleaned_data["routes"]
                )
            except ValidationError as exc:
                add_service_errors(exc, form)
            else:
                messages.success(request, _("Organisation %(name)s created.") % {"name": organisation.name})
                return redirect("partners:organisation-detail", pk=organisation.pk)
        context["ask_confirmation"] = bool(context["duplicates"])
    return render(request, "partners/organisation_form.html", context)


@require_GET
@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's page. Its own people (external users) see the details and contact persons only.

    Everything below the title is one cached part, shared by the viewers with the same reach."""
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    internal = can(request, "partners.view_organisation_internal", organisation)
    can_edit = can(request, "partners.change_organisation", organisation)
    scope = scope_for(request.user)

    def details() -> dict[str, Any]:
        context: dict[str, Any] = {
            "organisation": organisation,
            "internal": internal,
            "can_edit": can_edit,
            "affiliations": list(selectors.organisation_affiliations(organisation=organisation)),
        }
        if internal:
            routes = selectors.organisation_routes(user=request.user, organisation=organisation)
            context.update(
                routes=routes,
                unlinkable_route_ids={
                    route.pk
                    for route in routes
                    if can_edit and (scope.is_admin or route.pk in scope.coordinated_route_ids)
                },
                relationships=selectors.organisation_relationships(user=request.user, organisation=organisation),
                history=history_rows(history_for(organisation), Organisation, user=request.user),
            )
        return context

    page = cached_part(
        request,
        name="partners/organisation_detail.html#page",
        vary=("organisation", organisation.pk, scope.key, internal, can_edit),
        context=details,
    )
    return render(request, "partners/organisation_detail.html", {"organisation": organisation, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit with optimistic locking: a save over someone else's newer save is refused and told what they changed."""
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", organisation)
    form = OrganisationForm(request.POST or None, instance=organisation)
    version_form = EditVersionForm(request.POST or None, initial={"version": organisation.version})
    stale_changes: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation,
                by=request.user,
                data=form.service_data(),
                version=version_form.cleaned_data["version"],
            )
        except StaleVersionError as exc:
            organisation.refresh_from_db()
            stale_changes = [
                (field_label(Organisation, name), display_value(organisation, name)) for name in exc.changed
            ]
            form.add_error(
                None,
                _(
                    "Someone else saved this organisation while you were editing it. "
                    "Check the changes below and save again."
                ),
            )
            version_form = EditVersionForm(initial={"version": organisation.version})
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("partners:organisation-detail", pk=organisation.pk)
    if request.method == "POST":
        organisation.refresh_from_db()  # validation copied the rejected input onto it; show the stored record
    context = {"form": form, "version_form": version_form, "organisation": organisation, "stale_changes": stale_changes}
    return render(request, "partners/organisation_form.html", context)


@require_POST
@login_required
def organisation_archive(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", organisation)
    services.organisation_archive(organisation=organisation, by=request.user)
    messages.success(
        request, _("%(name)s is archived. You can restore it from its page.") % {"name": organisation.name}
    )
    return redirect("partners:organisation-detail", pk=organisation.pk)


@require_POST
@login_required
def organisation_restore(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", organisation)
    services.organisation_restore(organisation=organisation, by=request.user)
    messages.success(request, _("%(name)s is restored.") % {"name": organisation.name})
    return redirect("partners:organisation-detail", pk=organisation.pk)


@require_http_methods(["GET", "POST"])
@login_required
def organisation_route_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the organisation to another of the user's routes (a page of its own: a national coordinator has many)."""
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", organisation)
    linkable = list(selectors.organisation_linkable_routes(user=request.user, organisation=organisation))
    form = RouteLinkForm(request.POST or None, routes=linkable)
    if request.method == "POST" and form.is_valid():
        route = form.cleaned_data["route"]
        services.organisation_link_route(organisation=organisation, route=route, by=request.user)
        messages.success(request, _("Linked to route %(route)s.") % {"route": route})
        return redirect("partners:organisation-detail", pk=organisation.pk)
    return render(
        request, "partners/route_link_form.html", {"organisation": organisation, "form": form, "linkable": linkable}
    )


@require_POST
@login_required
def organisation_route_unlink(request: HttpRequest, pk: int, route_pk: int) -> HttpResponse:
    """Unlink from one of the user's routes. When that was their only way to the organisation, back to the list."""
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", organisation)
    route = get_object_or_404(selectors.routes_coordinated_by(user=request.user), pk=route_pk)
    services.organisation_unlink_route(organisation=organisation, route=route, by=request.user)
    messages.success(
        request, _("%(name)s is no longer linked to %(route)s.") % {"name": organisation.name, "route": route}
    )
    if Organisation.objects.visible_to(request.user).filter(pk=organisation.pk).exists():
        return redirect("partners:organisation-detail", pk=organisation.pk)
    return redirect("partners:organisation-list")


@require_http_methods(["GET", "POST"])
@login_required
def relationship_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", organisation)
    candidates = selectors.relationship_target_choices(user=request.user, organisation=organisation)
    form = RelationshipForm(request.POST or None, organisations=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_create(by=request.user, source=organisation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Relationship saved."))
            return redirect("partners:organisation-detail", pk=organisation.pk)
    return render(request, "partners/relationship_form.html", {"organisation": organisation, "form": form})


@require_POST
@login_required
def relationship_delete(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.delete_relationship", relationship)
    back = relationship.target_id if request.POST.get("back") == "target" else relationship.source_id
    services.relationship_delete(relationship=relationship, by=request.user)
    messages.success(request, _("Relationship removed."))
    return redirect("partners:organisation-detail", pk=back)
