"""Import services: check every row, then write all rows in one transaction or none."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.factories import AffiliationFactory, OrganisationFactory, RouteFactory, UserFactory, assign
from tests.spreadsheets.files import HEADERS, company_row, company_rows, csv_bytes, xlsx_bytes
from verbinder.accounts.enums import Role
from verbinder.core.models import ActivityLog
from verbinder.partners.models import Affiliation, Organisation, Partnership, Person
from verbinder.spreadsheets import services
from verbinder.spreadsheets.enums import ImportStatus
from verbinder.spreadsheets.models import ImportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def route():
    return RouteFactory(programme_name="Ad Maintenance Engineer")


@pytest.fixture
def coordinator(route):
    return assign(UserFactory(name="Coby Coördinator", language="nl"), Role.COORDINATOR, route=route)


def test_import_job_create_keeps_the_file_under_a_random_name(coordinator, route) -> None:
    upload = SimpleUploadedFile("../../etc/Bedrijven <script>.xlsx", xlsx_bytes(company_rows(5)))

    job = services.import_job_create(by=coordinator, route=route, upload=upload)

    assert job.status == ImportStatus.UPLOADED
    assert job.original_name == "Bedrijven <script>.xlsx"  # Django drops the path
    assert job.file.name.startswith("imports/") and job.file.name.endswith(".xlsx")
    assert ".." not in job.file.name and "script" not in job.file.name
    assert default_storage.exists(job.file.name)
    assert job.headers == list(HEADERS)
    assert len(job.samples) == 3
    assert job.mapping["name"] == 0 and job.mapping["function_title"] == 9


def test_import_job_create_refuses_a_route_the_user_does_not_coordinate(coordinator) -> None:
    other_route = RouteFactory()

    with pytest.raises(PermissionDenied):
        services.import_job_create(
            by=coordinator, route=other_route, upload=SimpleUploadedFile("a.csv", csv_bytes(company_rows(1)))
        )


def test_import_job_create_stores_nothing_for_a_bad_file(coordinator, route, media_root) -> None:
    with pytest.raises(ValidationError):
        services.import_job_create(by=coordinator, route=route, upload=SimpleUploadedFile("a.xlsx", b"not a zip"))

    assert ImportJob.objects.count() == 0
    assert not (media_root / "imports").exists() or not any((media_root / "imports").iterdir())


def test_import_creates_organisations_people_affiliations_and_log(coordinator, route, run_import) -> None:
    rows = [
        ["Bakkerij De Korenaar", "1234 5678", "Dorpsstraat 1", "3511ab", "Utrecht", "korenaar.nl",
         "Jan van der Berg", "Jan@Korenaar.NL", "06-12345678", "Eigenaar"],
        ["Gemeente Zeist", "", "", "", "Zeist", "", "", "", "", ""],
    ]  # fmt: skip

    job = run_import(by=coordinator, route=route, name="bedrijven.xlsx", data=xlsx_bytes(rows))

    assert job.status == ImportStatus.IMPORTED
    assert (job.organisation_count, job.person_count) == (2, 1)
    bakery = Organisation.objects.get(name="Bakkerij De Korenaar")
    assert (bakery.kvk_number, bakery.postcode, bakery.website, bakery.kind) == (
        "12345678", "3511 AB", "https://korenaar.nl", "company"
    )  # fmt: skip
    assert Partnership.objects.filter(route=route).count() == 2
    affiliation = Affiliation.objects.select_related("person").get(organisation=bakery)
    assert (affiliation.person.first_name, affiliation.person.last_name) == ("Jan", "van der Berg")
    assert (affiliation.email, affiliation.phone, affiliation.function_title) == (
        "jan@korenaar.nl", "+31 6 12345678", "Eigenaar"
    )  # fmt: skip
    assert affiliation.is_primary_contact
    assert not Affiliation.objects.filter(organisation__name="Gemeente Zeist").exists()
    assert ActivityLog.objects.filter(action_type="partners.organisation.imported", actor=coordinator).count() == 2
    assert ActivityLog.objects.filter(action_type="partners.person.imported", object_id=affiliation.person_id).exists()
    assert not job.file and not default_storage.listdir("imports")[1]


def test_rows_with_errors_are_reported_and_nothing_is_saved(coordinator, route, run_import) -> None:
    rows = [
        company_row(1),
        ["", "30000002", "", "", "", "", "", "", "", ""],
        [*company_row(3)[:1], "1234", *company_row(3)[2:]],
        [*company_row(4)[:3], "1234", *company_row(4)[4:]],
        [*company_row(5)[:7], "geen-adres", *company_row(5)[8:]],
        [*company_row(6)[:8], "12", *company_row(6)[9:]],
        [*company_row(7)[:6], "", *company_row(7)[7:]],
    ]
    before = Organisation.objects.count()

    with translation.override("nl"):
        job = run_import(by=coordinator, route=route, name="fout.csv", data=csv_bytes(rows))

    assert job.status == ImportStatus.INVALID
    assert [(error["row"], error["column"]) for error in job.errors] == [
        (3, "A: Bedrijfsnaam"),
        (4, "B: KvK"),
        (5, "D: Postcode"),
        (6, "H: E-mail"),
        (7, "I: Telefoon"),
        (8, "G: Contactpersoon"),
    ]
    assert job.errors[3]["message"] == "Voer een geldig e-mailadres in."
    assert job.error_count == 6
    assert Organisation.objects.count() == before
    assert Person.objects.count() == 0


def test_a_kvk_number_twice_in_the_file_is_an_error_in_the_second_row(coordinator, route, run_import) -> None:
    rows = [company_row(1), company_row(2), [*company_row(3)[:1], company_row(1)[1], *company_row(3)[2:]]]

    job = run_import(by=coordinator, route=route, name="dubbel.csv", data=csv_bytes(rows))

    assert job.status == ImportStatus.INVALID
    assert [(error["row"], error["column"]) for error in job.errors] == [(4, "B: KvK")]
    assert "30000001" in job.errors[0]["message"] and "2" in job.errors[0]["message"]
    assert Organisation.objects.count() == 0


def test_a_registered_kvk_number_is_an_error_even_in_another_route(coordinator, route, run_import) -> None:
    OrganisationFactory(kvk_number="30000002", routes=[RouteFactory()], name="Elders B.V.")

    job = run_import(by=coordinator, route=route, name="a.csv", data=csv_bytes(company_rows(3)))

    assert job.status == ImportStatus.INVALID
    assert [(error["row"], error["column"]) for error in job.errors] == [(3, "B: KvK")]
    assert "Elders" not in job.errors[0]["message"]
    assert Organisation.objects.count() == 1


def test_the_import_checks_again_and_saves_nothing_when_the_registry_changed(
    coordinator, route, run_import, django_capture_on_commit_callbacks
) -> None:
    job = run_import(by=coordinator, route=route, name="a.csv", data=csv_bytes(company_rows(3)), commit=False)
    assert job.status == ImportStatus.READY
    OrganisationFactory(kvk_number="30000003")

    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_start(job=job, by=coordinator)

    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert [error["row"] for error in job.errors] == [4]
    assert Organisation.objects.count() == 1


def test_an_import_starts_once(coordinator, route, run_import) -> None:
    job = run_import(by=coordinator, route=route, name="a.csv", data=csv_bytes(company_rows(2)))

    assert job.status == ImportStatus.IMPORTED
    assert services.import_job_start(job=job, by=coordinator) is False
    assert Organisation.objects.count() == 2


def test_html_and_script_in_cells_are_stored_as_plain_text(coordinator, route, run_import) -> None:
    payload = "<script>alert('x')</script><b>Bakkerij</b>"
    row = [payload, "", "<img src=x onerror=alert(1)>", "", "", "", "", "", "", ""]

    job = run_import(by=coordinator, route=route, name="xss.csv", data=csv_bytes([row]))

    assert job.status == ImportStatus.IMPORTED
    assert Organisation.objects.get().name == payload


def test_a_missing_file_fails_the_job_with_a_message(coordinator, route, django_capture_on_commit_callbacks) -> None:
    job = services.import_job_create(
        by=coordinator, route=route, upload=SimpleUploadedFile("a.csv", csv_bytes(company_rows(1)))
    )
    default_storage.delete(job.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_map(job=job, by=coordinator, mapping=job.mapping)

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.failure


def test_an_import_of_10000_rows_with_one_bad_row_saves_nothing_and_names_the_row(
    coordinator, route, run_import
) -> None:
    rows = company_rows(10_000)
    rows[7_311][3] = "99999"  # spreadsheet row 7,313 (after the header)
    AffiliationFactory()
    before = (Organisation.objects.count(), Person.objects.count(), Affiliation.objects.count())

    job = run_import(by=coordinator, route=route, name="groot.xlsx", data=xlsx_bytes(rows))

    assert job.status == ImportStatus.INVALID
    assert (job.total_rows, job.processed_rows, job.error_count) == (10_000, 10_000, 1)
    assert job.errors == [{"row": 7_313, "column": "D: Postcode", "message": job.errors[0]["message"]}]
    assert (Organisation.objects.count(), Person.objects.count(), Affiliation.objects.count()) == before


def test_an_import_of_10000_rows_takes_less_than_a_minute(coordinator, route, run_import) -> None:
    data = xlsx_bytes(company_rows(10_000))

    started = time.perf_counter()
    job = run_import(by=coordinator, route=route, name="groot.xlsx", data=data)
    elapsed = time.perf_counter() - started

    print(f"\n10,000-row XLSX import (upload, check, import): {elapsed:.1f} s")
    assert job.status == ImportStatus.IMPORTED
    assert Organisation.objects.count() == 10_000
    assert Affiliation.objects.filter(is_primary_contact=True).count() == 10_000
    assert ActivityLog.objects.filter(action_type="partners.organisation.imported").count() == 10_000
    assert elapsed < 60
