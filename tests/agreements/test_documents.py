"""The PDF: rendered to PNG (pdftoppm) it is not blank and has the expected pages; its text (pdftotext) holds
every party's name; the stored PDF's hash is the signed hash, and one altered byte no longer matches."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import override_settings
from PIL import Image, ImageStat

from tests.agreements.agreement_helpers import SEQUENCE, sent_agreement, shared_placement, sign
from tests.factories.agreements import published_template
from tests.factories.placements import placement_with_hosts
from verbinder.agreements.documents import agreement_content, agreement_html, placement_values
from verbinder.agreements.enums import MatrixPartyKind
from verbinder.agreements.models import Agreement, MatrixCell, MatrixParty, MatrixTask
from verbinder.agreements.pdf import sha256_hex
from verbinder.agreements.placeholders import PLACEHOLDERS, fill
from verbinder.agreements.services.agreements import agreement_create

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed"),
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pages_as_png(pdf: bytes, directory: Path) -> list[Path]:
    source = directory / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(source), str(directory / "page")], check=True)
    return sorted(directory.glob("page-*.png"))


def text_of(pdf: bytes, directory: Path) -> str:
    source = directory / "text.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(["pdftotext", str(source), "-"], check=True, capture_output=True, text=True)
    return " ".join(result.stdout.split())


def not_blank(png: Path) -> bool:
    image = Image.open(png).convert("L")
    low, _high = image.getextrema()
    return low < 128 and ImageStat.Stat(image).mean[0] < 254


def test_placement_values_cover_every_placeholder(world):
    shared = shared_placement(world)
    values = placement_values(shared.placement, coordinator=world.users["coordinator"])
    assert set(values) == set(PLACEHOLDERS)
    assert values["student_name"] == "Lotte Jansen" and values["croho_code"] == "80045"
    assert values["second_company_name"] == "Metaalwerk Noord" and values["second_company_kvk"] == "12345678"
    assert values["company_supervisor"] == "Wim Praktijk" and values["second_company_supervisor"] == "Sanne Smit"
    assert values["start_date"] == "1 september 2026" and values["coordinator_name"] == "Coby Coördinator"
    assert fill("{company_name}, {degree}", values) == "Bakkerij De Korenaar, Associate degree"


def test_content_drops_second_company_articles_for_one_host(world):
    placement = placement_with_hosts(route=world.route)
    template = published_template(world.route)
    content = agreement_content(template=template, placement=placement)
    assert "second_company" not in {article["party"] for article in content["articles"]}
    assert [a["number"] for a in content["articles"]] == list(range(1, len(content["articles"]) + 1))
    assert len(content["parties"]) == 3


def test_markup_in_values_is_escaped(world):
    shared = shared_placement(world)
    shared.second_company.name = "<script>alert(1)</script> **Vet**"
    shared.second_company.save()
    template = shared.template
    template.clauses.update(body="Bedrijf: {second_company_name}")
    content = agreement_content(template=template, placement=shared.placement)
    html = " ".join(article["html"] for article in content["articles"])
    assert "<script>" not in html and "<strong>" not in html


def test_the_pdf_to_sign_and_the_signed_pdf(world, tmp_path):
    agreement = sent_agreement(world, shared_placement(world))
    document = agreement.document.read()
    assert sha256_hex(document) == agreement.document_sha256
    pngs = pages_as_png(document, tmp_path)
    assert len(pngs) == 3 and all(not_blank(png) for png in pngs)
    text = text_of(document, tmp_path)
    for signer in agreement.signers.all():
        assert signer.name in text
    for name in ("Lotte Jansen", "Bakkerij De Korenaar", "Metaalwerk Noord", "80045", "12345678", "pagina 1 van 3"):
        assert name in text

    for party in SEQUENCE:
        signer = sign(agreement, party)
        assert signer.signed_sha256 == sha256_hex(document)
    agreement.refresh_from_db()
    final = agreement.final_document.read()
    assert sha256_hex(final) == agreement.final_sha256
    final_dir = tmp_path / "final"
    final_dir.mkdir()
    final_pngs = pages_as_png(final, final_dir)
    assert len(final_pngs) == 5 and all(not_blank(png) for png in final_pngs)
    final_text = text_of(final, final_dir)
    assert agreement.document_sha256 in final_text.replace(" ", "")
    assert "/agreements/verify/" in final_text  # where anyone checks a copy
    assert "192.0.2.10" in final_text and "pagina 5 van 5" in final_text
    for signer in agreement.signers.all():
        assert signer.name in final_text

    altered = bytearray(document)
    altered[len(altered) // 2] ^= 0x01
    assert sha256_hex(bytes(altered)) != agreement.document_sha256
    assert not Agreement.objects.filter(document_sha256=sha256_hex(bytes(altered))).exists()
    assert Agreement.objects.filter(document_sha256=sha256_hex(document)).get() == agreement
    assert Agreement.objects.filter(final_sha256=sha256_hex(final)).get() == agreement


def test_draft_preview_html_says_draft_and_has_the_logo(world, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (20, 10), "navy").save(logo)
    shared = shared_placement(world)
    agreement = agreement_create(by=world.users["coordinator"], placement=shared.placement)
    with override_settings(VERBINDER_INSTITUTION_LOGO=logo, VERBINDER_INSTITUTION_NAME="Hogeschool Noord"):
        html = agreement_html(agreement)
    assert "data:image/png;base64," in html and "Hogeschool Noord" in html
    assert 'class="draft"' in html and "Metaalwerk Noord" in html


def test_the_responsibility_matrix_is_an_appendix_when_the_template_says_so(world):
    task = MatrixTask.objects.create(route=world.route, name="Werving van studenten", position=1)
    party = MatrixParty.objects.create(route=world.route, kind=MatrixPartyKind.SCHOOL, label="Opleiding", position=1)
    MatrixCell.objects.create(task=task, party=party, value="A")
    shared = shared_placement(world)
    agreement = agreement_create(by=world.users["coordinator"], placement=shared.placement)
    assert agreement_content(template=shared.template, placement=shared.placement)["matrix"]
    assert "Werving van studenten" in agreement_html(agreement)
    shared.template.include_matrix = False
    shared.template.save()
    assert agreement_content(template=shared.template, placement=shared.placement)["matrix"] is None
    agreement.template.refresh_from_db()
    assert "Werving van studenten" not in agreement_html(agreement)
