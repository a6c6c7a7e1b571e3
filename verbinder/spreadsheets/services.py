"""Importing organisations and contact persons from a spreadsheet: upload, map, check, import.

Checking and importing run as tasks (verbinder.spreadsheets.tasks) that report progress on the ImportJob.
The check keeps the checked rows in a file next to the upload; the import checks their KVK numbers against
the registry once more (the only thing that can have changed) and writes every row in one transaction, or
nothing.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verbinder.core.activity import log_actions_bulk
from verbinder.partners.enums import sector_for_sbi_codes
from verbinder.partners.models import Affiliation, Organisation, Partnership, Person, Route
from verbinder.partners.selectors import routes_coordinated_by
from verbinder.spreadsheets import selectors
from verbinder.spreadsheets.columns import suggest_mapping
from verbinder.spreadsheets.enums import MAPPABLE_STATUSES, RUNNING_STATUSES, ImportStatus
from verbinder.spreadsheets.models import ImportJob
from verbinder.spreadsheets.reader import Table, check_upload, read_table
from verbinder.spreadsheets.rows import CheckedRow, CheckResult, check_rows, reject_registered_kvk

logger = logging.getLogger(__name__)

SAMPLE_ROWS = 3
PREVIEW_ROWS = 20
MAX_STORED_ERRORS = 1000
BULK_BATCH_SIZE = 1000
# A check or import shows progress at least every few seconds: one without any for this long has stopped (its
# worker died). A job nobody finished is closed, and its file deleted, after KEEP_UNFINISHED.
STUCK_AFTER = timedelta(hours=1)
KEEP_UNFINISHED = timedelta(days=7)


def import_job_create(*, by: Any, route: Route, upload: UploadedFile) -> ImportJob:
    """Check an uploaded file and keep it for mapping. Raises ValidationError (in plain words) for a bad file."""
    if not routes_coordinated_by(user=by).filter(pk=route.pk).exists():
        raise PermissionDenied
    data = upload.read()
    name = upload.name or ""
    file_format = check_upload(name, data)
    table = read_table(data, file_format, limit=SAMPLE_ROWS)
    job = ImportJob(
        created_by=by,
        route=route,
        original_name=name[-255:],
        file_format=file_format,
        file_size=len(data),
        headers=table.headers,
        samples=[_padded(values, len(table.headers)) for _number, values in table.rows],
        mapping=suggest_mapping(table.headers),
    )
    # A random name: the person's file name is shown, never used as a path.
    job.file.save(f"{uuid.uuid4().hex}.{file_format}", ContentFile(data), save=False)
    try:
        job.save()
    except Exception:
        job.file.delete(save=False)
        raise
    return job


def _padded(values: list[str], width: int) -> list[str]:
    return (values + [""] * width)[:width]


@transaction.atomic
def import_job_map(*, job: ImportJob, by: Any, mapping: dict[str, int]) -> ImportJob:
    """Save the column mapping and check every row in the background."""
    from verbinder.spreadsheets.tasks import validate_import

    stale_rows = job.checked_rows.name
    updated = ImportJob.objects.filter(pk=job.pk, status__in=MAPPABLE_STATUSES).update(
        mapping=mapping,
        checked_rows="",
        status=ImportStatus.VALIDATING,
        total_rows=0,
        processed_rows=0,
        error_count=0,
        errors=[],
        preview=[],
        failure="",
        updated_at=timezone.now(),
    )
    if updated:
        if stale_rows:
            transaction.on_commit(lambda: default_storage.delete(stale_rows))
        transaction.on_commit(lambda: validate_import.enqueue(job.pk))
    job.refresh_from_db()
    return job


@transaction.atomic
def import_job_start(*, job: ImportJob, by: Any) -> bool:
    """Start the import of a checked file without errors. False when it is not (or no longer) ready."""
    from verbinder.spreadsheets.tasks import commit_import

    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
        status=ImportStatus.IMPORTING, processed_rows=0, updated_at=timezone.now()
    )
    if updated:
        transaction.on_commit(lambda: commit_import.enqueue(job.pk))
    job.refresh_from_db()
    return bool(updated)


def import_job_validate(*, job_pk: int) -> str:
    """Task: check every row and store the errors, or a preview and the checked rows when there are none."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_pk)
    if job.status != ImportStatus.VALIDATING:
        return job.status
    with translation.override(job.created_by.language):
        try:
            result = _check(job)
        except ValidationError as exc:
            return _fail(job, ImportStatus.VALIDATING, " ".join(exc.messages))
        except Exception:  # the job must end in a state the person can see
            logger.exception("Checking import %s failed", job.pk)
            return _fail(job, ImportStatus.VALIDATING, _("The file could not be checked. Try again later."))
        status = ImportStatus.INVALID if result.errors else ImportStatus.READY
        _finish_check(job, ImportStatus.VALIDATING, status, result)
    return status


