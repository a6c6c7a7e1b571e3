from __future__ import annotations

from typing import Any

from django import template

from verbinder.core.templatetags.verbinder import query_with

register = template.Library()


@register.inclusion_tag("partners/_sortable_th.html", takes_context=True)
def sortable_th(context: dict[str, Any], key: str, label: str, current: str) -> dict[str, Any]:
    """A column header that sorts the list by `key`, and reverses it when it already does."""
    direction = "ascending" if current == key else "descending" if current == f"-{key}" else ""
    next_sort = f"-{key}" if current == key else key
    return {"label": label, "direction": direction, "href": query_with(context, sort=next_sort, page=None)}
