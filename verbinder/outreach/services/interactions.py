"""Writes of contact moments: a call, e-mail, visit, video call, presentation or event with an organisation."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbinder.core.activity import log_action
from verbinder.outreach.enums import InteractionKind
from verbinder.outreach.models import Interaction
from verbinder.outreach.services.followups import check_contact_allowed, follow_up_create, is_route_staff
from verbinder.partners.models import Affiliation, Organisation, Person, Route


def _check_kind(kind: str) -> None:
    if kind not in InteractionKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds of contact.")}, code="invalid_kind")


def _check_occurred_on(occurred_on: datetime.date | None) -> None:
    if occurred_on is None:
        raise ValidationError({"occurred_on": _("Enter the date of the contact.")}, code="required")
    if occurred_on > timezone.localdate():
        raise ValidationError(
            {"occurred_on": _("The date is in the future. Log a contact moment once it has taken place.")},
            code="future",
        )


def _check_people(people: list[Person], organisation: Organisation) -> None:
    """Everyone named has (or had) a role at the organisation."""
    ids = {person.pk for person in people}
    affiliated = set(
        Affiliation.objects.filter(organisation=organisation, person_id__in=ids).values_list("person_id", flat=True)
    )
    if ids - affiliated:
        raise ValidationError(
            {"people": _("Choose contact persons who have (or had) a role at this organisation.")},
            code="not_affiliated",
        )


def _check_colleagues(colleagues: list[Any], route: Route) -> None:
    ids = {user.pk for user in colleagues}
    if ids - is_route_staff(user_ids=sorted(ids), route=route):
        raise ValidationError(
            {"colleagues": _("Choose colleagues who are coordinator or teacher of this route.")}, code="not_staff"
        )


def _names(items: Iterable[Any]) -> list[str]:
    return sorted(str(item) for item in items)


@transaction.atomic
def interaction_log(
    *,
    by: Any,
    route: Route,
    organisation: Organisation,
    kind: str,
    occurred_on: datetime.date,
    people: Iterable[Person],
    colleagues: Iterable[Any],
    notes: str,
    follow_up: dict[str, Any] | None = None,
) -> Interaction:
    """Log a contact moment, with an optional follow-up (`description`, `assignee`, `due_on`).

    Refused, with nothing saved: an archived organisation (restore it first), one not linked to the route, a date
    in the future, people without a role at the organisation, colleagues who are not staff of the route, and a
    follow-up due in the past or for someone outside the route. Without colleagues, the author is the colleague
    (when they staff the route)."""
    people, colleagues = list(people), list(colleagues)
    if not organisation.is_visible_to(by):
        raise ValidationError({"organisation": _("Choose an organisation of your routes.")}, code="not_visible")
    check_contact_allowed(route=route, organisation=organisation)
    _check_kind(kind)
    _check_occurred_on(occurred_on)
    _check_people(people, organisation)
    if not colleagues and is_route_staff(user_ids=[by.pk], route=route):
        colleagues = [by]
    _check_colleagues(colleagues, route)
    interaction = Interaction.objects.create(
        route=route, organisation=organisation, kind=kind, occurred_on=occurred_on, notes=notes, created_by=by
    )
    interaction.people.set(people)
    interaction.colleagues.set(colleagues)
    log_action(
        actor=by,
        action_type="outreach.interaction.logged",
        target=organisation,
        data={
            "route": str(route),
            "route_id": route.pk,
            "interaction_id": interaction.pk,
            "kind": kind,
            "occurred_on": str(occurred_on),
            "people": _names(people),
            "colleagues": _names(colleagues),
        },
    )
    if follow_up is not None:
        try:
            follow_up_create(
                by=by,
                route=route,
                organisation=organisation,
                interaction=interaction,
                description=follow_up.get("description", ""),
                assignee=follow_up.get("assignee"),
                due_on=follow_up.get("due_on"),  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            # Name the follow-up's fields as the combined form does; the contact moment is rolled back with it.
            raise ValidationError({f"follow_up_{field}": errors for field, errors in exc.error_dict.items()}) from exc
    return interaction


@transaction.atomic
def interaction_update(*, interaction: Interaction, by: Any, data: dict[str, Any]) -> Interaction:
    """Change kind, date, people, colleagues or notes of a contact moment (its route and organisation stay)."""
    route, organisation = interaction.route, interaction.organisation
    changes: dict[str, list[Any]] = {}
    if "kind" in data:
        _check_kind(data["kind"])
    if "occurred_on" in data:
        _check_occurred_on(data["occurred_on"])
    for name in ("kind", "occurred_on", "notes"):
        if name in data and data[name] != getattr(interaction, name):
            changes[name] = [str(getattr(interaction, name)), str(data[name])]
            setattr(interaction, name, data[name])
    if "people" in data:
        people = list(data["people"])
        _check_people(people, organisation)
        old = _names(interaction.people.all())
        if old != _names(people):
            changes["people"] = [old, _names(people)]
            interaction.people.set(people)
    if "colleagues" in data:
        colleagues = list(data["colleagues"])
        _check_colleagues(colleagues, route)
        old = _names(interaction.colleagues.all())
        if old != _names(colleagues):
            changes["colleagues"] = [old, _names(colleagues)]
            interaction.colleagues.set(colleagues)
    if changes:
        interaction.save()
        log_action(
            actor=by,
            action_type="outreach.interaction.updated",
            target=organisation,
            changes=changes,
            data={"route": str(route), "route_id": route.pk, "interaction_id": interaction.pk},
        )
    return interaction
