"""Review of issue 4: what a workplace supervisor learns of the other company of a shared placement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.api.conftest import Personas
from tests.conftest import World
from tests.factories import OrganisationFactory
from tests.factories.placements import placement_world
from verbinder.placements.services.placements import HostInput, placement_host_add

pytestmark = pytest.mark.django_db


def test_a_supervisor_cannot_work_out_the_other_companys_share(world: World, api: Personas) -> None:
    """The other host's share is null for a supervisor; the working time minus their own share would tell it."""
    p = placement_world(world)
    company = OrganisationFactory(name="Smederij Twee", routes=[world.route])
    placement_host_add(
        by=None,
        placement=p.placement,
        host=HostInput(organisation=company, share=Decimal(1)),
        shares={p.host.pk: Decimal(3)},
        on=p.placement.start_date,
        reason="Tweede bedrijf",
        version=p.placement.version,
    )
    url = f"/placements/{p.placement.pk}"
    for body in (
        api("workplace_supervisor").get(url).body,
        api("workplace_supervisor").get(url[: url.rindex("/")]).body["items"][0],
    ):
        assert [host["share"] for host in body["hosts"] if host["limited"]] == [None]
        assert body["working_per_week"] is None
    assert Decimal(str(api("company_contact").get(url).body["working_per_week"])) == 4
    assert Decimal(str(api("student").get(url).body["working_per_week"])) == 4
    assert Decimal(str(api("coordinator").get(url).body["working_per_week"])) == 4
