"""What a user may reach: computed once per request from their role assignments.

A change of role or organisation applies on the next request, because the user object (and with it
this cache) is loaded anew for every request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from verbinder.accounts.enums import EXTERNAL_ROLES, Role

_CACHE_ATTR = "_verbinder_scope"


@dataclass(frozen=True)
class Scope:
    is_admin: bool = False
    coordinated_route_ids: frozenset[int] = frozenset()
    staff_route_ids: frozenset[int] = frozenset()
    organisation_ids: frozenset[int] = frozenset()
    # Per external role, for what only that role reaches (a company's placements, a supervisor's students).
    contact_organisation_ids: frozenset[int] = frozenset()
    supervisor_organisation_ids: frozenset[int] = frozenset()

    @property
    def is_staff_member(self) -> bool:
        return self.is_admin or bool(self.staff_route_ids)

    @property
    def is_external(self) -> bool:
        return bool(self.organisation_ids)

    @property
    def key(self) -> str:
        """Equal for everyone who may reach the same: cached page parts are shared by it."""

        def ids(values: frozenset[int]) -> str:
            return ",".join(map(str, sorted(values)))

        return "|".join(
            [
                str(int(self.is_admin)),
                ids(self.coordinated_route_ids),
                ids(self.staff_route_ids),
                ids(self.organisation_ids),
                ids(self.contact_organisation_ids),
                ids(self.supervisor_organisation_ids),
            ]
        )


EMPTY = Scope()


def scope_for(user: Any) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from verbinder.accounts.models import RoleAssignment

    rows = list(RoleAssignment.objects.filter(user_id=user.pk).values_list("role", "route_id", "organisation_id"))
    scope = Scope(
        is_admin=user.is_superuser or any(role == Role.ADMIN for role, _, _ in rows),
        coordinated_route_ids=frozenset(r for role, r, _ in rows if role == Role.COORDINATOR and r is not None),
        staff_route_ids=frozenset(r for role, r, _ in rows if role in (Role.COORDINATOR, Role.TEACHER) and r),
        organisation_ids=frozenset(org for role, _, org in rows if role in EXTERNAL_ROLES and org is not None),
        contact_organisation_ids=frozenset(org for role, _, org in rows if role == Role.COMPANY_CONTACT and org),
        supervisor_organisation_ids=frozenset(
            org for role, _, org in rows if role == Role.WORKPLACE_SUPERVISOR and org
        ),
    )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
