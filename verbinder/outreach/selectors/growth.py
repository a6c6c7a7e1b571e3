"""Reads for a route's growth: the funnel, conversion per source, hosting over time and re-hosting.

Everything is counted in SQL (a route may have hundreds of organisations), in a fixed number of queries. The
history of stage changes is the source of truth for what happened: an organisation that hosted a student and is
now paused still counts as converted. A partnership without a pipeline entry is a prospect with no source.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from verbinder.outreach.enums import PIPELINE_ROAD, Source, Stage
from verbinder.outreach.models import PipelineEntry, StageChange
from verbinder.partners.models import Partnership, Route

HOSTING_MONTHS = 24
NO_SOURCE = ""


@dataclass(frozen=True)
class StageCount:
    stage: str
    label: str
    count: int


@dataclass(frozen=True)
class SourceConversion:
    source: str
    label: str
    total: int
    reached_intake: int
    reached_hosting: int

    @property
    def intake_percent(self) -> int:
        return round(100 * self.reached_intake / self.total) if self.total else 0

    @property
    def hosting_percent(self) -> int:
        return round(100 * self.reached_hosting / self.total) if self.total else 0


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date  # the first day of the month
    count: int  # organisations hosting at the end of that month (for the current month: now)


@dataclass(frozen=True)
class Rehosting:
    hosted_before: int  # organisations that left "hosting" at some time
    host_again: int  # of those, the ones hosting now

    @property
    def percent(self) -> int:
        return round(100 * self.host_again / self.hosted_before) if self.hosted_before else 0


def stages_from(stage: Stage) -> list[str]:
    """The stage and every stage after it on the road to hosting: having reached one of these means having reached
    at least `stage` (a move that skipped it still passed it)."""
    road = [str(item) for item in PIPELINE_ROAD]
    return road[road.index(stage) :]


def _current_partnerships(route: Route) -> QuerySet[Partnership]:
    return Partnership.objects.filter(route=route, organisation__archived_at__isnull=True)


def funnel_for_route(*, route: Route) -> list[StageCount]:
    """How many of the route's (active) organisations are in each stage, every stage listed; organisations without
    an entry count as prospects. One query."""
    rows = (
        _current_partnerships(route)
        .annotate(current_stage=Coalesce("pipeline__stage", Value(str(Stage.PROSPECT))))
        .values("current_stage")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["current_stage"]: row["count"] for row in rows}
    return [StageCount(stage=stage.value, label=str(stage.label), count=counts.get(stage.value, 0)) for stage in Stage]


def _reached(stage: Stage) -> Q:
    """Entries whose history (or, for rows made without history, whose current stage) reached at least `stage`."""
    later = stages_from(stage)
    history = StageChange.objects.filter(entry=OuterRef("pk"), to_stage__in=later)
    return Q(Exists(history)) | Q(stage__in=later)


def conversion_by_source(*, route: Route) -> list[SourceConversion]:
    """Of the organisations from each source, how many reached at least "intake held" and "hosting" at some time.
    Sources without organisations are left out; organisations without a source come last. Two queries."""
    rows = (
        PipelineEntry.objects.filter(route=route, organisation__archived_at__isnull=True)
        .values("source")
        .annotate(
            total=Count("pk"),
            reached_intake=Count("pk", filter=_reached(Stage.INTAKE_HELD)),
            reached_hosting=Count("pk", filter=_reached(Stage.HOSTING)),
        )
        .order_by()
    )
    found = {row["source"]: row for row in rows}
    without_entry = _current_partnerships(route).filter(pipeline__isnull=True).count()
    result = []
    for source in [*Source.values, NO_SOURCE]:
        row = found.get(source, {"total": 0, "reached_intake": 0, "reached_hosting": 0})
        total = row["total"] + (without_entry if source == NO_SOURCE else 0)
        if not total:
            continue
        label = str(Source(source).label) if source else gettext("No source recorded")
        result.append(
            SourceConversion(
                source=source,
                label=label,
                total=total,
                reached_intake=row["reached_intake"],
                reached_hosting=row["reached_hosting"],
            )
        )
    return result


def _month_start(day: datetime.date, back: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


def hosting_over_time(
    *, route: Route, months: int = HOSTING_MONTHS, today: datetime.date | None = None
) -> list[MonthCount]:
    """The number of organisations hosting a student at the end of each of the last `months` months (the current
    month last, counted until now). Every move into "hosting" adds one, every move out takes one away: the history
    is summed per month in SQL (one query), then added up."""
    today = today or timezone.localdate()
    first = _month_start(today, months - 1)
    rows = (
        StageChange.objects.filter(route=route, changed_at__lte=timezone.now())
        .filter(Q(to_stage=Stage.HOSTING) | Q(from_stage=Stage.HOSTING))
        .annotate(month=TruncMonth("changed_at"))
        .values("month")
        .annotate(
            arrived=Count("pk", filter=Q(to_stage=Stage.HOSTING)),
            left=Count("pk", filter=Q(from_stage=Stage.HOSTING)),
        )
        .order_by()
    )
    net: dict[datetime.date, int] = {}
    before = 0
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        change = row["arrived"] - row["left"]
        if month < first:
            before += change
        else:
            net[month] = net.get(month, 0) + change
    result = []
    running = before
    for back in range(months - 1, -1, -1):
        month = _month_start(today, back)
        running += net.get(month, 0)
        result.append(MonthCount(month=month, count=running))
    return result


def rehosting_for_route(*, route: Route) -> Rehosting:
    """Organisations that hosted a student before (they left "hosting" at some time) and, of those, how many host
    one again now. One query."""
    left_hosting = StageChange.objects.filter(entry=OuterRef("pk"), from_stage=Stage.HOSTING)
    totals = PipelineEntry.objects.filter(route=route, organisation__archived_at__isnull=True).aggregate(
        hosted_before=Count("pk", filter=Q(Exists(left_hosting))),
        host_again=Count("pk", filter=Q(Exists(left_hosting), stage=Stage.HOSTING)),
    )
    return Rehosting(hosted_before=totals["hosted_before"], host_again=totals["host_again"])
