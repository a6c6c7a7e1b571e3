"""Importing a route's students from the export of the student information system (Osiris, Progress): upload,
choose the columns (once per route: the choice is kept and offered again), check every row, import all or none.

The file is checked by verbinder.spreadsheets.reader (size, type, magic bytes, zip and XML bombs, encoding and
delimiter of a CSV file) and kept under a random name until it is imported or replaced. Each row is checked as
the student form is (services.students.clean_student_fields), after translating the usual Dutch words for the
prior education ("MBO 4 BOL", "mbo-4 bbl", "HAVO", "werkend") and the status ("actief", "aangemeld",
"gestopt", "afgestudeerd"), and the teacher's name or e-mail address to one of the route's staff. A student
number twice in the file, or already registered in the route, is a row error: an import never changes a student
that is already there. The import runs in the request: a file holds at most MAX_STUDENT_ROWS rows, which are
checked and written within a few seconds; it writes every row in one transaction, or nothing. A file that is
not imported is deleted when the next one is uploaded, or by the hourly sweep after a day.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbinder.accounts.models import User
from verbinder.core.activity import log_action, log_actions_bulk
from verbinder.partners.models import Route
from verbinder.placements.enums import PriorEducation, StudentStatus
from verbinder.placements.models import Student, StudentImportMapping
from verbinder.placements.services.students import (
    NUMBER_TAKEN,
    clean_student_fields,
    logins_for_emails,
    route_staff_ids,
)
from verbinder.spreadsheets.columns import normalise_header
from verbinder.spreadsheets.forms import column_label
from verbinder.spreadsheets.reader import Table, check_upload, read_table

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_STUDENT_ROWS = 5_000
SAMPLE_ROWS = 3
PREVIEW_ROWS = 20
MAX_SHOWN_ERRORS = 500
UPLOAD_FOLDER = "imports/students"
BULK_BATCH_SIZE = 1000
KEEP_UPLOADS = timedelta(hours=24)


@dataclass(frozen=True)
class StudentImportField:
    key: str
    label: StrOrPromise
    synonyms: tuple[str, ...]  # in order of preference: "roepnaam" before "voornaam"
    required: bool = False


# In the order of an Osiris or Progress export. Synonyms are compared normalised (lower case, no punctuation).
IMPORT_FIELDS: tuple[StudentImportField, ...] = (
    StudentImportField("student_number", gettext_lazy("Student number"),
                       ("studentnummer", "studentnr", "student nr", "studnr", "student number", "student id",
                        "studentid", "nummer"), required=True),
    StudentImportField("first_name", gettext_lazy("First name"),
                       ("roepnaam", "voornaam", "voornamen", "first name", "given name", "firstname"), required=True),
    StudentImportField("prefix", gettext_lazy("Prefix (tussenvoegsel)"),
                       ("tussenvoegsel", "tussenvoegsels", "voorvoegsel", "voorvoegsels", "prefix", "infix")),
    StudentImportField("last_name", gettext_lazy("Last name"),
                       ("achternaam", "geslachtsnaam", "familienaam", "last name", "surname", "family name",
                        "lastname"), required=True),
    StudentImportField("email", gettext_lazy("E-mail address"),
                       ("e mail", "email", "e mailadres", "emailadres", "e mail student", "e mailadres student",
                        "e mail instelling", "mail", "email address", "e mail address")),
    StudentImportField("phone", gettext_lazy("Phone"),
                       ("telefoon", "telefoonnummer", "mobiel", "mobiel nummer", "tel", "phone", "mobile")),
    StudentImportField("postcode", gettext_lazy("Postcode"), ("postcode", "post code", "postal code", "zip")),
    StudentImportField("city", gettext_lazy("City"), ("woonplaats", "plaats", "city", "town")),
    StudentImportField("cohort", gettext_lazy("Cohort (start year)"),
                       ("cohort", "startjaar", "jaar van instroom", "instroomjaar", "start year", "cohort year"),
                       required=True),
    StudentImportField("prior_education", gettext_lazy("Prior education"),
                       ("vooropleiding", "hoogste vooropleiding", "vooropleiding niveau", "prior education"),
                       required=True),
    StudentImportField("status", gettext_lazy("Status"),
                       ("status", "inschrijvingsstatus", "inschrijfstatus", "status inschrijving", "student status")),
    StudentImportField("hours_per_week", gettext_lazy("Working hours per week"),
                       ("uren per week", "werkuren", "werkuren per week", "uren", "hours per week", "hours")),
    StudentImportField("teacher", gettext_lazy("Teacher (docent-begeleider)"),
                       ("docent", "docent begeleider", "docentbegeleider", "slb", "slb er", "slber",
                        "studieloopbaanbegeleider", "begeleider", "mentor", "teacher", "tutor")),
)  # fmt: skip
FIELDS_BY_KEY = {spec.key: spec for spec in IMPORT_FIELDS}


# Words of the student information systems, normalised by _word(): spaces and punctuation removed.
PRIOR_EDUCATION_WORDS = {
    "mbo4bol": PriorEducation.MBO4_BOL, "mbobol4": PriorEducation.MBO4_BOL, "mbobolniveau4": PriorEducation.MBO4_BOL,
    "mboniveau4bol": PriorEducation.MBO4_BOL, "bol4": PriorEducation.MBO4_BOL,
    "mbo4bbl": PriorEducation.MBO4_BBL, "mbobbl4": PriorEducation.MBO4_BBL, "mbobblniveau4": PriorEducation.MBO4_BBL,
    "mboniveau4bbl": PriorEducation.MBO4_BBL, "bbl4": PriorEducation.MBO4_BBL,
    "havo": PriorEducation.HAVO, "havodiploma": PriorEducation.HAVO,
    "vwo": PriorEducation.VWO, "vwodiploma": PriorEducation.VWO, "atheneum": PriorEducation.VWO,
    "gymnasium": PriorEducation.VWO,
    "werkend": PriorEducation.WORKING_PROFESSIONAL, "werkende": PriorEducation.WORKING_PROFESSIONAL,
    "werkzaam": PriorEducation.WORKING_PROFESSIONAL, "werkendeprofessional": PriorEducation.WORKING_PROFESSIONAL,
    "werkendenprofessional": PriorEducation.WORKING_PROFESSIONAL, "zijinstromer": PriorEducation.WORKING_PROFESSIONAL,
    "21+": PriorEducation.WORKING_PROFESSIONAL, "21plus": PriorEducation.WORKING_PROFESSIONAL,
    "colloquiumdoctum": PriorEducation.OTHER, "overig": PriorEducation.OTHER, "overige": PriorEducation.OTHER,
    "anders": PriorEducation.OTHER,
}  # fmt: skip
STATUS_WORDS = {
    "aangemeld": StudentStatus.APPLICANT, "aanmelding": StudentStatus.APPLICANT,
    "vooraanmelding": StudentStatus.APPLICANT,
    "verzoektotinschrijving": StudentStatus.APPLICANT, "toegelaten": StudentStatus.APPLICANT,
    "actief": StudentStatus.ACTIVE, "ingeschreven": StudentStatus.ACTIVE, "studerend": StudentStatus.ACTIVE,
    "gepauzeerd": StudentStatus.PAUSED, "pauze": StudentStatus.PAUSED, "onderbroken": StudentStatus.PAUSED,
    "studieonderbreking": StudentStatus.PAUSED, "tijdelijkuitgeschreven": StudentStatus.PAUSED,
    "afgestudeerd": StudentStatus.GRADUATED, "geslaagd": StudentStatus.GRADUATED,
    "gediplomeerd": StudentStatus.GRADUATED, "diploma": StudentStatus.GRADUATED,
    "gestopt": StudentStatus.STOPPED, "uitgeschreven": StudentStatus.STOPPED, "uitgevallen": StudentStatus.STOPPED,
    "gestaakt": StudentStatus.STOPPED,
}  # fmt: skip


def _word(text: str) -> str:
    """ "MBO 4 BOL", "mbo-4 bol" and "Mbo4-Bol" -> "mbo4bol"."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9+]", "", plain)


