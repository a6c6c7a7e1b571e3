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


def test_matrix_cells_set_is_all_or_nothing(world):
    aw = agreement_world(world)
    student = MatrixParty.objects.create(route=world.route, kind=MatrixPartyKind.STUDENT, label="Student", position=2)
    by = world.users["coordinator"]

    with pytest.raises(ValidationError):
        services.matrix_cells_set(
            by=by, route=world.route, cells=[(aw.task, student, "R", ""), (aw.task, aw.party, "Z", "A")]
        )
    assert not MatrixCell.objects.filter(party=student).exists()
    with pytest.raises(StaleVersionError) as caught:
        services.matrix_cells_set(
            by=by, route=world.route, cells=[(aw.task, student, "R", ""), (aw.task, aw.party, "R", "C")]
        )
    assert caught.value.changed == ["Werving / Opleiding"]
    assert not MatrixCell.objects.filter(party=student).exists()
    assert services.matrix_cells_set(by=by, route=world.route, cells=[(aw.task, student, "R", "")]) == 1


def test_matrix_task_add_update_move_remove(world):
    agreement_world(world)
    by = world.users["coordinator"]

    added = services.matrix_task_add(by=by, route=world.route, name="  Evaluatie  ", description="Jaarlijks")
    assert (added.name, added.position) == ("Evaluatie", 2)
    renamed = services.matrix_task_update(by=by, task=added, name="Evaluatie en afsluiting", description="")
    assert renamed.name == "Evaluatie en afsluiting" and renamed.description == ""
    moved = services.matrix_task_move(by=by, task=added, direction="up")
    assert moved.position == 1
    assert list(MatrixTask.objects.filter(route=world.route).values_list("name", flat=True)) == [
        "Evaluatie en afsluiting",
        "Werving",
    ]
    services.matrix_task_move(by=by, task=added, direction="up")  # at the top: nothing changes
    services.matrix_task_remove(by=by, task=added)
    assert list(MatrixTask.objects.filter(route=world.route).values_list("name", "position")) == [("Werving", 1)]
    actions = list(
        ActivityLog.objects.filter(action_type__startswith="agreements.matrix.")
        .order_by("pk")
        .values_list("action_type", flat=True)
    )
    assert actions == [
        "agreements.matrix.task_added",
        "agreements.matrix.task_updated",
        "agreements.matrix.task_moved",
        "agreements.matrix.task_removed",
    ]


@pytest.mark.parametrize(
    ("name", "description", "field", "code"),
    [
        ("", "", "name", "required"),
        ("x" * 201, "", "name", "max_length"),
        ("Taak", "y" * 501, "description", "max_length"),
        ("werving", "", "name", "duplicate"),
    ],
)
def test_matrix_task_add_refuses_bad_input(world, name, description, field, code):
    agreement_world(world)
    with pytest.raises(ValidationError) as caught:
        services.matrix_task_add(by=world.users["coordinator"], route=world.route, name=name, description=description)
    assert [error.code for error in caught.value.error_dict[field]] == [code]
    assert MatrixTask.objects.filter(route=world.route).count() == 1


def test_matrix_task_update_refuses_a_stale_rename(world):
    aw = agreement_world(world)
    MatrixTask.objects.filter(pk=aw.task.pk).update(description="Nieuw")
    with pytest.raises(StaleVersionError) as caught:
        services.matrix_task_update(
            by=world.users["coordinator"], task=aw.task, name="Anders", was={"name": "Werving", "description": ""}
        )
    assert caught.value.changed == ["description"]
    aw.task.refresh_from_db()
    assert aw.task.name == "Werving"


def test_matrix_task_move_refuses_another_direction(world):
    aw = agreement_world(world)
    with pytest.raises(ValidationError) as caught:
        services.matrix_task_move(by=world.users["coordinator"], task=aw.task, direction="left")
    assert caught.value.code == "invalid_direction"


def test_matrix_party_add_and_remove(world):
    aw = agreement_world(world)
    by = world.users["coordinator"]

    party = services.matrix_party_add(by=by, route=world.route, label="Gemeente")
    assert (party.kind, party.organisation_id, party.position) == (MatrixPartyKind.PARTNER, None, 2)
    province = services.matrix_party_add(by=by, route=world.route, label="Provincie")  # as many as needed
    assert (province.kind, province.position) == (MatrixPartyKind.PARTNER, 3)
    with pytest.raises(ValidationError) as caught:
        services.matrix_party_add(by=by, route=world.route, label="opleiding", kind=MatrixPartyKind.BRANCH_ASSOCIATION)
    assert caught.value.error_dict["label"][0].code == "duplicate"
    with pytest.raises(ValidationError) as caught:
        services.matrix_party_add(by=by, route=world.route, label="X", kind=MatrixPartyKind.SCHOOL)
    assert caught.value.error_dict["kind"][0].code == "invalid"

    services.matrix_party_remove(by=by, party=party)
    assert not MatrixParty.objects.filter(pk=party.pk).exists()
    with pytest.raises(ValidationError) as caught:
        services.matrix_party_remove(by=by, party=aw.party)
    assert caught.value.code == "standard_party"
    assert MatrixCell.objects.filter(party=aw.party).exists()


def test_a_partner_joining_a_route_with_a_matrix_gets_a_column(world):
    agreement_world(world)
    gemeente = OrganisationFactory(name="Gemeente Deventer", kind=OrganisationKind.MUNICIPALITY)

    partnership = Partnership.objects.create(route=world.route, organisation=gemeente)

    column = MatrixParty.objects.get(route=world.route, organisation=gemeente)
    assert column.kind == MatrixPartyKind.PARTNER and column.label == "Gemeente Deventer"
    assert ActivityLog.objects.filter(action_type="agreements.matrix.party_added", object_id=world.route.pk).exists()
    task = MatrixTask.objects.get(route=world.route)
    MatrixCell.objects.create(task=task, party=column, value="I")

    partnership.delete()

    assert not MatrixParty.objects.filter(organisation=gemeente).exists()
    assert not MatrixCell.objects.filter(party_id=column.pk).exists()


def test_a_branch_association_gets_a_branch_column_and_a_company_none(world):
    agreement_world(world)
    branch = OrganisationFactory(
        name="Koninklijke Metaalunie", kind=OrganisationKind.BRANCH_ASSOCIATION, routes=[world.route]
    )
    company = OrganisationFactory(kind=OrganisationKind.COMPANY, routes=[world.route])

    assert MatrixParty.objects.get(organisation=branch).kind == MatrixPartyKind.BRANCH_ASSOCIATION
    assert not MatrixParty.objects.filter(organisation=company).exists()


def test_a_partner_joining_a_route_without_a_matrix_waits_for_it(world):
    route = RouteFactory()
    gemeente = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, routes=[route])
    assert not MatrixParty.objects.filter(route=route).exists()

    services.matrix_ensure(route=route)

    assert MatrixParty.objects.filter(route=route, organisation=gemeente).exists()


def test_a_partner_leaving_through_the_registry_takes_its_column(world):
    from verbinder.partners.services import organisation_unlink_route

    services.matrix_ensure(route=world.route)
    assert MatrixParty.objects.filter(organisation=world.branch).exists()

    organisation_unlink_route(by=world.users["coordinator"], organisation=world.branch, route=world.route)

    assert not MatrixParty.objects.filter(organisation=world.branch).exists()
