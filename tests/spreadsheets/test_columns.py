from __future__ import annotations

import pytest
from django.utils import translation

from verbinder.spreadsheets.columns import normalise_header, suggest_mapping
from verbinder.spreadsheets.forms import kind_lookup, size_class_for
from verbinder.spreadsheets.selectors import export_header


def test_suggest_mapping_recognises_dutch_headers() -> None:
    headers = ["Naam", "KVK-nummer", "Adres", "Postcode", "Plaats", "Website", "Contactpersoon", "E-mail",
               "Telefoon", "Functie"]  # fmt: skip

    assert suggest_mapping(headers) == {
        "name": 0, "kvk_number": 1, "street": 2, "postcode": 3, "city": 4, "website": 5, "contact_name": 6,
        "email": 7, "phone": 8, "function_title": 9,
    }  # fmt: skip


def test_suggest_mapping_recognises_english_and_variant_headers() -> None:
    headers = ["Company name", "Chamber of Commerce", "Street", "ZIP", "Woonplaats", "URL", "Contact person",
               "Email address", "Phone number", "Job title", "Notes"]  # fmt: skip

    mapping = suggest_mapping(headers)

    assert mapping == {
        "name": 0, "kvk_number": 1, "street": 2, "postcode": 3, "city": 4, "website": 5, "contact_name": 6,
        "email": 7, "phone": 8, "function_title": 9,
    }  # fmt: skip


def test_suggest_mapping_uses_each_field_once() -> None:
    assert suggest_mapping(["Bedrijfsnaam", "Naam"]) == {"name": 0}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_suggest_mapping_recognises_the_export_headers(language: str) -> None:
    with translation.override(language):
        headers = export_header()

    mapping = suggest_mapping(headers)

    assert set(mapping) == {"name", "kind", "kvk_number", "establishment_number", "sbi_codes", "size_class",
                            "street", "postcode", "city", "website", "contact_name", "email", "phone",
                            "function_title"}  # fmt: skip


def test_normalise_header() -> None:
    assert normalise_header("  KvK-Nummer ") == "kvk nummer"
    assert normalise_header("E-mailadres") == "e mailadres"
    assert normalise_header("Functie (rol)") == "functie rol"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1-9", "1-9"), ("10–49 medewerkers", "10-49"), ("50-249", "50-249"), ("250+", "250+"),
     ("250 or more employees (not an SME)", "250+"), ("12", "10-49"), ("3", "1-9"), ("1000", "250+"),
     ("veel", None), ("0", None)],
)  # fmt: skip
def test_size_class_for(text: str, expected: str | None) -> None:
    assert size_class_for(text) == expected


def test_kind_lookup_knows_values_labels_and_dutch_words() -> None:
    lookup = kind_lookup()

    assert lookup["company"] == "company"
    assert lookup["branchevereniging"] == "branch_association"
    assert lookup["gemeente"] == "municipality"
    assert lookup[normalise_header("SME company")] == "company"
