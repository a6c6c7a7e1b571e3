"""Checking the rows of an uploaded spreadsheet: each row becomes an organisation and maybe a contact person.

Pure functions without database access; the check against registered KVK numbers is in services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from verbinder.partners.services import KVK_TAKEN
from verbinder.spreadsheets.columns import FIELDS_BY_KEY
from verbinder.spreadsheets.forms import ImportRowForm, column_label
from verbinder.spreadsheets.names import split_name
from verbinder.spreadsheets.reader import Table

ORGANISATION_KEYS = ("name", "kind", "kvk_number", "establishment_number", "sbi_codes", "size_class", "street",
                     "postcode", "city", "website")  # fmt: skip
PROGRESS_EVERY = 250


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CheckedRow:
    row: int
    organisation: dict[str, str]
    contact: dict[str, str] | None  # first_name, last_name, email, phone, function_title


@dataclass
class CheckResult:
    rows: list[CheckedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def contact_count(self) -> int:
        return sum(1 for row in self.rows if row.contact is not None)


def column_names(headers: list[str], mapping: dict[str, int]) -> dict[str, str]:
    """Field key -> how the person sees the column ("C: KvK"), or the field's label when it is not mapped."""
    names = {key: str(spec.label) for key, spec in FIELDS_BY_KEY.items()}
    names.update({key: column_label(headers, index) for key, index in mapping.items()})
    return names


def check_rows(table: Table, mapping: dict[str, int], *, progress: Callable[[int], None] | None = None) -> CheckResult:
    """Every row checked as a form would; a KVK number twice in the file is an error in the second row."""
    columns = column_names(table.headers, mapping)
    result = CheckResult()
    first_row_of_kvk: dict[str, int] = {}
    for position, (number, values) in enumerate(table.rows, start=1):
        if progress is not None and position % PROGRESS_EVERY == 0:
            progress(position)
        data = {key: values[index] if index < len(values) else "" for key, index in mapping.items()}
        if not any(value.strip() for value in data.values()):
            continue
        form = ImportRowForm(data)
        if not form.is_valid():
            for key, messages in form.errors.items():
                column = columns.get(key, "")
                result.errors.extend(RowError(number, column, str(message)) for message in messages)
            continue
        cleaned = form.cleaned_data
        kvk = cleaned["kvk_number"]
        if kvk:
            if kvk in first_row_of_kvk:
                message = _("KVK number %(kvk)s is also in row %(row)s.") % {"kvk": kvk, "row": first_row_of_kvk[kvk]}
                result.errors.append(RowError(number, columns["kvk_number"], message))
                continue
            first_row_of_kvk[kvk] = number
        result.rows.append(
            CheckedRow(
                row=number,
                organisation={key: cleaned[key] for key in ORGANISATION_KEYS},
                contact=_contact(cleaned),
            )
        )
    if progress is not None:
        progress(len(table.rows))
    return result


def _contact(cleaned: dict[str, Any]) -> dict[str, str] | None:
    if not cleaned["contact_name"]:
        return None
    first_name, last_name = split_name(cleaned["contact_name"])
    return {
        "first_name": first_name,
        "last_name": last_name,
        "email": cleaned["email"],
        "phone": cleaned["phone"],
        "function_title": cleaned["function_title"],
    }


def reject_registered_kvk(
    result: CheckResult, registered: set[str], headers: list[str], mapping: dict[str, int]
) -> None:
    """Move rows whose KVK number is already in the registry from the rows to the errors."""
    if not registered:
        return
    column = column_names(headers, mapping)["kvk_number"]
    message = str(KVK_TAKEN)
    keep: list[CheckedRow] = []
    for row in result.rows:
        if row.organisation["kvk_number"] in registered:
            result.errors.append(RowError(row.row, column, message))
        else:
            keep.append(row)
    result.rows = keep
    result.errors.sort(key=lambda error: error.row)
