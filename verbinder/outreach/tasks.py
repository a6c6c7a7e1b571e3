"""Outreach tasks. The scheduler (verbinder/core/schedule.py) enqueues follow_up_digest on working days at 07:00."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from verbinder.outreach.services.digest import digest_send_all


@task()
def follow_up_digest(day: str | None = None) -> int:
    """Queue the follow-up digest e-mails of `day` (ISO date; default today in Europe/Amsterdam).

    Safe to run more than once for a day: each person gets at most one digest per day."""
    return digest_send_all(day=date.fromisoformat(day) if day else timezone.localdate())
