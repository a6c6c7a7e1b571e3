"""Spreadsheet files for tests: real XLSX (openpyxl) and CSV bytes, and hostile variants of them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence

HEADERS = ("Bedrijfsnaam", "KvK", "Adres", "Postcode", "Woonplaats", "Website", "Contactpersoon", "E-mail",
           "Telefoon", "Functie")  # fmt: skip


def company_row(n: int) -> list[str]:
    return [
        f"Bedrijf {n} B.V.",
        f"{30000000 + n}",
        f"Hoofdstraat {n % 200 + 1}",
        "3511 AB",
        "Utrecht",
        f"https://bedrijf{n}.example.nl",
        f"Jan van der Berg{n}",
        f"jan{n}@bedrijf{n}.example.nl",
        "06 12345678",
        "Eigenaar",
    ]


def company_rows(count: int, start: int = 1) -> list[list[str]]:
    return [company_row(n) for n in range(start, start + count)]


def xlsx_bytes(rows: Iterable[Sequence[object]], headers: Sequence[str] = HEADERS) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Bedrijven")
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: Iterable[Sequence[object]],
    headers: Sequence[str] = HEADERS,
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def replace_member(xlsx: bytes, name: str, content: bytes) -> bytes:
    """The same workbook with one part replaced (for entity bombs and other damaged files)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info.filename))
    return buffer.getvalue()


BILLION_LAUGHS_SHEET = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>
</sheetData></worksheet>"""


def zip_bomb_xlsx(uncompressed_bytes: int = 50 * 1024 * 1024) -> bytes:
    """A workbook whose sheet is megabytes of one repeated byte: tiny on disk, huge unpacked."""
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes([])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in base.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w") as stream:
                    block = b" " * (1024 * 1024)
                    for _ in range(uncompressed_bytes // len(block)):
                        stream.write(block)
            else:
                target.writestr(info.filename, base.read(info.filename))
    return buffer.getvalue()
