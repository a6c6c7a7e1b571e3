"""Request and response bodies of the partner registry API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, TypeVar

from ninja import Field, Schema
from pydantic import ConfigDict

from verbinder.api.fields import (
    MAX_ID,
    BodyId,
    CrohoCode,
    Email,
    EstablishmentNumber,
    Flag,
    JsonInt,
    Kvk,
    Name,
    Notes,
    Phone,
    Postcode,
    RequiredText100,
    RequiredText150,
    RequiredText200,
    SbiCodes,
    Text100,
    Text150,
    Text200,
    Text300,
    Version,
    Website,
    unchanged,
)
from verbinder.api.pagination import PageOut, PageQuery
from verbinder.partners.enums import CrohoArea, DegreeType, OrganisationKind, RelationshipKind, SbiSection, SizeClass

S = TypeVar("S", bound=Schema)
Language = Literal["nl", "en"]
Empty = Literal[""]  # a choice left open: "unknown"


def _without_defaults(schema: dict[str, Any]) -> None:
    """A field left out of a PATCH body stays as it is: it has no default value to show."""
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")


class PatchSchema(InputSchema):
    """A partial update: only the fields that are sent change (`exclude_unset`)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_without_defaults)

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True, exclude={"version"})


# References


class RouteRef(Schema):
    id: int
    programme_name: str


