"""The board and the contact panel are cached parts (core.parts): what a colleague changes shows on the next
request, and nobody gets a part rendered for another reach."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from verbinder.outreach.services.interactions import interaction_log
from verbinder.outreach.services.pipeline import stage_move

pytestmark = pytest.mark.django_db


def test_a_colleagues_move_shows_on_the_next_board(world):
    url = reverse("outreach:board", args=[world.route.pk])
    teacher = world.client_for("teacher")
    for _ in range(2):
        teacher.get(url)
    stage_move(route=world.route, organisation=world.company, to_stage="hosting", by=world.users["coordinator"])
    html = teacher.get(url).content.decode()
    column = html.split('data-stage="hosting"', 1)[1].split("</section>", 1)[0]
    assert f'id="card-{world.company.pk}"' in column


def test_the_board_of_a_teacher_has_no_move_controls_after_a_coordinator_saw_it(world):
    url = reverse("outreach:board", args=[world.route.pk])
    coordinator = world.client_for("coordinator")
    for _ in range(2):
        assert 'class="move-form"' in coordinator.get(url).content.decode()
    assert 'class="move-form"' not in world.client_for("teacher").get(url).content.decode()


def test_a_new_contact_moment_shows_on_the_next_panel(world):
    url = reverse("outreach:organisation-contact", args=[world.company.pk])
    teacher = world.client_for("teacher")
    for _ in range(2):
        teacher.get(url)
    interaction_log(
        by=world.users["coordinator"], route=world.route, organisation=world.company, kind="visit",
        occurred_on=timezone.localdate(), people=[], colleagues=[], notes="Rondleiding in de werkplaats.",
    )  # fmt: skip
    assert "Rondleiding in de werkplaats." in teacher.get(url).content.decode()
