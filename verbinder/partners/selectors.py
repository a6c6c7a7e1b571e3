"""Reads of the partner registry. Every object is reached through the user's scope: outside it, 404."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404

from verbinder.accounts.enums import STAFF_ROLES, Role
from verbinder.accounts.models import RoleAssignment
from verbinder.accounts.scope import scope_for
from verbinder.partners.enums import RELATIONSHIP_INVERSE_LABELS, RelationshipKind, SizeClass
from verbinder.partners.models import Affiliation, Organisation, Partnership, Person, Relationship, Route

# Size classes in order of size; an organisation of unknown size comes last either way.
SIZE_ORDER = Case(
    *(When(size_class=size, then=Value(rank)) for rank, size in enumerate(SizeClass.values)),
    default=Value(None),
    output_field=IntegerField(),
)
ORGANISATION_SORTS = {
    "name": (Lower("name").asc(), "pk"),
    "-name": (Lower("name").desc(), "-pk"),
    "city": ("city", Lower("name").asc(), "pk"),
    "-city": ("-city", Lower("name").asc(), "pk"),
    "kind": ("kind", Lower("name").asc(), "pk"),
    "-kind": ("-kind", Lower("name").asc(), "pk"),
    "size": (SIZE_ORDER.asc(nulls_last=True), Lower("name").asc(), "pk"),
    "-size": (SIZE_ORDER.desc(nulls_last=True), Lower("name").asc(), "pk"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
}
PERSON_SORTS = {
    "name": (Lower("last_name").asc(), Lower("first_name").asc(), "pk"),
    "-name": (Lower("last_name").desc(), Lower("first_name").desc(), "-pk"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
}


# Routes


def route_list_for_user(*, user: Any) -> QuerySet[Route]:
    return (
        Route.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        .annotate(
            organisation_count=Count(
                "partnerships", filter=Q(partnerships__organisation__archived_at__isnull=True), distinct=True
            )
        )
        .order_by("programme_name", "hogeschool", "pk")
    )


def route_get_for_user(*, user: Any, pk: int) -> Route:
    return get_object_or_404(Route.objects.visible_to(user), pk=pk)


def route_staff(*, route: Route) -> list[RoleAssignment]:
    """The coordinators and teachers of a route (role assignments with their users), coordinators first."""
    return list(
        RoleAssignment.objects.filter(route=route, role__in=[role.value for role in STAFF_ROLES])
        .select_related("user")
        .order_by("role", Lower("user__name"), "pk")
    )


def route_coordinators(*, route: Route) -> list[Any]:
    """The users who coordinate the route."""
    return [assignment.user for assignment in route_staff(route=route) if assignment.role == Role.COORDINATOR]


def route_staff_assignment_get(*, route: Route, pk: int) -> RoleAssignment:
    return get_object_or_404(
        RoleAssignment.objects.filter(route=route, role__in=[role.value for role in STAFF_ROLES]).select_related(
            "user", "route"
        ),
        pk=pk,
    )


def routes_coordinated_by(*, user: Any) -> QuerySet[Route]:
    """Active routes the user may link organisations to (all of them for an administrator)."""
    scope = scope_for(user)
    routes = Route.objects.filter(archived_at__isnull=True).order_by("programme_name", "hogeschool", "pk")
    if scope.is_admin:
        return routes
    return routes.filter(pk__in=scope.coordinated_route_ids)


# Organisations


@dataclass(frozen=True)
class OrganisationFilters:
    q: str = ""
    kind: str = ""
    sector: str = ""
    size_class: str = ""
    route: int | None = None
    archived: bool = False
    sort: str = "name"


def organisation_list(*, user: Any, filters: OrganisationFilters) -> QuerySet[Organisation]:
    """The organisations the user may see, searched, filtered and sorted; each with `visible_routes`."""
    qs = Organisation.objects.visible_to(user).filter(archived_at__isnull=not filters.archived)
    if filters.q:
        qs = qs.filter(organisation_search(filters.q))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.size_class:
        qs = qs.filter(size_class=filters.size_class)
    if filters.route:
        visible_route = Route.objects.visible_to(user).filter(pk=filters.route)
        qs = qs.filter(Exists(Partnership.objects.filter(organisation=OuterRef("pk"), route__in=visible_route)))
    visible_routes = Route.objects.visible_to(user).order_by("programme_name", "pk")
    return qs.order_by(*ORGANISATION_SORTS.get(filters.sort, ORGANISATION_SORTS["name"])).prefetch_related(
        Prefetch("routes", queryset=visible_routes, to_attr="visible_routes")
    )


def organisation_search(term: str) -> Q:
    """Every word in the name or the city; or a KVK number (its start); or a current contact person's name."""
    words = term.split()
    if not words:
        return Q()
    text_match = Q()
    person_match = Q()
    for word in words:
        text_match &= Q(name__icontains=word) | Q(city__icontains=word)
        person_match &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    condition: Any = text_match
    digits = re.sub(r"[\s.]", "", term)
    if digits.isdigit():
        condition |= Q(kvk_number__startswith=digits)
    # IN (subquery), not a correlated EXISTS: inside an OR, PostgreSQL costs an EXISTS per row, and the inflated
    # estimate switches on JIT compilation, which alone takes longer than the whole search.
    condition |= Q(
        pk__in=Affiliation.objects.filter(ended_on__isnull=True, person__in=Person.objects.filter(person_match)).values(
            "organisation_id"
        )
    )
    return condition


