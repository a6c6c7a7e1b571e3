"""The material check (ASVS v5.0.0-5.2): real files of each kind pass; abusive ones are refused, with a reason.

The sample files here are also used by the other activity tests."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from verbinder.outreach.services.activities import MATERIAL_MAX_BYTES, material_check, material_clean_name

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def zip_of(members: dict[str, bytes], *, stored_first: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first), members[stored_first], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != stored_first:
                archive.writestr(name, data)
    return buffer.getvalue()


def docx(body: bytes = b"<w:document/>") -> bytes:
    return zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": body})


def pptx() -> bytes:
    return zip_of({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>"})


def odp() -> bytes:
    mimetype = b"application/vnd.oasis.opendocument.presentation"
    return zip_of({"mimetype": mimetype, "content.xml": b"<office:document-content/>"}, stored_first="mimetype")


def zip_bomb_docx() -> bytes:
    """A Word file whose document unpacks from a few kilobytes to 30 MB."""
    return docx(b"\x00" * (30 * 1024 * 1024))


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# The checks themselves


def check(name: str, data: bytes) -> str:
    return material_check(name=name, upload=io.BytesIO(data), size=len(data)).content_type


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        check(name, data)
    return str(caught.value.error_dict["material"][0].code)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("Presentatie.pdf", PDF, "application/pdf"),
        ("Foto.PNG", PNG, "image/png"),
        ("foto.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("Hand-out.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("Dia's.pptx", pptx(), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("dia.odp", odp(), "application/vnd.oasis.opendocument.presentation"),
    ],
)
def test_material_check_accepts_real_files_of_each_kind(name: str, data: bytes, content_type: str) -> None:
    assert check(name, data) == content_type


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("programma.exe", b"MZ\x90\x00", "extension"),
        ("geen-extensie", PDF, "extension"),
        ("pagina.html", b"<html><script>alert(1)</script></html>", "extension"),
        ("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "magic"),  # a program renamed to .pdf
        ("script.png", b"<svg onload=alert(1)>", "magic"),
        ("tekst.docx", PDF, "magic"),
        ("presentatie.pptx", docx(), "member"),  # a Word file renamed to .pptx
        ("stuk.docx", b"PK\x03\x04 not really a zip", "zip"),
        ("versleuteld.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "ole"),
        ("leeg.pdf", b"", "empty"),
        (
            "dia.odp",
            zip_of({"mimetype": b"application/zip", "content.xml": b"<x/>"}, stored_first="mimetype"),
            "mimetype",
        ),
        ("bom.docx", zip_bomb_docx(), "bomb"),
    ],
)
def test_material_check_refuses_abuse(name: str, data: bytes, code: str) -> None:
    assert refusal(name, data) == code


def test_material_check_refuses_an_oversized_file_by_its_size() -> None:
    data = PDF + b"\x00" * MATERIAL_MAX_BYTES

    assert refusal("groot.pdf", data) == "size"
    with pytest.raises(ValidationError):
        material_check(name="groot.pdf", upload=io.BytesIO(PDF), size=MATERIAL_MAX_BYTES + 1)


def test_material_check_refuses_members_larger_than_they_claim() -> None:
    """A crafted archive whose directory understates a member's size is caught by unpacking it."""
    data = bytearray(docx(b"<w:document>" + b"a" * 5000 + b"</w:document>"))
    name = b"word/document.xml"
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) >= 0:
        if data[position + 46 : position + 46 + len(name)] == name:
            data[position + 24 : position + 28] = (10).to_bytes(4, "little")  # uncompressed size: 10 bytes
        position += 4

    assert refusal("klein.docx", bytes(data)) == "zip"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Presentatie werkgevers.pdf", "Presentatie werkgevers.pdf"),
        ("C:\\Users\\coby\\Bureaublad\\dia.pptx", "dia.pptx"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("naam\r\nSet-Cookie: x.pdf", "naam Set-Cookie: x.pdf"),
        ("a\u202egnp.pdf", "a gnp.pdf"),
        ("", "material"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_material_clean_name(raw: str, clean: str) -> None:
    assert material_clean_name(raw) == clean
