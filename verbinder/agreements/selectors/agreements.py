"""Reads of agreements for the hogeschool's staff: the board (counts per state and the lists behind them), an
agreement's page (signers, audit trail with the delivery state of each e-mail) and a placement's agreements.

Staff pages reach only the agreements of the routes the user staffs (every route for administrators), also when
the user happens to be a company contact or a student somewhere: what a party sees is the portal's business.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbinder.accounts.scope import scope_for
from verbinder.agreements.enums import ENDED_AGREEMENT_STATUSES, AgreementStatus, SignerStatus
from verbinder.agreements.models import Agreement, AgreementEvent, AgreementSigner
from verbinder.mail.models import OutboxMessage
from verbinder.partners.models import Route
from verbinder.placements.models import Placement

EXPIRING_WITHIN_DAYS = 60
EVENTS_PER_PAGE = 20

# The board's lists, in the order the board shows them: key -> label.
BUCKETS: dict[str, Any] = {
    "drafts": gettext_lazy("Drafts"),
    "waiting": gettext_lazy("Waiting for signatures"),
    "signed": gettext_lazy("Signed"),
    "expiring": gettext_lazy("Ending within 60 days"),
    "ended": gettext_lazy("Ended"),
}


def expiring_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return today, today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)


def _bucket_condition(bucket: str) -> Q:
    if bucket == "drafts":
        return Q(status=AgreementStatus.DRAFT)
    if bucket == "waiting":
        return Q(status=AgreementStatus.SENT)
    if bucket == "signed":
        return Q(status=AgreementStatus.SIGNED)
    if bucket == "expiring":
        start, end = expiring_window()
        return Q(status=AgreementStatus.SIGNED, end_date__gte=start, end_date__lte=end)
    return Q(status__in=ENDED_AGREEMENT_STATUSES)


def staff_routes(*, user: Any) -> QuerySet[Route]:
    """The active routes whose agreements the user reads (staff of them; administrators all)."""
    return (
        Route.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        .order_by("programme_name", "hogeschool", "pk")
        .only("pk", "programme_name", "hogeschool")
    )


def staff_agreements(*, user: Any) -> QuerySet[Agreement]:
    scope = scope_for(user)
    if scope.is_admin:
        return Agreement.objects.all()
    return Agreement.objects.filter(route_id__in=scope.staff_route_ids)


def _board_scope(*, user: Any, route: Route | None) -> QuerySet[Agreement]:
    queryset = staff_agreements(user=user)
    if route is not None:
        queryset = queryset.filter(route=route)
    return queryset


@dataclass(frozen=True)
class BoardBar:
    key: str
    label: str
    count: int
    y: int
    width: int


def board_counts(*, user: Any, route: Route | None = None) -> dict[str, int]:
    """How many agreements are in each of the board's lists: one aggregate query."""
    totals = _board_scope(user=user, route=route).aggregate(
        **{key: Count("pk", filter=_bucket_condition(key)) for key in BUCKETS}
    )
    return {key: int(totals[key] or 0) for key in BUCKETS}


def board_chart(counts: dict[str, int], *, width: int = 300) -> list[BoardBar]:
    """The bars of the board's SVG chart: one per list, as long as its share of the largest."""
    largest = max(counts.values(), default=0) or 1
    return [
        BoardBar(key=key, label=str(label), count=counts[key], y=index * 30, width=round(width * counts[key] / largest))
        for index, (key, label) in enumerate(BUCKETS.items())
    ]


def _waiting_prefetch() -> Prefetch:
    """The signers the agreement waits for: invited, not yet signed, in signing order."""
    return Prefetch(
        "signers",
        queryset=AgreementSigner.objects.filter(status=SignerStatus.INVITED)
        .only("pk", "agreement_id", "party", "name", "organisation_id", "invited_at", "reminded_at", "position")
        .order_by("position", "pk"),
        to_attr="waiting_for",
    )


