"""Reads of agreement templates, their articles and a route's settings (staff of the route only; 404 outside)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from verbinder.agreements.models import AgreementTemplate, TemplateClause
from verbinder.partners.models import Route
from verbinder.placements.models import Placement

PREVIEW_PLACEMENTS_MAX = 200


def route_get(*, user: Any, pk: int) -> Route:
    """A route of which the user is staff (or any, for an administrator); else 404."""
    return get_object_or_404(Route.objects.visible_to(user), pk=pk)


def template_list(*, route: Route) -> QuerySet[AgreementTemplate]:
    """The route's templates, newest version first, each with `clause_count` and who published it."""
    return (
        AgreementTemplate.objects.filter(route=route)
        .select_related("published_by", "created_by")
        .annotate(clause_count=Count("clauses"))
        .order_by("-number")
    )


def template_get(*, user: Any, pk: int) -> AgreementTemplate:
    """A template the user may see, with its route and its articles in order (prefetched); else 404."""
    queryset = AgreementTemplate.objects.visible_to(user).select_related("route", "published_by", "created_by")
    return get_object_or_404(
        queryset.prefetch_related(Prefetch("clauses", queryset=TemplateClause.objects.order_by("position", "pk"))),
        pk=pk,
    )


def clause_get(*, user: Any, pk: int) -> TemplateClause:
    """An article of a template the user may see, with its template and route; else 404."""
    return get_object_or_404(
        TemplateClause.objects.filter(template__in=AgreementTemplate.objects.visible_to(user)).select_related(
            "template__route"
        ),
        pk=pk,
    )


def preview_placements(*, route: Route) -> QuerySet[Placement]:
    """Placements of the route to preview a template with, newest first (a bounded choice list)."""
    return (
        Placement.objects.filter(route=route)
        .select_related("student")
        .order_by("-start_date", "-pk")[:PREVIEW_PLACEMENTS_MAX]
    )


def preview_placement_get(*, route: Route, pk: Any) -> Placement | None:
    """One placement of the route for the preview, or None (a placement of another route is never filled in)."""
    try:
        return Placement.objects.filter(route=route).select_related("student").get(pk=int(pk))
    except (TypeError, ValueError, Placement.DoesNotExist):
        return None
