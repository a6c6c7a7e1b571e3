"""Reading uploaded spreadsheets without trusting them (ASVS v5.0.0-5.2).

Checked before any parser sees the bytes: size, emptiness, extension and magic bytes. An XLSX file must be a
zip archive with xl/workbook.xml, within limits on its uncompressed size, compression ratio and number of
members (zip bombs), and without DTDs or entity declarations (XML entity bombs; openpyxl parses with
defusedxml as a second line). A CSV file must be text in UTF-8 (with or without byte-order mark) or
Windows-1252, without control characters; its delimiter (semicolon, comma or tab) is detected.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from verbinder.spreadsheets.enums import FileFormat
from verbinder.spreadsheets.writer import CONTROL_CHARACTERS, unescape_cell

logger = logging.getLogger(__name__)

MAX_ROWS = 50_000
MAX_COLUMNS = 200
XLSX_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
XLSX_MAX_RATIO = 150  # uncompressed / compressed, for members above XLSX_RATIO_FLOOR_BYTES
XLSX_RATIO_FLOOR_BYTES = 1024 * 1024
XLSX_MAX_MEMBERS = 2_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel (.xls), also encrypted .xlsx
XML_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
SCAN_CHUNK_BYTES = 1024 * 1024
CSV_DELIMITERS = (";", ",", "\t")


def _error(message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


NOT_SPREADSHEET = _("Upload an Excel file (.xlsx) or a CSV file (.csv).")
NOT_XLSX = _("This file is not a real Excel file (.xlsx): its contents do not match its name.")
XLSX_UNREADABLE = _("The Excel file could not be read. Open it in Excel, save it again as .xlsx and try again.")
XML_NOT_ALLOWED = _("The Excel file contains XML declarations that are not allowed, and is refused.")
CSV_NOT_TEXT = _("This CSV file is not readable text. Save it from Excel as “CSV UTF-8” and try again.")


@dataclass
class Table:
    """A sheet's header row and data rows. Row numbers are the spreadsheet's own (1 = the first row)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def file_format_for(name: str) -> FileFormat:
    suffix = PurePath(name or "").suffix.lower()
    if suffix == ".xlsx":
        return FileFormat.XLSX
    if suffix == ".csv":
        return FileFormat.CSV
    if suffix == ".xls":
        raise _error(_("Old Excel files (.xls) cannot be read. Save the file as .xlsx and try again."), "xls")
    raise _error(NOT_SPREADSHEET, "extension")


def check_upload(name: str, data: bytes) -> FileFormat:
    """The file's format, or a ValidationError that says in plain words what is wrong with it."""
    limit = settings.VERBINDER_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise _error(_("The file is larger than %(size)s MB."), "size", size=limit // (1024 * 1024))
    if not data.strip():
        raise _error(_("The file is empty."), "empty")
    file_format = file_format_for(name)
    if file_format == FileFormat.XLSX:
        _check_xlsx_container(data)
    else:
        if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
            raise _error(_("This file is an Excel file, not a CSV file: upload it with the extension .xlsx."), "type")
        decode_csv(data)
    return file_format


def _check_xlsx_container(data: bytes) -> None:
    if data.startswith(OLE_MAGIC):
        raise _error(
            _("This Excel file is password-protected or in the old .xls format. Save it as .xlsx without a password."),
            "ole",
        )
    if not data.startswith(ZIP_MAGIC):
        raise _error(NOT_XLSX, "magic")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _error(XLSX_UNREADABLE, "zip") from exc
    with archive:
        names = {member.filename for member in members}
        if "xl/workbook.xml" not in names:
            raise _error(NOT_XLSX, "workbook")
        bomb = _error(_("The Excel file unpacks to far more data than a spreadsheet holds, and is refused."), "bomb")
        if len(members) > XLSX_MAX_MEMBERS:
            raise bomb
        if sum(member.file_size for member in members) > XLSX_MAX_UNCOMPRESSED_BYTES:
            raise bomb
        for member in members:
            if member.flag_bits & 0x1:
                raise _error(_("This Excel file is password-protected. Save it without a password."), "encrypted")
            if member.file_size > XLSX_RATIO_FLOOR_BYTES and member.file_size > XLSX_MAX_RATIO * max(
                member.compress_size, 1
            ):
                raise bomb
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                _scan_xml_member(archive, member)


def _scan_xml_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse DTDs and entity declarations anywhere in an XML part (no spreadsheet needs them)."""
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(SCAN_CHUNK_BYTES):
                window = tail + chunk
                if any(marker in window for marker in XML_FORBIDDEN):
                    raise _error(XML_NOT_ALLOWED, "xml")
                tail = window[-16:]
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise _error(XLSX_UNREADABLE, "zip") from exc


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without byte-order mark), else Windows-1252 (older Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise _error(CSV_NOT_TEXT, "encoding") from exc
    if CONTROL_CHARACTERS.search(text):
        raise _error(CSV_NOT_TEXT, "binary")
    return text


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most columns, consistently; semicolon on a tie."""
    lines = [line for line in text[:65536].splitlines()[:20] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in CSV_DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(1 for row in rows if len(row) == width), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return unescape_cell(str(value))


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield number, [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    for number, values in enumerate(reader, start=1):
        yield number, [unescape_cell(value) for value in values]


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and those it was raised from (openpyxl wraps parser errors in a ValueError)."""
    seen: BaseException | None = exc
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


def read_table(data: bytes, file_format: str, *, limit: int | None = None) -> Table:
    """The first sheet as a Table: the first non-empty row is the header; empty rows are left out.

    `limit` stops after that many data rows (for the mapping page's samples). Raises ValidationError for a
    file that cannot be read, has no data, or has more than MAX_ROWS rows.
    """
    rows = _xlsx_rows(data) if file_format == FileFormat.XLSX else _csv_rows(data)
    too_many = _error(
        _("The spreadsheet has more than %(max)s rows. Split it into smaller files."), "rows", max=f"{MAX_ROWS:,}"
    )
    table: Table | None = None
    try:
        for number, values in rows:
            if number > 4 * MAX_ROWS:
                raise too_many
            while values and not values[-1].strip():
                values.pop()
            if not values:
                continue
            if len(values) > MAX_COLUMNS:
                raise _error(_("The spreadsheet has more than %(max)s columns."), "columns", max=MAX_COLUMNS)
            if table is None:
                table = Table(headers=[value.strip() for value in values])
                continue
            if len(table.rows) >= MAX_ROWS:
                raise too_many
            table.rows.append((number, values))
            if limit is not None and len(table.rows) >= limit:
                break
    except ValidationError:
        raise
    except csv.Error as exc:
        raise _error(CSV_NOT_TEXT, "csv") from exc
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        from defusedxml import DefusedXmlException

        logger.info("Unreadable spreadsheet: %r", exc)
        if any(isinstance(cause, DefusedXmlException) for cause in _causes(exc)):
            raise _error(XML_NOT_ALLOWED, "xml") from exc
        if file_format == FileFormat.XLSX:
            raise _error(XLSX_UNREADABLE, "unreadable") from exc
        raise _error(CSV_NOT_TEXT, "unreadable") from exc
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    if table is None:
        raise _error(_("The spreadsheet is empty: it needs a header row and at least one row below it."), "empty")
    if not table.rows and limit != 0:
        raise _error(_("The spreadsheet has a header row but no rows below it."), "no_rows")
    return table
