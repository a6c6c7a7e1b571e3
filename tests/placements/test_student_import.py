"""The student import: a CSV or XLSX export of the student information system, columns mapped once per route (kept
and offered again), every row checked, all or nothing; through the services and through the pages."""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Sequence

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import UserFactory, assign
from tests.factories.placements import StudentFactory
from tests.spreadsheets.files import csv_bytes, xlsx_bytes
from verbinder.accounts.enums import Role
from verbinder.core.models import ActivityLog
from verbinder.core.schedule import SCHEDULE
from verbinder.placements.enums import PriorEducation, StudentStatus
from verbinder.placements.models import Student, StudentImportMapping
from verbinder.placements.services import student_import as importer
from verbinder.placements.tasks import sweep_student_uploads

pytestmark = pytest.mark.django_db

OSIRIS = ("Studentnummer", "Roepnaam", "Tussenvoegsel", "Achternaam", "E-mail", "Postcode", "Woonplaats", "Cohort",
          "Vooropleiding", "Status", "SLB")  # fmt: skip


def row(n: int, **extra: str) -> list[str]:
    values = {
        "number": f"{4000000 + n}",
        "first": f"Roep{n}",
        "prefix": "van der" if n % 2 else "",
        "last": f"Achter{n}",
        "email": f"s{n}@student.example.nl",
        "postcode": "3511 ab",
        "city": "Utrecht",
        "cohort": "2025-2026",
        "prior": "MBO 4 BOL" if n % 2 else "mbo-4 bbl",
        "status": "actief",
        "teacher": "",
    } | extra
    return list(values.values())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media) -> list[str]:
    return sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())


def store(world: World, data: bytes, name: str = "export.csv") -> importer.StoredUpload:
    return importer.upload_store(route=world.route, name=name, data=data)


def mapping_for(headers: Sequence[str]) -> dict[str, int]:
    return importer.suggest_mapping(list(headers))


# The words of the student information systems


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("MBO 4 BOL", PriorEducation.MBO4_BOL),
        ("mbo-4 bbl", PriorEducation.MBO4_BBL),
        ("Mbo4-Bol", PriorEducation.MBO4_BOL),
        ("HAVO", PriorEducation.HAVO),
        ("vwo", PriorEducation.VWO),
        ("werkend", PriorEducation.WORKING_PROFESSIONAL),
        ("Working professional", PriorEducation.WORKING_PROFESSIONAL),
        ("overig", PriorEducation.OTHER),
        ("kleuterschool", None),
    ],
)
def test_prior_education_words(text: str, value: str | None) -> None:
    assert importer.prior_education_for(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("actief", StudentStatus.ACTIVE),
        ("Aangemeld", StudentStatus.APPLICANT),
        ("gestopt", StudentStatus.STOPPED),
        ("afgestudeerd", StudentStatus.GRADUATED),
        ("onderbroken", StudentStatus.PAUSED),
        ("active", StudentStatus.ACTIVE),
        ("zwevend", None),
    ],
)
def test_status_words(text: str, value: str | None) -> None:
    assert importer.status_for(text) == value


@pytest.mark.parametrize(("text", "year"), [("2025", "2025"), ("2025-2026", "2025"), ("2025/26", "2025"),
                                            ("2025-09-01", "2025"), ("vorig jaar", "vorig jaar")])  # fmt: skip
def test_cohort_words(text: str, year: str) -> None:
    assert importer.cohort_for(text) == year


def test_suggest_mapping_prefers_roepnaam_and_reads_osiris_headers() -> None:
    headers = ["Studentnummer", "Voornaam", "Roepnaam", "Achternaam", "Startjaar", "Vooropleiding", "Docent"]

    assert importer.suggest_mapping(headers) == {
        "student_number": 0,
        "first_name": 2,
        "last_name": 3,
        "cohort": 4,
        "prior_education": 5,
        "teacher": 6,
    }


# Checking and importing