def board_list(*, user: Any, bucket: str, route: Route | None = None) -> QuerySet[Agreement]:
    """The agreements of one of the board's lists with their student and route (one query) and, for those waiting,
    whom they wait for (one more)."""
    bucket = bucket if bucket in BUCKETS else "waiting"
    queryset = (
        _board_scope(user=user, route=route)
        .filter(_bucket_condition(bucket))
        .select_related("placement__student", "route")
        .only(
            "pk",
            "title",
            "status",
            "sequence",
            "start_date",
            "end_date",
            "sent_at",
            "expires_at",
            "completed_at",
            "terminated_on",
            "created_at",
            "route__programme_name",
            "placement__student__first_name",
            "placement__student__last_name",
            "placement__student__student_number",
        )
    )
    if bucket == "waiting":
        queryset = queryset.prefetch_related(_waiting_prefetch()).annotate(
            waiting_since=Min("signers__invited_at", filter=Q(signers__status=SignerStatus.INVITED))
        )
        return queryset.order_by("waiting_since", "pk")
    if bucket in ("signed", "expiring"):
        return queryset.order_by("end_date", "pk")
    return queryset.order_by("-created_at", "-pk")


def agreement_get_for_staff(*, user: Any, pk: int) -> Agreement:
    """An agreement of the user's routes with its placement, student, route and template; 404 outside them."""
    return get_object_or_404(
        staff_agreements(user=user).select_related("placement__student", "route", "template", "previous"),
        pk=pk,
    )


def agreement_signers(*, agreement: Agreement) -> list[AgreementSigner]:
    return list(agreement.signers.select_related("organisation").order_by("position", "pk"))


def agreement_events_page(*, agreement: Agreement, page: str | None) -> Page:
    """The audit trail, newest first, with the e-mail each event sent and its delivery state."""
    events = (
        AgreementEvent.objects.filter(agreement=agreement)
        .select_related("signer", "message")
        .defer("message__body_text", "message__body_html")
        .order_by("-created_at", "-pk")
    )
    return Paginator(events, EVENTS_PER_PAGE).get_page(page)


def agreement_amendments(*, agreement: Agreement) -> list[Agreement]:
    return list(agreement.amendments.only("pk", "sequence", "status", "title", "previous_id").order_by("sequence"))


def placement_agreements(*, placement: Placement) -> list[Agreement]:
    """The placement's agreements, newest version first."""
    return list(
        Agreement.objects.filter(placement=placement)
        .annotate(
            signed_count=Count("signers", filter=Q(signers__status=SignerStatus.SIGNED)), signer_count=Count("signers")
        )
        .only("pk", "title", "status", "sequence", "sent_at", "completed_at", "created_at", "placement_id")
        .order_by("-sequence", "-pk")
    )


def placement_get_for_staff(*, user: Any, pk: int) -> Placement:
    scope = scope_for(user)
    queryset = Placement.objects.select_related("route", "student")
    if not scope.is_admin:
        queryset = queryset.filter(route_id__in=scope.staff_route_ids)
    return get_object_or_404(queryset, pk=pk)


@dataclass(frozen=True)
class Delivery:
    """What the coordinator reads about one e-mail: its state, attempts, and the last error in plain words."""

    status: str
    label: str
    attempts: int
    problem: str
    recipient: str


def _plain_error(error: str) -> str:
    text = error.casefold()
    if not text:
        return ""
    if any(word in text for word in ("refused", "connect", "timed out", "timeout", "unreachable", "errno")):
        return _("The mail server could not be reached.")
    codes = [word for word in text.replace("(", " ").replace(",", " ").split() if word.isdigit() and len(word) == 3]
    if codes and codes[0].startswith("5"):
        if any(word in text for word in ("user", "mailbox", "recipient", "address", "unknown")):
            return _("The receiving server does not know this address.")
        return _("The receiving server refused the message.")
    if codes and codes[0].startswith("4"):
        return _("The receiving server asked to try again later.")
    return _("The message could not be delivered.")


def delivery_of(message: OutboxMessage | None) -> Delivery | None:
    if message is None:
        return None
    labels = {
        "queued": _("Waiting to be sent") if not message.attempts else _("Will be tried again"),
        "sending": _("Being sent"),
        "sent": _("Sent"),
        "failed": _("Failed"),
    }
    return Delivery(
        status=message.status,
        label=labels.get(message.status, message.get_status_display()),
        attempts=message.attempts,
        problem=_plain_error(message.last_error) if message.status != "sent" else "",
        recipient=message.recipient,
    )
