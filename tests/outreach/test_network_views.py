"""The network view: nodes, edges, filters, the node cap, permissions per role and queries."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import OrganisationFactory, RelationshipFactory, RouteFactory, UserFactory, assign
from tests.factories.outreach import PipelineEntryFactory
from tests.factories.placements import StudentFactory, placement_with_hosts
from verbinder.accounts.enums import Role
from verbinder.outreach.enums import Stage
from verbinder.outreach.selectors import network
from verbinder.partners.enums import OrganisationKind, RelationshipKind

pytestmark = pytest.mark.django_db


def url(route) -> str:
    return reverse("outreach:network", kwargs={"route_pk": route.pk})


def graph_of(response) -> dict:
    start = response.content.decode().index('<script id="network-data" type="application/json">')
    body = response.content.decode()[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


@pytest.fixture
def net(world):
    """Route A: company (front-runner, hosting) member of branch; a second company works with the first; a sector
    partnership the branch is part of; an organisation of route B related to company (not shown)."""
    PipelineEntryFactory(route=world.route, organisation=world.company, stage=Stage.HOSTING, front_runner=True)
    second = OrganisationFactory(name="Metaalwerk Noord", routes=[world.route])
    partnership = OrganisationFactory(
        name="Sectorpact Techniek", kind=OrganisationKind.SECTOR_PARTNERSHIP, routes=[world.route]
    )
    RelationshipFactory(source=second, target=world.company, kind=RelationshipKind.WORKS_WITH)
    RelationshipFactory(source=world.branch, target=partnership, kind=RelationshipKind.PART_OF)
    RelationshipFactory(source=world.other_company, target=world.company, kind=RelationshipKind.WORKS_WITH)
    return world, second, partnership


def test_graph_has_the_route_organisations_and_relationships_between_them(net):
    world, second, partnership = net
    nodes, edges = network.network_graph(
        user=world.users["coordinator"], route=world.route, filters=network.NetworkFilter()
    )
    assert [node.name for node in nodes] == [
        "Bakkerij De Korenaar", "Brancheclub Techniek", "Metaalwerk Noord", "Sectorpact Techniek",
    ]  # fmt: skip
    company = nodes[0]
    assert (company.stage, company.front_runner, company.kind) == ("hosting", True, "company")
    assert nodes[1].stage == "prospect"  # no entry yet
    assert {(edge.source, edge.target, edge.kind) for edge in edges} == {
        (world.company.pk, world.branch.pk, "member_of"),
        (second.pk, world.company.pk, "works_with"),
        (world.branch.pk, partnership.pk, "part_of"),
    }


def test_filters_by_kind_and_stage_keep_edges_between_the_remaining_nodes(net):
    world, second, _partnership = net
    user = world.users["coordinator"]
    nodes, edges = network.network_graph(user=user, route=world.route, filters=network.NetworkFilter(kind="company"))
    assert {node.pk for node in nodes} == {world.company.pk, second.pk}
    assert [(edge.source, edge.target) for edge in edges] == [(second.pk, world.company.pk)]
    nodes, edges = network.network_graph(user=user, route=world.route, filters=network.NetworkFilter(stage="hosting"))
    assert [node.pk for node in nodes] == [world.company.pk]
    assert edges == []
    nodes, _edges = network.network_graph(user=user, route=world.route, filters=network.NetworkFilter(stage="prospect"))
    assert world.company.pk not in {node.pk for node in nodes}
    assert len(nodes) == 3


def test_archived_organisations_are_left_out(net):
    world, second, _partnership = net
    second.archived_at = timezone.now()
    second.save()
    nodes, edges = network.network_graph(user=world.users["admin"], route=world.route, filters=network.NetworkFilter())
    assert second.pk not in {node.pk for node in nodes}
    assert all(second.pk not in (edge.source, edge.target) for edge in edges)


def test_table_lists_relationships_from_both_sides(net):
    world, _second, _partnership = net
    nodes, _edges = network.network_graph(
        user=world.users["coordinator"], route=world.route, filters=network.NetworkFilter()
    )
    with translation.override("en"):
        network.nodes_with_links(
            user=world.users["coordinator"], route=world.route, filters=network.NetworkFilter(), nodes=nodes
        )
        links = {node.name: [(label, name) for label, _pk, name in node.links] for node in nodes}
    assert links["Bakkerij De Korenaar"] == [
        ("is member of", "Brancheclub Techniek"),
        ("works with", "Metaalwerk Noord"),
    ]
    assert links["Brancheclub Techniek"] == [
        ("has as member", "Bakkerij De Korenaar"),
        ("is part of", "Sectorpact Techniek"),
    ]


@pytest.mark.parametrize("persona", ["coordinator", "teacher", "admin"])
def test_route_staff_and_admins_see_the_picture_and_the_table(net, persona):
    world, second, _partnership = net
    response = world.client_for(persona).get(url(world.route))
    assert response.status_code == 200
    content = response.content.decode()
    assert "cytoscape-3.35.0.min.js" in content
    data = graph_of(response)
    assert {node["id"] for node in data["nodes"]} == {
        str(world.company.pk),
        str(world.branch.pk),
        str(second.pk),
        str(_partnership.pk),
    }
    company = next(node for node in data["nodes"] if node["id"] == str(world.company.pk))
    assert company["frontRunner"] is True
    assert "★" in company["label"]
    assert company["url"] == reverse("partners:organisation-detail", args=[world.company.pk])
    assert 'id="network-table"' in content
    assert content.count('<tr data-organisation="') == 4
    assert "Zorgtechniek Oost" not in content


@pytest.mark.parametrize(
    "persona",
    [
        "company_contact",
        "workplace_supervisor",
        "student",
        "partner_contact",
        "other_coordinator",
        "other_company_contact",
    ],
)
def test_others_get_404(world, persona):
    assert world.client_for(persona).get(url(world.route)).status_code == 404


def test_anonymous_is_sent_to_login(world):
    response = world.client_for("anonymous").get(url(world.route))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_unknown_filter_value_is_shown_as_an_error_and_filters_nothing(net):
    world, *_ = net
    response = world.client_for("coordinator").get(url(world.route), {"kind": "<script>x</script>", "stage": "hosting"})
    assert response.status_code == 200
    assert "<script>x</script>" not in response.content.decode()
    assert response.context["form"].errors["kind"]
    assert [node["id"] for node in graph_of(response)["nodes"]] == [str(world.company.pk)]


def test_too_many_organisations_show_the_table_and_ask_to_filter(world, monkeypatch):
    monkeypatch.setattr(network, "NODE_LIMIT", 2)
    response = world.client_for("coordinator").get(url(world.route) + "?page=1")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="network-too-many"' not in content  # two organisations: within the limit
    OrganisationFactory(routes=[world.route])
    response = world.client_for("coordinator").get(url(world.route))
    content = response.content.decode()
    assert 'id="network-too-many"' in content
    assert 'id="network-data"' not in content
    assert "cytoscape-3.35.0.min.js" not in content
    assert content.count('<tr data-organisation="') == 3


def test_table_is_paginated(world, monkeypatch):
    from verbinder.outreach.views import growth as views

    monkeypatch.setattr(views, "TABLE_PAGE_SIZE", 2)
    OrganisationFactory(name="Zzz Laatste", routes=[world.route])
    response = world.client_for("coordinator").get(url(world.route) + "?page=2")
    content = response.content.decode()
    assert content.count('<tr data-organisation="') == 1
    assert "Zzz Laatste" in content
    assert len(graph_of(response)["nodes"]) == 3


@pytest.mark.parametrize("count", [1, 3])
def test_network_queries(count, django_assert_num_queries):
    route = RouteFactory()
    user = assign(UserFactory(), Role.COORDINATOR, route=route)
    hub = OrganisationFactory(kind=OrganisationKind.BRANCH_ASSOCIATION, routes=[route])
    previous = None
    for number in range(count):
        organisation = OrganisationFactory(routes=[route])
        PipelineEntryFactory(route=route, organisation=organisation, stage=Stage.CONTACTED, front_runner=number == 0)
        RelationshipFactory(source=organisation, target=hub)
        if previous is not None:
            placement_with_hosts(route=route, hosts=[(previous, 3), (organisation, 1)])
        previous = organisation
    client = Client()
    client.force_login(user)
    assert client.get(url(route)).status_code == 200
    # session, user, role assignments, route, shared students, nodes, edges, table count, table page,
    # table relationships
    with django_assert_num_queries(10):
        assert client.get(url(route)).status_code == 200


def test_names_with_markup_stay_text_in_the_picture_data_and_the_table(world):
    payload = '<img src=x onerror="alert(1)">&'
    OrganisationFactory(name=payload, routes=[world.route])
    response = world.client_for("coordinator").get(url(world.route))
    content = response.content.decode()
    assert payload not in content
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;" in content  # the table
    assert r"\u003Cimg src=x onerror=\"alert(1)\"\u003E\u0026" in content  # json_script
    assert payload in [node["label"] for node in graph_of(response)["nodes"]]


@pytest.fixture
def sharing(world):
    """In route A: the company and a second company share two students (one placement paused), a third company
    shared one that has ended; in route B the company shares one with another company (not an edge in A)."""
    second = OrganisationFactory(name="Metaalwerk Noord", routes=[world.route])
    third = OrganisationFactory(name="Lasbedrijf Oost", routes=[world.route])
    placement_with_hosts(route=world.route, hosts=[(world.company, 3), (second, 1)])
    placement_with_hosts(route=world.route, hosts=[(second, 2), (world.company, 2)], status="paused")
    placement_with_hosts(route=world.route, hosts=[(world.company, 4)])
    placement_with_hosts(route=world.route, hosts=[(third, 3), (world.company, 1)], status="ended")
    elsewhere = OrganisationFactory(name="Elders B.V.", routes=[world.other_route, world.route])
    placement_with_hosts(student=StudentFactory(route=world.other_route), hosts=[(world.company, 3), (elsewhere, 1)])
    return world, second, third


def test_companies_that_share_a_current_student_are_joined_by_an_edge(sharing):
    world, second, _third = sharing
    user = world.users["coordinator"]
    nodes, edges = network.network_graph(user=user, route=world.route, filters=network.NetworkFilter())
    shared = [edge for edge in edges if edge.kind == network.SHARES_STUDENT]
    first, other = sorted([world.company.pk, second.pk])
    assert [(edge.source, edge.target, edge.count) for edge in shared] == [(first, other, 2)]
    with translation.override("en"):
        assert shared[0].label == "shares 2 students with"
    nodes, edges = network.network_graph(user=user, route=world.route, filters=network.NetworkFilter(stage="hosting"))
    assert nodes == [] and edges == []


def test_the_table_lists_the_companies_that_share_a_student_from_both_sides(sharing):
    world, second, _third = sharing
    user = world.users["coordinator"]
    nodes, _edges = network.network_graph(user=user, route=world.route, filters=network.NetworkFilter())
    with translation.override("en"):
        network.nodes_with_links(user=user, route=world.route, filters=network.NetworkFilter(), nodes=nodes)
    links = {node.pk: [(label, pk) for label, pk, _name in node.links] for node in nodes}
    assert links[world.company.pk] == [("is member of", world.branch.pk), ("shares 2 students with", second.pk)]
    assert links[second.pk] == [("shares 2 students with", world.company.pk)]


def test_the_page_draws_the_shared_edge_and_explains_it(sharing):
    world, second, _third = sharing
    response = world.client_for("coordinator").get(url(world.route))
    content = response.content.decode()
    edges = [edge for edge in graph_of(response)["edges"] if edge["kind"] == "shares_student"]
    assert {(edge["source"], edge["target"]) for edge in edges} == {
        tuple(str(pk) for pk in sorted([world.company.pk, second.pk]))
    }
    assert 'id="legend-shares-student"' in content
    row = content.split(f'<tr data-organisation="{second.pk}">', 1)[1].split("</tr>", 1)[0]
    assert f'href="{reverse("partners:organisation-detail", args=[world.company.pk])}"' in row
