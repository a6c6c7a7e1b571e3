"""Who may do what in outreach. Everything is the hogeschool's own: staff of the route and administrators.

Teachers read the pipeline and log contact moments and follow-ups (everyone is involved); coordinators also
move organisations between stages, change sources and run outreach activities.
"""

from __future__ import annotations

from typing import Any

import rules

from verbinder.accounts.predicates import is_admin, is_route_coordinator, is_route_staff


@rules.predicate
def is_author(user: Any, obj: Any) -> bool:
    return obj is not None and getattr(obj, "created_by_id", None) == user.pk


@rules.predicate
def is_assignee(user: Any, obj: Any) -> bool:
    return obj is not None and getattr(obj, "assignee_id", None) == user.pk


# The object is a Route or any row with a route (entry, contact moment, follow-up, activity).
rules.add_perm("outreach.view_outreach", is_admin | is_route_staff)
rules.add_perm("outreach.move_stage", is_admin | is_route_coordinator)
rules.add_perm("outreach.change_pipeline_entry", is_admin | is_route_coordinator)
rules.add_perm("outreach.add_interaction", is_admin | is_route_staff)
rules.add_perm("outreach.change_interaction", is_admin | is_route_coordinator | (is_route_staff & is_author))
rules.add_perm("outreach.add_follow_up", is_admin | is_route_staff)
rules.add_perm("outreach.change_follow_up", is_admin | is_route_coordinator | (is_route_staff & is_assignee))
rules.add_perm("outreach.add_activity", is_admin | is_route_coordinator)
rules.add_perm("outreach.change_activity", is_admin | is_route_coordinator)
