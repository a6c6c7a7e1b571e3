"""The agreements part of `verbinder seed_demo`: a published template per route, agreements of every state, the
demo logins' agreements made by the services with real PDFs, and who sees them."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from verbinder.accounts.models import User
from verbinder.agreements.enums import AgreementStatus, Party, SignerStatus, TemplateStatus
from verbinder.agreements.models import Agreement, AgreementEvent, AgreementTemplate
from verbinder.agreements.pdf import sha256_hex
from verbinder.core.demo import login_email
from verbinder.partners.models import Route
from verbinder.placements.models import Placement

pytestmark = pytest.mark.django_db


def _seed(settings, tmp_path, scale: int) -> None:
    settings.DEBUG = True
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("seed_demo", scale=scale, stdout=io.StringIO(), stderr=io.StringIO())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def seeded(settings, tmp_path):
    _seed(settings, tmp_path, 1)


def user(local_part: str) -> User:
    return User.objects.get(email=login_email(local_part))


def _students_agreement() -> Agreement:
    return Agreement.objects.get(placement__student__user=user("student"))


@pytest.mark.usefixtures("seeded")
def test_every_state_of_an_agreement_is_there():
    statuses = Counter(Agreement.objects.values_list("status", flat=True))

    assert set(statuses) == {
        AgreementStatus.SIGNED,
        AgreementStatus.SENT,
        AgreementStatus.DRAFT,
        AgreementStatus.EXPIRED,
        AgreementStatus.TERMINATED,
    }
    assert Agreement.objects.count() == Placement.objects.count()
    assert AgreementTemplate.objects.filter(status=TemplateStatus.PUBLISHED).count() == 1


@pytest.mark.usefixtures("seeded")
def test_the_demo_students_shared_placement_waits_for_both_companies():
    agreement = _students_agreement()
    signers = {signer.party: signer for signer in agreement.signers.all()}

    assert agreement.status == AgreementStatus.SENT
    assert set(signers) == {Party.SCHOOL, Party.STUDENT, Party.COMPANY, Party.SECOND_COMPANY}
    assert signers[Party.STUDENT].status == SignerStatus.SIGNED
    assert signers[Party.COMPANY].email == login_email("contactpersoon")
    assert signers[Party.SECOND_COMPANY].email == login_email("contactpersoon2")
    assert signers[Party.SCHOOL].email == login_email("coordinator")
    assert {signers[party].status for party in (Party.COMPANY, Party.SECOND_COMPANY, Party.SCHOOL)} == {
        SignerStatus.INVITED
    }
    for local_part in ("student", "contactpersoon", "contactpersoon2", "coordinator"):
        assert Agreement.objects.visible_to(user(local_part)).filter(pk=agreement.pk).exists(), local_part


@pytest.mark.usefixtures("seeded")
def test_the_services_signed_agreement_has_real_pdfs_that_verify():
    agreement = Agreement.objects.exclude(final_document="").order_by("pk").first()
    with default_storage.open(agreement.final_document.name) as file:
        final = file.read()
    with default_storage.open(agreement.document.name) as file:
        document = file.read()

    response = Client().post(
        reverse("agreements:verify"), {"file": SimpleUploadedFile("o.pdf", final, content_type="application/pdf")}
    )

    assert final.startswith(b"%PDF-")
    assert sha256_hex(final) == agreement.final_sha256
    assert sha256_hex(document) == agreement.document_sha256
    assert {signer.signed_sha256 for signer in agreement.signers.all()} == {agreement.document_sha256}
    assert response.context["result"].title == agreement.title
    assert response.context["result"].final is True


@pytest.mark.usefixtures("seeded")
def test_a_company_contact_sees_only_their_companys_agreements():
    contact = user("contactpersoon2")
    visible = Agreement.objects.visible_to(contact)

    assert visible.exists()
    assert not visible.exclude(signers__organisation__in=contact.role_assignments.values("organisation")).exists()
    assert not Agreement.objects.visible_to(user("partner")).exists()


@pytest.mark.usefixtures("seeded")
def test_events_tell_the_story_in_order():
    signed = Agreement.objects.filter(status=AgreementStatus.SIGNED).exclude(created_by=None).last()
    kinds = list(
        AgreementEvent.objects.filter(agreement=signed).order_by("created_at", "pk").values_list("kind", flat=True)
    )

    assert kinds[0] == "created"
    assert kinds[-1] in {"completed", "delivered"}
    assert kinds.count("signed") == signed.signers.count()


def test_larger_scales_give_every_route_its_template_and_agreements(settings, tmp_path):
    _seed(settings, tmp_path, 3)

    assert AgreementTemplate.objects.filter(status=TemplateStatus.PUBLISHED).count() == Route.objects.count() == 3
    assert Agreement.objects.count() == Placement.objects.count()
    for route in Route.objects.all():
        statuses = set(Agreement.objects.filter(route=route).values_list("status", flat=True))
        assert {AgreementStatus.SIGNED, AgreementStatus.SENT, AgreementStatus.DRAFT} <= statuses
    # Rendering stays a handful: the bulk-written agreements share the stored PDFs.
    assert len(list(tmp_path.rglob("*.pdf"))) == 3