def _choice_lookup(choices: Iterable[tuple[str, Any]], words: Mapping[str, str]) -> dict[str, str]:
    """Normalised word -> value: the words of the systems, and the values and labels in every language."""
    known = dict(words)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in choices:
                known.setdefault(_word(value), value)
                known.setdefault(_word(str(label)), value)
    return known


@functools.cache
def _prior_education_lookup() -> dict[str, str]:
    return _choice_lookup(PriorEducation.choices, PRIOR_EDUCATION_WORDS)


@functools.cache
def _status_lookup() -> dict[str, str]:
    return _choice_lookup(StudentStatus.choices, STATUS_WORDS)


def prior_education_for(text: str) -> str | None:
    return _prior_education_lookup().get(_word(text))


def status_for(text: str) -> str | None:
    return _status_lookup().get(_word(text))


def cohort_for(text: str) -> str:
    """ "2025", "2025-2026", "2025/26" and a date "2025-09-01" -> "2025"; anything else as it is (the check
    then says what is wrong)."""
    match = re.match(r"^\s*((?:19|20|21)[0-9]{2})(?:\s*[-/]\s*[0-9]{2,4}(?:[-/][0-9]{2})?)?(?:[ T].*)?\s*$", text)
    return match.group(1) if match else text.strip()


# The mapping


