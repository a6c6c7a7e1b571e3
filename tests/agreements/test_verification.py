"""The public verification page: a PDF of an agreement matches (the PDF to sign or the signed PDF), any change does
not; a non-PDF, an empty or a huge upload is refused with a message; CSRF is checked; uploads are rate limited."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories.agreements import FACTORY_PDF, agreement_world
from verbinder.agreements.enums import AgreementStatus
from verbinder.agreements.models import Agreement
from verbinder.agreements.pdf import sha256_hex
from verbinder.agreements.views import verification

URL = reverse("agreements:verify")
FINAL_PDF = b"%PDF-1.7\n% the signed stand-in, with a signature page\n%%EOF\n"


def _upload(client: Client, data: bytes, name: str = "overeenkomst.pdf") -> object:
    return client.post(URL, {"file": SimpleUploadedFile(name, data, content_type="application/pdf")})


def _signed(world) -> Agreement:
    agreement = agreement_world(world).agreement
    agreement.final_document.save("getekend.pdf", ContentFile(FINAL_PDF), save=False)
    agreement.final_sha256 = sha256_hex(FINAL_PDF)
    agreement.status = AgreementStatus.SIGNED
    agreement.completed_at = timezone.now()
    agreement.save()
    return agreement


def test_verify_page_open_to_anonymous(world):
    response = Client().get(URL)

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert 'id="verify-result"' not in response.content.decode()


def test_verify_document_to_sign_matches(world):
    made = agreement_world(world)

    response = _upload(Client(), FACTORY_PDF)

    result = response.context["result"]
    assert response.status_code == 200
    assert 'data-match="document"' in response.content.decode()
    assert result.title == made.agreement.title
    assert result.status == AgreementStatus.SENT
    assert result.final is False
    assert {name.split(",")[0] for _party, name in result.parties} == {
        made.school_signer.name,
        made.student_signer.name,
        made.company_signer.name,
    }


def test_verify_signed_document_matches_as_final(world):
    agreement = _signed(world)

    response = _upload(Client(), FINAL_PDF)

    result = response.context["result"]
    assert 'data-match="final"' in response.content.decode()
    assert result.final is True
    assert result.status == AgreementStatus.SIGNED
    assert result.signed_at == agreement.completed_at


def test_verify_one_byte_changed_does_not_match(world):
    _signed(world)
    altered = bytearray(FINAL_PDF)
    altered[12] ^= 0x01

    response = _upload(Client(), bytes(altered))

    assert response.status_code == 200
    assert response.context["result"] is None
    assert 'data-match="none"' in response.content.decode()
    assert response.context["sha256"] == sha256_hex(bytes(altered))


def test_verify_other_routes_agreement_matches_for_anyone(world):
    """The holder of the PDF learns which agreement it is, whoever they are: the page is about the file."""
    other = agreement_world(world).other_agreement

    response = _upload(world.client_for("other_coordinator"), FACTORY_PDF)

    assert response.context["result"].title in {other.title, agreement_world(world).agreement.title}


def test_verify_draft_never_matches(world):
    """A draft is not a document of an agreement yet, even with a hash (nobody was sent it)."""
    agreement_world(world)
    Agreement.objects.update(status=AgreementStatus.DRAFT)

    response = _upload(Client(), FACTORY_PDF)

    assert response.context["result"] is None


def test_verify_non_pdf_refused(world):
    agreement_world(world)

    response = _upload(Client(), b"PK\x03\x04 a zip file called pdf")

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors.as_data()["file"][0].code == "not_pdf"
    assert response.context["checked"] is False


def test_verify_empty_file_refused(world):
    response = _upload(Client(), b"")

    assert "file" in response.context["form"].errors
    assert response.context["checked"] is False


def test_verify_no_file_refused(world):
    response = Client().post(URL, {})

    assert response.context["form"].errors.as_data()["file"][0].code == "required"


@override_settings(VERBINDER_MAX_UPLOAD_BYTES=1024)
def test_verify_huge_file_refused(world):
    response = _upload(Client(), b"%PDF-1.7\n" + b"0" * 4096)

    assert response.context["form"].errors.as_data()["file"][0].code == "size"
    assert response.context["checked"] is False


def test_verify_checks_csrf(world):
    client = Client(enforce_csrf_checks=True)

    response = _upload(client, FACTORY_PDF)

    assert response.status_code == 403


def test_verify_rate_limited_per_address(world, monkeypatch):
    monkeypatch.setattr(verification, "RATE_LIMIT", 2)
    client = Client(REMOTE_ADDR="192.0.2.7")
    _upload(client, FACTORY_PDF)
    _upload(client, FACTORY_PDF)

    limited = _upload(client, FACTORY_PDF)
    elsewhere = _upload(Client(REMOTE_ADDR="192.0.2.8"), FACTORY_PDF)

    assert limited.status_code == 429
    assert limited.context["checked"] is False
    assert 'id="verify-limited"' in limited.content.decode()
    assert elsewhere.status_code == 200


def test_verify_stores_nothing(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)

    _upload(Client(), FACTORY_PDF)

    assert list(tmp_path.rglob("*")) == []


def test_verify_page_queries(world, django_assert_max_num_queries):
    agreement_world(world)
    client = Client()
    with django_assert_max_num_queries(10):
        _upload(client, FACTORY_PDF)


def test_verify_pdf_header_after_leading_bytes_is_a_pdf(world):
    """The PDF specification lets the header start within the first 1024 bytes: such a file is checked."""
    response = _upload(Client(), b"\x00" * 100 + FACTORY_PDF)

    assert response.context["checked"] is True
    assert response.context["result"] is None


def test_verify_pdf_named_otherwise_is_judged_by_content(world):
    agreement_world(world)

    response = _upload(Client(), FACTORY_PDF, name="scan.txt")

    assert response.context["result"] is not None
