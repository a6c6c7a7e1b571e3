"""Reads of outreach activities and their leads. Everything is reached through the user's scope: outside it, 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from verbinder.outreach.models import Interaction, OutreachActivity, PipelineEntry
from verbinder.partners.models import Affiliation, Organisation, Route


def route_get_for_outreach(*, user: Any, pk: int) -> Route:
    """A route whose outreach the user may see (its staff, and administrators); else 404."""
    return get_object_or_404(Route.objects.visible_to(user), pk=pk)


def activity_list(*, route: Route, kind: str = "") -> QuerySet[OutreachActivity]:
    """The route's activities, newest first, each with its host and `lead_count`."""
    qs = OutreachActivity.objects.filter(route=route)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("host").annotate(lead_count=Count("leads", distinct=True)).order_by("-held_on", "-pk")


def activity_get_for_user(*, user: Any, pk: int) -> OutreachActivity:
    """One activity of a route the user works in (else 404), with its route, host and author."""
    return get_object_or_404(
        OutreachActivity.objects.visible_to(user).select_related("route", "host", "created_by"), pk=pk
    )


def activity_leads(*, activity: OutreachActivity) -> QuerySet[PipelineEntry]:
    """The pipeline entries that have the activity as their source, newest first, each with its organisation and
    the organisation's current contact people (`current_affiliations`)."""
    current = (
        Affiliation.objects.filter(ended_on__isnull=True)
        .select_related("person")
        .order_by("-is_primary_contact", "person__last_name", "pk")
    )
    return (
        PipelineEntry.objects.filter(source_activity=activity, route_id=activity.route_id)
        .select_related("organisation")
        .prefetch_related(Prefetch("organisation__affiliations", queryset=current, to_attr="current_affiliations"))
        .order_by("-created_at", "-pk")
    )


def host_choices(*, user: Any) -> QuerySet[Organisation]:
    """Organisations that may host an activity: active ones the user may see, by name."""
    return Organisation.objects.visible_to(user).active().only("pk", "name", "city", "kind").order_by("name", "pk")


def lead_link_choices(*, user: Any) -> QuerySet[Organisation]:
    """Organisations the user may link as a lead: any they may see (an archived one is refused with a message)."""
    return Organisation.objects.visible_to(user)


def lead_link_candidates(*, user: Any, pks: list[int]) -> set[int]:
    """Which of these organisations the user may see (and so may link as a lead)."""
    return set(Organisation.objects.visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))


def activity_host_contact(*, activity: OutreachActivity) -> Interaction | None:
    """The contact moment that records the activity with its host, if it was logged."""
    if activity.host_id is None:
        return None
    return Interaction.objects.filter(activity=activity, organisation_id=activity.host_id).order_by("pk").first()
