"""Writes to the partner registry. Each runs in one transaction and leaves an activity-log entry.

Services validate and normalise what they are given (the forms do too, for field-level messages): the API and
the spreadsheet import call the same functions, and a refused change leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from verbinder.accounts.enums import STAFF_ROLES, Role
from verbinder.accounts.models import RoleAssignment, User
from verbinder.accounts.services import role_assign, role_revoke, user_create
from verbinder.core.activity import diff, fields_changed_since, log_action, snapshot
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners import validators
from verbinder.partners.enums import RelationshipKind, sector_for_sbi_codes
from verbinder.partners.models import Affiliation, Organisation, Partnership, Person, Relationship, Route

ROUTE_FIELDS = ("programme_name", "degree_type", "croho_code", "croho_area", "hogeschool", "start_year")
ORGANISATION_FIELDS = (
    "name", "kind", "kvk_number", "establishment_number", "sbi_codes", "size_class", "street", "postcode",
    "city", "website", "has_hr_staff", "notes",
)  # fmt: skip
PERSON_FIELDS = ("first_name", "last_name", "preferred_language")
AFFILIATION_FIELDS = ("function_title", "is_primary_contact", "email", "phone")
MULTILINE_FIELDS = frozenset({"notes"})

KVK_TAKEN = _("An organisation with this KVK number is already registered.")

Normaliser = Callable[[str], str]


def _field_error(field: str, message: Any, code: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def _required_text(value: str) -> str:
    text = _collapse_spaces(value)
    if not text:
        raise ValidationError(_("This field is required."), code="required")
    return text


def _strip(value: str) -> str:
    return (value or "").strip()


def _collapse_spaces(value: str) -> str:
    return " ".join((value or "").split())


def _normalise_email(value: str) -> str:
    from django.core.validators import validate_email

    email = (value or "").strip().lower()
    if email:
        validate_email(email)
    return email


ROUTE_NORMALISERS: dict[str, Normaliser] = {
    "programme_name": _required_text,
    "hogeschool": _required_text,
    "croho_code": validators.normalise_croho_code,
}
ORGANISATION_NORMALISERS: dict[str, Normaliser] = {
    "name": _required_text,
    "kvk_number": validators.normalise_kvk,
    "establishment_number": validators.normalise_establishment_number,
    "sbi_codes": validators.normalise_sbi_codes,
    "postcode": validators.normalise_postcode,
    "street": _strip,
    "city": _collapse_spaces,
    "website": _strip,
}
PERSON_NORMALISERS: dict[str, Normaliser] = {"first_name": _required_text, "last_name": _required_text}
AFFILIATION_NORMALISERS: dict[str, Normaliser] = {
    "function_title": _strip,
    "email": _normalise_email,
    "phone": validators.normalise_phone,
}


def _clean(data: Mapping[str, Any], fields: Iterable[str], normalisers: Mapping[str, Normaliser]) -> dict[str, Any]:
    """The given fields of `data`, normalised; every refused field is reported at once, keyed by field."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        try:
            if isinstance(value, str):
                validators.reject_control_characters(value, multiline=name in MULTILINE_FIELDS)
                if name in normalisers:
                    value = normalisers[name](value)
        except ValidationError as exc:
            errors[name] = exc.error_list
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _save_or_refuse(instance: Organisation) -> None:
    """Save; a KVK number registered at the same moment by someone else becomes a validation error."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise _field_error("kvk_number", KVK_TAKEN, "unique") from exc


def _changed_since(current: Organisation | Person, version: int) -> list[str]:
    """The fields changed since `version`; a contact person's changed role on the record does not count."""
    return fields_changed_since(current, action_type=f"partners.{current._meta.model_name}.updated", version=version)


# Routes


@transaction.atomic
def route_create(*, by: Any, data: Mapping[str, Any]) -> Route:
    cleaned = _clean(data, ROUTE_FIELDS, ROUTE_NORMALISERS)
    route = Route(**cleaned)
    route.full_clean()
    route.save()
    log_action(
        actor=by, action_type="partners.route.created", target=route, changes=diff({}, snapshot(route, ROUTE_FIELDS))
    )
    return route


@transaction.atomic
def route_update(*, route: Route, by: Any, data: Mapping[str, Any]) -> Route:
    current = Route.objects.select_for_update().get(pk=route.pk)
    before = snapshot(current, ROUTE_FIELDS)
    for name, value in _clean(data, ROUTE_FIELDS, ROUTE_NORMALISERS).items():
        setattr(current, name, value)
    current.full_clean()
    changes = diff(before, snapshot(current, ROUTE_FIELDS))
    if changes:
        current.save()
        log_action(actor=by, action_type="partners.route.updated", target=current, changes=changes)
    return current


