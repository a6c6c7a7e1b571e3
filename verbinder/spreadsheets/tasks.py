from django_tasks import task

from verbinder.spreadsheets.services import import_job_commit, import_job_validate, import_jobs_sweep


@task()
def validate_import(job_pk: int) -> str:
    return import_job_validate(job_pk=job_pk)


@task()
def commit_import(job_pk: int) -> str:
    return import_job_commit(job_pk=job_pk)


@task()
def sweep_imports() -> int:
    """Scheduled hourly: close stopped and abandoned imports and delete their files."""
    return import_jobs_sweep()
