"""Reads for the follow-up digest: who gets one on a day, and what it lists."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from verbinder.accounts.models import User
from verbinder.accounts.scope import scope_for
from verbinder.outreach.models import DigestDelivery, FollowUp


def digest_recipients(*, day: date) -> QuerySet[User]:
    """Active users who want the digest, have an open follow-up due on `day` or before, and got none for `day`.

    Whether those follow-ups are still within the user's reach is checked per user (digest_follow_ups)."""
    open_due = FollowUp.objects.filter(assignee=OuterRef("pk"), done_at__isnull=True, due_on__lte=day)
    delivered = DigestDelivery.objects.filter(user=OuterRef("pk"), day=day)
    return (
        User.objects.filter(is_active=True, follow_up_digest=True)
        .filter(Exists(open_due))
        .exclude(Exists(delivered))
        .order_by("pk")
    )


def digest_follow_ups(*, user: Any, day: date) -> list[FollowUp]:
    """The user's open follow-ups due on `day` or overdue, of routes the user still staffs (an administrator too:
    reach alone is not staffing); oldest first."""
    return list(
        FollowUp.objects.filter(route_id__in=scope_for(user).staff_route_ids)
        .filter(assignee=user, done_at__isnull=True, due_on__lte=day)
        .select_related("organisation", "route")
        .order_by("due_on", "pk")
    )
