"""E-mail settings: a colleague turns the follow-up digest on and off; the change is logged."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from verbinder.accounts.services import user_set_follow_up_digest
from verbinder.core.models import ActivityLog

pytestmark = pytest.mark.django_db
URL = "/account/notifications/"


def test_url():
    assert reverse("accounts:notifications") == URL


def test_page_shows_the_current_choice(world):
    client = world.client_for("teacher")
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'name="follow_up_digest"' in html
    assert "checked" in html
    assert 'for="id_follow_up_digest"' in html


def test_turn_off_and_on_again(world):
    teacher = world.users["teacher"]
    client = world.client_for("teacher")

    response = client.post(URL, {})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.follow_up_digest is False
    page = client.get(URL).content.decode()
    assert "checked" not in page.split('name="follow_up_digest"')[1].split(">")[0]

    client.post(URL, {"follow_up_digest": "on"})
    teacher.refresh_from_db()
    assert teacher.follow_up_digest is True
    entries = ActivityLog.objects.filter(action_type="accounts.user.follow_up_digest_changed", object_id=teacher.pk)
    assert sorted(tuple(e.changes["follow_up_digest"]) for e in entries) == [(False, True), (True, False)]
    assert {e.actor_id for e in entries} == {teacher.pk}


def test_saving_the_same_choice_logs_nothing(world):
    teacher = world.users["teacher"]
    user_set_follow_up_digest(user=teacher, enabled=True)
    assert not ActivityLog.objects.filter(action_type="accounts.user.follow_up_digest_changed").exists()


def test_message_after_saving(world):
    client = world.client_for("coordinator")
    with translation.override("en"):
        response = client.post(URL, {}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == URL


@pytest.mark.parametrize("persona", ["company_contact", "student", "partner_contact"])
def test_external_users_get_404_and_nothing_changes(world, persona):
    user = world.users[persona]
    response = world.client_for(persona).post(URL, {})
    assert response.status_code == 404
    user.refresh_from_db()
    assert user.follow_up_digest is True


def test_anonymous_is_sent_to_login(world):
    response = world.client_for("anonymous").get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