def test_csv_import_all_rows_in_one_go(world: World, media, django_capture_on_commit_callbacks) -> None:
    upload = store(world, csv_bytes([row(1), row(2)], OSIRIS))

    with django_capture_on_commit_callbacks(execute=True):
        students = importer.students_import(
            by=world.users["coordinator"], route=world.route, upload=upload, mapping=mapping_for(OSIRIS)
        )

    assert len(students) == 2
    first = Student.objects.get(student_number="4000001")
    assert (first.first_name, first.last_name, first.postcode, first.cohort) == (
        "Roep1",
        "van der Achter1",
        "3511 AB",
        2025,
    )
    assert (first.prior_education, first.status, first.route) == (
        PriorEducation.MBO4_BOL,
        StudentStatus.ACTIVE,
        world.route,
    )
    assert Student.objects.get(student_number="4000002").prior_education == PriorEducation.MBO4_BBL
    entries = ActivityLog.objects.filter(action_type="placements.student.imported")
    assert entries.count() == 2
    assert entries.first().data["route_id"] == world.route.pk
    assert stored_files(media) == []  # the file is deleted once imported


def test_xlsx_import_with_numbers_as_numbers(world: World) -> None:
    rows = [row(1, number=4000001, cohort=2026), row(2, number=4000002, cohort=2026)]  # type: ignore[arg-type]
    upload = store(world, xlsx_bytes(rows, OSIRIS), "export.xlsx")

    importer.students_import(by=None, route=world.route, upload=upload, mapping=mapping_for(OSIRIS))

    assert sorted(Student.objects.values_list("student_number", "cohort")) == [("4000001", 2026), ("4000002", 2026)]


@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "utf-8-sig"), (",", "utf-8"), ("\t", "cp1252")])
def test_csv_delimiters_and_encodings(world: World, delimiter: str, encoding: str) -> None:
    data = csv_bytes([row(1, first="Zoë", city="’s-Hertogenbosch")], OSIRIS, delimiter=delimiter, encoding=encoding)
    upload = store(world, data)

    importer.students_import(by=None, route=world.route, upload=upload, mapping=mapping_for(OSIRIS))

    student = Student.objects.get()
    assert (student.first_name, student.city) == ("Zoë", "’s-Hertogenbosch")


def test_duplicate_numbers_in_the_file_save_nothing(world: World) -> None:
    upload = store(world, csv_bytes([row(1), row(2), row(3, number="4000001")], OSIRIS))

    with pytest.raises(importer.ImportRefused) as caught:
        importer.students_import(by=None, route=world.route, upload=upload, mapping=mapping_for(OSIRIS))

    errors = caught.value.result.errors
    assert [(error.row, error.column) for error in errors] == [(4, "A: Studentnummer")]
    assert "2" in errors[0].message  # the row where the number came first
    assert not Student.objects.exists()


def test_a_number_already_in_the_route_is_a_row_error(world: World) -> None:
    StudentFactory(route=world.route, student_number="4000002")
    StudentFactory(route=world.other_route, student_number="4000001")
    upload = store(world, csv_bytes([row(1), row(2)], OSIRIS))

    result = importer.students_check(route=world.route, upload=upload, mapping=mapping_for(OSIRIS))

    assert [(error.row, error.column) for error in result.errors] == [(3, "A: Studentnummer")]
    assert [number for number, _cleaned in result.rows] == [2]


def test_unknown_prior_education_is_a_row_error(world: World) -> None:
    upload = store(world, csv_bytes([row(1), row(2, prior="Kleuterschool")], OSIRIS))

    with pytest.raises(importer.ImportRefused) as caught:
        importer.students_import(by=None, route=world.route, upload=upload, mapping=mapping_for(OSIRIS))

    errors = caught.value.result.errors
    assert [(error.row, error.column) for error in errors] == [(3, "I: Vooropleiding")]
    assert "Kleuterschool" in errors[0].message
    assert not Student.objects.exists()


def test_row_errors_name_row_column_and_problem(world: World) -> None:
    rows = [row(1, number="", email="geen-adres"), row(2, cohort="1850", status="zwevend", teacher="Onbekend")]
    upload = store(world, csv_bytes(rows, OSIRIS))

    result = importer.students_check(route=world.route, upload=upload, mapping=mapping_for(OSIRIS))

    assert sorted((error.row, error.column) for error in result.errors) == [
        (2, "A: Studentnummer"),
        (2, "E: E-mail"),
        (3, "H: Cohort"),
        (3, "J: Status"),
        (3, "K: SLB"),
    ]
    assert result.rows == []


def test_teacher_by_name_or_email_among_the_route_staff(world: World) -> None:
    teacher = world.users["teacher"]
    rows = [row(1, teacher=teacher.name.upper()), row(2, teacher=world.users["coordinator"].email.upper())]
    upload = store(world, csv_bytes(rows, OSIRIS))

    importer.students_import(by=None, route=world.route, upload=upload, mapping=mapping_for(OSIRIS))

    assert dict(Student.objects.values_list("student_number", "teacher_id")) == {
        "4000001": teacher.pk,
        "4000002": world.users["coordinator"].pk,
    }


