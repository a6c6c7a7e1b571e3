"""Writes of learning workplaces (leerwerkplekken).

A coordinator enters a workplace for a company of their route: it is open at once. A company contact offers one
in the portal: it awaits the coordinator's approval (status "proposed"), and the route's coordinators get an
e-mail with a link to approve it; the approval e-mails the contact who offered it. Matching fills an open
workplace; an open or proposed one can be withdrawn. A filled or withdrawn workplace is history: it cannot be
edited.

The company must be a company (not a branch association or a municipality) linked to the route. A company of
250 or more employees is not an SME, which the route is meant for: that is refused with the code "not_sme",
naming its size, unless the caller accepts it (`accept_non_sme`, the form's "continue anyway").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from verbinder.accounts.enums import Role
from verbinder.accounts.models import User
from verbinder.core.activity import diff, fields_changed_since, log_action, snapshot
from verbinder.core.exceptions import StaleVersionError
from verbinder.mail.services import message_queue
from verbinder.partners import validators
from verbinder.partners.models import Organisation, Partnership, Route
from verbinder.placements.enums import WorkplaceStatus
from verbinder.placements.models import Workplace

WORKPLACE_FIELDS = ("title", "tasks", "hours_per_week", "start_date", "requirements", "location", "postcode")
REQUIRED_FIELDS = ("title", "tasks", "hours_per_week", "start_date")
SINGLE_LINE_FIELDS = frozenset({"title", "location", "postcode"})
MAX_LENGTHS = {"title": 200, "location": 200, "tasks": 10_000, "requirements": 10_000}
HOURS_MIN = Decimal("1")
HOURS_MAX = Decimal("60")
EDITABLE_STATUSES = frozenset({WorkplaceStatus.PROPOSED, WorkplaceStatus.OPEN})
WITHDRAWABLE_STATUSES = EDITABLE_STATUSES
REASON_MAX = 500

UPDATED = "placements.workplace.updated"


def _field_error(field: str, message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code, params=params or None)]})


def _clean_hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(_("Enter the hours per week as a number."), code="invalid") from exc
    if not hours.is_finite() or hours < HOURS_MIN or hours > HOURS_MAX:
        raise ValidationError(_("Enter between 1 and 60 hours per week."), code="hours_range")
    if hours != hours.quantize(Decimal("0.1")):
        raise ValidationError(_("Enter the hours per week with at most one decimal."), code="hours_decimals")
    return hours.quantize(Decimal("0.1"))


def _clean(fields: Mapping[str, Any], *, new: bool, today: date | None = None) -> dict[str, Any]:
    """The known fields of `fields`, cleaned; all required ones when `new`. Errors per field, all at once."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}

    def refuse(name: str, message: Any, code: str) -> None:
        errors.setdefault(name, []).append(ValidationError(message, code=code))

    for name in WORKPLACE_FIELDS:
        if name not in fields:
            if new and name in REQUIRED_FIELDS:
                refuse(name, _("This field is required."), "required")
            continue
        value = fields[name]
        if name in ("hours_per_week", "start_date"):
            cleaned[name] = value
            continue
        value = "" if value is None else str(value)
        try:
            validators.reject_control_characters(value, multiline=name not in SINGLE_LINE_FIELDS)
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.error_list)
            continue
        value = " ".join(value.split()) if name in SINGLE_LINE_FIELDS else value.strip()
        if name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]:
            refuse(name, _("Enter at most %(max)s characters.") % {"max": MAX_LENGTHS[name]}, "max_length")
            continue
        cleaned[name] = value
    if "title" in cleaned and not cleaned["title"]:
        refuse("title", _("Enter a title."), "required")
    if "tasks" in cleaned and not cleaned["tasks"]:
        refuse("tasks", _("Describe the tasks."), "required")
    if "hours_per_week" in cleaned:
        try:
            cleaned["hours_per_week"] = _clean_hours(cleaned["hours_per_week"])
        except ValidationError as exc:
            errors.setdefault("hours_per_week", []).extend(exc.error_list)
    if "start_date" in cleaned:
        start = cleaned["start_date"]
        if not isinstance(start, date):
            refuse("start_date", _("Enter a start date."), "required")
        elif today is not None and start < today:
            refuse("start_date", _("The start date cannot be in the past."), "start_past")
    if "postcode" in cleaned:
        try:
            cleaned["postcode"] = validators.normalise_postcode(cleaned["postcode"])
        except ValidationError as exc:
            errors.setdefault("postcode", []).extend(exc.error_list)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_place(*, route: Route, organisation: Organisation, accept_non_sme: bool) -> None:
    """The workplace's company: an active company of the route, and an SME unless accepted otherwise."""
    if route.archived_at is not None:
        raise ValidationError(_("This route is archived."), code="route_archived")
    if organisation.archived_at is not None:
        raise _field_error(
            "organisation", _("%(name)s is archived: restore it first."), "archived", name=organisation.name
        )
    if not organisation.is_company:
        raise _field_error(
            "organisation",
            _("%(name)s is not a company: only a company can offer a learning workplace."),
            "not_company",
            name=organisation.name,
        )
    if not Partnership.objects.filter(route=route, organisation=organisation).exists():
        raise _field_error(
            "organisation",
            _("%(name)s is not linked to this route. Link it to the route first."),
            "not_linked",
            name=organisation.name,
        )
    if organisation.is_large_company and not accept_non_sme:
        raise _field_error(
            "organisation",
            _(
                "%(name)s is not an SME (%(size)s), while the route is meant for SMEs. "
                "Tick “continue anyway” to save it all the same."
            ),
            "not_sme",
            name=organisation.name,
            size=organisation.get_size_class_display(),
        )


