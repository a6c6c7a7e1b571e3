"""Writes to the partner registry. Each runs in one transaction and leaves an activity-log entry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from verbinder.core.activity import diff, log_action, snapshot
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners.enums import sbi_section
from verbinder.partners.models import Affiliation, Organisation, Partnership, Person, Relationship, Route

ROUTE_FIELDS = ("programme_name", "degree_type", "croho_code", "croho_area", "hogeschool", "start_year")
ORGANISATION_FIELDS = (
    "name", "kind", "kvk_number", "establishment_number", "sbi_codes", "size_class", "street", "postcode",
    "city", "website", "has_hr_staff", "notes",
)  # fmt: skip
PERSON_FIELDS = ("first_name", "last_name", "preferred_language")
AFFILIATION_FIELDS = ("function_title", "is_primary_contact", "email", "phone")


def _sector_for(sbi_codes: str) -> str:
    first = sbi_codes.split()[0] if sbi_codes else ""
    return sbi_section(first) if first else ""


@transaction.atomic
def route_create(*, by: Any, data: Mapping[str, Any]) -> Route:
    route = Route.objects.create(**{name: data[name] for name in ROUTE_FIELDS})
    log_action(
        actor=by, action_type="partners.route.created", target=route, changes=diff({}, snapshot(route, ROUTE_FIELDS))
    )
    return route


@transaction.atomic
def route_update(*, route: Route, by: Any, data: Mapping[str, Any]) -> Route:
    before = snapshot(route, ROUTE_FIELDS)
    for name in ROUTE_FIELDS:
        setattr(route, name, data[name])
    route.save()
    changes = diff(before, snapshot(route, ROUTE_FIELDS))
    if changes:
        log_action(actor=by, action_type="partners.route.updated", target=route, changes=changes)
    return route


@transaction.atomic
def organisation_create(*, by: Any, data: Mapping[str, Any], routes: Iterable[Route]) -> Organisation:
    organisation = Organisation(**{name: data.get(name, "") for name in ORGANISATION_FIELDS if name in data})
    organisation.sector = _sector_for(organisation.sbi_codes)
    organisation.full_clean()
    organisation.save()
    route_list = list(routes)
    Partnership.objects.bulk_create([Partnership(route=route, organisation=organisation) for route in route_list])
    log_action(
        actor=by,
        action_type="partners.organisation.created",
        target=organisation,
        changes=diff({}, snapshot(organisation, ORGANISATION_FIELDS)),
        data={"routes": [str(route) for route in route_list]},
    )
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: Any, data: Mapping[str, Any], version: int) -> Organisation:
    """Save changed fields, unless someone else saved the organisation since `version` was read."""
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if current.version != version:
        raise StaleVersionError(changed=_changed_since(current, version))
    before = snapshot(current, ORGANISATION_FIELDS)
    for name in ORGANISATION_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.sector = _sector_for(current.sbi_codes)
    current.full_clean()
    changes = diff(before, snapshot(current, ORGANISATION_FIELDS))
    if changes:
        current.version = F("version") + 1  # type: ignore[assignment]
        current.save()
        current.refresh_from_db()
        log_action(actor=by, action_type="partners.organisation.updated", target=current, changes=changes)
    return current


def _changed_since(current: Organisation | Person, version: int) -> list[str]:
    from django.contrib.contenttypes.models import ContentType

    from verbinder.core.models import ActivityLog

    entries = ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(current), object_id=current.pk, action_type__endswith=".updated"
    ).order_by("-created_at")[: max(current.version - version, 0)]
    fields: list[str] = []
    for entry in entries:
        fields.extend(name for name in entry.changes if name not in fields)
    return fields


@transaction.atomic
def organisation_archive(*, organisation: Organisation, by: Any) -> Organisation:
    if organisation.archived_at is None:
        organisation.archived_at = timezone.now()
        organisation.save(update_fields=["archived_at", "updated_at"])
        log_action(actor=by, action_type="partners.organisation.archived", target=organisation)
    return organisation


@transaction.atomic
def organisation_restore(*, organisation: Organisation, by: Any) -> Organisation:
    if organisation.archived_at is not None:
        organisation.archived_at = None
        organisation.save(update_fields=["archived_at", "updated_at"])
        log_action(actor=by, action_type="partners.organisation.restored", target=organisation)
    return organisation


@transaction.atomic
def organisation_link_route(*, organisation: Organisation, route: Route, by: Any) -> Partnership:
    partnership, created = Partnership.objects.get_or_create(route=route, organisation=organisation)
    if created:
        log_action(
            actor=by, action_type="partners.organisation.route_linked", target=organisation, data={"route": str(route)}
        )
    return partnership


@transaction.atomic
def organisation_unlink_route(*, organisation: Organisation, route: Route, by: Any) -> None:
    deleted, _ = Partnership.objects.filter(route=route, organisation=organisation).delete()
    if deleted:
        log_action(
            actor=by,
            action_type="partners.organisation.route_unlinked",
            target=organisation,
            data={"route": str(route)},
        )


@transaction.atomic
def person_create(
    *, by: Any, data: Mapping[str, Any], organisation: Organisation, affiliation: Mapping[str, Any]
) -> Person:
    """A new person with their role at an organisation."""
    person = Person.objects.create(**{name: data[name] for name in PERSON_FIELDS if name in data})
    log_action(
        actor=by,
        action_type="partners.person.created",
        target=person,
        changes=diff({}, snapshot(person, PERSON_FIELDS)),
    )
    affiliation_create(by=by, person=person, organisation=organisation, data=affiliation)
    return person


@transaction.atomic
def person_update(*, person: Person, by: Any, data: Mapping[str, Any], version: int) -> Person:
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != version:
        raise StaleVersionError(changed=_changed_since(current, version))
    before = snapshot(current, PERSON_FIELDS)
    for name in PERSON_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    changes = diff(before, snapshot(current, PERSON_FIELDS))
    if changes:
        current.version = F("version") + 1  # type: ignore[assignment]
        current.save()
        current.refresh_from_db()
        log_action(actor=by, action_type="partners.person.updated", target=current, changes=changes)
    return current


@transaction.atomic
def person_archive(*, person: Person, by: Any) -> Person:
    if person.archived_at is None:
        person.archived_at = timezone.now()
        person.save(update_fields=["archived_at", "updated_at"])
        log_action(actor=by, action_type="partners.person.archived", target=person)
    return person


@transaction.atomic
def person_restore(*, person: Person, by: Any) -> Person:
    if person.archived_at is not None:
        person.archived_at = None
        person.save(update_fields=["archived_at", "updated_at"])
        log_action(actor=by, action_type="partners.person.restored", target=person)
    return person


def _log_affiliation(by: Any, action: str, affiliation: Affiliation, changes: dict[str, list[Any]]) -> None:
    for target in (affiliation.person, affiliation.organisation):
        log_action(
            actor=by,
            action_type=f"partners.affiliation.{action}",
            target=target,
            changes=changes,
            data={"person": affiliation.person.full_name, "organisation": affiliation.organisation.name},
        )


@transaction.atomic
def affiliation_create(*, by: Any, person: Person, organisation: Organisation, data: Mapping[str, Any]) -> Affiliation:
    if Affiliation.objects.filter(person=person, organisation=organisation, ended_on__isnull=True).exists():
        from django.core.exceptions import ValidationError

        raise ValidationError(
            _("%(person)s already has a role at %(organisation)s.") % {"person": person, "organisation": organisation}
        )
    affiliation = Affiliation.objects.create(
        person=person, organisation=organisation, **{name: data[name] for name in AFFILIATION_FIELDS if name in data}
    )
    _log_affiliation(by, "created", affiliation, diff({}, snapshot(affiliation, AFFILIATION_FIELDS)))
    return affiliation


@transaction.atomic
def affiliation_update(*, affiliation: Affiliation, by: Any, data: Mapping[str, Any]) -> Affiliation:
    before = snapshot(affiliation, AFFILIATION_FIELDS)
    for name in AFFILIATION_FIELDS:
        if name in data:
            setattr(affiliation, name, data[name])
    affiliation.save()
    changes = diff(before, snapshot(affiliation, AFFILIATION_FIELDS))
    if changes:
        _log_affiliation(by, "updated", affiliation, changes)
    return affiliation


@transaction.atomic
def affiliation_end(*, affiliation: Affiliation, by: Any) -> Affiliation:
    if affiliation.ended_on is None:
        affiliation.ended_on = timezone.localdate()
        affiliation.save(update_fields=["ended_on", "updated_at"])
        _log_affiliation(by, "ended", affiliation, {"ended_on": [None, affiliation.ended_on.isoformat()]})
    return affiliation


@transaction.atomic
def relationship_create(
    *, by: Any, source: Organisation, kind: str, target: Organisation, note: str = ""
) -> Relationship:
    relationship = Relationship(source=source, kind=kind, target=target, note=note)
    relationship.full_clean()
    relationship.save()
    for organisation in (source, target):
        log_action(
            actor=by,
            action_type="partners.relationship.created",
            target=organisation,
            data={"relationship": str(relationship)},
        )
    return relationship


@transaction.atomic
def relationship_delete(*, relationship: Relationship, by: Any) -> None:
    for organisation in (relationship.source, relationship.target):
        log_action(
            actor=by,
            action_type="partners.relationship.deleted",
            target=organisation,
            data={"relationship": str(relationship)},
        )
    relationship.delete()
