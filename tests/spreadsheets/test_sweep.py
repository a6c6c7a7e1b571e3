"""The hourly import sweeper: a check or import whose worker died, and an import nobody finished, are closed
with a message in the uploader's language, and the uploaded file (personal data) is deleted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import RouteFactory, UserFactory, assign
from tests.spreadsheets.files import company_rows, xlsx_bytes
from verbinder.accounts.enums import Role
from verbinder.core.schedule import SCHEDULE
from verbinder.spreadsheets import services
from verbinder.spreadsheets.enums import ImportStatus
from verbinder.spreadsheets.models import ImportJob
from verbinder.spreadsheets.tasks import sweep_imports

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload():
    route = RouteFactory()
    coordinator = assign(UserFactory(language="nl"), Role.COORDINATOR, route=route)

    def make(*, status: str, age: timedelta) -> ImportJob:
        job = services.import_job_create(
            by=coordinator, route=route, upload=SimpleUploadedFile("bedrijven.xlsx", xlsx_bytes(company_rows(3)))
        )
        ImportJob.objects.filter(pk=job.pk).update(status=status, updated_at=timezone.now() - age)
        job.refresh_from_db()
        return job

    return make


def test_a_check_that_stopped_an_hour_ago_is_closed_and_its_file_deleted(upload):
    job = upload(status=ImportStatus.VALIDATING, age=timedelta(hours=2))

    assert sweep_imports.enqueue().return_value == 1

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "Upload het bestand opnieuw" in job.failure
    assert job.file.name == ""
    assert default_storage.listdir("imports")[1] == []


def test_a_running_check_with_recent_progress_is_left_alone(upload):
    job = upload(status=ImportStatus.IMPORTING, age=timedelta(minutes=10))

    assert services.import_jobs_sweep() == 0

    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTING and default_storage.exists(job.file.name)


def test_an_import_left_unfinished_for_a_week_is_closed(upload):
    fresh = upload(status=ImportStatus.READY, age=timedelta(days=2))
    old = upload(status=ImportStatus.INVALID, age=timedelta(days=8))

    assert services.import_jobs_sweep() == 1

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == ImportStatus.FAILED and old.file.name == ""
    assert fresh.status == ImportStatus.READY and default_storage.exists(fresh.file.name)


def test_files_that_a_finished_job_still_holds_are_deleted(upload):
    job = upload(status=ImportStatus.FAILED, age=timedelta(minutes=1))
    name = job.file.name

    assert services.import_jobs_sweep() == 1
    assert services.import_jobs_sweep() == 0

    assert not default_storage.exists(name)


def test_the_sweeper_runs_every_hour():
    (entry,) = [e for e in SCHEDULE if e.task == "verbinder.spreadsheets.tasks.sweep_imports"]
    assert entry.cron == "17 * * * *"