def import_job_commit(*, job_pk: int) -> str:
    """Task: write the checked rows in one transaction, unless the registry has meanwhile got one of their KVKs."""
    job = ImportJob.objects.select_related("created_by", "route").get(pk=job_pk)
    if job.status != ImportStatus.IMPORTING:
        return job.status
    with translation.override(job.created_by.language):
        try:
            result = CheckResult(rows=_load_checked_rows(job))
        except ValidationError as exc:
            return _fail(job, ImportStatus.IMPORTING, " ".join(exc.messages))
        ImportJob.objects.filter(pk=job.pk).update(
            total_rows=len(result.rows), processed_rows=len(result.rows), updated_at=timezone.now()
        )
        registered = selectors.registered_kvk_numbers(numbers=(row.organisation["kvk_number"] for row in result.rows))
        reject_registered_kvk(result, registered, job.headers, job.mapping)
        if result.errors:
            _finish_check(job, ImportStatus.IMPORTING, ImportStatus.INVALID, result)
            return ImportStatus.INVALID
        try:
            with transaction.atomic():
                _write(job, result.rows)
                ImportJob.objects.filter(pk=job.pk).update(
                    status=ImportStatus.IMPORTED,
                    organisation_count=len(result.rows),
                    person_count=result.contact_count,
                    finished_at=timezone.now(),
                    updated_at=timezone.now(),
                )
        except IntegrityError:
            logger.warning("Import %s collided with a change made meanwhile", job.pk, exc_info=True)
            return _fail(
                job,
                ImportStatus.IMPORTING,
                _("Someone registered one of these organisations meanwhile. Nothing was imported; check again."),
            )
        except Exception:  # the transaction is rolled back; the person sees that nothing happened
            logger.exception("Import %s failed", job.pk)
            return _fail(job, ImportStatus.IMPORTING, _("The import failed and nothing was imported. Try again later."))
    _discard_files(job)
    return ImportStatus.IMPORTED


def _read(job: ImportJob) -> Table:
    if not job.file or not default_storage.exists(job.file.name):
        raise ValidationError(_("The uploaded file is no longer available. Upload it again."))
    with job.file.open("rb") as handle:
        data = handle.read()
    return read_table(data, job.file_format)


def _check(job: ImportJob) -> CheckResult:
    table = _read(job)
    ImportJob.objects.filter(pk=job.pk).update(total_rows=len(table.rows), processed_rows=0, updated_at=timezone.now())

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, updated_at=timezone.now())

    result = check_rows(table, job.mapping, progress=progress)
    registered = selectors.registered_kvk_numbers(numbers=(row.organisation["kvk_number"] for row in result.rows))
    reject_registered_kvk(result, registered, table.headers, job.mapping)
    return result


def _finish_check(job: ImportJob, expected: str, status: str, result: CheckResult) -> None:
    if job.checked_rows.name:
        default_storage.delete(job.checked_rows.name)
    checked_rows = _store_checked_rows(result.rows) if status == ImportStatus.READY else ""
    ImportJob.objects.filter(pk=job.pk, status=expected).update(
        checked_rows=checked_rows,
        status=status,
        error_count=len(result.errors),
        errors=[error.as_dict() for error in result.errors[:MAX_STORED_ERRORS]],
        preview=[_preview(row) for row in result.rows[:PREVIEW_ROWS]],
        organisation_count=len(result.rows),
        person_count=result.contact_count,
        updated_at=timezone.now(),
    )


def _preview(row: CheckedRow) -> dict[str, Any]:
    contact = row.contact or {}
    return {
        "row": row.row,
        "name": row.organisation["name"],
        "kvk_number": row.organisation["kvk_number"],
        "city": row.organisation["city"],
        "contact": " ".join(part for part in (contact.get("first_name"), contact.get("last_name")) if part),
        "email": contact.get("email", ""),
        "phone": contact.get("phone", ""),
    }