def suggest_mapping(headers: list[str]) -> dict[str, int]:
    """Field key -> column index, for each field whose header is recognised; each column used once, each field
    taking its most preferred synonym ("Roepnaam" before "Voornaam")."""
    normalised = [normalise_header(header) for header in headers]
    labels: dict[str, set[str]] = {spec.key: set() for spec in IMPORT_FIELDS}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for spec in IMPORT_FIELDS:
                labels[spec.key].add(normalise_header(str(spec.label)))
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for spec in IMPORT_FIELDS:
        for synonym in (*spec.synonyms, *sorted(labels[spec.key])):
            wanted = normalise_header(synonym)
            index = next((i for i, h in enumerate(normalised) if h == wanted and i not in used), None)
            if index is not None:
                mapping[spec.key] = index
                used.add(index)
                break
    return mapping


def mapping_initial(*, route: Route, headers: list[str]) -> tuple[dict[str, int], bool]:
    """The mapping to offer for this file: the route's stored choice (by header name) where the file has those
    columns, the suggestion for the rest. True when a stored choice was used."""
    stored = StudentImportMapping.objects.filter(route=route).first()
    suggested = suggest_mapping(headers)
    if stored is None or not stored.mapping:
        return suggested, False
    normalised = [normalise_header(header) for header in headers]
    mapping: dict[str, int] = {}
    for key, header in stored.mapping.items():
        if key in FIELDS_BY_KEY and normalise_header(str(header)) in normalised:
            mapping[key] = normalised.index(normalise_header(str(header)))
    used = set(mapping.values())
    for key, index in suggested.items():
        if key not in mapping and index not in used:
            mapping[key] = index
            used.add(index)
    return mapping, True


@transaction.atomic
def mapping_save(*, by: Any, route: Route, headers: list[str], mapping: dict[str, int]) -> StudentImportMapping:
    """Keep the route's column choice by header name, to offer it for the next file (logged when it changes)."""
    by_name = {key: headers[index] for key, index in mapping.items() if 0 <= index < len(headers)}
    stored = StudentImportMapping.objects.select_for_update().filter(route=route).first()
    before = stored.mapping if stored is not None else {}
    if stored is None:
        stored = StudentImportMapping(route=route)
    stored.mapping, stored.headers = by_name, headers
    stored.save()
    if before != by_name:
        log_action(
            actor=by,
            action_type="placements.student_import_mapping.saved",
            target=stored,
            changes={"mapping": [before or None, by_name]},
            data={"route": str(route), "route_id": route.pk},
        )
    return stored


# The uploaded file


@dataclass(frozen=True)
class StoredUpload:
    """An uploaded file kept for the next steps (its name in storage is random; the person's name is shown)."""

    stored_name: str
    original_name: str
    file_format: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> StoredUpload | None:
        if not isinstance(data, dict):
            return None
        try:
            upload = cls(str(data["stored_name"]), str(data["original_name"]), str(data["file_format"]))
        except KeyError:
            return None
        return upload if upload.stored_name.startswith(f"{UPLOAD_FOLDER}/") else None


def upload_store(*, route: Route, name: str, data: bytes) -> StoredUpload:
    """Check the file (ValidationError in plain words) and keep it. It must have a header and a row."""
    if route.archived_at is not None:
        raise ValidationError(_("This route is archived."), code="route_archived")
    file_format = check_upload(name, data)
    read_table(data, file_format, limit=SAMPLE_ROWS)
    stored = default_storage.save(f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}.{file_format}", ContentFile(data))
    return StoredUpload(stored_name=stored, original_name=(name or "")[-255:], file_format=file_format)


def upload_discard(upload: StoredUpload | None) -> None:
    """The file holds personal data: it is deleted once imported or replaced."""
    if upload is not None and default_storage.exists(upload.stored_name):
        default_storage.delete(upload.stored_name)


