"""Form bodies for the registry's pages, as a browser would post them."""

from __future__ import annotations

from typing import Any

from verbinder.partners.models import Organisation, Person


def new_organisation(route_pk: int, **changes: Any) -> dict[str, Any]:
    return {
        "name": "Metaalwerk Zuid",
        "kind": "company",
        "kvk_number": "87654321",
        "establishment_number": "",
        "sbi_codes": "2562",
        "size_class": "10-49",
        "street": "Ringbaan-Oost 8",
        "postcode": "5038 ab",
        "city": "Tilburg",
        "website": "metaalwerkzuid.nl",
        "has_hr": "no",
        "notes": "",
        "routes": [route_pk],
        **changes,
    }


def organisation_edit(organisation: Organisation, **changes: Any) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "kvk_number": organisation.kvk_number,
        "establishment_number": organisation.establishment_number,
        "sbi_codes": organisation.sbi_codes,
        "size_class": organisation.size_class,
        "street": organisation.street,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "website": organisation.website,
        "has_hr": {True: "yes", False: "no", None: ""}[organisation.has_hr_staff],
        "notes": organisation.notes,
        "version": organisation.version,
        **changes,
    }


def new_person(**changes: Any) -> dict[str, Any]:
    return {
        "person-first_name": "Noor",
        "person-last_name": "Bakker",
        "person-preferred_language": "nl",
        "affiliation-function_title": "HR-adviseur",
        "affiliation-email": "noor@bedrijf.nl",
        "affiliation-phone": "06 12345678",
        **changes,
    }


def person_edit(person: Person, **changes: Any) -> dict[str, Any]:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "preferred_language": person.preferred_language,
        "version": person.version,
        **changes,
    }
