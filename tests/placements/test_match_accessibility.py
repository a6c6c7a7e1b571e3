"""Accessibility basics of the matching pages (the registry's checks: one h1, unique ids, labelled fields,
header cells with a scope, references that resolve), the public answer page and its failure page included."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.placements import StudentFactory, placement_world
from tests.partners.html import parse
from tests.partners.test_accessibility import problems
from verbinder.mail.models import OutboxMessage
from verbinder.placements.services.matching import match_propose

pytestmark = pytest.mark.django_db


def test_matching_pages(world) -> None:
    pw = placement_world(world)
    student = StudentFactory(route=world.route)
    proposal = match_propose(
        by=world.users["coordinator"],
        workplace=pw.workplace,
        student=student,
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2028, 8, 31),
        working_per_week=Decimal(4),
        supervisor=world.affiliation,
    )
    coordinator = world.client_for("coordinator")
    for client, url in [
        (coordinator, reverse("placements:matching")),
        (coordinator, reverse("placements:matching") + "?region=x&hours=y"),
        (coordinator, reverse("placements:match-propose", args=[pw.workplace.pk])),
        (coordinator, reverse("placements:match-list")),
        (world.client_for("company_contact"), reverse("placements:match-answer", args=[proposal.pk])),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems(parse(response.content)) == [], url

    response = coordinator.post(reverse("placements:match-propose", args=[pw.workplace.pk]), {"student": ""})
    assert problems(parse(response.content)) == []

    body = OutboxMessage.objects.filter(recipient=world.users["company_contact"].email).latest("pk").body_text
    link = re.findall(r"/placements/a/[^/\s]+/", body)[-1]
    anonymous = Client()
    assert problems(parse(anonymous.get(link, follow=True).content)) == []
    response = anonymous.post(link, {"answer": "accept", "name": ""})
    assert problems(parse(response.content)) == []
    failed = anonymous.get(reverse("placements:match-answer-link", args=["nonsense"]))
    assert failed.status_code == 404 and problems(parse(failed.content)) == []
