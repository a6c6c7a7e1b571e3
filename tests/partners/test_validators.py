import pytest
from django.core.exceptions import ValidationError

from verbinder.partners import validators
from verbinder.partners.enums import sbi_section


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12345678", "12345678"),
        (" 1234 5678 ", "12345678"),
        ("12.34.56.78", "12345678"),
        ("１２３４５６７８", "12345678"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_normalise_kvk_accepts_eight_digits(raw, expected):
    assert validators.normalise_kvk(raw) == expected


@pytest.mark.parametrize("raw", ["1234567", "123456789", "abcdefgh", "1234567a", "١٢٣٤٥٦٧٨", "-1234567"])
def test_normalise_kvk_refuses_anything_else(raw):
    with pytest.raises(ValidationError) as info:
        validators.normalise_kvk(raw)
    assert info.value.code == "kvk"


def test_normalise_establishment_number_wants_twelve_digits():
    assert validators.normalise_establishment_number("0000 1234 5678") == "000012345678"
    assert validators.normalise_establishment_number("") == ""
    for bad in ("12345678", "1234567890123", "00001234567x"):
        with pytest.raises(ValidationError):
            validators.normalise_establishment_number(bad)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1234ab", "1234 AB"), ("1234 AB", "1234 AB"), (" 9999 zz ", "9999 ZZ"), ("１２３４ＡＢ", "1234 AB"), ("", "")],
)
def test_normalise_postcode_formats_dutch_postcodes(raw, expected):
    assert validators.normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["0123 AB", "1234 SA", "1234 SS", "1234 SD", "12345", "ABCD 12", "1234 A", "1234  AB"])
def test_normalise_postcode_refuses_what_is_not_a_dutch_postcode(raw):
    with pytest.raises(ValidationError) as info:
        validators.normalise_postcode(raw)
    assert info.value.code == "postcode"


def test_normalise_sbi_codes_splits_deduplicates_and_joins():
    assert validators.normalise_sbi_codes("6201, 4711;6201  01131") == "6201 4711 01131"
    assert validators.normalise_sbi_codes("") == ""


@pytest.mark.parametrize("raw", ["620", "123456", "62O1", "0012", "6201,abc"])
def test_normalise_sbi_codes_refuses_malformed_codes(raw):
    with pytest.raises(ValidationError) as info:
        validators.normalise_sbi_codes(raw)
    assert info.value.code == "sbi"


def test_sbi_section_maps_divisions_to_letters():
    assert sbi_section("6201") == "J"
    assert sbi_section("01131") == "A"
    assert sbi_section("4711") == "G"
    assert sbi_section("8500") == "P"
    assert sbi_section("0400") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06 12345678", "+31 6 12345678"),
        ("0612345678", "+31 6 12345678"),
        ("0031 6 12345678", "+31 6 12345678"),
        ("020-1234567", "+31 20 123 4567"),
        ("+32 470 12 34 56", "+32 470 12 34 56"),
        ("", ""),
    ],
)
def test_normalise_phone_stores_international_format(raw, expected):
    assert validators.normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "abc", "+31 6 1234", "06-1234567890123", "+999 123"])
def test_normalise_phone_refuses_invalid_numbers(raw):
    with pytest.raises(ValidationError) as info:
        validators.normalise_phone(raw)
    assert info.value.code == "phone"


def test_normalise_croho_code_wants_five_digits():
    assert validators.normalise_croho_code(" 80045 ") == "80045"
    for bad in ("8004", "800456", "8004a", ""):
        with pytest.raises(ValidationError):
            validators.normalise_croho_code(bad)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u202e", "\u2066"])
def test_reject_control_characters_refuses_invisible_characters(char):
    with pytest.raises(ValidationError) as info:
        validators.reject_control_characters(f"Bakkerij{char}Jansen")
    assert info.value.code == "control"


def test_reject_control_characters_allows_tabs_and_line_breaks_in_multiline_text():
    validators.reject_control_characters("Regel 1\r\nRegel 2\tmet tab", multiline=True)


@pytest.mark.parametrize("text", ["Bakkerij\nJansen", "Bakkerij\rJansen", "Bakkerij\u2028Jansen"])
def test_reject_control_characters_refuses_line_breaks_in_single_line_text(text):
    with pytest.raises(ValidationError) as info:
        validators.reject_control_characters(text, multiline=False)
    assert info.value.code == "line_break"
