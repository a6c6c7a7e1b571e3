"""The responsibility matrix of a route: who does what (R/A/C/I) for each task.

Every party of the route reads it (staff, company contacts and supervisors of its hosts, its students, contacts
of its partner organisations; `selectors.matrix.route_get`, 404 outside); coordinators edit it
(`agreements.change_matrix`, 403 for a teacher or a party). Each cell is a select that saves on change with HTMX
and returns the cell; without JavaScript the whole table is saved with one button. Tasks are added, renamed,
moved and removed, columns added and removed, with HTMX (the editor section comes back) or plain forms
(redirect). The PDF is the same table on A4 landscape.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.accounts.scope import scope_for
from verbinder.agreements.enums import STANDARD_MATRIX_PARTIES, Responsibility
from verbinder.agreements.forms.matrix import MoveForm, PartyForm, TaskEditForm, TaskForm, cell_changes
from verbinder.agreements.models import MatrixParty, MatrixTask
from verbinder.agreements.selectors import matrix as selectors
from verbinder.agreements.services import matrix as services
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.http import require_perm
from verbinder.core.parts import cached_part
from verbinder.partners.models import Route
from verbinder.partners.views.common import add_service_errors, can

PDF_LANGUAGE = "nl"


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _page_url(route: Route, anchor: str = "") -> str:
    url = reverse("agreements:matrix", args=[route.pk])
    return f"{url}#{anchor}" if anchor else url


def _choices() -> list[tuple[str, str]]:
    # Letters only, so that the table stays narrow; the legend above it explains them.
    return [("", "—"), *((value, value) for value in Responsibility.values)]


def _legend() -> list[tuple[str, str, str]]:
    return [
        ("R", pgettext("responsibility matrix", "Responsible"), _("carries the task out")),
        (
            "A",
            pgettext("responsibility matrix", "Accountable"),
            _("answers for the task and decides; one party per task"),
        ),
        ("C", pgettext("responsibility matrix", "Consulted"), _("is asked for advice before it is done")),
        ("I", pgettext("responsibility matrix", "Informed"), _("is told when it is done")),
    ]


def _removable(party: MatrixParty) -> bool:
    return not (party.organisation_id is None and party.kind in STANDARD_MATRIX_PARTIES)


def _context(request: HttpRequest, route: Route, **extra: Any) -> dict[str, Any]:
    matrix = selectors.matrix_get(route)
    staff = selectors.staff_view(user=request.user, route=route)
    if not staff:
        selectors.labels_for_party(matrix, user=request.user)
    editable = can(request, "agreements.change_matrix", route)
    context: dict[str, Any] = {
        "route": route,
        "route_name": str(route) if staff else "",
        "matrix": matrix,
        "editable": editable,
        "choices": _choices() if editable else [],
        "labels": dict(Responsibility.choices),
        "legend": _legend(),
        "removable": {party.pk for party in matrix.parties if _removable(party)},
        "cell_errors": {},
    }
    if editable:
        context["task_form"] = TaskForm()
        context["party_form"] = PartyForm()
    context.update(extra)
    return context


def _editor(request: HttpRequest, route: Route, **extra: Any) -> HttpResponse:
    return render(request, "agreements/matrix_editor.html", _context(request, route, **extra))


def _page(request: HttpRequest, route: Route, *, status: int = 200, **extra: Any) -> HttpResponse:
    return render(request, "agreements/matrix_detail.html", _context(request, route, **extra), status=status)


def _stale_message(exc: StaleVersionError) -> str:
    message = _("Someone else changed the matrix in the meantime. Nothing was changed; check it and try again.")
    return f"{message} ({', '.join(exc.changed)})" if exc.changed else message


def _editable_route(request: HttpRequest, route_pk: int) -> Route:
    route = selectors.route_get(user=request.user, pk=route_pk)
    require_perm(request.user, "agreements.change_matrix", route)
    return route


def _task(request: HttpRequest, pk: int) -> MatrixTask:
    task = get_object_or_404(MatrixTask.objects.visible_to(request.user).select_related("route"), pk=pk)
    require_perm(request.user, "agreements.change_matrix", task)
    return task


def _party(request: HttpRequest, pk: int) -> MatrixParty:
    party = get_object_or_404(MatrixParty.objects.visible_to(request.user).select_related("route"), pk=pk)
    require_perm(request.user, "agreements.change_matrix", party)
    return party


@login_required
@require_GET
def matrix_detail(request: HttpRequest, route_pk: int) -> HttpResponse:
    """The matrix, read or edited. Below the title it is a cached part (verbinder.core.parts), shared by
    everyone with the same reach and rights on the route until the data changes; the pages that answer a refused
    change render it anew with their errors."""
    route = selectors.route_get(user=request.user, pk=route_pk)
    vary = ("matrix", route.pk, scope_for(request.user).key, can(request, "agreements.change_matrix", route))
    page = cached_part(
        request, name="agreements/matrix_detail.html#page", vary=vary, context=lambda: _context(request, route)
    )
    staff = selectors.staff_view(user=request.user, route=route)
    return render(
        request,
        "agreements/matrix_detail.html",
        {"route": route, "route_name": str(route) if staff else "", "page": page},
    )


@login_required
@require_POST
def matrix_start(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = _editable_route(request, route_pk)
    services.matrix_ensure(route=route, by=request.user)
    messages.success(request, _("The standard matrix was set up. Adapt it to the route."))
    return redirect(_page_url(route))


@login_required
@require_POST
def matrix_cells(request: HttpRequest, route_pk: int) -> HttpResponse:
    """Save the posted cells: one (HTMX, on change) or the whole table (the save button)."""
    route = _editable_route(request, route_pk)
    matrix = selectors.matrix_get(route)
    posted = cell_changes(request.POST, tasks=[row.task for row in matrix.rows], parties=matrix.parties)
    changes = posted.changes
    error = ""
    if posted.unknown:
        error = _("That task or column is not part of this matrix (any more). Nothing was changed.")
    else:
        try:
            services.matrix_cells_set(
                by=request.user, route=route, cells=[(c.task, c.party, c.value, c.was) for c in changes]
            )
        except StaleVersionError as exc:
            error = _stale_message(exc)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if _is_htmx(request) and len(posted.cells) == 1 and not posted.unknown:
        task, party = posted.cells[0]
        return _cell(request, route, task, party, error)
    if error:
        if _is_htmx(request):
            return _editor(request, route, cells_error=error)
        return _page(request, route, status=422, cells_error=error)
    messages.success(request, _("The matrix was saved."))
    return redirect(_page_url(route, "matrix-editor"))


def _cell(request: HttpRequest, route: Route, task: MatrixTask, party: MatrixParty, error: str) -> HttpResponse:
    value = selectors.cell_value(task=task, party=party)
    return render(
        request,
        "agreements/matrix_cell.html",
        {"route": route, "task": task, "party": party, "value": value, "choices": _choices(), "error": error},
    )


@login_required
@require_POST
def task_add(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = _editable_route(request, route_pk)
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            task = services.matrix_task_add(by=request.user, route=route, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            if _is_htmx(request):
                return _editor(request, route, focus=task.pk)
            messages.success(request, _("The task was added."))
            return redirect(_page_url(route, f"task-{task.pk}"))
    if _is_htmx(request):
        return _editor(request, route, task_form=form)
    return _page(request, route, status=422, task_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    route = task.route
    initial = {
        "name": task.name,
        "description": task.description,
        "was_name": task.name,
        "was_description": task.description,
    }
    form = TaskEditForm(request.POST or None, initial=initial, prefix_id=str(task.pk))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            was = (
                {"name": data["was_name"], "description": data["was_description"]}
                if "was_name" in request.POST
                else None
            )
            try:
                services.matrix_task_update(
                    by=request.user, task=task, name=data["name"], description=data["description"], was=was
                )
            except StaleVersionError as exc:
                form.add_error(None, _stale_message(exc))
            except ValidationError as exc:
                add_service_errors(exc, form)
            else:
                messages.success(request, _("The task was saved."))
                return redirect(_page_url(route, f"task-{task.pk}"))
    return render(
        request, "agreements/matrix_task_page.html", {"route": route, "task": task, "form": form}, status=status
    )


@login_required
@require_POST
def task_remove(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    route = task.route
    services.matrix_task_remove(by=request.user, task=task)
    if _is_htmx(request):
        return _editor(request, route)
    messages.success(request, _("The task was removed."))
    return redirect(_page_url(route, "matrix-editor"))


@login_required
@require_POST
def task_move(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    route = task.route
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Move a task up or down."))
        return redirect(_page_url(route, f"task-{task.pk}"))
    services.matrix_task_move(by=request.user, task=task, direction=form.cleaned_data["direction"])
    if _is_htmx(request):
        return _editor(request, route, focus=task.pk)
    return redirect(_page_url(route, f"task-{task.pk}"))


@login_required
@require_POST
def party_add(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = _editable_route(request, route_pk)
    form = PartyForm(request.POST)
    if form.is_valid():
        try:
            services.matrix_party_add(by=request.user, route=route, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            if _is_htmx(request):
                return _editor(request, route)
            messages.success(request, _("The column was added."))
            return redirect(_page_url(route, "matrix-columns"))
    if _is_htmx(request):
        return _editor(request, route, party_form=form)
    return _page(request, route, status=422, party_form=form)


@login_required
@require_POST
def party_remove(request: HttpRequest, pk: int) -> HttpResponse:
    party = _party(request, pk)
    route = party.route
    try:
        services.matrix_party_remove(by=request.user, party=party)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_page_url(route, "matrix-columns"))
    if _is_htmx(request):
        return _editor(request, route)
    messages.success(request, _("The column was removed."))
    return redirect(_page_url(route, "matrix-columns"))


@never_cache
@login_required
@require_GET
def matrix_pdf(request: HttpRequest, route_pk: int) -> HttpResponse:
    from verbinder.agreements.pdf import institution_logo, pdf_render

    route = selectors.route_get(user=request.user, pk=route_pk)
    staff = selectors.staff_view(user=request.user, route=route)
    with translation.override(PDF_LANGUAGE):
        matrix = selectors.matrix_get(route)
        if not staff:
            selectors.labels_for_party(matrix, user=request.user)
        snapshot = selectors.snapshot_of(matrix)
        html = render_to_string(
            "agreements/pdf/matrix.html",
            {
                "route": route,
                "route_name": str(route) if staff else "",
                "matrix": snapshot,
                "title": _("Responsibility matrix"),
                "institution": settings.VERBINDER_INSTITUTION_NAME,
                "logo": institution_logo(),
                "legend": _legend(),
                "generated_at": timezone.localtime(),
            },
        )
    response = HttpResponse(pdf_render(html), content_type="application/pdf")
    filename = f"verantwoordelijkhedenmatrix-{slugify(route.programme_name) or route.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("matrix/routes/<int:route_pk>/", matrix_detail, name="matrix"),
    path("matrix/routes/<int:route_pk>/pdf/", matrix_pdf, name="matrix-pdf"),
    path("matrix/routes/<int:route_pk>/start/", matrix_start, name="matrix-start"),
    path("matrix/routes/<int:route_pk>/cells/", matrix_cells, name="matrix-cells"),
    path("matrix/routes/<int:route_pk>/tasks/new/", task_add, name="matrix-task-add"),
    path("matrix/tasks/<int:pk>/edit/", task_edit, name="matrix-task-edit"),
    path("matrix/tasks/<int:pk>/remove/", task_remove, name="matrix-task-remove"),
    path("matrix/tasks/<int:pk>/move/", task_move, name="matrix-task-move"),
    path("matrix/routes/<int:route_pk>/columns/new/", party_add, name="matrix-party-add"),
    path("matrix/columns/<int:pk>/remove/", party_remove, name="matrix-party-remove"),
]