def test_import_links_logins_but_never_staff(world: World) -> None:
    login = UserFactory(email="s1@student.example.nl")
    assign(UserFactory(email="s2@student.example.nl"), Role.TEACHER, route=world.other_route)
    upload = store(world, csv_bytes([row(1), row(2), row(3, email="s1@student.example.nl")], OSIRIS))

    importer.students_import(by=None, route=world.route, upload=upload, mapping=mapping_for(OSIRIS))

    assert dict(Student.objects.values_list("student_number", "user_id")) == {
        "4000001": login.pk,
        "4000002": None,
        "4000003": None,  # the same address twice: the first row is the login's
    }


def test_empty_rows_are_skipped(world: World) -> None:
    upload = store(world, csv_bytes([row(1), [""] * len(OSIRIS), row(2)], OSIRIS))

    importer.students_import(by=None, route=world.route, upload=upload, mapping=mapping_for(OSIRIS))

    assert Student.objects.count() == 2


def test_a_file_of_thousands_of_rows_is_checked_and_imported_within_seconds(world: World) -> None:
    upload = store(world, csv_bytes([row(n) for n in range(1, 3001)], OSIRIS))

    started = time.monotonic()
    importer.students_import(by=None, route=world.route, upload=upload, mapping=mapping_for(OSIRIS))

    assert Student.objects.count() == 3000
    assert time.monotonic() - started < 10


def test_mapping_is_kept_by_header_name_and_offered_again(world: World) -> None:
    headers = ["Nummer student", "Naam", "Familienaam", "Jaar", "Opleiding vooraf"]
    importer.mapping_save(
        by=None,
        route=world.route,
        headers=headers,
        mapping={"student_number": 0, "first_name": 1, "last_name": 2, "cohort": 3, "prior_education": 4},
    )

    reordered = ["Jaar", "Opleiding vooraf", "Naam", "Familienaam", "Nummer student", "E-mail"]
    mapping, reused = importer.mapping_initial(route=world.route, headers=reordered)

    assert reused is True
    assert mapping == {
        "student_number": 4,
        "first_name": 2,
        "last_name": 3,
        "cohort": 0,
        "prior_education": 1,
        "email": 5,
    }


# Through the pages


def coordinator(world: World) -> Client:
    return world.client_for("coordinator")


