"""The template editor: a route's templates, creating one from the standard text, editing a draft (title,
introduction, articles added, edited, removed and moved with HTMX and without JavaScript), publishing, drafting a
new version, previewing with sample values or a placement of the route; and the route's agreement settings.

Staff of the route read (teachers too); coordinators change (`agreements.change_template`,
`agreements.change_settings`). An HTMX request gets the articles partial back; a plain form post is redirected.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinder.agreements.enums import ClauseParty, ClauseTopic, TemplateStatus
from verbinder.agreements.forms.templates import ClauseForm, MoveForm, SettingsForm, TemplateForm, VersionForm
from verbinder.agreements.models import AgreementTemplate
from verbinder.agreements.placeholders import PLACEHOLDERS, fill
from verbinder.agreements.selectors import templates as selectors
from verbinder.agreements.services import templates as services
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.http import paginate, require_perm
from verbinder.core.text import render_markdown
from verbinder.partners.views.common import add_service_errors, can

SAMPLE_VALUES = {
    "student_name": "Sam de Vries",
    "student_number": "1234567",
    "student_email": "sam.devries@student.example.nl",
    "programme": "Ad Voorbeeldopleiding",
    "degree": "Associate degree",
    "croho_code": "80000",
    "hogeschool": "Hogeschool Voorbeeld",
    "start_date": "1 september 2026",
    "end_date": "31 augustus 2027",
    "duration_weeks": "52",
    "working_time": "3 dagen per week",
    "contract_type": "een arbeidsovereenkomst voor bepaalde tijd",
    "company_name": "Voorbeeld Techniek B.V.",
    "company_kvk": "12345678",
    "company_address": "Stationsstraat 1, 3511 AB Utrecht",
    "company_supervisor": "Pim Praktijk",
    "company_share": "2 dagen per week",
    "second_company_name": "Tweede Bedrijf B.V.",
    "second_company_kvk": "87654321",
    "second_company_address": "Marktplein 2, 3811 AA Amersfoort",
    "second_company_supervisor": "Bea Begeleider",
    "second_company_share": "1 dag per week",
    "teacher_name": "Dirk Docent",
    "coordinator_name": "Coby Coördinator",
    "today": "1 augustus 2026",
}


def _closed(request: HttpRequest, template: AgreementTemplate) -> HttpResponse | None:
    """A published or retired template's articles are not edited: back to it, saying why."""
    if template.status == TemplateStatus.DRAFT:
        return None
    messages.error(
        request,
        _("A template that is %(status)s cannot be changed; draft a new version instead.")
        % {"status": template.get_status_display()},
    )
    return redirect(_detail_url(template))


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _editable(request: HttpRequest, template: AgreementTemplate) -> bool:
    return template.status == TemplateStatus.DRAFT and can(request, "agreements.change_template", template)


def _missing(template: AgreementTemplate) -> list[tuple[str, str]]:
    return [(topic, str(ClauseTopic(topic).label)) for topic in services.template_missing_topics(template)]


def _editor_context(request: HttpRequest, template: AgreementTemplate, **extra: Any) -> dict[str, Any]:
    editable = _editable(request, template)
    clauses = list(template.clauses.all())
    context = {
        "template": template,
        "route": template.route,
        "clauses": clauses,
        "missing": _missing(template),
        "editable": editable,
        "can_change": can(request, "agreements.change_template", template),
        "fields": [(name, str(label)) for name, label in PLACEHOLDERS.items()],
        "topics": [(topic, str(label)) for topic, label in ClauseTopic.choices],
        "covered": {clause.topic for clause in clauses if clause.topic and clause.body.strip()},
        "party_labels": dict(ClauseParty.choices),
        "topic_labels": dict(ClauseTopic.choices),
    }
    if editable:
        context.setdefault(
            "template_form",
            TemplateForm(
                initial={
                    "title": template.title,
                    "introduction": template.introduction,
                    "include_matrix": template.include_matrix,
                    "version": template.version,
                }
            ),
        )
        context.setdefault("clause_form", ClauseForm())
        context["version_form"] = VersionForm(initial={"version": template.version}, auto_id="publish-%s")
    context.update(extra)
    return context


def _reload(request: HttpRequest, template: AgreementTemplate) -> AgreementTemplate:
    return selectors.template_get(user=request.user, pk=template.pk)


def _articles_response(request: HttpRequest, template: AgreementTemplate, **extra: Any) -> HttpResponse:
    template = _reload(request, template)
    return render(request, "agreements/template_articles.html", _editor_context(request, template, **extra))


