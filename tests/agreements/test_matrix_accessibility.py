"""Accessibility basics of the responsibility matrix pages (the registry's checks: one h1, unique ids, labelled
fields, header cells with a scope, references that resolve): the editor, the read-only view, the rename page,
and the forms with errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.partners.html import parse
from tests.partners.test_accessibility import problems
from verbinder.agreements.models import MatrixParty, MatrixTask
from verbinder.agreements.services.matrix import matrix_ensure

pytestmark = pytest.mark.django_db


def test_matrix_pages(world) -> None:
    matrix_ensure(route=world.route)
    task = MatrixTask.objects.filter(route=world.route).first()
    page = reverse("agreements:matrix", args=[world.route.pk])
    for persona, url in [
        ("coordinator", page),
        ("coordinator", reverse("agreements:matrix-task-edit", args=[task.pk])),
        ("student", page),
        ("partner_contact", page),
    ]:
        response = world.client_for(persona).get(url)
        assert response.status_code == 200, url
        assert problems(parse(response.content)) == [], (persona, url)


def test_matrix_forms_with_errors(world) -> None:
    matrix_ensure(route=world.route)
    task = MatrixTask.objects.filter(route=world.route).first()
    party = MatrixParty.objects.filter(route=world.route).first()
    client = world.client_for("coordinator")
    for url, data in [
        (reverse("agreements:matrix-task-add", args=[world.route.pk]), {"name": ""}),
        (reverse("agreements:matrix-party-add", args=[world.route.pk]), {"label": "", "kind": "x"}),
        (reverse("agreements:matrix-cells", args=[world.route.pk]), {f"cell-{task.pk}-{party.pk}": "Q"}),
        (reverse("agreements:matrix-task-edit", args=[task.pk]), {"name": ""}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 422, url
        assert problems(parse(response.content)) == [], url
    response = client.post(
        reverse("agreements:matrix-cells", args=[world.route.pk]),
        {f"cell-{task.pk}-{party.pk}": "Q"},
        HTTP_HX_REQUEST="true",
    )
    assert 'aria-describedby="cell-' in response.content.decode()
