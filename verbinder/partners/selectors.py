"""Reads of the partner registry. Every object is reached through the user's scope: outside it, 404."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment, User
from verbinder.partners.enums import RELATIONSHIP_INVERSE_LABELS, RelationshipKind
from verbinder.partners.models import Affiliation, Organisation, Partnership, Person, Relationship, Route

ORGANISATION_SORTS = {
    "name": (Lower("name").asc(), "pk"),
    "-name": (Lower("name").desc(), "-pk"),
    "city": ("city", Lower("name").asc(), "pk"),
    "-city": ("-city", Lower("name").asc(), "pk"),
    "kind": ("kind", Lower("name").asc(), "pk"),
    "-kind": ("-kind", Lower("name").asc(), "pk"),
    "size": ("size_class", Lower("name").asc(), "pk"),
    "-size": ("-size_class", Lower("name").asc(), "pk"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
}
PERSON_SORTS = {
    "name": (Lower("last_name").asc(), Lower("first_name").asc(), "pk"),
    "-name": (Lower("last_name").desc(), Lower("first_name").desc(), "-pk"),
    "-updated": ("-updated_at", "-pk"),
}


def route_list_for_user(*, user: Any) -> QuerySet[Route]:
    return (
        Route.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        .annotate(organisation_count=Count("partnerships", distinct=True))
        .order_by("programme_name", "hogeschool", "pk")
    )


def route_get_for_user(*, user: Any, pk: int) -> Route:
    return get_object_or_404(Route.objects.visible_to(user), pk=pk)


def route_coordinators(*, route: Route) -> list[User]:
    return list(
        User.objects.filter(role_assignments__route=route, role_assignments__role=Role.COORDINATOR).order_by("name")
    )


def routes_coordinated_by(*, user: Any) -> QuerySet[Route]:
    """Routes the user may add organisations to."""
    from verbinder.accounts.scope import scope_for

    scope = scope_for(user)
    if scope.is_admin:
        return Route.objects.filter(archived_at__isnull=True)
    return Route.objects.filter(pk__in=scope.coordinated_route_ids, archived_at__isnull=True)


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
    qs = Organisation.objects.visible_to(user)
    qs = qs.filter(archived_at__isnull=not filters.archived)
    if filters.q:
        qs = qs.filter(_organisation_search(filters.q))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.size_class:
        qs = qs.filter(size_class=filters.size_class)
    if filters.route:
        qs = qs.filter(Exists(Partnership.objects.filter(organisation=OuterRef("pk"), route_id=filters.route)))
    visible_routes = Route.objects.visible_to(user).order_by("programme_name")
    return qs.order_by(*ORGANISATION_SORTS.get(filters.sort, ORGANISATION_SORTS["name"])).prefetch_related(
        Prefetch("routes", queryset=visible_routes, to_attr="visible_routes")
    )


def _organisation_search(term: str) -> Q:
    term = term.strip()
    condition: Any = Q(name__icontains=term) | Q(city__icontains=term)
    digits = re.sub(r"\s", "", term)
    if digits.isdigit():
        condition |= Q(kvk_number__startswith=digits)
    words = term.split()
    person_match = Q()
    for word in words:
        person_match &= Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word)
    condition |= Exists(Affiliation.objects.filter(person_match, organisation=OuterRef("pk")))
    return condition


def organisation_get_for_user(*, user: Any, pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(user), pk=pk)


def organisation_affiliations(*, organisation: Organisation, include_ended: bool = False) -> QuerySet[Affiliation]:
    qs = organisation.affiliations.select_related("person")
    if not include_ended:
        qs = qs.filter(ended_on__isnull=True)
    return qs.order_by("-is_primary_contact", Lower("person__last_name"), "pk")


@dataclass(frozen=True)
class RelationshipRow:
    relationship: Relationship
    label: str
    other: Organisation
    outgoing: bool


def organisation_relationships(*, user: Any, organisation: Organisation) -> list[RelationshipRow]:
    """Relationships in both directions, limited to other organisations the user may see."""
    visible = Organisation.objects.visible_to(user)
    outgoing = (
        Relationship.objects.filter(source=organisation, target__in=visible)
        .select_related("target")
        .order_by("kind", "pk")
    )
    incoming = (
        Relationship.objects.filter(target=organisation, source__in=visible)
        .select_related("source")
        .order_by("kind", "pk")
    )
    rows = [
        RelationshipRow(relationship=r, label=str(RelationshipKind(r.kind).label), other=r.target, outgoing=True)
        for r in outgoing
    ]
    rows += [
        RelationshipRow(
            relationship=r,
            label=str(RELATIONSHIP_INVERSE_LABELS[RelationshipKind(r.kind)]),
            other=r.source,
            outgoing=False,
        )
        for r in incoming
    ]
    return rows


def organisation_routes(*, user: Any, organisation: Organisation) -> QuerySet[Route]:
    return Route.objects.visible_to(user).filter(partnerships__organisation=organisation).order_by("programme_name")


def normalised_name(name: str) -> str:
    text = re.sub(r"[^\w\s]", " ", (name or "").lower())
    words = [w for w in text.split() if w not in {"bv", "b", "v", "nv", "vof", "o", "f", "holding", "the", "de", "het"}]
    return " ".join(words)


SIMILARITY_THRESHOLD = 0.85


def organisation_duplicates(
    *, name: str, city: str, kvk_number: str, exclude_pk: int | None = None, limit: int = 5
) -> list[Organisation]:
    """Likely duplicates: the same KVK number, or a very similar name in the same city (all organisations)."""
    found: dict[int, Organisation] = {}
    base = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk else Organisation.objects.all()
    if kvk_number:
        for org in base.filter(kvk_number=kvk_number)[:limit]:
            found[org.pk] = org
    wanted = normalised_name(name)
    if wanted and city.strip():
        for org in base.filter(city__iexact=city.strip()).only("pk", "name", "city", "kvk_number", "archived_at")[
            :2000
        ]:
            ratio = difflib.SequenceMatcher(None, wanted, normalised_name(org.name)).ratio()
            if ratio >= SIMILARITY_THRESHOLD:
                found.setdefault(org.pk, org)
    return list(found.values())[:limit]


@dataclass(frozen=True)
class PersonFilters:
    q: str = ""
    organisation: int | None = None
    archived: bool = False
    sort: str = "name"


def person_list(*, user: Any, filters: PersonFilters) -> QuerySet[Person]:
    qs = Person.objects.visible_to(user).filter(archived_at__isnull=not filters.archived)
    if filters.q:
        for word in filters.q.split():
            qs = qs.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Exists(Affiliation.objects.filter(person=OuterRef("pk"), email__icontains=word))
            )
    if filters.organisation:
        qs = qs.filter(Exists(Affiliation.objects.filter(person=OuterRef("pk"), organisation_id=filters.organisation)))
    visible_orgs = Organisation.objects.visible_to(user)
    affiliations = (
        Affiliation.objects.filter(ended_on__isnull=True, organisation__in=visible_orgs)
        .select_related("organisation")
        .order_by("-is_primary_contact", "pk")
    )
    return qs.order_by(*PERSON_SORTS.get(filters.sort, PERSON_SORTS["name"])).prefetch_related(
        Prefetch("affiliations", queryset=affiliations, to_attr="visible_affiliations")
    )


def person_get_for_user(*, user: Any, pk: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(user), pk=pk)


def person_affiliations(*, user: Any, person: Person) -> QuerySet[Affiliation]:
    return (
        person.affiliations.filter(organisation__in=Organisation.objects.visible_to(user))
        .select_related("organisation")
        .order_by("ended_on", "-is_primary_contact", "pk")
    )


def affiliation_get_for_user(*, user: Any, pk: int) -> Affiliation:
    return get_object_or_404(
        Affiliation.objects.filter(organisation__in=Organisation.objects.visible_to(user)).select_related(
            "person", "organisation"
        ),
        pk=pk,
    )


def relationship_get_for_user(*, user: Any, pk: int) -> Relationship:
    visible = Organisation.objects.visible_to(user)
    return get_object_or_404(
        Relationship.objects.filter(source__in=visible, target__in=visible).select_related("source", "target"), pk=pk
    )


def user_organisations(*, user: Any) -> QuerySet[Organisation]:
    """The organisations where an external user has a role (their portal)."""
    org_ids = RoleAssignment.objects.filter(user_id=user.pk, organisation__isnull=False).values("organisation_id")
    return Organisation.objects.filter(pk__in=org_ids, archived_at__isnull=True).order_by("name")
