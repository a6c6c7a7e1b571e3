"""Writes of outreach activities: the activity itself (with its material file) and the leads it produced.

A lead is an organisation linked to the activity's route whose pipeline source is the activity. Quick-adding one
creates the organisation (and optionally a contact person) and sets the source in one transaction, through the
registry's own services, so that the duplicate checks, the activity log and the cached pages stay as they are.

Material files are checked before anything is stored (ASVS v5.0.0-5.2): size, extension and magic bytes; an
Office or OpenDocument file must be a real zip archive with the parts of its kind, unpacking to a bounded size at
a bounded ratio (zip bombs), without encryption. The file is stored under a random name; its original name is
kept, cleaned, for the download.
"""

from __future__ import annotations

import io
import unicodedata
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from verbinder.core.activity import diff, fields_changed_since, log_action, snapshot
from verbinder.core.exceptions import StaleVersionError
from verbinder.outreach.enums import ACTIVITY_SOURCE, ActivityKind, InteractionKind
from verbinder.outreach.models import Interaction, OutreachActivity, PipelineEntry
from verbinder.outreach.services.pipeline import entry_update
from verbinder.partners import services as partner_services
from verbinder.partners import validators
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.models import Organisation, Partnership, Route
from verbinder.spreadsheets.reader import OLE_MAGIC, XLSX_MAX_RATIO, XLSX_RATIO_FLOOR_BYTES, ZIP_MAGIC

ACTIVITY_FIELDS = ("kind", "title", "held_on", "host", "audience", "notes")
MATERIAL_MAX_BYTES = 20 * 1024 * 1024
MATERIAL_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MATERIAL_MAX_MEMBERS = 5_000
MATERIAL_NAME_MAX = 200
READ_CHUNK_BYTES = 1024 * 1024

# Hosts that bring companies in: a lead of their activity gets them as the organisation it came through.
INTERMEDIARY_KINDS = frozenset(
    {
        OrganisationKind.BRANCH_ASSOCIATION,
        OrganisationKind.EMPLOYERS_ORGANISATION,
        OrganisationKind.SECTOR_PARTNERSHIP,
    }
)


@dataclass(frozen=True)
class MaterialType:
    content_type: str
    magic: tuple[bytes, ...]
    # For zip-based formats: a member the archive must hold, and for OpenDocument the text of its "mimetype".
    zip_member: str = ""
    odf_mimetype: bytes = b""


