"""The growth page and the network view in a real browser: the charts and the network picture render under the
real Content-Security-Policy (no console or CSP errors) and pass axe; clicking an organisation in the picture
opens its page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import UI
from tests.factories import OrganisationFactory, RelationshipFactory
from tests.factories.outreach import PipelineEntryFactory
from tests.factories.placements import placement_with_hosts
from verbinder.outreach.enums import Source, Stage
from verbinder.outreach.models import StageChange
from verbinder.partners.enums import RelationshipKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_growth_charts_and_network_picture_render_without_errors(ui: UI, world, password):
    page = ui.page
    when = timezone.now() - datetime.timedelta(days=60)
    entry = PipelineEntryFactory(
        route=world.route, organisation=world.company, stage=Stage.HOSTING, stage_since=when,
        source=Source.BRANCH_ASSOCIATION, front_runner=True,
    )  # fmt: skip
    StageChange.objects.create(entry=entry, route=world.route, from_stage="", to_stage=Stage.PROSPECT, changed_at=when)
    StageChange.objects.create(
        entry=entry, route=world.route, from_stage=Stage.PROSPECT, to_stage=Stage.HOSTING, changed_at=when
    )
    neighbour = OrganisationFactory(name="Metaalwerk Noord", routes=[world.route])
    RelationshipFactory(source=neighbour, target=world.company, kind=RelationshipKind.WORKS_WITH)
    placement_with_hosts(route=world.route, hosts=[(world.company, 3), (neighbour, 1)])

    ui.login(world.users["coordinator"].email, password)

    # The route page loads the compact funnel and links on.
    ui.visit(reverse("partners:route-detail", args=[world.route.pk]))
    funnel = page.locator("#route-growth-funnel")
    expect(funnel.get_by_role("img")).to_be_visible()
    growth_url = reverse("outreach:growth", kwargs={"route_pk": world.route.pk})
    network_url = reverse("outreach:network", kwargs={"route_pk": world.route.pk})
    with ui.navigation():
        funnel.locator(f'a[href="{growth_url}"]').click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(world.route.programme_name)
    expect(page.locator("svg[role=img]")).to_have_count(4)
    expect(page.locator("#funnel-table tr[data-stage=hosting] td")).to_have_text("1")

    with ui.navigation():
        page.locator(f'.page-actions a[href="{network_url}"]').click()
    graph = page.locator("#network-graph")
    expect(graph).to_have_attribute("data-ready", "true")
    expect(graph.locator("canvas").first).to_be_visible()
    ui.check()
    assert page.evaluate("() => document.querySelectorAll('style').length") == 0  # nothing inline added
    shared = "() => document.getElementById('network-graph')._cyreg.cy.edges('[kind = \"shares_student\"]').length"
    assert page.evaluate(shared) == 1  # the two companies share a student

    # Click the front-runner's node: its page opens.
    # Scroll first and then point and press as a hand would: cytoscape ignores a press during a page scroll.
    graph.scroll_into_view_if_needed()
    page.wait_for_timeout(400)
    position = page.evaluate(
        """(id) => {
            const cy = document.getElementById('network-graph')._cyreg.cy;
            const node = cy.getElementById(String(id));
            return node.renderedPosition();
        }""",
        world.company.pk,
    )
    box = graph.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + position["x"], box["y"] + position["y"], steps=3)
    with ui.navigation():
        page.mouse.down()
        page.mouse.up()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.company.name)