@transaction.atomic
def route_staff_add(*, route: Route, email: str, role: str, by: Any, name: str = "") -> RoleAssignment:
    """Give someone a staff role (coordinator or teacher) in a route; a new e-mail address gets an account.

    The new account has no password: its owner logs in with a code sent by e-mail.
    """
    if role not in STAFF_ROLES:
        raise _field_error("role", _("Choose coordinator or teacher."), "invalid_choice")
    address = _normalise_email(email)
    if not address:
        raise _field_error("email", _("This field is required."), "required")
    user = User.objects.filter(email__iexact=address).first()
    if user is None:
        clean_name = _collapse_spaces(name)
        validators.reject_control_characters(clean_name, multiline=False)
        if not clean_name:
            raise _field_error(
                "name", _("There is no account with this e-mail address yet: enter a name to create one."), "required"
            )
        user = user_create(email=address, name=clean_name, by=by)
    if RoleAssignment.objects.filter(user=user, role=role, route=route).exists():
        raise _field_error("email", _("This person already has this role in the route."), "exists")
    assignment = role_assign(user=user, role=role, route=route, by=by)
    log_action(
        actor=by,
        action_type="partners.route.staff_added",
        target=route,
        data={"user": str(user), "role": str(Role(role).label)},
    )
    return assignment


@transaction.atomic
def route_staff_remove(*, assignment: RoleAssignment, by: Any) -> None:
    route = assignment.route
    if route is None or assignment.role not in STAFF_ROLES:
        raise ValidationError(_("This is not a role in a route."))
    log_action(
        actor=by,
        action_type="partners.route.staff_removed",
        target=route,
        data={"user": str(assignment.user), "role": str(Role(assignment.role).label)},
    )
    role_revoke(assignment=assignment, by=by)


# Organisations


def _organisation_clean(data: Mapping[str, Any], *, exclude_pk: int | None) -> dict[str, Any]:
    cleaned = _clean(data, ORGANISATION_FIELDS, ORGANISATION_NORMALISERS)
    kvk = cleaned.get("kvk_number")
    others = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk else Organisation.objects.all()
    if kvk and others.filter(kvk_number=kvk).exists():
        raise _field_error("kvk_number", KVK_TAKEN, "unique")
    return cleaned


@transaction.atomic
def organisation_create(*, by: Any, data: Mapping[str, Any], routes: Iterable[Route]) -> Organisation:
    """A new organisation, linked as a partner to `routes` (which the caller has checked the user may use)."""
    organisation = Organisation(**_organisation_clean(data, exclude_pk=None))
    organisation.sector = sector_for_sbi_codes(organisation.sbi_codes)
    organisation.full_clean()
    _save_or_refuse(organisation)
    route_list = list(routes)
    Partnership.objects.bulk_create([Partnership(route=route, organisation=organisation) for route in route_list])
    log_action(
        actor=by,
        action_type="partners.organisation.created",
        target=organisation,
        changes=diff({}, snapshot(organisation, ORGANISATION_FIELDS)),
        data={"routes": [str(route) for route in route_list], "route_ids": [route.pk for route in route_list]},
    )
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: Any, data: Mapping[str, Any], version: int) -> Organisation:
    """Save changed fields, unless someone else saved the organisation since `version` was read."""
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if current.version != version:
        raise StaleVersionError(changed=_changed_since(current, version))
    before = snapshot(current, ORGANISATION_FIELDS)
    for name, value in _organisation_clean(data, exclude_pk=current.pk).items():
        setattr(current, name, value)
    current.sector = sector_for_sbi_codes(current.sbi_codes)
    current.full_clean()
    changes = diff(before, snapshot(current, ORGANISATION_FIELDS))
    if changes:
        current.version = F("version") + 1  # type: ignore[assignment]
        _save_or_refuse(current)
        current.refresh_from_db()
        log_action(actor=by, action_type="partners.organisation.updated", target=current, changes=changes)
    return current


def _set_archived(instance: Organisation | Person, *, archived: bool, by: Any, action_prefix: str) -> None:
    """Archive or restore (never delete); a no-op when the record already is in that state."""
    if (instance.archived_at is not None) == archived:
        return
    instance.archived_at = timezone.now() if archived else None
    instance.save(update_fields=["archived_at", "updated_at"])
    log_action(actor=by, action_type=f"{action_prefix}.{'archived' if archived else 'restored'}", target=instance)


@transaction.atomic
def organisation_archive(*, organisation: Organisation, by: Any) -> Organisation:
    """Archive (never delete): the organisation leaves lists and searches, and keeps its history."""
    _set_archived(organisation, archived=True, by=by, action_prefix="partners.organisation")
    return organisation


@transaction.atomic
def organisation_restore(*, organisation: Organisation, by: Any) -> Organisation:
    _set_archived(organisation, archived=False, by=by, action_prefix="partners.organisation")
    return organisation


@transaction.atomic
def organisation_link_route(*, organisation: Organisation, route: Route, by: Any) -> Partnership:
    partnership, created = Partnership.objects.get_or_create(route=route, organisation=organisation)
    if created:
        log_action(
            actor=by,
            action_type="partners.organisation.route_linked",
            target=organisation,
            data={"route": str(route), "route_id": route.pk},
        )
    return partnership


@transaction.atomic
def organisation_unlink_route(*, organisation: Organisation, route: Route, by: Any) -> None:
    deleted, _rows = Partnership.objects.filter(route=route, organisation=organisation).delete()
    if deleted:
        log_action(
            actor=by,
            action_type="partners.organisation.route_unlinked",
            target=organisation,
            data={"route": str(route), "route_id": route.pk},
        )


