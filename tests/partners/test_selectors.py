"""Reads: each persona sees exactly the right objects; search, every filter and every sort."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from tests.conftest import PERSONAS
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory, RelationshipFactory
from verbinder.accounts.scope import forget_scope, scope_for
from verbinder.partners import selectors
from verbinder.partners.enums import RELATIONSHIP_INVERSE_LABELS, OrganisationKind, RelationshipKind, SizeClass
from verbinder.partners.models import Organisation, Person, Route
from verbinder.partners.selectors import OrganisationFilters, PersonFilters

pytestmark = pytest.mark.django_db


def user_of(world, persona):
    return AnonymousUser() if persona == "anonymous" else world.users[persona]


ORGANISATIONS_SEEN = {
    "admin": {"company", "branch", "other_company"},
    "coordinator": {"company", "branch"},
    "teacher": {"company", "branch"},
    "company_contact": {"company"},
    "workplace_supervisor": {"company"},
    "student": {"company"},
    "partner_contact": {"branch"},
    "other_coordinator": {"other_company"},
    "other_company_contact": {"other_company"},
    "anonymous": set(),
}
ROUTES_SEEN = {
    "admin": {"route", "other_route"},
    "coordinator": {"route"},
    "teacher": {"route"},
    "other_coordinator": {"other_route"},
}
PEOPLE_SEEN = {
    "admin": {"Anna", "Bram"},
    "coordinator": {"Anna"},
    "teacher": {"Anna"},
    "company_contact": {"Anna"},
    "workplace_supervisor": {"Anna"},
    "student": {"Anna"},
    "partner_contact": set(),
    "other_coordinator": {"Bram"},
    "other_company_contact": {"Bram"},
    "anonymous": set(),
}


def test_the_expectations_cover_every_persona():
    assert set(ORGANISATIONS_SEEN) == set(PERSONAS) == set(PEOPLE_SEEN)


@pytest.mark.parametrize("persona", PERSONAS)
def test_organisation_visible_to_each_persona(world, persona):
    visible = Organisation.objects.visible_to(user_of(world, persona))
    assert set(ORGANISATIONS_SEEN[persona]) == {
        attr for attr in ("company", "branch", "other_company") if getattr(world, attr) in visible
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_route_visible_to_each_persona(world, persona):
    visible = set(Route.objects.visible_to(user_of(world, persona)))
    assert visible == {getattr(world, attr) for attr in ROUTES_SEEN.get(persona, set())}


@pytest.mark.parametrize("persona", PERSONAS)
def test_person_visible_to_each_persona(world, persona):
    visible = Person.objects.visible_to(user_of(world, persona))
    assert set(visible.values_list("first_name", flat=True)) == PEOPLE_SEEN[persona]


@pytest.mark.parametrize("archived", [False, True])
@pytest.mark.parametrize("persona", PERSONAS)
def test_is_visible_to_agrees_with_visible_to(world, persona, archived):
    """organisation_get_for_user tests one organisation in Python: it must reach exactly what visible_to reaches."""
    user = user_of(world, persona)
    if archived:
        Organisation.objects.update(archived_at=timezone.now())
    visible = set(Organisation.objects.visible_to(user))
    for organisation in Organisation.objects.prefetch_related("partnerships"):
        assert organisation.is_visible_to(user) == (organisation in visible), organisation.name


def test_an_archived_organisation_leaves_its_external_users_but_not_its_staff(world):
    world.company.archived_at = timezone.now()
    world.company.save()
    assert world.company not in Organisation.objects.visible_to(world.users["company_contact"])
    assert world.company in Organisation.objects.visible_to(world.users["coordinator"])


def test_an_inactive_user_sees_nothing(world):
    coordinator = world.users["coordinator"]
    coordinator.is_active = False
    forget_scope(coordinator)
    assert not Organisation.objects.visible_to(coordinator).exists()


@pytest.mark.parametrize("persona", ["company_contact", "other_coordinator", "partner_contact", "anonymous"])
def test_organisation_get_for_user_is_404_outside_reach(world, persona):
    with pytest.raises(Http404):
        target = world.company if persona == "partner_contact" else world.branch
        selectors.organisation_get_for_user(user=user_of(world, persona), pk=target.pk)


def test_organisation_get_for_user_prefetches_partnerships(world, django_assert_num_queries):
    scope_for(world.users["admin"])
    with django_assert_num_queries(2):
        organisation = selectors.organisation_get_for_user(user=world.users["admin"], pk=world.company.pk)
    with django_assert_num_queries(1):
        assert selectors.organisation_routes(user=world.users["admin"], organisation=organisation) == [world.route]


# Organisation list: search, filters, sorting.


def names(queryset) -> list[str]:
    return [organisation.name for organisation in queryset]


def listed(world, persona="admin", **filters) -> list[str]:
    return names(selectors.organisation_list(user=world.users[persona], filters=OrganisationFilters(**filters)))


@pytest.fixture
def registry(world):
    """More organisations in route A, to search and sort."""
    OrganisationFactory(name="Aannemer Bouwman", city="Zwolle", kvk_number="55501234", size_class=SizeClass.LARGE,
                        kind=OrganisationKind.COMPANY, sbi_codes="4120", sector="F", routes=[world.route])  # fmt: skip
    OrganisationFactory(name="Gemeente Zwolle", city="Zwolle", kvk_number="", size_class=SizeClass.LARGE,
                        kind=OrganisationKind.MUNICIPALITY, sector="O", routes=[world.route])  # fmt: skip
    archived = OrganisationFactory(name="Oude Drukkerij", city="Deventer", routes=[world.route])
    archived.archived_at = timezone.now()
    archived.save()
    return world


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("korenaar", ["Bakkerij De Korenaar"]),
        ("KORENAAR bakkerij", ["Bakkerij De Korenaar"]),
        ("zwolle", ["Aannemer Bouwman", "Gemeente Zwolle"]),
        ("bouwman zwolle", ["Aannemer Bouwman"]),
        ("555", ["Aannemer Bouwman"]),
        ("5550 1234", ["Aannemer Bouwman"]),
        ("anna", ["Bakkerij De Korenaar"]),
        ("de vries anna", ["Bakkerij De Korenaar"]),
        ("Zorgtechniek", []),
        ("Outsider", []),
        ("drukkerij", []),
        ("geen-treffer", []),
    ],
)
def test_organisation_list_search_as_coordinator(registry, q, expected):
    assert listed(registry, "coordinator", q=q) == expected


def test_organisation_list_search_skips_people_whose_role_ended(registry):
    registry.affiliation.ended_on = timezone.localdate()
    registry.affiliation.save()
    assert listed(registry, "coordinator", q="anna") == []


def test_organisation_list_search_as_admin_reaches_every_route(registry):
    assert listed(registry, q="Outsider") == ["Zorgtechniek Oost"]


def test_organisation_list_filters(registry):
    assert listed(registry, "coordinator", kind=OrganisationKind.MUNICIPALITY) == ["Gemeente Zwolle"]
    assert listed(registry, "coordinator", sector="F") == ["Aannemer Bouwman"]
    assert listed(registry, "coordinator", size_class=SizeClass.LARGE) == ["Aannemer Bouwman", "Gemeente Zwolle"]
    assert listed(registry, "coordinator", archived=True) == ["Oude Drukkerij"]
    assert listed(registry, route=registry.other_route.pk) == ["Zorgtechniek Oost"]
    assert listed(registry, "coordinator", route=registry.other_route.pk) == []
    assert listed(registry, "coordinator", q="zwolle", kind=OrganisationKind.COMPANY) == ["Aannemer Bouwman"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Aannemer Bouwman", "Bakkerij De Korenaar", "Brancheclub Techniek", "Gemeente Zwolle"]),
        ("-name", ["Gemeente Zwolle", "Brancheclub Techniek", "Bakkerij De Korenaar", "Aannemer Bouwman"]),
        ("city", ["Bakkerij De Korenaar", "Brancheclub Techniek", "Aannemer Bouwman", "Gemeente Zwolle"]),
        ("-city", ["Aannemer Bouwman", "Gemeente Zwolle", "Bakkerij De Korenaar", "Brancheclub Techniek"]),
        ("kind", ["Brancheclub Techniek", "Aannemer Bouwman", "Bakkerij De Korenaar", "Gemeente Zwolle"]),
        ("size", ["Bakkerij De Korenaar", "Brancheclub Techniek", "Aannemer Bouwman", "Gemeente Zwolle"]),
        ("-size", ["Aannemer Bouwman", "Gemeente Zwolle", "Bakkerij De Korenaar", "Brancheclub Techniek"]),
        ("nonsense", ["Aannemer Bouwman", "Bakkerij De Korenaar", "Brancheclub Techniek", "Gemeente Zwolle"]),
    ],
)
def test_organisation_list_sorts(registry, sort, expected):
    assert listed(registry, "coordinator", sort=sort) == expected


def test_organisation_list_sorts_size_classes_by_size_with_unknown_last(world):
    for size in (SizeClass.MEDIUM, SizeClass.LARGE, SizeClass.MICRO, ""):
        OrganisationFactory(name=f"Maat {size or 'onbekend'}", size_class=size, routes=[world.route])
    coordinator = world.users["coordinator"]
    by_size = selectors.organisation_list(user=coordinator, filters=OrganisationFilters(q="maat", sort="size"))
    assert [o.size_class for o in by_size] == ["1-9", "50-249", "250+", ""]
    by_size = selectors.organisation_list(user=coordinator, filters=OrganisationFilters(q="maat", sort="-size"))
    assert [o.size_class for o in by_size] == ["250+", "50-249", "1-9", ""]


def test_organisation_list_sorts_by_last_change(registry):
    Organisation.objects.filter(pk=registry.branch.pk).update(updated_at=timezone.now() + timezone.timedelta(days=1))
    assert listed(registry, "coordinator", sort="-updated")[0] == "Brancheclub Techniek"
    assert listed(registry, "coordinator", sort="updated")[-1] == "Brancheclub Techniek"


def test_organisation_list_shows_only_routes_the_user_may_see(world):
    world.company.routes.add(world.other_route)
    korenaar = OrganisationFilters(q="korenaar")
    [company] = selectors.organisation_list(user=world.users["coordinator"], filters=korenaar)
    assert company.visible_routes == [world.route]
    [company] = selectors.organisation_list(user=world.users["admin"], filters=korenaar)
    assert company.visible_routes == sorted([world.route, world.other_route], key=lambda r: r.programme_name)


# Duplicates


def test_organisation_duplicates_by_kvk_number_in_any_route(world):
    found = selectors.organisation_duplicates(name="Iets Anders", city="", kvk_number=world.other_company.kvk_number)
    assert found == [world.other_company]


@pytest.mark.parametrize(
    "name", ["Bakkerij De Korenaar", "bakkerij de korenaar b.v.", "Bakkerij Korenaar", "Bakkerij De Korenaar BV"]
)
def test_organisation_duplicates_by_similar_name_in_the_same_city(world, name):
    assert selectors.organisation_duplicates(name=name, city=" utrecht ", kvk_number="") == [world.company]


def test_organisation_duplicates_ignore_other_cities_other_names_and_itself(world):
    assert selectors.organisation_duplicates(name="Bakkerij De Korenaar", city="Zwolle", kvk_number="") == []
    assert selectors.organisation_duplicates(name="Slagerij Jansen", city="Utrecht", kvk_number="") == []
    assert (
        selectors.organisation_duplicates(
            name="Bakkerij De Korenaar",
            city="Utrecht",
            kvk_number=world.company.kvk_number,
            exclude_pk=world.company.pk,
        )
        == []
    )


def test_organisation_duplicates_include_archived_organisations(world):
    world.company.archived_at = timezone.now()
    world.company.save()
    assert selectors.organisation_duplicates(name="Bakkerij De Korenaar", city="Utrecht", kvk_number="") == [
        world.company
    ]


# Relationships, routes of an organisation, roles


def test_organisation_relationships_read_from_both_sides(world):
    [outgoing] = selectors.organisation_relationships(user=world.users["coordinator"], organisation=world.company)
    assert (outgoing.other, outgoing.outgoing) == (world.branch, True)
    assert outgoing.label == str(RelationshipKind.MEMBER_OF.label)
    [incoming] = selectors.organisation_relationships(user=world.users["coordinator"], organisation=world.branch)
    assert (incoming.other, incoming.outgoing) == (world.company, False)
    assert incoming.label == str(RELATIONSHIP_INVERSE_LABELS[RelationshipKind.MEMBER_OF])
    assert incoming.relationship == outgoing.relationship


def test_organisation_relationships_hide_organisations_out_of_reach(world):
    RelationshipFactory(source=world.company, kind=RelationshipKind.WORKS_WITH, target=world.other_company)
    rows = selectors.organisation_relationships(user=world.users["coordinator"], organisation=world.company)
    assert [row.other for row in rows] == [world.branch]
    rows = selectors.organisation_relationships(user=world.users["admin"], organisation=world.company)
    assert {row.other for row in rows} == {world.branch, world.other_company}


def test_organisation_linkable_routes(world):
    coordinator = world.users["coordinator"]
    company = selectors.organisation_get_for_user(user=coordinator, pk=world.company.pk)
    assert selectors.organisation_linkable_routes(user=coordinator, organisation=company) == []
    admin_view = selectors.organisation_get_for_user(user=world.users["admin"], pk=world.company.pk)
    assert selectors.organisation_linkable_routes(user=world.users["admin"], organisation=admin_view) == [
        world.other_route
    ]


def test_affiliation_organisation_choices_are_the_coordinators_partners_without_a_current_role(world):
    person = world.affiliation.person
    choices = selectors.affiliation_organisation_choices(user=world.users["coordinator"], person=person)
    assert list(choices) == [world.branch]
    assert list(selectors.affiliation_organisation_choices(user=world.users["teacher"], person=person)) == []
    assert set(selectors.affiliation_organisation_choices(user=world.users["admin"], person=person)) == {
        world.branch,
        world.other_company,
    }


def test_person_affiliations_only_at_visible_organisations(world):
    person = world.affiliation.person
    AffiliationFactory(person=person, organisation=world.other_company)
    assert [a.organisation for a in selectors.person_affiliations(user=world.users["coordinator"], person=person)] == [
        world.company
    ]
    assert len(selectors.person_affiliations(user=world.users["admin"], person=person)) == 2


# People list


def people(world, persona="admin", **filters) -> list[str]:
    return [p.full_name for p in selectors.person_list(user=world.users[persona], filters=PersonFilters(**filters))]


def test_person_list_search_and_scope(world):
    AffiliationFactory(organisation=world.branch, person=PersonFactory(first_name="Zoë", last_name="Aalders"),
                       email="zoe@branche.nl")  # fmt: skip
    assert people(world, "coordinator") == ["Zoë Aalders", "Anna de Vries"]
    assert people(world, "coordinator", q="vries") == ["Anna de Vries"]
    assert people(world, "coordinator", q="branche.nl") == ["Zoë Aalders"]
    assert people(world, "coordinator", q="anna vries") == ["Anna de Vries"]
    assert people(world, "coordinator", q="bram") == []
    assert people(world, "coordinator", sort="-name") == ["Anna de Vries", "Zoë Aalders"]
    assert people(world, "admin", q="bram") == ["Bram Outsider"]


def test_person_list_archived(world):
    person = world.affiliation.person
    person.archived_at = timezone.now()
    person.save()
    assert people(world, "coordinator") == []
    assert people(world, "coordinator", archived=True) == ["Anna de Vries"]


def test_person_list_prefetches_current_roles_at_visible_organisations(world):
    AffiliationFactory(person=world.affiliation.person, organisation=world.other_company)
    [anna] = selectors.person_list(user=world.users["coordinator"], filters=PersonFilters(q="anna"))
    assert [a.organisation for a in anna.visible_affiliations] == [world.company]


# Routes and the portal


def test_route_list_counts_active_partners(world):
    world.branch.archived_at = timezone.now()
    world.branch.save()
    [route] = selectors.route_list_for_user(user=world.users["coordinator"])
    assert route.organisation_count == 1


def test_route_staff_lists_coordinators_and_teachers(world):
    staff = selectors.route_staff(route=world.route)
    assert [(a.user.name, a.role) for a in staff] == [("Coby Coördinator", "coordinator"), ("Teun Docent", "teacher")]
    assert selectors.route_coordinators(route=world.route) == [world.users["coordinator"]]


def test_routes_coordinated_by(world):
    assert list(selectors.routes_coordinated_by(user=world.users["coordinator"])) == [world.route]
    assert list(selectors.routes_coordinated_by(user=world.users["teacher"])) == []
    assert set(selectors.routes_coordinated_by(user=world.users["admin"])) == {world.route, world.other_route}


def test_user_organisations_are_the_active_ones_with_a_role(world):
    assert list(selectors.user_organisations(user=world.users["student"])) == [world.company]
    assert list(selectors.user_organisations(user=world.users["coordinator"])) == []
    world.company.archived_at = timezone.now()
    world.company.save()
    assert list(selectors.user_organisations(user=world.users["student"])) == []
