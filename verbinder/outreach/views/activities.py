"""Outreach activities of a route: list, create and edit, the activity's page with its leads, quick-adding
leads (HTMX, and without JavaScript), and the material download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.core.activity import history_for
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.http import paginate, require_perm
from verbinder.outreach.forms.activities import (
    ActivityFilterForm,
    ActivityForm,
    EditVersionForm,
    LeadForm,
    LeadLinkForm,
)
from verbinder.outreach.models import OutreachActivity
from verbinder.outreach.selectors import activities as selectors
from verbinder.outreach.services import activities as services
from verbinder.partners.forms import DuplicateCheckForm
from verbinder.partners.history import display_value, field_label, history_rows
from verbinder.partners.selectors import organisation_duplicates
from verbinder.partners.views.common import add_service_errors, can
from verbinder.spreadsheets.uploads import LimitedUploadHandler


def _with_upload_limit(view: Any) -> Any:
    """Keep at most the material limit of an upload on disk; the CSRF check runs after the handler is set (it
    must be in place before the body is read)."""
    protected = csrf_protect(view)

    @csrf_exempt
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        request.upload_handlers = [LimitedUploadHandler(request, limit=services.MATERIAL_MAX_BYTES)]
        return protected(request, **kwargs)  # type: ignore[no-any-return]

    wrapper.__wrapped__ = view  # type: ignore[attr-defined]
    return wrapper


ACTION_LABELS = {
    "outreach.activity.created": gettext_lazy("created the activity"),
    "outreach.activity.updated": gettext_lazy("changed the activity"),
}


def _history(request: HttpRequest, activity: OutreachActivity) -> list[tuple[Any, str]]:
    rows = history_rows(history_for(activity, limit=20), OutreachActivity, user=request.user)
    return [(row, str(ACTION_LABELS.get(row.entry.action_type, row.label))) for row in rows]


def _upload(form: ActivityForm) -> tuple[Any, str]:
    upload = form.cleaned_data.get("material")
    return (upload, upload.name or "") if upload else (None, "")


# The list and the activity itself


@require_GET
@login_required
def activity_list(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = selectors.route_get_for_outreach(user=request.user, pk=route_pk)
    require_perm(request.user, "outreach.view_outreach", route)
    filter_form = ActivityFilterForm(request.GET or None)
    kind = filter_form.kind_filter()
    page = paginate(request, selectors.activity_list(route=route, kind=kind))
    context = {
        "route": route,
        "filter_form": filter_form,
        "kind": kind,
        "page": page,
        "can_add": can(request, "outreach.add_activity", route),
    }
    return render(request, "outreach/activities/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def _activity_create(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = selectors.route_get_for_outreach(user=request.user, pk=route_pk)
    require_perm(request.user, "outreach.add_activity", route)
    form = ActivityForm(request.POST or None, request.FILES or None, hosts=selectors.host_choices(user=request.user))
    if request.method == "POST" and form.is_valid():
        material, material_name = _upload(form)
        try:
            activity = services.activity_create(
                route=route,
                by=request.user,
                data=form.service_data(),
                material=material,
                material_name=material_name,
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Activity %(title)s saved.") % {"title": activity.title})
            return redirect("outreach:activity-detail", pk=activity.pk)
    return render(request, "outreach/activities/form.html", {"form": form, "route": route})


activity_create = _with_upload_limit(_activity_create)


@require_http_methods(["GET", "POST"])
@login_required
def _activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit with optimistic locking: a save over someone else's newer save is refused and told what they changed."""
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "outreach.change_activity", activity)
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        instance=activity,
        hosts=selectors.host_choices(user=request.user),
    )
    version_form = EditVersionForm(request.POST or None, initial={"version": activity.version})
    stale_changes: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        material, material_name = _upload(form)
        try:
            services.activity_update(
                activity=activity,
                by=request.user,
                data=form.service_data(),
                version=version_form.cleaned_data["version"],
                material=material,
                material_name=material_name,
                remove_material=bool(form.cleaned_data.get("remove_material")),
            )
        except StaleVersionError as exc:
            activity.refresh_from_db()
            stale_changes = [
                (field_label(OutreachActivity, name), display_value(activity, name)) for name in exc.changed
            ]
            form.add_error(
                None,
                _(
                    "Someone else saved this activity while you were editing it. "
                    "Check the changes below and save again."
                ),
            )
            version_form = EditVersionForm(initial={"version": activity.version})
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("outreach:activity-detail", pk=activity.pk)
    if request.method == "POST":
        activity.refresh_from_db()  # validation copied the rejected input onto it; show the stored record
    context = {
        "form": form,
        "version_form": version_form,
        "activity": activity,
        "route": activity.route,
        "stale_changes": stale_changes,
    }
    return render(request, "outreach/activities/form.html", context)


activity_edit = _with_upload_limit(_activity_edit)


def _detail_context(request: HttpRequest, activity: OutreachActivity, **extra: Any) -> dict[str, Any]:
    can_add_leads = can(request, "outreach.change_activity", activity)
    context: dict[str, Any] = {
        "activity": activity,
        "route": activity.route,
        "leads": list(selectors.activity_leads(activity=activity)),
        "can_edit": can_add_leads,
        "can_add_leads": can_add_leads,
        "lead_form": LeadForm() if can_add_leads else None,
        "duplicates": [],
        "visible_duplicate_ids": set(),
        "ask_confirmation": False,
    }
    context.update(extra)
    return context


