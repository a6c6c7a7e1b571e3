"""Organisation pages per role, and the forms doing what they say."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.factories import OrganisationFactory, RelationshipFactory, RouteFactory, assign
from tests.partners import forms
from tests.partners.html import field_error, parse
from verbinder.accounts.enums import Role
from verbinder.core.models import ActivityLog
from verbinder.partners import services
from verbinder.partners.enums import OrganisationKind, RelationshipKind
from verbinder.partners.models import Organisation, Partnership, Relationship

pytestmark = pytest.mark.django_db

STAFF_ONLY = {"admin": 200, "coordinator": 200, "teacher": 200, "other_coordinator": 200, "anonymous": 302}
COORDINATORS = {"admin": 200, "coordinator": 200, "other_coordinator": 200, "teacher": 403, "anonymous": 302}
COMPANY_PAGE = {
    "admin": 200, "coordinator": 200, "teacher": 200, "company_contact": 200, "workplace_supervisor": 200,
    "student": 200, "anonymous": 302,
}  # fmt: skip
COMPANY_EDIT = {**COMPANY_PAGE, "teacher": 403, "company_contact": 403, "workplace_supervisor": 403, "student": 403}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "target", "expected"),
    [
        ("partners:organisation-list", None, STAFF_ONLY),
        ("partners:organisation-create", None, COORDINATORS),
        ("partners:organisation-detail", "company", COMPANY_PAGE),
        ("partners:organisation-edit", "company", COMPANY_EDIT),
        ("partners:organisation-person-create", "company", COMPANY_EDIT),
        ("partners:relationship-create", "company", COMPANY_EDIT),
    ],
)
def test_organisation_pages_answer_each_persona(world, persona, name, target, expected):
    args = [getattr(world, target).pk] if target else []
    response = world.client_for(persona).get(reverse(name, args=args))
    assert response.status_code == expected.get(persona, 404)


# Create, with the likely-duplicate warning


def test_coordinator_creates_an_organisation(world):
    client = world.client_for("coordinator")
    response = client.post(reverse("partners:organisation-create"), forms.new_organisation(world.route.pk))
    organisation = Organisation.objects.get(name="Metaalwerk Zuid")
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:organisation-detail", args=[organisation.pk])
    assert (organisation.postcode, organisation.website, organisation.has_hr_staff) == (
        "5038 AB",
        "https://metaalwerkzuid.nl",
        False,
    )
    assert list(organisation.routes.all()) == [world.route]


def test_create_shows_a_similar_name_in_the_same_city_first_and_saves_after_confirmation(world):
    client = world.client_for("coordinator")
    data = forms.new_organisation(world.route.pk, name="Bakkerij de Korenaar B.V.", city="Utrecht", kvk_number="")
    response = client.post(reverse("partners:organisation-create"), data)
    assert response.status_code == 200
    page = parse(response.content)
    warning = page.find("section", data_testid="duplicates")
    assert warning is not None
    assert warning.find("a", href=reverse("partners:organisation-detail", args=[world.company.pk])) is not None
    assert page.by_id("id_confirm_not_duplicate") is not None
    assert not Organisation.objects.filter(name="Bakkerij de Korenaar B.V.").exists()

    response = client.post(reverse("partners:organisation-create"), {**data, "confirm_not_duplicate": "on"})
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Bakkerij de Korenaar B.V.").exists()


def test_create_refuses_a_registered_kvk_number_and_points_to_the_organisation(world):
    client = world.client_for("coordinator")
    data = forms.new_organisation(world.route.pk, kvk_number=world.company.kvk_number, confirm_not_duplicate="on")
    response = client.post(reverse("partners:organisation-create"), data)
    assert response.status_code == 200
    page = parse(response.content)
    assert field_error(page, "id_kvk_number")
    assert page.find("a", href=reverse("partners:organisation-detail", args=[world.company.pk])) is not None
    assert not Organisation.objects.filter(name="Metaalwerk Zuid").exists()


def test_create_names_a_duplicate_in_another_route_without_linking_or_revealing_it(world):
    client = world.client_for("coordinator")
    data = forms.new_organisation(world.route.pk, name="Zorgtechniek Oost", city="Enschede", kvk_number="")
    response = client.post(reverse("partners:organisation-create"), data)
    page = parse(response.content)
    warning = page.find("section", data_testid="duplicates")
    assert "Zorgtechniek Oost" in warning.text
    assert warning.find("a") is None
    assert world.other_company.kvk_number not in response.content.decode()
    assert "GEHEIM-B" not in response.content.decode()


def test_duplicate_check_while_typing_returns_the_partial(world):
    client = world.client_for("coordinator")
    response = client.get(
        reverse("partners:organisation-create"),
        {"name": "bakkerij korenaar", "city": "Utrecht", "kvk_number": ""},
        headers={"HX-Request": "true", "HX-Target": "duplicate-check"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1" not in content and "<html" not in content
    assert parse(content).find("a", href=reverse("partners:organisation-detail", args=[world.company.pk]))
    empty = client.get(
        reverse("partners:organisation-create"),
        {"name": "Iets heel anders", "city": "Utrecht", "kvk_number": "12"},
        headers={"HX-Request": "true", "HX-Target": "duplicate-check"},
    )
    assert empty.content.decode().strip() == ""


def test_duplicate_check_is_refused_to_who_may_not_create(world):
    headers = {"HX-Request": "true", "HX-Target": "duplicate-check"}
    url = reverse("partners:organisation-create") + "?name=Bakkerij&city=Utrecht"
    assert world.client_for("teacher").get(url, headers=headers).status_code == 403
    assert world.client_for("company_contact").get(url, headers=headers).status_code == 404


def test_create_form_has_the_live_check_as_a_named_partial(world):
    page = parse(world.client_for("coordinator").get(reverse("partners:organisation-create")).content)
    check = page.by_id("duplicate-check")
    assert check.attrs["hx-get"] == reverse("partners:organisation-create")
    assert "#id_name" in check.attrs["hx-include"]


def test_create_into_a_route_the_coordinator_does_not_run_is_refused_on_the_field(world):
    response = world.client_for("other_coordinator").post(
        reverse("partners:organisation-create"), forms.new_organisation(world.route.pk)
    )
    assert response.status_code == 200
    assert parse(response.content).find("ul", id="id_routes_error") is not None
    assert not Organisation.objects.filter(name="Metaalwerk Zuid").exists()


# Edit with optimistic locking


def test_edit_saves_and_logs(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("partners:organisation-edit", args=[world.company.pk]),
        forms.organisation_edit(world.company, city="Houten", has_hr="yes"),
    )
    assert response.status_code == 302
    world.company.refresh_from_db()
    assert (world.company.city, world.company.has_hr_staff, world.company.version) == ("Houten", True, 2)
    entry = ActivityLog.objects.get(action_type="partners.organisation.updated")
    assert entry.changes == {"city": ["Utrecht", "Houten"], "has_hr_staff": [None, True]}


def test_edit_with_a_stale_version_says_what_changed_and_saves_on_the_second_try(world):
    client = world.client_for("coordinator")
    stale = forms.organisation_edit(world.company, street="Dorpsstraat 9")
    services.organisation_update(
        organisation=world.company, by=world.users["admin"], data={"city": "Bunnik", "size_class": "50-249"}, version=1
    )
    url = reverse("partners:organisation-edit", args=[world.company.pk])
    response = client.post(url, stale)
    assert response.status_code == 200
    page = parse(response.content)
    changed = page.by_id("stale-changes").text
    assert "Bunnik" in changed
    assert page.find("input", name="version").attrs["value"] == "2"
    assert page.find("input", name="street").attrs["value"] == "Dorpsstraat 9"
    world.company.refresh_from_db()
    assert (world.company.street, world.company.city) == ("Hoofdstraat 1", "Bunnik")

    response = client.post(url, {**stale, "version": 2})
    assert response.status_code == 302
    world.company.refresh_from_db()
    assert (world.company.street, world.company.city, world.company.version) == ("Dorpsstraat 9", "Utrecht", 3)


def test_edit_refuses_another_organisations_kvk_number_on_the_field(world):
    response = world.client_for("coordinator").post(
        reverse("partners:organisation-edit", args=[world.company.pk]),
        forms.organisation_edit(world.company, kvk_number=world.other_company.kvk_number),
    )
    assert response.status_code == 200
    assert field_error(parse(response.content), "id_kvk_number")
    world.company.refresh_from_db()
    assert world.company.version == 1


# Archive and restore (never delete)


def test_archive_and_restore(world):
    client = world.client_for("coordinator")
    response = client.post(reverse("partners:organisation-archive", args=[world.company.pk]))
    assert response.status_code == 302
    world.company.refresh_from_db()
    assert world.company.archived_at is not None
    listing = parse(client.get(reverse("partners:organisation-list")).content).by_id("organisation-results")
    assert "Bakkerij De Korenaar" not in listing.text
    archived = parse(client.get(reverse("partners:organisation-list") + "?archived=on").content)
    assert "Bakkerij De Korenaar" in archived.by_id("organisation-results").text
    page = parse(client.get(reverse("partners:organisation-detail", args=[world.company.pk])).content)
    assert page.find("form", action=reverse("partners:organisation-restore", args=[world.company.pk])) is not None

    client.post(reverse("partners:organisation-restore", args=[world.company.pk]))
    world.company.refresh_from_db()
    assert world.company.archived_at is None


@pytest.mark.parametrize(
    ("persona", "status"), [("teacher", 403), ("company_contact", 403), ("other_coordinator", 404)]
)
def test_archive_is_refused_to_who_may_not_change_the_organisation(world, persona, status):
    response = world.client_for(persona).post(reverse("partners:organisation-archive", args=[world.company.pk]))
    assert response.status_code == status
    world.company.refresh_from_db()
    assert world.company.archived_at is None


@pytest.mark.parametrize("name", ["partners:organisation-archive", "partners:organisation-restore"])
def test_archive_and_restore_only_by_post(world, name):
    response = world.client_for("coordinator").get(reverse(name, args=[world.company.pk]))
    assert response.status_code == 405


# People at the organisation


def test_add_a_contact_person(world):
    response = world.client_for("coordinator").post(
        reverse("partners:organisation-person-create", args=[world.company.pk]), forms.new_person()
    )
    assert response.status_code == 302
    affiliation = world.company.affiliations.get(person__first_name="Noor")
    assert (affiliation.function_title, affiliation.phone) == ("HR-adviseur", "+31 6 12345678")


def test_end_a_role_from_the_organisation_page(world):
    client = world.client_for("coordinator")
    response = client.post(reverse("partners:affiliation-end", args=[world.affiliation.pk]))
    assert response["Location"] == reverse("partners:organisation-detail", args=[world.company.pk])
    world.affiliation.refresh_from_db()
    assert world.affiliation.ended_on is not None
    page = parse(client.get(reverse("partners:organisation-detail", args=[world.company.pk])).content)
    assert "Anna de Vries" not in page.find("section", aria_labelledby="people-heading").text


# Relationships, both ways


def test_relationship_is_shown_on_both_organisations(world):
    client = world.client_for("coordinator")
    company = parse(client.get(reverse("partners:organisation-detail", args=[world.company.pk])).content)
    branch = parse(client.get(reverse("partners:organisation-detail", args=[world.branch.pk])).content)
    pk = str(world.relationship.pk)
    outgoing = company.find("li", data_relationship=pk)
    incoming = branch.find("li", data_relationship=pk)
    assert outgoing.attrs["data-direction"] == "outgoing" and "Brancheclub Techniek" in outgoing.text
    assert incoming.attrs["data-direction"] == "incoming" and "Bakkerij De Korenaar" in incoming.text
    assert outgoing.text != incoming.text


def test_create_and_remove_a_relationship_from_the_other_side(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("partners:relationship-create", args=[world.branch.pk]),
        {"kind": RelationshipKind.WORKS_WITH, "target": world.company.pk, "note": "Samen opleiden"},
    )
    assert response.status_code == 302
    relationship = Relationship.objects.get(kind=RelationshipKind.WORKS_WITH)
    assert (relationship.source, relationship.target) == (world.branch, world.company)
    response = client.post(reverse("partners:relationship-delete", args=[relationship.pk]), {"back": "target"})
    assert response["Location"] == reverse("partners:organisation-detail", args=[world.company.pk])
    assert not Relationship.objects.filter(pk=relationship.pk).exists()


def test_relationship_form_offers_only_organisations_in_reach(world):
    page = parse(
        world.client_for("coordinator").get(reverse("partners:relationship-create", args=[world.company.pk])).content
    )
    options = {option.text for option in page.by_id("id_target").find_all("option")}
    assert "Brancheclub Techniek" in options
    assert "Zorgtechniek Oost" not in options and "Bakkerij De Korenaar" not in options
    response = world.client_for("coordinator").post(
        reverse("partners:relationship-create", args=[world.company.pk]),
        {"kind": RelationshipKind.WORKS_WITH, "target": world.other_company.pk},
    )
    assert response.status_code == 200
    assert field_error(parse(response.content), "id_target")


def test_a_coordinator_of_the_target_only_may_remove_an_incoming_relationship(world):
    """The relationship shows on both pages, so the coordinator of either organisation may remove it."""
    own_branch = OrganisationFactory(name="Netwerk B", kind=OrganisationKind.BRANCH_ASSOCIATION,
                                     routes=[world.route, world.other_route])  # fmt: skip
    relationship = RelationshipFactory(source=world.other_company, target=own_branch, kind=RelationshipKind.MEMBER_OF)
    response = world.client_for("coordinator").post(reverse("partners:relationship-delete", args=[relationship.pk]))
    assert response.status_code == 404, "route A's coordinator does not see Zorgtechniek Oost"
    own_branch.routes.add(world.route)
    Partnership.objects.create(route=world.route, organisation=world.other_company)
    response = world.client_for("coordinator").post(reverse("partners:relationship-delete", args=[relationship.pk]))
    assert response.status_code == 302


# Routes of an organisation


def test_admin_links_an_organisation_to_another_route(world):
    response = world.client_for("admin").post(
        reverse("partners:organisation-route-link", args=[world.company.pk]), {"route": world.other_route.pk}
    )
    assert response.status_code == 302
    assert set(world.company.routes.all()) == {world.route, world.other_route}


def test_a_coordinator_links_only_to_own_routes(world):
    response = world.client_for("coordinator").post(
        reverse("partners:organisation-route-link", args=[world.company.pk]), {"route": world.other_route.pk}
    )
    assert response.status_code == 200
    assert list(world.company.routes.all()) == [world.route]


def test_link_page_offers_only_routes_still_to_link(world):
    link = reverse("partners:organisation-route-link", args=[world.company.pk])
    page = parse(
        world.client_for("admin").get(reverse("partners:organisation-detail", args=[world.company.pk])).content
    )
    assert page.find("a", href=link) is not None

    assert parse(world.client_for("coordinator").get(link).content).find("select") is None
    select = parse(world.client_for("admin").get(link).content).find("select", name="route")
    assert {o.attrs.get("value") for o in select.find_all("option")} == {"", str(world.other_route.pk)}


def test_a_coordinator_links_to_another_own_route(world):
    route = RouteFactory()
    assign(world.users["coordinator"], Role.COORDINATOR, route=route)

    response = world.client_for("coordinator").post(
        reverse("partners:organisation-route-link", args=[world.company.pk]), {"route": route.pk}
    )

    assert response.status_code == 302
    assert set(world.company.routes.all()) == {world.route, route}


def test_unlinking_the_last_own_route_leads_back_to_the_list(world):
    client = world.client_for("coordinator")
    response = client.post(reverse("partners:organisation-route-unlink", args=[world.company.pk, world.route.pk]))
    assert response["Location"] == reverse("partners:organisation-list")
    assert not world.company.routes.exists()
    assert client.get(reverse("partners:organisation-detail", args=[world.company.pk])).status_code == 404


def test_unlinking_keeps_the_page_when_another_own_route_remains(world):
    world.company.routes.add(world.other_route)
    response = world.client_for("admin").post(
        reverse("partners:organisation-route-unlink", args=[world.company.pk, world.other_route.pk])
    )
    assert response["Location"] == reverse("partners:organisation-detail", args=[world.company.pk])
    assert list(world.company.routes.all()) == [world.route]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("teacher", 403),
        ("company_contact", 403),
        ("other_coordinator", 404),
        ("partner_contact", 404),
        ("anonymous", 302),
    ],
)
def test_unlink_is_refused_to_who_may_not_change_the_organisation(world, persona, status):
    response = world.client_for(persona).post(
        reverse("partners:organisation-route-unlink", args=[world.company.pk, world.route.pk])
    )
    assert response.status_code == status
    assert list(world.company.routes.all()) == [world.route]


def test_unlink_from_a_route_the_coordinator_does_not_run_is_not_found(world):
    world.company.routes.add(world.other_route)
    response = world.client_for("coordinator").post(
        reverse("partners:organisation-route-unlink", args=[world.company.pk, world.other_route.pk])
    )
    assert response.status_code == 404
    assert set(world.company.routes.all()) == {world.route, world.other_route}


# What external users see


@pytest.mark.parametrize("persona", ["company_contact", "workplace_supervisor", "student"])
def test_external_users_see_their_organisation_without_internal_parts(world, persona):
    response = world.client_for(persona).get(reverse("partners:organisation-detail", args=[world.company.pk]))
    content = response.content.decode()
    page = parse(content)
    assert response.status_code == 200
    assert "Anna de Vries" in content
    for hidden in ("notes-heading", "history-heading", "relationships-heading", "routes-heading"):
        assert page.by_id(hidden) is None, hidden
    assert "Geheime notitie A" not in content
    assert "Brancheclub Techniek" not in content
    assert world.route.programme_name not in content
    assert page.find("a", href=reverse("partners:organisation-edit", args=[world.company.pk])) is None
    assert page.find("a", href=reverse("partners:person-detail", args=[world.affiliation.person_id])) is None


def test_staff_see_the_internal_parts(world):
    content = world.client_for("teacher").get(reverse("partners:organisation-detail", args=[world.company.pk]))
    page = parse(content.content)
    for shown in ("notes-heading", "history-heading", "relationships-heading", "routes-heading"):
        assert page.by_id(shown) is not None, shown
    assert page.find("a", href=reverse("partners:organisation-edit", args=[world.company.pk])) is None


# The list


def test_list_answers_htmx_with_the_results_partial(world):
    response = world.client_for("coordinator").get(
        reverse("partners:organisation-list") + "?q=korenaar",
        headers={"HX-Request": "true", "HX-Target": "organisation-results"},
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="organisation-results"')
    assert "Bakkerij De Korenaar" in content and "Brancheclub Techniek" not in content


def test_export_links_follow_the_search_also_when_it_is_done_in_place(world):
    response = world.client_for("coordinator").get(
        reverse("partners:organisation-list") + "?q=korenaar&page=1",
        headers={"HX-Request": "true", "HX-Target": "organisation-results"},
    )
    links = [a.attrs["href"] for a in parse(response.content).find_all("a") if "export" in a.attrs["href"]]
    assert links == [
        reverse("partners:organisation-export", args=["xlsx"]) + "?q=korenaar",
        reverse("partners:organisation-export", args=["csv"]) + "?q=korenaar",
    ]


def test_list_column_headers_sort_and_say_so(world):
    page = parse(world.client_for("coordinator").get(reverse("partners:organisation-list") + "?sort=-city").content)
    [sorted_by] = [th for th in page.find("thead").find_all("th") if "aria-sort" in th.attrs]
    assert sorted_by.attrs["aria-sort"] == "descending"
    assert "sort=city" in sorted_by.find("a").attrs["href"]
    links = [th.find("a").attrs["href"] for th in page.find("thead").find_all("th") if th.find("a")]
    assert len(links) == 4 and all("sort=" in link for link in links)


def test_list_paginates(world):
    for number in range(30):
        OrganisationFactory(name=f"Reeks {number:02d}", routes=[world.route])
    client = world.client_for("coordinator")
    first = client.get(reverse("partners:organisation-list") + "?q=reeks").content.decode()
    second = client.get(reverse("partners:organisation-list") + "?q=reeks&page=2").content.decode()
    assert "Reeks 00" in first and "Reeks 25" not in first
    assert "Reeks 25" in second and "Reeks 00" not in second
    assert 'rel="next"' in first
