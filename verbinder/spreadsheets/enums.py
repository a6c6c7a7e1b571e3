from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    VALIDATING = "validating", _("Checking")
    INVALID = "invalid", _("Has errors")
    READY = "ready", _("Ready to import")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")


# A task is working on the job: the page polls for progress.
RUNNING_STATUSES = frozenset({ImportStatus.VALIDATING, ImportStatus.IMPORTING})
# The person may (re)choose the column mapping and check the file again.
MAPPABLE_STATUSES = frozenset({ImportStatus.UPLOADED, ImportStatus.INVALID, ImportStatus.READY})


class FileFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (.xlsx)")
    CSV = "csv", _("CSV")
