"""Outreach: each route's pipeline as a board and as a list, moving organisations between stages, and an
organisation's source, front-runner flag and stage history with a route."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.accounts.scope import scope_for
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.http import paginate, require_perm, require_staff
from verbinder.core.parts import cached_part
from verbinder.outreach.enums import Stage
from verbinder.outreach.forms.pipeline import BulkMoveForm, EntryForm, PipelineFilterForm, StageMoveForm
from verbinder.outreach.models import OutreachActivity
from verbinder.outreach.selectors import pipeline as selectors
from verbinder.outreach.services import pipeline as services
from verbinder.partners.models import Organisation, Partnership, Route
from verbinder.partners.views.common import add_service_errors, can

# Cards per column on the board; the list view shows the rest (a route of 500 still renders every column).
BOARD_COLUMN_LIMIT = 500
STAGES = [(stage.value, stage.label) for stage in Stage]


def _labels(stages: list[str]) -> str:
    return ", ".join(str(Stage(stage).label).lower() for stage in stages)


def _board_url(route: Route, query: str = "") -> str:
    url = reverse("outreach:board", kwargs={"route_pk": route.pk})
    return f"{url}?{query}" if query else url


def _entry_prefix(route: Route) -> str:
    """The start of every entry URL of the route (`<prefix><organisation id>/`, `.../move/`): reversing two URLs
    for each of hundreds of cards was the board's costliest part."""
    return reverse("outreach:pipeline-list", kwargs={"route_pk": route.pk})


def _contact_prefix(request: HttpRequest, route: Route, filters_query: str) -> str:
    """The quick entry of a contact moment from a card: this prefix plus the organisation's id (reversed once, like
    `_entry_prefix`). After saving without JavaScript it returns to the board with its filters. Empty when the user
    may not log contact moments for the route, or the route is archived."""
    if route.archived_at is not None or not can(request, "outreach.add_interaction", route):
        return ""
    board_url = reverse("outreach:board", args=[route.pk]) + (f"?{filters_query}" if filters_query else "")
    return f"{reverse('outreach:interaction-create')}?route={route.pk}&next={quote(board_url, safe='')}&organisation="


