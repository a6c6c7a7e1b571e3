"""Who may reach the staff's placement pages: the list, a placement, the coordinator's changes, an organisation's
placements panel and the route's counts.

The route's staff read (coordinators change, teachers get 403 on every change form and on its POST); staff of the
other route get 404. Company contacts, supervisors and students get 404 here even for their own placement: they
see their part in the portal. Rows use `placement_world`: the student persona's placement at the company in route
A (supervised by the supervisor persona), the other company's placement in route B. POST rows send a valid form,
so 302 means the change was made.
"""

from __future__ import annotations

import datetime
from typing import Any

from tests.conftest import World
from tests.factories import AffiliationFactory, OrganisationFactory
from tests.factories.placements import placement_with_hosts, placement_world
from tests.security.matrix.base import Row, statuses
from verbinder.placements.enums import ContractType, PlacementStatus

STAFF = statuses(404, admin=200, coordinator=200, teacher=200, other_coordinator=200, anonymous=302)
READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=302)
READ_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
CHANGE_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=302)
CHANGE_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
POST_ONLY = statuses(405)
ON = datetime.date(2026, 10, 1)


def done(expect: dict[str, int]) -> dict[str, int]:
    return {persona: 302 if status == 200 else status for persona, status in expect.items()}


def placement_a(w: World) -> dict[str, Any]:
    return {"pk": placement_world(w).placement.pk}


def placement_b(w: World) -> dict[str, Any]:
    return {"pk": placement_world(w).other_placement.pk}


def host_a(w: World) -> dict[str, Any]:
    made = placement_world(w)
    return {"pk": made.placement.pk, "host_pk": made.host.pk}


def host_b(w: World) -> dict[str, Any]:
    made = placement_world(w)
    return {"pk": made.other_placement.pk, "host_pk": made.other_placement.hosts.get().pk}


def host_b_under_a(w: World) -> dict[str, Any]:
    made = placement_world(w)
    return {"pk": made.placement.pk, "host_pk": made.other_placement.hosts.get().pk}


def second_company(w: World) -> Any:
    existing = getattr(w, "_second_company", None)
    if existing is None:
        existing = OrganisationFactory(name="Slagerij Twee", routes=[w.route])
        w._second_company = existing  # type: ignore[attr-defined]
    return existing


def shared_a(w: World) -> Any:
    existing = getattr(w, "_shared_a", None)
    if existing is None:
        placement_world(w)
        existing = placement_with_hosts(route=w.route, hosts=[(w.company, 3), (second_company(w), 1)])
        w._shared_a = existing  # type: ignore[attr-defined]
    return existing


def shared_second_host(w: World) -> dict[str, Any]:
    placement = shared_a(w)
    return {"pk": placement.pk, "host_pk": placement.hosts.get(slot=2).pk}


def change(placement: Any, **extra: Any) -> dict[str, Any]:
    return {"on": ON.isoformat(), "reason": "Matrix", "version": placement.version, **extra}


def end_a(w: World) -> dict[str, Any]:
    return change(placement_world(w).placement)


def end_b(w: World) -> dict[str, Any]:
    return change(placement_world(w).other_placement)


def host_add_a(w: World) -> dict[str, Any]:
    company = second_company(w)
    person = AffiliationFactory(organisation=company)
    return change(
        placement_world(w).placement,
        organisation=company.pk,
        share="1",
        first_share="3",
        supervisor=person.pk,
        contract_type=ContractType.LEARNING_WORK,
    )


def host_remove_a(w: World) -> dict[str, Any]:
    return change(shared_a(w))


def employer_a(w: World) -> dict[str, Any]:
    return change(
        placement_world(w).placement,
        organisation=second_company(w).pk,
        share="4",
        contract_type=ContractType.EMPLOYMENT,
    )


def shares_a(w: World) -> dict[str, Any]:
    placement = shared_a(w)
    first, second = placement.hosts.order_by("slot")
    return change(placement, working_per_week="4", **{f"share_{first.pk}": "2", f"share_{second.pk}": "2"})


def host_edit_a(w: World) -> dict[str, Any]:
    return change(placement_world(w).placement, supervisor=w.affiliation.pk, contract_type=ContractType.EMPLOYMENT)


def details_a(w: World) -> dict[str, Any]:
    return change(placement_world(w).placement, teacher=w.users["teacher"].pk, end_date="2028-06-30")


def pause_a(w: World) -> dict[str, Any]:
    return change(placement_world(w).placement, expected_return="2026-12-01")


def resume_kwargs(w: World) -> dict[str, Any]:
    placement_world(w)
    placement = getattr(w, "_paused", None)
    if placement is None:
        placement = placement_with_hosts(route=w.route, status=PlacementStatus.PAUSED, paused_since=ON)
        w._paused = placement  # type: ignore[attr-defined]
    return {"pk": placement.pk}


def resume_data(w: World) -> dict[str, Any]:
    resume_kwargs(w)
    return change(w._paused, on="2026-10-15")  # type: ignore[attr-defined]


def company_a(w: World) -> dict[str, Any]:
    placement_world(w)
    return {"pk": w.company.pk}


def company_b(w: World) -> dict[str, Any]:
    placement_world(w)
    return {"pk": w.other_company.pk}