def _log_data(route: Route, **extra: Any) -> dict[str, Any]:
    return {"route": str(route), "route_id": route.pk, **extra}


def _loggable(workplace: Workplace) -> dict[str, Any]:
    return snapshot(workplace, [*WORKPLACE_FIELDS, "status"])


def _actor(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _locked(workplace: Workplace) -> Workplace:
    return (
        Workplace.objects.select_for_update(of=("self",))
        .select_related("route", "organisation", "submitted_by")
        .get(pk=workplace.pk)
    )


def _check_version(current: Workplace, version: int) -> None:
    if current.version != version:
        raise StaleVersionError(changed=fields_changed_since(current, action_type=UPDATED, version=version))


def _new(*, by: Any, route: Route, organisation: Organisation, fields: Mapping[str, Any], status: str) -> Workplace:
    cleaned = _clean(fields, new=True, today=timezone.localdate())
    workplace = Workplace(route=route, organisation=organisation, status=status, submitted_by=_actor(by), **cleaned)
    if status == WorkplaceStatus.OPEN:
        workplace.approved_by = _actor(by)
        workplace.approved_at = timezone.now()
    workplace.full_clean(exclude=["submitted_by", "approved_by"])
    workplace.save()
    return workplace


@transaction.atomic
def workplace_create(
    *, by: Any, route: Route, organisation: Organisation, fields: Mapping[str, Any], accept_non_sme: bool = False
) -> Workplace:
    """A coordinator enters a workplace of a company of the route: open at once."""
    _check_place(route=route, organisation=organisation, accept_non_sme=accept_non_sme)
    workplace = _new(by=by, route=route, organisation=organisation, fields=fields, status=WorkplaceStatus.OPEN)
    log_action(
        actor=by,
        action_type="placements.workplace.created",
        target=workplace,
        changes=diff({}, _loggable(workplace)),
        data=_log_data(route, organisation_id=organisation.pk, accepted_non_sme=organisation.is_large_company),
    )
    return workplace


@transaction.atomic
def workplace_offer(
    *, by: Any, route: Route, organisation: Organisation, fields: Mapping[str, Any], accept_non_sme: bool = False
) -> Workplace:
    """A company contact offers a workplace: it awaits approval, and the route's coordinators are e-mailed."""
    _check_place(route=route, organisation=organisation, accept_non_sme=accept_non_sme)
    workplace = _new(by=by, route=route, organisation=organisation, fields=fields, status=WorkplaceStatus.PROPOSED)
    log_action(
        actor=by,
        action_type="placements.workplace.offered",
        target=workplace,
        changes=diff({}, _loggable(workplace)),
        data=_log_data(route, organisation_id=organisation.pk, accepted_non_sme=organisation.is_large_company),
    )
    _mail_coordinators(workplace=workplace, skip=by)
    return workplace


@transaction.atomic
def workplace_approve(*, by: Any, workplace: Workplace, version: int) -> Workplace:
    """A proposed workplace becomes open (students see it); the contact who offered it is e-mailed."""
    current = _locked(workplace)
    _check_version(current, version)
    if current.status != WorkplaceStatus.PROPOSED:
        raise ValidationError(
            _("Only a workplace that awaits approval can be approved; this one is %(status)s."),
            code="not_proposed",
            params={"status": current.get_status_display()},
        )
    current.status = WorkplaceStatus.OPEN
    current.approved_by = _actor(by)
    current.approved_at = timezone.now()
    current.version = F("version") + 1  # type: ignore[assignment]
    current.save(update_fields=["status", "approved_by", "approved_at", "version", "updated_at"])
    current.refresh_from_db()
    log_action(
        actor=by,
        action_type="placements.workplace.approved",
        target=current,
        changes={"status": [WorkplaceStatus.PROPOSED, WorkplaceStatus.OPEN]},
        data=_log_data(current.route),
    )
    submitter = current.submitted_by
    if submitter is not None and submitter.is_active and submitter.pk != getattr(by, "pk", None):
        _mail_approved(workplace=current, recipient=submitter)
    return current


@transaction.atomic
def workplace_update(*, by: Any, workplace: Workplace, version: int, fields: Mapping[str, Any]) -> Workplace:
    """Save changed fields of a proposed or open workplace, unless someone else saved since `version`."""
    current = _locked(workplace)
    _check_version(current, version)
    if current.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("A workplace that is %(status)s can no longer be changed."),
            code="closed",
            params={"status": current.get_status_display()},
        )
    start_before = current.start_date
    cleaned = _clean(fields, new=False)
    if (
        "start_date" in cleaned
        and cleaned["start_date"] != start_before
        and cleaned["start_date"] < timezone.localdate()
    ):
        raise _field_error("start_date", _("The start date cannot be in the past."), "start_past")
    before = _loggable(current)
    for name, value in cleaned.items():
        setattr(current, name, value)
    current.full_clean(exclude=["submitted_by", "approved_by"])
    changes = diff(before, _loggable(current))
    if not changes:
        return current
    current.version = F("version") + 1  # type: ignore[assignment]
    current.save()
    current.refresh_from_db()
    log_action(actor=by, action_type=UPDATED, target=current, changes=changes, data=_log_data(current.route))
    return current