def _stage_options(selected: str) -> SafeString:
    """The options of a card's stage menu: the same for every card of a column, so rendered once per column."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if value == selected else "", label) for value, label in STAGES),
    )


def _board_context(request: HttpRequest, route: Route, query: QueryDict) -> dict[str, Any]:
    form = PipelineFilterForm(query or None)
    filters = form.filters()
    columns = selectors.board_columns(route=route, filters=filters, per_column=BOARD_COLUMN_LIMIT)
    for column in columns:
        column.options = _stage_options(column.stage)
    filters_query = form.query()
    return {
        "route": route,
        "form": form,
        "filters_query": filters_query,
        "columns": columns,
        # Card links are this prefix plus the organisation's id (see _entry_prefix).
        "entry_prefix": _entry_prefix(route),
        "contact_prefix": _contact_prefix(request, route, filters_query),
        "can_move": can(request, "outreach.move_stage", route),
        "stages": STAGES,
    }


@require_GET
@login_required
def pipeline_routes(request: HttpRequest) -> HttpResponse:
    """The routes whose pipeline the user reaches, with how many partners are in each stage."""
    require_staff(request)
    page = paginate(request, selectors.routes_for_pipeline(user=request.user))
    counts = selectors.stage_counts(route_ids=[route.pk for route in page.object_list])
    empty = dict.fromkeys(Stage.values, 0)
    rows = [
        {"route": route, "counts": [(stage, counts.get(route.pk, empty)[stage]) for stage, _label in STAGES]}
        for route in page.object_list
    ]
    return render(request, "outreach/pipeline/routes.html", {"page": page, "rows": rows, "stages": STAGES})


@require_GET
@login_required
def board(request: HttpRequest, route_pk: int) -> HttpResponse:
    """The board's columns are a cached part (core.parts), shared by the route's staff with the same reach and
    filters, of today (days in a stage), and renewed by every move."""
    route = selectors.route_get_for_staff(user=request.user, pk=route_pk)
    can_move = can(request, "outreach.move_stage", route)
    columns = cached_part(
        request,
        name="outreach/pipeline/board.html#board",
        vary=(
            "board",
            route.pk,
            scope_for(request.user).key,
            can_move,
            sorted(request.GET.lists()),
            timezone.localdate(),
        ),
        context=lambda: _board_context(request, route, request.GET),
    )
    if request.htmx.target == "board":  # type: ignore[attr-defined]
        return HttpResponse(columns)
    form = PipelineFilterForm(request.GET or None)
    context = {"route": route, "form": form, "filters_query": form.query(), "can_move": can_move, "board": columns}
    return render(request, "outreach/pipeline/board.html", context)


def _move(request: HttpRequest, route: Route, partnership: Partnership, form: StageMoveForm) -> tuple[str, str]:
    """Make the move the form asks for; the message and its level, for the board or the entry page."""
    organisation = partnership.organisation
    if not form.is_valid():
        return "error", _("Choose one of the stages; nothing was changed.")
    to_stage = form.cleaned_data["to_stage"]
    entry = getattr(partnership, "pipeline", None)
    from_stage = entry.stage if entry else Stage.PROSPECT.value
    try:
        moved = services.stage_move(
            route=route,
            organisation=organisation,
            to_stage=to_stage,
            by=request.user,
            version=form.cleaned_data["version"],
        )
    except StaleVersionError:
        current = selectors.partnership_get(route=route, organisation_pk=organisation.pk)
        card = selectors.card_for(current)
        return "error", _(
            "A colleague changed the stage of %(name)s while you were looking: it is now “%(stage)s”. "
            "Nothing was moved; check the new state and move again if needed."
        ) % {"name": organisation.name, "stage": card.stage_label}
    except ValidationError as exc:
        return "error", " ".join(exc.messages)
    if moved.stage == from_stage and from_stage == to_stage:
        return "info", _("%(name)s is already in “%(stage)s”.") % {
            "name": organisation.name,
            "stage": Stage(to_stage).label,
        }
    skipped = services.skipped_stages(from_stage, to_stage)
    message = _("%(name)s moved to “%(stage)s”.") % {"name": organisation.name, "stage": Stage(to_stage).label}
    if skipped:
        message += " " + _("Skipped stages (recorded): %(stages)s.") % {"stages": _labels(skipped)}
    return "success", message


@require_POST
@login_required
def stage_move(request: HttpRequest, route_pk: int, organisation_pk: int) -> HttpResponse:
    """Move one card. With HTMX the board comes back with the outcome; without, a redirect to the board (or the
    entry page). A move over a colleague's newer move is refused and shows the current state."""
    route = selectors.route_get_for_staff(user=request.user, pk=route_pk)
    partnership = selectors.partnership_get(route=route, organisation_pk=organisation_pk)
    require_perm(request.user, "outreach.move_stage", route)
    form = StageMoveForm(request.POST)
    level, message = _move(request, route, partnership, form)
    back_to_entry = form.is_valid() and form.cleaned_data.get("view") == "detail"
    query = form.return_query() if form.is_valid() else QueryDict()
    if request.htmx and not back_to_entry:  # type: ignore[attr-defined]
        context = {**_board_context(request, route, query), "notice": message, "notice_level": level}
        context["moved_pk"] = partnership.organisation_id
        return render(request, "outreach/pipeline/board.html#board", context)
    getattr(messages, level)(request, message)
    if back_to_entry:
        return redirect("outreach:entry-detail", route_pk=route.pk, organisation_pk=organisation_pk)
    return redirect(_board_url(route, PipelineFilterForm(query or None).query()))


@require_GET
@login_required
def pipeline_list(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = selectors.route_get_for_staff(user=request.user, pk=route_pk)
    form = PipelineFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.pipeline_partnerships(route=route, filters=filters))
    context = {
        "route": route,
        "form": form,
        "filters": filters,
        "filters_query": form.query(),
        "page": page,
        "cards": selectors.cards_for(page.object_list),
        "can_move": can(request, "outreach.move_stage", route),
        "bulk_form": BulkMoveForm(),
    }
    if request.htmx.target == "pipeline-results":  # type: ignore[attr-defined]
        return render(request, "outreach/pipeline/list.html#results", context)
    return render(request, "outreach/pipeline/list.html", context)


