"""Forms of students: the student (create, edit), the list's filters and the import's upload and column choice.
The checks that matter are in services.students; these forms only take the input."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from verbinder.accounts.models import User
from verbinder.partners.forms import CleanTextMixin, QuickSelect
from verbinder.placements.enums import PriorEducation, StudentStatus
from verbinder.placements.models import Student
from verbinder.placements.selectors.students import NO_TEACHER, STUDENT_SORTS, StudentFilters
from verbinder.placements.services.student_import import IMPORT_FIELDS
from verbinder.placements.services.students import STUDENT_FIELDS
from verbinder.spreadsheets.forms import ACCEPTED_TYPES, column_label

SORT_LABELS = {
    "name": _("Name (A-Z)"),
    "-name": _("Name (Z-A)"),
    "number": _("Student number"),
    "-number": _("Student number (reversed)"),
    "cohort": _("Cohort (oldest first)"),
    "-cohort": _("Cohort (newest first)"),
    "status": _("Status"),
    "-status": _("Status (reversed)"),
}


class StudentForm(CleanTextMixin, forms.ModelForm):
    teacher = forms.ModelChoiceField(
        label=_("Teacher (docent-begeleider)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A teacher or coordinator of the route."),
        widget=QuickSelect,
    )

    class Meta:
        model = Student
        fields = list(STUDENT_FIELDS)
        widgets = {
            "cohort": forms.NumberInput(attrs={"min": 2000, "max": 2100}),
            "hours_per_week": forms.NumberInput(attrs={"min": 1, "max": 60, "step": "0.5"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["teacher"]).queryset = teachers
        self.fields["student_number"].help_text = _("As in the student information system: digits and letters.")
        if not self.instance.pk:
            self.initial.setdefault("status", StudentStatus.ACTIVE)

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in STUDENT_FIELDS}


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class StudentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, help_text=_("Name or student number"))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *StudentStatus.choices], widget=QuickSelect
    )
    cohort = forms.TypedChoiceField(label=_("Cohort"), required=False, coerce=int, empty_value=None,
                                    widget=QuickSelect)  # fmt: skip
    prior_education = forms.ChoiceField(
        label=_("Prior education"),
        required=False,
        choices=[("", _("All prior education")), *PriorEducation.choices],
        widget=QuickSelect,
    )
    teacher = forms.ChoiceField(label=_("Teacher"), required=False, widget=QuickSelect)
    without_placement = forms.BooleanField(label=_("Without a placement"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, widget=QuickSelect,
                             choices=[(key, SORT_LABELS[key]) for key in STUDENT_SORTS])  # fmt: skip

    def __init__(self, *args: Any, cohorts: list[int], teachers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cohort"]).choices = [
            ("", _("All cohorts")),
            *((str(year), str(year)) for year in cohorts),
        ]
        cast(forms.ChoiceField, self.fields["teacher"]).choices = [
            ("", _("All teachers")),
            (NO_TEACHER, _("No teacher yet")),
            *((str(user.pk), user.name or user.email) for user in teachers),
        ]

    def filters(self) -> StudentFilters:
        if not self.is_valid():
            return StudentFilters()
        data = self.cleaned_data
        return StudentFilters(
            q=(data.get("q") or "").strip(),
            status=data.get("status") or "",
            cohort=data.get("cohort"),
            prior_education=data.get("prior_education") or "",
            teacher=data.get("teacher") or "",
            without_placement=bool(data.get("without_placement")),
            sort=data.get("sort") or "name",
        )

    def query(self) -> str:
        if not self.is_valid():
            return ""
        query = QueryDict(mutable=True)
        for name, value in self.cleaned_data.items():
            if value:
                query[name] = "on" if value is True else str(value)
        return query.urlencode()


class StudentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Export of the student information system"),
        help_text=_("An Excel file (.xlsx) or a CSV file, at most 10 MB. The first row holds the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.VERBINDER_MAX_UPLOAD_BYTES
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(size)s MB."), code="size", params={"size": limit // (1024 * 1024)}
            )
        return upload


class StudentMappingForm(forms.Form):
    """Which column of the file holds which field of a student: one choice per field, pre-filled."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(not imported)")), *((str(i), column_label(headers, i)) for i in range(len(headers)))]
        for spec in IMPORT_FIELDS:
            field = forms.ChoiceField(label=spec.label, choices=choices, required=spec.required, widget=QuickSelect)
            if spec.required:
                field.error_messages["required"] = _("Choose the column that holds this field.")
            self.fields[spec.key] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: dict[str, str] = {}
        for spec in IMPORT_FIELDS:
            column = cleaned.get(spec.key)
            if not column:
                continue
            if column in seen:
                self.add_error(spec.key, _("This column is already chosen for “%(other)s”.") % {"other": seen[column]})
            seen[column] = str(spec.label)
        return cleaned

    def mapping(self) -> dict[str, int]:
        return {spec.key: int(self.cleaned_data[spec.key]) for spec in IMPORT_FIELDS if self.cleaned_data.get(spec.key)}
