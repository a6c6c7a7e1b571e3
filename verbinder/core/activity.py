"""The activity log: every state change that matters is written here by a service (never by a signal).

Every entry also gives the data a new version, so that cached page parts (`core.parts`) are rendered anew."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from verbinder.core.models import ActivityLog
from verbinder.core.parts import data_changed

Changes = dict[str, list[Any]]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The loggable values of some fields of an instance, to diff against later."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def log_action(
    *,
    actor: Any,
    action_type: str,
    target: models.Model,
    changes: Changes | None = None,
    data: Mapping[str, Any] | None = None,
) -> ActivityLog:
    data_changed()
    return ActivityLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action_type=action_type,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        object_repr=str(target)[:300],
        changes=changes or {},
        data=dict(data or {}),
    )


def log_actions_bulk(
    *, actor: Any, action_type: str, targets: Iterable[models.Model], data: Mapping[str, Any] | None = None
) -> int:
    """Log the same action on many objects in one query (imports and other bulk paths)."""
    entries = [
        ActivityLog(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action_type=action_type,
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            object_repr=str(target)[:300],
            data=dict(data or {}),
        )
        for target in targets
    ]
    ActivityLog.objects.bulk_create(entries, batch_size=1000)
    data_changed()
    return len(entries)


def fields_changed_since(target: Any, *, action_type: str, version: int) -> list[str]:
    """The fields changed by the updates of a versioned record after `version`, most recent first.

    Every save of the record itself bumps its `version` and writes one `action_type` entry, so the latest
    (current - read) of exactly those entries are the ones to report; other entries on the record do not count.
    """
    entries = ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk, action_type=action_type
    ).order_by("-created_at", "-pk")[: max(target.version - version, 0)]
    fields: list[str] = []
    for entry in entries:
        fields.extend(name for name in entry.changes if name not in fields)
    return fields


def history_for(target: models.Model, *, limit: int = 50) -> list[ActivityLog]:
    return list(
        ActivityLog.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk
        ).select_related("actor")[:limit]
    )