@require_POST
@login_required
def pipeline_bulk_move(request: HttpRequest, route_pk: int) -> HttpResponse:
    """Move the selected organisations to one stage in one transaction; a stale one refuses them all."""
    route = selectors.route_get_for_staff(user=request.user, pk=route_pk)
    require_perm(request.user, "outreach.move_stage", route)
    form = BulkMoveForm(request.POST)
    list_url = reverse("outreach:pipeline-list", kwargs={"route_pk": route.pk})
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(list_url)
    query = PipelineFilterForm(QueryDict(form.cleaned_data["filters"] or "") or None).query()
    back = f"{list_url}?{query}" if query else list_url
    wanted = dict(form.cleaned_data["entry"])
    organisations = {
        p.organisation_id: p.organisation
        for p in Partnership.objects.filter(route=route, organisation_id__in=wanted).select_related("organisation")
    }
    if len(organisations) != len(wanted):
        messages.error(
            request, _("Some of the selected organisations are not partners of this route. Nothing was moved.")
        )
        return redirect(back)
    to_stage = form.cleaned_data["to_stage"]
    try:
        services.stage_move_bulk(
            route=route,
            moves=[(organisations[pk], version) for pk, version in wanted.items()],
            to_stage=to_stage,
            by=request.user,
        )
    except StaleVersionError:
        messages.error(
            request,
            _(
                "A colleague changed one or more of the selected organisations while you were looking. "
                "Nothing was moved; check the current stages below and try again."
            ),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        message = ngettext(
            "%(count)s organisation moved to “%(stage)s”.", "%(count)s organisations moved to “%(stage)s”.", len(wanted)
        )
        messages.success(request, message % {"count": len(wanted), "stage": Stage(to_stage).label})
    return redirect(back)


@require_GET
@login_required
def entry_detail(request: HttpRequest, route_pk: int, organisation_pk: int) -> HttpResponse:
    """An organisation's stage with a route: source, front-runner flag and how long it was in each stage."""
    route = selectors.route_get_for_staff(user=request.user, pk=route_pk)
    partnership = selectors.partnership_get(route=route, organisation_pk=organisation_pk)
    entry = getattr(partnership, "pipeline", None)
    context = {
        "route": route,
        "organisation": partnership.organisation,
        "entry": entry,
        "card": selectors.card_for(partnership),
        "history": selectors.stage_history(partnership=partnership),
        "can_move": can(request, "outreach.move_stage", route),
        "can_edit": can(request, "outreach.change_pipeline_entry", route),
        "stages": STAGES,
        "entry_prefix": _entry_prefix(route),
    }
    return render(request, "outreach/pipeline/entry_detail.html", context)


def _entry_initial(partnership: Partnership) -> dict[str, Any]:
    entry = getattr(partnership, "pipeline", None)
    if entry is None:
        return {"version": 1}
    return {
        "source": entry.source,
        "source_organisation": entry.source_organisation_id,
        "source_activity": entry.source_activity_id,
        "source_note": entry.source_note,
        "front_runner": entry.front_runner,
        "version": entry.version,
    }


@require_http_methods(["GET", "POST"])
@login_required
def entry_edit(request: HttpRequest, route_pk: int, organisation_pk: int) -> HttpResponse:
    """Change where the organisation came from and whether it is a front-runner; a save over a colleague's newer
    save is refused and shows what is stored now."""
    route = selectors.route_get_for_staff(user=request.user, pk=route_pk)
    partnership = selectors.partnership_get(route=route, organisation_pk=organisation_pk)
    require_perm(request.user, "outreach.change_pipeline_entry", route)
    # Only the route's own partners: another route's organisation would show its name to this route's staff.
    organisations = (
        Organisation.objects.visible_to(request.user)
        .active()
        .filter(partnerships__route=route)
        .exclude(pk=organisation_pk)
        .only("pk", "name")
    )
    activities = OutreachActivity.objects.filter(route=route).only("pk", "title", "held_on")
    kwargs = {"organisations": organisations.order_by("name", "pk"), "activities": activities}
    form = EntryForm(request.POST or None, initial=_entry_initial(partnership), **kwargs)
    stale = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(
                route=route,
                organisation=partnership.organisation,
                by=request.user,
                data=form.service_data(),
                version=form.cleaned_data["version"],
            )
        except StaleVersionError:
            partnership = selectors.partnership_get(route=route, organisation_pk=organisation_pk)
            form = EntryForm(initial=_entry_initial(partnership), **kwargs)
            stale = _(
                "A colleague saved the source of this organisation while you were editing it. "
                "The form now shows what is stored; make your change again."
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Source and front-runner saved."))
            return redirect("outreach:entry-detail", route_pk=route.pk, organisation_pk=organisation_pk)
    context = {"route": route, "organisation": partnership.organisation, "form": form, "stale": stale}
    return render(request, "outreach/pipeline/entry_form.html", context)


urlpatterns: list[URLPattern] = [
    path("pipeline/", pipeline_routes, name="pipeline"),
    path("routes/<int:route_pk>/board/", board, name="board"),
    path("routes/<int:route_pk>/pipeline/", pipeline_list, name="pipeline-list"),
    path("routes/<int:route_pk>/pipeline/move/", pipeline_bulk_move, name="pipeline-bulk-move"),
    path("routes/<int:route_pk>/pipeline/<int:organisation_pk>/", entry_detail, name="entry-detail"),
    path("routes/<int:route_pk>/pipeline/<int:organisation_pk>/edit/", entry_edit, name="entry-edit"),
    path("routes/<int:route_pk>/pipeline/<int:organisation_pk>/move/", stage_move, name="stage-move"),
]
