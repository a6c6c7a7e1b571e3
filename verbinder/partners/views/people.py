from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.core.activity import history_for
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.http import paginate, require_perm
from verbinder.partners import selectors, services
from verbinder.partners.forms import AffiliationAddForm, AffiliationForm, EditVersionForm, PersonFilterForm, PersonForm
from verbinder.partners.history import display_value, field_label, history_rows
from verbinder.partners.models import Person
from verbinder.partners.views.common import add_service_errors, can, require_staff


@require_http_methods(["GET", "POST"])
@login_required
def organisation_person_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new contact person with their role at this organisation."""
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", organisation)
    person_form = PersonForm(request.POST or None, prefix="person")
    affiliation_form = AffiliationForm(request.POST or None, prefix="affiliation")
    if request.method == "POST" and person_form.is_valid() and affiliation_form.is_valid():
        try:
            person = services.person_create(
                by=request.user,
                data=person_form.cleaned_data,
                organisation=organisation,
                affiliation=affiliation_form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(exc, person_form, affiliation_form)
        else:
            messages.success(
                request, _("%(person)s added to %(organisation)s.") % {"person": person, "organisation": organisation}
            )
            return redirect("partners:organisation-detail", pk=organisation.pk)
    context = {"organisation": organisation, "person_form": person_form, "affiliation_form": affiliation_form}
    return render(request, "partners/person_create.html", context)


@require_GET
@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    form = PersonFilterForm(request.GET or None)
    page = paginate(request, selectors.person_list(user=request.user, filters=form.filters()))
    return render(request, "partners/person_list.html", {"form": form, "page": page})


@require_GET
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    can_edit = can(request, "partners.change_person", person)
    affiliations = list(selectors.person_affiliations(user=request.user, person=person))
    # A role is changed by whoever may change its organisation, which is not always who may change the person.
    changeable = {a.pk for a in affiliations if can(request, "partners.change_organisation", a.organisation)}
    context = {
        "person": person,
        "affiliations": affiliations,
        "changeable_affiliation_ids": changeable,
        "history": history_rows(history_for(person), Person, user=request.user),
        "can_edit": can_edit,
    }
    return render(request, "partners/person_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit with optimistic locking, as for organisations."""
    require_staff(request)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_person", person)
    form = PersonForm(request.POST or None, instance=person)
    version_form = EditVersionForm(request.POST or None, initial={"version": person.version})
    stale_changes: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.person_update(
                person=person, by=request.user, data=form.cleaned_data, version=version_form.cleaned_data["version"]
            )
        except StaleVersionError as exc:
            person.refresh_from_db()
            stale_changes = [(field_label(Person, name), display_value(person, name)) for name in exc.changed]
            form.add_error(None, _("Someone else saved this person while you were editing. Check and save again."))
            version_form = EditVersionForm(initial={"version": person.version})
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Person saved."))
            return redirect("partners:person-detail", pk=person.pk)
    if request.method == "POST":
        person.refresh_from_db()  # validation copied the rejected input onto it; show the stored record
    context = {"form": form, "version_form": version_form, "person": person, "stale_changes": stale_changes}
    return render(request, "partners/person_form.html", context)


@require_POST
@login_required
def person_archive(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_person", person)
    services.person_archive(person=person, by=request.user)
    messages.success(request, _("%(person)s is archived.") % {"person": person})
    return redirect("partners:person-detail", pk=person.pk)


@require_POST
@login_required
def person_restore(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_person", person)
    services.person_restore(person=person, by=request.user)
    messages.success(request, _("%(person)s is restored.") % {"person": person})
    return redirect("partners:person-detail", pk=person.pk)


@require_http_methods(["GET", "POST"])
@login_required
def person_affiliation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A role for an existing person at another organisation (one the user may change)."""
    require_staff(request)
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_person", person)
    organisations = selectors.affiliation_organisation_choices(user=request.user, person=person)
    form = AffiliationAddForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        try:
            services.affiliation_create(by=request.user, person=person, organisation=organisation, data=data)
        except ValidationError as exc:
            add_service_errors(exc, form)
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
        try:
            services.affiliation_update(affiliation=affiliation, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Role saved."))
            return redirect("partners:person-detail", pk=affiliation.person_id)
    context = {"form": form, "person": affiliation.person, "affiliation": affiliation}
    return render(request, "partners/affiliation_form.html", context)


@require_POST
@login_required
def affiliation_end(request: HttpRequest, pk: int) -> HttpResponse:
    affiliation = selectors.affiliation_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.change_organisation", affiliation.organisation)
    services.affiliation_end(affiliation=affiliation, by=request.user)
    messages.success(request, _("%(person)s no longer has a role at %(organisation)s.") % {
        "person": affiliation.person, "organisation": affiliation.organisation})  # fmt: skip
    if request.POST.get("back") == "person":
        return redirect("partners:person-detail", pk=affiliation.person_id)
    return redirect("partners:organisation-detail", pk=affiliation.organisation_id)
