"""Activity-log entries made readable: field names become their labels."""

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


ACTION_LABELS = {
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

    @property
    def label(self) -> str:
        return str(ACTION_LABELS.get(self.entry.action_type, self.entry.action_type))


def _label(model: type[models.Model], name: str) -> str:
    for candidate in (model, *_related_models(model)):
        try:
            return str(getattr(candidate._meta.get_field(name), "verbose_name", name))
        except FieldDoesNotExist:
            continue
    return name


def _related_models(model: type[models.Model]) -> list[type[models.Model]]:
    from verbinder.partners.models import Affiliation

    return [Affiliation]


def history_rows(entries: list[ActivityLog], model: type[models.Model]) -> list[HistoryRow]:
    return [
        HistoryRow(
            entry=entry,
            changes=[FieldChange(_label(model, name), old, new) for name, (old, new) in entry.changes.items()],
        )
        for entry in entries
    ]