def uploads_sweep(*, older_than: timedelta = KEEP_UPLOADS) -> int:
    """Delete uploaded files that nobody imported (the person left halfway): they hold personal data. Scheduled
    hourly (verbinder.core.schedule); returns the number of files deleted."""
    try:
        _folders, names = default_storage.listdir(UPLOAD_FOLDER)
    except FileNotFoundError:
        return 0
    deadline = timezone.now() - older_than
    deleted = 0
    for name in names:
        path = f"{UPLOAD_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < deadline:
            default_storage.delete(path)
            deleted += 1
    return deleted


def _upload_bytes(upload: StoredUpload) -> bytes:
    if not default_storage.exists(upload.stored_name):
        raise ValidationError(_("The uploaded file is no longer available. Upload it again."), code="gone")
    with default_storage.open(upload.stored_name, "rb") as handle:
        data: bytes = handle.read()
    return data


def upload_read(upload: StoredUpload, *, limit: int | None = None) -> Table:
    table = read_table(_upload_bytes(upload), upload.file_format, limit=limit)
    if limit is None and len(table.rows) > MAX_STUDENT_ROWS:
        raise ValidationError(
            _("The file has more than %(max)s rows. Split it into smaller files."),
            code="rows",
            params={"max": f"{MAX_STUDENT_ROWS:,}".replace(",", ".")},
        )
    return table


def samples_by_column(table: Table) -> list[dict[str, Any]]:
    return [
        {
            "label": column_label(table.headers, index),
            "samples": [values[index] for _row, values in table.rows if index < len(values)],
        }
        for index in range(len(table.headers))
    ]


# Checking the rows


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class CheckResult:
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (row number, cleaned fields)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _column_names(headers: list[str], mapping: dict[str, int]) -> dict[str, str]:
    names = {key: str(spec.label) for key, spec in FIELDS_BY_KEY.items()}
    names.update({key: column_label(headers, index) for key, index in mapping.items()})
    return names


def _teacher_lookup(staff_ids: set[int]) -> tuple[dict[str, User], set[str]]:
    """Text -> teacher: the e-mail address and the name (normalised) of each of the route's staff; names that
    two of them share are ambiguous."""
    known: dict[str, User] = {}
    ambiguous: set[str] = set()
    for user in User.objects.filter(pk__in=staff_ids).only("pk", "email", "name"):
        known[user.email.lower()] = user
        name = normalise_header(user.name)
        if name:
            if name in known and known[name].pk != user.pk:
                ambiguous.add(name)
            known[name] = user
    return known, ambiguous


def _raw(values: list[str], mapping: dict[str, int]) -> dict[str, str]:
    return {key: (values[index] if index < len(values) else "").strip() for key, index in mapping.items()}


def check_rows(*, route: Route, table: Table, mapping: dict[str, int]) -> CheckResult:
    """Every row checked; row numbers are the file's own. A handful of queries, whatever the number of rows."""
    columns = _column_names(table.headers, mapping)
    staff_ids = route_staff_ids(route=route)
    teachers, ambiguous = _teacher_lookup(staff_ids)
    result = CheckResult()
    first_row_of: dict[str, int] = {}
    for number, values in table.rows:
        raw = _raw(values, mapping)
        if not any(raw.values()):
            continue
        errors: list[RowError] = []

        def add(key: str, message: Any, errors: list[RowError] = errors, number: int = number) -> None:
            errors.append(RowError(number, columns.get(key, key), str(message)))

        fields: dict[str, Any] = {
            key: raw.get(key, "")
            for key in ("student_number", "first_name", "email", "phone", "postcode", "city", "hours_per_week")
        }
        fields["last_name"] = " ".join(part for part in (raw.get("prefix", ""), raw.get("last_name", "")) if part)
        fields["cohort"] = cohort_for(raw.get("cohort", ""))
        for key, lookup in (("prior_education", prior_education_for), ("status", status_for)):
            text = raw.get(key, "")
            value = lookup(text) if text else ""
            if value is None:
                labels = PriorEducation.labels if key == "prior_education" else StudentStatus.labels
                add(
                    key,
                    _("“%(value)s” is not known. Use one of: %(choices)s.")
                    % {"value": text, "choices": ", ".join(str(label) for label in labels)},
                )
                value = ""
            fields[key] = value
        teacher_text = raw.get("teacher", "")
        teacher: User | None = None
        if teacher_text:
            teacher_key = teacher_text.lower() if "@" in teacher_text else normalise_header(teacher_text)
            if teacher_key in ambiguous:
                add("teacher", _("Two of the route's staff are called “%(name)s”: use the e-mail address.")
                    % {"name": teacher_text})  # fmt: skip
            else:
                teacher = teachers.get(teacher_key)
                if teacher is None:
                    add("teacher", _("“%(name)s” is not a teacher or coordinator of this route.")
                        % {"name": teacher_text})  # fmt: skip
        fields["teacher"] = teacher
        try:
            cleaned = clean_student_fields(fields, staff_ids=staff_ids)
        except ValidationError as exc:
            for key, field_errors in exc.error_dict.items():
                if key in ("prior_education", "status") and any(e.column == columns.get(key) for e in errors):
                    continue  # already said: the word is unknown
                for message in ValidationError(field_errors).messages:
                    add(key, message)
            cleaned = {}
        if cleaned:
            student_number = cleaned["student_number"]
            if student_number in first_row_of:
                add(
                    "student_number",
                    _("Student number %(number)s is also in row %(row)s.")
                    % {"number": student_number, "row": first_row_of[student_number]},
                )
            else:
                first_row_of[student_number] = number
        if errors:
            result.errors.extend(errors)
        else:
            result.rows.append((number, cleaned))
    _reject_registered(route, result, columns)
    result.errors.sort(key=lambda error: error.row)
    return result


