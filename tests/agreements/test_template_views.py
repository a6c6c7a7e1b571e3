"""The template editor and the route's settings page per role: create from the standard text, HTMX and plain
article changes, unknown fields refused, publishing refused without the minimum content, preview, settings."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories.agreements import AgreementTemplateFactory, TemplateClauseFactory, agreement_world
from tests.factories.placements import placement_world
from verbinder.agreements.enums import REQUIRED_TOPICS, ClauseTopic, TemplateStatus
from verbinder.agreements.models import AgreementSettings, AgreementTemplate, TemplateClause
from verbinder.agreements.services import templates as services

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def detail(template) -> str:
    return reverse("agreements:template-detail", args=[template.pk])


def standard_draft(world):
    return services.template_default_create(by=world.users["coordinator"], route=world.route)


def test_coordinator_creates_from_the_standard_text_and_sees_the_editor(world):
    client = world.client_for("coordinator")
    response = client.post(reverse("agreements:template-create", args=[world.route.pk]))
    template = AgreementTemplate.objects.get(route=world.route)
    assert response.status_code == 302
    assert response["Location"] == detail(template)
    page = client.get(detail(template))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="template-form"' in html
    assert 'id="template-publish"' in html
    assert "<code>{student_name}</code>" in html
    assert 'data-topic="period"' not in html.split('id="template-missing"')[1].split("</div>")[0]
    assert html.count('id="clause-') >= 1 + len(REQUIRED_TOPICS)
    listing = client.get(reverse("agreements:template-list", args=[world.route.pk]))
    assert f'id="template-{template.pk}"' in listing.content.decode()


def test_teacher_reads_but_does_not_edit(world):
    template = standard_draft(world)
    client = world.client_for("teacher")
    html = client.get(detail(template)).content.decode()
    assert 'id="template-form"' not in html
    assert 'id="template-publish"' not in html
    assert client.post(reverse("agreements:template-publish", args=[template.pk]), {"version": 1}).status_code == 403


def test_htmx_add_edit_move_remove(world):
    draft = AgreementTemplateFactory(route=world.route)
    client = world.client_for("coordinator")
    added = client.post(
        reverse("agreements:clause-add", args=[draft.pk]),
        {"heading": "Looptijd", "party": "general", "topic": ClauseTopic.PERIOD, "body": "Vanaf {start_date}."},
        **HTMX,
    )
    assert added.status_code == 200
    assert added.content.decode().lstrip().startswith('<section id="template-articles"')
    first = TemplateClause.objects.get(template=draft)
    assert 'data-topic="period"' not in added.content.decode().split('id="template-missing"')[1].split("</div>")[0]
    second = TemplateClauseFactory(template=draft, position=2, heading="Tweede")
    form = client.get(reverse("agreements:clause-edit", args=[first.pk]), **HTMX)
    assert form.content.decode().lstrip().startswith(f'<li id="clause-{first.pk}">')
    edited = client.post(
        reverse("agreements:clause-edit", args=[first.pk]),
        {"heading": "Looptijd en duur", "party": "general", "topic": "period", "body": "Tot {end_date}."},
        **HTMX,
    )
    assert edited.status_code == 200
    first.refresh_from_db()
    assert first.heading == "Looptijd en duur"
    moved = client.post(reverse("agreements:clause-move", args=[second.pk]), {"direction": "up"}, **HTMX)
    assert moved.status_code == 200
    assert list(draft.clauses.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    removed = client.post(reverse("agreements:clause-remove", args=[second.pk]), **HTMX)
    assert removed.status_code == 200
    assert list(draft.clauses.values_list("pk", flat=True)) == [first.pk]


def test_plain_forms_without_javascript(world):
    draft = AgreementTemplateFactory(route=world.route)
    clause = TemplateClauseFactory(template=draft, position=1)
    client = world.client_for("coordinator")
    page = client.get(reverse("agreements:clause-edit", args=[clause.pk]))
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    response = client.post(
        reverse("agreements:clause-edit", args=[clause.pk]),
        {"heading": "Nieuw", "party": "student", "topic": "", "body": "Tekst."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{detail(draft)}#clause-{clause.pk}"
    assert client.get(reverse("agreements:clause-add", args=[draft.pk])).status_code == 200
    response = client.post(
        reverse("agreements:clause-add", args=[draft.pk]),
        {"heading": "Twee", "party": "general", "topic": "", "body": "Meer tekst."},
    )
    assert response.status_code == 302
    response = client.post(reverse("agreements:clause-move", args=[clause.pk]), {"direction": "down"})
    assert response.status_code == 302
    response = client.post(reverse("agreements:clause-remove", args=[clause.pk]))
    assert response.status_code == 302
    assert draft.clauses.count() == 1


def test_unknown_field_is_refused_with_its_name(world):
    draft = AgreementTemplateFactory(route=world.route)
    client = world.client_for("coordinator")
    response = client.post(
        reverse("agreements:clause-add", args=[draft.pk]),
        {"heading": "Fout", "party": "general", "topic": "", "body": "Voor {studnet_name}."},
        **HTMX,
    )
    assert response.status_code == 200
    assert "{studnet_name}" in response.content.decode()
    assert 'id="clause-add" open' in response.content.decode()
    assert draft.clauses.count() == 0
    response = client.post(
        reverse("agreements:template-update", args=[draft.pk]),
        {"title": "Titel", "introduction": "Beste {naam}", "version": draft.version},
    )
    assert response.status_code == 422
    assert "{naam}" in response.content.decode()
    draft.refresh_from_db()
    assert "{naam}" not in draft.introduction


def test_publish_refused_without_minimum_content_then_published(world):
    draft = AgreementTemplateFactory(route=world.route)
    TemplateClauseFactory(template=draft, topic=ClauseTopic.PERIOD)
    client = world.client_for("coordinator")
    response = client.post(reverse("agreements:template-publish", args=[draft.pk]), {"version": draft.version})
    assert response.status_code == 302
    errors = [m for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert errors
    assert str(ClauseTopic.EARLY_END.label) in str(errors[0])
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT

    standard = standard_draft(world)
    response = client.post(reverse("agreements:template-publish", args=[standard.pk]), {"version": standard.version})
    standard.refresh_from_db()
    assert standard.status == TemplateStatus.PUBLISHED
    html = client.get(detail(standard)).content.decode()
    assert 'id="template-new-version"' in html
    assert 'id="template-form"' not in html
    response = client.post(reverse("agreements:template-new-version", args=[standard.pk]))
    copy = AgreementTemplate.objects.get(previous=standard)
    assert response["Location"] == detail(copy)


def test_preview_with_sample_and_with_a_placement(world):
    template = standard_draft(world)
    client = world.client_for("coordinator")
    sample = client.get(reverse("agreements:template-preview", args=[template.pk]))
    assert sample.status_code == 200
    assert "Sam de Vries" in sample.content.decode()
    placement = placement_world(world).placement
    filled = client.get(reverse("agreements:template-preview", args=[template.pk]) + f"?placement={placement.pk}")
    assert filled.status_code == 200
    assert placement.student.full_name in filled.content.decode()
    other = placement_world(world).other_placement
    outside = client.get(reverse("agreements:template-preview", args=[template.pk]) + f"?placement={other.pk}")
    assert other.student.full_name not in outside.content.decode()
    assert "Sam de Vries" in outside.content.decode()


def test_settings_page(world):
    url = reverse("agreements:settings", args=[world.route.pk])
    client = world.client_for("coordinator")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"remind_after_days": "40", "expire_after_days": "30", "signing_order": "parallel"})
    assert bad.status_code == 422
    assert not AgreementSettings.objects.filter(route=world.route).exists()
    good = client.post(url, {"remind_after_days": "3", "expire_after_days": "14", "signing_order": "parallel"})
    assert good.status_code == 302
    saved = AgreementSettings.objects.get(route=world.route)
    assert (saved.remind_after_days, saved.expire_after_days, saved.signing_order) == (3, 14, "parallel")
    teacher = world.client_for("teacher").get(url).content.decode()
    assert 'id="settings-facts"' in teacher
    assert 'id="settings-form"' not in teacher


def test_published_template_of_the_world_is_read_only(world):
    template = agreement_world(world).template
    client = world.client_for("coordinator")
    clause = template.clauses.first()
    response = client.post(
        reverse("agreements:clause-edit", args=[clause.pk]),
        {"heading": "x", "party": "general", "topic": "", "body": "y"},
    )
    assert response.status_code == 302
    assert response["Location"] == detail(template)
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    clause.refresh_from_db()
    assert clause.heading != "x"
    assert client.get(reverse("agreements:clause-add", args=[template.pk])).status_code == 302