@require_GET
@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "outreach.view_outreach", activity)
    context = _detail_context(
        request,
        activity,
        history=_history(request, activity),
        host_contact=selectors.activity_host_contact(activity=activity),
        today=timezone.localdate(),
    )
    return render(request, "outreach/activities/detail.html", context)


@require_GET
@login_required
def activity_material(request: HttpRequest, pk: int) -> FileResponse:
    """The material file, to the route's staff only, always as a download under its cleaned original name."""
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "outreach.view_outreach", activity)
    material_type = services.material_type_for(activity.material.name if activity.material else "")
    if not activity.material or material_type is None:
        raise Http404
    try:
        stream = activity.material.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=services.material_clean_name(activity.material_name or activity.material.name),
        content_type=material_type.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Leads


def _duplicate_context(request: HttpRequest, query: dict[str, str]) -> dict[str, Any]:
    """Likely duplicates of a new lead; those outside the user's reach are named but cannot be linked."""
    duplicates = organisation_duplicates(name=query["name"], city=query["city"], kvk_number=query["kvk_number"])
    visible = selectors.lead_link_candidates(user=request.user, pks=[org.pk for org in duplicates])
    return {"duplicates": duplicates, "visible_duplicate_ids": visible}


def _leads_response(request: HttpRequest, activity: OutreachActivity, **extra: Any) -> HttpResponse:
    """The lead panel (form and list) for HTMX; without JavaScript, the whole page."""
    context = _detail_context(request, activity, **extra)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "outreach/activities/detail.html#leads-panel", context)
    context["history"] = _history(request, activity)
    return render(request, "outreach/activities/detail.html", context)


def _lead_added(request: HttpRequest, activity: OutreachActivity, name: str) -> HttpResponse:
    message = _("%(name)s added as a lead.") % {"name": name}
    if request.htmx:  # type: ignore[attr-defined]
        # A fresh form with the cursor in its first field: the next lead can be typed straight away.
        form = LeadForm()
        form.fields["name"].widget.attrs["autofocus"] = True
        return _leads_response(request, activity, lead_message=message, lead_form=form)
    messages.success(request, message)
    return redirect("outreach:activity-detail", pk=activity.pk)


@require_http_methods(["GET", "POST"])
@login_required
def activity_lead_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Quick-add an organisation (and a contact person) as a lead. Likely duplicates are shown while typing
    (HTMX) and again, to confirm or to link the existing one instead, before saving."""
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "outreach.change_activity", activity)
    require_perm(request.user, "partners.add_organisation")
    if request.method == "GET":
        if request.htmx:  # type: ignore[attr-defined]
            context = _duplicate_context(request, DuplicateCheckForm(request.GET).query())
            return render(request, "outreach/activities/detail.html#lead-duplicates", {**context, "activity": activity})
        return redirect("outreach:activity-detail", pk=activity.pk)
    form = LeadForm(request.POST)
    duplicates = _duplicate_context(request, DuplicateCheckForm(request.POST).query())
    if form.is_valid() and (not duplicates["duplicates"] or form.cleaned_data["confirm_not_duplicate"]):
        try:
            services.lead_create(
                activity=activity,
                by=request.user,
                organisation=form.organisation_data(),
                person=form.person_data(),
                affiliation=form.affiliation_data(),
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            return _lead_added(request, activity, form.cleaned_data["name"])
    return _leads_response(
        request, activity, lead_form=form, ask_confirmation=bool(duplicates["duplicates"]), **duplicates
    )


@require_POST
@login_required
def activity_lead_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link an organisation that is already in the registry (and in the user's reach) as a lead."""
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "outreach.change_activity", activity)
    form = LeadLinkForm(request.POST, organisations=selectors.lead_link_choices(user=request.user))
    if not form.is_valid():
        raise Http404
    organisation = form.cleaned_data["organisation"]
    try:
        services.lead_link(activity=activity, organisation=organisation, by=request.user)
    except ValidationError as exc:
        if request.htmx:  # type: ignore[attr-defined]
            return _leads_response(request, activity, lead_error=" ".join(exc.messages))
        messages.error(request, " ".join(exc.messages))
        return redirect("outreach:activity-detail", pk=activity.pk)
    return _lead_added(request, activity, organisation.name)


@require_POST
@login_required
def activity_contact_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Log the activity as a contact moment (presentation) with its host organisation."""
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "outreach.change_activity", activity)
    require_perm(request.user, "outreach.add_interaction", activity)
    try:
        services.activity_contact_log(activity=activity, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Logged as a contact moment with %(name)s.") % {"name": activity.host.name if activity.host else ""},
        )
    return redirect("outreach:activity-detail", pk=activity.pk)


urlpatterns: list[URLPattern] = [
    path("routes/<int:route_pk>/activities/", activity_list, name="activity-list"),
    path("routes/<int:route_pk>/activities/new/", activity_create, name="activity-create"),
    path("activities/<int:pk>/", activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", activity_edit, name="activity-edit"),
    path("activities/<int:pk>/material/", activity_material, name="activity-material"),
    path("activities/<int:pk>/leads/new/", activity_lead_add, name="activity-lead-add"),
    path("activities/<int:pk>/leads/link/", activity_lead_link, name="activity-lead-link"),
    path("activities/<int:pk>/contact-moment/", activity_contact_log, name="activity-contact-log"),
]
