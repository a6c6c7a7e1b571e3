"""`verbinder scheduler`: the one process that puts scheduled tasks on the queue (see verbinder/core/schedule.py).

Run exactly one next to any number of `verbinder db_worker` processes. A second scheduler on the same database
stops at once with a message (a PostgreSQL advisory lock; on SQLite a lock file in DATA_DIR).
`verbinder scheduler --list` prints the schedule with each task's next run, and exits.
"""

from __future__ import annotations

import contextlib
import fcntl
import signal
from argparse import ArgumentParser
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from verbinder.core.schedule import SCHEDULE, build_scheduler, schedule_trigger

# pg_try_advisory_lock key: "verbinder scheduler", any constant that no other code uses.
LOCK_KEY = 0x5645_5242_5343_4844 & 0x7FFF_FFFF_FFFF_FFFF


@contextlib.contextmanager
def single_scheduler_lock() -> Iterator[None]:
    """Held for the life of the process; refused (CommandError) when another scheduler holds it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            (acquired,) = cursor.fetchone()
        if not acquired:
            raise CommandError("Another scheduler is already running on this database.")
        try:
            yield
        finally:
            with contextlib.suppress(Exception), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        return
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(settings.DATA_DIR / "scheduler.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CommandError("Another scheduler is already running on this database.") from None
        yield


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


class Command(BaseCommand):
    help = "Run the scheduler: enqueue scheduled tasks (follow-up digest, outbox sweeper) at their times."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--list", dest="list_only", action="store_true", help="Print the schedule and each next run, then exit."
        )

    def handle(self, *args: Any, list_only: bool = False, **options: Any) -> None:
        if list_only:
            now = timezone.localtime()
            for entry in SCHEDULE:
                next_run: datetime | None = schedule_trigger(entry.cron).get_next_fire_time(None, now)
                when = next_run.isoformat(timespec="minutes") if next_run else "-"
                self.stdout.write(f"{entry.cron:<18} {entry.task:<45} next {when}  {entry.description}")
            return
        scheduler = build_scheduler()
        with single_scheduler_lock():
            signal.signal(signal.SIGTERM, _stop)
            signal.signal(signal.SIGINT, _stop)
            self.stdout.write(f"Scheduler started ({len(SCHEDULE)} tasks, time zone {settings.TIME_ZONE}).")
            try:
                scheduler.start()
            except KeyboardInterrupt:
                self.stdout.write("Scheduler stopping.")
                if scheduler.running:
                    scheduler.shutdown(wait=False)
