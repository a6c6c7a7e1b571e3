"""Reads of the pipeline: the board, the list, a route's stage counts and an organisation's stage history.

A partnership without a pipeline entry is a prospect since the day it was linked (entries are made lazily), so
every read starts from the partnerships and coalesces the entry's stage and date with those defaults.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone

from verbinder.outreach.enums import Source, Stage
from verbinder.outreach.models import PipelineEntry, StageChange
from verbinder.partners.models import Partnership, Route

# Sort keys of the list view: key -> order_by fields (each ends on the primary key, for a stable order).
PIPELINE_SORTS: dict[str, tuple[Any, ...]] = {
    "name": (Lower("organisation__name"), "pk"),
    "-name": (Lower("organisation__name").desc(), "-pk"),
    "stage": ("stage_order", Lower("organisation__name"), "pk"),
    "-stage": ("-stage_order", Lower("organisation__name"), "pk"),
    "since": ("current_since", "pk"),
    "-since": ("-current_since", "-pk"),
    "source": ("pipeline__source", Lower("organisation__name"), "pk"),
    "-source": ("-pipeline__source", Lower("organisation__name"), "pk"),
}
NO_SOURCE = "none"  # the filter value for organisations without a recorded source


@dataclass(frozen=True)
class PipelineFilters:
    q: str = ""
    stage: str = ""
    kind: str = ""
    source: str = ""
    front_runner: bool = False
    sort: str = "name"


def route_get_for_staff(*, user: Any, pk: int) -> Route:
    """A route whose pipeline the user may read (its staff, administrators); 404 for anyone else."""
    return get_object_or_404(Route.objects.visible_to(user), pk=pk)


def routes_for_pipeline(*, user: Any) -> QuerySet[Route]:
    return (
        Route.objects.visible_to(user).filter(archived_at__isnull=True).order_by("programme_name", "hogeschool", "pk")
    )


def _stage_order() -> Any:
    """The stages in the order of the road (then paused, stopped), for sorting."""
    return Case(
        *(When(current_stage=stage.value, then=Value(index)) for index, stage in enumerate(Stage)),
        output_field=IntegerField(),
    )


def pipeline_partnerships(*, route: Route, filters: PipelineFilters | None = None) -> QuerySet[Partnership]:
    """The route's active partners with their entries (one query), annotated with `current_stage` and
    `current_since` (the defaults for a partnership without an entry), filtered and sorted."""
    filters = filters or PipelineFilters()
    queryset = (
        Partnership.objects.filter(route=route, organisation__archived_at__isnull=True)
        .select_related("organisation", "pipeline")
        .annotate(
            current_stage=Coalesce("pipeline__stage", Value(Stage.PROSPECT.value)),
            current_since=Coalesce("pipeline__stage_since", "created_at"),
        )
    )
    if filters.q:
        queryset = queryset.filter(organisation__name__icontains=filters.q)
    if filters.stage:
        queryset = queryset.filter(current_stage=filters.stage)
    if filters.kind:
        queryset = queryset.filter(organisation__kind=filters.kind)
    if filters.source == NO_SOURCE:
        queryset = queryset.filter(Q(pipeline__isnull=True) | Q(pipeline__source=""))
    elif filters.source:
        queryset = queryset.filter(pipeline__source=filters.source)
    if filters.front_runner:
        queryset = queryset.filter(pipeline__front_runner=True)
    sort = filters.sort if filters.sort in PIPELINE_SORTS else "name"
    if sort.lstrip("-") == "stage":
        queryset = queryset.annotate(stage_order=_stage_order())
    return queryset.order_by(*PIPELINE_SORTS[sort])


@dataclass(frozen=True)
class Card:
    """One organisation on the board or in the list, as the mover saw it (`version` guards the move)."""

    partnership: Partnership
    stage: str
    since: datetime.datetime
    days: int
    source: str
    source_label: str
    front_runner: bool
    version: int

    @property
    def key(self) -> str:
        """The organisation's id as text: a board of hundreds of cards uses it many times, unlocalised."""
        return str(self.partnership.organisation_id)

    @property
    def organisation(self) -> Any:
        return self.partnership.organisation

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


