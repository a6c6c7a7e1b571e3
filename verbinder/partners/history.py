"""Activity-log entries made readable: field names become their labels, stored values what the forms show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinder.core.models import ActivityLog


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: Any
    new: Any

    @property
    def had_value(self) -> bool:
        return self.old not in (None, "")


ACTION_LABELS = {
    "partners.route.created": _("created the route"),
    "partners.route.updated": _("changed the route"),
    "partners.route.staff_added": _("added someone to the route"),
    "partners.route.staff_removed": _("removed someone from the route"),
    "partners.organisation.created": _("created the organisation"),
    "partners.organisation.updated": _("changed the organisation"),
    "partners.organisation.archived": _("archived the organisation"),
    "partners.organisation.restored": _("restored the organisation"),
    "partners.organisation.imported": _("imported the organisation"),
    "partners.organisation.route_linked": _("linked the organisation to a route"),
    "partners.organisation.route_unlinked": _("unlinked the organisation from a route"),
    "partners.person.created": _("created the person"),
    "partners.person.updated": _("changed the person"),
    "partners.person.archived": _("archived the person"),
    "partners.person.restored": _("restored the person"),
    "partners.person.imported": _("imported the person"),
    "partners.affiliation.created": _("added a role"),
    "partners.affiliation.updated": _("changed a role"),
    "partners.affiliation.ended": _("ended a role"),
    "partners.relationship.created": _("added a relationship"),
    "partners.relationship.deleted": _("removed a relationship"),
}


@dataclass(frozen=True)
class HistoryRow:
    entry: ActivityLog
    changes: list[FieldChange]
    actor_name: str

    @property
    def label(self) -> str:
        return str(ACTION_LABELS.get(self.entry.action_type, self.entry.action_type))


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    from verbinder.partners.models import Affiliation

    # Roles (affiliations) are logged on the person and the organisation with the affiliation's field names.
    for candidate in (model, Affiliation):
        try:
            field = candidate._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.Field):
            return field
    return None


def field_label(model: type[models.Model], name: str) -> str:
    field = _field(model, name)
    return str(field.verbose_name) if field is not None else name


def _readable(field: models.Field[Any, Any] | None, value: Any) -> Any:
    if value is None or value == "":
        return value
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def display_value(instance: models.Model, name: str) -> str:
    """The current value of a field as a person reads it ("–" when empty)."""
    value = _readable(_field(type(instance), name), getattr(instance, name, None))
    return "–" if value in (None, "") else str(value)


def _referenced_ids(entry: ActivityLog) -> tuple[set[int], set[int]]:
    """The organisations and routes an entry names besides its target."""
    data = entry.data or {}
    organisations = set(data.get("organisation_ids") or [])
    if data.get("organisation_id"):
        organisations.add(data["organisation_id"])
    routes = set(data.get("route_ids") or [])
    if data.get("route_id"):
        routes.add(data["route_id"])
    return organisations, routes


def _visible_entries(entries: list[ActivityLog], user: Any) -> list[ActivityLog]:
    """Leave out entries that name an organisation or route outside the viewer's reach."""
    from verbinder.accounts.scope import scope_for
    from verbinder.partners.models import Organisation

    scope = scope_for(user)
    referenced = [_referenced_ids(entry) for entry in entries]
    organisation_ids: set[int] = set().union(*(orgs for orgs, _routes in referenced)) if referenced else set()
    visible_organisations = (
        set(Organisation.objects.visible_to(user).filter(pk__in=organisation_ids).values_list("pk", flat=True))
        if organisation_ids
        else set()
    )
    return [
        entry
        for entry, (orgs, routes) in zip(entries, referenced, strict=True)
        if orgs <= visible_organisations and (scope.is_admin or routes <= scope.staff_route_ids)
    ]


def _actor_names(entries: list[ActivityLog], user: Any) -> dict[int, str]:
    """Names of the people who made the changes, where the viewer works with them (a shared route).

    Anyone else shows as "a colleague": a person shared by two routes does not reveal who works in the other.
    """
    from verbinder.accounts.models import RoleAssignment
    from verbinder.accounts.scope import scope_for

    actors: dict[int, Any] = {}
    for entry in entries:
        if entry.actor_id is not None:
            actors[entry.actor_id] = entry.actor
    scope = scope_for(user)
    others = set(actors) - {user.pk}
    if scope.is_admin or not others:
        known = set(actors)
    else:
        known = {user.pk} | set(
            RoleAssignment.objects.filter(user_id__in=others, route_id__in=scope.staff_route_ids).values_list(
                "user_id", flat=True
            )
        )
    return {pk: (actor.name or actor.email) if pk in known else str(_("a colleague")) for pk, actor in actors.items()}


def history_rows(entries: list[ActivityLog], model: type[models.Model], *, user: Any) -> list[HistoryRow]:
    visible = _visible_entries(entries, user)
    names = _actor_names(visible, user)
    rows = []
    for entry in visible:
        changes = []
        for name, (old, new) in entry.changes.items():
            field = _field(model, name)
            changes.append(FieldChange(field_label(model, name), _readable(field, old), _readable(field, new)))
        actor_name = names[entry.actor_id] if entry.actor_id in names else str(_("the system"))
        rows.append(HistoryRow(entry=entry, changes=changes, actor_name=actor_name))
    return rows
