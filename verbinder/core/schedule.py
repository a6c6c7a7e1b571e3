"""Scheduled work: which task is put on the task queue when. One scheduler process, any number of workers.

`verbinder scheduler` (verbinder/core/management/commands/scheduler.py) runs APScheduler with the entries below.
At each fire time it only *enqueues* the task; a `db_worker` runs it, like any other task. A lock makes sure
that only one scheduler runs per database, so nothing is enqueued twice by two schedulers. Tasks that must
never do their work twice (the follow-up digest) are idempotent as well, so a task that still runs twice
(a retry, a second scheduler started by hand on another database lock) sends nothing twice.

Why APScheduler and not django-crontask: docs/adr/0002-scheduler.md.

Cron expressions are read in the project's time zone (settings.TIME_ZONE, Europe/Amsterdam) with
`CronTrigger.from_crontab`. Write days of the week as names (mon-fri): APScheduler counts 0 as Monday, crontab
counts 0 as Sunday, so a digit there would mean another day than a reader expects. `schedule_trigger` refuses it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduledTask:
    task: str  # dotted path of a django_tasks Task
    cron: str  # minute hour day month day-of-week, in settings.TIME_ZONE; weekdays by name
    description: str


SCHEDULE: tuple[ScheduledTask, ...] = (
    ScheduledTask(
        task="verbinder.outreach.tasks.follow_up_digest",
        cron="0 7 * * mon-fri",
        description="Follow-up digest e-mail, working days at 07:00 (weekend follow-ups show as overdue on Monday)",
    ),
    ScheduledTask(
        task="verbinder.spreadsheets.tasks.sweep_imports",
        cron="17 * * * *",
        description="Import sweeper: stopped and abandoned imports closed, their files deleted",
    ),
    ScheduledTask(
        task="verbinder.placements.tasks.sweep_student_uploads",
        cron="23 * * * *",
        description="Student import sweeper: uploaded files not imported within a day deleted",
    ),
    ScheduledTask(
        task="verbinder.agreements.tasks.sweep_agreements",
        cron="41 * * * *",
        description="Agreement sweeper: expired agreements closed, reminders to those who have not signed",
    ),
    ScheduledTask(
        task="verbinder.mail.tasks.sweep_outbox",
        cron="*/5 * * * *",
        description="Outbox sweeper: stuck messages back to the queue, due retries delivered",
    ),
)


def schedule_trigger(cron: str) -> CronTrigger:
    """The trigger of a crontab expression in the project's time zone (weekdays by name only)."""
    fields = cron.split()
    if len(fields) != 5:
        raise ValueError(f"A crontab expression has five fields, not {len(fields)}: {cron!r}")
    if any(char.isdigit() for char in fields[4]):
        raise ValueError(f"Write days of the week by name (mon, tue, ...) or *, not {fields[4]!r}")
    return CronTrigger.from_crontab(cron, timezone=ZoneInfo(settings.TIME_ZONE))


def enqueue_scheduled(task_path: str) -> None:
    """Put one scheduled task on the queue (runs in a scheduler thread: close its connection afterwards)."""
    try:
        result = import_string(task_path).enqueue()
        logger.info("Scheduled task %s enqueued (%s)", task_path, getattr(result, "id", ""))
    except Exception:
        # A failed enqueue (database away for a moment) must not stop the scheduler; the next fire time retries.
        logger.exception("Scheduled task %s could not be enqueued", task_path)
    finally:
        close_old_connections()


def build_scheduler(entries: tuple[ScheduledTask, ...] = SCHEDULE, **options: Any) -> BlockingScheduler:
    """A scheduler with one job per entry. A fire time missed by less than an hour (a restart) still runs,
    once (coalesced); the digest is idempotent, the sweeper harmless."""
    scheduler = BlockingScheduler(timezone=ZoneInfo(settings.TIME_ZONE), **options)
    for entry in entries:
        import_string(entry.task)  # fail at start-up, not at 07:00, on a wrong path
        scheduler.add_job(
            enqueue_scheduled,
            trigger=schedule_trigger(entry.cron),
            args=[entry.task],
            id=entry.task,
            name=entry.description,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )
    return scheduler
