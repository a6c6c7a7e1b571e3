"""Rule predicates on a user's scope that several apps' rules share. The object is a Route, or any row that
belongs to a route (it has `route_id`)."""

from __future__ import annotations

from typing import Any

import rules

from verbinder.accounts.scope import scope_for


def route_id_of(obj: Any) -> int | None:
    """The route of a route, or of any row with a route."""
    if obj is None:
        return None
    return obj.pk if obj.__class__.__name__ == "Route" else getattr(obj, "route_id", None)


@rules.predicate
def is_admin(user: Any) -> bool:
    return scope_for(user).is_admin


@rules.predicate
def is_route_staff(user: Any, obj: Any) -> bool:
    route_id = route_id_of(obj)
    return route_id is not None and route_id in scope_for(user).staff_route_ids


@rules.predicate
def is_route_coordinator(user: Any, obj: Any) -> bool:
    route_id = route_id_of(obj)
    return route_id is not None and route_id in scope_for(user).coordinated_route_ids
