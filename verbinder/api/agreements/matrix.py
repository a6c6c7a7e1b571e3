"""The responsibility matrix of a route: its tasks (rows) against its parties (columns: the programme, the
student, the companies, each partner organisation of the route), each cell R, A, C or I. Every party of the
route reads it (staff, a company contact or supervisor of a company that hosts in the route, a student of the
route, a contact of a partner organisation); its coordinators set cells. Anyone else: 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema

from verbinder.accounts.scope import scope_for
from verbinder.agreements.enums import MatrixPartyKind, Responsibility
from verbinder.agreements.models import MatrixCell, MatrixParty, MatrixTask, party_route_condition
from verbinder.agreements.selectors.matrix import party_get, task_get
from verbinder.agreements.services.matrix import matrix_cell_set
from verbinder.api.errors import READ, WRITE, errors
from verbinder.api.fields import MAX_ID, BodyId
from verbinder.api.partners.schemas import InputSchema
from verbinder.api.permissions import require_perm
from verbinder.api.placements.schemas import OrganisationRef, invalid, organisation_ref
from verbinder.partners.models import Route

router = Router(tags=["agreements"])
RouteId = Path(..., ge=1, le=MAX_ID)


class MatrixPartyOut(Schema):
    id: int
    kind: MatrixPartyKind
    label: str
    organisation: OrganisationRef | None = Field(description="The partner organisation of a partner's column.")
    position: int


class CellOut(Schema):
    party: int = Field(description="The column (a party's id).")
    value: Responsibility


class MatrixTaskOut(Schema):
    id: int
    name: str
    description: str
    position: int
    cells: list[CellOut] = Field(description="The cells that are set; a column without one: nobody said.")


class MatrixOut(Schema):
    route: int = Field(description="The route's id (its name is internal to the hogeschool: see /routes).")
    parties: list[MatrixPartyOut] = Field(description="The columns, in order.")
    tasks: list[MatrixTaskOut] = Field(description="The rows, in order.")


class CellIn(InputSchema):
    task: BodyId = Field(description="The row (a task's id) of this route's matrix.")
    party: BodyId = Field(description="The column (a party's id) of this route's matrix.")
    value: Responsibility | None = Field(description="R, A, C or I; null clears the cell.")


def matrix_route_get(user: Any, pk: int) -> Route:
    """The route, when the caller is staff of it or one of its parties (404 otherwise)."""
    routes = Route.objects.all()
    if not scope_for(user).is_admin:
        routes = routes.filter(party_route_condition(user, "pk"))
    return get_object_or_404(routes, pk=pk)


def matrix_out(route: Route) -> MatrixOut:
    parties = list(MatrixParty.objects.filter(route=route).select_related("organisation").order_by("position", "pk"))
    cells = Prefetch("cells", queryset=MatrixCell.objects.order_by("pk"))
    tasks = MatrixTask.objects.filter(route=route).prefetch_related(cells).order_by("position", "pk")
    order = {party.pk: index for index, party in enumerate(parties)}
    return MatrixOut(
        route=route.pk,
        parties=[
            MatrixPartyOut(
                id=party.pk,
                kind=MatrixPartyKind(party.kind),
                label=party.label,
                organisation=organisation_ref(party.organisation) if party.organisation is not None else None,
                position=party.position,
            )
            for party in parties
        ],
        tasks=[
            MatrixTaskOut(
                id=task.pk,
                name=task.name,
                description=task.description,
                position=task.position,
                cells=[
                    CellOut(party=cell.party_id, value=Responsibility(cell.value))
                    for cell in sorted(task.cells.all(), key=lambda cell: order.get(cell.party_id, len(order)))
                ],
            )
            for task in tasks
        ],
    )


@router.get(
    "/agreements/matrix/routes/{route_id}", response={200: MatrixOut, **errors(*READ)}, url_name="agreement-matrix"
)
def matrix_detail(request: HttpRequest, route_id: int = RouteId) -> MatrixOut:
    """The route's responsibility matrix, as every party of the route sees it."""
    return matrix_out(matrix_route_get(request.user, route_id))


@router.post(
    "/agreements/matrix/routes/{route_id}/cells",
    response={200: MatrixOut, **errors(*WRITE)},
    url_name="agreement-matrix-cells",
)
def matrix_cell_update(request: HttpRequest, payload: CellIn, route_id: int = RouteId) -> MatrixOut:
    """Set what a party does for a task (R, A, C or I), or clear it with null; answers the whole matrix. A task
    or a column of another route: 404."""
    route = matrix_route_get(request.user, route_id)
    require_perm(request.user, "agreements.change_matrix", route)
    task = task_get(route=route, pk=payload.task)
    party = party_get(route=route, pk=payload.party)
    try:
        matrix_cell_set(by=request.user, route=route, task=task, party=party, value=payload.value)
    except ValidationError as exc:
        raise invalid(exc) from exc
    return matrix_out(route)
