"""The verification page's upload: one PDF (by its first bytes, not its name), at most the upload limit."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("Agreement (PDF)"),
        help_text=_("The PDF you received to sign or the signed PDF, at most 10 MB. The file is not stored."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": _("Choose a PDF file."), "empty": _("The file is empty.")},
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.VERBINDER_MAX_UPLOAD_BYTES
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(size)s MB."), code="size", params={"size": limit // (1024 * 1024)}
            )
        upload.seek(0)
        head = upload.read(1024)
        upload.seek(0)
        # The PDF specification lets the header start anywhere in the first 1024 bytes.
        if PDF_MAGIC not in head:
            raise ValidationError(_("This file is not a PDF."), code="not_pdf")
        return upload
