"""Reads for import and export. An import is reached only by its creator (404 for anyone else)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from verbinder.partners.models import Affiliation, Organisation
from verbinder.partners.selectors import OrganisationFilters, organisation_list
from verbinder.spreadsheets.columns import EXPORT_COLUMNS
from verbinder.spreadsheets.models import ImportJob

EXPORT_CHUNK_SIZE = 1000
KVK_LOOKUP_BATCH = 500


def import_job_get_for_user(*, user: Any, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.visible_to(user).select_related("route"), pk=pk)


def registered_kvk_numbers(*, numbers: Iterable[str]) -> set[str]:
    """Which of these KVK numbers any organisation already has (archived ones and other routes' too)."""
    wanted = sorted({number for number in numbers if number})
    found: set[str] = set()
    for start in range(0, len(wanted), KVK_LOOKUP_BATCH):
        batch = wanted[start : start + KVK_LOOKUP_BATCH]
        found.update(Organisation.objects.filter(kvk_number__in=batch).values_list("kvk_number", flat=True))
    return found


def organisation_export_queryset(*, user: Any, filters: OrganisationFilters) -> QuerySet[Organisation]:
    """The organisation list as the user sees it with these filters, with routes and contacts prefetched."""
    contacts = (
        Affiliation.objects.filter(ended_on__isnull=True, person__archived_at__isnull=True)
        .select_related("person")
        .order_by("-is_primary_contact", "pk")
    )
    return organisation_list(user=user, filters=filters).prefetch_related(
        Prefetch("affiliations", queryset=contacts, to_attr="export_contacts")
    )


def export_header() -> list[str]:
    return [str(label) for _key, label in EXPORT_COLUMNS]


def organisation_export_rows(*, user: Any, filters: OrganisationFilters) -> Iterator[list[str]]:
    """One row per organisation, in the order of EXPORT_COLUMNS; the first (primary) contact person's details."""
    queryset = organisation_export_queryset(user=user, filters=filters)
    for organisation in queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        contacts: list[Affiliation] = organisation.export_contacts  # type: ignore[attr-defined]
        contact = contacts[0] if contacts else None
        routes = ", ".join(route.programme_name for route in organisation.visible_routes)  # type: ignore[attr-defined]
        values = {
            "name": organisation.name,
            "kind": organisation.get_kind_display(),
            "kvk_number": organisation.kvk_number,
            "establishment_number": organisation.establishment_number,
            "sbi_codes": organisation.sbi_codes,
            "size_class": organisation.get_size_class_display() if organisation.size_class else "",
            "street": organisation.street,
            "postcode": organisation.postcode,
            "city": organisation.city,
            "website": organisation.website,
            "routes": routes,
            "contact_name": contact.person.full_name if contact else "",
            "email": contact.email if contact else "",
            "phone": contact.phone if contact else "",
            "function_title": contact.function_title if contact else "",
        }
        yield [str(values[key]) for key, _label in EXPORT_COLUMNS]
