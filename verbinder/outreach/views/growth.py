"""Outreach: a route's growth (funnel, conversion per source, hosting over time, re-hosting) as charts with tables,
and its network of organisations as an interactive picture with a table.

Charts are inline SVG drawn here from the numbers (no script, and no style attributes: the CSP forbids them);
the network picture is drawn by the vendored cytoscape.js from data passed with `json_script`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from verbinder.core.http import paginate, require_perm
from verbinder.outreach.enums import Stage
from verbinder.outreach.forms.growth import NetworkFilterForm
from verbinder.outreach.selectors import growth as selectors
from verbinder.outreach.selectors import network as network_selectors
from verbinder.outreach.selectors.pipeline import route_get_for_staff
from verbinder.partners.models import Route

TABLE_PAGE_SIZE = 50

# Chart geometry, in SVG user units (the SVG scales to the width of the page).
WIDTH = 640
LABEL_WIDTH = 230
BAR_SPACE = 340
ROW_HEIGHT = 28
CONVERSION_BAR_SPACE = 260  # leaves room for "12 organisations" after the longest bar


def _route(request: HttpRequest, route_pk: int) -> Route:
    route = route_get_for_staff(user=request.user, pk=route_pk)
    require_perm(request.user, "outreach.view_outreach", route)
    return route


def _coordinate(value: float) -> str:
    """An SVG coordinate as text: templates would localise a float (a decimal comma in Dutch breaks SVG)."""
    return f"{value:.1f}"


def _bar(count: int, top: int, space: int = BAR_SPACE) -> int:
    """A bar's length for `count` when the longest bar shows `top`; a count above zero stays visible."""
    if not count or not top:
        return 0
    return max(2, round(space * count / top))


def funnel_chart(funnel: list[selectors.StageCount]) -> dict[str, Any]:
    top = max((row.count for row in funnel), default=0)
    rows = []
    for index, row in enumerate(funnel):
        y = index * ROW_HEIGHT
        length = _bar(row.count, top)
        rows.append(
            {
                "row": row,
                "y": y + 4,
                "text_y": y + 18,
                "width": length,
                "value_x": LABEL_WIDTH + length + 6,
                "off_road": row.stage in (Stage.PAUSED, Stage.STOPPED),
            }
        )
    return {
        "rows": rows,
        "height": len(funnel) * ROW_HEIGHT + 4,
        "total": sum(row.count for row in funnel),
        "hosting": next((row.count for row in funnel if row.stage == Stage.HOSTING), 0),
    }


def conversion_chart(conversion: list[selectors.SourceConversion]) -> dict[str, Any]:
    """Three bars per source: all its organisations, those that reached an intake, those that hosted."""
    top = max((row.total for row in conversion), default=0)
    series = (
        ("total", _("organisations")),
        ("reached_intake", _("intake held")),
        ("reached_hosting", _("hosting")),
    )
    groups = []
    y = 0
    for row in conversion:
        bars = []
        for offset, (attribute, word) in enumerate(series, start=1):
            count = getattr(row, attribute)
            length = _bar(count, top, CONVERSION_BAR_SPACE)
            bar_y = y + offset * 20
            bars.append(
                {
                    "series": attribute,
                    "y": bar_y,
                    "text_y": bar_y + 13,
                    "width": length,
                    "value_x": LABEL_WIDTH + length + 6,
                    "text": f"{count} {word}",
                }
            )
        groups.append({"row": row, "label_y": y + 33, "bars": bars})
        y += 3 * 20 + 16
    return {"groups": groups, "height": max(y, 20)}


PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 44, 600, 16, 196


