"""Limit/offset pagination with a total count; the order of every list is stable (it ends on the primary key)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema

from verbinder.api.fields import MAX_OFFSET

DEFAULT_LIMIT = 25
MAX_LIMIT = 100


class PageQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items, at most 100.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class PageOut(Schema):
    count: int = Field(description="How many items match, on all pages together.")
    limit: int
    offset: int


def paginate(queryset: QuerySet[Any], page: PageQuery) -> dict[str, Any]:
    return {
        "count": queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(queryset[page.offset : page.offset + page.limit]),
    }