ROWS: list[Row] = [
    Row("placements:placement-list", STAFF),
    Row(
        "placements:placement-list",
        STAFF,
        query="?status=paused&shared=on&ending=on&q=Sara&sort=-end&page=2",
        label="filters",
    ),
    Row("placements:placement-list", STAFF, query="?route=999999", label="unknown route"),
    Row("placements:placement-detail", READ_A, kwargs=placement_a, label="own route A"),
    Row("placements:placement-detail", READ_B, kwargs=placement_b, label="other route B"),
    # The change forms: a page (GET) and the change (POST) each.
    Row("placements:placement-host-add", CHANGE_A, kwargs=placement_a, label="own route A"),
    Row("placements:placement-host-add", CHANGE_B, kwargs=placement_b, label="other route B"),
    Row(
        "placements:placement-host-add",
        done(CHANGE_A),
        kwargs=placement_a,
        method="POST",
        data=host_add_a,
        label="own route A",
    ),
    Row("placements:placement-host-remove", CHANGE_A, kwargs=shared_second_host, label="own route A"),
    Row("placements:placement-host-remove", CHANGE_B, kwargs=host_b, label="other route B"),
    Row(
        "placements:placement-host-remove",
        statuses(404, teacher=403, anonymous=302),
        kwargs=host_b_under_a,
        label="route B's host under route A's placement",
    ),
    Row(
        "placements:placement-host-remove",
        done(CHANGE_A),
        kwargs=shared_second_host,
        method="POST",
        data=host_remove_a,
        label="own route A",
    ),
    Row("placements:placement-employer-change", CHANGE_A, kwargs=host_a, label="own route A"),
    Row("placements:placement-employer-change", CHANGE_B, kwargs=host_b, label="other route B"),
    Row(
        "placements:placement-employer-change",
        done(CHANGE_A),
        kwargs=host_a,
        method="POST",
        data=employer_a,
        label="own route A",
    ),
    Row("placements:placement-host-edit", CHANGE_A, kwargs=host_a, label="own route A"),
    Row("placements:placement-host-edit", CHANGE_B, kwargs=host_b, label="other route B"),
    Row(
        "placements:placement-host-edit",
        done(CHANGE_A),
        kwargs=host_a,
        method="POST",
        data=host_edit_a,
        label="own route A",
    ),
    Row("placements:placement-shares", CHANGE_A, kwargs=placement_a, label="own route A"),
    Row("placements:placement-shares", CHANGE_B, kwargs=placement_b, label="other route B"),
    Row(
        "placements:placement-shares",
        done(CHANGE_A),
        kwargs=lambda w: {"pk": shared_a(w).pk},
        method="POST",
        data=shares_a,
        label="own route A",
    ),
    Row("placements:placement-details", CHANGE_A, kwargs=placement_a, label="own route A"),
    Row("placements:placement-details", CHANGE_B, kwargs=placement_b, label="other route B"),
    Row(
        "placements:placement-details",
        done(CHANGE_A),
        kwargs=placement_a,
        method="POST",
        data=details_a,
        label="own route A",
    ),
    Row("placements:placement-pause", CHANGE_A, kwargs=placement_a, label="own route A"),
    Row("placements:placement-pause", CHANGE_B, kwargs=placement_b, label="other route B"),
    Row(
        "placements:placement-pause",
        done(CHANGE_A),
        kwargs=placement_a,
        method="POST",
        data=pause_a,
        label="own route A",
    ),
    Row("placements:placement-resume", CHANGE_A, kwargs=resume_kwargs, label="own route A"),
    Row("placements:placement-resume", CHANGE_B, kwargs=placement_b, label="other route B"),
    Row(
        "placements:placement-resume",
        done(CHANGE_A),
        kwargs=resume_kwargs,
        method="POST",
        data=resume_data,
        label="own route A",
    ),
    Row("placements:placement-end", CHANGE_A, kwargs=placement_a, label="own route A"),
    Row("placements:placement-end", CHANGE_B, kwargs=placement_b, label="other route B"),
    Row("placements:placement-end", done(CHANGE_A), kwargs=placement_a, method="POST", data=end_a, label="own route A"),
    Row(
        "placements:placement-end", done(CHANGE_B), kwargs=placement_b, method="POST", data=end_b, label="other route B"
    ),
    Row("placements:placement-supervisors", CHANGE_A, kwargs=placement_a, query="?organisation=0", label="own route A"),
    Row("placements:placement-supervisors", CHANGE_B, kwargs=placement_b, label="other route B"),
    Row(
        "placements:placement-supervisors",
        POST_ONLY,
        kwargs=placement_a,
        method="POST",
        data=lambda w: {},
        label="POST",
    ),
    # The organisation page's placements panel, and the route page's counts.
    Row("placements:organisation-placements", READ_A, kwargs=company_a, label="own route A"),
    Row("placements:organisation-placements", READ_B, kwargs=company_b, label="other route B"),
    Row("placements:route-counts", READ_A, kwargs=lambda w: {"route_pk": w.route.pk}, label="own route A"),
    Row("placements:route-counts", READ_B, kwargs=lambda w: {"route_pk": w.other_route.pk}, label="other route B"),
]
