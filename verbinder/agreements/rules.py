"""Who may do what with agreements, templates and the responsibility matrix.

Staff of the route read everything of it; coordinators change it (templates, agreements, the matrix, the route's
settings). A signer signs their own signature: logged in, the signature must be theirs (their account, or for a
company their company and their e-mail address); without an account, through their e-mailed link, which the
signing pages check instead. Reading is decided by the `visible_to` querysets (models.py).
"""

from __future__ import annotations

from typing import Any

import rules

from verbinder.accounts.predicates import is_admin, is_route_coordinator, is_route_staff
from verbinder.accounts.scope import scope_for
from verbinder.agreements.enums import Party


@rules.predicate
def is_the_signer(user: Any, signer: Any) -> bool:
    """The object is an AgreementSigner that this user signs."""
    if signer is None or not getattr(user, "is_authenticated", False):
        return False
    if signer.user_id is not None:
        return bool(signer.user_id == user.pk)
    if signer.party in (Party.COMPANY, Party.SECOND_COMPANY):
        return (
            signer.organisation_id in scope_for(user).contact_organisation_ids
            and bool(signer.email)
            and signer.email.casefold() == (user.email or "").casefold()
        )
    return False


# Object: a Route, or any row with a route (an agreement, a template, a matrix task).
rules.add_perm("agreements.view_agreements", is_admin | is_route_staff)
rules.add_perm("agreements.change_agreement", is_admin | is_route_coordinator)
rules.add_perm("agreements.change_template", is_admin | is_route_coordinator)
rules.add_perm("agreements.change_matrix", is_admin | is_route_coordinator)
rules.add_perm("agreements.change_settings", is_admin | is_route_coordinator)
# Object: an AgreementSigner.
rules.add_perm("agreements.sign", is_the_signer)