class OrganisationRef(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    first_name: str
    last_name: str


class UserRef(Schema):
    id: int
    name: str


# Routes


class RouteOut(Schema):
    id: int
    programme_name: str
    degree_type: DegreeType
    croho_code: str
    croho_area: CrohoArea
    hogeschool: str
    start_year: int
    qualifies_for_praktijkleren: bool
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class RouteDetailOut(RouteOut):
    coordinators: list[UserRef]


class RoutePage(PageOut):
    items: list[RouteOut]


class RouteIn(InputSchema):
    programme_name: RequiredText200
    degree_type: DegreeType
    croho_code: CrohoCode
    croho_area: CrohoArea
    hogeschool: RequiredText200
    start_year: JsonInt = Field(ge=2000, le=2100)


class RoutePatch(PatchSchema):
    programme_name: RequiredText200 = unchanged()
    degree_type: DegreeType = unchanged()
    croho_code: CrohoCode = unchanged()
    croho_area: CrohoArea = unchanged()
    hogeschool: RequiredText200 = unchanged()
    start_year: JsonInt = unchanged(ge=2000, le=2100)


# Organisations


class OrganisationQuery(PageQuery):
    q: Text100 = Field("", description="Name, KVK number, city or contact person.")
    kind: OrganisationKind | None = None
    sector: SbiSection | None = None
    size_class: SizeClass | None = None
    route: int | None = Field(None, ge=1, le=MAX_ID, description="Only partners of this route.")
    archived: bool = Field(False, description="Archived organisations instead of active ones.")
    sort: Literal["name", "-name", "city", "-city", "kind", "-kind", "size", "-size", "updated", "-updated"] = "name"


class ContactOut(Schema):
    """A person's role at the organisation."""

    id: int
    person: PersonRef
    function_title: str
    is_primary_contact: bool
    email: str
    phone: str


class OrganisationBase(Schema):
    id: int
    name: str
    kind: OrganisationKind
    kvk_number: str
    establishment_number: str
    sbi_codes: str
    sector: SbiSection | Empty
    size_class: SizeClass | Empty
    is_sme: bool
    street: str
    postcode: str
    city: str
    website: str
    has_hr_staff: bool | None
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class OrganisationListOut(OrganisationBase):
    routes: list[RouteRef] = Field(
        validation_alias="visible_routes", description="The caller's routes that have this partner."
    )


class OrganisationOut(OrganisationBase):
    notes: str | None = Field(description="Markdown; null for callers outside the hogeschool.")
    routes: list[RouteRef] | None = Field(
        description="The caller's routes that have this partner; null for callers outside the hogeschool."
    )
    contacts: list[ContactOut]


class OrganisationPage(PageOut):
    items: list[OrganisationListOut]


class OrganisationIn(InputSchema):
    name: Name
    kind: OrganisationKind = OrganisationKind.COMPANY
    kvk_number: Kvk = ""
    establishment_number: EstablishmentNumber = ""
    sbi_codes: SbiCodes = ""
    size_class: SizeClass | Empty = ""
    street: Text200 = ""
    postcode: Postcode = ""
    city: Text100 = ""
    website: Website = ""
    has_hr_staff: Flag | None = None
    notes: Notes = ""
    routes: list[BodyId] = Field(
        min_length=1, max_length=50, description="Routes you coordinate that get this organisation as a partner."
    )
    confirm_not_duplicate: Flag = Field(
        False, description="Save even though an organisation with a similar name exists in the same city."
    )


class OrganisationPatch(PatchSchema):
    version: Version
    name: Name = unchanged()
    kind: OrganisationKind = unchanged()
    kvk_number: Kvk = unchanged()
    establishment_number: EstablishmentNumber = unchanged()
    sbi_codes: SbiCodes = unchanged()
    size_class: SizeClass | Empty = unchanged()
    street: Text200 = unchanged()
    postcode: Postcode = unchanged()
    city: Text100 = unchanged()
    website: Website = unchanged()
    has_hr_staff: Flag | None = None
    notes: Notes = unchanged()


# People and affiliations


class PersonQuery(PageQuery):
    q: Text100 = Field("", description="Name or e-mail address.")
    organisation: int | None = Field(None, ge=1, le=MAX_ID, description="Only people with a role here.")
    archived: bool = Field(False, description="Archived people instead of active ones.")
    sort: Literal["name", "-name", "-updated"] = "name"


class AffiliationOut(Schema):
    """A role of a person at an organisation."""

    id: int
    organisation: OrganisationRef
    function_title: str
    is_primary_contact: bool
    email: str
    phone: str
    ended_on: date | None


class AffiliationDetailOut(AffiliationOut):
    person: PersonRef


class PersonBase(Schema):
    id: int
    first_name: str
    last_name: str
    preferred_language: Language
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class PersonListOut(PersonBase):
    affiliations: list[AffiliationOut] = Field(
        validation_alias="visible_affiliations", description="Current roles at organisations the caller may see."
    )


class PersonOut(PersonBase):
    affiliations: list[AffiliationOut] = Field(
        description="Current and ended roles at organisations the caller may see."
    )


class PersonPage(PageOut):
    items: list[PersonListOut]


class AffiliationFields(InputSchema):
    function_title: Text150 = ""
    is_primary_contact: Flag = False
    email: Email = ""
    phone: Phone = ""


class AffiliationIn(AffiliationFields):
    organisation: BodyId = Field(description="An organisation of a route you coordinate.")


class AffiliationPatch(PatchSchema):
    function_title: Text150 = unchanged()
    is_primary_contact: Flag = unchanged()
    email: Email = unchanged()
    phone: Phone = unchanged()


class PersonIn(InputSchema):
    first_name: RequiredText100
    last_name: RequiredText150
    preferred_language: Language = "nl"
    affiliation: AffiliationIn


class PersonPatch(PatchSchema):
    version: Version
    first_name: RequiredText100 = unchanged()
    last_name: RequiredText150 = unchanged()
    preferred_language: Language = unchanged()


# Relationships


class RelationshipQuery(PageQuery):
    organisation: int | None = Field(None, ge=1, le=MAX_ID, description="Relationships of this organisation.")
    kind: RelationshipKind | None = None


class RelationshipOut(Schema):
    id: int
    source: OrganisationRef
    kind: RelationshipKind
    target: OrganisationRef
    note: str
    created_at: datetime


class RelationshipPage(PageOut):
    items: list[RelationshipOut]


class RelationshipIn(InputSchema):
    source: BodyId = Field(description="The organisation the relationship starts from; you must coordinate it.")
    kind: RelationshipKind
    target: BodyId = Field(description="The other organisation; one you may see.")
    note: Text300 = ""


def compose(schema: type[S], obj: Any, *, base: type[Schema], **extra: Any) -> S:
    """A response body from a model object's fields (read through `base`) and values computed by the view."""
    return schema.model_validate({**base.model_validate(obj).model_dump(), **extra})