def hosting_chart(months: list[selectors.MonthCount]) -> dict[str, Any]:
    """A line through the number hosting at the end of each month, with y ticks and a label every third month."""
    top = max((month.count for month in months), default=0)
    scale_top = max(top, 1)
    step = (PLOT_RIGHT - PLOT_LEFT) / max(len(months) - 1, 1)
    points = []
    for index, month in enumerate(months):
        x = _coordinate(PLOT_LEFT + index * step)
        y = _coordinate(PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * month.count / scale_top)
        label = dateformat.format(month.month, "M Y")
        points.append({"x": x, "y": y, "month": month, "label": label, "tick": index % 3 == (len(months) - 1) % 3})
    tick_values = sorted({0, scale_top // 2, scale_top}) if scale_top > 1 else [0, 1]
    ticks = [
        {"value": value, "y": _coordinate(PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * value / scale_top)}
        for value in tick_values
    ]
    return {
        "points": points,
        "polyline": " ".join(f"{point['x']},{point['y']}" for point in points),
        "ticks": ticks,
        "first": months[0] if months else None,
        "last": months[-1] if months else None,
        "top": top,
        "left": PLOT_LEFT,
        "right": PLOT_RIGHT,
        "bottom": PLOT_BOTTOM,
        "label_y": PLOT_BOTTOM + 20,
    }


def rehosting_chart(rehosting: selectors.Rehosting) -> dict[str, Any]:
    whole = 300
    part = round(whole * rehosting.host_again / rehosting.hosted_before) if rehosting.hosted_before else 0
    return {"whole": whole, "part": part}


@require_GET
@login_required
def growth(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = _route(request, route_pk)
    funnel = selectors.funnel_for_route(route=route)
    conversion = selectors.conversion_by_source(route=route)
    months = selectors.hosting_over_time(route=route)
    rehosting = selectors.rehosting_for_route(route=route)
    context = {
        "route": route,
        "funnel": funnel_chart(funnel),
        "conversion": conversion_chart(conversion),
        "conversion_rows": conversion,
        "hosting": hosting_chart(months),
        "rehosting": rehosting,
        "rehosting_chart": rehosting_chart(rehosting),
        "label_width": LABEL_WIDTH,
        "width": WIDTH,
    }
    return render(request, "outreach/growth/growth.html", context)


@require_GET
@login_required
def growth_funnel(request: HttpRequest, route_pk: int) -> HttpResponse:
    """The compact funnel for the route page, loaded there with HTMX (the route page's part stays outreach-free)."""
    route = _route(request, route_pk)
    context = {
        "route": route,
        "funnel": funnel_chart(selectors.funnel_for_route(route=route)),
        "label_width": LABEL_WIDTH,
        "width": WIDTH,
    }
    return render(request, "outreach/growth/funnel_summary.html", context)


def _graph_data(nodes: list[network_selectors.Node], edges: list[network_selectors.Edge]) -> dict[str, Any]:
    front_runner = _("front-runner")
    return {
        "nodes": [
            {
                "id": str(node.pk),
                "label": f"{node.name} ★ {front_runner}" if node.front_runner else node.name,
                "kind": node.kind,
                "stage": node.stage,
                "frontRunner": node.front_runner,
                "url": reverse("partners:organisation-detail", args=[node.pk]),
            }
            for node in nodes
        ],
        "edges": [
            {"source": str(edge.source), "target": str(edge.target), "kind": edge.kind, "label": edge.label}
            for edge in edges
        ],
    }


@require_GET
@login_required
def network(request: HttpRequest, route_pk: int) -> HttpResponse:
    route = _route(request, route_pk)
    form = NetworkFilterForm(request.GET or None)
    filters = form.filters()
    shared = network_selectors.shared_students(user=request.user, route=route, filters=filters)
    graph = network_selectors.network_graph(user=request.user, route=route, filters=filters, shared=shared)
    page = paginate(
        request,
        network_selectors.network_nodes(user=request.user, route=route, filters=filters),
        per_page=TABLE_PAGE_SIZE,
    )
    nodes = network_selectors.nodes_with_links(
        user=request.user,
        route=route,
        filters=filters,
        nodes=[network_selectors.node_from_row(row) for row in page.object_list],
        shared=shared,
    )
    context = {
        "route": route,
        "form": form,
        "graph": _graph_data(*graph) if graph else None,
        "too_many": graph is None,
        "node_limit": network_selectors.NODE_LIMIT,
        "edge_count": len(graph[1]) if graph else None,
        "page": page,
        "nodes": nodes,
    }
    return render(request, "outreach/network/network.html", context)


urlpatterns: list[URLPattern] = [
    path("routes/<int:route_pk>/growth/", growth, name="growth"),
    path("routes/<int:route_pk>/growth/funnel/", growth_funnel, name="growth-funnel"),
    path("routes/<int:route_pk>/network/", network, name="network"),
]
