from __future__ import annotations

import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.core.http import require_perm, require_staff
from verbinder.partners.forms import OrganisationFilterForm
from verbinder.partners.models import Route
from verbinder.partners.selectors import routes_coordinated_by
from verbinder.spreadsheets import selectors, services
from verbinder.spreadsheets.columns import IMPORT_FIELDS
from verbinder.spreadsheets.enums import MAPPABLE_STATUSES, ImportStatus
from verbinder.spreadsheets.forms import MappingForm, UploadForm, column_label
from verbinder.spreadsheets.models import ImportJob
from verbinder.spreadsheets.uploads import LimitedUploadHandler
from verbinder.spreadsheets.writer import csv_stream, write_xlsx

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_WIDTHS = (36, 24, 12, 16, 14, 22, 30, 10, 20, 30, 30, 26, 30, 18, 24)
ERRORS_SHOWN = 200


# Export


@require_GET
@login_required
def organisation_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in ("xlsx", "csv") or not request.user.has_perm("partners.export_organisations"):
        raise Http404
    routes = Route.objects.visible_to(request.user).order_by("programme_name")
    filters = OrganisationFilterForm(request.GET or None, routes=routes).filters()
    header = selectors.export_header()
    rows = selectors.organisation_export_rows(user=request.user, filters=filters)
    filename = f"verbinder-organisaties-{timezone.localdate().isoformat()}.{fmt}"
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(csv_stream(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    else:
        target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
        write_xlsx(target, title=_("Organisations"), header=header, rows=rows, widths=EXPORT_WIDTHS)
        target.seek(0)
        response = FileResponse(target, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response


# Import


@require_http_methods(["GET", "POST"])
@login_required
@csrf_exempt  # checked below, once the upload handler is in place (it must be set before the body is read)
def import_create(request: HttpRequest) -> HttpResponse:
    request.upload_handlers = [LimitedUploadHandler(request, limit=settings.VERBINDER_MAX_UPLOAD_BYTES)]
    return _import_create(request)


@csrf_protect
def _import_create(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    require_perm(request.user, "partners.import_organisations")
    routes = routes_coordinated_by(user=request.user).order_by("programme_name")
    form = UploadForm(request.POST or None, request.FILES or None, routes=routes)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                by=request.user, route=form.cleaned_data["route"], upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("partners:import-map", pk=job.pk)
    return render(request, "spreadsheets/import_upload.html", {"form": form, "fields": IMPORT_FIELDS})


def _job_for_importer(request: HttpRequest, pk: int) -> ImportJob:
    job = selectors.import_job_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "partners.import_organisations")
    # The route is checked again at every step: a coordinator who left it may not finish an import into it.
    get_object_or_404(routes_coordinated_by(user=request.user), pk=job.route_id)
    return job


@require_http_methods(["GET", "POST"])
@login_required
def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for_importer(request, pk)
    if job.status not in MAPPABLE_STATUSES:
        return redirect("partners:import-detail", pk=job.pk)
    initial = {key: str(index) for key, index in job.mapping.items()}
    form = MappingForm(request.POST or None, headers=job.headers, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.import_job_map(job=job, by=request.user, mapping=form.mapping())
        return redirect("partners:import-detail", pk=job.pk)
    columns = [
        {"label": column_label(job.headers, index), "samples": [row[index] for row in job.samples if index < len(row)]}
        for index in range(len(job.headers))
    ]
    return render(request, "spreadsheets/import_map.html", {"job": job, "form": form, "columns": columns})


@require_GET
@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for_importer(request, pk)
    context = {"job": job, "errors": job.errors[:ERRORS_SHOWN], "statuses": ImportStatus}
    return render(request, "spreadsheets/import_detail.html", context)


@require_GET
@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for_importer(request, pk)
    response = render(request, "spreadsheets/import_detail.html#progress", {"job": job, "statuses": ImportStatus})
    if not job.is_running:
        # Done: reload the page, which now shows the errors, the preview or the result.
        response["HX-Refresh"] = "true"
    return response


@require_POST
@login_required
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for_importer(request, pk)
    if not services.import_job_start(job=job, by=request.user):
        messages.error(request, _("This import cannot be started now."))
    return redirect("partners:import-detail", pk=job.pk)
