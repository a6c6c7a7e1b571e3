"""Who reaches a route's growth page, its compact funnel (loaded on the route page) and its network view: the
route's staff (coordinator, teacher) and administrators; everyone else 404, anonymous visitors to the login page.
Each URL has a row for route A ("own") and route B ("other")."""

from __future__ import annotations

from tests.security.matrix.base import Row, statuses

ROUTE_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=302)
ROUTE_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
NOT_GET = statuses(405)


def route_a(w):
    return {"route_pk": w.route.pk}


def route_b(w):
    return {"route_pk": w.other_route.pk}


ROWS: list[Row] = [
    row
    for name in ("outreach:growth", "outreach:growth-funnel", "outreach:network")
    for row in (
        Row(name, ROUTE_A, kwargs=route_a, label="own"),
        Row(name, ROUTE_B, kwargs=route_b, label="other"),
        Row(name, NOT_GET, kwargs=route_a, method="POST", data=lambda w: {}, label="own"),
    )
] + [
    Row("outreach:network", ROUTE_A, kwargs=route_a, query="?kind=company&stage=hosting", label="filtered"),
]
