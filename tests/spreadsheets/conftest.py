from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from verbinder.spreadsheets import services
from verbinder.spreadsheets.models import ImportJob


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a fresh folder per test (default_storage follows MEDIA_ROOT)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def run_import(django_capture_on_commit_callbacks) -> Callable[..., ImportJob]:
    """Upload, map (as suggested), check and, when `commit`, import: the tasks run as the worker would."""

    def run(*, by, route, name: str, data: bytes, commit: bool = True) -> ImportJob:
        job = services.import_job_create(by=by, route=route, upload=SimpleUploadedFile(name, data))
        with django_capture_on_commit_callbacks(execute=True):
            services.import_job_map(job=job, by=by, mapping=job.mapping)
        job.refresh_from_db()
        if commit:
            with django_capture_on_commit_callbacks(execute=True):
                services.import_job_start(job=job, by=by)
            job.refresh_from_db()
        return job

    return run
