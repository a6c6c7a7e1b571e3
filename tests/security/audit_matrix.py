"""Audit expectations of the responsibility matrix's services, gathered into tests/security/test_audit.py's guard.

Each case runs as the route's coordinator on route A's matrix of `agreement_world` (one task "Werving", the
programme's column holding "A"); every entry is logged on the route. Columns and cells a case needs are made
directly, so that a case logs only what its own service writes.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from tests.conftest import World
from tests.factories import OrganisationFactory
from tests.factories.agreements import agreement_world
from verbinder.accounts.models import User
from verbinder.agreements.enums import MatrixPartyKind
from verbinder.agreements.models import MatrixParty, MatrixTask
from verbinder.agreements.services import matrix
from verbinder.partners.enums import OrganisationKind

MODULES: list[ModuleType] = [matrix]

NOT_WRITES: dict[str, str] = {
    "partner_kind": "pure: the column kind of a partner organisation (None for a company)",
}

Call = Callable[[World, User], Any]


def _task(w: World) -> MatrixTask:
    return agreement_world(w).task


def _route(w: World) -> Any:
    """Route A with agreement_world's matrix."""
    agreement_world(w)
    return w.route


def _second_task(w: World) -> MatrixTask:
    _task(w)
    return MatrixTask.objects.create(route=w.route, name="Evaluatie", position=2)


def _column(w: World) -> MatrixParty:
    agreement_world(w)
    return MatrixParty.objects.create(route=w.route, kind=MatrixPartyKind.PARTNER, label="Eigen kolom", position=5)


def _branch_column(w: World) -> MatrixParty:
    agreement_world(w)
    return MatrixParty.objects.create(
        route=w.route, kind=MatrixPartyKind.BRANCH_ASSOCIATION, organisation=w.branch, label=w.branch.name, position=6
    )


CASES: dict[str, tuple[Call, set[str], Callable[[World], Any]]] = {
    "matrix_ensure": (
        lambda w, by: matrix.matrix_ensure(route=w.route, by=by),
        {"agreements.matrix.created"},
        lambda w: w.route,
    ),
    "matrix_cell_set": (
        lambda w, by: matrix.matrix_cell_set(
            by=by, route=w.route, task=_task(w), party=agreement_world(w).party, value="R"
        ),
        {"agreements.matrix.cell_set"},
        lambda w: w.route,
    ),
    "matrix_cells_set": (
        lambda w, by: matrix.matrix_cells_set(
            by=by, route=w.route, cells=[(_task(w), agreement_world(w).party, "C", "A")]
        ),
        {"agreements.matrix.cell_set"},
        lambda w: w.route,
    ),
    "matrix_task_add": (
        lambda w, by: matrix.matrix_task_add(by=by, route=_route(w), name="Evaluatie"),
        {"agreements.matrix.task_added"},
        lambda w: w.route,
    ),
    "matrix_task_update": (
        lambda w, by: matrix.matrix_task_update(by=by, task=_task(w), name="Werving en voorlichting"),
        {"agreements.matrix.task_updated"},
        lambda w: w.route,
    ),
    "matrix_task_remove": (
        lambda w, by: matrix.matrix_task_remove(by=by, task=_task(w)),
        {"agreements.matrix.task_removed"},
        lambda w: w.route,
    ),
    "matrix_task_move": (
        lambda w, by: (
            matrix.matrix_task_move(
                by=by, task=MatrixTask.objects.create(route=w.route, name="Evaluatie", position=2), direction="up"
            )
            if _task(w)
            else None
        ),
        {"agreements.matrix.task_moved"},
        lambda w: w.route,
    ),
    "matrix_party_add": (
        lambda w, by: matrix.matrix_party_add(by=by, route=_route(w), label="Gemeente"),
        {"agreements.matrix.party_added"},
        lambda w: w.route,
    ),
    "matrix_party_remove": (
        lambda w, by: matrix.matrix_party_remove(by=by, party=_column(w)),
        {"agreements.matrix.party_removed"},
        lambda w: w.route,
    ),
    "matrix_partner_join": (
        lambda w, by: matrix.matrix_partner_join(
            route=_route(w),
            organisation=OrganisationFactory(name="Gemeente Deventer", kind=OrganisationKind.MUNICIPALITY),
            by=by,
        ),
        {"agreements.matrix.party_added"},
        lambda w: w.route,
    ),
    "matrix_partner_leave": (
        lambda w, by: matrix.matrix_partner_leave(route=_branch_column(w).route, organisation=w.branch, by=by),
        {"agreements.matrix.party_removed"},
        lambda w: w.route,
    ),
}
