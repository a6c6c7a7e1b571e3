"""Two colleagues move the same card at the same moment (SECURITY promise 11): one move wins, the other is refused
as stale, and the history holds the winner's move only. Real concurrent transactions need PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from verbinder.core.exceptions import StaleVersionError
from verbinder.outreach.enums import Stage
from verbinder.outreach.models import PipelineEntry, StageChange
from verbinder.outreach.services.pipeline import stage_move


def race(world, targets: list[str], version: int) -> tuple[list[str], list[BaseException]]:
    barrier = threading.Barrier(len(targets))
    moved: list[str] = []
    errors: list[BaseException] = []

    def run(to_stage: str) -> None:
        try:
            barrier.wait(timeout=10)
            stage_move(route=world.route, organisation=world.company, to_stage=to_stage,
                       by=world.users["coordinator"], version=version)  # fmt: skip
            moved.append(to_stage)
        except BaseException as exc:  # noqa: BLE001 - the thread reports any outcome to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return moved, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("existing", [False, True], ids=["first change", "entry exists"])
def test_two_colleagues_moving_the_same_card_at_once(world, existing):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite's test database is one in-memory file)")
    version = 1
    if existing:
        stage_move(route=world.route, organisation=world.company, to_stage=Stage.CONTACTED, by=None)
        version = 2
    moved, errors = race(world, [Stage.INTAKE_PLANNED, Stage.STOPPED], version)
    assert len(moved) == 1
    assert len(errors) == 1 and isinstance(errors[0], StaleVersionError)
    entry = PipelineEntry.objects.get(organisation=world.company)
    assert (entry.stage, entry.version) == (moved[0], version + 1)
    assert list(StageChange.objects.filter(entry=entry).values_list("to_stage", flat=True))[-1] == moved[0]
    assert StageChange.objects.filter(entry=entry, to_stage__in=[Stage.INTAKE_PLANNED, Stage.STOPPED]).count() == 1