def card_for(partnership: Partnership, *, now: datetime.datetime | None = None) -> Card:
    now = now or timezone.now()
    entry: PipelineEntry | None = getattr(partnership, "pipeline", None)
    stage = entry.stage if entry else Stage.PROSPECT.value
    since = entry.stage_since if entry else partnership.created_at
    source = entry.source if entry else ""
    return Card(
        partnership=partnership,
        stage=str(stage),
        since=since,
        days=max((now - since).days, 0),
        source=source,
        source_label=str(Source(source).label) if source in Source.values else "",
        front_runner=bool(entry and entry.front_runner),
        # A partnership without an entry gets one at version 1 on its first change.
        version=entry.version if entry else 1,
    )


def cards_for(partnerships: Iterable[Partnership]) -> list[Card]:
    now = timezone.now()
    return [card_for(partnership, now=now) for partnership in partnerships]


@dataclass
class Column:
    stage: str
    label: str
    cards: list[Card] = field(default_factory=list)
    count: int = 0
    options: Any = ""  # the stage menu's options for this column's cards, rendered once by the view


def board_columns(*, route: Route, filters: PipelineFilters, per_column: int) -> list[Column]:
    """The eight stages with their cards (one query), longest in the stage first; at most `per_column` cards
    each (`count` says how many there are)."""
    columns = {stage.value: Column(stage=stage.value, label=str(stage.label)) for stage in Stage}
    partnerships = pipeline_partnerships(route=route, filters=filters).order_by(
        "current_since", Lower("organisation__name"), "pk"
    )
    for card in cards_for(partnerships):
        column = columns[card.stage]
        column.count += 1
        if len(column.cards) < per_column:
            column.cards.append(card)
    return list(columns.values())


def stage_counts(*, route_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per route, how many active partners are in each stage: one aggregate query."""
    rows = (
        Partnership.objects.filter(route_id__in=list(route_ids), organisation__archived_at__isnull=True)
        .annotate(current_stage=Coalesce("pipeline__stage", Value(Stage.PROSPECT.value)))
        .values("route_id", "current_stage")
        .annotate(total=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["route_id"], dict.fromkeys(Stage.values, 0))[row["current_stage"]] = row["total"]
    return counts


def partnership_get(*, route: Route, organisation_pk: int) -> Partnership:
    """The organisation's link with a route the user reaches (the route was fetched in reach); 404 if not linked."""
    return get_object_or_404(
        Partnership.objects.select_related("organisation", "pipeline"), route=route, organisation_id=organisation_pk
    )


@dataclass(frozen=True)
class HistoryRow:
    stage: str
    stage_label: str
    entered_at: datetime.datetime
    left_at: datetime.datetime | None
    days: int
    changed_by: Any
    skipped: list[str]

    @property
    def skipped_labels(self) -> list[str]:
        return [str(Stage(stage).label) for stage in self.skipped if stage in Stage.values]


def stage_history(*, partnership: Partnership) -> list[HistoryRow]:
    """Each stage the organisation was in with the route, oldest first, with how long it stayed there."""
    entry: PipelineEntry | None = getattr(partnership, "pipeline", None)
    if entry is None:
        changes: list[Any] = []
    else:
        changes = list(
            StageChange.objects.filter(entry=entry).select_related("changed_by").order_by("changed_at", "pk")
        )
    if not changes:
        changes = [StageChange(to_stage=Stage.PROSPECT, changed_at=partnership.created_at, skipped=[])]
    now = timezone.now()
    rows = []
    for index, change in enumerate(changes):
        left_at = changes[index + 1].changed_at if index + 1 < len(changes) else None
        rows.append(
            HistoryRow(
                stage=change.to_stage,
                stage_label=str(Stage(change.to_stage).label),
                entered_at=change.changed_at,
                left_at=left_at,
                days=max(((left_at or now) - change.changed_at).days, 0),
                changed_by=change.changed_by if change.changed_by_id else None,
                skipped=list(change.skipped or []),
            )
        )
    return rows
