"""Reads for a route's network: its organisations (with kind, stage and front-runner flag) and the relationships
between them (member of, part of, works with).

Only organisations linked to the route and within the user's reach are nodes, and only relationships between two
of them are edges. A fourth kind of edge joins two companies that share a student: both are current hosts of a
current (active or paused) placement of the route.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext, ngettext

from verbinder.outreach.enums import Stage
from verbinder.partners.enums import RELATIONSHIP_INVERSE_LABELS, OrganisationKind, RelationshipKind
from verbinder.partners.models import Organisation, Partnership, Relationship, Route
from verbinder.placements.enums import CURRENT_PLACEMENT_STATUSES
from verbinder.placements.models import PlacementHost

# Above this many organisations the picture is unreadable (and slow to lay out): the page asks to filter first.
NODE_LIMIT = 300
# The kind of the edge between two companies that share a student (not a Relationship: it comes from placements).
SHARES_STUDENT = "shares_student"


@dataclass(frozen=True)
class NetworkFilter:
    kind: str = ""
    stage: str = ""


@dataclass
class Node:
    pk: int
    name: str
    kind: str
    stage: str
    front_runner: bool
    links: list[tuple[str, int, str]] = field(default_factory=list)  # (relationship label, other pk, other name)

    @property
    def kind_label(self) -> str:
        return str(OrganisationKind(self.kind).label) if self.kind in OrganisationKind.values else self.kind

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    kind: str
    count: int = 1  # for SHARES_STUDENT: how many students the two companies share

    @property
    def label(self) -> str:
        if self.kind == SHARES_STUDENT:
            return shares_label(self.count)
        return str(RelationshipKind(self.kind).label)


@dataclass(frozen=True)
class SharedStudents:
    """Two companies of the network that share `count` students now (first has the lower pk)."""

    first: int
    first_name: str
    second: int
    second_name: str
    count: int


def shares_label(count: int) -> str:
    if count == 1:
        return gettext("shares a student with")
    return ngettext("shares %(count)d student with", "shares %(count)d students with", count) % {"count": count}


def network_nodes(*, user: Any, route: Route, filters: NetworkFilter) -> QuerySet[Any]:
    """The route's active organisations within the user's reach, filtered, as rows of values, by name."""
    rows = Partnership.objects.filter(
        route=route,
        organisation__archived_at__isnull=True,
        organisation__in=Organisation.objects.visible_to(user),
    )
    if filters.kind:
        rows = rows.filter(organisation__kind=filters.kind)
    if filters.stage == Stage.PROSPECT:
        rows = rows.filter(Q(pipeline__isnull=True) | Q(pipeline__stage=Stage.PROSPECT))
    elif filters.stage:
        rows = rows.filter(pipeline__stage=filters.stage)
    return (
        rows.annotate(
            pk_=F("organisation_id"),
            name=F("organisation__name"),
            kind=F("organisation__kind"),
            stage=Coalesce("pipeline__stage", Value(str(Stage.PROSPECT))),
            front_runner=Coalesce("pipeline__front_runner", Value(False)),
        )
        .values("pk_", "name", "kind", "stage", "front_runner")
        .order_by(Lower("organisation__name"), "organisation_id")
    )


def node_from_row(row: dict[str, Any]) -> Node:
    return Node(
        pk=row["pk_"], name=row["name"], kind=row["kind"], stage=row["stage"], front_runner=bool(row["front_runner"])
    )


def shared_students(*, user: Any, route: Route, filters: NetworkFilter) -> list[SharedStudents]:
    """Pairs of the network's organisations that are both current hosts of a current shared placement of the
    route, with the number of students they share. One query."""
    ids = network_nodes(user=user, route=route, filters=filters).values("pk_")
    hosts = (
        PlacementHost.objects.filter(
            is_current=True,
            placement__route=route,
            placement__is_shared=True,
            placement__status__in=CURRENT_PLACEMENT_STATUSES,
            organisation_id__in=ids,
        )
        .order_by("placement_id", "organisation_id")
        .values_list("placement_id", "organisation_id", "organisation__name")
    )
    by_placement: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for placement_id, organisation_id, name in hosts:
        by_placement[placement_id].append((organisation_id, name))
    pairs: dict[tuple[int, str, int, str], int] = defaultdict(int)
    for found in by_placement.values():
        if len(found) == 2:
            (first, first_name), (second, second_name) = found
            pairs[(first, first_name, second, second_name)] += 1
    return [SharedStudents(*key, count=count) for key, count in sorted(pairs.items())]


def network_graph(
    *, user: Any, route: Route, filters: NetworkFilter, shared: list[SharedStudents] | None = None
) -> tuple[list[Node], list[Edge]] | None:
    """Nodes and edges for the picture, or None when there are more than NODE_LIMIT nodes. Three queries, two when
    the pairs that share a student are given."""
    node_rows = network_nodes(user=user, route=route, filters=filters)
    rows = list(node_rows[: NODE_LIMIT + 1])
    if len(rows) > NODE_LIMIT:
        return None
    nodes = [node_from_row(row) for row in rows]
    if not nodes:
        return [], []
    ids = node_rows.values("pk_")
    edges = [
        Edge(source=source, target=target, kind=kind)
        for source, target, kind in Relationship.objects.filter(source_id__in=ids, target_id__in=ids)
        .order_by("pk")
        .values_list("source_id", "target_id", "kind")
    ]
    if shared is None:
        shared = shared_students(user=user, route=route, filters=filters)
    edges += [Edge(source=pair.first, target=pair.second, kind=SHARES_STUDENT, count=pair.count) for pair in shared]
    return nodes, edges


def nodes_with_links(
    *, user: Any, route: Route, filters: NetworkFilter, nodes: list[Node], shared: list[SharedStudents] | None = None
) -> list[Node]:
    """The given nodes (one page of the table) with their relationships to the other nodes, read from both sides,
    and the companies they share a student with, as text for the table view. One query, two when the pairs that
    share a student are not given."""
    if not nodes:
        return nodes
    by_pk = {node.pk: node for node in nodes}
    ids = network_nodes(user=user, route=route, filters=filters).values("pk_")
    relationships = Relationship.objects.filter(source_id__in=ids, target_id__in=ids).filter(
        Q(source_id__in=list(by_pk)) | Q(target_id__in=list(by_pk))
    )
    links: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for relationship in relationships.select_related("source", "target").order_by("kind", "pk"):
        kind = RelationshipKind(relationship.kind)
        if relationship.source_id in by_pk:
            links[relationship.source_id].append((str(kind.label), relationship.target_id, relationship.target.name))
        if relationship.target_id in by_pk:
            links[relationship.target_id].append(
                (str(RELATIONSHIP_INVERSE_LABELS[kind]), relationship.source_id, relationship.source.name)
            )
    if shared is None:
        shared = shared_students(user=user, route=route, filters=filters)
    for pair in shared:
        label = shares_label(pair.count)
        if pair.first in by_pk:
            links[pair.first].append((label, pair.second, pair.second_name))
        if pair.second in by_pk:
            links[pair.second].append((label, pair.first, pair.first_name))
    for node in nodes:
        node.links = links.get(node.pk, [])
    return nodes
