"""Accessibility basics of the template editor and the settings page (the registry's checks: one h1, unique ids,
labelled fields, header cells with a scope, references that resolve), also with errors in the forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.agreements import agreement_world
from tests.partners.html import parse
from tests.partners.test_accessibility import problems
from verbinder.agreements.services import templates as services

pytestmark = pytest.mark.django_db


def test_editor_pages(world) -> None:
    published = agreement_world(world).template
    draft = services.template_default_create(by=world.users["coordinator"], route=world.route)
    clause = draft.clauses.first()
    client = world.client_for("coordinator")
    for url in [
        reverse("agreements:template-list", args=[world.route.pk]),
        reverse("agreements:template-detail", args=[draft.pk]),
        reverse("agreements:template-detail", args=[published.pk]),
        reverse("agreements:template-preview", args=[draft.pk]),
        reverse("agreements:clause-add", args=[draft.pk]),
        reverse("agreements:clause-edit", args=[clause.pk]),
        reverse("agreements:settings", args=[world.route.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems(parse(response.content)) == [], url


def test_forms_with_errors(world) -> None:
    draft = services.template_default_create(by=world.users["coordinator"], route=world.route)
    client = world.client_for("coordinator")
    for url, data in [
        (reverse("agreements:template-update", args=[draft.pk]), {"title": "", "introduction": "{x}", "version": 1}),
        (reverse("agreements:clause-add", args=[draft.pk]), {"heading": "", "body": "{x}", "party": "general"}),
        (reverse("agreements:settings", args=[world.route.pk]), {"remind_after_days": "x"}),
    ]:
        response = client.post(url, data)
        assert response.status_code in (200, 422), url
        assert problems(parse(response.content)) == [], url
