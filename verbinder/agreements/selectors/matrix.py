"""Reads of a route's responsibility matrix. Staff of the route and every party of it read the matrix
(`party_route_condition`); outside that, 404. The snapshot is what an agreement freezes as its appendix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from verbinder.accounts.scope import scope_for
from verbinder.agreements.models import MatrixCell, MatrixParty, MatrixTask, party_route_condition
from verbinder.partners.models import Route


def route_get(*, user: Any, pk: int) -> Route:
    """A route whose matrix the user may read (staff of it, or a party of it; an administrator any); else 404."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        raise Http404
    routes = Route.objects.all()
    if not scope_for(user).is_admin:
        routes = routes.filter(party_route_condition(user, "pk"))
    return get_object_or_404(routes, pk=pk)


def task_get(*, route: Route, pk: Any) -> MatrixTask:
    """A task of this route's matrix; else 404 (a task of another route is never reached through this route)."""
    return get_object_or_404(MatrixTask.objects.filter(route=route), pk=_int(pk))


def party_get(*, route: Route, pk: Any) -> MatrixParty:
    """A column of this route's matrix; else 404."""
    return get_object_or_404(MatrixParty.objects.filter(route=route), pk=_int(pk))


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@dataclass
class MatrixRow:
    task: MatrixTask
    cells: list[tuple[MatrixParty, str]] = field(default_factory=list)
    first: bool = False
    last: bool = False


@dataclass
class Matrix:
    route: Route
    parties: list[MatrixParty]
    rows: list[MatrixRow]

    @property
    def empty(self) -> bool:
        return not self.parties and not self.rows


def matrix_get(route: Route) -> Matrix:
    """The route's tasks (in order), columns (in order) and every cell's value ("" when empty): three queries."""
    tasks = list(MatrixTask.objects.filter(route=route).order_by("position", "pk"))
    parties = list(MatrixParty.objects.filter(route=route).order_by("position", "pk"))
    values = {
        (task_id, party_id): value
        for task_id, party_id, value in MatrixCell.objects.filter(task__route=route).values_list(
            "task_id", "party_id", "value"
        )
    }
    rows = [
        MatrixRow(
            task=task,
            cells=[(party, values.get((task.pk, party.pk), "")) for party in parties],
            first=index == 0,
            last=index == len(tasks) - 1,
        )
        for index, task in enumerate(tasks)
    ]
    return Matrix(route=route, parties=parties, rows=rows)


def staff_view(*, user: Any, route: Route) -> bool:
    """Whether the user reads the matrix as staff of the route (names of routes and organisations shown)."""
    scope = scope_for(user)
    return bool(scope.is_admin or route.pk in scope.staff_route_ids)


def labels_for_party(matrix: Matrix, *, user: Any) -> None:
    """For a party of the route (not staff): a partner organisation's column is named by its kind, unless the
    user belongs to that organisation, as external users never see which other organisations take part (the
    permission matrix's leak probe). Changes the labels of the loaded columns only, never the rows."""
    own = scope_for(user).organisation_ids
    for party in matrix.parties:
        if party.organisation_id is not None and party.organisation_id not in own:
            party.label = str(party.get_kind_display())


def cell_value(*, task: MatrixTask, party: MatrixParty) -> str:
    """One cell's value, "" when empty."""
    return MatrixCell.objects.filter(task=task, party=party).values_list("value", flat=True).first() or ""


def matrix_snapshot(route: Route) -> dict[str, Any]:
    """The matrix as plain data (frozen into an agreement's content): three queries.
    {"parties": [label, ...], "rows": [{"task": name, "description": text, "cells": ["R"|"A"|"C"|"I"|"", ...]}]}"""
    return snapshot_of(matrix_get(route))


def snapshot_of(matrix: Matrix) -> dict[str, Any]:
    """A loaded matrix as plain data (see matrix_snapshot)."""
    return {
        "parties": [party.label for party in matrix.parties],
        "rows": [
            {"task": row.task.name, "description": row.task.description, "cells": [value for _p, value in row.cells]}
            for row in matrix.rows
        ],
    }
