"""The export writer: no cell can start a formula, phone numbers stay readable, XLSX cells are text."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from verbinder.spreadsheets.writer import (
    CONTROL_CHARACTERS,
    FORMULA_START,
    LEADING_IGNORABLE,
    NUMERIC_LIKE,
    csv_stream,
    safe_cell,
    unescape_cell,
    write_xlsx,
)

DANGEROUS = sorted(FORMULA_START)
# Text that leans towards the tricky cases: formula characters, whitespace, apostrophes, digits.
tricky_text = st.text(
    alphabet=st.sampled_from(
        [
            *DANGEROUS,
            " ",
            "\u3000",
            "\u00a0",
            "\u200b",
            "\ufeff",
            "'",
            "1",
            "6",
            "(",
            ".",
            "a",
            "S",
            "U",
            "M",
            "!",
            "|",
            "\n",
            "\x00",
            "\x1f",
        ]
    ),
    max_size=12,
)
any_text = st.one_of(st.text(max_size=30), tricky_text)


def starts_formula(cell: str) -> bool:
    """The check from the other side: what a spreadsheet program could take for a formula."""
    leading = LEADING_IGNORABLE.match(cell)
    skipped = leading.group() if leading else ""
    rest = cell[len(skipped) :]
    return bool(cell) and (
        cell[0] in FORMULA_START or "\t" in skipped or "\r" in skipped or (bool(rest) and rest[0] in FORMULA_START)
    )


@given(any_text)
@example("=1+1")
@example("\uff1dSUM(A1)")
@example("  @cmd")
@example("\u200b=HYPERLINK()")
@example(" \t9")
def test_safe_cell_never_starts_a_formula_unless_numeric_like(text: str) -> None:
    cell = safe_cell(text)

    assert not starts_formula(cell) or NUMERIC_LIKE.fullmatch(cell)
    assert not CONTROL_CHARACTERS.search(cell)


@given(any_text)
def test_unescape_cell_undoes_safe_cell(text: str) -> None:
    assert unescape_cell(safe_cell(text)) == CONTROL_CHARACTERS.sub("", text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd", "'-2+3+cmd"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("   =1", "'   =1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20A1", "'\uff20A1"),
        ("\u3000=1", "'\u3000=1"),
        ("-", "'-"),
        ("'=1", "''=1"),
        ("+31 6 12345678", "+31 6 12345678"),
        ("+31 (0)30 123 45 67", "+31 (0)30 123 45 67"),
        ("-12.50", "-12.50"),
        ("06-12345678", "06-12345678"),
        ("'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("Bakkerij = lekker", "Bakkerij = lekker"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("", ""),
        (None, ""),
        (12345678, "12345678"),
    ],
)
def test_safe_cell_examples(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


def test_csv_stream_writes_bom_semicolons_and_escaped_cells() -> None:
    content = b"".join(csv_stream(["Naam", "Telefoon"], [['=HYPERLINK("x")', "+31 6 12345678"], ["A;B", "@x"]]))

    text = content.decode("utf-8")
    assert text.startswith("\ufeffNaam;Telefoon\r\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["Naam", "Telefoon"], ['\'=HYPERLINK("x")', "+31 6 12345678"], ["A;B", "'@x"]]


@hypothesis_settings(deadline=None, max_examples=60)  # each example writes and reads a workbook
@given(st.lists(any_text, min_size=1, max_size=5))
def test_xlsx_cells_are_text_and_never_formulas(values: list[str]) -> None:
    from openpyxl import load_workbook

    target = io.BytesIO()
    write_xlsx(target, title="Test", header=["a"] * len(values), rows=[values])

    sheet = load_workbook(io.BytesIO(target.getvalue())).worksheets[0]
    for cell in sheet[2]:
        if cell.value is None:  # an empty cell
            continue
        assert cell.data_type == "s"
        assert not starts_formula(cell.value) or NUMERIC_LIKE.fullmatch(cell.value)


def test_xlsx_keeps_phone_numbers_and_error_lookalikes_as_text() -> None:
    from openpyxl import load_workbook

    target = io.BytesIO()
    write_xlsx(target, title="Test", header=["Telefoon", "KVK", "Fout", "Formule"],
               rows=[["+31 6 12345678", "01234567", "#N/A", "=1+1"]])  # fmt: skip

    sheet = load_workbook(io.BytesIO(target.getvalue())).worksheets[0]
    assert [(cell.value, cell.data_type) for cell in sheet[2]] == [
        ("+31 6 12345678", "s"),
        ("01234567", "s"),
        ("#N/A", "s"),
        ("'=1+1", "s"),
    ]
