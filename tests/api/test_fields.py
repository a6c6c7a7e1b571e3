"""The patterns that the OpenAPI schema publishes agree with the validators that the forms use."""

from __future__ import annotations

import itertools
import re

import pytest
from django.core.exceptions import ValidationError

from verbinder.api import fields
from verbinder.partners import validators


def _accepts(check: object, value: str) -> bool:
    try:
        check(value)  # type: ignore[operator]
    except ValidationError:
        return False
    return True


# Every character that any of the two could treat specially: ASCII, Latin-1, general punctuation, and the
# neighbours of the ranges involved.
CHARACTERS = [chr(code) for code in itertools.chain(range(0x250), range(0x2000, 0x2070), range(0xFEF0, 0xFF00))]


@pytest.mark.parametrize("multiline", [True, False])
def test_text_patterns_refuse_exactly_what_the_validator_refuses(multiline: bool) -> None:
    pattern = re.compile(fields.MULTI_LINE if multiline else fields.SINGLE_LINE)
    disagree = [
        hex(ord(character))
        for character in CHARACTERS
        if bool(pattern.fullmatch(f"a{character}b"))
        != _accepts(lambda v: validators.reject_control_characters(v, multiline=multiline), f"a{character}b")
    ]
    assert disagree == []


def test_blank_pattern_needs_a_visible_character() -> None:
    pattern = re.compile(fields.NOT_BLANK_LINE)

    assert pattern.fullmatch(" a ") and pattern.fullmatch("Ö")
    assert not pattern.fullmatch("") and not pattern.fullmatch(" \t\u00a0\u3000")


def test_sbi_pattern_accepts_exactly_the_codes_the_validator_accepts() -> None:
    pattern = re.compile(fields.SBI_CODES)
    codes = [f"{n:04d}" for n in range(10_000)] + [f"{n:05d}" for n in range(100_000)]

    disagree = [
        code for code in codes if bool(pattern.fullmatch(code)) != _accepts(validators.normalise_sbi_codes, code)
    ]

    assert disagree == []
    assert pattern.fullmatch("6201, 6202 4791")


def test_postcode_pattern_accepts_exactly_what_the_validator_accepts_in_the_published_form() -> None:
    pattern = re.compile(fields.POSTCODE)
    letters = [a + b for a in "ASZ" for b in "ABDSZ"]
    candidates = [
        f"{digits}{space}{pair}" for digits in ("0123", "1000", "9999") for space in ("", " ") for pair in letters
    ]

    disagree = [
        value
        for value in candidates
        if bool(pattern.fullmatch(value)) != _accepts(validators.normalise_postcode, value)
    ]

    assert disagree == []
    assert pattern.fullmatch("1234 ab")


@pytest.mark.parametrize(
    "value",
    ["https://example.nl", "http://www.bakkerij-de-korenaar.nl/over?x=1#team", "https://a.b.c.example.com/"],
)
def test_website_pattern_values_pass_djangos_url_validator(value: str) -> None:
    from django.core.validators import URLValidator

    assert re.fullmatch(fields.WEBSITE, value)
    URLValidator()(value)


@pytest.mark.parametrize("value", ["noor@bedrijf.nl", "n.o+or@sub.bedrijf.example", "x!#$%&'*+/=?^_`{|}~-@a.nl"])
def test_email_pattern_values_pass_djangos_email_validator(value: str) -> None:
    from django.core.validators import validate_email

    assert re.fullmatch(fields.EMAIL, value)
    validate_email(value)
