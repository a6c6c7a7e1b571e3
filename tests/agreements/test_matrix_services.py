"""The responsibility matrix's services: the standard matrix, cells, tasks, columns, partner columns."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrganisationFactory, RouteFactory
from tests.factories.agreements import agreement_world
from verbinder.agreements.enums import MatrixPartyKind
from verbinder.agreements.models import MatrixCell, MatrixParty, MatrixTask
from verbinder.agreements.selectors.matrix import matrix_snapshot
from verbinder.agreements.services import matrix as services
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.models import ActivityLog
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.models import Partnership

pytestmark = pytest.mark.django_db


def test_matrix_ensure_gives_the_standard_tasks_columns_and_values(world):
    by = world.users["coordinator"]

    services.matrix_ensure(route=world.route, by=by)

    snapshot = matrix_snapshot(world.route)
    assert [row["task"] for row in snapshot["rows"]] == [name for name, _d, _v in services.DEFAULT_TASKS]
    assert snapshot["parties"] == ["Opleiding", "Student", "Bedrijf", "Brancheclub Techniek"]
    recruitment = snapshot["rows"][0]["cells"]
    assert recruitment == ["A", "", "R", "C"]
    branch = MatrixParty.objects.get(route=world.route, organisation=world.branch)
    assert branch.kind == MatrixPartyKind.BRANCH_ASSOCIATION
    entry = ActivityLog.objects.get(action_type="agreements.matrix.created")
    assert entry.actor == by and entry.data == {"route": str(world.route), "route_id": world.route.pk}


def test_matrix_ensure_is_idempotent_and_adds_missing_partner_columns(world):
    services.matrix_ensure(route=world.route)
    counts = (MatrixTask.objects.count(), MatrixParty.objects.count(), MatrixCell.objects.count())
    services.matrix_ensure(route=world.route)
    assert (MatrixTask.objects.count(), MatrixParty.objects.count(), MatrixCell.objects.count()) == counts
    gemeente = OrganisationFactory(name="Gemeente Zwolle", kind=OrganisationKind.MUNICIPALITY)
    Partnership.objects.bulk_create([Partnership(route=world.route, organisation=gemeente)])  # no signal

    services.matrix_ensure(route=world.route)

    column = MatrixParty.objects.get(route=world.route, organisation=gemeente)
    assert column.kind == MatrixPartyKind.PARTNER and column.label == "Gemeente Zwolle"
    assert MatrixTask.objects.filter(route=world.route).count() == counts[0]


def test_matrix_ensure_leaves_companies_to_the_company_column(world):
    route = RouteFactory()
    company = OrganisationFactory(kind=OrganisationKind.COMPANY, routes=[route])

    services.matrix_ensure(route=route)

    assert not MatrixParty.objects.filter(organisation=company).exists()
    assert list(MatrixParty.objects.filter(route=route).values_list("kind", flat=True)) == [
        "school",
        "student",
        "company",
    ]


def test_matrix_cell_set_sets_changes_and_clears(world):
    aw = agreement_world(world)
    by = world.users["coordinator"]

    cell = services.matrix_cell_set(by=by, route=world.route, task=aw.task, party=aw.party, value="r")
    assert cell is not None and cell.value == "R"
    assert services.matrix_cell_set(by=by, route=world.route, task=aw.task, party=aw.party, value="") is None
    assert not MatrixCell.objects.filter(task=aw.task, party=aw.party).exists()
    again = services.matrix_cell_set(by=by, route=world.route, task=aw.task, party=aw.party, value="I")
    assert again is not None and again.value == "I"
    assert services.matrix_cell_set(by=by, route=world.route, task=aw.task, party=aw.party, value=None) is None

    entries = ActivityLog.objects.filter(action_type="agreements.matrix.cell_set").order_by("pk")
    assert [entry.changes["value"] for entry in entries] == [["A", "R"], ["R", None], [None, "I"], ["I", None]]
    assert entries[0].data["route_id"] == world.route.pk and entries[0].actor == by


@pytest.mark.parametrize("value", ["X", "RA", "-", "1"])
def test_matrix_cell_set_refuses_an_unknown_value(world, value):
    aw = agreement_world(world)
    with pytest.raises(ValidationError) as caught:
        services.matrix_cell_set(
            by=world.users["coordinator"], route=world.route, task=aw.task, party=aw.party, value=value
        )
    assert caught.value.code == "invalid_value"
    assert MatrixCell.objects.get(task=aw.task, party=aw.party).value == "A"


def test_matrix_cell_set_refuses_a_task_of_another_route(world):
    aw = agreement_world(world)
    with pytest.raises(ValidationError) as caught:
        services.matrix_cell_set(
            by=world.users["coordinator"], route=world.route, task=aw.other_task, party=aw.party, value="R"
        )
    assert caught.value.code == "other_route"
    assert not MatrixCell.objects.filter(task=aw.other_task).exists()


def test_matrix_cell_set_refuses_a_stale_cell(world):
    aw = agreement_world(world)
    with pytest.raises(StaleVersionError):
        services.matrix_cell_set(
            by=world.users["coordinator"], route=world.route, task=aw.task, party=aw.party, value="R", was=""
        )
    assert MatrixCell.objects.get(task=aw.task, party=aw.party).value == "A"
    cell = services.matrix_cell_set(
        by=world.users["coordinator"], route=world.route, task=aw.task, party=aw.party, value="R", was="A"
    )
    assert cell is not None and cell.value == "R"
