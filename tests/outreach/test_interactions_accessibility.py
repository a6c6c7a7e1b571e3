"""Accessibility basics of the contact-moment and follow-up pages (the registry's checks: one h1, unique ids,
labelled fields, header cells with a scope, references that resolve), also with the panel's form opened inline."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.outreach import FollowUpFactory, InteractionFactory
from tests.partners.html import parse
from tests.partners.test_accessibility import problems

pytestmark = pytest.mark.django_db


def test_contact_and_follow_up_pages(world) -> None:
    teacher, coordinator = world.users["teacher"], world.users["coordinator"]
    interaction = InteractionFactory(route=world.route, organisation=world.company, created_by=teacher)
    interaction.people.add(world.affiliation.person)
    follow_up = FollowUpFactory(route=world.route, organisation=world.company, assignee=coordinator)
    FollowUpFactory(route=world.route, organisation=world.company, assignee=coordinator,
                    due_on=timezone.localdate() - datetime.timedelta(days=2))  # fmt: skip
    client = world.client_for("coordinator")
    create = f"{reverse('outreach:interaction-create')}?organisation={world.company.pk}"
    for url in [
        reverse("outreach:organisation-contact", args=[world.company.pk]),
        create,
        reverse("outreach:interaction-edit", args=[interaction.pk]),
        reverse("outreach:my-follow-ups"),
        reverse("outreach:my-follow-ups") + "?status=overdue",
        f"{reverse('outreach:follow-up-create')}?organisation={world.company.pk}",
        reverse("outreach:follow-up-edit", args=[follow_up.pk]),
        reverse("partners:person-detail", args=[world.affiliation.person.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems(parse(response.content)) == [], url

    # Errors are tied to their fields.
    response = client.post(reverse("outreach:interaction-create"), {"organisation": world.company.pk})
    assert problems(parse(response.content)) == []


def test_panel_with_the_form_opened_inline_keeps_ids_unique(world) -> None:
    """The organisation page with its panel and the quick-entry form swapped in, as HTMX leaves it."""
    InteractionFactory(route=world.route, organisation=world.company, created_by=world.users["teacher"])
    client = world.client_for("coordinator")
    page = client.get(reverse("partners:organisation-detail", args=[world.company.pk])).content.decode()
    panel = client.get(
        reverse("outreach:organisation-contact", args=[world.company.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    form = client.get(
        f"{reverse('outreach:interaction-create')}?organisation={world.company.pk}", headers={"HX-Request": "true"}
    ).content.decode()
    start = page.index('<section id="outreach-contact"')
    end = page.index("</section>", start) + len("</section>")
    panel = panel.replace('<div id="contact-form-slot"></div>', f'<div id="contact-form-slot">{form}</div>')

    assert problems(parse((page[:start] + panel + page[end:]).encode())) == []
