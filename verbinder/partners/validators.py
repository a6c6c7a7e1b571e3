"""Validation and normalisation of Dutch identifiers. Messages are translatable; Dutch first."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from verbinder.partners.enums import sbi_section

# ASCII digits only: the database's check constraints accept nothing else. Full-width digits and letters
# (typed on some keyboards or pasted from PDFs) are first folded to ASCII by NFKC.
KVK_RE = re.compile(r"^[0-9]{8}$")
ESTABLISHMENT_RE = re.compile(r"^[0-9]{12}$")
POSTCODE_RE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")
SBI_RE = re.compile(r"^[0-9]{4,5}$")
CROHO_RE = re.compile(r"^[0-9]{5}$")


def _fold(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "")


def normalise_kvk(value: str) -> str:
    digits = re.sub(r"[\s.]", "", _fold(value))
    if not digits:
        return ""
    if not KVK_RE.match(digits):
        raise ValidationError(_("A KVK number has exactly 8 digits."), code="kvk")
    return digits


def normalise_establishment_number(value: str) -> str:
    digits = re.sub(r"[\s.]", "", _fold(value))
    if not digits:
        return ""
    if not ESTABLISHMENT_RE.match(digits):
        raise ValidationError(_("A vestigingsnummer has exactly 12 digits."), code="establishment")
    return digits


def normalise_croho_code(value: str) -> str:
    code = _fold(value).strip()
    if not CROHO_RE.match(code):
        raise ValidationError(_("A CROHO code has exactly 5 digits."), code="croho")
    return code


def normalise_postcode(value: str) -> str:
    text = _fold(value).strip().upper()
    if not text:
        return ""
    match = POSTCODE_RE.match(text)
    if not match or match.group(2) in {"SA", "SD", "SS"}:
        raise ValidationError(_("Enter a Dutch postcode such as 1234 AB."), code="postcode")
    return f"{match.group(1)} {match.group(2)}"


def normalise_sbi_codes(value: str) -> str:
    """One or more SBI codes separated by commas or spaces, stored space-separated."""
    codes = [code for code in re.split(r"[\s,;]+", _fold(value)) if code]
    for code in codes:
        if not SBI_RE.match(code) or not sbi_section(code):
            raise ValidationError(
                _("%(code)s is not an SBI code: an SBI code has 4 or 5 digits."), params={"code": code}, code="sbi"
            )
    return " ".join(dict.fromkeys(codes))


def normalise_phone(value: str) -> str:
    """A Dutch or international phone number, stored in international format (+31 6 12345678)."""
    text = (value or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a Dutch phone number (06 12345678) or an international one (+32 …)."), code="phone"
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a Dutch phone number (06 12345678) or an international one (+32 …)."), code="phone"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# C0 and C1 control characters except tab and line breaks, DEL, and the Unicode direction overrides that
# can make a name read differently from what it is ("Trojan Source").
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LINE_BREAK_RE = re.compile(r"[\r\n\u2028\u2029]")


def reject_control_characters(value: str, *, multiline: bool = True) -> None:
    """Refuse invisible control characters; single-line fields also refuse line breaks."""
    if not value:
        return
    if CONTROL_RE.search(value):
        raise ValidationError(_("The text contains invisible control characters."), code="control")
    if not multiline and LINE_BREAK_RE.search(value):
        raise ValidationError(_("Enter this on one line, without line breaks."), code="line_break")
