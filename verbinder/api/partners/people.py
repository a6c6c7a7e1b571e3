"""People and their roles (affiliations): the hogeschool's staff only; external users never see this register."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Status

from verbinder.api.errors import ACTION, CONFLICT, READ, WRITE, Conflict, ConflictOut, errors, stale_conflict
from verbinder.api.fields import MAX_ID
from verbinder.api.pagination import paginate
from verbinder.api.partners.schemas import (
    AffiliationDetailOut,
    AffiliationIn,
    AffiliationOut,
    AffiliationPatch,
    PersonBase,
    PersonIn,
    PersonOut,
    PersonPage,
    PersonPatch,
    PersonQuery,
    compose,
)
from verbinder.api.permissions import require_perm, require_staff
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners import selectors, services
from verbinder.partners.models import Affiliation, Organisation, Person

router = Router(tags=["people"])
PersonId = Path(..., ge=1, le=MAX_ID)
AffiliationId = Path(..., ge=1, le=MAX_ID)


def _person_out(request: HttpRequest, person: Person) -> PersonOut:
    affiliations = selectors.person_affiliations(user=request.user, person=person)
    return compose(PersonOut, person, base=PersonBase, affiliations=list(affiliations))


def _person_for(request: HttpRequest, person_id: int) -> Person:
    require_staff(request.user)
    return selectors.person_get_for_user(user=request.user, pk=person_id)


def _affiliation_for(request: HttpRequest, affiliation_id: int) -> Affiliation:
    require_staff(request.user)
    return selectors.affiliation_get_for_user(user=request.user, pk=affiliation_id)


def _already_affiliated(exc: ValidationError) -> Conflict:
    return Conflict(ConflictOut(detail=" ".join(exc.messages), code="duplicate", fields=["organisation"]))


@router.get("/people", response={200: PersonPage, **errors(*READ)}, url_name="person-list")
def person_list(request: HttpRequest, filters: Query[PersonQuery]) -> dict[str, Any]:
    """People with a role at an organisation of your routes."""
    require_staff(request.user)
    queryset = selectors.person_list(
        user=request.user,
        filters=selectors.PersonFilters(
            q=filters.q, organisation=filters.organisation, archived=filters.archived, sort=filters.sort
        ),
    )
    return paginate(queryset, filters)


@router.post("/people", response={201: PersonOut, **errors(*WRITE)}, url_name="person-list")
def person_create(request: HttpRequest, payload: PersonIn) -> Status[PersonOut]:
    """Add a person with their role at an organisation of a route you coordinate (404 for any other)."""
    require_staff(request.user)
    organisation = selectors.organisation_get_for_user(user=request.user, pk=payload.affiliation.organisation)
    require_perm(request.user, "partners.change_organisation", organisation)
    person = services.person_create(
        by=request.user,
        data=payload.model_dump(exclude={"affiliation"}),
        organisation=organisation,
        affiliation=payload.affiliation.model_dump(exclude={"organisation"}),
    )
    return Status(201, _person_out(request, person))


@router.get("/people/{person_id}", response={200: PersonOut, **errors(*READ)}, url_name="person-detail")
def person_detail(request: HttpRequest, person_id: int = PersonId) -> PersonOut:
    return _person_out(request, _person_for(request, person_id))


@router.patch("/people/{person_id}", response={200: PersonOut, **errors(*WRITE, CONFLICT)}, url_name="person-detail")
def person_update(request: HttpRequest, payload: PersonPatch, person_id: int = PersonId) -> PersonOut:
    """Change a person's name or language. Send the `version` you read; a stale one gives 409."""
    person = _person_for(request, person_id)
    require_perm(request.user, "partners.change_person", person)
    try:
        person = services.person_update(person=person, by=request.user, data=payload.changes(), version=payload.version)
    except StaleVersionError as exc:
        person.refresh_from_db(fields=["version"])
        raise stale_conflict(Person, exc, person.version) from exc
    return _person_out(request, person)


