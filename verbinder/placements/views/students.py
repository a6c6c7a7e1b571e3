"""Students of a route (hogeschool staff only): the routes, a route's list with filters, a student's page with
their placements and proposals, create and edit (coordinators; teachers read), and the import from the student
information system's export (upload, columns, check, import all or nothing).

The uploaded file is kept (under a random name) between the import's steps; the session holds which file and
which columns, per route, so that nobody else's file can be named in a request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.core.activity import history_for
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.http import paginate, require_perm, require_staff
from verbinder.partners.history import display_value, field_label, history_rows
from verbinder.partners.models import Route
from verbinder.partners.views.common import add_service_errors, can
from verbinder.placements.forms.students import (
    StudentFilterForm,
    StudentForm,
    StudentMappingForm,
    StudentUploadForm,
    VersionForm,
)
from verbinder.placements.models import Student
from verbinder.placements.selectors import students as selectors
from verbinder.placements.services import student_import as importer
from verbinder.placements.services import students as services
from verbinder.spreadsheets.uploads import LimitedUploadHandler

ACTION_LABELS = {
    "placements.student.created": gettext_lazy("added the student"),
    "placements.student.updated": gettext_lazy("changed the student"),
    "placements.student.imported": gettext_lazy("imported the student"),
}
SESSION_KEY = "placements.student_import.%s"


def _route_for_staff(request: HttpRequest, route_pk: int) -> Route:
    require_staff(request)
    route = selectors.route_get_for_staff(user=request.user, pk=route_pk)
    require_perm(request.user, "placements.view_placements", route)
    return route


def _student_for_staff(request: HttpRequest, pk: int) -> Student:
    """Staff pages: externals who reach the student in the portal (their company, their own record) get 404 here."""
    require_staff(request)
    student = selectors.student_get_for_user(user=request.user, pk=pk)
    if not can(request, "placements.view_placements", student):
        raise Http404
    return student


# Routes and the list


@require_GET
@login_required
def student_routes(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    page = paginate(request, selectors.routes_for_students(user=request.user))
    return render(request, "placements/student_routes.html", {"page": page})


@require_GET
@login_required
def student_list(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = _route_for_staff(request, route_pk)
    teachers = list(selectors.route_staff(route=route))
    form = StudentFilterForm(request.GET or None, cohorts=selectors.cohorts_of(route=route), teachers=teachers)
    filters = form.filters()
    page = paginate(request, selectors.students_for_route(route=route, filters=filters))
    context = {
        "route": route,
        "form": form,
        "filters": filters,
        "page": page,
        "can_change": can(request, "placements.change_student", route),
        "can_import": can(request, "placements.import_students", route),
    }
    if request.htmx.target == "student-results":  # type: ignore[attr-defined]
        return render(request, "placements/student_list.html#results", context)
    return render(request, "placements/student_list.html", context)


# One student


def _history(request: HttpRequest, student: Student) -> list[tuple[Any, str]]:
    rows = history_rows(history_for(student, limit=20), Student, user=request.user)
    return [(row, str(ACTION_LABELS.get(row.entry.action_type, row.label))) for row in rows]


@require_GET
@login_required
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    student = _student_for_staff(request, pk)
    context = {
        "student": student,
        "route": student.route,
        "placements": selectors.student_placements(student=student),
        "proposals": selectors.student_proposals(student=student),
        "history": _history(request, student),
        "can_change": can(request, "placements.change_student", student),
    }
    return render(request, "placements/student_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def student_create(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = _route_for_staff(request, route_pk)
    require_perm(request.user, "placements.change_student", route)
    form = StudentForm(request.POST or None, teachers=selectors.route_staff(route=route))
    if request.method == "POST" and form.is_valid():
        try:
            student = services.student_create(by=request.user, route=route, fields=form.service_data())
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Student %(name)s added.") % {"name": student.full_name})
            return redirect("placements:student-detail", pk=student.pk)
    return render(request, "placements/student_form.html", {"form": form, "route": route})


@require_http_methods(["GET", "POST"])
@login_required
def student_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit with optimistic locking: a save over someone else's newer save is refused and told what they changed."""
    student = _student_for_staff(request, pk)
    require_perm(request.user, "placements.change_student", student)
    teachers = selectors.route_staff(route=student.route, include=student.teacher_id)
    form = StudentForm(request.POST or None, instance=student, teachers=teachers)
    version_form = VersionForm(request.POST or None, initial={"version": student.version})
    stale_changes: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.student_update(
                by=request.user,
                student=student,
                version=version_form.cleaned_data["version"],
                fields=form.service_data(),
            )
        except StaleVersionError as exc:
            student.refresh_from_db()
            stale_changes = [(field_label(Student, name), display_value(student, name)) for name in exc.changed]
            form.add_error(
                None,
                _("Someone else saved this student while you were editing. Check the changes below and save again."),
            )
            version_form = VersionForm(initial={"version": student.version})
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Student saved."))
            return redirect("placements:student-detail", pk=student.pk)
    if request.method == "POST":
        student.refresh_from_db()  # validation copied the rejected input onto it; show the stored record
    context = {
        "form": form,
        "version_form": version_form,
        "student": student,
        "route": student.route,
        "stale_changes": stale_changes,
    }
    return render(request, "placements/student_form.html", context)


# The import


def _importer_route(request: HttpRequest, route_pk: int) -> Route:
    route = _route_for_staff(request, route_pk)
    require_perm(request.user, "placements.import_students", route)
    return route


