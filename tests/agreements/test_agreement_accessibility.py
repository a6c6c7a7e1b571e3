"""Accessibility basics of the staff's agreement pages (one h1, unique ids, labelled fields, header cells with a
scope, references that resolve), also with errors on an action form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.agreements import agreement_world
from tests.partners.html import parse
from tests.partners.test_accessibility import problems

pytestmark = pytest.mark.django_db


def test_staff_pages(world) -> None:
    made = agreement_world(world)
    client = world.client_for("coordinator")
    pk = made.agreement.pk
    for url in [
        reverse("agreements:board"),
        reverse("agreements:board") + f"?route={world.route.pk}&list=drafts",
        reverse("agreements:agreement-detail", args=[pk]),
        reverse("agreements:agreement-send", args=[pk]),
        reverse("agreements:agreement-cancel", args=[pk]),
        reverse("agreements:agreement-terminate", args=[pk]),
        reverse("agreements:agreement-amend", args=[pk]),
        reverse("agreements:signer-edit", args=[pk, made.company_signer.pk]),
        reverse("agreements:placement-agreements", args=[made.agreement.placement_id]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems(parse(response.content)) == [], url


def test_form_with_errors(world) -> None:
    made = agreement_world(world)
    client = world.client_for("coordinator")
    url = reverse("agreements:agreement-terminate", args=[made.agreement.pk])
    response = client.post(url, {"version": made.agreement.version, "on": "x", "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    assert problems(parse(response.content)) == []