def organisation_get_for_user(*, user: Any, pk: int) -> Organisation:
    """One organisation in the user's reach (else 404), with its partnerships (their route ids) prefetched.

    Fetched by primary key and then tested with `Organisation.is_visible_to`, the same condition as
    `visible_to` (a test holds the two together): the subquery costs more to plan than the page's other queries."""
    partnerships = Partnership.objects.only("pk", "organisation_id", "route_id")
    organisation = get_object_or_404(
        Organisation.objects.all().prefetch_related(Prefetch("partnerships", queryset=partnerships)), pk=pk
    )
    if not organisation.is_visible_to(user):
        raise Http404
    return organisation


def organisation_routes(*, user: Any, organisation: Organisation) -> list[Route]:
    """The routes the organisation is a partner in that the user may see, by name (one query for the routes)."""
    scope = scope_for(user)
    route_ids = {partnership.route_id for partnership in organisation.partnerships.all()}
    if not scope.is_admin:
        route_ids &= scope.staff_route_ids
    if not route_ids:
        return []
    return list(Route.objects.filter(pk__in=route_ids).order_by("programme_name", "pk"))


def organisation_linkable_routes(*, user: Any, organisation: Organisation) -> list[Route]:
    """Active routes the user coordinates that the organisation is not linked to yet."""
    scope = scope_for(user)
    linked = {partnership.route_id for partnership in organisation.partnerships.all()}
    if not scope.is_admin and not (scope.coordinated_route_ids - linked):
        return []
    return list(routes_coordinated_by(user=user).exclude(pk__in=linked))


def organisation_affiliations(*, organisation: Organisation, include_ended: bool = False) -> QuerySet[Affiliation]:
    qs = organisation.affiliations.select_related("person")
    if not include_ended:
        qs = qs.filter(ended_on__isnull=True)
    return qs.order_by("ended_on", "-is_primary_contact", Lower("person__last_name"), "pk")


@dataclass(frozen=True)
class RelationshipRow:
    relationship: Relationship
    label: str
    other: Organisation
    outgoing: bool


def organisation_relationships(*, user: Any, organisation: Organisation) -> list[RelationshipRow]:
    """Relationships in both directions (each read from this organisation's side), with organisations the user
    may see."""
    visible = Organisation.objects.visible_to(user)
    relationships = (
        Relationship.objects.filter(
            Q(source=organisation, target__in=visible) | Q(target=organisation, source__in=visible)
        )
        .select_related("source", "target")
        .order_by("kind", "pk")
    )
    rows = []
    for relationship in relationships:
        outgoing = relationship.source_id == organisation.pk
        kind = RelationshipKind(relationship.kind)
        rows.append(
            RelationshipRow(
                relationship=relationship,
                label=str(kind.label if outgoing else RELATIONSHIP_INVERSE_LABELS[kind]),
                other=relationship.target if outgoing else relationship.source,
                outgoing=outgoing,
            )
        )
    return rows


def normalised_name(name: str) -> str:
    """A name without legal forms, articles and punctuation, to compare names."""
    text = re.sub(r"[^\w\s]", " ", (name or "").lower())
    words = [w for w in text.split() if w not in {"bv", "b", "v", "nv", "vof", "o", "f", "holding", "the", "de", "het"}]
    return " ".join(words)


SIMILARITY_THRESHOLD = 0.85
DUPLICATE_CANDIDATES_PER_CITY = 2000


