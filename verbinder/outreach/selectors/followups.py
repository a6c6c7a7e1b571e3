"""Reads of follow-ups: my follow-ups (due, overdue, done), an organisation's open ones, a route's."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbinder.outreach.models import FollowUp
from verbinder.partners.models import Organisation

DUE, OVERDUE, DONE = "due", "overdue", "done"
STATUSES = {DUE: _("Due"), OVERDUE: _("Overdue"), DONE: _("Done")}


def _with_names(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.select_related("route", "organisation", "assignee", "done_by")


def follow_up_get_for_user(*, user: Any, pk: int) -> FollowUp:
    """A follow-up of one of the user's routes (404 outside them)."""
    return get_object_or_404(_with_names(FollowUp.objects.visible_to(user)), pk=pk)


def follow_ups_with_status(queryset: QuerySet[FollowUp], status: str | None) -> QuerySet[FollowUp]:
    """Due: open, due today or later (soonest first); overdue: open, due before today (oldest first);
    done: newest first. Without a status: all, open ones first."""
    today = timezone.localdate()
    if status == DUE:
        return queryset.filter(done_at__isnull=True, due_on__gte=today).order_by("due_on", "pk")
    if status == OVERDUE:
        return queryset.filter(done_at__isnull=True, due_on__lt=today).order_by("due_on", "pk")
    if status == DONE:
        return queryset.filter(done_at__isnull=False).order_by("-done_at", "-pk")
    return queryset.order_by("done_at", "due_on", "pk")


def my_follow_ups(*, user: Any, status: str) -> QuerySet[FollowUp]:
    """The user's own follow-ups, in the routes they still staff."""
    queryset = FollowUp.objects.visible_to(user).filter(assignee=user)
    return _with_names(follow_ups_with_status(queryset, status))


def follow_up_counts(*, user: Any) -> dict[str, int]:
    """How many of the user's follow-ups are due, overdue and done: one query."""
    today = timezone.localdate()
    open_ = Q(done_at__isnull=True)
    return (
        FollowUp.objects.visible_to(user)
        .filter(assignee=user)
        .aggregate(
            due=Count("pk", filter=open_ & Q(due_on__gte=today)),
            overdue=Count("pk", filter=open_ & Q(due_on__lt=today)),
            done=Count("pk", filter=Q(done_at__isnull=False)),
        )
    )


def follow_up_list(
    *,
    user: Any,
    mine: bool = False,
    route: int | None = None,
    organisation: int | None = None,
    status: str | None = None,
) -> QuerySet[FollowUp]:
    queryset = FollowUp.objects.visible_to(user)
    if mine:
        queryset = queryset.filter(assignee=user)
    if route is not None:
        queryset = queryset.filter(route_id=route)
    if organisation is not None:
        queryset = queryset.filter(organisation_id=organisation)
    return _with_names(follow_ups_with_status(queryset, status))


def organisation_open_follow_ups(*, user: Any, organisation: Organisation) -> QuerySet[FollowUp]:
    """Open follow-ups with the organisation in the user's routes, soonest first."""
    queryset = FollowUp.objects.visible_to(user).filter(organisation=organisation, done_at__isnull=True)
    return _with_names(queryset).order_by("due_on", "pk")
