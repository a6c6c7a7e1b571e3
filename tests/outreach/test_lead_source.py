"""A lead's "via" organisation comes from the activity's host only when the host is a partner of the activity's
route: a coordinator of two routes cannot show one route's staff an organisation of the other through a lead."""

from __future__ import annotations

import pytest

from tests.factories import OrganisationFactory, assign
from tests.factories.outreach import OutreachActivityFactory
from verbinder.accounts.enums import Role
from verbinder.outreach.enums import Source
from verbinder.outreach.services.activities import lead_create
from verbinder.partners.enums import OrganisationKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("host_route", "via_expected"), [("route", True), ("other_route", False)])
def test_the_host_is_the_via_organisation_only_when_it_is_a_partner_of_the_route(world, host_route, via_expected):
    coordinator = assign(world.users["coordinator"], Role.COORDINATOR, route=world.other_route)
    host = OrganisationFactory(
        name="Brancheclub Oost", kind=OrganisationKind.BRANCH_ASSOCIATION, routes=[getattr(world, host_route)]
    )
    activity = OutreachActivityFactory(route=world.route, host=host)

    entry = lead_create(activity=activity, by=coordinator, organisation={"name": "Nieuwe Lead BV", "city": "Zwolle"})

    assert entry.source == Source.EMPLOYERS_MEETING and entry.source_activity == activity
    assert entry.source_organisation == (host if via_expected else None)
