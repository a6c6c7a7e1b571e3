"""The portal's agreements: the student's and the company contact's own agreements (waiting for their signature
first), a link to sign, the PDFs; never another company's agreement; a constant number of queries."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.agreements import FACTORY_PDF, agreement_for, agreement_world
from tests.factories.placements import StudentFactory, placement_with_hosts
from verbinder.agreements.enums import AgreementStatus, Party, SignerStatus
from verbinder.agreements.models import Agreement, AgreementSigner

pytestmark = pytest.mark.django_db

LIST = reverse("portal:agreements")


def rows(response) -> list[int]:
    return [row.agreement.pk for row in response.context["rows"]]


def test_company_contact_sees_the_companys_agreements_waiting_first(world):
    aw = agreement_world(world)
    signed_earlier = agreement_for(
        placement_with_hosts(student=StudentFactory(route=world.route), hosts=[(world.company, 4)]),
        template=aw.template,
        signers=[{"party": Party.COMPANY, "name": "Iemand Anders", "email": "anders@example.nl",
                  "organisation": world.company}],
    )  # fmt: skip
    AgreementSigner.objects.filter(agreement=signed_earlier).update(status=SignerStatus.PENDING)

    response = world.client_for("company_contact").get(LIST)

    assert response.status_code == 200
    assert rows(response) == [aw.agreement.pk, signed_earlier.pk]
    first, second = response.context["rows"]
    assert first.sign_url == reverse("agreements:agreement-sign", args=[aw.agreement.pk])
    assert second.sign_url == ""  # not their signature
    body = response.content.decode()
    assert reverse("portal:agreement-document", args=[aw.agreement.pk]) in body
    assert reverse("agreements:verify") in body  # where they check a PDF they are sent
    assert aw.other_agreement.title not in body or aw.other_agreement.pk not in rows(response)
    assert world.other_company.name not in body


def test_student_sees_own_agreement_and_no_drafts(world):
    aw = agreement_world(world)
    Agreement.objects.filter(pk=aw.agreement.pk).update(sequence=2)
    agreement_for(aw.agreement.placement, template=aw.template, status=AgreementStatus.DRAFT)

    response = world.client_for("student").get(LIST)

    assert rows(response) == [aw.agreement.pk]
    assert response.context["rows"][0].sign_url


def test_a_signed_signature_is_no_longer_waiting(world):
    aw = agreement_world(world)
    AgreementSigner.objects.filter(pk=aw.student_signer.pk).update(
        status=SignerStatus.SIGNED, signed_name="Sara Student", signed_sha256="a" * 64, signed_at=aw.agreement.sent_at
    )

    response = world.client_for("student").get(LIST)

    assert response.context["rows"][0].sign_url == ""
    assert 'data-status="signed"' in response.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "teacher", "admin", "workplace_supervisor", "partner_contact"])
def test_others_have_no_agreements_in_the_portal(world, persona):
    agreement_world(world)
    assert world.client_for(persona).get(LIST).status_code == 404


def test_other_company_contact_never_sees_another_companys_agreement(world):
    aw = agreement_world(world)
    client = world.client_for("other_company_contact")

    assert rows(client.get(LIST)) == [aw.other_agreement.pk]
    assert client.get(reverse("portal:agreement-document", args=[aw.agreement.pk])).status_code == 404
    assert client.get(reverse("portal:agreement-document", args=[aw.other_agreement.pk])).status_code == 200


def test_pdf_downloads(world):
    aw = agreement_world(world)
    client = world.client_for("company_contact")
    document = client.get(reverse("portal:agreement-document", args=[aw.agreement.pk]))
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    assert document["Content-Disposition"].startswith("attachment") and "no-store" in document["Cache-Control"]
    assert b"".join(document.streaming_content) == FACTORY_PDF
    signed_url = reverse("portal:agreement-signed-document", args=[aw.agreement.pk])
    assert client.get(signed_url).status_code == 404  # not signed by all yet

    aw.agreement.final_document.save("ondertekend.pdf", ContentFile(b"%PDF-1.7 final"))
    final = client.get(signed_url)
    assert final.status_code == 200 and b"".join(final.streaming_content) == b"%PDF-1.7 final"
    assert "data-signed-document" in client.get(LIST).content.decode()


def test_portal_home_links_the_agreements(world):
    agreement_world(world)
    body = world.client_for("company_contact").get(reverse("portal:home")).content.decode()
    assert f'href="{LIST}"' in body


def _more_agreements(world, count: int) -> None:
    aw = agreement_world(world)
    for _ in range(count):
        agreement_for(
            placement_with_hosts(student=StudentFactory(route=world.route), hosts=[(world.company, 4)]),
            template=aw.template,
            signers=[{"party": Party.COMPANY, "name": "Carla", "email": world.users["company_contact"].email,
                      "organisation": world.company}, {"party": Party.STUDENT, "name": "S", "email": "s@example.nl"}],
        )  # fmt: skip


@pytest.mark.parametrize("extra", [0, 2])
def test_agreement_list_queries_do_not_grow(world, extra):
    """1 and 3 agreements: the same number of queries."""
    _more_agreements(world, extra)
    client = world.client_for("company_contact")
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert len(response.context["rows"]) == 1 + extra
    assert len(queries) == 6, [q["sql"] for q in queries]
