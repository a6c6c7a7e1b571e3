"""Services of students: validation, the student number unique per route, the teacher from the route's staff,
optimistic locking, the activity log with the route, and linking the student's login (never a staff account)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import World
from tests.factories import UserFactory, assign
from tests.factories.placements import StudentFactory
from verbinder.accounts.enums import Role
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.models import ActivityLog
from verbinder.placements.enums import PriorEducation, StudentStatus
from verbinder.placements.models import Student
from verbinder.placements.services.students import student_create, student_update

pytestmark = pytest.mark.django_db


def fields(**extra: Any) -> dict[str, Any]:
    return {
        "student_number": "5123456",
        "first_name": "  Fleur ",
        "last_name": "van  den Berg",
        "email": "Fleur.Berg@Student.Example.nl",
        "phone": "",
        "postcode": "3511ab",
        "city": "Utrecht",
        "cohort": 2026,
        "prior_education": PriorEducation.MBO4_BBL,
        "status": StudentStatus.ACTIVE,
        "hours_per_week": Decimal("32"),
        "teacher": None,
    } | extra


def errors_of(caught: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return {name: [error.code for error in errors] for name, errors in caught.value.error_dict.items()}


def test_student_create_normalises_and_logs_with_the_route(world: World) -> None:
    student = student_create(by=world.users["coordinator"], route=world.route, fields=fields())

    assert (student.first_name, student.last_name, student.email) == (
        "Fleur",
        "van den Berg",
        "fleur.berg@student.example.nl",
    )
    assert student.postcode == "3511 AB"
    assert student.version == 1
    entry = ActivityLog.objects.get(action_type="placements.student.created")
    assert entry.object_id == student.pk
    assert entry.data == {"route": str(world.route), "route_id": world.route.pk}
    assert entry.actor == world.users["coordinator"]


def test_student_create_refuses_a_number_taken_in_the_route(world: World) -> None:
    StudentFactory(route=world.route, student_number="5123456")

    with pytest.raises(ValidationError) as caught:
        student_create(by=None, route=world.route, fields=fields(student_number="5123 456"))

    assert errors_of(caught) == {"student_number": ["student_number_taken"]}
    assert Student.objects.filter(route=world.route).count() == 1


def test_student_create_allows_the_same_number_in_another_route(world: World) -> None:
    StudentFactory(route=world.other_route, student_number="5123456")

    student = student_create(by=None, route=world.route, fields=fields())

    assert student.student_number == "5123456"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("student_number", "", "required"),
        ("student_number", "51-23#45", "student_number"),
        ("student_number", "1" * 21, "student_number"),
        ("first_name", " ", "required"),
        ("last_name", "", "required"),
        ("email", "geen-adres", "email"),
        ("postcode", "12345", "postcode"),
        ("cohort", 1999, "cohort"),
        ("cohort", 2101, "cohort"),
        ("cohort", None, "required"),
        ("prior_education", "kleuterschool", "invalid_choice"),
        ("prior_education", "", "required"),
        ("status", "weg", "invalid_choice"),
        ("hours_per_week", Decimal("0.5"), "hours"),
        ("hours_per_week", Decimal("61"), "hours"),
        ("first_name", "Fleur\x00", "control"),
    ],
)
def test_student_create_refuses_bad_input(world: World, field: str, value: Any, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        student_create(by=None, route=world.route, fields=fields(**{field: value}))

    assert errors_of(caught) == {field: [code]}
    assert not Student.objects.exists()


def test_student_create_takes_a_teacher_or_coordinator_of_the_route(world: World) -> None:
    teacher = student_create(by=None, route=world.route, fields=fields(teacher=world.users["teacher"]))
    coordinator = student_create(
        by=None, route=world.route, fields=fields(student_number="2", teacher=world.users["coordinator"])
    )

    assert teacher.teacher == world.users["teacher"]
    assert coordinator.teacher == world.users["coordinator"]


@pytest.mark.parametrize("persona", ["other_coordinator", "company_contact", "admin"])
def test_student_create_refuses_a_teacher_outside_the_route_staff(world: World, persona: str) -> None:
    with pytest.raises(ValidationError) as caught:
        student_create(by=None, route=world.route, fields=fields(teacher=world.users[persona]))

    assert errors_of(caught) == {"teacher": ["teacher_not_staff"]}


def test_student_create_refuses_an_archived_route(world: World) -> None:
    world.route.archived_at = timezone.now()
    world.route.save()

    with pytest.raises(ValidationError):
        student_create(by=None, route=world.route, fields=fields())


def test_student_create_links_the_login_with_the_same_email(world: World) -> None:
    login = UserFactory(email="fleur.berg@student.example.nl")

    student = student_create(by=None, route=world.route, fields=fields())

    assert student.user == login
    assert ActivityLog.objects.get(action_type="placements.student.created").changes["user"] == [None, login.pk]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COORDINATOR, Role.ADMIN])
def test_student_create_never_links_a_staff_account(world: World, role: Role) -> None:
    staff = UserFactory(email="fleur.berg@student.example.nl")
    assign(staff, role, route=world.other_route if role != Role.ADMIN else None)

    student = student_create(by=None, route=world.route, fields=fields())

    assert student.user is None


def test_student_create_does_not_link_a_login_of_another_student_record(world: World) -> None:
    login = UserFactory(email="fleur.berg@student.example.nl")
    StudentFactory(route=world.other_route, user=login)

    student = student_create(by=None, route=world.route, fields=fields())

    assert student.user is None


def test_student_update_saves_logs_and_bumps_the_version(world: World) -> None:
    student = student_create(by=None, route=world.route, fields=fields())

    updated = student_update(
        by=world.users["coordinator"],
        student=student,
        version=1,
        fields={"status": StudentStatus.PAUSED, "teacher": world.users["teacher"]},
    )

    assert updated.version == 2
    assert (updated.status, updated.teacher) == (StudentStatus.PAUSED, world.users["teacher"])
    entry = ActivityLog.objects.get(action_type="placements.student.updated")
    assert entry.changes == {"status": ["active", "paused"], "teacher": [None, world.users["teacher"].name]}
    assert entry.data == {"route": str(world.route), "route_id": world.route.pk}


def test_student_update_refuses_a_stale_version_and_names_the_changed_fields(world: World) -> None:
    student = student_create(by=None, route=world.route, fields=fields())
    student_update(by=None, student=student, version=1, fields={"city": "Amersfoort"})

    with pytest.raises(StaleVersionError) as caught:
        student_update(by=None, student=student, version=1, fields={"status": StudentStatus.STOPPED})

    assert caught.value.changed == ["city"]
    assert Student.objects.get(pk=student.pk).status == StudentStatus.ACTIVE


def test_student_update_refuses_a_number_of_another_student(world: World) -> None:
    StudentFactory(route=world.route, student_number="999")
    student = student_create(by=None, route=world.route, fields=fields())

    with pytest.raises(ValidationError) as caught:
        student_update(by=None, student=student, version=1, fields={"student_number": "999"})

    assert errors_of(caught) == {"student_number": ["student_number_taken"]}


def test_student_update_without_changes_writes_nothing(world: World) -> None:
    student = student_create(by=None, route=world.route, fields=fields())

    same = student_update(by=None, student=student, version=1, fields={"city": "Utrecht"})

    assert same.version == 1
    assert not ActivityLog.objects.filter(action_type="placements.student.updated").exists()


def test_student_update_relinks_the_login_when_the_email_changes(world: World) -> None:
    first = UserFactory(email="fleur.berg@student.example.nl")
    second = UserFactory(email="fleur@privé.example.nl".replace("é", "e"))
    student = student_create(by=None, route=world.route, fields=fields())
    assert student.user == first

    updated = student_update(by=None, student=student, version=1, fields={"email": second.email})

    assert updated.user == second
    cleared = student_update(by=None, student=updated, version=2, fields={"email": ""})
    assert cleared.user is None


def test_student_update_keeps_a_teacher_who_left_the_route(world: World) -> None:
    former = assign(UserFactory(), Role.TEACHER, route=world.other_route)
    student = StudentFactory(route=world.route, teacher=former)

    updated = student_update(by=None, student=student, version=1, fields={"teacher": former, "city": "Zeist"})

    assert (updated.teacher, updated.city) == (former, "Zeist")
