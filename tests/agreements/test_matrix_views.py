"""The responsibility matrix pages per role: coordinators edit (HTMX and plain forms), every party of the route
reads, outsiders get 404; bad input changes nothing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.factories.agreements import agreement_world
from verbinder.agreements.enums import MatrixPartyKind
from verbinder.agreements.models import MatrixCell, MatrixParty, MatrixTask
from verbinder.agreements.services.matrix import DEFAULT_TASKS, matrix_ensure
from verbinder.core.models import ActivityLog

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def matrix(world):
    """Route A with the standard matrix (task: its first task, party: the programme's column, holding "A"),
    route B with one task (other_task)."""
    aw = agreement_world(world)
    MatrixTask.objects.filter(route=world.route).delete()
    MatrixParty.objects.filter(route=world.route).delete()
    matrix_ensure(route=world.route)
    return SimpleNamespace(
        task=MatrixTask.objects.filter(route=world.route).order_by("position").first(),
        party=MatrixParty.objects.get(route=world.route, kind=MatrixPartyKind.SCHOOL),
        other_task=aw.other_task,
    )


def page(world):
    return reverse("agreements:matrix", args=[world.route.pk])


def cells(world):
    return reverse("agreements:matrix-cells", args=[world.route.pk])


def school(world) -> MatrixParty:
    return MatrixParty.objects.get(route=world.route, kind=MatrixPartyKind.SCHOOL, organisation=None)


def test_the_coordinator_edits_every_cell_with_a_labelled_select(world, matrix):
    response = world.client_for("coordinator").get(page(world))

    assert response.status_code == 200
    body = response.content.decode()
    task, party = matrix.task, matrix.party
    assert f'<label for="cell-{task.pk}-{party.pk}-value"' in body
    assert f'id="cell-{task.pk}-{party.pk}-value" name="cell-{task.pk}-{party.pk}"' in body
    assert 'id="matrix-cells-form"' in body and 'id="matrix-legend"' in body
    assert '<th scope="col"' in body and '<th scope="row"' in body and '<caption id="matrix-caption">' in body
    assert 'role="region"' not in body  # the selects in it take the keyboard there
    assert reverse("agreements:matrix-pdf", args=[world.route.pk]) in body
    columns = MatrixParty.objects.filter(route=world.route).count()
    assert body.count('<select id="cell-') == MatrixTask.objects.filter(route=world.route).count() * columns


@pytest.mark.parametrize(
    "persona", ["teacher", "company_contact", "workplace_supervisor", "student", "partner_contact"]
)
def test_every_party_of_the_route_reads_the_matrix_without_editing(world, matrix, persona):
    response = world.client_for(persona).get(page(world))

    assert response.status_code == 200
    body = response.content.decode()
    assert "<select" not in body and "matrix-cells-form" not in body and "matrix-task-add" not in body
    assert DEFAULT_TASKS[0][0] in body and 'id="matrix-legend"' in body
    # Without a select in it, the table's scrolling box (on a phone) is reached with the keyboard itself.
    assert 'tabindex="0" role="region" aria-labelledby="matrix-caption"' in body


@pytest.mark.parametrize("persona", ["other_coordinator", "other_company_contact"])
def test_outsiders_get_404(world, matrix, persona):
    assert world.client_for(persona).get(page(world)).status_code == 404
    assert world.client_for(persona).get(reverse("agreements:matrix-pdf", args=[world.route.pk])).status_code == 404


def test_anonymous_goes_to_the_login(world, matrix):
    response = world.client_for("anonymous").get(page(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_external_parties_see_other_organisations_columns_by_kind_only(world, matrix):
    company_view = world.client_for("company_contact").get(page(world)).content.decode()
    partner_view = world.client_for("partner_contact").get(page(world)).content.decode()
    staff_view = world.client_for("teacher").get(page(world)).content.decode()

    assert world.branch.name not in company_view and world.route.programme_name not in company_view
    assert world.branch.name in partner_view
    assert world.branch.name in staff_view and world.route.programme_name in staff_view


def test_a_cell_saves_by_htmx_and_returns_the_cell(world, matrix):
    task, party = matrix.task, matrix.party
    response = world.client_for("coordinator").post(
        cells(world), {f"cell-{task.pk}-{party.pk}": "C", f"was-{task.pk}-{party.pk}": "A"}, **HTMX
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith(f'<td id="cell-{task.pk}-{party.pk}" data-value="C">')
    assert '<option value="C" selected>' in body and "<html" not in body
    assert MatrixCell.objects.get(task=task, party=party).value == "C"
    entry = ActivityLog.objects.get(action_type="agreements.matrix.cell_set")
    assert entry.actor == world.users["coordinator"] and entry.changes == {"value": ["A", "C"]}


def test_the_whole_table_saves_without_javascript(world, matrix):
    task, party = matrix.task, matrix.party
    student = MatrixParty.objects.get(route=world.route, kind=MatrixPartyKind.STUDENT)
    response = world.client_for("coordinator").post(
        cells(world),
        {
            f"cell-{task.pk}-{party.pk}": "A",  # unchanged
            f"was-{task.pk}-{party.pk}": "A",
            f"cell-{task.pk}-{student.pk}": "I",
            f"was-{task.pk}-{student.pk}": "",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == page(world) + "#matrix-editor"
    assert MatrixCell.objects.get(task=task, party=student).value == "I"
    assert ActivityLog.objects.filter(action_type="agreements.matrix.cell_set").count() == 1


def test_clearing_a_cell_removes_it(world, matrix):
    task, party = matrix.task, matrix.party
    response = world.client_for("coordinator").post(
        cells(world), {f"cell-{task.pk}-{party.pk}": "", f"was-{task.pk}-{party.pk}": "A"}, **HTMX
    )
    assert response.status_code == 200 and 'data-value=""' in response.content.decode()
    assert not MatrixCell.objects.filter(task=task, party=party).exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_an_unknown_value_changes_nothing(world, matrix, htmx):
    task, party = matrix.task, matrix.party
    student = MatrixParty.objects.get(route=world.route, kind=MatrixPartyKind.STUDENT)
    data = {f"cell-{task.pk}-{party.pk}": "X", f"was-{task.pk}-{party.pk}": "A"}
    if not htmx:
        data |= {f"cell-{task.pk}-{student.pk}": "R", f"was-{task.pk}-{student.pk}": ""}
    response = world.client_for("coordinator").post(cells(world), data, **(HTMX if htmx else {}))

    assert response.status_code == (200 if htmx else 422)
    assert 'role="alert"' in response.content.decode()
    assert MatrixCell.objects.get(task=task, party=party).value == "A"
    assert not MatrixCell.objects.filter(task=task, party=student).exists()
    assert not ActivityLog.objects.filter(action_type="agreements.matrix.cell_set").exists()


def test_a_task_of_another_route_changes_nothing(world, matrix):
    other, party = matrix.other_task, matrix.party
    response = world.client_for("coordinator").post(
        cells(world), {f"cell-{other.pk}-{party.pk}": "R", f"was-{other.pk}-{party.pk}": ""}
    )
    assert response.status_code == 422
    assert 'id="matrix-cells-error"' in response.content.decode()
    assert not MatrixCell.objects.filter(task=other).exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_a_stale_cell_is_not_overwritten(world, matrix, htmx):
    task, party = matrix.task, matrix.party
    MatrixCell.objects.filter(task=task, party=party).update(value="I")  # someone else, after the page was read
    response = world.client_for("coordinator").post(
        cells(world), {f"cell-{task.pk}-{party.pk}": "R", f"was-{task.pk}-{party.pk}": "A"}, **(HTMX if htmx else {})
    )

    assert response.status_code == (200 if htmx else 422)
    body = response.content.decode()
    assert 'role="alert"' in body
    if htmx:
        assert f'<td id="cell-{task.pk}-{party.pk}" data-value="I">' in body
    assert MatrixCell.objects.get(task=task, party=party).value == "I"


def test_a_teacher_may_not_save_a_cell(world, matrix):
    task, party = matrix.task, matrix.party
    response = world.client_for("teacher").post(cells(world), {f"cell-{task.pk}-{party.pk}": "R"})
    assert response.status_code == 403
    assert MatrixCell.objects.get(task=task, party=party).value == "A"


def test_a_task_is_added_by_htmx_and_plain(world, matrix):
    url = reverse("agreements:matrix-task-add", args=[world.route.pk])
    client = world.client_for("coordinator")

    response = client.post(url, {"name": "Evaluatie", "description": "Jaarlijks met alle partijen."}, **HTMX)
    assert response.status_code == 200 and response.content.decode().lstrip().startswith('<section id="matrix-editor"')
    added = MatrixTask.objects.get(route=world.route, name="Evaluatie")
    assert added.position == MatrixTask.objects.filter(route=world.route).count()

    response = client.post(url, {"name": "Afsluiting", "description": ""})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#task-{MatrixTask.objects.get(name='Afsluiting').pk}")


@pytest.mark.parametrize("htmx", [False, True])
def test_a_task_without_a_name_is_refused(world, matrix, htmx):
    count = MatrixTask.objects.count()
    response = world.client_for("coordinator").post(
        reverse("agreements:matrix-task-add", args=[world.route.pk]),
        {"name": "   ", "description": "x"},
        **(HTMX if htmx else {}),
    )
    assert response.status_code == (200 if htmx else 422)
    assert 'id="task-new-name_error"' in response.content.decode()
    assert MatrixTask.objects.count() == count


def test_a_task_is_renamed_on_its_page(world, matrix):
    url = reverse("agreements:matrix-task-edit", args=[matrix.task.pk])
    client = world.client_for("coordinator")
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "name": "Werving en voorlichting",
            "description": "Open dagen",
            "was_name": DEFAULT_TASKS[0][0],
            "was_description": DEFAULT_TASKS[0][1],
        },
    )

    assert response.status_code == 302
    matrix.task.refresh_from_db()
    assert (matrix.task.name, matrix.task.description) == ("Werving en voorlichting", "Open dagen")
    entry = ActivityLog.objects.get(action_type="agreements.matrix.task_updated")
    assert entry.changes["name"] == [DEFAULT_TASKS[0][0], "Werving en voorlichting"]


def test_a_stale_rename_is_refused(world, matrix):
    MatrixTask.objects.filter(pk=matrix.task.pk).update(name="Werving (nieuw)")
    response = world.client_for("coordinator").post(
        reverse("agreements:matrix-task-edit", args=[matrix.task.pk]),
        {
            "name": "Mijn naam",
            "description": "",
            "was_name": DEFAULT_TASKS[0][0],
            "was_description": DEFAULT_TASKS[0][1],
        },
    )
    assert response.status_code == 422
    matrix.task.refresh_from_db()
    assert matrix.task.name == "Werving (nieuw)"


def test_tasks_move_and_are_removed_by_htmx(world, matrix):
    client = world.client_for("coordinator")
    first, second = MatrixTask.objects.filter(route=world.route).order_by("position")[:2]

    response = client.post(reverse("agreements:matrix-task-move", args=[first.pk]), {"direction": "down"}, **HTMX)
    assert response.status_code == 200
    assert list(MatrixTask.objects.filter(route=world.route).order_by("position")[:2]) == [second, first]

    response = client.post(reverse("agreements:matrix-task-remove", args=[first.pk]), **HTMX)
    assert response.status_code == 200
    assert not MatrixTask.objects.filter(pk=first.pk).exists()
    assert not MatrixCell.objects.filter(task_id=first.pk).exists()
    positions = list(MatrixTask.objects.filter(route=world.route).values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))


def test_a_bad_move_changes_nothing(world, matrix):
    before = list(MatrixTask.objects.filter(route=world.route).values_list("pk", flat=True))
    response = world.client_for("coordinator").post(
        reverse("agreements:matrix-task-move", args=[matrix.task.pk]), {"direction": "sideways"}
    )
    assert response.status_code == 302
    assert list(MatrixTask.objects.filter(route=world.route).values_list("pk", flat=True)) == before


def test_a_column_is_added_and_removed(world, matrix):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("agreements:matrix-party-add", args=[world.route.pk]), {"label": "Gemeente", "kind": "partner"}, **HTMX
    )
    assert response.status_code == 200
    column = MatrixParty.objects.get(route=world.route, label="Gemeente")
    assert column.kind == MatrixPartyKind.PARTNER and column.organisation is None

    response = client.post(reverse("agreements:matrix-party-remove", args=[column.pk]))
    assert response.status_code == 302
    assert not MatrixParty.objects.filter(pk=column.pk).exists()


def test_a_column_without_a_name_or_with_a_name_taken_is_refused(world, matrix):
    url = reverse("agreements:matrix-party-add", args=[world.route.pk])
    client = world.client_for("coordinator")
    assert client.post(url, {"label": "", "kind": "partner"}).status_code == 422
    assert client.post(url, {"label": "Gemeente", "kind": "partner"}).status_code == 302
    assert client.post(url, {"label": "Provincie", "kind": "partner"}).status_code == 302  # as many as needed
    response = client.post(url, {"label": "gemeente", "kind": "branch_association"})
    assert response.status_code == 422 and 'id="party-new-label_error"' in response.content.decode()
    assert MatrixParty.objects.filter(route=world.route, label__iexact="gemeente").count() == 1


def test_a_standard_column_is_not_removed(world, matrix):
    response = world.client_for("coordinator").post(reverse("agreements:matrix-party-remove", args=[school(world).pk]))
    assert response.status_code == 302
    assert MatrixParty.objects.filter(pk=school(world).pk).exists()


def test_a_route_without_a_matrix_is_set_up_by_the_coordinator(world):
    agreement_world(world)
    client = world.client_for("coordinator")
    url = page(world)
    MatrixTask.objects.filter(route=world.route).delete()
    MatrixParty.objects.filter(route=world.route).delete()
    body = client.get(url).content.decode()
    assert 'id="matrix-empty"' in body and 'id="matrix-start"' in body
    assert 'id="matrix-start"' not in world.client_for("student").get(url).content.decode()

    response = client.post(reverse("agreements:matrix-start", args=[world.route.pk]))

    assert response.status_code == 302
    assert MatrixTask.objects.filter(route=world.route).count() == len(DEFAULT_TASKS)


def test_the_route_page_links_to_the_matrix(world):
    response = world.client_for("coordinator").get(reverse("partners:route-detail", args=[world.route.pk]))
    assert 'id="route-matrix-link"' in response.content.decode()
    assert page(world) in response.content.decode()