def _reject_registered(route: Route, result: CheckResult, columns: dict[str, str]) -> None:
    numbers = [cleaned["student_number"] for _row, cleaned in result.rows]
    registered: set[str] = set()
    for start in range(0, len(numbers), BULK_BATCH_SIZE):
        batch = numbers[start : start + BULK_BATCH_SIZE]
        registered.update(
            Student.objects.filter(route=route, student_number__in=batch).values_list("student_number", flat=True)
        )
    if not registered:
        return
    keep = []
    for number, cleaned in result.rows:
        if cleaned["student_number"] in registered:
            message = NUMBER_TAKEN % {"number": cleaned["student_number"]}
            result.errors.append(RowError(number, columns["student_number"], str(message)))
        else:
            keep.append((number, cleaned))
    result.rows = keep


def preview(result: CheckResult) -> list[dict[str, Any]]:
    return [
        {
            "row": number,
            "student_number": cleaned["student_number"],
            "name": f"{cleaned['first_name']} {cleaned['last_name']}",
            "email": cleaned["email"],
            "cohort": cleaned["cohort"],
            "prior_education": PriorEducation(cleaned["prior_education"]).label,
            "status": StudentStatus(cleaned["status"]).label,
            "teacher": cleaned["teacher"].name if cleaned["teacher"] else "",
        }
        for number, cleaned in result.rows[:PREVIEW_ROWS]
    ]


# Checking and importing


def students_check(*, route: Route, upload: StoredUpload, mapping: dict[str, int]) -> CheckResult:
    """Read the whole file and check every row (ValidationError for a file that cannot be read)."""
    return check_rows(route=route, table=upload_read(upload), mapping=mapping)


class ImportRefused(Exception):
    """The rows have errors: nothing was imported."""

    def __init__(self, result: CheckResult) -> None:
        super().__init__("The import has errors.")
        self.result = result


@transaction.atomic
def students_import(*, by: Any, route: Route, upload: StoredUpload, mapping: dict[str, int]) -> list[Student]:
    """Check every row once more and write them all in one transaction, or nothing (ImportRefused with the
    row errors; ValidationError when the file is gone, the route archived, or another import was faster)."""
    if route.archived_at is not None:
        raise ValidationError(_("This route is archived."), code="route_archived")
    result = students_check(route=route, upload=upload, mapping=mapping)
    if result.errors or not result.rows:
        raise ImportRefused(result)
    logins = logins_for_emails(cleaned["email"] for _row, cleaned in result.rows)
    linked: set[int] = set()
    students = []
    for _row, cleaned in result.rows:
        user_id = logins.get(cleaned["email"])
        if user_id in linked:
            user_id = None  # two rows with one address: the first is the login's
        if user_id is not None:
            linked.add(user_id)
        students.append(Student(route=route, user_id=user_id, **cleaned))
    try:
        with transaction.atomic():
            Student.objects.bulk_create(students, batch_size=BULK_BATCH_SIZE)
    except IntegrityError as exc:
        raise ValidationError(
            _("Someone registered one of these students meanwhile. Nothing was imported; check again."),
            code="conflict",
        ) from exc
    details = {"file": upload.original_name, "route": str(route), "route_id": route.pk}
    log_actions_bulk(actor=by, action_type="placements.student.imported", targets=students, data=details)
    transaction.on_commit(lambda: upload_discard(upload))
    return students
