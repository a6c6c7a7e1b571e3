"""The follow-up digest reaches a real SMTP server (aiosmtpd on 127.0.0.1) once per person and day.

Tasks run with the ImmediateBackend (config/settings_test.py): enqueueing the digest task runs it, and the
outbox delivers each message over SMTP after its transaction commits.
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone

from tests.factories import UserFactory, assign
from tests.factories.outreach import FollowUpFactory
from verbinder.accounts.enums import Role
from verbinder.mail.models import OutboxMessage
from verbinder.outreach.models import DigestDelivery
from verbinder.outreach.services.digest import digest_send, digest_send_all
from verbinder.outreach.tasks import follow_up_digest

pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.date(2026, 11, 30)  # a Monday
SITE = "https://verbinder.example.nl"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def follow_up(world, user, *, route=None, due_on=DAY, **kwargs):
    route = route or world.route
    organisation = world.company if route == world.route else world.other_company
    return FollowUpFactory(route=route, organisation=organisation, assignee=user, due_on=due_on, **kwargs)


def english_teacher(world):
    teacher = world.users["teacher"]
    teacher.language = "en"
    teacher.save(update_fields=["language"])
    return teacher


def test_digest_reaches_smtp_exactly_once_when_the_task_runs_twice(world, smtp_server):
    teacher = english_teacher(world)
    follow_up(world, teacher, description="Call Anna about the intake")
    follow_up(world, teacher, description="Send the agreement", due_on=DAY - datetime.timedelta(days=3))

    follow_up_digest.enqueue(DAY.isoformat())
    follow_up_digest.enqueue(DAY.isoformat())

    assert mail.outbox == []
    received = smtp_server.to(teacher.email)
    assert len(received) == 1
    message = received[0]
    assert message["Subject"] == "[Verbinder] 2 follow-ups due today or overdue"
    text = smtp_server.text_of(message)
    assert "Hello Teun," in text
    overdue, today = text.split("Due today")
    assert "Overdue" in overdue and "Send the agreement" in overdue and "was due 27 November 2026" in overdue
    assert "Call Anna about the intake" in today
    assert "Bakkerij De Korenaar" in text and world.route.programme_name in text
    assert f"{SITE}/account/notifications/" in text
    assert f"My follow-ups: {SITE}/outreach/follow-ups/" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="en">' in html
    assert f'href="{SITE}/organisations/{world.company.pk}/"' in html
    assert DigestDelivery.objects.filter(user=teacher, day=DAY).count() == 1
    delivery = DigestDelivery.objects.get(user=teacher, day=DAY)
    assert delivery.message.message_id == message["Message-ID"]
    assert delivery.message.language == "en"


def test_digest_in_the_users_language(world, smtp_server):
    coordinator = world.users["coordinator"]  # language "nl"
    teacher = english_teacher(world)
    follow_up(world, coordinator)
    follow_up(world, teacher)

    assert digest_send_all(day=DAY) == 2

    dutch = OutboxMessage.objects.get(recipient=coordinator.email)
    english = OutboxMessage.objects.get(recipient=teacher.email)
    assert dutch.language == "nl" and english.language == "en"
    assert '<html lang="nl">' in dutch.body_html
    assert len(smtp_server.messages) == 2


def test_a_second_worker_that_saw_the_user_as_due_sends_nothing(world, smtp_server):
    """The race: a second run that listed the user before the first committed still inserts the same
    DigestDelivery; the unique constraint refuses it (inside a savepoint) and it queues nothing."""
    teacher = world.users["teacher"]
    follow_up(world, teacher)
    assert digest_send(user=teacher, day=DAY) is not None

    assert digest_send(user=teacher, day=DAY) is None

    assert OutboxMessage.objects.count() == 1
    assert len(smtp_server.to(teacher.email)) == 1


def test_two_workers_at_the_same_moment_send_once(world, smtp_server):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite's test database is one in-memory file)")
    teacher = world.users["teacher"]
    follow_up(world, teacher)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            follow_up_digest.call(DAY.isoformat())
        except Exception as exc:  # noqa: BLE001 - the thread reports any failure to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(smtp_server.to(teacher.email)) == 1
    assert DigestDelivery.objects.filter(user=teacher, day=DAY).count() == 1


def test_opted_out_users_get_nothing(world, smtp_server):
    teacher = world.users["teacher"]
    teacher.follow_up_digest = False
    teacher.save(update_fields=["follow_up_digest"])
    follow_up(world, teacher)

    follow_up_digest.enqueue(DAY.isoformat())

    assert smtp_server.messages == []
    assert not DigestDelivery.objects.exists()


def test_nothing_due_nothing_sent(world, smtp_server):
    teacher = world.users["teacher"]
    follow_up(world, teacher, due_on=DAY + datetime.timedelta(days=1))
    follow_up(world, teacher, due_on=DAY - datetime.timedelta(days=1), done_at=timezone.now(), done_by=teacher)

    assert digest_send_all(day=DAY) == 0

    assert smtp_server.messages == []
    assert not DigestDelivery.objects.exists()


def test_done_and_future_follow_ups_are_not_listed(world, smtp_server):
    teacher = english_teacher(world)
    follow_up(world, teacher, description="Open and due")
    follow_up(world, teacher, description="Already done", done_at=timezone.now(), done_by=teacher)
    follow_up(world, teacher, description="Next week", due_on=DAY + datetime.timedelta(days=7))

    digest_send_all(day=DAY)

    (message,) = smtp_server.to(teacher.email)
    text = smtp_server.text_of(message)
    assert "Open and due" in text
    assert "Already done" not in text and "Next week" not in text
    assert message["Subject"] == "[Verbinder] 1 follow-up due today or overdue"


def test_follow_ups_of_a_route_the_user_no_longer_staffs_are_not_listed(world, smtp_server):
    """Follow-ups stay assigned after someone leaves a route; the digest lists only what they may still see."""
    teacher = english_teacher(world)
    follow_up(world, teacher, description="Visible in my route")
    follow_up(world, teacher, route=world.other_route, description="GEHEIM-B follow-up")

    digest_send_all(day=DAY)

    (message,) = smtp_server.to(teacher.email)
    text = smtp_server.text_of(message)
    assert "Visible in my route" in text
    assert "GEHEIM-B" not in text and "Zorgtechniek Oost" not in text
    assert message["Subject"] == "[Verbinder] 1 follow-up due today or overdue"


def test_someone_with_only_out_of_reach_follow_ups_gets_nothing(world, smtp_server):
    former = assign(UserFactory(name="Frits Vertrokken"), Role.TEACHER, route=world.other_route)
    follow_up(world, former)  # a follow-up in route A, which Frits does not staff

    assert digest_send_all(day=DAY) == 0
    assert smtp_server.messages == []
    assert not DigestDelivery.objects.exists()


def test_inactive_users_get_nothing(world, smtp_server):
    teacher = world.users["teacher"]
    follow_up(world, teacher)
    teacher.is_active = False
    teacher.save(update_fields=["is_active"])

    assert digest_send_all(day=DAY) == 0
    assert smtp_server.messages == []


def test_markup_in_a_description_is_escaped_in_html_and_kept_in_text(world, smtp_server):
    teacher = english_teacher(world)
    follow_up(world, teacher, description='<script>alert("x")</script> & <b>bold</b>')

    digest_send_all(day=DAY)

    (message,) = smtp_server.to(teacher.email)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert '<script>alert("x")</script> & <b>bold</b>' in smtp_server.text_of(message)


def test_default_day_is_today_in_amsterdam(world, smtp_server):
    teacher = world.users["teacher"]
    today = timezone.localdate()
    follow_up(world, teacher, due_on=today)

    follow_up_digest.enqueue()

    assert DigestDelivery.objects.filter(user=teacher, day=today).exists()
    assert len(smtp_server.to(teacher.email)) == 1


@override_settings(SITE_URL="https://example.test")
def test_a_failure_for_one_person_does_not_stop_the_others(world, smtp_server, monkeypatch):
    from verbinder.outreach.services import digest as digest_module

    coordinator, teacher = world.users["coordinator"], world.users["teacher"]
    follow_up(world, coordinator)
    follow_up(world, teacher)
    real = digest_module.digest_send

    def flaky(*, user, day):
        if user == coordinator:
            raise RuntimeError("template broke")
        return real(user=user, day=day)

    monkeypatch.setattr(digest_module, "digest_send", flaky)
    with pytest.raises(RuntimeError, match="1 failed"):
        digest_send_all(day=DAY)

    assert len(smtp_server.to(teacher.email)) == 1
    assert smtp_server.to(coordinator.email) == []
