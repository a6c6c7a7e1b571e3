"""Routes: the unit a coordinator runs. Staff read their routes; only admins add routes; coordinators edit."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from verbinder.api.errors import READ, WRITE, errors
from verbinder.api.fields import MAX_ID
from verbinder.api.pagination import PageQuery, paginate
from verbinder.api.partners.schemas import RouteDetailOut, RouteIn, RouteOut, RoutePage, RoutePatch, compose
from verbinder.api.permissions import require_perm, require_staff
from verbinder.partners import selectors, services
from verbinder.partners.models import Route
from verbinder.partners.services import ROUTE_FIELDS

router = Router(tags=["routes"])
RouteId = Path(..., ge=1, le=MAX_ID)


def _detail(route: Route) -> RouteDetailOut:
    return compose(RouteDetailOut, route, base=RouteOut, coordinators=selectors.route_coordinators(route=route))


@router.get("/routes", response={200: RoutePage, **errors(*READ)}, url_name="route-list")
def route_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, object]:
    """The active routes you work in (all routes for admins), by programme name."""
    require_staff(request.user)
    return paginate(selectors.route_list_for_user(user=request.user), page)


@router.post("/routes", response={201: RouteDetailOut, **errors(*WRITE)}, url_name="route-list")
def route_create(request: HttpRequest, payload: RouteIn) -> Status[RouteDetailOut]:
    """Add a route (admins only)."""
    require_staff(request.user)
    require_perm(request.user, "partners.add_route")
    route = services.route_create(by=request.user, data=payload.model_dump())
    return Status(201, _detail(route))


@router.get("/routes/{route_id}", response={200: RouteDetailOut, **errors(*READ)}, url_name="route-detail")
def route_detail(request: HttpRequest, route_id: int = RouteId) -> RouteDetailOut:
    return _detail(selectors.route_get_for_user(user=request.user, pk=route_id))


@router.patch("/routes/{route_id}", response={200: RouteDetailOut, **errors(*WRITE)}, url_name="route-detail")
def route_update(request: HttpRequest, payload: RoutePatch, route_id: int = RouteId) -> RouteDetailOut:
    """Change a route you coordinate. Send only the fields that change."""
    route = selectors.route_get_for_user(user=request.user, pk=route_id)
    require_perm(request.user, "partners.change_route", route)
    data = {name: getattr(route, name) for name in ROUTE_FIELDS} | payload.changes()
    route = services.route_update(route=route, by=request.user, data=data)
    return _detail(route)
