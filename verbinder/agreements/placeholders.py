"""The fields of a placement that an agreement template's text may use, written `{name}`.

A template is checked on save: a `{name}` that is not one of PLACEHOLDERS is refused with a clear message, so
that a typo never reaches a signed document. `fill` puts the values of one placement in; the values come from
`verbinder.agreements.documents.placement_values`. Text is markdown, filled before rendering; values are
escaped for markdown so that a company name cannot inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

PLACEHOLDERS: dict[str, str | Promise] = {
    "student_name": _("Student's full name"),
    "student_number": _("Student number"),
    "student_email": _("Student's e-mail address"),
    "programme": _("Programme name"),
    "degree": _("Degree (Associate degree, bachelor, master)"),
    "croho_code": _("CROHO code"),
    "hogeschool": _("Hogeschool"),
    "start_date": _("Start date of the placement"),
    "end_date": _("End date of the placement"),
    "duration_weeks": _("Duration of the practical part in weeks"),
    "working_time": _("Working time (for example: 4 days per week)"),
    "contract_type": _("Contract with the (first) company"),
    "company_name": _("Company"),
    "company_kvk": _("Company's KVK number"),
    "company_address": _("Company's address"),
    "company_supervisor": _("Workplace supervisor at the company"),
    "company_share": _("The company's share (for example: 3 days per week)"),
    "second_company_name": _("Second company (shared placement)"),
    "second_company_kvk": _("Second company's KVK number"),
    "second_company_address": _("Second company's address"),
    "second_company_supervisor": _("Workplace supervisor at the second company"),
    "second_company_share": _("The second company's share"),
    "teacher_name": _("Teacher (school supervisor)"),
    "coordinator_name": _("Coordinator who signs for the programme"),
    "today": _("Date the agreement is drawn up"),
}

MISSING = "…"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def placeholders_in(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))


def placeholders_unknown(text: str) -> list[str]:
    """The `{name}`s in text that are not fields, sorted (for a form error)."""
    return sorted(placeholders_in(text) - PLACEHOLDERS.keys())


def _escape(value: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def fill(text: str, values: Mapping[str, str]) -> str:
    """Text with each known `{name}` replaced by its value escaped for markdown (MISSING when it has none);
    anything else in braces is left as written."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        value = values.get(name) or ""
        return _escape(str(value)) if value else MISSING

    return PLACEHOLDER.sub(replace, text or "")