# People


@transaction.atomic
def person_create(
    *, by: Any, data: Mapping[str, Any], organisation: Organisation, affiliation: Mapping[str, Any]
) -> Person:
    """A new person with their role at an organisation."""
    person = Person(**_clean(data, PERSON_FIELDS, PERSON_NORMALISERS))
    person.full_clean()
    person.save()
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
    """Save changed fields, unless someone else saved the person since `version` was read."""
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != version:
        raise StaleVersionError(changed=_changed_since(current, version))
    before = snapshot(current, PERSON_FIELDS)
    for name, value in _clean(data, PERSON_FIELDS, PERSON_NORMALISERS).items():
        setattr(current, name, value)
    current.full_clean()
    changes = diff(before, snapshot(current, PERSON_FIELDS))
    if changes:
        current.version = F("version") + 1  # type: ignore[assignment]
        current.save()
        current.refresh_from_db()
        log_action(actor=by, action_type="partners.person.updated", target=current, changes=changes)
    return current


@transaction.atomic
def person_archive(*, person: Person, by: Any) -> Person:
    _set_archived(person, archived=True, by=by, action_prefix="partners.person")
    return person


@transaction.atomic
def person_restore(*, person: Person, by: Any) -> Person:
    _set_archived(person, archived=False, by=by, action_prefix="partners.person")
    return person


# Affiliations: a person's role at an organisation, logged on both.


def _log_affiliation(by: Any, action: str, affiliation: Affiliation, changes: dict[str, list[Any]]) -> None:
    for target in (affiliation.person, affiliation.organisation):
        log_action(
            actor=by,
            action_type=f"partners.affiliation.{action}",
            target=target,
            changes=changes,
            data={
                "person": affiliation.person.full_name,
                "organisation": affiliation.organisation.name,
                "organisation_id": affiliation.organisation_id,
            },
        )


@transaction.atomic
def affiliation_create(*, by: Any, person: Person, organisation: Organisation, data: Mapping[str, Any]) -> Affiliation:
    cleaned = _clean(data, AFFILIATION_FIELDS, AFFILIATION_NORMALISERS)
    if Affiliation.objects.filter(person=person, organisation=organisation, ended_on__isnull=True).exists():
        message = gettext("%(person)s already has a role at %(organisation)s.")
        raise _field_error("organisation", message % {"person": person, "organisation": organisation}, "exists")
    affiliation = Affiliation(person=person, organisation=organisation, **cleaned)
    affiliation.full_clean(validate_constraints=False)
    affiliation.save()
    _log_affiliation(by, "created", affiliation, diff({}, snapshot(affiliation, AFFILIATION_FIELDS)))
    return affiliation


@transaction.atomic
def affiliation_update(*, affiliation: Affiliation, by: Any, data: Mapping[str, Any]) -> Affiliation:
    current = Affiliation.objects.select_for_update().select_related("person", "organisation").get(pk=affiliation.pk)
    before = snapshot(current, AFFILIATION_FIELDS)
    for name, value in _clean(data, AFFILIATION_FIELDS, AFFILIATION_NORMALISERS).items():
        setattr(current, name, value)
    current.full_clean(validate_constraints=False)
    changes = diff(before, snapshot(current, AFFILIATION_FIELDS))
    if changes:
        current.save()
        _log_affiliation(by, "updated", current, changes)
    return current


@transaction.atomic
def affiliation_end(*, affiliation: Affiliation, by: Any) -> Affiliation:
    """The person no longer has this role; the affiliation stays, with the date it ended."""
    if affiliation.ended_on is None:
        affiliation.ended_on = timezone.localdate()
        affiliation.save(update_fields=["ended_on", "updated_at"])
        _log_affiliation(by, "ended", affiliation, {"ended_on": [None, affiliation.ended_on.isoformat()]})
    return affiliation


# Relationships between organisations, logged on both.


@transaction.atomic
def relationship_create(
    *, by: Any, source: Organisation, kind: str, target: Organisation, note: str = ""
) -> Relationship:
    note = _clean({"note": note}, ["note"], {"note": _strip})["note"]
    relationship = Relationship(source=source, kind=kind, target=target, note=note)
    relationship.full_clean()
    if (
        kind == RelationshipKind.WORKS_WITH
        and Relationship.objects.filter(source=target, kind=kind, target=source).exists()
    ):
        raise ValidationError(_("This relationship already exists."), code="unique")
    relationship.save()
    for organisation in (source, target):
        log_action(
            actor=by,
            action_type="partners.relationship.created",
            target=organisation,
            data={"relationship": str(relationship), "organisation_ids": [source.pk, target.pk]},
        )
    return relationship


@transaction.atomic
def relationship_delete(*, relationship: Relationship, by: Any) -> None:
    for organisation in (relationship.source, relationship.target):
        log_action(
            actor=by,
            action_type="partners.relationship.deleted",
            target=organisation,
            data={
                "relationship": str(relationship),
                "organisation_ids": [relationship.source_id, relationship.target_id],
            },
        )
    relationship.delete()