_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"
MATERIAL_TYPES: dict[str, MaterialType] = {
    ".pdf": MaterialType("application/pdf", (b"%PDF-",)),
    ".png": MaterialType("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": MaterialType("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": MaterialType("image/jpeg", (b"\xff\xd8\xff",)),
    ".pptx": MaterialType(f"{_OOXML}.presentationml.presentation", (ZIP_MAGIC,), "ppt/presentation.xml"),
    ".docx": MaterialType(f"{_OOXML}.wordprocessingml.document", (ZIP_MAGIC,), "word/document.xml"),
    ".xlsx": MaterialType(f"{_OOXML}.spreadsheetml.sheet", (ZIP_MAGIC,), "xl/workbook.xml"),
    ".odp": MaterialType(f"{_ODF}.presentation", (ZIP_MAGIC,), "mimetype", f"{_ODF}.presentation".encode()),
    ".odt": MaterialType(f"{_ODF}.text", (ZIP_MAGIC,), "mimetype", f"{_ODF}.text".encode()),
}
MATERIAL_ACCEPT = ",".join(MATERIAL_TYPES)

NOT_ALLOWED = _("Upload a PDF, PowerPoint, Word, Excel, OpenDocument (.odp, .odt), PNG or JPG file.")
MISMATCH = _("The contents of this file do not match its name (%(extension)s). Save it again in that format.")
UNREADABLE = _("The file could not be read. Open it, save it again and try once more.")
BOMB = _("The file unpacks to far more data than a document holds, and is refused.")
ENCRYPTED = _("This file is password-protected. Save it without a password and try again.")


def _error(message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError({"material": [ValidationError(message, code=code, params=params or None)]})


def material_type_for(name: str) -> MaterialType | None:
    return MATERIAL_TYPES.get(PurePath(name or "").suffix.lower())


def material_clean_name(name: str) -> str:
    """The uploaded file's own name, without folders, control characters or runs of spaces, at most 200 long
    (the extension kept)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(" " if unicodedata.category(char).startswith(("C", "Z")) else char for char in base)
    base = " ".join(base.split()).strip(" .")
    if len(base) > MATERIAL_NAME_MAX:
        suffix = PurePath(base).suffix[:10]
        base = base[: MATERIAL_NAME_MAX - len(suffix)] + suffix
    return base or "material"


def material_check(*, name: str, upload: IO[bytes], size: int | None) -> MaterialType:
    """The file's type, or a ValidationError (on "material") that says in plain words what is wrong with it."""
    if size is not None and size > MATERIAL_MAX_BYTES:
        raise _error(_("The file is larger than %(size)s MB."), "size", size=MATERIAL_MAX_BYTES // (1024 * 1024))
    material_type = material_type_for(name)
    if material_type is None:
        raise _error(NOT_ALLOWED, "extension")
    upload.seek(0)
    data = upload.read(MATERIAL_MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > MATERIAL_MAX_BYTES:
        raise _error(_("The file is larger than %(size)s MB."), "size", size=MATERIAL_MAX_BYTES // (1024 * 1024))
    if not data.strip():
        raise _error(_("The file is empty."), "empty")
    extension = PurePath(name).suffix.lower()
    if material_type.zip_member and data.startswith(OLE_MAGIC):
        raise _error(ENCRYPTED, "ole")
    if not data.startswith(material_type.magic):
        raise _error(MISMATCH, "magic", extension=extension)
    if material_type.zip_member:
        _check_archive(data, material_type, extension)
    return material_type


def _check_archive(data: bytes, material_type: MaterialType, extension: str) -> None:
    """A real zip of the right kind that unpacks to a bounded size. Every member is unpacked (and its checksum
    checked) with a cap, so that sizes a crafted archive states falsely do not count."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _error(UNREADABLE, "zip") from exc
    with archive:
        if len(members) > MATERIAL_MAX_MEMBERS:
            raise _error(BOMB, "bomb")
        if sum(member.file_size for member in members) > MATERIAL_MAX_UNCOMPRESSED_BYTES:
            raise _error(BOMB, "bomb")
        names = {member.filename for member in members}
        if material_type.zip_member not in names:
            raise _error(MISMATCH, "member", extension=extension)
        for member in members:
            if member.flag_bits & 0x1:
                raise _error(ENCRYPTED, "encrypted")
            if member.file_size > XLSX_RATIO_FLOOR_BYTES and member.file_size > XLSX_MAX_RATIO * max(
                member.compress_size, 1
            ):
                raise _error(BOMB, "bomb")
        unpacked = 0
        for member in members:
            unpacked += _unpack_bounded(archive, member, MATERIAL_MAX_UNCOMPRESSED_BYTES - unpacked)
        if material_type.odf_mimetype and archive.read("mimetype").strip() != material_type.odf_mimetype:
            raise _error(MISMATCH, "mimetype", extension=extension)


def _unpack_bounded(archive: zipfile.ZipFile, member: zipfile.ZipInfo, room: int) -> int:
    """Unpack one member without keeping it: refuse more data than it states or than there is room for."""
    limit = min(member.file_size, room)
    count = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(READ_CHUNK_BYTES):
                count += len(chunk)
                if count > limit:
                    raise _error(BOMB, "bomb")
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError, zipfile.LargeZipFile) as exc:
        raise _error(UNREADABLE, "zip") from exc
    return count


def _store_material(activity: OutreachActivity, *, name: str, upload: IO[bytes], material_type: MaterialType) -> str:
    """Store the file under a random name (never the user's); returns the stored name of the file it replaces."""
    old = activity.material.name if activity.material else ""
    extension = PurePath(name).suffix.lower()
    activity.material.save(f"{uuid.uuid4().hex}{extension}", File(upload), save=False)
    activity.material_name = material_clean_name(name)
    return old


def _delete_after_commit(stored_name: str) -> None:
    """Remove a replaced file once the new state is committed (a rollback keeps the old file)."""
    if not stored_name:
        return
    field = OutreachActivity._meta.get_field("material")
    storage = field.storage  # type: ignore[attr-defined]
    transaction.on_commit(lambda: storage.delete(stored_name))


def _cleanup_on_error(activity: OutreachActivity, previous_name: str) -> None:
    if activity.material and activity.material.name != previous_name:
        activity.material.storage.delete(activity.material.name)


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    for name in ACTIVITY_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            try:
                validators.reject_control_characters(value, multiline=name == "notes")
            except ValidationError as exc:
                errors[name] = exc.error_list
            value = value.strip() if name == "notes" else " ".join(value.split())
        cleaned[name] = value
    if "kind" in cleaned and cleaned["kind"] not in ActivityKind.values:
        errors["kind"] = [ValidationError(_("Choose one of the kinds."), code="invalid_choice")]
    if "title" in cleaned and not cleaned["title"]:
        errors["title"] = [ValidationError(_("Enter a title."), code="required")]
    if "held_on" in cleaned and not isinstance(cleaned["held_on"], date):
        errors["held_on"] = [ValidationError(_("Enter a date."), code="required")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_host(host: Organisation | None, *, current: Organisation | None = None) -> None:
    """An archived organisation cannot become a host (one that already is stays)."""
    if host is not None and host.archived_at is not None and (current is None or host.pk != current.pk):
        raise ValidationError(
            {"host": [ValidationError(_("This organisation is archived: restore it first."), code="archived")]}
        )


def _log_data(route: Route) -> dict[str, Any]:
    return {"route": str(route), "route_id": route.pk}


def _loggable(activity: OutreachActivity) -> dict[str, Any]:
    return snapshot(activity, [*ACTIVITY_FIELDS, "material_name"])


@transaction.atomic
def activity_create(
    *,
    route: Route,
    by: Any,
    data: Mapping[str, Any],
    material: IO[bytes] | None = None,
    material_name: str = "",
) -> OutreachActivity:
    """A new activity of the route. The caller has checked that the host is an organisation the user may see."""
    if route.archived_at is not None:
        raise ValidationError(_("This route is archived."), code="route_archived")
    cleaned = _clean(data)
    _check_host(cleaned.get("host"))
    activity = OutreachActivity(route=route, created_by=by if getattr(by, "is_authenticated", False) else None)
    for name, value in cleaned.items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["material", "created_by"])
    if material is not None:
        material_type = material_check(name=material_name, upload=material, size=None)
        _store_material(activity, name=material_name, upload=material, material_type=material_type)
    try:
        activity.save()
        log_action(
            actor=by,
            action_type="outreach.activity.created",
            target=activity,
            changes=diff({}, _loggable(activity)),
            data=_log_data(route),
        )
    except Exception:
        _cleanup_on_error(activity, "")
        raise
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: OutreachActivity,
    by: Any,
    data: Mapping[str, Any],
    version: int,
    material: IO[bytes] | None = None,
    material_name: str = "",
    remove_material: bool = False,
) -> OutreachActivity:
    """Save changed fields (and a new or removed material file), unless someone else saved since `version`."""
    current = (
        OutreachActivity.objects.select_for_update(of=("self",)).select_related("route", "host").get(pk=activity.pk)
    )
    cleaned = _clean(data)
    if current.version != version:
        raise StaleVersionError(
            changed=fields_changed_since(current, action_type="outreach.activity.updated", version=version)
        )
    _check_host(cleaned.get("host"), current=current.host)
    before = _loggable(current)
    for name, value in cleaned.items():
        setattr(current, name, value)
    current.full_clean(exclude=["material", "created_by"])
    replaced = ""
    previous = current.material.name if current.material else ""
    if material is not None:
        material_type = material_check(name=material_name, upload=material, size=None)
        replaced = _store_material(current, name=material_name, upload=material, material_type=material_type)
    elif remove_material and current.material:
        replaced = current.material.name
        current.material = ""  # type: ignore[assignment]
        current.material_name = ""
    changes = diff(before, _loggable(current))
    if not changes and not replaced:
        return current
    try:
        current.version = F("version") + 1  # type: ignore[assignment]
        current.save()
        current.refresh_from_db()
        log_action(
            actor=by,
            action_type="outreach.activity.updated",
            target=current,
            changes=changes,
            data=_log_data(current.route),
        )
    except Exception:
        _cleanup_on_error(current, previous)
        raise
    _delete_after_commit(replaced)
    return current


# Leads


def _lead_source(activity: OutreachActivity) -> dict[str, Any]:
    """The source a lead gets from the activity. Its host becomes the "via" organisation only when it is an
    intermediary and a partner of the activity's route, so that the route's staff never see, through a lead,
    the name of an organisation outside their reach."""
    host = activity.host
    via = (
        host
        if host is not None
        and host.kind in INTERMEDIARY_KINDS
        and Partnership.objects.filter(route_id=activity.route_id, organisation=host).exists()
        else None
    )
    return {
        "source": str(ACTIVITY_SOURCE[ActivityKind(activity.kind)]),
        "source_activity": activity,
        "source_organisation": via,
    }


@transaction.atomic
def lead_create(
    *,
    activity: OutreachActivity,
    by: Any,
    organisation: Mapping[str, Any],
    person: Mapping[str, Any] | None = None,
    affiliation: Mapping[str, Any] | None = None,
) -> PipelineEntry:
    """A new organisation that came in through the activity: linked to its route, with the activity as source,
    and optionally a contact person there. All or nothing."""
    created = partner_services.organisation_create(by=by, data=organisation, routes=[activity.route])
    if person:
        partner_services.person_create(by=by, data=person, organisation=created, affiliation=affiliation or {})
    return entry_update(route=activity.route, organisation=created, by=by, data=_lead_source(activity))


@transaction.atomic
def lead_link(*, activity: OutreachActivity, organisation: Organisation, by: Any) -> PipelineEntry:
    """An organisation already in the registry that came in through the activity: linked to the route if it is
    not yet, with the activity as its source."""
    if organisation.archived_at is not None:
        raise ValidationError(
            _("%(name)s is archived: restore it first.") % {"name": organisation.name}, code="archived"
        )
    if not Partnership.objects.filter(route=activity.route, organisation=organisation).exists():
        partner_services.organisation_link_route(organisation=organisation, route=activity.route, by=by)
    return entry_update(route=activity.route, organisation=organisation, by=by, data=_lead_source(activity))


# The activity as a contact moment with its host


@transaction.atomic
def activity_contact_log(*, activity: OutreachActivity, by: Any) -> Interaction:
    """Log the activity as a contact moment (a presentation) with its host, on the day it was held, so that the
    host's timeline shows it. The host is linked to the route first if it is not yet. Once per activity."""
    from verbinder.outreach.services.interactions import interaction_log

    host = activity.host
    if host is None:
        raise ValidationError(_("Choose a host organisation for this activity first."), code="no_host")
    if Interaction.objects.filter(activity=activity, organisation=host).exists():
        raise ValidationError(_("This activity is already logged as a contact moment."), code="exists")
    if host.archived_at is None and not Partnership.objects.filter(route=activity.route, organisation=host).exists():
        partner_services.organisation_link_route(organisation=host, route=activity.route, by=by)
        host = Organisation.objects.prefetch_related("partnerships").get(pk=host.pk)
    notes = _("Outreach activity: %(title)s") % {"title": activity.title}
    if activity.audience:
        notes += "\n\n" + _("Audience: %(audience)s") % {"audience": activity.audience}
    interaction = interaction_log(
        by=by,
        route=activity.route,
        organisation=host,
        kind=InteractionKind.PRESENTATION,
        occurred_on=activity.held_on,
        people=[],
        colleagues=[],
        notes=notes,
    )
    Interaction.objects.filter(pk=interaction.pk).update(activity=activity)
    interaction.activity = activity
    return interaction
