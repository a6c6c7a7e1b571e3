from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinder.accounts.scope import scope_for
from verbinder.core.models import TimeStampedModel
from verbinder.partners.models import Route
from verbinder.spreadsheets.enums import RUNNING_STATUSES, FileFormat, ImportStatus


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def visible_to(self, user: Any) -> ImportJobQuerySet:
        """An import is private to the person who uploaded it (and the administrator)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if scope_for(user).is_admin:
            return self
        return self.filter(created_by_id=user.pk)


class ImportJob(TimeStampedModel):
    """One uploaded spreadsheet on its way into the partner registry: upload, mapping, check, import."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="+"
    )
    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to="imports/", max_length=200, blank=True)
    checked_rows = models.FileField(
        _("checked rows"), upload_to="imports/", max_length=200, blank=True, help_text=_("The rows ready to import.")
    )
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4, choices=FileFormat.choices)
    file_size = models.PositiveIntegerField(_("size in bytes"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    headers = models.JSONField(_("column headers"), default=list, blank=True)
    samples = models.JSONField(_("sample rows"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    organisation_count = models.PositiveIntegerField(_("organisations"), default=0)
    person_count = models.PositiveIntegerField(_("contact persons"), default=0)
    failure = models.CharField(_("failure"), max_length=500, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importjob_creator_idx")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)
