"""Every service of the registry: what it writes, what it logs, and that a refused change writes nothing."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory, RouteFactory, UserFactory
from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment, User
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.models import ActivityLog
from verbinder.partners import services
from verbinder.partners.enums import OrganisationKind, RelationshipKind, SizeClass
from verbinder.partners.models import Affiliation, Organisation, Partnership, Person, Relationship, Route

pytestmark = pytest.mark.django_db

MODELS = (Route, Organisation, Partnership, Person, Affiliation, Relationship, RoleAssignment, User, ActivityLog)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@contextmanager
def refused(*fields: str):
    """The block raises a ValidationError on exactly `fields` (or a non-field one) and changes no table."""
    before = counts()
    with pytest.raises(ValidationError) as info:
        yield info
    if fields:
        assert sorted(info.value.message_dict) == sorted(fields)
    assert counts() == before


def logs(action_type: str, target=None) -> list[ActivityLog]:
    qs = ActivityLog.objects.filter(action_type=action_type)
    if target is not None:
        qs = qs.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
    return list(qs.order_by("pk"))


ROUTE_DATA = {
    "programme_name": "Ad Smart Industry",
    "degree_type": "ad",
    "croho_code": "80123",
    "croho_area": "techniek",
    "hogeschool": "Hogeschool Rijnland",
    "start_year": 2026,
}


def organisation_data(**changes):
    return {
        "name": "Metaalbewerking Van Dijk B.V.",
        "kind": OrganisationKind.COMPANY,
        "kvk_number": "1234 5678",
        "establishment_number": "000012345678",
        "sbi_codes": "2562, 2511",
        "size_class": SizeClass.SMALL,
        "street": "Industrieweg 12",
        "postcode": "5061ab",
        "city": "Oisterwijk",
        "website": "https://vandijk-metaal.nl",
        "has_hr_staff": False,
        "notes": "Eerste gesprek **goed**.",
        **changes,
    }


# Routes


def test_route_create_saves_and_logs(world):
    route = services.route_create(by=world.users["admin"], data=ROUTE_DATA)
    assert route.programme_name == "Ad Smart Industry"
    [entry] = logs("partners.route.created", route)
    assert entry.actor == world.users["admin"]
    assert entry.changes["croho_code"] == [None, "80123"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("croho_code", "8012"), ("programme_name", "   "), ("start_year", 1999), ("croho_area", "sterrenkunde")],
)
def test_route_create_refuses_bad_data_and_writes_nothing(world, field, value):
    with refused(field):
        services.route_create(by=world.users["admin"], data={**ROUTE_DATA, field: value})


def test_route_update_logs_changed_fields_only(world):
    route = services.route_update(
        route=world.route, by=world.users["coordinator"], data={**ROUTE_DATA, "programme_name": "Ad Nieuw"}
    )
    [entry] = logs("partners.route.updated", route)
    assert entry.changes["programme_name"] == ["Ad Technische Bedrijfskunde", "Ad Nieuw"]
    services.route_update(route=route, by=world.users["coordinator"], data={**ROUTE_DATA, "programme_name": "Ad Nieuw"})
    assert len(logs("partners.route.updated", route)) == 1


def test_route_update_uses_the_stored_values_as_before_even_when_the_instance_was_changed(world):
    world.route.programme_name = "Onopgeslagen"
    services.route_update(route=world.route, by=world.users["admin"], data={"programme_name": "Onopgeslagen"})
    [entry] = logs("partners.route.updated")
    assert entry.changes == {"programme_name": ["Ad Technische Bedrijfskunde", "Onopgeslagen"]}


def test_route_staff_add_gives_an_existing_user_the_role_and_logs_on_the_route(world):
    teacher = UserFactory(email="Docent@Example.nl", name="Dirk Docent")
    assignment = services.route_staff_add(
        route=world.route, email="docent@example.NL", role=Role.COORDINATOR, by=world.users["admin"]
    )
    assert (assignment.user, assignment.role, assignment.route) == (teacher, Role.COORDINATOR, world.route)
    [entry] = logs("partners.route.staff_added", world.route)
    assert entry.data["user"] == "Dirk Docent"
    assert logs("accounts.role.assigned")[-1].object_id == teacher.pk


def test_route_staff_add_creates_an_account_without_password_for_a_new_address(world):
    assignment = services.route_staff_add(
        route=world.route, email="nieuw@hogeschool.nl", name=" Nina  Nieuw ", role=Role.TEACHER, by=world.users["admin"]
    )
    user = assignment.user
    assert (user.email, user.name, user.has_usable_password()) == ("nieuw@hogeschool.nl", "Nina Nieuw", False)
    assert assignment.role == Role.TEACHER


def test_route_staff_add_refuses_a_new_address_without_a_name(world):
    with refused("name"):
        services.route_staff_add(route=world.route, email="nieuw@hogeschool.nl", role=Role.TEACHER, by=None)


def test_route_staff_add_refuses_a_role_someone_already_has(world):
    with refused("email"):
        services.route_staff_add(
            route=world.route, email=world.users["coordinator"].email, role=Role.COORDINATOR, by=None
        )


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COMPANY_CONTACT, "boss"])
def test_route_staff_add_refuses_roles_that_are_not_route_roles(world, role):
    with refused("role"):
        services.route_staff_add(route=world.route, email=world.users["teacher"].email, role=role, by=None)


def test_route_staff_remove_revokes_and_logs_on_the_route(world):
    assignment = RoleAssignment.objects.get(user=world.users["teacher"], route=world.route)
    services.route_staff_remove(assignment=assignment, by=world.users["admin"])
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    [entry] = logs("partners.route.staff_removed", world.route)
    assert entry.data["user"] == "Teun Docent"


def test_route_staff_remove_refuses_an_organisation_role(world):
    assignment = RoleAssignment.objects.get(user=world.users["company_contact"])
    with refused():
        services.route_staff_remove(assignment=assignment, by=world.users["admin"])


# Organisations


def test_organisation_create_normalises_links_routes_and_logs(world):
    organisation = services.organisation_create(
        by=world.users["coordinator"], data=organisation_data(), routes=[world.route]
    )
    organisation.refresh_from_db()
    assert organisation.kvk_number == "12345678"
    assert organisation.postcode == "5061 AB"
    assert organisation.sbi_codes == "2562 2511"
    assert organisation.sector == "C"
    assert organisation.has_hr_staff is False
    assert organisation.version == 1
    assert list(organisation.routes.all()) == [world.route]
    [entry] = logs("partners.organisation.created", organisation)
    assert entry.changes["name"] == [None, "Metaalbewerking Van Dijk B.V."]
    assert entry.data["routes"] == [str(world.route)]


def test_organisation_create_keeps_html_as_text(world):
    payload = '<script>alert("x")</script>'
    organisation = services.organisation_create(
        by=None, data=organisation_data(name=payload, notes=payload, kvk_number=""), routes=[]
    )
    organisation.refresh_from_db()
    assert (organisation.name, organisation.notes) == (payload, payload)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kvk_number", "1234567"),
        ("kvk_number", "TAKEN"),
        ("establishment_number", "1234"),
        ("sbi_codes", "62"),
        ("postcode", "1234 SS"),
        ("website", "javascript:alert(1)"),
        ("name", ""),
        ("name", "Bakkerij\x00Jansen"),
        ("city", "Utrecht\nAmsterdam"),
        ("notes", "Notitie \x1b[31m"),
        ("kind", "sekte"),
        ("size_class", "1000+"),
    ],
)
def test_organisation_create_refuses_bad_data_and_writes_nothing(world, field, value):
    if value == "TAKEN":
        value = world.company.kvk_number
    with refused(field):
        services.organisation_create(by=None, data=organisation_data(**{field: value}), routes=[world.route])


def test_organisation_create_turns_a_kvk_number_saved_at_the_same_moment_into_a_field_error(world, monkeypatch):
    """Two people saving the same KVK number: the database constraint decides, and the loser gets a message."""
    monkeypatch.setattr(services, "_organisation_clean", lambda data, exclude_pk: dict(data))
    monkeypatch.setattr(Organisation, "full_clean", lambda self, **kwargs: None)
    with refused("kvk_number"):
        services.organisation_create(
            by=None, data=organisation_data(kvk_number=world.company.kvk_number), routes=[world.route]
        )


def test_organisation_update_saves_changes_bumps_version_and_logs_fields(world):
    company = world.company
    updated = services.organisation_update(
        organisation=company, by=world.users["coordinator"], data={"city": "Amersfoort", "notes": "Nieuw"}, version=1
    )
    assert (updated.city, updated.notes, updated.version) == ("Amersfoort", "Nieuw", 2)
    [entry] = logs("partners.organisation.updated", updated)
    assert entry.changes == {"city": ["Utrecht", "Amersfoort"], "notes": ["Geheime notitie A", "Nieuw"]}


def test_organisation_update_without_changes_keeps_the_version_and_logs_nothing(world):
    updated = services.organisation_update(organisation=world.company, by=None, data={"city": "Utrecht"}, version=1)
    assert updated.version == 1
    assert logs("partners.organisation.updated") == []


def test_organisation_update_recomputes_the_sector(world):
    updated = services.organisation_update(organisation=world.company, by=None, data={"sbi_codes": "8559"}, version=1)
    assert updated.sector == "P"


def test_organisation_update_with_a_stale_version_names_what_changed_and_writes_nothing(world):
    services.organisation_update(organisation=world.company, by=None, data={"city": "Zeist"}, version=1)
    services.organisation_update(organisation=world.company, by=None, data={"name": "Korenaar"}, version=2)
    before = counts()
    with pytest.raises(StaleVersionError) as info:
        services.organisation_update(organisation=world.company, by=None, data={"street": "Dorpsstraat 3"}, version=1)
    assert info.value.changed == ["name", "city"]
    assert counts() == before
    world.company.refresh_from_db()
    assert (world.company.street, world.company.version) == ("Hoofdstraat 1", 3)


def test_organisation_update_stale_version_ignores_changed_roles_logged_on_the_organisation(world):
    services.organisation_update(organisation=world.company, by=None, data={"city": "Delft"}, version=1)
    services.affiliation_update(affiliation=world.affiliation, by=None, data={"email": "nieuw@bedrijf.nl"})
    with pytest.raises(StaleVersionError) as info:
        services.organisation_update(organisation=world.company, by=None, data={"name": "Korenaar"}, version=1)
    assert info.value.changed == ["city"]


def test_organisation_update_refuses_another_organisations_kvk_number(world):
    with refused("kvk_number"):
        services.organisation_update(
            organisation=world.company, by=None, data={"kvk_number": world.branch.kvk_number}, version=1
        )
    world.company.refresh_from_db()
    assert world.company.version == 1


def test_organisation_update_keeps_its_own_kvk_number(world):
    updated = services.organisation_update(
        organisation=world.company, by=None, data={"kvk_number": world.company.kvk_number, "city": "Ede"}, version=1
    )
    assert updated.city == "Ede"


def test_organisation_archive_and_restore_are_idempotent_and_logged(world):
    services.organisation_archive(organisation=world.company, by=world.users["coordinator"])
    services.organisation_archive(organisation=world.company, by=world.users["coordinator"])
    world.company.refresh_from_db()
    assert world.company.archived_at is not None
    services.organisation_restore(organisation=world.company, by=world.users["coordinator"])
    services.organisation_restore(organisation=world.company, by=world.users["coordinator"])
    world.company.refresh_from_db()
    assert world.company.archived_at is None
    assert len(logs("partners.organisation.archived", world.company)) == 1
    assert len(logs("partners.organisation.restored", world.company)) == 1
    assert Organisation.objects.filter(pk=world.company.pk).exists()


def test_organisation_link_and_unlink_route_log_once(world):
    services.organisation_link_route(organisation=world.company, route=world.other_route, by=None)
    services.organisation_link_route(organisation=world.company, route=world.other_route, by=None)
    assert set(world.company.routes.all()) == {world.route, world.other_route}
    services.organisation_unlink_route(organisation=world.company, route=world.other_route, by=None)
    services.organisation_unlink_route(organisation=world.company, route=world.other_route, by=None)
    assert list(world.company.routes.all()) == [world.route]
    assert len(logs("partners.organisation.route_linked", world.company)) == 1
    assert len(logs("partners.organisation.route_unlinked", world.company)) == 1


# People and their roles


PERSON = {"first_name": "Noor", "last_name": "van den Berg", "preferred_language": "en"}
ROLE = {"function_title": "HR-adviseur", "is_primary_contact": True, "email": "Noor@Bedrijf.NL", "phone": "06 12345678"}


def test_person_create_saves_person_and_role_and_logs_on_both(world):
    person = services.person_create(by=world.users["coordinator"], data=PERSON, organisation=world.company,
                                    affiliation=ROLE)  # fmt: skip
    affiliation = person.affiliations.get()
    assert (affiliation.email, affiliation.phone) == ("noor@bedrijf.nl", "+31 6 12345678")
    assert len(logs("partners.person.created", person)) == 1
    assert len(logs("partners.affiliation.created", person)) == 1
    assert len(logs("partners.affiliation.created", world.company)) == 1


@pytest.mark.parametrize(
    ("data", "role", "field"),
    [
        ({**PERSON, "first_name": ""}, ROLE, "first_name"),
        ({**PERSON, "last_name": "Berg\x07"}, ROLE, "last_name"),
        ({**PERSON, "preferred_language": "de"}, ROLE, "preferred_language"),
        (PERSON, {**ROLE, "phone": "12345"}, "phone"),
        (PERSON, {**ROLE, "email": "noor@@bedrijf"}, "email"),
        (PERSON, {**ROLE, "function_title": "HR\nadviseur"}, "function_title"),
    ],
)
def test_person_create_refuses_bad_data_and_writes_nothing(world, data, role, field):
    with refused(field):
        services.person_create(by=None, data=data, organisation=world.company, affiliation=role)


def test_person_update_logs_fields_and_detects_stale_versions(world):
    person = world.affiliation.person
    services.person_update(person=person, by=None, data={"first_name": "Anne"}, version=1)
    [entry] = logs("partners.person.updated", person)
    assert entry.changes == {"first_name": ["Anna", "Anne"]}
    with pytest.raises(StaleVersionError) as info:
        services.person_update(person=person, by=None, data={"last_name": "Jansen"}, version=1)
    assert info.value.changed == ["first_name"]
    person.refresh_from_db()
    assert (person.last_name, person.version) == ("de Vries", 2)


def test_person_archive_and_restore(world):
    person = world.affiliation.person
    services.person_archive(person=person, by=None)
    assert Person.objects.get(pk=person.pk).archived_at is not None
    services.person_restore(person=person, by=None)
    assert Person.objects.get(pk=person.pk).archived_at is None
    assert [e.action_type for e in ActivityLog.objects.filter(object_id=person.pk).order_by("pk")][-2:] == [
        "partners.person.archived",
        "partners.person.restored",
    ]


def test_affiliation_create_at_a_second_organisation(world):
    person = world.affiliation.person
    services.affiliation_create(by=None, person=person, organisation=world.branch, data={"function_title": "Lid"})
    assert set(person.affiliations.values_list("organisation__name", flat=True)) == {
        "Bakkerij De Korenaar",
        "Brancheclub Techniek",
    }


def test_affiliation_create_refuses_a_second_current_role_at_the_same_organisation(world):
    with refused("organisation"):
        services.affiliation_create(
            by=None, person=world.affiliation.person, organisation=world.company, data={"function_title": "Twee"}
        )


def test_affiliation_end_then_a_new_role_at_the_same_organisation(world):
    ended = services.affiliation_end(affiliation=world.affiliation, by=None)
    assert ended.ended_on == timezone.localdate()
    services.affiliation_end(affiliation=world.affiliation, by=None)
    assert len(logs("partners.affiliation.ended", world.company)) == 1
    services.affiliation_create(by=None, person=world.affiliation.person, organisation=world.company, data={})
    assert world.company.affiliations.count() == 2


def test_affiliation_update_logs_from_the_stored_values(world):
    """A bound ModelForm changes the instance before the service runs; the log must still show the old value."""
    affiliation = world.affiliation
    affiliation.function_title = "Directeur"
    services.affiliation_update(affiliation=affiliation, by=None, data={"function_title": "Directeur"})
    [entry] = logs("partners.affiliation.updated", affiliation.person)
    assert entry.changes == {"function_title": ["Eigenaar", "Directeur"]}
    assert logs("partners.affiliation.updated", world.company)[0].changes == entry.changes


def test_affiliation_update_refuses_a_bad_phone_number(world):
    with refused("phone"):
        services.affiliation_update(affiliation=world.affiliation, by=None, data={"phone": "0612"})
    world.affiliation.refresh_from_db()
    assert world.affiliation.phone == "+31 6 12345678"


# Relationships


def test_relationship_create_logs_on_both_organisations(world):
    relationship = services.relationship_create(
        by=None, source=world.branch, kind=RelationshipKind.PART_OF, target=world.other_company, note=" Sector "
    )
    assert relationship.note == "Sector"
    assert len(logs("partners.relationship.created", world.branch)) == 1
    assert len(logs("partners.relationship.created", world.other_company)) == 1


def test_relationship_create_refuses_duplicates_self_and_mirrored_works_with(world):
    with refused():
        services.relationship_create(by=None, source=world.company, kind=RelationshipKind.MEMBER_OF,
                                     target=world.branch)  # fmt: skip
    with refused():
        services.relationship_create(by=None, source=world.company, kind=RelationshipKind.WORKS_WITH,
                                     target=world.company)  # fmt: skip
    services.relationship_create(by=None, source=world.company, kind=RelationshipKind.WORKS_WITH, target=world.branch)
    with refused():
        services.relationship_create(by=None, source=world.branch, kind=RelationshipKind.WORKS_WITH,
                                     target=world.company)  # fmt: skip


def test_relationship_create_refuses_an_unknown_kind_and_control_characters(world):
    with refused("kind"):
        services.relationship_create(by=None, source=world.company, kind="owns", target=world.other_company)
    with refused("note"):
        services.relationship_create(
            by=None, source=world.company, kind=RelationshipKind.WORKS_WITH, target=world.other_company, note="a\x00"
        )


def test_relationship_delete_logs_on_both_and_removes_it(world):
    services.relationship_delete(relationship=world.relationship, by=None)
    assert not Relationship.objects.exists()
    assert len(logs("partners.relationship.deleted", world.company)) == 1
    assert len(logs("partners.relationship.deleted", world.branch)) == 1


def test_services_work_for_objects_made_by_factories_outside_the_world(db):
    route = RouteFactory()
    organisation = OrganisationFactory(routes=[route])
    person = PersonFactory()
    affiliation = AffiliationFactory(person=person, organisation=organisation)
    services.affiliation_end(affiliation=affiliation, by=None)
    assert Affiliation.objects.get(pk=affiliation.pk).ended_on is not None
