from __future__ import annotations

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import ngettext

from verbinder.placements.enums import ShareUnit

register = template.Library()


@register.filter
def per_week(value: Decimal | None, unit: str) -> str:
    """A share or working time with its unit: "1 day per week", "2.5 days per week", "32 hours per week"."""
    if value is None:
        return ""
    number = floatformat(value, "-1")
    count = 1 if Decimal(value) == 1 else 2
    if unit == ShareUnit.HOURS:
        return ngettext("%(number)s hour per week", "%(number)s hours per week", count) % {"number": number}
    return ngettext("%(number)s day per week", "%(number)s days per week", count) % {"number": number}