def _session_upload(request: HttpRequest, route: Route) -> tuple[importer.StoredUpload | None, dict[str, int] | None]:
    state = request.session.get(SESSION_KEY % route.pk) or {}
    upload = importer.StoredUpload.from_dict(state.get("upload"))
    mapping = state.get("mapping")
    if isinstance(mapping, dict) and all(isinstance(v, int) for v in mapping.values()):
        return upload, {str(k): v for k, v in mapping.items()}
    return upload, None


def _session_save(
    request: HttpRequest, route: Route, upload: importer.StoredUpload | None, mapping: dict[str, int] | None = None
) -> None:
    key = SESSION_KEY % route.pk
    if upload is None:
        request.session.pop(key, None)
    else:
        request.session[key] = {"upload": upload.as_dict(), "mapping": mapping}


@require_http_methods(["GET", "POST"])
@login_required
@csrf_exempt  # checked below, once the upload handler is in place (it must be set before the body is read)
def student_import(request: HttpRequest, route_pk: int) -> HttpResponse:
    request.upload_handlers = [LimitedUploadHandler(request, limit=settings.VERBINDER_MAX_UPLOAD_BYTES)]
    return _student_import(request, route_pk)


@csrf_protect
def _student_import(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = _importer_route(request, route_pk)
    form = StudentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = importer.upload_store(route=route, name=upload.name or "", data=upload.read())
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            previous, _mapping = _session_upload(request, route)
            importer.upload_discard(previous)
            _session_save(request, route, stored)
            return redirect("placements:student-import-map", route_pk=route.pk)
    context = {"form": form, "route": route, "fields": importer.IMPORT_FIELDS}
    return render(request, "placements/student_import.html", context)


def _map_page(
    request: HttpRequest,
    route: Route,
    upload: importer.StoredUpload,
    *,
    mapping: dict[str, int] | None = None,
    result: importer.CheckResult | None = None,
) -> HttpResponse:
    """The column choice (the route's last choice offered again, or `mapping`), with the outcome of a check: its
    errors, or a preview with the button that imports the rows."""
    try:
        sample = importer.upload_read(upload, limit=importer.SAMPLE_ROWS)
    except ValidationError as exc:
        _session_save(request, route, None)
        messages.error(request, " ".join(exc.messages))
        return redirect("placements:student-import", route_pk=route.pk)
    initial, reused = importer.mapping_initial(route=route, headers=sample.headers)
    if mapping is not None:
        initial = mapping
    data = request.POST if request.method == "POST" and result is None else None
    form = StudentMappingForm(data, headers=sample.headers, initial={key: str(index) for key, index in initial.items()})
    if data is not None and form.is_valid():
        mapping = form.mapping()
        importer.mapping_save(by=request.user, route=route, headers=sample.headers, mapping=mapping)
        try:
            result = importer.students_check(route=route, upload=upload, mapping=mapping)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _session_save(request, route, upload, mapping)
    context: dict[str, Any] = {
        "route": route,
        "upload": upload,
        "form": form,
        "columns": importer.samples_by_column(sample),
        "reused": reused,
    }
    if result is not None:
        context.update(_result_context(result))
    return render(request, "placements/student_import_map.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def student_import_map(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = _importer_route(request, route_pk)
    upload, _mapping = _session_upload(request, route)
    if upload is None:
        messages.info(request, _("Upload the export of the student information system first."))
        return redirect("placements:student-import", route_pk=route.pk)
    return _map_page(request, route, upload)


def _result_context(result: importer.CheckResult) -> dict[str, Any]:
    return {
        "checked": True,
        "errors": result.errors[: importer.MAX_SHOWN_ERRORS],
        "error_count": len(result.errors),
        "row_count": len(result.rows),
        "preview": importer.preview(result),
    }


@require_POST
@login_required
def student_import_commit(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = _importer_route(request, route_pk)
    upload, mapping = _session_upload(request, route)
    if upload is None or mapping is None:
        messages.error(request, _("Upload the file and choose the columns again; nothing was imported."))
        return redirect("placements:student-import", route_pk=route.pk)
    try:
        students = importer.students_import(by=request.user, route=route, upload=upload, mapping=mapping)
    except importer.ImportRefused as refused:
        # Something changed since the check (a student registered meanwhile): the errors as they are now.
        return _map_page(request, route, upload, mapping=mapping, result=refused.result)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("placements:student-import-map", route_pk=route.pk)
    _session_save(request, route, None)
    count = len(students)
    messages.success(
        request, ngettext("%(count)s student imported.", "%(count)s students imported.", count) % {"count": count}
    )
    return redirect(reverse("placements:student-list", kwargs={"route_pk": route.pk}))


urlpatterns: list[URLPattern] = [
    path("students/", student_routes, name="student-routes"),
    path("students/routes/<int:route_pk>/", student_list, name="student-list"),
    path("students/routes/<int:route_pk>/new/", student_create, name="student-create"),
    path("students/routes/<int:route_pk>/import/", student_import, name="student-import"),
    path("students/routes/<int:route_pk>/import/columns/", student_import_map, name="student-import-map"),
    path("students/routes/<int:route_pk>/import/commit/", student_import_commit, name="student-import-commit"),
    path("students/<int:pk>/", student_detail, name="student-detail"),
    path("students/<int:pk>/edit/", student_edit, name="student-edit"),
]
