"""The API's access rules are the pages' rules: scoped selectors (404 outside reach) and `rules` perms (403)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from verbinder.accounts.scope import scope_for
from verbinder.core.http import require_perm

__all__ = ["require_perm", "require_staff"]


def require_staff(user: Any) -> None:
    """The registry is for the hogeschool's staff (and admins); to anyone else it does not exist (404)."""
    if not scope_for(user).is_staff_member:
        raise Http404
