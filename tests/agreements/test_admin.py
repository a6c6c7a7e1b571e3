"""The admin shows an agreement with its signatures and audit trail, read-only; templates and the matrix open."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import UserFactory
from tests.factories.agreements import agreement_world
from verbinder.agreements.models import AgreementEvent


def _admin(world):
    client = world.client_for("anonymous")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_admin_agreement_read_only_with_signers_and_events(world):
    made = agreement_world(world)
    AgreementEvent.objects.create(agreement=made.agreement, kind="sent", actor_name="Coördinator")
    client = _admin(world)
    url = reverse("admin:agreements_agreement_change", args=[made.agreement.pk])

    page = client.get(url)
    posted = client.post(url, {"title": "Veranderd"})

    assert page.status_code == 200
    assert made.company_signer.name in page.content.decode()
    assert posted.status_code == 403
    made.agreement.refresh_from_db()
    assert made.agreement.title != "Veranderd"
    assert client.get(reverse("admin:agreements_agreement_add")).status_code == 403
    assert client.get(reverse("admin:agreements_agreementsigner_add")).status_code == 403


def test_admin_template_and_matrix_pages_open(world):
    made = agreement_world(world)
    client = _admin(world)

    pages = [
        reverse("admin:agreements_agreementtemplate_change", args=[made.template.pk]),
        reverse("admin:agreements_matrixtask_change", args=[made.task.pk]),
        reverse("admin:agreements_agreementsigner_change", args=[made.company_signer.pk]),
        reverse("admin:agreements_agreement_changelist") + "?q=" + made.agreement.document_sha256,
    ]

    assert {url: client.get(url).status_code for url in pages} == dict.fromkeys(pages, 200)


def test_admin_published_template_read_only_draft_editable(world):
    made = agreement_world(world)
    client = _admin(world)
    published = reverse("admin:agreements_agreementtemplate_change", args=[made.template.pk])

    posted = client.post(published, {"title": "Veranderd"})

    made.template.refresh_from_db()
    assert posted.status_code in (200, 302)
    assert made.template.title != "Veranderd"
    admin_view = client.get(reverse("admin:agreements_agreementtemplate_change", args=[made.draft_template.pk]))
    assert 'name="title"' in admin_view.content.decode()
    assert 'name="title"' not in client.get(published).content.decode()
