"""Setting a cell of a route's responsibility matrix through the API: coordinators of the route (and admins);
the other parties, who read the matrix, 403; outsiders 404. A task or a column of another route is 404; a value
other than R, A, C, I or null is 422; null clears the cell."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from tests.api.conftest import Personas
from tests.conftest import PERSONAS, World
from tests.factories.agreements import agreement_world
from verbinder.agreements.models import MatrixCell, MatrixParty
from verbinder.core.models import ActivityLog

pytestmark = pytest.mark.django_db

SET_A = {
    **dict.fromkeys(PERSONAS, 404),
    "admin": 200,
    "coordinator": 200,
    "teacher": 403,
    "company_contact": 403,
    "workplace_supervisor": 403,
    "student": 403,
    "partner_contact": 403,
    "anonymous": 401,
}


def path(route_id: int) -> str:
    return f"/agreements/matrix/routes/{route_id}/cells"


def cell(task: Any, party: Any, value: str | None) -> dict[str, Any]:
    return {"task": task.pk, "party": party.pk, "value": value}


def test_set_a_cell_as_every_persona(world: World, api: Personas) -> None:
    a = agreement_world(world)
    clients = {persona: api(persona) for persona in PERSONAS}
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            got[persona] = clients[persona].post(path(world.route.pk), cell(a.task, a.party, "R")).status
            transaction.set_rollback(True)
    assert got == SET_A


def test_set_change_and_clear_a_cell(world: World, api: Personas) -> None:
    a = agreement_world(world)
    column = MatrixParty.objects.create(route=world.route, kind="student", label="Student", position=2)
    client = api("coordinator")

    response = client.post(path(world.route.pk), cell(a.task, column, "C"))

    assert response.status == 200
    assert response.body["tasks"][0]["cells"] == [
        {"party": a.party.pk, "value": "A"},
        {"party": column.pk, "value": "C"},
    ]
    assert client.post(path(world.route.pk), cell(a.task, a.party, "R")).status == 200
    assert MatrixCell.objects.get(task=a.task, party=a.party).value == "R"
    cleared = client.post(path(world.route.pk), cell(a.task, a.party, None))
    assert cleared.body["tasks"][0]["cells"] == [{"party": column.pk, "value": "C"}]
    assert ActivityLog.objects.filter(data__route_id=world.route.pk).exists()


def test_a_task_or_column_of_another_route_is_404(world: World, api: Personas) -> None:
    a = agreement_world(world)
    other_column = MatrixParty.objects.create(route=world.other_route, kind="school", label="Opleiding", position=1)

    assert api("admin").post(path(world.route.pk), cell(a.other_task, a.party, "R")).status == 404
    assert api("admin").post(path(world.route.pk), cell(a.task, other_column, "R")).status == 404
    assert MatrixCell.objects.get(task=a.task, party=a.party).value == "A"


@pytest.mark.parametrize("value", ["X", "r", "", 1])
def test_a_value_other_than_raci_is_422(world: World, api: Personas, value: Any) -> None:
    a = agreement_world(world)

    response = api("coordinator").post(path(world.route.pk), {"task": a.task.pk, "party": a.party.pk, "value": value})

    assert response.status == 422
    assert MatrixCell.objects.get(task=a.task, party=a.party).value == "A"
