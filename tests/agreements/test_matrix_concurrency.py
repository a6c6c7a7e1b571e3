"""Two coordinators edit the same matrix at the same moment: two new tasks get two positions; two changes of
one cell from the same page leave one winner and one StaleVersionError (no lost update). Real concurrent
transactions need PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from tests.factories import UserFactory, assign
from tests.factories.agreements import agreement_world
from verbinder.accounts.enums import Role
from verbinder.agreements.models import MatrixCell, MatrixTask
from verbinder.agreements.services import matrix as services
from verbinder.core.exceptions import StaleVersionError

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls: Callable[[], Any]) -> list[BaseException]:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            call()
        except BaseException as exc:  # noqa: BLE001 - the thread reports any outcome to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite's test database is one in-memory file)")


def test_two_tasks_added_at_once_get_two_positions(world, postgresql):
    agreement_world(world)
    second = assign(UserFactory(), Role.COORDINATOR, route=world.route)

    errors = at_once(
        lambda: services.matrix_task_add(by=world.users["coordinator"], route=world.route, name="Evaluatie"),
        lambda: services.matrix_task_add(by=second, route=world.route, name="Afsluiting"),
    )

    assert errors == []
    positions = sorted(MatrixTask.objects.filter(route=world.route).values_list("position", flat=True))
    assert positions == [1, 2, 3]


def test_one_cell_changed_twice_from_the_same_page_has_one_winner(world, postgresql):
    aw = agreement_world(world)
    second = assign(UserFactory(), Role.COORDINATOR, route=world.route)

    def change(by: Any, value: str) -> Callable[[], Any]:
        return lambda: services.matrix_cell_set(
            by=by, route=world.route, task=aw.task, party=aw.party, value=value, was="A"
        )

    errors = at_once(change(world.users["coordinator"], "R"), change(second, "C"))

    assert len(errors) == 1 and isinstance(errors[0], StaleVersionError)
    assert MatrixCell.objects.get(task=aw.task, party=aw.party).value in {"R", "C"}
