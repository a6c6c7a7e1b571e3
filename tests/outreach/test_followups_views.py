"""My follow-ups (due, overdue, done), done with one click (HTMX or a plain form), new and changed follow-ups."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories.outreach import FollowUpFactory
from verbinder.outreach.models import FollowUp

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def mine(world: World, persona: str = "teacher", **kwargs) -> FollowUp:
    return FollowUpFactory(route=world.route, organisation=world.company, assignee=world.users[persona], **kwargs)


def listed(response) -> list[int]:
    return [follow_up.pk for follow_up in response.context["page"].object_list]


def test_my_follow_ups_in_three_tabs(world: World) -> None:
    due_today = mine(world, due_on=today())
    due_later = mine(world, due_on=today() + datetime.timedelta(days=4))
    overdue = mine(world, due_on=today() - datetime.timedelta(days=2))
    done = mine(world, due_on=today() - datetime.timedelta(days=9), done_at=timezone.now())
    mine(world, "coordinator")  # someone else's
    client = world.client_for("teacher")
    url = reverse("outreach:my-follow-ups")

    assert listed(client.get(url)) == [due_today.pk, due_later.pk]
    assert listed(client.get(url + "?status=due")) == [due_today.pk, due_later.pk]
    assert listed(client.get(url + "?status=overdue")) == [overdue.pk]
    assert listed(client.get(url + "?status=done")) == [done.pk]
    assert listed(client.get(url + "?status=nonsense")) == [due_today.pk, due_later.pk]
    response = client.get(url + "?status=overdue")
    assert response.context["counts"] == {"due": 2, "overdue": 1, "done": 1}
    assert 'data-status="overdue" aria-current="page"' in response.content.decode()


def test_follow_ups_of_a_route_the_user_left_are_not_shown(world: World) -> None:
    FollowUpFactory(route=world.other_route, organisation=world.other_company, assignee=world.users["teacher"])

    assert listed(world.client_for("teacher").get(reverse("outreach:my-follow-ups"))) == []


def test_done_with_one_click_without_javascript_returns_to_the_list(world: World) -> None:
    follow_up = mine(world)
    back = reverse("outreach:my-follow-ups") + "?status=due"

    response = world.client_for("teacher").post(reverse("outreach:follow-up-done", args=[follow_up.pk]), {"next": back})

    assert response.status_code == 302 and response["Location"] == back
    follow_up.refresh_from_db()
    assert follow_up.done_by == world.users["teacher"]


def test_done_with_htmx_answers_with_the_row(world: World) -> None:
    follow_up = mine(world)

    response = world.client_for("teacher").post(
        reverse("outreach:follow-up-done", args=[follow_up.pk]),
        {"show_organisation": "1"},
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tr id="follow-up-{follow_up.pk}"')
    assert reverse("outreach:follow-up-reopen", args=[follow_up.pk]) in body
    assert reverse("partners:organisation-detail", args=[world.company.pk]) in body


def test_reopen(world: World) -> None:
    follow_up = mine(world, done_at=timezone.now())

    world.client_for("teacher").post(reverse("outreach:follow-up-reopen", args=[follow_up.pk]))

    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_teacher_may_not_close_a_colleagues_follow_up_but_the_coordinator_may(world: World) -> None:
    follow_up = mine(world, "coordinator")
    url = reverse("outreach:follow-up-done", args=[follow_up.pk])

    assert world.client_for("teacher").post(url).status_code == 403
    teachers = mine(world, "teacher")
    assert (
        world.client_for("coordinator").post(reverse("outreach:follow-up-done", args=[teachers.pk])).status_code == 302
    )


def test_create_refuses_a_due_date_in_the_past_and_keeps_the_input(world: World) -> None:
    data = {
        "organisation": world.company.pk,
        "route": world.route.pk,
        "description": "Offerte <b>sturen</b>",
        "assignee": world.users["teacher"].pk,
        "due_on": (today() - datetime.timedelta(days=1)).isoformat(),
    }

    response = world.client_for("coordinator").post(reverse("outreach:follow-up-create"), data)

    assert response.status_code == 200
    assert "due_on" in response.context["form"].errors
    assert "Offerte &lt;b&gt;sturen&lt;/b&gt;" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_create_and_reassign(world: World) -> None:
    data = {
        "organisation": world.company.pk,
        "route": world.route.pk,
        "description": "Offerte sturen",
        "assignee": world.users["teacher"].pk,
        "due_on": today().isoformat(),
    }
    client = world.client_for("coordinator")

    assert client.post(reverse("outreach:follow-up-create"), data).status_code == 302
    follow_up = FollowUp.objects.get()
    edit = {"description": "Offerte sturen", "assignee": world.users["coordinator"].pk, "due_on": data["due_on"]}
    assert client.post(reverse("outreach:follow-up-edit", args=[follow_up.pk]), edit).status_code == 302

    follow_up.refresh_from_db()
    assert follow_up.assignee == world.users["coordinator"]


def test_reassign_to_someone_outside_the_route_is_refused(world: World) -> None:
    follow_up = mine(world)
    edit = {"description": "X", "assignee": world.users["other_coordinator"].pk, "due_on": today().isoformat()}

    response = world.client_for("teacher").post(reverse("outreach:follow-up-edit", args=[follow_up.pk]), edit)

    assert response.status_code == 200
    assert "assignee" in response.context["form"].errors


def test_panel_lists_open_follow_ups_with_done_buttons_for_the_allowed(world: World) -> None:
    teachers = mine(world, "teacher")
    coordinators = mine(world, "coordinator")
    mine(world, "teacher", done_at=timezone.now(), description="Al gedaan")

    body = (
        world.client_for("teacher")
        .get(reverse("outreach:organisation-contact", args=[world.company.pk]))
        .content.decode()
    )

    assert f'id="follow-up-{teachers.pk}"' in body and f'id="follow-up-{coordinators.pk}"' in body
    assert reverse("outreach:follow-up-done", args=[teachers.pk]) in body
    assert reverse("outreach:follow-up-done", args=[coordinators.pk]) not in body
    assert "Al gedaan" not in body
