"""Agreement templates (read): each route's versioned agreement text with its articles. Staff of the route (and
administrators) read them; templates are edited on the pages. Everyone else reaches none (an empty list, 404)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from verbinder.agreements.enums import REQUIRED_TOPICS, ClauseParty, ClauseTopic, TemplateStatus
from verbinder.agreements.models import AgreementTemplate, TemplateClause
from verbinder.api.errors import READ, errors
from verbinder.api.fields import MAX_ID
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.placements.schemas import RouteRef, UserRef, user_ref

router = Router(tags=["agreements"])
TemplateId = Path(..., ge=1, le=MAX_ID)


class TemplateQuery(PageQuery):
    route: int | None = Field(None, ge=1, le=MAX_ID, description="Only templates of this route.")
    status: TemplateStatus | None = None


class TemplateOut(Schema):
    id: int
    route: RouteRef
    number: int = Field(description="The template's version: 1, 2, ...")
    title: str
    status: TemplateStatus = Field(description="One published template per route; a published one is never edited.")
    include_matrix: bool = Field(description="The route's responsibility matrix is an appendix of its agreements.")
    previous: int | None = Field(description="The version it was drafted from.")
    created_by: UserRef | None
    published_by: UserRef | None
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="The row version (optimistic locking on the pages).")


class ClauseOut(Schema):
    id: int
    party: ClauseParty = Field(description="Whose obligations the article sets out; general: all parties.")
    topic: ClauseTopic | None = Field(description="The required topic it covers, if any.")
    position: int
    heading: str
    body: str = Field(description="Markdown with fields from the placement as {field}.")


class TemplateDetailOut(TemplateOut):
    introduction: str = Field(description="Markdown with fields from the placement as {field}.")
    clauses: list[ClauseOut] = Field(description="The articles, in order.")
    missing_topics: list[ClauseTopic] = Field(
        description="Required topics that no article with text covers yet: a template needs none to be published."
    )


class TemplatePage(PageOut):
    items: list[TemplateOut]


def _fields(template: AgreementTemplate) -> dict[str, Any]:
    return {
        "id": template.pk,
        "route": RouteRef(id=template.route.pk, programme_name=template.route.programme_name),
        "number": template.number,
        "title": template.title,
        "status": TemplateStatus(template.status),
        "include_matrix": template.include_matrix,
        "previous": template.previous_id,
        "created_by": user_ref(template.created_by),
        "published_by": user_ref(template.published_by),
        "published_at": template.published_at,
        "created_at": template.created_at,
        "updated_at": template.updated_at,
        "version": template.version,
    }


def templates_for(user: Any) -> Any:
    return AgreementTemplate.objects.visible_to(user).select_related("route", "created_by", "published_by")


@router.get("/agreements/templates", response={200: TemplatePage, **errors(*READ)}, url_name="agreement-template-list")
def template_list(request: HttpRequest, filters: Query[TemplateQuery]) -> dict[str, Any]:
    """The templates of your routes (staff), per route the latest version first."""
    queryset = templates_for(request.user).order_by("route__programme_name", "route_id", "-number", "pk")
    if filters.route is not None:
        queryset = queryset.filter(route_id=filters.route)
    if filters.status is not None:
        queryset = queryset.filter(status=filters.status)
    page = paginate(queryset, filters)
    page["items"] = [TemplateOut(**_fields(template)) for template in page["items"]]
    return page


@router.get(
    "/agreements/templates/{template_id}",
    response={200: TemplateDetailOut, **errors(*READ)},
    url_name="agreement-template-detail",
)
def template_detail(request: HttpRequest, template_id: int = TemplateId) -> TemplateDetailOut:
    """One template with its articles and the required topics it still misses."""
    clauses = Prefetch("clauses", queryset=TemplateClause.objects.order_by("position", "pk"))
    template = get_object_or_404(templates_for(request.user).prefetch_related(clauses), pk=template_id)
    articles = list(template.clauses.all())
    covered = {clause.topic for clause in articles if clause.topic and clause.body.strip()}
    return TemplateDetailOut(
        **_fields(template),
        introduction=template.introduction,
        clauses=[
            ClauseOut(
                id=clause.pk,
                party=ClauseParty(clause.party),
                topic=ClauseTopic(clause.topic) if clause.topic else None,
                position=clause.position,
                heading=clause.heading,
                body=clause.body,
            )
            for clause in articles
        ],
        missing_topics=[ClauseTopic(topic) for topic in REQUIRED_TOPICS if topic not in covered],
    )
