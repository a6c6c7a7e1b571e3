"""Who reaches which page of the portal's placements (the portal's start page has its row in partners.py).

placement_world(w) puts the student persona's placement at world.company (route A, supervised by the
supervisor persona) and one at other_company (route B). The portal shows only a person's portal roles: staff,
administrators included, have their own pages and find nothing here (404), as do partner contacts.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.factories.placements import placement_world
from tests.security.matrix.base import Row, statuses


def with_placements(w: World) -> dict[str, Any]:
    """No URL arguments, but the placement objects of both routes in the world (for the leak probe)."""
    placement_world(w)
    return {}


def placement_pk(attribute: str) -> Any:
    return lambda w: {"pk": getattr(placement_world(w), attribute).pk}


def organisation_pk(attribute: str) -> Any:
    def kwargs(w: World) -> dict[str, Any]:
        placement_world(w)
        return {"pk": getattr(w, attribute).pk}

    return kwargs


ROWS: list[Row] = [
    Row("portal:home", statuses(200, anonymous=302), kwargs=with_placements, label="with placements in both routes"),
    Row(
        "portal:placement",
        statuses(404, company_contact=200, workplace_supervisor=200, student=200, anonymous=302),
        kwargs=placement_pk("placement"),
        label="own placement at the company (route A)",
    ),
    Row(
        "portal:placement",
        statuses(404, other_company_contact=200, anonymous=302),
        kwargs=placement_pk("other_placement"),
        label="other placement at other_company (route B)",
    ),
    Row(
        "portal:company",
        statuses(404, company_contact=200, anonymous=302),
        kwargs=organisation_pk("company"),
        label="own company (route A)",
    ),
    Row(
        "portal:company",
        statuses(404, other_company_contact=200, anonymous=302),
        kwargs=organisation_pk("other_company"),
        label="other company (route B)",
    ),
    Row(
        "portal:company",
        statuses(404, anonymous=302),
        kwargs=organisation_pk("branch"),
        label="the partner contact's branch association",
    ),
    Row(
        "portal:supervised-students",
        statuses(404, workplace_supervisor=200, anonymous=302),
        kwargs=with_placements,
    ),
    Row("portal:my-placement", statuses(404, student=200, anonymous=302), kwargs=with_placements),
]
