from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.accounts.scope import scope_for
from verbinder.core.activity import history_for
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.http import paginate, require_perm
from verbinder.partners import selectors, services
from verbinder.partners.forms import (
    AffiliationAddForm,
    AffiliationForm,
    EditVersionForm,
    OrganisationCreateForm,
    OrganisationFilterForm,
    OrganisationForm,
    PersonFilterForm,
    PersonForm,
    RelationshipForm,
    RouteForm,
    RouteLinkForm,
)
from verbinder.partners.history import history_rows
from verbinder.partners.models import Organisation, Person, Route


def _require_staff(request: HttpRequest) -> None:
    """Registry pages are for the hogeschool's staff; anyone else gets 404, as for objects out of reach."""
    if not scope_for(request.user).is_staff_member:
        raise Http404


# Routes


@require_GET
@login_required
def route_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    routes = selectors.route_list_for_user(user=request.user)
    page = paginate(request, routes)
    return render(request, "partners/route_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@login_required
def route_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    require_perm(request.user, "partners.add_route")
    form = RouteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        route = services.route_create(by=request.user, data=form.cleaned_data)
        messages.success(request, _("Route %(route)s created.") % {"route": route})
        return redirect("partners:route-detail", pk=route.pk)
    return render(request, "partners/route_form.html", {"form": form})


@require_GET
@login_required
def route_detail(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get_for_user(user=request.user, pk=pk)
    organisations = selectors.organisation_list(
        user=request.user, filters=selectors.OrganisationFilters(route=route.pk, sort="-updated")
    )[:10]
    context = {
        "route": route,
        "coordinators": selectors.route_coordinators(route=route),
        "organisations": organisations,
        "organisation_count": route.partnerships.count(),
        "can_edit": request.user.has_perm("partners.change_route", route),
    }
    return render(request, "partners/route_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def route_edit(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_route", route)
    form = RouteForm(request.POST or None, instance=route)
    if request.method == "POST" and form.is_valid():
        services.route_update(route=Route.objects.get(pk=route.pk), by=request.user, data=form.cleaned_data)
        messages.success(request, _("Route saved."))
        return redirect("partners:route-detail", pk=route.pk)
    return render(request, "partners/route_form.html", {"form": form, "route": route})


# Organisations


@require_GET
@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    routes = selectors.Route.objects.visible_to(request.user).order_by("programme_name")
    form = OrganisationFilterForm(request.GET or None, routes=routes)
    organisations = selectors.organisation_list(user=request.user, filters=form.filters())
    page = paginate(request, organisations)
    context = {
        "form": form,
        "page": page,
        "can_add": request.user.has_perm("partners.add_organisation"),
        "can_import": request.user.has_perm("partners.import_organisations"),
        "can_export": request.user.has_perm("partners.export_organisations"),
    }
    if getattr(request, "htmx", None) and request.htmx.target == "organisation-results":  # type: ignore[attr-defined]
        return render(request, "partners/organisation_list.html#results", context)
    return render(request, "partners/organisation_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    require_perm(request.user, "partners.add_organisation")
    routes = selectors.routes_coordinated_by(user=request.user)
    form = OrganisationCreateForm(request.POST or None, routes=routes)
    duplicates: list[Organisation] = []
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        duplicates = selectors.organisation_duplicates(
            name=data["name"], city=data["city"], kvk_number=data["kvk_number"]
        )
        same_kvk = [org for org in duplicates if data["kvk_number"] and org.kvk_number == data["kvk_number"]]
        if same_kvk:
            form.add_error("kvk_number", _("An organisation with this KVK number is already registered."))
        elif not duplicates or form.cleaned_data["confirm_not_duplicate"]:
            try:
                organisation = services.organisation_create(
                    by=request.user, data=data, routes=form.cleaned_data["routes"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Organisation %(name)s created.") % {"name": organisation.name})
                return redirect("partners:organisation-detail", pk=organisation.pk)
    visible_ids = set(
        Organisation.objects.visible_to(request.user)
        .filter(pk__in=[d.pk for d in duplicates])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "partners/organisation_form.html",
        {"form": form, "duplicates": duplicates, "visible_duplicate_ids": visible_ids},
    )


@require_GET
@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    internal = request.user.has_perm("partners.view_organisation_internal", organisation)
    context = {
        "organisation": organisation,
        "internal": internal,
        "affiliations": selectors.organisation_affiliations(organisation=organisation),
        "can_edit": request.user.has_perm("partners.change_organisation", organisation),
    }
    if internal:
        linkable = selectors.routes_coordinated_by(user=request.user).exclude(partnerships__organisation=organisation)
        context.update(
            routes=selectors.organisation_routes(user=request.user, organisation=organisation),
            relationships=selectors.organisation_relationships(user=request.user, organisation=organisation),
            history=history_rows(history_for(organisation), Organisation),
            route_link_form=RouteLinkForm(routes=linkable),
            has_linkable_routes=linkable.exists(),
        )
    return render(request, "partners/organisation_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", organisation)
    form = OrganisationForm(request.POST or None, instance=organisation)
    version_form = EditVersionForm(request.POST or None, initial={"version": organisation.version})
    stale_fields: list[str] = []
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation,
                by=request.user,
                data=form.service_data(),
                version=version_form.cleaned_data["version"],
            )
        except StaleVersionError as exc:
            stale_fields = [
                str(getattr(Organisation._meta.get_field(name), "verbose_name", name)) for name in exc.changed
            ]
            form.add_error(
                None,
                _(
                    "Someone else saved this organisation while you were editing it. "
                    "Check the changes below and save again."
                ),
            )
            organisation.refresh_from_db()
            version_form = EditVersionForm(initial={"version": organisation.version})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("partners:organisation-detail", pk=organisation.pk)
    return render(
        request,
        "partners/organisation_form.html",
        {"form": form, "version_form": version_form, "organisation": organisation, "stale_fields": stale_fields},
    )


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


@require_POST
@login_required
def organisation_route_link(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", organisation)
    form = RouteLinkForm(request.POST, routes=selectors.routes_coordinated_by(user=request.user))
    if form.is_valid():
        services.organisation_link_route(organisation=organisation, route=form.cleaned_data["route"], by=request.user)
        messages.success(request, _("Linked to route %(route)s.") % {"route": form.cleaned_data["route"]})
    else:
        messages.error(request, _("Choose one of your routes."))
    return redirect("partners:organisation-detail", pk=organisation.pk)


@require_http_methods(["GET", "POST"])
@login_required
def organisation_person_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", organisation)
    person_form = PersonForm(request.POST or None, prefix="person")
    affiliation_form = AffiliationForm(request.POST or None, prefix="affiliation")
    if request.method == "POST" and person_form.is_valid() and affiliation_form.is_valid():
        person = services.person_create(
            by=request.user,
            data=person_form.cleaned_data,
            organisation=organisation,
            affiliation=affiliation_form.cleaned_data,
        )
        messages.success(
            request, _("%(person)s added to %(organisation)s.") % {"person": person, "organisation": organisation}
        )
        return redirect("partners:organisation-detail", pk=organisation.pk)
    return render(
        request,
        "partners/person_create.html",
        {"organisation": organisation, "person_form": person_form, "affiliation_form": affiliation_form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def relationship_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", organisation)
    candidates = Organisation.objects.visible_to(request.user).active().exclude(pk=organisation.pk).order_by("name")
    form = RelationshipForm(request.POST or None, organisations=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_create(
                by=request.user,
                source=organisation,
                kind=form.cleaned_data["kind"],
                target=form.cleaned_data["target"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Relationship saved."))
            return redirect("partners:organisation-detail", pk=organisation.pk)
    return render(request, "partners/relationship_form.html", {"organisation": organisation, "form": form})


@require_POST
@login_required
def relationship_delete(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", relationship.source)
    back = relationship.target_id if request.POST.get("back") == "target" else relationship.source_id
    services.relationship_delete(relationship=relationship, by=request.user)
    messages.success(request, _("Relationship removed."))
    return redirect("partners:organisation-detail", pk=back)


# People


@require_GET
@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = PersonFilterForm(request.GET or None)
    people = selectors.person_list(user=request.user, filters=form.filters())
    page = paginate(request, people)
    return render(request, "partners/person_list.html", {"form": form, "page": page})


@require_GET
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    context = {
        "person": person,
        "affiliations": selectors.person_affiliations(user=request.user, person=person),
        "history": history_rows(history_for(person), Person),
        "can_edit": request.user.has_perm("partners.change_person", person),
    }
    return render(request, "partners/person_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_person", person)
    form = PersonForm(request.POST or None, instance=person)
    version_form = EditVersionForm(request.POST or None, initial={"version": person.version})
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.person_update(
                person=person, by=request.user, data=form.cleaned_data, version=version_form.cleaned_data["version"]
            )
        except StaleVersionError:
            form.add_error(None, _("Someone else saved this person while you were editing. Check and save again."))
            person.refresh_from_db()
            version_form = EditVersionForm(initial={"version": person.version})
        else:
            messages.success(request, _("Person saved."))
            return redirect("partners:person-detail", pk=person.pk)
    return render(request, "partners/person_form.html", {"form": form, "version_form": version_form, "person": person})


@require_POST
@login_required
def person_archive(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_person", person)
    if person.archived_at:
        services.person_restore(person=person, by=request.user)
        messages.success(request, _("%(person)s is restored.") % {"person": person})
    else:
        services.person_archive(person=person, by=request.user)
        messages.success(request, _("%(person)s is archived.") % {"person": person})
    return redirect("partners:person-detail", pk=person.pk)


@require_http_methods(["GET", "POST"])
@login_required
def person_affiliation_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_person", person)
    coordinated = selectors.routes_coordinated_by(user=request.user)
    organisations = (
        Organisation.objects.visible_to(request.user)
        .active()
        .filter(routes__in=coordinated)
        .distinct()
        .order_by("name")
    )
    form = AffiliationAddForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        try:
            services.affiliation_create(by=request.user, person=person, organisation=organisation, data=data)
        except ValidationError as exc:
            form.add_error("organisation", exc)
        else:
            messages.success(request, _("Role at %(organisation)s added.") % {"organisation": organisation})
            return redirect("partners:person-detail", pk=person.pk)
    return render(request, "partners/affiliation_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
@login_required
def affiliation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    affiliation = selectors.affiliation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", affiliation.organisation)
    form = AffiliationForm(request.POST or None, instance=affiliation)
    if request.method == "POST" and form.is_valid():
        services.affiliation_update(affiliation=affiliation, by=request.user, data=form.cleaned_data)
        messages.success(request, _("Role saved."))
        return redirect("partners:person-detail", pk=affiliation.person_id)
    affiliation.refresh_from_db()
    return render(
        request,
        "partners/affiliation_form.html",
        {"form": form, "person": affiliation.person, "affiliation": affiliation},
    )


@require_POST
@login_required
def affiliation_end(request: HttpRequest, pk: int) -> HttpResponse:
    affiliation = selectors.affiliation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", affiliation.organisation)
    services.affiliation_end(affiliation=affiliation, by=request.user)
    messages.success(request, _("%(person)s no longer has a role at %(organisation)s.") % {
        "person": affiliation.person, "organisation": affiliation.organisation})  # fmt: skip
    return redirect("partners:organisation-detail", pk=affiliation.organisation_id)