def _stale_message(exc: StaleVersionError) -> str:
    message = _("Someone else saved this template in the meantime. Nothing was changed; check it and try again.")
    return f"{message} ({', '.join(exc.changed)})" if exc.changed else message


def _detail_url(template: AgreementTemplate, anchor: str = "") -> str:
    url = reverse("agreements:template-detail", args=[template.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_GET
def template_list(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = selectors.route_get(user=request.user, pk=route_pk)
    require_perm(request.user, "agreements.view_agreements", route)
    page = paginate(request, selectors.template_list(route=route))
    return render(
        request,
        "agreements/template_list.html",
        {
            "route": route,
            "page": page,
            "can_change": can(request, "agreements.change_template", route),
            "can_settings": can(request, "agreements.change_settings", route),
        },
    )


@login_required
@require_POST
def template_create(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = selectors.route_get(user=request.user, pk=route_pk)
    require_perm(request.user, "agreements.change_template", route)
    template = services.template_default_create(by=request.user, route=route)
    messages.success(request, _("A draft with the standard text was made. Adapt it and publish it."))
    return redirect(_detail_url(template))


@login_required
@require_GET
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = selectors.template_get(user=request.user, pk=pk)
    require_perm(request.user, "agreements.view_agreements", template)
    return render(request, "agreements/template_detail.html", _editor_context(request, template))


@login_required
@require_POST
def template_update(request: HttpRequest, pk: int) -> HttpResponse:
    template = selectors.template_get(user=request.user, pk=pk)
    require_perm(request.user, "agreements.change_template", template)
    form = TemplateForm(request.POST)
    if form.is_valid():
        try:
            services.template_update(
                by=request.user,
                template=template,
                version=form.cleaned_data["version"],
                fields={name: form.cleaned_data[name] for name in services.TEMPLATE_FIELDS},
            )
        except StaleVersionError as exc:
            form.add_error(None, _stale_message(exc))
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The template was saved."))
            return redirect(_detail_url(template))
    template = _reload(request, template)
    return render(
        request, "agreements/template_detail.html", _editor_context(request, template, template_form=form), status=422
    )


@login_required
@require_POST
def template_publish(request: HttpRequest, pk: int) -> HttpResponse:
    template = selectors.template_get(user=request.user, pk=pk)
    require_perm(request.user, "agreements.change_template", template)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was changed."))
        return redirect(_detail_url(template))
    try:
        services.template_publish(by=request.user, template=template, version=form.cleaned_data["version"])
    except StaleVersionError as exc:
        messages.error(request, _stale_message(exc))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The template is published: new agreements of this route use it."))
    return redirect(_detail_url(template))


@login_required
@require_POST
def template_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    template = selectors.template_get(user=request.user, pk=pk)
    require_perm(request.user, "agreements.change_template", template)
    draft = services.template_new_version(by=request.user, template=template)
    messages.success(request, _("A new draft version was made from version %(number)s.") % {"number": template.number})
    return redirect(_detail_url(draft))


@login_required
@require_GET
def template_preview(request: HttpRequest, pk: int) -> HttpResponse:
    template = selectors.template_get(user=request.user, pk=pk)
    require_perm(request.user, "agreements.view_agreements", template)
    placement = selectors.preview_placement_get(route=template.route, pk=request.GET.get("placement"))
    if placement is not None:
        from verbinder.agreements.documents import agreement_content

        content = agreement_content(template=template, placement=placement, coordinator=request.user)
        articles = content["articles"]
        introduction = content["introduction_html"]
        title = content["title"]
    else:
        articles = [
            {
                "number": number,
                "heading": clause.heading,
                "party": clause.party,
                "party_label": str(ClauseParty(clause.party).label),
                "topic": clause.topic,
                "html": str(render_markdown(fill(clause.body, SAMPLE_VALUES))),
            }
            for number, clause in enumerate(template.clauses.all(), start=1)
        ]
        introduction = str(render_markdown(fill(template.introduction, SAMPLE_VALUES)))
        title = fill(template.title, SAMPLE_VALUES).replace("\\", "")
    return render(
        request,
        "agreements/template_preview.html",
        {
            "template": template,
            "route": template.route,
            "placement": placement,
            "placements": selectors.preview_placements(route=template.route),
            "title": title,
            "introduction": introduction,
            "articles": articles,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def clause_add(request: HttpRequest, pk: int) -> HttpResponse:
    template = selectors.template_get(user=request.user, pk=pk)
    require_perm(request.user, "agreements.change_template", template)
    closed = _closed(request, template)
    if closed is not None:
        return closed
    form = ClauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            clause = services.clause_add(by=request.user, template=template, fields=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            if _is_htmx(request):
                return _articles_response(request, template, focus=clause.pk)
            messages.success(request, _("The article was added."))
            return redirect(_detail_url(template, f"clause-{clause.pk}"))
    if _is_htmx(request) and request.method == "POST":
        return _articles_response(request, template, clause_form=form)
    return render(request, "agreements/template_clause_page.html", {"template": template, "form": form, "clause": None})


@login_required
@require_http_methods(["GET", "POST"])
def clause_edit(request: HttpRequest, pk: int) -> HttpResponse:
    clause = selectors.clause_get(user=request.user, pk=pk)
    template = clause.template
    require_perm(request.user, "agreements.change_template", template)
    closed = _closed(request, template)
    if closed is not None:
        return closed
    initial = {name: getattr(clause, name) for name in services.CLAUSE_FIELDS}
    form = ClauseForm(request.POST or None, initial=initial, prefix_id=str(clause.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.clause_update(by=request.user, clause=clause, fields=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            if _is_htmx(request):
                return _articles_response(request, template, focus=clause.pk)
            messages.success(request, _("The article was saved."))
            return redirect(_detail_url(template, f"clause-{clause.pk}"))
    if _is_htmx(request):
        return render(
            request,
            "agreements/template_clause_form.html",
            {"template": template, "form": form, "clause": clause, "htmx": True},
        )
    return render(
        request, "agreements/template_clause_page.html", {"template": template, "form": form, "clause": clause}
    )


@login_required
@require_POST
def clause_remove(request: HttpRequest, pk: int) -> HttpResponse:
    clause = selectors.clause_get(user=request.user, pk=pk)
    template = clause.template
    require_perm(request.user, "agreements.change_template", template)
    try:
        services.clause_remove(by=request.user, clause=clause)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if _is_htmx(request):
            return _articles_response(request, template)
        messages.success(request, _("The article was removed."))
    return redirect(_detail_url(template, "template-articles"))


@login_required
@require_POST
def clause_move(request: HttpRequest, pk: int) -> HttpResponse:
    clause = selectors.clause_get(user=request.user, pk=pk)
    template = clause.template
    require_perm(request.user, "agreements.change_template", template)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Move an article up or down."), code="invalid_direction")
        services.clause_move(by=request.user, clause=clause, direction=form.cleaned_data["direction"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if _is_htmx(request):
            return _articles_response(request, template, focus=clause.pk)
    return redirect(_detail_url(template, f"clause-{clause.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = selectors.route_get(user=request.user, pk=route_pk)
    require_perm(request.user, "agreements.view_agreements", route)
    current = services.settings_for(route)
    can_change = can(request, "agreements.change_settings", route)
    initial = {
        "remind_after_days": current.remind_after_days,
        "expire_after_days": current.expire_after_days,
        "signing_order": current.signing_order,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        require_perm(request.user, "agreements.change_settings", route)
        if form.is_valid():
            try:
                services.settings_update(by=request.user, route=route, fields=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(exc, form)
            else:
                messages.success(request, _("The agreement settings were saved."))
                return redirect("agreements:settings", route_pk=route.pk)
        status = 422
    return render(
        request,
        "agreements/settings_edit.html",
        {"route": route, "form": form, "settings": current, "can_change": can_change},
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("templates/routes/<int:route_pk>/", template_list, name="template-list"),
    path("templates/routes/<int:route_pk>/new/", template_create, name="template-create"),
    path("templates/<int:pk>/", template_detail, name="template-detail"),
    path("templates/<int:pk>/edit/", template_update, name="template-update"),
    path("templates/<int:pk>/publish/", template_publish, name="template-publish"),
    path("templates/<int:pk>/new-version/", template_new_version, name="template-new-version"),
    path("templates/<int:pk>/preview/", template_preview, name="template-preview"),
    path("templates/<int:pk>/articles/new/", clause_add, name="clause-add"),
    path("templates/articles/<int:pk>/edit/", clause_edit, name="clause-edit"),
    path("templates/articles/<int:pk>/remove/", clause_remove, name="clause-remove"),
    path("templates/articles/<int:pk>/move/", clause_move, name="clause-move"),
    path("settings/routes/<int:route_pk>/", settings_edit, name="settings"),
]