def organisation_duplicates(
    *, name: str, city: str, kvk_number: str, exclude_pk: int | None = None, limit: int = 5
) -> list[Organisation]:
    """Likely duplicates among all organisations, archived ones too: the same KVK number, or a very similar name
    in the same city. The whole registry is searched so that two routes never register one company twice; callers
    show organisations outside the user's reach by name only."""
    found: dict[int, Organisation] = {}
    base = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk else Organisation.objects.all()
    base = base.only("pk", "name", "city", "kvk_number", "archived_at")
    if kvk_number:
        for org in base.filter(kvk_number=kvk_number)[:limit]:
            found[org.pk] = org
    wanted = normalised_name(name)
    if wanted and city.strip():
        candidates = base.filter(city__iexact=city.strip()).order_by("pk")[:DUPLICATE_CANDIDATES_PER_CITY]
        for org in candidates:
            candidate = normalised_name(org.name)
            if candidate == wanted or difflib.SequenceMatcher(None, wanted, candidate).ratio() >= SIMILARITY_THRESHOLD:
                found.setdefault(org.pk, org)
    return list(found.values())[:limit]


# People


@dataclass(frozen=True)
class PersonFilters:
    q: str = ""
    organisation: int | None = None
    archived: bool = False
    sort: str = "name"


def person_list(*, user: Any, filters: PersonFilters) -> QuerySet[Person]:
    """The people the user may see; each with `visible_affiliations` (current roles at visible organisations)."""
    qs = Person.objects.visible_to(user).filter(archived_at__isnull=not filters.archived)
    visible = Organisation.objects.visible_to(user)
    for word in filters.q.split():
        qs = qs.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(pk__in=Affiliation.objects.filter(email__icontains=word, organisation__in=visible).values("person_id"))
        )
    if filters.organisation:
        qs = qs.filter(
            Exists(
                Affiliation.objects.filter(
                    person=OuterRef("pk"), organisation_id=filters.organisation, organisation__in=visible
                )
            )
        )
    affiliations = (
        Affiliation.objects.filter(ended_on__isnull=True, organisation__in=visible)
        .select_related("organisation")
        .order_by("-is_primary_contact", "pk")
    )
    return qs.order_by(*PERSON_SORTS.get(filters.sort, PERSON_SORTS["name"])).prefetch_related(
        Prefetch("affiliations", queryset=affiliations, to_attr="visible_affiliations")
    )


def person_get_for_user(*, user: Any, pk: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(user), pk=pk)


def person_affiliations(*, user: Any, person: Person) -> QuerySet[Affiliation]:
    """The person's roles at organisations the user may see, current ones first."""
    return (
        person.affiliations.filter(organisation__in=Organisation.objects.visible_to(user))
        .select_related("organisation")
        .prefetch_related("organisation__partnerships")
        .order_by("ended_on", "-is_primary_contact", "pk")
    )


def affiliation_get_for_user(*, user: Any, pk: int) -> Affiliation:
    return get_object_or_404(
        Affiliation.objects.filter(organisation__in=Organisation.objects.visible_to(user)).select_related(
            "person", "organisation"
        ),
        pk=pk,
    )


def affiliation_organisation_choices(*, user: Any, person: Person) -> QuerySet[Organisation]:
    """Active organisations where the user may add a role for the person (where they have no current role)."""
    scope = scope_for(user)
    qs = Organisation.objects.active().exclude(
        Exists(Affiliation.objects.filter(organisation=OuterRef("pk"), person=person, ended_on__isnull=True))
    )
    if not scope.is_admin:
        qs = qs.filter(
            Exists(Partnership.objects.filter(organisation=OuterRef("pk"), route_id__in=scope.coordinated_route_ids))
        )
    return qs.order_by(Lower("name"), "pk")


def relationship_get_for_user(*, user: Any, pk: int) -> Relationship:
    """A relationship is in reach when both of its organisations are."""
    visible = Organisation.objects.visible_to(user)
    return get_object_or_404(
        Relationship.objects.filter(source__in=visible, target__in=visible).select_related("source", "target"), pk=pk
    )


def relationship_target_choices(*, user: Any, organisation: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.visible_to(user).active().exclude(pk=organisation.pk).order_by(Lower("name"), "pk")


# The portal


def user_organisations(*, user: Any) -> QuerySet[Organisation]:
    """The active organisations where an external user has a role (their portal)."""
    org_ids = RoleAssignment.objects.filter(user_id=user.pk, organisation__isnull=False).values("organisation_id")
    return Organisation.objects.filter(pk__in=org_ids, archived_at__isnull=True).order_by(Lower("name"), "pk")
