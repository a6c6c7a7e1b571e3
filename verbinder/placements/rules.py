"""Who may do what with workplaces, students, matches and placements.

Staff of the route read everything of it; coordinators change it. A company contact offers workplaces for
their company (the coordinator approves them) and answers proposed matches; a student answers their own.
Reading is decided by the `visible_to` querysets (models.py); these rules decide changes.
"""

from __future__ import annotations

from typing import Any

import rules

from verbinder.accounts.predicates import is_admin, is_route_coordinator, is_route_staff
from verbinder.accounts.scope import scope_for


@rules.predicate
def is_company_contact(user: Any, obj: Any) -> bool:
    """The object is an Organisation, or a workplace or match (of a workplace) of that organisation."""
    if obj is None:
        return False
    if obj.__class__.__name__ == "Organisation":
        organisation_id = obj.pk
    elif obj.__class__.__name__ == "MatchProposal":
        organisation_id = obj.workplace.organisation_id
    else:
        organisation_id = getattr(obj, "organisation_id", None)
    return organisation_id is not None and organisation_id in scope_for(user).contact_organisation_ids


@rules.predicate
def is_the_student(user: Any, obj: Any) -> bool:
    """The object is a MatchProposal: its student is this user."""
    return obj is not None and obj.student.user_id == user.pk


# Object: a Route, or any row with a route.
rules.add_perm("placements.view_placements", is_admin | is_route_staff)
rules.add_perm("placements.change_placement", is_admin | is_route_coordinator)
rules.add_perm("placements.change_student", is_admin | is_route_coordinator)
rules.add_perm("placements.import_students", is_admin | is_route_coordinator)
rules.add_perm("placements.change_workplace", is_admin | is_route_coordinator)
rules.add_perm("placements.approve_workplace", is_admin | is_route_coordinator)
rules.add_perm("placements.propose_match", is_admin | is_route_coordinator)
# Object: an Organisation (a company contact offers a workplace for it in the portal).
rules.add_perm("placements.offer_workplace", is_company_contact)
# Object: a MatchProposal.
rules.add_perm("placements.answer_match_for_company", is_company_contact)
rules.add_perm("placements.answer_match_for_student", is_the_student)