@transaction.atomic
def workplace_withdraw(*, by: Any, workplace: Workplace, version: int, reason: str = "") -> Workplace:
    """The company no longer offers the workplace (proposed or open): it is withdrawn, with the reason logged."""
    current = _locked(workplace)
    _check_version(current, version)
    reason = " ".join((reason or "").split())
    validators.reject_control_characters(reason, multiline=False)
    if len(reason) > REASON_MAX:
        raise _field_error("reason", _("Enter at most %(max)s characters.") % {"max": REASON_MAX}, "max_length")
    if current.status not in WITHDRAWABLE_STATUSES:
        raise ValidationError(
            _("A workplace that is %(status)s cannot be withdrawn."),
            code="not_withdrawable",
            params={"status": current.get_status_display()},
        )
    old_status = current.status
    current.status = WorkplaceStatus.WITHDRAWN
    current.version = F("version") + 1  # type: ignore[assignment]
    current.save(update_fields=["status", "version", "updated_at"])
    current.refresh_from_db()
    log_action(
        actor=by,
        action_type="placements.workplace.withdrawn",
        target=current,
        changes={"status": [old_status, WorkplaceStatus.WITHDRAWN]},
        data=_log_data(current.route, reason=reason),
    )
    # Matching builds on workplaces (it fills them), so it is imported here, not at the top.
    from verbinder.placements.services.matching import workplace_proposals_withdraw

    workplace_proposals_withdraw(by=by, workplace=current)
    return current


@transaction.atomic
def workplace_fill(*, by: Any, workplace: Workplace) -> Workplace:
    """Matching placed a student at the open workplace: it is filled (no version: the match decides)."""
    current = _locked(workplace)
    if current.status != WorkplaceStatus.OPEN:
        raise ValidationError(
            _("Only an open workplace can be filled; this one is %(status)s."),
            code="not_open",
            params={"status": current.get_status_display()},
        )
    current.status = WorkplaceStatus.FILLED
    current.version = F("version") + 1  # type: ignore[assignment]
    current.save(update_fields=["status", "version", "updated_at"])
    current.refresh_from_db()
    log_action(
        actor=by,
        action_type="placements.workplace.filled",
        target=current,
        changes={"status": [WorkplaceStatus.OPEN, WorkplaceStatus.FILLED]},
        data=_log_data(current.route),
    )
    return current


# E-mail


def route_coordinators(route: Route) -> list[User]:
    """The active users with the coordinator role in the route."""
    return list(
        User.objects.filter(
            is_active=True, role_assignments__role=Role.COORDINATOR, role_assignments__route=route
        ).distinct()
    )


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _send(*, recipient: User, template: str, subject: Any, context: Mapping[str, Any]) -> None:
    """Queue one e-mail, rendered in the recipient's language (the subject is lazy: translated here)."""
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        full = {
            **context,
            "user": recipient,
            "language": language,
            "site_url": settings.SITE_URL,
            "institution_name": settings.VERBINDER_INSTITUTION_NAME,
        }
        text = render_to_string(f"placements/email/{template}.txt", full).strip()
        html = render_to_string(f"placements/email/{template}.html", full).strip()
        message_queue(
            recipient=recipient.email,
            subject="[Verbinder] " + str(subject) % {"title": context["workplace"].title},
            body_text=text,
            body_html=html,
            language=language,
        )


def _mail_coordinators(*, workplace: Workplace, skip: Any) -> None:
    url = _absolute(reverse("placements:workplace-detail", args=[workplace.pk]))
    recipients: Iterable[User] = [
        user for user in route_coordinators(workplace.route) if user.pk != getattr(skip, "pk", None)
    ]
    for user in recipients:
        _send(
            recipient=user,
            template="workplace_offered",
            subject=_("New learning workplace to approve: %(title)s"),
            context={"workplace": workplace, "url": url, "offered_by": skip},
        )


def _mail_approved(*, workplace: Workplace, recipient: User) -> None:
    url = _absolute(reverse("placements:offered-workplace", args=[workplace.pk]))
    _send(
        recipient=recipient,
        template="workplace_approved",
        subject=_("Your learning workplace is approved: %(title)s"),
        context={"workplace": workplace, "url": url},
    )