def upload_file(client: Client, world: World, data: bytes, name: str = "export.csv"):
    url = reverse("placements:student-import", kwargs={"route_pk": world.route.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_import_pages_upload_map_check_commit(world: World, media, django_capture_on_commit_callbacks) -> None:
    client = coordinator(world)
    response = upload_file(client, world, csv_bytes([row(1), row(2)], OSIRIS))
    map_url = reverse("placements:student-import-map", kwargs={"route_pk": world.route.pk})
    assert response.status_code == 302 and response["Location"] == map_url

    page = client.get(map_url)
    assert page.status_code == 200
    assert page.context["form"].initial["student_number"] == "0"
    assert page.context["reused"] is False

    checked = client.post(map_url, {key: str(index) for key, index in mapping_for(OSIRIS).items()})
    assert checked.status_code == 200
    assert (checked.context["error_count"], checked.context["row_count"]) == (0, 2)
    assert b'id="import-confirm"' in checked.content
    assert StudentImportMapping.objects.get(route=world.route).mapping["prior_education"] == "Vooropleiding"

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("placements:student-import-commit", kwargs={"route_pk": world.route.pk}))
    assert done.status_code == 302
    assert done["Location"] == reverse("placements:student-list", kwargs={"route_pk": world.route.pk})
    assert Student.objects.filter(route=world.route).count() == 2
    assert stored_files(media) == []

    # The next file of this route gets the stored columns.
    upload_file(client, world, xlsx_bytes([row(3)], OSIRIS), "next.xlsx")
    again = client.get(map_url)
    assert again.context["reused"] is True


def test_import_pages_show_row_errors_and_save_nothing(world: World) -> None:
    client = coordinator(world)
    upload_file(client, world, csv_bytes([row(1), row(2, number="4000001"), row(3, prior="Kleuterschool")], OSIRIS))
    map_url = reverse("placements:student-import-map", kwargs={"route_pk": world.route.pk})

    checked = client.post(map_url, {key: str(index) for key, index in mapping_for(OSIRIS).items()})

    assert checked.context["error_count"] == 2
    assert [error.row for error in checked.context["errors"]] == [3, 4]
    assert b'id="import-errors"' in checked.content
    assert b'id="import-confirm"' not in checked.content
    refused = client.post(reverse("placements:student-import-commit", kwargs={"route_pk": world.route.pk}))
    assert refused.status_code == 200
    assert refused.context["error_count"] == 2
    assert not Student.objects.exists()


def test_import_page_refuses_a_bad_file(world: World, media) -> None:
    response = upload_file(coordinator(world), world, b"PK\x03\x04 not really a workbook", "export.xlsx")

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert stored_files(media) == []


def test_a_new_upload_replaces_the_previous_file(world: World, media) -> None:
    client = coordinator(world)
    upload_file(client, world, csv_bytes([row(1)], OSIRIS))
    upload_file(client, world, csv_bytes([row(2)], OSIRIS))

    assert len(stored_files(media)) == 1


def test_mapping_requires_the_student_number_column(world: World) -> None:
    client = coordinator(world)
    upload_file(client, world, csv_bytes([row(1)], OSIRIS))
    map_url = reverse("placements:student-import-map", kwargs={"route_pk": world.route.pk})

    response = client.post(map_url, {"first_name": "1", "last_name": "3", "cohort": "7", "prior_education": "8"})

    assert response.status_code == 200
    assert "student_number" in response.context["form"].errors
    assert "checked" not in response.context


def test_another_coordinators_upload_cannot_be_imported_into_their_route(world: World) -> None:
    upload_file(coordinator(world), world, csv_bytes([row(1)], OSIRIS))
    other = world.client_for("other_coordinator")

    response = other.post(reverse("placements:student-import-commit", kwargs={"route_pk": world.other_route.pk}))

    assert response.status_code == 302
    assert not Student.objects.exists()


def test_sweep_deletes_uploads_older_than_a_day(world: World, media) -> None:
    old = store(world, csv_bytes([row(1)], OSIRIS))
    new = store(world, csv_bytes([row(2)], OSIRIS))
    two_days_ago = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(media / old.stored_name, (two_days_ago, two_days_ago))

    assert sweep_student_uploads.enqueue().return_value == 1
    assert stored_files(media) == [new.stored_name]
    assert "verbinder.placements.tasks.sweep_student_uploads" in {entry.task for entry in SCHEDULE}


def test_sweep_without_any_upload(world: World) -> None:
    assert importer.uploads_sweep() == 0


def test_mapping_save_logs_a_changed_choice_once(world: World) -> None:
    headers = ["Studentnummer", "Roepnaam"]
    by = world.users["coordinator"]

    importer.mapping_save(by=by, route=world.route, headers=headers, mapping={"student_number": 0, "first_name": 1})
    importer.mapping_save(by=by, route=world.route, headers=headers, mapping={"student_number": 0, "first_name": 1})
    importer.mapping_save(by=by, route=world.route, headers=headers, mapping={"student_number": 0})

    entries = ActivityLog.objects.filter(action_type="placements.student_import_mapping.saved").order_by("pk")
    assert [entry.changes["mapping"][1] for entry in entries] == [
        {"student_number": "Studentnummer", "first_name": "Roepnaam"},
        {"student_number": "Studentnummer"},
    ]
    assert entries[0].data == {"route": str(world.route), "route_id": world.route.pk}
    assert StudentImportMapping.objects.get(route=world.route).mapping == {"student_number": "Studentnummer"}


def test_an_archived_route_takes_no_upload(world: World, media) -> None:
    world.route.archived_at = timezone.now()
    world.route.save()

    with pytest.raises(ValidationError):
        store(world, csv_bytes([row(1)], OSIRIS))
    assert stored_files(media) == []


def test_import_page_refuses_a_file_over_the_size_limit(world: World, media, settings) -> None:
    settings.VERBINDER_MAX_UPLOAD_BYTES = 1024

    response = upload_file(coordinator(world), world, csv_bytes([row(n) for n in range(1, 100)], OSIRIS))

    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["file"]] == ["size"]
    assert stored_files(media) == []


def test_headers_nobody_knows_get_no_suggestion(world: World) -> None:
    client = coordinator(world)
    upload_file(client, world, csv_bytes([["1", "2"]], ["Kolom een", "Kolom twee"]))

    page = client.get(reverse("placements:student-import-map", kwargs={"route_pk": world.route.pk}))

    assert page.context["form"].initial == {}