@router.post("/people/{person_id}/archive", response={200: PersonOut, **errors(*ACTION)}, url_name="person-archive")
def person_archive(request: HttpRequest, person_id: int = PersonId) -> PersonOut:
    person = _person_for(request, person_id)
    require_perm(request.user, "partners.change_person", person)
    return _person_out(request, services.person_archive(person=person, by=request.user))


@router.post("/people/{person_id}/restore", response={200: PersonOut, **errors(*ACTION)}, url_name="person-restore")
def person_restore(request: HttpRequest, person_id: int = PersonId) -> PersonOut:
    person = _person_for(request, person_id)
    require_perm(request.user, "partners.change_person", person)
    return _person_out(request, services.person_restore(person=person, by=request.user))


@router.get(
    "/people/{person_id}/affiliations",
    response={200: list[AffiliationOut], **errors(*READ)},
    url_name="person-affiliation-list",
)
def person_affiliation_list(request: HttpRequest, person_id: int = PersonId) -> list[Affiliation]:
    """A person's current and ended roles at organisations you may see."""
    person = _person_for(request, person_id)
    return list(selectors.person_affiliations(user=request.user, person=person))


@router.post(
    "/people/{person_id}/affiliations",
    response={201: AffiliationDetailOut, **errors(*WRITE, CONFLICT)},
    url_name="person-affiliation-list",
)
def person_affiliation_create(
    request: HttpRequest, payload: AffiliationIn, person_id: int = PersonId
) -> Status[Affiliation]:
    """Give a person a role at an active organisation of a route you coordinate (404 for any other).

    A person has one current role per organisation: a second one gives 409 (`duplicate`).
    """
    person = _person_for(request, person_id)
    require_perm(request.user, "partners.change_person", person)
    coordinated = selectors.routes_coordinated_by(user=request.user)
    organisation = (
        Organisation.objects.visible_to(request.user)
        .active()
        .filter(routes__in=coordinated, pk=payload.organisation)
        .distinct()
        .first()
    )
    if organisation is None:
        raise Http404
    try:
        affiliation = services.affiliation_create(
            by=request.user, person=person, organisation=organisation, data=payload.model_dump(exclude={"organisation"})
        )
    except ValidationError as exc:
        raise _already_affiliated(exc) from exc
    return Status(201, affiliation)


@router.get(
    "/affiliations/{affiliation_id}",
    response={200: AffiliationDetailOut, **errors(*READ)},
    url_name="affiliation-detail",
)
def affiliation_detail(request: HttpRequest, affiliation_id: int = AffiliationId) -> Affiliation:
    return _affiliation_for(request, affiliation_id)


@router.patch(
    "/affiliations/{affiliation_id}",
    response={200: AffiliationDetailOut, **errors(*WRITE)},
    url_name="affiliation-detail",
)
def affiliation_update(
    request: HttpRequest, payload: AffiliationPatch, affiliation_id: int = AffiliationId
) -> Affiliation:
    """Change a role: function, primary contact, e-mail address, phone. Send only the fields that change."""
    affiliation = _affiliation_for(request, affiliation_id)
    require_perm(request.user, "partners.change_organisation", affiliation.organisation)
    return services.affiliation_update(affiliation=affiliation, by=request.user, data=payload.changes())


@router.post(
    "/affiliations/{affiliation_id}/end",
    response={200: AffiliationDetailOut, **errors(*ACTION)},
    url_name="affiliation-end",
)
def affiliation_end(request: HttpRequest, affiliation_id: int = AffiliationId) -> Affiliation:
    """End a role as of today; the person stays, with the role in their history."""
    affiliation = _affiliation_for(request, affiliation_id)
    require_perm(request.user, "partners.change_organisation", affiliation.organisation)
    return services.affiliation_end(affiliation=affiliation, by=request.user)
