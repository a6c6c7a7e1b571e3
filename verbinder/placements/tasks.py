from django_tasks import task

from verbinder.placements.services.student_import import uploads_sweep


@task()
def sweep_student_uploads() -> int:
    """Scheduled hourly: delete uploaded student files that were never imported."""
    return uploads_sweep()
