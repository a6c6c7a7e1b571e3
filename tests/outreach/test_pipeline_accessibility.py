"""Accessibility basics of the pipeline pages (one h1, unique ids, labelled fields, scoped header cells,
references that resolve), with the checks of the registry pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.partners.html import parse
from tests.partners.test_accessibility import problems
from verbinder.outreach.enums import Stage
from verbinder.outreach.services.pipeline import stage_move

pytestmark = pytest.mark.django_db


def pages(world) -> list[str]:
    route, company = world.route.pk, world.company.pk
    return [
        reverse("outreach:pipeline"),
        reverse("outreach:board", args=[route]),
        reverse("outreach:board", args=[route]) + "?front_runner=on&q=niets",
        reverse("outreach:pipeline-list", args=[route]),
        reverse("outreach:pipeline-list", args=[route]) + "?stage=hosting",
        reverse("outreach:entry-detail", args=[route, company]),
    ]


@pytest.mark.parametrize("persona", ["coordinator", "teacher"])
def test_pipeline_pages(world, persona):
    stage_move(route=world.route, organisation=world.company, to_stage=Stage.INTAKE_HELD, by=world.users["admin"])
    client = world.client_for(persona)
    urls = pages(world)
    if persona == "coordinator":
        urls.append(reverse("outreach:entry-edit", args=[world.route.pk, world.company.pk]))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems(parse(response.content)) == [], url


def test_entry_edit_with_errors_ties_them_to_their_fields(world):
    url = reverse("outreach:entry-edit", args=[world.route.pk, world.company.pk])
    response = world.client_for("coordinator").post(url, {"source": "x", "source_note": "a\x00b", "version": 1})
    assert response.status_code == 200
    assert problems(parse(response.content)) == []
