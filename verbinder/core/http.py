"""Small helpers shared by the HTML views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

PAGE_SIZE = 25


def require_staff(request: HttpRequest) -> None:
    """Pages for the hogeschool's staff only; anyone else gets 404, as for objects out of reach."""
    from verbinder.accounts.scope import scope_for

    if not scope_for(request.user).is_staff_member:
        raise Http404


def require_perm(user: Any, perm: str, obj: Any = None) -> None:
    """Refuse (403) an action on an object the user can see but may not change."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int = PAGE_SIZE, *, param: str = "page") -> Page:
    """One page of the list; `param` names the query parameter when a page holds several lists."""
    return Paginator(queryset, per_page).get_page(request.GET.get(param))
