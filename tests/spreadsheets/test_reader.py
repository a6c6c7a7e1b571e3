"""Reading uploads: the checks that run before any parser trusts the bytes (the upload abuse matrix)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from tests.spreadsheets.files import (
    BILLION_LAUGHS_SHEET,
    HEADERS,
    company_rows,
    csv_bytes,
    replace_member,
    xlsx_bytes,
    zip_bomb_xlsx,
)
from verbinder.spreadsheets.enums import FileFormat
from verbinder.spreadsheets.reader import MAX_ROWS, check_upload, read_table, sniff_delimiter

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def error_code(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        file_format = check_upload(name, data)
        read_table(data, file_format)
    return caught.value.code or ""


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("leeg.csv", b"", "empty"),
        ("spaties.csv", b"  \r\n \r\n", "empty"),
        ("plaatje.png", PNG, "extension"),
        ("script.exe", b"MZ\x90\x00", "extension"),
        ("geen-extensie", b"Naam;KvK\r\nA;1\r\n", "extension"),
        ("plaatje.xlsx", PNG, "magic"),
        ("tekst.xlsx", b"Naam;KvK\r\nBakkerij;12345678\r\n", "magic"),
        ("plaatje.csv", PNG, "binary"),
        ("oud.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "xls"),
        ("versleuteld.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "ole"),
        ("alleen-kop.csv", b"Naam;KvK\r\n", "no_rows"),
        ("utf16.csv", "Naam;KvK\r\nA;1\r\n".encode("utf-16"), "binary"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name: str, data: bytes, code: str) -> None:
    assert error_code(name, data) == code


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")

    assert error_code("brief.xlsx", buffer.getvalue()) == "workbook"


def test_an_excel_file_named_csv_is_refused() -> None:
    assert error_code("bedrijven.csv", xlsx_bytes(company_rows(2))) == "type"


def test_a_damaged_excel_file_is_refused() -> None:
    data = xlsx_bytes(company_rows(20))

    assert error_code("kapot.xlsx", data[: len(data) // 2]) in {"zip", "unreadable"}


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    assert error_code("bom.xlsx", zip_bomb_xlsx()) == "bomb"


def test_an_xml_entity_bomb_is_refused() -> None:
    data = replace_member(xlsx_bytes(company_rows(1)), "xl/worksheets/sheet1.xml", BILLION_LAUGHS_SHEET)

    assert error_code("lol.xlsx", data) == "xml"


def test_openpyxl_itself_parses_with_defusedxml() -> None:
    """The second line of defence: openpyxl refuses entity declarations because defusedxml is installed."""
    from defusedxml import DefusedXmlException
    from openpyxl import DEFUSEDXML, load_workbook

    data = replace_member(xlsx_bytes(company_rows(1)), "xl/worksheets/sheet1.xml", BILLION_LAUGHS_SHEET)

    assert DEFUSEDXML is True
    with pytest.raises(ValueError) as caught:  # openpyxl wraps the parser's error
        workbook = load_workbook(io.BytesIO(data))
        list(workbook.worksheets[0].iter_rows(values_only=True))
    assert isinstance(caught.value.__cause__, DefusedXmlException)


def test_an_entity_bomb_that_slips_past_the_scan_is_still_refused(monkeypatch) -> None:
    from verbinder.spreadsheets import reader

    monkeypatch.setattr(reader, "XML_FORBIDDEN", (b"<!no-such-marker",))
    data = replace_member(xlsx_bytes(company_rows(1)), "xl/worksheets/sheet1.xml", BILLION_LAUGHS_SHEET)

    assert error_code("lol.xlsx", data) == "xml"


def test_an_oversized_file_is_refused(settings) -> None:
    settings.VERBINDER_MAX_UPLOAD_BYTES = 1000

    assert error_code("groot.csv", csv_bytes(company_rows(50))) == "size"


def test_more_rows_than_the_maximum_are_refused() -> None:
    data = csv_bytes([["B", str(n)] for n in range(MAX_ROWS + 1)], headers=["Naam", "Nr"])

    assert error_code("veel.csv", data) == "rows"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_delimiter_is_detected(delimiter: str) -> None:
    data = csv_bytes([["Bakkerij, De Korenaar", "12345678", "Hoofdstraat 1; achterom"]],
                     headers=["Naam", "KvK", "Adres"], delimiter=delimiter)  # fmt: skip

    table = read_table(data, check_upload("x.csv", data))

    assert table.headers == ["Naam", "KvK", "Adres"]
    assert table.rows == [(2, ["Bakkerij, De Korenaar", "12345678", "Hoofdstraat 1; achterom"])]


def test_sniff_delimiter_prefers_semicolon_on_a_tie() -> None:
    assert sniff_delimiter("Naam\r\nA\r\n") == ","
    assert sniff_delimiter("a;b,c\r\nd;e,f\r\n") == ";"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings(encoding: str) -> None:
    data = (
        csv_bytes([["Café Ĳssel", "Zoë"]], headers=["Naam", "Contactpersoon"], encoding=encoding)
        if encoding != ("cp1252")
        else csv_bytes([["Café Zoë", "Geneviève"]], headers=["Naam", "Contactpersoon"], encoding="cp1252")
    )

    table = read_table(data, check_upload("x.csv", data))

    assert table.headers == ["Naam", "Contactpersoon"]
    assert table.rows[0][1][0].startswith("Café")


def test_rows_keep_their_spreadsheet_numbers_and_skip_empty_rows() -> None:
    data = b"\r\n;\r\nNaam;KvK\r\nA;1\r\n;\r\nB;2\r\n"

    table = read_table(data, check_upload("x.csv", data))

    assert table.headers == ["Naam", "KvK"]
    assert table.rows == [(4, ["A", "1"]), (6, ["B", "2"])]


def test_xlsx_numbers_and_escaped_cells_are_read_as_text() -> None:
    data = xlsx_bytes([["Bakkerij", 30000001, 30000002.0, "'=1+1", "<script>alert(1)</script>"]],
                      headers=["Naam", "KvK", "KvK 2", "Formule", "Html"])  # fmt: skip

    table = read_table(data, check_upload("x.xlsx", data))

    assert table.rows == [(2, ["Bakkerij", "30000001", "30000002", "=1+1", "<script>alert(1)</script>"])]


def test_read_table_limit_reads_only_the_first_rows() -> None:
    data = xlsx_bytes(company_rows(100))

    table = read_table(data, FileFormat.XLSX, limit=3)

    assert table.headers == list(HEADERS)
    assert [number for number, _values in table.rows] == [2, 3, 4]
