"""The scheduler's registrations: the digest on working days at 07:00 Amsterdam time, the outbox sweeper every
five minutes; one scheduler per database. No long-running process is started."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django_tasks.base import Task

from verbinder.core.management.commands.scheduler import LOCK_KEY, single_scheduler_lock
from verbinder.core.schedule import SCHEDULE, build_scheduler, enqueue_scheduled, schedule_trigger
from verbinder.mail.tasks import sweep_outbox
from verbinder.outreach.tasks import follow_up_digest

AMS = ZoneInfo("Europe/Amsterdam")


def entry_for(path: str):
    (entry,) = [e for e in SCHEDULE if e.task == path]
    return entry


def test_digest_is_scheduled_on_working_days_at_seven():
    assert entry_for("verbinder.outreach.tasks.follow_up_digest").cron == "0 7 * * mon-fri"
    assert entry_for("verbinder.mail.tasks.sweep_outbox").cron == "*/5 * * * *"


def test_scheduler_jobs_enqueue_the_registered_tasks():
    scheduler = build_scheduler()
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {e.task for e in SCHEDULE}
    assert jobs["verbinder.outreach.tasks.follow_up_digest"].args == ("verbinder.outreach.tasks.follow_up_digest",)
    assert jobs["verbinder.outreach.tasks.follow_up_digest"].coalesce is True
    assert isinstance(follow_up_digest, Task) and isinstance(sweep_outbox, Task)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime.datetime(2026, 11, 30, 6, 0), datetime.datetime(2026, 11, 30, 7, 0)),  # Monday early
        (datetime.datetime(2026, 12, 4, 8, 0), datetime.datetime(2026, 12, 7, 7, 0)),  # Friday after 7: Monday
        (datetime.datetime(2026, 12, 5, 12, 0), datetime.datetime(2026, 12, 7, 7, 0)),  # Saturday: Monday
        (datetime.datetime(2026, 3, 27, 8, 0), datetime.datetime(2026, 3, 30, 7, 0)),  # across summer time
    ],
)
def test_digest_fires_at_seven_amsterdam_time(now, expected):
    trigger = schedule_trigger(entry_for("verbinder.outreach.tasks.follow_up_digest").cron)
    fire = trigger.get_next_fire_time(None, now.replace(tzinfo=AMS))
    assert fire == expected.replace(tzinfo=AMS)


def test_sweeper_fires_every_five_minutes():
    trigger = schedule_trigger("*/5 * * * *")
    fire = trigger.get_next_fire_time(None, datetime.datetime(2026, 11, 30, 10, 1, tzinfo=AMS))
    assert fire == datetime.datetime(2026, 11, 30, 10, 5, tzinfo=AMS)


@pytest.mark.parametrize("cron", ["0 7 * * 1-5", "0 7 * *"])
def test_numeric_weekdays_and_bad_expressions_are_refused(cron):
    with pytest.raises(ValueError):
        schedule_trigger(cron)


def test_list_prints_the_schedule():
    out = io.StringIO()
    call_command("scheduler", "--list", stdout=out)
    text = out.getvalue()
    assert "0 7 * * mon-fri" in text and "verbinder.outreach.tasks.follow_up_digest" in text
    assert "verbinder.mail.tasks.sweep_outbox" in text


@pytest.mark.django_db(transaction=True)
def test_enqueue_scheduled_runs_the_digest_task(world, smtp_server):
    from django.utils import timezone

    from tests.factories.outreach import FollowUpFactory

    teacher = world.users["teacher"]
    FollowUpFactory(route=world.route, organisation=world.company, assignee=teacher, due_on=timezone.localdate())

    enqueue_scheduled("verbinder.outreach.tasks.follow_up_digest")
    enqueue_scheduled("verbinder.outreach.tasks.follow_up_digest")

    assert len(smtp_server.to(teacher.email)) == 1


@pytest.mark.django_db
def test_enqueue_scheduled_survives_a_failure(monkeypatch):
    from verbinder.core import schedule

    logged: list[str] = []
    monkeypatch.setattr(schedule.logger, "exception", lambda msg, *args: logged.append(msg % args))
    enqueue_scheduled("verbinder.outreach.tasks.does_not_exist")
    assert logged == ["Scheduled task verbinder.outreach.tasks.does_not_exist could not be enqueued"]


@pytest.mark.django_db(transaction=True)
def test_only_one_scheduler_per_database(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    with single_scheduler_lock():
        if connection.vendor == "postgresql":
            other = connections.create_connection("default")
            try:
                with other.cursor() as cursor:
                    cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
                    assert cursor.fetchone()[0] is False
            finally:
                other.close()
        else:
            with pytest.raises(CommandError, match="Another scheduler"), single_scheduler_lock():
                pass
    with single_scheduler_lock():  # released when the first stopped
        pass
