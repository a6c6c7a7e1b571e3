"""Writes of follow-ups: what someone of the hogeschool will do next, and by when."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbinder.accounts.enums import STAFF_ROLES
from verbinder.accounts.models import RoleAssignment
from verbinder.core.activity import log_action
from verbinder.outreach.models import FollowUp, Interaction
from verbinder.partners.models import Organisation, Partnership, Route


def archived_message(organisation: Organisation) -> str:
    return _("%(name)s is archived. Restore the organisation first; your input is kept.") % {"name": organisation.name}


def _route_data(route: Route, **extra: Any) -> dict[str, Any]:
    return {"route": str(route), "route_id": route.pk, **extra}


def check_contact_allowed(*, route: Route, organisation: Organisation, field: str = "organisation") -> None:
    """The organisation must be linked to the route, active, and the route itself not archived."""
    if organisation.archived_at is not None:
        raise ValidationError({field: archived_message(organisation)}, code="archived")
    if route.archived_at is not None:
        raise ValidationError({"route": _("This route is archived.")}, code="route_archived")
    if not Partnership.objects.filter(route=route, organisation=organisation).exists():
        raise ValidationError({"route": _("This organisation is not linked to the route.")}, code="not_linked")


def is_route_staff(*, user_ids: list[int], route: Route) -> set[int]:
    """Which of the users are coordinators or teachers of the route."""
    return set(
        RoleAssignment.objects.filter(
            route=route, role__in=sorted(STAFF_ROLES), user_id__in=user_ids, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def _check_assignee(*, assignee: Any, route: Route, field: str) -> None:
    if assignee is None or not is_route_staff(user_ids=[assignee.pk], route=route):
        raise ValidationError({field: _("Choose a coordinator or teacher of this route.")}, code="not_staff")


def _check_due_on(*, due_on: datetime.date | None, field: str) -> None:
    if due_on is None:
        raise ValidationError({field: _("Enter a due date.")}, code="required")
    if due_on < timezone.localdate():
        raise ValidationError(
            {field: _("The due date is in the past. Choose today or a later date.")}, code="due_in_past"
        )


def _check_description(*, description: str, field: str) -> str:
    description = (description or "").strip()
    if not description:
        raise ValidationError({field: _("Say what needs to be done.")}, code="required")
    if len(description) > 300:
        raise ValidationError({field: _("Use at most 300 characters.")}, code="max_length")
    return description


def validate_follow_up(
    *, route: Route, description: str, assignee: Any, due_on: datetime.date | None, prefix: str = ""
) -> str:
    """Check a new follow-up; returns the cleaned description. `prefix` names the fields of a combined form."""
    description = _check_description(description=description, field=f"{prefix}description")
    _check_assignee(assignee=assignee, route=route, field=f"{prefix}assignee")
    _check_due_on(due_on=due_on, field=f"{prefix}due_on")
    return description


@transaction.atomic
def follow_up_create(
    *,
    by: Any,
    route: Route,
    organisation: Organisation,
    description: str,
    assignee: Any,
    due_on: datetime.date,
    interaction: Interaction | None = None,
) -> FollowUp:
    check_contact_allowed(route=route, organisation=organisation)
    description = validate_follow_up(route=route, description=description, assignee=assignee, due_on=due_on)
    follow_up = FollowUp.objects.create(
        route=route,
        organisation=organisation,
        interaction=interaction,
        description=description,
        assignee=assignee,
        due_on=due_on,
        created_by=by,
    )
    log_action(
        actor=by,
        action_type="outreach.follow_up.created",
        target=organisation,
        data=_route_data(
            route, follow_up_id=follow_up.pk, description=description, assignee=str(assignee), due_on=str(due_on)
        ),
    )
    return follow_up


@transaction.atomic
def follow_up_update(*, follow_up: FollowUp, by: Any, data: dict[str, Any]) -> FollowUp:
    """Change what, who (reassign) or the due date. A due date moved into the past is refused; one that was
    already past may stay."""
    route = follow_up.route
    changes: dict[str, list[Any]] = {}
    if "description" in data:
        description = _check_description(description=data["description"], field="description")
        if description != follow_up.description:
            changes["description"] = [follow_up.description, description]
            follow_up.description = description
    if "assignee" in data and data["assignee"] != follow_up.assignee:
        _check_assignee(assignee=data["assignee"], route=route, field="assignee")
        changes["assignee"] = [str(follow_up.assignee), str(data["assignee"])]
        follow_up.assignee = data["assignee"]
    if "due_on" in data and data["due_on"] != follow_up.due_on:
        _check_due_on(due_on=data["due_on"], field="due_on")
        changes["due_on"] = [str(follow_up.due_on), str(data["due_on"])]
        follow_up.due_on = data["due_on"]
    if changes:
        follow_up.save()
        log_action(
            actor=by,
            action_type="outreach.follow_up.updated",
            target=follow_up.organisation,
            changes=changes,
            data=_route_data(route, follow_up_id=follow_up.pk),
        )
    return follow_up


@transaction.atomic
def follow_up_complete(*, follow_up: FollowUp, by: Any) -> FollowUp:
    """Mark done (again marking a done one changes nothing)."""
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.done_by = by
        follow_up.save(update_fields=["done_at", "done_by", "updated_at"])
        log_action(
            actor=by,
            action_type="outreach.follow_up.done",
            target=follow_up.organisation,
            data=_route_data(follow_up.route, follow_up_id=follow_up.pk, description=follow_up.description),
        )
    return follow_up


@transaction.atomic
def follow_up_reopen(*, follow_up: FollowUp, by: Any) -> FollowUp:
    if follow_up.done_at is not None:
        follow_up.done_at = None
        follow_up.done_by = None
        follow_up.save(update_fields=["done_at", "done_by", "updated_at"])
        log_action(
            actor=by,
            action_type="outreach.follow_up.reopened",
            target=follow_up.organisation,
            data=_route_data(follow_up.route, follow_up_id=follow_up.pk, description=follow_up.description),
        )
    return follow_up
