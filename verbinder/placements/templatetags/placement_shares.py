"""How a host's share of the student's week reads: "3 days", "1 day", "16 hours"."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import ngettext

from verbinder.placements.enums import ShareUnit

register = template.Library()


def share_text(value: Any, unit: str) -> str:
    if value in (None, ""):
        return "–"
    amount = Decimal(str(value))
    whole = amount == amount.to_integral_value()
    shown = str(int(amount)) if whole else number_format(amount, decimal_pos=1)
    # Plural forms by the whole number; a half day reads as the plural ("2,5 days").
    count = int(amount) if whole else 2
    if unit == ShareUnit.HOURS:
        return ngettext("%(amount)s hour", "%(amount)s hours", count) % {"amount": shown}
    return ngettext("%(amount)s day", "%(amount)s days", count) % {"amount": shown}


@register.filter
def share(value: Any, unit: str) -> str:
    return share_text(value, unit)
