"""Review findings on the pipeline: a source organisation must be a partner of the same route, or its name leaks
to the route's staff who do not reach it (a teacher of route A sees an organisation of route B)."""

from __future__ import annotations

from django.urls import reverse

from tests.api.conftest import Personas
from tests.conftest import World
from tests.factories import assign
from verbinder.accounts.enums import Role
from verbinder.accounts.scope import forget_scope
from verbinder.outreach.models import PipelineEntry


def _coordinate_both_routes(world: World) -> None:
    user = world.users["coordinator"]
    assign(user, Role.COORDINATOR, route=world.other_route)
    forget_scope(user)


def test_entry_edit_refuses_source_organisation_of_another_route(world: World):
    _coordinate_both_routes(world)
    url = reverse("outreach:entry-edit", args=[world.route.pk, world.company.pk])
    response = world.client_for("coordinator").post(url, {"source_organisation": world.other_company.pk, "version": 1})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"source_organisation"}
    assert not PipelineEntry.objects.exists()


def test_api_update_refuses_source_organisation_of_another_route(world: World):
    _coordinate_both_routes(world)
    api = Personas(world)
    path = f"/outreach/routes/{world.route.pk}/pipeline/{world.company.pk}"
    response = api("coordinator").patch(path, {"version": 1, "source_organisation_id": world.other_company.pk})
    assert response.status == 404
    assert not PipelineEntry.objects.exists()
