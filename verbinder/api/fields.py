"""Typed, validated input fields for the API.

Each field states its rule twice, and both must agree: as a `pattern` (or `format`) in the OpenAPI schema, so
that clients and the fuzzer know what is valid, and as a Python check that gives a clear, translated message
and then normalises the value with the same validators as the forms (verbinder.partners.validators).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _
from pydantic import AfterValidator, BeforeValidator, Field, StrictBool
from pydantic_core import PydanticCustomError

from verbinder.partners import validators

MAX_ID = 2**63 - 1
MAX_OFFSET = 2**31 - 1

# The characters that verbinder.partners.validators.reject_control_characters refuses, as pattern classes
# (tests/api/test_fields.py holds the two to the same set): control characters (NUL breaks PostgreSQL) and
# the bidirectional overrides that can disguise text; single-line text also refuses line breaks.
CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
LINE_BREAK = r"\r\n\u2028\u2029"
MULTI_LINE = rf"^[^{CONTROL}]*$"
SINGLE_LINE = rf"^[^{CONTROL}{LINE_BREAK}]*$"
NOT_BLANK_LINE = rf"^[^{CONTROL}{LINE_BREAK}]*[^\s{CONTROL}{LINE_BREAK}][^{CONTROL}{LINE_BREAK}]*$"
KVK = r"^$|^[0-9]{8}$"
ESTABLISHMENT_NUMBER = r"^$|^[0-9]{12}$"
# Letter pairs SA, SD and SS are not used in Dutch postcodes.
POSTCODE = r"^$|^[1-9][0-9]{3} ?([A-RT-Za-rt-z][A-Za-z]|[Ss][BCE-RT-Zbce-rt-z])$"
# Divisions (first two digits) that exist in SBI, then 2 or 3 more digits; several codes separated by
# spaces or commas.
_SBI_CODE = r"(0[1-36-9]|[12][0-9]|3[0-35-9]|4[1-35-79]|5[0-35689]|6[0-689]|7[0-57-9]|8[0-24-8]|9[0-9])[0-9]{2,3}"
SBI_CODES = rf"^$|^{_SBI_CODE}([ ,]+{_SBI_CODE})*$"
CROHO_CODE = r"^[0-9]{5}$"
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,60}[A-Za-z0-9])?"
# At most four labels of 46 characters before the top-level domain: a host name stays under 254 characters.
_HOST_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,44}[A-Za-z0-9])?"
WEBSITE = rf"^$|^https?://({_HOST_LABEL}\.){{1,4}}[A-Za-z]{{2,63}}(/[A-Za-z0-9._~%!$&'()*+,;=:@/?#-]*)?$"
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
EMAIL = rf"^$|^{_ATOM}(\.{_ATOM})*@({_LABEL}\.)+[A-Za-z]{{2,63}}$"
# The error types raised here; their messages are already clear and translated.
OWN_ERROR_TYPES = frozenset(
    {"control_characters", "line_break", "blank", "kvk", "establishment_number", "postcode", "sbi", "croho_code",
     "website", "email", "phone"}
)  # fmt: skip
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def _fail(code: str, message: str) -> PydanticCustomError:
    # The message is already translated; braces would be read as placeholders by pydantic.
    return PydanticCustomError(code, message.replace("{", "(").replace("}", ")"))


def _text_check(pattern: str, *, multiline: bool, required: bool, collapse: bool = False) -> Callable[[str], str]:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        try:
            validators.reject_control_characters(value, multiline=multiline)
        except ValidationError as exc:
            code = "line_break" if exc.code == "line_break" else "control_characters"
            raise _fail(code, exc.messages[0]) from exc
        if _SURROGATES.search(value):
            raise _fail("control_characters", _("The text contains invisible control characters."))
        if not compiled.fullmatch(value):
            raise _fail("blank", _("This field cannot be blank."))
        value = " ".join(value.split()) if collapse else value.strip()
        if required and not value:
            raise _fail("blank", _("This field cannot be blank."))
        return value

    return check


def _normalised(pattern: str, code: str, normalise: Callable[[str], str], message: Callable[[], str]) -> Any:
    """Check against the schema's pattern, then normalise with the forms' validator."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        try:
            normalised = normalise(value)
        except ValidationError as exc:
            raise _fail(code, exc.messages[0]) from exc
        if not compiled.fullmatch(value):
            raise _fail(code, message())
        return normalised

    return AfterValidator(check)


def _text(max_length: int, pattern: str) -> Any:
    return Field(max_length=max_length, json_schema_extra={"pattern": pattern})


_optional_line = AfterValidator(_text_check(SINGLE_LINE, multiline=False, required=False))
_required_line = AfterValidator(_text_check(NOT_BLANK_LINE, multiline=False, required=True))

