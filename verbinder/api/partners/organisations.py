"""Organisations: staff of a route read its partners, coordinators change them, external users read their own."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from verbinder.api.errors import (
    ACTION,
    CONFLICT,
    READ,
    WRITE,
    Conflict,
    ConflictOut,
    DuplicateOut,
    Invalid,
    errors,
    stale_conflict,
)
from verbinder.api.fields import MAX_ID
from verbinder.api.pagination import paginate
from verbinder.api.partners.schemas import (
    OrganisationBase,
    OrganisationIn,
    OrganisationOut,
    OrganisationPage,
    OrganisationPatch,
    OrganisationQuery,
    compose,
)
from verbinder.api.permissions import require_perm, require_staff
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners import selectors, services
from verbinder.partners.models import Organisation

router = Router(tags=["organisations"])
OrganisationId = Path(..., ge=1, le=MAX_ID)


def organisation_out(request: HttpRequest, organisation: Organisation) -> OrganisationOut:
    """What the organisation's page shows the caller: notes and routes only to the hogeschool's staff."""
    internal = request.user.has_perm("partners.view_organisation_internal", organisation)
    routes = selectors.organisation_routes(user=request.user, organisation=organisation) if internal else None
    return compose(
        OrganisationOut,
        organisation,
        base=OrganisationBase,
        notes=organisation.notes if internal else None,
        routes=list(routes) if routes is not None else None,
        contacts=list(selectors.organisation_affiliations(organisation=organisation)),
    )


def _duplicates_out(request: HttpRequest, duplicates: list[Organisation]) -> list[DuplicateOut]:
    """Likely duplicates, as the create page shows them: a link (id) only to those in the caller's reach."""
    visible = set(
        Organisation.objects.visible_to(request.user)
        .filter(pk__in=[org.pk for org in duplicates])
        .values_list("pk", flat=True)
    )
    return [
        DuplicateOut(
            id=org.pk if org.pk in visible else None,
            name=org.name,
            city=org.city,
            kvk_number=org.kvk_number,
            archived=org.archived_at is not None,
        )
        for org in duplicates
    ]


def _refuse_duplicate_kvk(request: HttpRequest, kvk_number: str, exclude_pk: int | None = None) -> None:
    if not kvk_number:
        return
    same = [
        org
        for org in selectors.organisation_duplicates(name="", city="", kvk_number=kvk_number, exclude_pk=exclude_pk)
        if org.kvk_number == kvk_number
    ]
    if same:
        raise Conflict(
            ConflictOut(
                detail=_("An organisation with this KVK number is already registered."),
                code="duplicate_kvk",
                fields=["kvk_number"],
                duplicates=_duplicates_out(request, same),
            )
        )


@router.get("/organisations", response={200: OrganisationPage, **errors(*READ)}, url_name="organisation-list")
def organisation_list(request: HttpRequest, filters: Query[OrganisationQuery]) -> dict[str, Any]:
    """Organisations of your routes, filtered and sorted as on the organisations page."""
    require_staff(request.user)
    queryset = selectors.organisation_list(
        user=request.user,
        filters=selectors.OrganisationFilters(
            q=filters.q,
            kind=filters.kind or "",
            sector=filters.sector or "",
            size_class=filters.size_class or "",
            route=filters.route,
            archived=filters.archived,
            sort=filters.sort,
        ),
    )
    return paginate(queryset, filters)


@router.post(
    "/organisations", response={201: OrganisationOut, **errors(*WRITE, CONFLICT)}, url_name="organisation-list"
)
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> Status[OrganisationOut]:
    """Add an organisation as a partner of one or more routes you coordinate.

    A KVK number that is already registered gives 409 (`duplicate_kvk`). A very similar name in the same city
    gives 409 (`possible_duplicate`) unless `confirm_not_duplicate` is true. A route you do not coordinate: 404.
    """
    require_staff(request.user)
    require_perm(request.user, "partners.add_organisation")
    wanted = set(payload.routes)
    routes = list(selectors.routes_coordinated_by(user=request.user).filter(pk__in=wanted))
    if len(routes) != len(wanted):
        raise Http404
    data = payload.model_dump(exclude={"routes", "confirm_not_duplicate"})
    _refuse_duplicate_kvk(request, data["kvk_number"])
    duplicates = selectors.organisation_duplicates(name=data["name"], city=data["city"], kvk_number="")
    if duplicates and not payload.confirm_not_duplicate:
        raise Conflict(
            ConflictOut(
                detail=_(
                    "This organisation may already exist. Open the existing one instead, "
                    "or send confirm_not_duplicate: true."
                ),
                code="possible_duplicate",
                fields=["name", "city"],
                duplicates=_duplicates_out(request, duplicates),
            )
        )
    try:
        organisation = services.organisation_create(by=request.user, data=data, routes=routes)
    except ValidationError as exc:
        raise Invalid.from_django(exc, ["body", "payload"]) from exc
    return Status(201, organisation_out(request, organisation))


@router.get(
    "/organisations/{organisation_id}", response={200: OrganisationOut, **errors(*READ)}, url_name="organisation-detail"
)
def organisation_detail(request: HttpRequest, organisation_id: int = OrganisationId) -> OrganisationOut:
    """One organisation. External users (company contacts and the like) may read their own organisation only."""
    return organisation_out(request, selectors.organisation_get_for_user(user=request.user, pk=organisation_id))


@router.patch(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **errors(*WRITE, CONFLICT)},
    url_name="organisation-detail",
)
def organisation_update(
    request: HttpRequest, payload: OrganisationPatch, organisation_id: int = OrganisationId
) -> OrganisationOut:
    """Change an organisation of a route you coordinate. Send the `version` you read and the fields that change.

    If someone saved the organisation after you read it, nothing is saved: 409 (`stale_version`) names the
    fields they changed and gives the current version.
    """
    organisation = selectors.organisation_get_for_user(user=request.user, pk=organisation_id)
    require_perm(request.user, "partners.change_organisation", organisation)
    changes = payload.changes()
    _refuse_duplicate_kvk(request, changes.get("kvk_number", ""), exclude_pk=organisation.pk)
    try:
        organisation = services.organisation_update(
            organisation=organisation, by=request.user, data=changes, version=payload.version
        )
    except StaleVersionError as exc:
        organisation.refresh_from_db(fields=["version"])
        raise stale_conflict(Organisation, exc, organisation.version) from exc
    except ValidationError as exc:
        raise Invalid.from_django(exc, ["body", "payload"]) from exc
    return organisation_out(request, organisation)


@router.post(
    "/organisations/{organisation_id}/archive",
    response={200: OrganisationOut, **errors(*ACTION)},
    url_name="organisation-archive",
)
def organisation_archive(request: HttpRequest, organisation_id: int = OrganisationId) -> OrganisationOut:
    """Archive an organisation (never deleted); archiving an archived organisation changes nothing."""
    organisation = selectors.organisation_get_for_user(user=request.user, pk=organisation_id)
    require_perm(request.user, "partners.change_organisation", organisation)
    return organisation_out(request, services.organisation_archive(organisation=organisation, by=request.user))


@router.post(
    "/organisations/{organisation_id}/restore",
    response={200: OrganisationOut, **errors(*ACTION)},
    url_name="organisation-restore",
)
def organisation_restore(request: HttpRequest, organisation_id: int = OrganisationId) -> OrganisationOut:
    """Restore an archived organisation."""
    organisation = selectors.organisation_get_for_user(user=request.user, pk=organisation_id)
    require_perm(request.user, "partners.change_organisation", organisation)
    return organisation_out(request, services.organisation_restore(organisation=organisation, by=request.user))
