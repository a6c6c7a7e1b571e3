from django_tasks import task

from verbinder.agreements.services.agreements import agreements_sweep


@task()
def sweep_agreements() -> dict[str, int]:
    """Scheduled hourly: agreements past their expiry expire; those who have not signed get their reminder."""
    return agreements_sweep()
