from __future__ import annotations

import functools
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from verbinder.partners import validators
from verbinder.partners.enums import OrganisationKind, SizeClass
from verbinder.partners.forms import CleanTextMixin
from verbinder.partners.models import Route
from verbinder.spreadsheets.columns import IMPORT_FIELDS, normalise_header
from verbinder.spreadsheets.names import split_name

ACCEPTED_TYPES = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An Excel file (.xlsx) or a CSV file, at most 10 MB. The first row holds the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )
    route = forms.ModelChoiceField(
        label=_("Route"),
        queryset=Route.objects.none(),
        help_text=_("The organisations are linked to this route as partners."),
    )

    def __init__(self, *args: Any, routes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["route"]).queryset = routes
        if len(routes) == 1:
            self.initial.setdefault("route", routes[0].pk)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.VERBINDER_MAX_UPLOAD_BYTES
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(size)s MB."), code="size", params={"size": limit // (1024 * 1024)}
            )
        return upload


def column_label(headers: list[str], index: int) -> str:
    from openpyxl.utils import get_column_letter

    header = headers[index] if index < len(headers) else ""
    letter = get_column_letter(index + 1)
    return f"{letter}: {header}" if header else str(_("column %(letter)s") % {"letter": letter})


class MappingForm(forms.Form):
    """Which column of the file holds which field: one choice per field, suggested from the headers."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(not imported)")), *((str(i), column_label(headers, i)) for i in range(len(headers)))]
        for field in IMPORT_FIELDS:
            self.fields[field.key] = forms.ChoiceField(label=field.label, choices=choices, required=field.required)
            if field.required:
                self.fields[field.key].error_messages["required"] = _("Choose the column that holds the name.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: dict[str, str] = {}
        for field in IMPORT_FIELDS:
            column = cleaned.get(field.key)
            if not column:
                continue
            if column in seen:
                self.add_error(
                    field.key,
                    _("This column is already chosen for “%(other)s”.") % {"other": seen[column]},
                )
            seen[column] = str(field.label)
        return cleaned

    def mapping(self) -> dict[str, int]:
        return {
            field.key: int(self.cleaned_data[field.key]) for field in IMPORT_FIELDS if self.cleaned_data.get(field.key)
        }


def _lookup_key(text: str) -> str:
    return normalise_header(text.replace("–", "-"))


@functools.cache
def kind_lookup() -> dict[str, str]:
    """Normalised kind text -> kind value: the values, the labels in every language, and common Dutch words."""
    known = {_lookup_key(value): value for value in OrganisationKind.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            known.update({_lookup_key(str(label)): value for value, label in OrganisationKind.choices})
    words = {
        "mkb": OrganisationKind.COMPANY, "mkb bedrijf": OrganisationKind.COMPANY, "bedrijf": OrganisationKind.COMPANY,
        "company": OrganisationKind.COMPANY, "branchevereniging": OrganisationKind.BRANCH_ASSOCIATION,
        "branche": OrganisationKind.BRANCH_ASSOCIATION,
        "werkgeversorganisatie": OrganisationKind.EMPLOYERS_ORGANISATION,
        "sectorale werkgeversorganisatie": OrganisationKind.EMPLOYERS_ORGANISATION,
        "samenwerkingsverband": OrganisationKind.SECTOR_PARTNERSHIP,
        "landelijk samenwerkingsverband": OrganisationKind.SECTOR_PARTNERSHIP,
        "sectoraal samenwerkingsverband": OrganisationKind.SECTOR_PARTNERSHIP,
        "gemeente": OrganisationKind.MUNICIPALITY, "provincie": OrganisationKind.PROVINCE,
        "hogeschool": OrganisationKind.HOGESCHOOL_UNIT, "hogeschool onderdeel": OrganisationKind.HOGESCHOOL_UNIT,
        "overig": OrganisationKind.OTHER, "anders": OrganisationKind.OTHER,
    }  # fmt: skip
    for word, value in words.items():
        known.setdefault(word, value)
    return known


SIZE_BY_PREFIX = (("1 9", SizeClass.MICRO), ("10 49", SizeClass.SMALL), ("50 249", SizeClass.MEDIUM),
                  ("250", SizeClass.LARGE))  # fmt: skip


def size_class_for(text: str) -> str | None:
    """A size class from "10-49", its label ("10–49 medewerkers") or a number of employees ("12")."""
    key = _lookup_key(text)
    if key.isdigit():
        count = int(key)
        limits = ((10, SizeClass.MICRO), (50, SizeClass.SMALL), (250, SizeClass.MEDIUM))
        return None if count < 1 else next((size for limit, size in limits if count < limit), SizeClass.LARGE)
    for prefix, value in SIZE_BY_PREFIX:
        if key == prefix or key.startswith((prefix + " ", prefix + "+")):
            return value
    return None


class ImportRowForm(CleanTextMixin, forms.Form):
    """One spreadsheet row: the checks of the organisation and contact person forms, without database queries."""

    name = forms.CharField(max_length=200, error_messages={"required": _("Enter a name.")})
    kind = forms.CharField(max_length=100, required=False)
    kvk_number = forms.CharField(max_length=30, required=False)
    establishment_number = forms.CharField(max_length=30, required=False)
    sbi_codes = forms.CharField(max_length=100, required=False)
    size_class = forms.CharField(max_length=100, required=False)
    street = forms.CharField(max_length=200, required=False)
    postcode = forms.CharField(max_length=10, required=False)
    city = forms.CharField(max_length=100, required=False)
    website = forms.URLField(max_length=300, required=False, assume_scheme="https")
    contact_name = forms.CharField(max_length=250, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)
    function_title = forms.CharField(max_length=150, required=False)

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_kind(self) -> str:
        text = self.cleaned_data["kind"]
        if not text:
            return OrganisationKind.COMPANY
        value = kind_lookup().get(_lookup_key(text))
        if value is None:
            raise ValidationError(
                _("“%(value)s” is not a kind of organisation. Use one of: %(choices)s."),
                params={"value": text, "choices": ", ".join(str(label) for label in OrganisationKind.labels)},
            )
        return value

    def clean_kvk_number(self) -> str:
        return validators.normalise_kvk(self.cleaned_data["kvk_number"])

    def clean_establishment_number(self) -> str:
        return validators.normalise_establishment_number(self.cleaned_data["establishment_number"])

    def clean_sbi_codes(self) -> str:
        return validators.normalise_sbi_codes(self.cleaned_data["sbi_codes"])

    def clean_size_class(self) -> str:
        text = self.cleaned_data["size_class"]
        if not text:
            return ""
        value = size_class_for(text)
        if value is None:
            raise ValidationError(
                _("“%(value)s” is not a size class. Use 1-9, 10-49, 50-249 or 250+."), params={"value": text}
            )
        return value

    def clean_postcode(self) -> str:
        return validators.normalise_postcode(self.cleaned_data["postcode"])

    def clean_email(self) -> str:
        return (self.cleaned_data["email"] or "").strip().lower()

    def clean_phone(self) -> str:
        return validators.normalise_phone(self.cleaned_data["phone"])

    def clean_contact_name(self) -> str:
        name = " ".join(self.cleaned_data["contact_name"].split())
        first, last = split_name(name)
        if len(first) > 100 or len(last) > 150:
            raise ValidationError(_("This name is too long for a first and last name."))
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        has_contact_details = any(cleaned.get(key) for key in ("email", "phone", "function_title"))
        if has_contact_details and not cleaned.get("contact_name") and "contact_name" not in self.errors:
            self.add_error(
                "contact_name", _("An e-mail address, phone number or function needs the contact person's name.")
            )
        return cleaned
