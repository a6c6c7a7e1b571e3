"""The template editor in a real browser (CSP on, axe on every page): the coordinator starts from the standard
text, removes and re-adds the early-termination article with HTMX (an unknown field is refused first), sees the
missing topic come and go, is refused publishing while it is missing, and publishes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import UI
from verbinder.agreements.enums import ClauseTopic, TemplateStatus
from verbinder.agreements.models import AgreementTemplate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_edit_with_htmx_and_publish(ui: UI, world, password):
    page = ui.page
    page.on("dialog", lambda dialog: dialog.accept())
    ui.login(world.users["coordinator"].email, password)
    ui.visit(reverse("agreements:template-list", args=[world.route.pk]))
    with ui.navigation():
        page.locator("#template-create button").click()
    template = AgreementTemplate.objects.get(route=world.route)
    expect(page.locator("#template-missing [data-topic]")).to_have_count(0)
    expect(page.locator("#template-fields code", has_text="{student_name}")).to_be_visible()

    # Remove the early-termination article (HTMX: the page stays, the list and the missing topics change).
    early = template.clauses.get(topic=ClauseTopic.EARLY_END)
    url_before = page.url
    page.locator(f"#clause-{early.pk} form[action$='/remove/'] button").click()
    expect(page.locator(f"#clause-{early.pk}")).to_have_count(0)
    expect(page.locator("#template-missing [data-topic='early_end']")).to_be_visible()
    assert page.url == url_before
    ui.check()

    # Publishing is refused, naming what is missing.
    with ui.navigation():
        page.locator("#template-publish button").click()
    expect(page.locator(".messages")).to_contain_text(str(ClauseTopic.EARLY_END.label))
    template.refresh_from_db()
    assert template.status == TemplateStatus.DRAFT

    # Add it again: an unknown field is refused with its name, then the fixed article is added.
    page.locator("#clause-add summary").click()
    page.locator("#clause-new-heading").fill("Tussentijdse beëindiging")
    page.locator("#clause-new-topic").select_option(ClauseTopic.EARLY_END)
    page.locator("#clause-new-body").fill("De overeenkomst eindigt bij {einde_studie}.")
    page.locator("#clause-add button[type=submit]").click()
    expect(page.locator("#clause-add")).to_contain_text("{einde_studie}")
    ui.check()
    page.locator("#clause-new-body").fill(
        "Elke partij kan opzeggen met een termijn van een maand; de student per {end_date}."
    )
    page.locator("#clause-add button[type=submit]").click()
    expect(page.locator("#template-missing [data-topic]")).to_have_count(0)
    assert template.clauses.filter(topic=ClauseTopic.EARLY_END).count() == 1

    # Edit an article in place, move it up.
    added = template.clauses.get(topic=ClauseTopic.EARLY_END)
    page.locator(f"#clause-{added.pk} a[hx-get]").click()
    page.locator(f"#clause-{added.pk}-heading").fill("Opzegging en tussentijdse beëindiging")
    page.locator(f"#clause-{added.pk} button[type=submit]").click()
    expect(page.locator(f"#clause-{added.pk} h3")).to_have_text("Opzegging en tussentijdse beëindiging")
    position = template.clauses.get(pk=added.pk).position
    page.locator(f"#clause-{added.pk} form[action$='/move/'] input[value='up'] + button").click()
    expect(page.locator("#clause-list > li").nth(position - 2)).to_have_id(f"clause-{added.pk}")
    ui.check()

    # Publish.
    ui.visit(reverse("agreements:template-detail", args=[template.pk]))
    with ui.navigation():
        page.locator("#template-publish button").click()
    expect(page.locator("#template-status")).to_have_attribute("data-status", "published")
    ui.visit(reverse("agreements:template-preview", args=[template.pk]))
    expect(page.locator("#template-preview")).to_contain_text("Sam de Vries")
