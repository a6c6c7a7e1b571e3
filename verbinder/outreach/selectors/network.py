"""Reads for a route's network: its organisations (with kind, stage and front-runner flag) and the relationships
between them (member of, part of, works with).

Only organisations linked to the route and within the user's reach are nodes, and only relationships between two
of them are edges. Companies that share a student need placements, which do not exist yet: not shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower

from verbinder.outreach.enums import Stage
from verbinder.partners.enums import RELATIONSHIP_INVERSE_LABELS, OrganisationKind, RelationshipKind
from verbinder.partners.models import Organisation, Partnership, Relationship, Route

# Above this many organisations the picture is unreadable (and slow to lay out): the page asks to filter first.
NODE_LIMIT = 300


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

    @property
    def label(self) -> str:
        return str(RelationshipKind(self.kind).label)


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


def network_graph(*, user: Any, route: Route, filters: NetworkFilter) -> tuple[list[Node], list[Edge]] | None:
    """Nodes and edges for the picture, or None when there are more than NODE_LIMIT nodes. Two queries."""
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
    return nodes, edges


def nodes_with_links(*, user: Any, route: Route, filters: NetworkFilter, nodes: list[Node]) -> list[Node]:
    """The given nodes (one page of the table) with their relationships to the other nodes, read from both sides,
    as text for the table view. One query."""
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
    for node in nodes:
        node.links = links.get(node.pk, [])
    return nodes
