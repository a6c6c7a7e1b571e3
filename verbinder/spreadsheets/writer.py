"""Writing spreadsheets that cannot attack the person who opens them.

A cell that starts with `=`, `+`, `-` or `@` (or their full-width forms, also after leading spaces), a tab
or a carriage return can be run as a formula by Excel, LibreOffice or Google Sheets (CSV injection, ASVS
v5.0.0-1.2.10). Such a cell is written with an apostrophe in front, which spreadsheet programs show as text.
Values that only look like numbers (digits, spaces and `+ - ( ) . /`, such as the phone number
"+31 6 12345678") cannot call a function or refer to another cell, so they stay as they are.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

FORMULA_PREFIX = "'"
# Each counts at the start of a cell and after leading whitespace.
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
NUMERIC_LIKE = re.compile(r"[0-9 +\-()./]*[0-9][0-9 +\-()./]*")
# Leading characters a reader may skip before it looks for a formula: whitespace and invisible format marks.
LEADING_IGNORABLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]*")
# Control characters: XML 1.0 (and so XLSX) cannot hold them, and no registry text contains them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CSV_DELIMITER = ";"  # what Dutch Excel expects when it opens a CSV file
CSV_ROWS_PER_CHUNK = 200


def _starts_formula(text: str) -> bool:
    if not text:
        return False
    match = LEADING_IGNORABLE.match(text)
    leading = match.group() if match else ""
    if "\t" in leading or "\r" in leading:
        return True
    rest = text[len(leading) :]
    return bool(rest) and rest[0] in FORMULA_START


def needs_escape(text: str) -> bool:
    """Whether a spreadsheet program could read the text as a formula (or it already carries our escape)."""
    # Apostrophes in front of a formula are escaped too, so that unescape_cell(safe_cell(x)) == x.
    core = text.lstrip(FORMULA_PREFIX)
    return _starts_formula(core) and not NUMERIC_LIKE.fullmatch(core)


def safe_cell(value: Any) -> str:
    """The text to write into a cell: no control characters, and never the start of a formula."""
    text = "" if value is None else CONTROL_CHARACTERS.sub("", str(value))
    return FORMULA_PREFIX + text if needs_escape(text) else text


def unescape_cell(text: str) -> str:
    """Undo safe_cell when reading a file back (an exported file can be imported again)."""
    if text.startswith(FORMULA_PREFIX) and needs_escape(text[1:]):
        return text[1:]
    return text


class _Echo:
    """A file-like object whose write returns what it was given: csv.writer without a buffer."""

    def write(self, value: str) -> str:
        return value


def csv_stream(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """A CSV file in UTF-8 with a byte-order mark and semicolons (Dutch Excel), produced piece by piece."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, lineterminator="\r\n")
    yield ("\ufeff" + writer.writerow([safe_cell(value) for value in header])).encode("utf-8")
    chunk: list[str] = []
    for row in rows:
        chunk.append(writer.writerow([safe_cell(value) for value in row]))
        if len(chunk) >= CSV_ROWS_PER_CHUNK:
            yield "".join(chunk).encode("utf-8")
            chunk = []
    if chunk:
        yield "".join(chunk).encode("utf-8")


def write_xlsx(
    target: IO[bytes],
    *,
    title: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] = (),
) -> None:
    """An XLSX workbook with one sheet in which every cell is a text cell (never a formula or a number)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def text_cell(value: Any, *, font: Font | None = None) -> WriteOnlyCell:
        text = safe_cell(value)
        cell = WriteOnlyCell(sheet, value=text or None)
        if text:
            # openpyxl guesses formulas ("=...") and error values ("#N/A") from strings: a text cell is text.
            cell.data_type = "s"
        if font is not None:
            cell.font = font
        return cell

    sheet.append([text_cell(value, font=bold) for value in header])
    for row in rows:
        sheet.append([text_cell(value) for value in row])
    workbook.save(target)
