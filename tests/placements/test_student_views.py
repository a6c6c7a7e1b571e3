"""Student pages per role: the route's staff read, its coordinators add and edit, teachers read only, everyone else
(also a company contact or student who reaches the student in the portal) gets 404. Filters, sorting, the stale
save, and the student page's placements and proposals."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.conftest import World
from tests.factories import OrganisationFactory
from tests.factories.placements import (
    MatchProposalFactory,
    StudentFactory,
    WorkplaceFactory,
    placement_with_hosts,
    placement_world,
)
from verbinder.placements.enums import PlacementStatus, PriorEducation, StudentStatus
from verbinder.placements.models import Student
from verbinder.placements.services.students import student_update

pytestmark = pytest.mark.django_db


def list_url(world: World) -> str:
    return reverse("placements:student-list", kwargs={"route_pk": world.route.pk})


def listed(response) -> list[str]:
    return [student.student_number for student in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("teacher", 200),
        ("admin", 200),
        ("other_coordinator", 404),
        ("company_contact", 404),
        ("workplace_supervisor", 404),
        ("student", 404),
        ("partner_contact", 404),
    ],
)
def test_student_page_per_role(world: World, persona: str, status: int) -> None:
    student = placement_world(world).student

    response = world.client_for(persona).get(reverse("placements:student-detail", args=[student.pk]))

    assert response.status_code == status


def test_student_page_shows_the_current_placement_with_hosts_past_placements_and_proposals(world: World) -> None:
    made = placement_world(world)
    student = made.student
    earlier = OrganisationFactory(name="Eerdere Werkgever", routes=[world.route])
    placement_with_hosts(
        student=student,
        hosts=[(earlier, 4)],
        start_date=datetime.date(2024, 9, 1),
        end_date=datetime.date(2025, 8, 31),
        status=PlacementStatus.ENDED,
        ended_on=datetime.date(2025, 2, 1),
        end_reason="Bedrijf gestopt",
    )
    MatchProposalFactory(workplace=WorkplaceFactory(route=world.route, title="Plek X"), student=student)

    response = world.client_for("teacher").get(reverse("placements:student-detail", args=[student.pk]))

    placements = response.context["placements"]
    assert placements.current == made.placement
    assert [host.organisation for host in placements.current.all_hosts] == [world.company]
    assert [placement.end_reason for placement in placements.past] == ["Bedrijf gestopt"]
    assert [proposal.workplace.title for proposal in response.context["proposals"]] == ["Plek X"]
    content = response.content.decode()
    assert "Eerdere Werkgever" in content and world.company.name in content
    assert f'href="{reverse("placements:placement-detail", args=[made.placement.pk])}"' in content
    assert 'id="student-edit"' not in content  # teachers read


def test_list_shows_only_the_route_and_its_placements(world: World) -> None:
    made = placement_world(world)

    response = world.client_for("coordinator").get(list_url(world))

    assert sorted(listed(response)) == sorted(
        Student.objects.filter(route=world.route).values_list("student_number", flat=True)
    )
    assert made.other_student.student_number not in listed(response)
    row = next(s for s in response.context["page"].object_list if s.pk == made.student.pk)
    assert [host.organisation for host in row.current_placements[0].current_hosts] == [world.company]
    assert 'id="student-import"' in response.content.decode()


def test_list_filters(world: World) -> None:
    teacher = world.users["teacher"]
    StudentFactory(route=world.route, student_number="1", cohort=2024, status=StudentStatus.ACTIVE, teacher=teacher,
                   prior_education=PriorEducation.HAVO, first_name="Anouk", last_name="Jansen")  # fmt: skip
    StudentFactory(route=world.route, student_number="2", cohort=2025, status=StudentStatus.STOPPED,
                   prior_education=PriorEducation.VWO, first_name="Bram", last_name="de Wit")  # fmt: skip
    placed = StudentFactory(route=world.route, student_number="3", cohort=2025, first_name="Cas", last_name="Mol")
    placement_with_hosts(student=placed)
    client = world.client_for("coordinator")

    def numbers(query: str) -> list[str]:
        return sorted(listed(client.get(list_url(world) + query)))

    assert numbers("?status=stopped") == ["2"]
    assert numbers("?cohort=2025") == ["2", "3"]
    assert numbers("?prior_education=havo") == ["1"]
    assert numbers(f"?teacher={teacher.pk}") == ["1"]
    assert numbers("?teacher=none") == ["2", "3"]
    assert numbers("?without_placement=on") == ["1", "2"]
    assert numbers("?q=wit") == ["2"]
    assert numbers("?q=3") == ["3"]
    assert numbers("?q=bram+wit") == ["2"]
    assert listed(client.get(list_url(world) + "?sort=-cohort"))[0] in ("2", "3")
    assert listed(client.get(list_url(world) + "?sort=number")) == ["1", "2", "3"]
    assert listed(client.get(list_url(world) + "?sort=-status")) == ["2", "1", "3"]  # stopped, then active by name


def test_list_results_partial_for_htmx(world: World) -> None:
    StudentFactory(route=world.route)

    response = world.client_for("coordinator").get(
        list_url(world), headers={"HX-Request": "true", "HX-Target": "student-results"}
    )

    content = response.content.decode()
    assert content.lstrip().startswith('<section id="student-results"')


def test_teacher_reads_the_list_without_change_links(world: World) -> None:
    response = world.client_for("teacher").get(list_url(world))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="student-add"' not in content and 'id="student-import"' not in content


def test_coordinator_creates_a_student(world: World) -> None:
    data = {
        "student_number": "s1234",
        "first_name": "Fleur",
        "last_name": "Bakker",
        "cohort": "2026",
        "prior_education": "havo",
        "status": "active",
        "teacher": str(world.users["teacher"].pk),
    }

    response = world.client_for("coordinator").post(reverse("placements:student-create", args=[world.route.pk]), data)

    student = Student.objects.get(student_number="S1234")
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:student-detail", args=[student.pk])
    assert student.teacher == world.users["teacher"]


def test_create_form_offers_only_the_route_staff_as_teacher(world: World) -> None:
    response = world.client_for("coordinator").get(reverse("placements:student-create", args=[world.route.pk]))

    offered = set(response.context["form"].fields["teacher"].queryset)
    assert offered == {world.users["coordinator"], world.users["teacher"]}


def test_create_refuses_a_teacher_of_another_route(world: World) -> None:
    data = {"student_number": "1", "first_name": "A", "last_name": "B", "cohort": "2026", "prior_education": "havo",
            "status": "active", "teacher": str(world.users["other_coordinator"].pk)}  # fmt: skip

    response = world.client_for("coordinator").post(reverse("placements:student-create", args=[world.route.pk]), data)

    assert response.status_code == 200
    assert "teacher" in response.context["form"].errors
    assert not Student.objects.exists()


def test_create_shows_a_taken_number_on_the_field(world: World) -> None:
    StudentFactory(route=world.route, student_number="123")
    data = {"student_number": "123", "first_name": "A", "last_name": "B", "cohort": "2026", "prior_education": "havo",
            "status": "active"}  # fmt: skip

    response = world.client_for("coordinator").post(reverse("placements:student-create", args=[world.route.pk]), data)

    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["student_number"]] == [
        "student_number_taken"
    ]


def test_edit_refuses_a_stale_save_and_shows_what_changed(world: World) -> None:
    student = StudentFactory(route=world.route, student_number="55", city="Utrecht")
    student_update(by=world.users["admin"], student=student, version=1, fields={"city": "Zeist"})
    data = {"student_number": "55", "first_name": "A", "last_name": "B", "cohort": "2026", "prior_education": "havo",
            "status": "active", "city": "Amersfoort", "version": "1"}  # fmt: skip

    response = world.client_for("coordinator").post(reverse("placements:student-edit", args=[student.pk]), data)

    assert response.status_code == 200
    assert [value for _label, value in response.context["stale_changes"]] == ["Zeist"]
    assert response.context["version_form"].initial["version"] == 2
    assert Student.objects.get(pk=student.pk).city == "Zeist"


def test_edit_saves_with_the_current_version(world: World) -> None:
    student = StudentFactory(route=world.route, student_number="55")
    data = {"student_number": "55", "first_name": "Nieuw", "last_name": "B", "cohort": "2026",
            "prior_education": "havo", "status": "paused", "version": "1"}  # fmt: skip

    response = world.client_for("coordinator").post(reverse("placements:student-edit", args=[student.pk]), data)

    assert response.status_code == 302
    saved = Student.objects.get(pk=student.pk)
    assert (saved.first_name, saved.status, saved.version) == ("Nieuw", "paused", 2)


def test_teacher_may_not_edit(world: World) -> None:
    student = StudentFactory(route=world.route)

    response = world.client_for("teacher").get(reverse("placements:student-edit", args=[student.pk]))

    assert response.status_code == 403


def test_routes_page_counts_students_of_reachable_routes(world: World) -> None:
    StudentFactory.create_batch(2, route=world.route)
    StudentFactory(route=world.other_route)

    response = world.client_for("coordinator").get(reverse("placements:student-routes"))

    assert [(route.pk, route.student_count) for route in response.context["page"].object_list] == [(world.route.pk, 2)]
