"""The responsibility matrix in a real browser (CSP on, axe on every page): the coordinator sets up the standard
matrix, changes a cell (HTMX saves it on change, the page stays), adds and moves a task, and a student reads the
matrix without editing it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import UI
from verbinder.agreements.enums import MatrixPartyKind
from verbinder.agreements.models import MatrixCell, MatrixParty, MatrixTask
from verbinder.agreements.services.matrix import DEFAULT_TASKS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_edits_and_the_student_reads(ui: UI, world, password):
    page = ui.page
    ui.login(world.users["coordinator"].email, password)
    ui.visit(reverse("agreements:matrix", args=[world.route.pk]))
    with ui.navigation():
        page.locator("#matrix-start button").click()
    expect(page.locator("#matrix-table tbody tr")).to_have_count(len(DEFAULT_TASKS))
    ui.check()

    # A cell saves on change (HTMX): the page stays, the database has it.
    first = MatrixTask.objects.filter(route=world.route).order_by("position").first()
    student = MatrixParty.objects.get(route=world.route, kind=MatrixPartyKind.STUDENT)
    url_before = page.url
    page.get_by_label(f"{first.name}: {student.label}").select_option("I")
    expect(page.locator(f"#cell-{first.pk}-{student.pk}")).to_have_attribute("data-value", "I")
    assert page.url == url_before
    assert MatrixCell.objects.get(task=first, party=student).value == "I"

    # A task is added (HTMX) and moved up.
    page.locator("#matrix-task-add summary").click()
    page.locator("#task-new-name").fill("Evaluatie met alle partijen")
    page.locator("#matrix-task-add button[type=submit]").click()
    added = page.locator("#matrix-table tbody tr").last
    expect(added).to_contain_text("Evaluatie met alle partijen")
    task = MatrixTask.objects.get(route=world.route, name="Evaluatie met alle partijen")
    page.locator(f"#task-{task.pk} form[action$='/move/'] button").first.click()
    expect(page.locator("#matrix-table tbody tr").nth(len(DEFAULT_TASKS) - 1)).to_have_id(f"task-{task.pk}")
    ui.check()

    # The student reads the same matrix, without selects.
    page.context.clear_cookies()
    ui.login(world.users["student"].email, password)
    ui.visit(reverse("agreements:matrix", args=[world.route.pk]))
    expect(page.locator("#matrix-table")).to_be_visible()
    expect(page.locator("#matrix-table select")).to_have_count(0)
    expect(page.locator(f"#task-{first.pk} td").nth(1)).to_have_attribute("data-value", "I")
