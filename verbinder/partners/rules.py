"""Who may do what with the partner registry. Lists use visible_to(user); single objects are checked here."""

from __future__ import annotations

from typing import Any

import rules

from verbinder.accounts.scope import scope_for
from verbinder.partners.models import Organisation, Person, Relationship, Route


@rules.predicate
def is_admin(user: Any) -> bool:
    return scope_for(user).is_admin


@rules.predicate
def is_any_coordinator(user: Any) -> bool:
    return bool(scope_for(user).coordinated_route_ids)


@rules.predicate
def is_any_staff(user: Any) -> bool:
    return bool(scope_for(user).staff_route_ids)


@rules.predicate
def is_route_coordinator(user: Any, route: Route | None) -> bool:
    return route is not None and route.pk in scope_for(user).coordinated_route_ids


def _organisation_route_ids(organisation: Organisation) -> set[int]:
    """The routes the organisation is a partner in; from prefetched partnerships when the selector made them."""
    cached = getattr(organisation, "_route_ids", None)
    if cached is None:
        cached = {partnership.route_id for partnership in organisation.partnerships.all()}
        organisation._route_ids = cached  # type: ignore[attr-defined]
    return cached


@rules.predicate
def is_organisation_staff(user: Any, organisation: Organisation | None) -> bool:
    staff_routes = scope_for(user).staff_route_ids
    if organisation is None or not staff_routes:
        return False
    return bool(_organisation_route_ids(organisation) & staff_routes)


@rules.predicate
def is_organisation_coordinator(user: Any, organisation: Organisation | None) -> bool:
    coordinated = scope_for(user).coordinated_route_ids
    if organisation is None or not coordinated:
        return False
    return bool(_organisation_route_ids(organisation) & coordinated)


@rules.predicate
def can_edit_person(user: Any, person: Person | None) -> bool:
    """Coordinators edit the people with a role (current or ended) at a partner of one of their routes."""
    coordinated = scope_for(user).coordinated_route_ids
    if person is None or not coordinated:
        return False
    return Route.objects.filter(pk__in=coordinated, partnerships__organisation__affiliations__person=person).exists()


@rules.predicate
def can_change_relationship(user: Any, relationship: Relationship | None) -> bool:
    """A relationship is shown on both organisations' pages: who may change either may remove it."""
    if relationship is None:
        return False
    return bool(
        is_organisation_coordinator(user, relationship.source) or is_organisation_coordinator(user, relationship.target)
    )


rules.add_perm("partners.change_route", is_admin | is_route_coordinator)
rules.add_perm("partners.add_route", is_admin)
rules.add_perm("partners.manage_route_staff", is_admin)
rules.add_perm("partners.add_organisation", is_admin | is_any_coordinator)
rules.add_perm("partners.view_organisation_internal", is_admin | is_organisation_staff)
rules.add_perm("partners.change_organisation", is_admin | is_organisation_coordinator)
rules.add_perm("partners.import_organisations", is_admin | is_any_coordinator)
rules.add_perm("partners.export_organisations", is_admin | is_any_staff)
rules.add_perm("partners.change_person", is_admin | can_edit_person)
rules.add_perm("partners.delete_relationship", is_admin | can_change_relationship)
