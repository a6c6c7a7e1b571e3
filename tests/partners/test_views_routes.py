"""Route pages per role: admins create routes and decide who works in them; coordinators edit their routes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.factories import UserFactory
from tests.partners.html import field_error, parse
from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment, User
from verbinder.core.models import ActivityLog
from verbinder.partners.models import Route

pytestmark = pytest.mark.django_db

REGISTER = {"admin": 200, "coordinator": 200, "teacher": 200, "other_coordinator": 200, "anonymous": 302}
ADMIN_ONLY = {"admin": 200, "coordinator": 403, "teacher": 403, "other_coordinator": 403, "anonymous": 302}
ROUTE_A = {"admin": 200, "coordinator": 200, "teacher": 200, "anonymous": 302}
ROUTE_A_EDIT = {**ROUTE_A, "teacher": 403}
ROUTE_A_STAFF = {**ROUTE_A, "coordinator": 403, "teacher": 403}

ROUTE_FORM = {
    "programme_name": "Ad Smart Industry",
    "degree_type": "ad",
    "croho_code": "80123",
    "croho_area": "techniek",
    "hogeschool": "Hogeschool Rijnland",
    "start_year": "2026",
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "route", "expected"),
    [
        ("partners:route-list", None, REGISTER),
        ("partners:route-create", None, ADMIN_ONLY),
        ("partners:route-detail", "route", ROUTE_A),
        ("partners:route-edit", "route", ROUTE_A_EDIT),
        ("partners:route-staff", "route", ROUTE_A_STAFF),
    ],
)
def test_route_pages_answer_each_persona(world, persona, name, route, expected):
    args = [getattr(world, route).pk] if route else []
    response = world.client_for(persona).get(reverse(name, args=args))
    assert response.status_code == expected.get(persona, 404)


def test_route_list_shows_only_own_routes(world):
    page = parse(world.client_for("coordinator").get(reverse("partners:route-list")).content)
    assert page.find("a", href=reverse("partners:route-detail", args=[world.route.pk])) is not None
    assert page.find("a", href=reverse("partners:route-detail", args=[world.other_route.pk])) is None
    assert page.find("a", href=reverse("partners:route-create")) is None
    admin = parse(world.client_for("admin").get(reverse("partners:route-list")).content)
    assert admin.find("a", href=reverse("partners:route-create")) is not None


def test_admin_creates_a_route(world):
    response = world.client_for("admin").post(reverse("partners:route-create"), ROUTE_FORM)
    route = Route.objects.get(croho_code="80123")
    assert response["Location"] == reverse("partners:route-detail", args=[route.pk])


@pytest.mark.parametrize(("field", "value"), [("croho_code", "8012x"), ("start_year", "1850"), ("hogeschool", "")])
def test_route_create_refuses_bad_input_on_the_field(world, field, value):
    response = world.client_for("admin").post(reverse("partners:route-create"), {**ROUTE_FORM, field: value})
    assert response.status_code == 200
    assert field_error(parse(response.content), f"id_{field}")
    assert not Route.objects.filter(programme_name="Ad Smart Industry").exists()


def test_coordinator_edits_the_route_and_it_is_logged(world):
    response = world.client_for("coordinator").post(
        reverse("partners:route-edit", args=[world.route.pk]), {**ROUTE_FORM, "croho_code": world.route.croho_code}
    )
    assert response.status_code == 302
    entry = ActivityLog.objects.get(action_type="partners.route.updated")
    assert entry.changes["programme_name"] == ["Ad Technische Bedrijfskunde", "Ad Smart Industry"]


def test_route_page_lists_coordinators_and_teachers(world):
    page = parse(world.client_for("teacher").get(reverse("partners:route-detail", args=[world.route.pk])).content)
    assert page.by_id("route-coordinators").text == "Coby Coördinator"
    assert page.by_id("route-teachers").text == "Teun Docent"
    assert page.find("a", href=reverse("partners:route-staff", args=[world.route.pk])) is None
    admin = parse(world.client_for("admin").get(reverse("partners:route-detail", args=[world.route.pk])).content)
    assert admin.find("a", href=reverse("partners:route-staff", args=[world.route.pk])) is not None


def test_admin_adds_an_existing_user_as_coordinator(world):
    colleague = UserFactory(name="Kees Collega", email="kees@hogeschool.nl")
    client = world.client_for("admin")
    response = client.post(
        reverse("partners:route-staff", args=[world.route.pk]), {"email": "KEES@hogeschool.nl", "role": "coordinator"}
    )
    assert response["Location"] == reverse("partners:route-staff", args=[world.route.pk])
    assert RoleAssignment.objects.filter(user=colleague, role=Role.COORDINATOR, route=world.route).exists()
    page = parse(client.get(reverse("partners:route-detail", args=[world.route.pk])).content)
    assert "Kees Collega" in page.by_id("route-coordinators").text
    assert ActivityLog.objects.filter(action_type="partners.route.staff_added", object_id=world.route.pk).exists()


def test_admin_adds_a_teacher_without_an_account(world):
    client = world.client_for("admin")
    url = reverse("partners:route-staff", args=[world.route.pk])
    response = client.post(url, {"email": "nieuw@hogeschool.nl", "role": "teacher"})
    assert response.status_code == 200
    assert field_error(parse(response.content), "id_name")
    assert not User.objects.filter(email="nieuw@hogeschool.nl").exists()
    response = client.post(url, {"email": "nieuw@hogeschool.nl", "name": "Nina Nieuw", "role": "teacher"})
    assert response.status_code == 302
    assert RoleAssignment.objects.get(user__email="nieuw@hogeschool.nl").role == Role.TEACHER


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "geen-adres", "role": "coordinator"}, "id_email"),
        ({"email": "x@example.nl", "role": "admin"}, "id_role"),
        ({"email": "x@example.nl", "name": "Naam\x00", "role": "teacher"}, "id_name"),
    ],
)
def test_route_staff_form_refuses_bad_input_on_the_field(world, data, field):
    response = world.client_for("admin").post(reverse("partners:route-staff", args=[world.route.pk]), data)
    assert response.status_code == 200
    assert field_error(parse(response.content), field)
    assert not User.objects.filter(email="x@example.nl").exists()


def test_admin_removes_a_teacher(world):
    assignment = RoleAssignment.objects.get(user=world.users["teacher"], route=world.route)
    response = world.client_for("admin").post(
        reverse("partners:route-staff-remove", args=[world.route.pk, assignment.pk])
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert world.client_for("teacher").get(reverse("partners:route-detail", args=[world.route.pk])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 302), ("coordinator", 403), ("teacher", 403), ("other_coordinator", 404), ("company_contact", 404),
     ("anonymous", 302)],
)  # fmt: skip
def test_route_staff_remove_per_persona(world, persona, status):
    assignment = RoleAssignment.objects.get(user=world.users["teacher"], route=world.route)
    response = world.client_for(persona).post(
        reverse("partners:route-staff-remove", args=[world.route.pk, assignment.pk])
    )
    assert response.status_code == status
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists() == (persona != "admin")


def test_route_staff_remove_needs_an_assignment_of_that_route(world):
    other = RoleAssignment.objects.get(user=world.users["other_coordinator"])
    external = RoleAssignment.objects.get(user=world.users["company_contact"])
    client = world.client_for("admin")
    for assignment in (other, external):
        response = client.post(reverse("partners:route-staff-remove", args=[world.route.pk, assignment.pk]))
        assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk__in=[other.pk, external.pk]).count() == 2


def test_route_staff_remove_only_by_post(world):
    assignment = RoleAssignment.objects.get(user=world.users["teacher"], route=world.route)
    url = reverse("partners:route-staff-remove", args=[world.route.pk, assignment.pk])
    assert world.client_for("admin").get(url).status_code == 405
