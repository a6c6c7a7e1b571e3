"""Relationships between organisations: member of, part of, works with. Reachable when both ends are."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from verbinder.api.errors import CONFLICT, READ, WRITE, Conflict, ConflictOut, Invalid, errors
from verbinder.api.fields import MAX_ID
from verbinder.api.pagination import paginate
from verbinder.api.partners.schemas import RelationshipIn, RelationshipOut, RelationshipPage, RelationshipQuery
from verbinder.api.permissions import require_perm, require_staff
from verbinder.partners import selectors, services
from verbinder.partners.models import Organisation, Relationship

router = Router(tags=["relationships"])
RelationshipId = Path(..., ge=1, le=MAX_ID)


def _visible_relationships(user: Any) -> QuerySet[Relationship]:
    visible = Organisation.objects.visible_to(user)
    return Relationship.objects.filter(source__in=visible, target__in=visible).select_related("source", "target")


@router.get("/relationships", response={200: RelationshipPage, **errors(*READ)}, url_name="relationship-list")
def relationship_list(request: HttpRequest, filters: Query[RelationshipQuery]) -> dict[str, Any]:
    """Relationships between organisations you may both see; with `organisation`, those in either direction."""
    require_staff(request.user)
    queryset = _visible_relationships(request.user)
    if filters.organisation:
        queryset = queryset.filter(Q(source_id=filters.organisation) | Q(target_id=filters.organisation))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return paginate(queryset.order_by("pk"), filters)


@router.post(
    "/relationships", response={201: RelationshipOut, **errors(*WRITE, CONFLICT)}, url_name="relationship-list"
)
def relationship_create(request: HttpRequest, payload: RelationshipIn) -> Status[Relationship]:
    """Relate an organisation you coordinate (`source`) to another active one you may see (`target`).

    A target outside your reach gives 404; the same relationship twice gives 409 (`duplicate`).
    """
    require_staff(request.user)
    source = selectors.organisation_get_for_user(user=request.user, pk=payload.source)
    require_perm(request.user, "partners.change_organisation", source)
    target = Organisation.objects.visible_to(request.user).filter(pk=payload.target).first()
    if target is None:
        raise Http404
    if target.pk == source.pk:
        raise Invalid.at(
            ["body", "payload", "target"], _("An organisation cannot have a relationship with itself."), "self"
        )
    if target.archived_at is not None:
        raise Invalid.at(["body", "payload", "target"], _("Choose an organisation that is not archived."), "archived")
    try:
        relationship = services.relationship_create(
            by=request.user, source=source, kind=payload.kind, target=target, note=payload.note
        )
    except ValidationError as exc:
        raise Conflict(ConflictOut(detail=" ".join(exc.messages), code="duplicate", fields=["kind", "target"])) from exc
    return Status(201, relationship)


@router.get(
    "/relationships/{relationship_id}", response={200: RelationshipOut, **errors(*READ)}, url_name="relationship-detail"
)
def relationship_detail(request: HttpRequest, relationship_id: int = RelationshipId) -> Relationship:
    require_staff(request.user)
    return selectors.relationship_get_for_user(user=request.user, pk=relationship_id)


@router.delete(
    "/relationships/{relationship_id}",
    response={204: None, **errors(401, 403, 404, 422)},
    url_name="relationship-detail",
)
def relationship_delete(request: HttpRequest, relationship_id: int = RelationshipId) -> Status[None]:
    """Remove a relationship (it stays in both organisations' history)."""
    require_staff(request.user)
    relationship = selectors.relationship_get_for_user(user=request.user, pk=relationship_id)
    require_perm(request.user, "partners.delete_relationship", relationship)
    services.relationship_delete(relationship=relationship, by=request.user)
    return Status(204, None)
