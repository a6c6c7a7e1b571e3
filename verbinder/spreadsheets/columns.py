"""The columns an import understands, and how a spreadsheet's headers are matched to them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from verbinder.partners.models import Organisation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class ImportField:
    key: str
    label: StrOrPromise
    synonyms: tuple[str, ...]
    required: bool = False
    contact: bool = False


def _model_label(name: str) -> StrOrPromise:
    """The organisation field's own label (capitalised), so that the export speaks as the pages do."""
    field = Organisation._meta.get_field(name)
    return lazy(lambda: capfirst(str(getattr(field, "verbose_name", name))), str)()


# Order: as a coordinator's spreadsheet usually has them. Synonyms in Dutch and English; the export's own
# headers (in every language) are added by header_synonyms().
IMPORT_FIELDS: tuple[ImportField, ...] = (
    ImportField("name", _("Name"), ("naam", "bedrijfsnaam", "bedrijf", "organisatie", "organisatienaam",
                                    "naam organisatie", "naam bedrijf", "name", "company", "company name",
                                    "organisation", "organization", "organisation name"), required=True),
    ImportField("kind", _("Kind"), ("soort", "soort organisatie", "type", "type organisatie", "kind")),
    ImportField("kvk_number", _("KVK number"), ("kvk", "kvk nummer", "kvknummer", "kvk nr", "kvk no",
                                                 "kamer van koophandel", "kvk number", "coc", "coc number",
                                                 "chamber of commerce")),
    ImportField("establishment_number", _("Vestigingsnummer"), ("vestigingsnummer", "vestigingsnr",
                                                                 "vestiging", "establishment number",
                                                                 "branch number")),
    ImportField("sbi_codes", _("SBI codes"), ("sbi", "sbi code", "sbi codes", "sbi-code", "sector code")),
    ImportField("size_class", _("Size"), ("grootte", "omvang", "grootteklasse", "bedrijfsgrootte",
                                          "aantal medewerkers", "medewerkers", "size", "size class",
                                          "company size", "employees")),
    ImportField("street", _("Address"), ("adres", "straat", "straat en huisnummer", "bezoekadres",
                                         "vestigingsadres", "address", "street", "street and number")),
    ImportField("postcode", _("Postcode"), ("postcode", "post code", "postal code", "zip", "zip code")),
    ImportField("city", _("City"), ("plaats", "woonplaats", "vestigingsplaats", "stad", "gemeente",
                                    "city", "town", "place")),
    ImportField("website", _("Website"), ("website", "webadres", "web", "site", "url", "internet",
                                          "homepage")),
    ImportField("contact_name", _("Contact person"), ("contactpersoon", "contact", "naam contactpersoon",
                                                      "contactpersoon naam", "contact name", "contact person",
                                                      "primary contact"), contact=True),
    ImportField("email", _("E-mail address"), ("e mail", "email", "e mailadres", "emailadres", "mail",
                                               "mailadres", "e mail contactpersoon", "email address",
                                               "e mail address"), contact=True),
    ImportField("phone", _("Phone"), ("telefoon", "telefoonnummer", "tel", "telnr", "mobiel", "mobiel nummer",
                                      "phone", "phone number", "telephone", "mobile"), contact=True),
    ImportField("function_title", _("Function"), ("functie", "functietitel", "rol", "function", "job title",
                                                  "title", "role", "position"), contact=True),
)  # fmt: skip
FIELDS_BY_KEY = {field.key: field for field in IMPORT_FIELDS}

# The export's columns: (key, header). Keys that an import understands are matched back on re-import.
EXPORT_COLUMNS: tuple[tuple[str, StrOrPromise], ...] = (
    ("name", _model_label("name")),
    ("kind", _model_label("kind")),
    ("kvk_number", _model_label("kvk_number")),
    ("establishment_number", _model_label("establishment_number")),
    ("sbi_codes", _model_label("sbi_codes")),
    ("size_class", _model_label("size_class")),
    ("street", _model_label("street")),
    ("postcode", _model_label("postcode")),
    ("city", _model_label("city")),
    ("website", _model_label("website")),
    ("routes", _("Routes")),
    ("contact_name", _("Contact person")),
    ("email", _("E-mail address")),
    ("phone", _("Phone")),
    ("function_title", _("Function")),
)


def normalise_header(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: "KVK-nummer" -> "kvk nummer", "E-mail" -> "e mail"."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9+]+", " ", plain).split())


def header_synonyms() -> dict[str, str]:
    """Normalised header -> field key: the synonyms, the field labels and the export headers, every language."""
    known: dict[str, str] = {}
    for field in IMPORT_FIELDS:
        for synonym in field.synonyms:
            known.setdefault(normalise_header(synonym), field.key)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for field in IMPORT_FIELDS:
                known.setdefault(normalise_header(str(field.label)), field.key)
            for key, header in EXPORT_COLUMNS:
                if key in FIELDS_BY_KEY:
                    known.setdefault(normalise_header(str(header)), key)
    return known


def suggest_mapping(headers: list[str]) -> dict[str, int]:
    """Field key -> column index, for each field whose header is recognised (each column used once)."""
    known = header_synonyms()
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = known.get(normalise_header(header))
        if key and key not in mapping:
            mapping[key] = index
    return mapping