# Single-line text, trimmed; the Required… kinds need at least one visible character.
Text100 = Annotated[str, _text(100, SINGLE_LINE), _optional_line]
Text150 = Annotated[str, _text(150, SINGLE_LINE), _optional_line]
Text200 = Annotated[str, _text(200, SINGLE_LINE), _optional_line]
Text300 = Annotated[str, _text(300, SINGLE_LINE), _optional_line]
RequiredText100 = Annotated[str, _text(100, NOT_BLANK_LINE), _required_line]
RequiredText150 = Annotated[str, _text(150, NOT_BLANK_LINE), _required_line]
RequiredText200 = Annotated[str, _text(200, NOT_BLANK_LINE), _required_line]
# An organisation's name, with runs of spaces collapsed (as the form does).
Name = Annotated[
    str,
    _text(200, NOT_BLANK_LINE),
    AfterValidator(_text_check(NOT_BLANK_LINE, multiline=False, required=True, collapse=True)),
]
# Markdown notes: several lines.
Notes = Annotated[
    str, _text(20_000, MULTI_LINE), AfterValidator(_text_check(MULTI_LINE, multiline=True, required=False))
]


def unchanged(**constraints: Any) -> Any:
    """The default of a PATCH field: left out means unchanged (null is not a value unless the type allows it)."""
    return Field(None, **constraints)


def _no_change(value: str) -> str:
    return value


def _website(value: str) -> str:
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError as exc:
            raise ValidationError(_("Enter a valid URL.")) from exc
    return value


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise ValidationError(_("Enter a valid e-mail address.")) from exc
    return value.lower()


def _phone(value: str) -> str:
    try:
        return validators.normalise_phone(value)
    except ValidationError as exc:
        raise _fail("phone", exc.messages[0]) from exc


Kvk = Annotated[
    str,
    Field(max_length=8, json_schema_extra={"pattern": KVK}, description="8 digits, or empty."),
    _normalised(KVK, "kvk", validators.normalise_kvk, lambda: _("A KVK number has exactly 8 digits.")),
]
EstablishmentNumber = Annotated[
    str,
    Field(max_length=12, json_schema_extra={"pattern": ESTABLISHMENT_NUMBER}, description="12 digits, or empty."),
    _normalised(
        ESTABLISHMENT_NUMBER,
        "establishment_number",
        validators.normalise_establishment_number,
        lambda: _("A vestigingsnummer has exactly 12 digits."),
    ),
]
Postcode = Annotated[
    str,
    Field(max_length=7, json_schema_extra={"pattern": POSTCODE}, description="A Dutch postcode (1234 AB), or empty."),
    _normalised(
        POSTCODE, "postcode", validators.normalise_postcode, lambda: _("Enter a Dutch postcode such as 1234 AB.")
    ),
]
SbiCodes = Annotated[
    str,
    Field(
        max_length=100,
        json_schema_extra={"pattern": SBI_CODES},
        description="One or more SBI codes of 4 or 5 digits, separated by spaces or commas; stored space-separated.",
    ),
    _normalised(
        SBI_CODES,
        "sbi",
        validators.normalise_sbi_codes,
        lambda: _("Enter SBI codes of 4 or 5 digits, separated by spaces or commas."),
    ),
]
CrohoCode = Annotated[
    str,
    Field(min_length=5, max_length=5, json_schema_extra={"pattern": CROHO_CODE}),
    _normalised(CROHO_CODE, "croho_code", _no_change, lambda: _("A CROHO code has exactly 5 digits.")),
]
Website = Annotated[
    str,
    Field(max_length=300, json_schema_extra={"pattern": WEBSITE}, description="An http(s) address, or empty."),
    _normalised(WEBSITE, "website", _website, lambda: _("Enter a valid URL, starting with https://.")),
]
Email = Annotated[
    str,
    Field(max_length=254, json_schema_extra={"pattern": EMAIL}, description="An e-mail address, or empty."),
    _normalised(EMAIL, "email", _email, lambda: _("Enter a valid e-mail address.")),
]
# Whether a number exists is known to libphonenumber, not to a pattern: the schema names a custom format.
Phone = Annotated[
    str,
    Field(
        max_length=30,
        json_schema_extra={"format": "phone"},
        description="A Dutch (06 12345678) or international (+32 …) phone number, or empty; stored as +31 6 12345678.",
    ),
    AfterValidator(_phone),
]


def _json_number(value: Any) -> Any:
    """JSON's integers: 3 and 3.0, but not "3" or true (pydantic's lax mode would take those)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


_json_integer = BeforeValidator(_json_number)
# The bounds come before the validator, so that the schema shows them as minimum and maximum.
JsonInt = Annotated[int, _json_integer]
BodyId = Annotated[int, Field(ge=1, le=MAX_ID), _json_integer]
Version = Annotated[
    int, Field(ge=1, le=2**31 - 1, description="The `version` you read (optimistic locking)."), _json_integer
]
Flag = StrictBool