def _fail(job: ImportJob, expected: str, message: str) -> str:
    ImportJob.objects.filter(pk=job.pk, status=expected).update(
        status=ImportStatus.FAILED, failure=message[:500], finished_at=timezone.now(), updated_at=timezone.now()
    )
    return ImportStatus.FAILED


def _write(job: ImportJob, rows: list[CheckedRow]) -> None:
    """Bulk inserts: organisations, their partnership with the route, persons and their affiliations."""
    organisations = [
        Organisation(**row.organisation, sector=sector_for_sbi_codes(row.organisation["sbi_codes"])) for row in rows
    ]
    Organisation.objects.bulk_create(organisations, batch_size=BULK_BATCH_SIZE)
    Partnership.objects.bulk_create(
        [Partnership(route_id=job.route_id, organisation=organisation) for organisation in organisations],
        batch_size=BULK_BATCH_SIZE,
    )
    people: list[Person] = []
    affiliations: list[Affiliation] = []
    for organisation, row in zip(organisations, rows, strict=True):
        if row.contact is None:
            continue
        person = Person(first_name=row.contact["first_name"], last_name=row.contact["last_name"])
        people.append(person)
        affiliations.append(
            Affiliation(
                person=person,
                organisation=organisation,
                is_primary_contact=True,
                email=row.contact["email"],
                phone=row.contact["phone"],
                function_title=row.contact["function_title"],
            )
        )
    Person.objects.bulk_create(people, batch_size=BULK_BATCH_SIZE)
    Affiliation.objects.bulk_create(affiliations, batch_size=BULK_BATCH_SIZE)
    details = {"import": job.pk, "file": job.original_name, "route": str(job.route), "route_id": job.route_id}
    log_actions_bulk(
        actor=job.created_by, action_type="partners.organisation.imported", targets=organisations, data=details
    )
    log_actions_bulk(actor=job.created_by, action_type="partners.person.imported", targets=people, data=details)


def _store_checked_rows(rows: list[CheckedRow]) -> str:
    """The rows as checked, for the import to write without reading and checking the file again."""
    content = json.dumps([[row.row, row.organisation, row.contact] for row in rows], ensure_ascii=False)
    return default_storage.save(f"imports/{uuid.uuid4().hex}.json", ContentFile(content.encode("utf-8")))


def _load_checked_rows(job: ImportJob) -> list[CheckedRow]:
    if not job.checked_rows.name or not default_storage.exists(job.checked_rows.name):
        raise ValidationError(_("The uploaded file is no longer available. Upload it again."))
    with default_storage.open(job.checked_rows.name, "rb") as handle:
        items = json.loads(handle.read().decode("utf-8"))
    return [
        CheckedRow(row=number, organisation=organisation, contact=contact) for number, organisation, contact in items
    ]


def import_jobs_sweep() -> int:
    """Close what a person cannot finish any more, and delete the files: a check or import that stopped without
    finishing (its worker died), and a job left unfinished for KEEP_UNFINISHED. Also deletes files that a
    finished job still holds. Scheduled hourly (verbinder.core.schedule); returns the number of jobs touched."""
    now = timezone.now()
    stuck = ImportJob.objects.filter(status__in=RUNNING_STATUSES, updated_at__lt=now - STUCK_AFTER)
    abandoned = ImportJob.objects.filter(status__in=MAPPABLE_STATUSES, updated_at__lt=now - KEEP_UNFINISHED)
    touched = 0
    for job in [*stuck.select_related("created_by"), *abandoned.select_related("created_by")]:
        with translation.override(job.created_by.language):
            if job.status in RUNNING_STATUSES:
                message = _(
                    "The check or import stopped before it finished; nothing was imported. Upload the file again."
                )
            else:
                message = _("This import was not finished within 7 days and has been closed. Upload the file again.")
            if _fail(job, job.status, message) == ImportStatus.FAILED:
                _discard_files(job)
                touched += 1
    leftovers = ImportJob.objects.filter(status__in=[ImportStatus.FAILED, ImportStatus.IMPORTED]).exclude(
        file="", checked_rows=""
    )
    for job in leftovers:
        _discard_files(job)
        touched += 1
    return touched


def _discard_files(job: ImportJob) -> None:
    """The uploaded file holds personal data that the registry now has: it is not kept."""
    for name in (job.file.name, job.checked_rows.name):
        if name:
            default_storage.delete(name)
    ImportJob.objects.filter(pk=job.pk).update(file="", checked_rows="")
