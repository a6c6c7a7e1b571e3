"""Import and export pages, per role, through the real URL stack."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AffiliationFactory, OrganisationFactory, RouteFactory, UserFactory, assign
from tests.spreadsheets.factories import ImportJobFactory
from tests.spreadsheets.files import company_rows, csv_bytes, xlsx_bytes
from verbinder.accounts.enums import Role
from verbinder.partners.models import Organisation
from verbinder.spreadsheets.enums import ImportStatus
from verbinder.spreadsheets.models import ImportJob

pytestmark = pytest.mark.django_db

IMPORT_CREATE = reverse("partners:import-create")


def export_url(fmt: str, query: str = "") -> str:
    return reverse("partners:organisation-export", kwargs={"fmt": fmt}) + query


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def read_xlsx(response) -> list[list[str | None]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def upload(client, route, name: str, data: bytes):
    return client.post(IMPORT_CREATE, {"route": route.pk, "file": _file(name, data)})


def _file(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


# Import: the journey


def test_coordinator_imports_a_spreadsheet_from_upload_to_result(world, django_capture_on_commit_callbacks) -> None:
    client = world.client_for("coordinator")
    page = client.get(IMPORT_CREATE)
    assert page.status_code == 200
    assert page.context["form"].fields["route"].queryset.get() == world.route

    response = upload(client, world.route, "Bedrijven.xlsx", xlsx_bytes(company_rows(3)))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("partners:import-map", kwargs={"pk": job.pk})

    mapping_page = client.get(response.url)
    assert mapping_page.status_code == 200
    assert mapping_page.context["form"].initial["kvk_number"] == "1"
    assert b"Jan van der Berg1" in mapping_page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response.url, {key: str(index) for key, index in job.mapping.items()})
    detail_url = reverse("partners:import-detail", kwargs={"pk": job.pk})
    assert response.url == detail_url
    job.refresh_from_db()
    assert job.status == ImportStatus.READY

    preview = client.get(detail_url)
    assert b'id="import-preview"' in preview.content
    assert b'id="import-confirm"' in preview.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partners:import-commit", kwargs={"pk": job.pk}))
    assert response.url == detail_url
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTED
    assert set(Organisation.objects.filter(routes=world.route).values_list("kvk_number", flat=True)) >= {
        "30000001", "30000002", "30000003"
    }  # fmt: skip
    assert b'id="import-result"' in client.get(detail_url).content


def test_the_error_page_lists_row_column_and_message_escaped(world, django_capture_on_commit_callbacks) -> None:
    client = world.client_for("coordinator")
    rows = company_rows(2)
    rows[1][3] = "<script>alert(1)</script>"
    upload(client, world.route, "fout.csv", csv_bytes(rows))
    job = ImportJob.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partners:import-map", kwargs={"pk": job.pk}), {"name": "0", "postcode": "3"})
    page = client.get(reverse("partners:import-detail", kwargs={"pk": job.pk}))

    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert job.errors[0]["row"] == 3 and job.errors[0]["column"] == "D: Postcode"
    assert b'id="import-errors"' in page.content
    assert b"<script>alert(1)" not in page.content
    assert Organisation.objects.filter(kvk_number__startswith="3000").count() == 0


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bedrijven.pdf", b"%PDF-1.7\n"),
        ("bedrijven.xlsx", b"Naam;KvK\r\nA;1\r\n"),
        ("leeg.csv", b""),
        ("plaatje.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0d"),
    ],
)
def test_upload_of_a_bad_file_shows_an_error_and_saves_nothing(world, name: str, data: bytes) -> None:
    response = upload(world.client_for("coordinator"), world.route, name, data)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert ImportJob.objects.count() == 0


def test_upload_larger_than_the_limit_is_refused_without_storing_it(world, settings, media_root) -> None:
    settings.VERBINDER_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    data = csv_bytes(company_rows(3)) + b"x" * (10 * 1024 * 1024)

    response = upload(world.client_for("coordinator"), world.route, "groot.csv", data)

    assert response.status_code == 200
    assert response.context["form"].has_error("file", "size")
    assert ImportJob.objects.count() == 0
    assert not media_root.exists() or not any(media_root.rglob("*.csv"))


def test_upload_to_a_route_of_someone_else_is_refused(world) -> None:
    response = upload(world.client_for("coordinator"), world.other_route, "a.csv", csv_bytes(company_rows(1)))

    assert response.status_code == 200
    assert response.context["form"].has_error("route")
    assert ImportJob.objects.count() == 0


def test_mapping_needs_the_name_column_and_each_column_once(world) -> None:
    job = ImportJobFactory(created_by=world.users["coordinator"], route=world.route)
    url = reverse("partners:import-map", kwargs={"pk": job.pk})
    client = world.client_for("coordinator")

    missing_name = client.post(url, {"kvk_number": "1"})
    twice = client.post(url, {"name": "0", "city": "0"})

    assert missing_name.context["form"].has_error("name")
    assert twice.context["form"].has_error("city")
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED


# Import: progress


def test_a_running_job_polls_a_progress_partial(world) -> None:
    job = ImportJobFactory(
        created_by=world.users["coordinator"], route=world.route, status=ImportStatus.VALIDATING,
        total_rows=10_000, processed_rows=2_500,
    )  # fmt: skip
    client = world.client_for("coordinator")

    page = client.get(reverse("partners:import-detail", kwargs={"pk": job.pk}))
    partial = client.get(reverse("partners:import-progress", kwargs={"pk": job.pk}), headers={"HX-Request": "true"})

    assert b'hx-trigger="every 1s"' in page.content
    assert b'<label for="import-progress-bar">' in partial.content
    assert b'<progress id="import-progress-bar" max="10000" value="2500">25%</progress>' in partial.content
    assert "HX-Refresh" not in partial.headers
    assert b"<h1>" not in partial.content


def test_the_progress_partial_reloads_the_page_when_the_job_is_done(world) -> None:
    job = ImportJobFactory(created_by=world.users["coordinator"], route=world.route, status=ImportStatus.READY)

    partial = world.client_for("coordinator").get(reverse("partners:import-progress", kwargs={"pk": job.pk}))

    assert partial.headers["HX-Refresh"] == "true"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("admin", 200), ("other_coordinator", 404), ("teacher", 404), ("company_contact", 404),
     ("anonymous", 302)],
)  # fmt: skip
def test_an_import_is_private_to_its_creator(world, persona: str, status: int) -> None:
    job = ImportJobFactory(created_by=world.users["coordinator"], route=world.route)

    for name in ("import-detail", "import-map", "import-progress"):
        response = world.client_for(persona).get(reverse(f"partners:{name}", kwargs={"pk": job.pk}))
        assert response.status_code == status, name


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("admin", 200), ("other_coordinator", 200), ("teacher", 403), ("student", 404),
     ("partner_contact", 404), ("anonymous", 302)],
)  # fmt: skip
def test_import_page_per_role(world, persona: str, status: int) -> None:
    assert world.client_for(persona).get(IMPORT_CREATE).status_code == status


# Export


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("teacher", 200), ("admin", 200), ("other_coordinator", 200), ("company_contact", 404),
     ("workplace_supervisor", 404), ("student", 404), ("partner_contact", 404), ("other_company_contact", 404),
     ("anonymous", 302)],
)  # fmt: skip
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_per_role(world, persona: str, status: int, fmt: str) -> None:
    assert world.client_for(persona).get(export_url(fmt)).status_code == status


def test_export_of_an_unknown_format_is_not_found(world) -> None:
    assert world.client_for("coordinator").get(export_url("pdf")).status_code == 404


def test_csv_export_has_the_users_scope_the_filters_and_a_safe_filename(world) -> None:
    response = world.client_for("coordinator").get(export_url("csv"))

    rows = read_csv(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="verbinder-organisaties-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert response["Cache-Control"] == "private, no-store"
    assert [row[0] for row in rows[1:]] == ["Bakkerij De Korenaar", "Brancheclub Techniek"]
    assert len(rows[0]) == 15
    filtered = read_csv(world.client_for("coordinator").get(export_url("csv", "?q=Korenaar")))
    assert [row[0] for row in filtered[1:]] == ["Bakkerij De Korenaar"]
    other = read_csv(world.client_for("other_coordinator").get(export_url("csv")))
    assert [row[0] for row in other[1:]] == ["Zorgtechniek Oost"]


def test_xlsx_export_holds_the_columns_as_text_cells(world) -> None:
    world.company.kvk_number = "01234567"
    world.company.sbi_codes = "1071"
    world.company.save()
    world.affiliation.is_primary_contact = True
    world.affiliation.phone = "+31 6 12345678"
    world.affiliation.save()

    response = world.client_for("coordinator").get(export_url("xlsx", "?q=Korenaar"))

    rows = read_xlsx(response)
    assert response["Content-Disposition"].endswith('.xlsx"')
    row = dict(zip(["name", "kind", "kvk", "establishment", "sbi", "size", "street", "postcode", "city", "website",
                    "routes", "contact", "email", "phone", "function"], rows[1], strict=True))  # fmt: skip
    assert (row["name"], row["kvk"], row["sbi"]) == ("Bakkerij De Korenaar", "01234567", "1071")
    assert row["routes"] == "Ad Technische Bedrijfskunde"
    assert row["contact"] == "Anna de Vries"
    assert row["phone"] == "+31 6 12345678"


def test_export_escapes_formulas_and_keeps_html_as_text(world) -> None:
    world.company.name = '=HYPERLINK("http://evil","klik")'
    world.company.city = "<script>alert(1)</script>"
    world.company.save()

    rows = read_csv(world.client_for("coordinator").get(export_url("csv", "?q=HYPERLINK")))

    assert rows[1][0] == '\'=HYPERLINK("http://evil","klik")'
    assert rows[1][8] == "<script>alert(1)</script>"


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_queries_do_not_grow_with_the_organisations(client, django_assert_num_queries, count, fmt) -> None:
    route = RouteFactory()
    user = assign(UserFactory(), Role.COORDINATOR, route=route)
    for _ in range(count):
        organisation = OrganisationFactory(routes=[route])
        AffiliationFactory(organisation=organisation, is_primary_contact=True)
        AffiliationFactory(organisation=organisation)
    client.force_login(user)

    # Session, user and roles (3), the session touch (3), organisations, their routes, their contacts (3).
    with django_assert_num_queries(9):
        response = client.get(export_url(fmt))
        content = b"".join(response.streaming_content)

    rows = read_xlsx_bytes(content) if fmt == "xlsx" else content.decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + count


# Round trip


def test_an_export_can_be_imported_again_elsewhere(world, run_import) -> None:
    world.company.kvk_number = "12345678"
    world.company.establishment_number = "000012345678"
    world.company.sbi_codes = "1071 4721"
    world.company.size_class = "10-49"
    world.company.website = "https://korenaar.nl"
    world.company.name = "=Bakkerij De Korenaar"
    world.company.save()
    world.affiliation.is_primary_contact = True
    world.affiliation.function_title = "Eigenaar"
    world.affiliation.save()
    exported = world.client_for("coordinator").get(export_url("xlsx"))
    data = b"".join(exported.streaming_content)
    first = read_xlsx_bytes(data)
    Organisation.objects.all().delete()
    newcomer_route = RouteFactory(programme_name="Ad Technische Bedrijfskunde")
    newcomer = assign(UserFactory(), Role.COORDINATOR, route=newcomer_route)

    job = run_import(by=newcomer, route=newcomer_route, name="export.xlsx", data=data)

    assert job.status == ImportStatus.IMPORTED, job.errors or job.failure
    assert len(job.mapping) == 14
    again = world.client_for("anonymous")
    again.force_login(newcomer)
    second = read_xlsx_bytes(b"".join(again.get(export_url("xlsx")).streaming_content))
    assert second == first


def read_xlsx_bytes(data: bytes) -> list[list[str | None]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_a_coordinator_who_left_the_route_cannot_finish_its_import():
    route, other_route = RouteFactory(), RouteFactory()
    coordinator = assign(assign(UserFactory(), Role.COORDINATOR, route=route), Role.COORDINATOR, route=other_route)
    job = ImportJobFactory(created_by=coordinator, route=route)
    coordinator.role_assignments.filter(route=route).delete()
    client = Client()
    client.force_login(coordinator)

    response = client.get(reverse("partners:import-map", args=[job.pk]))

    assert response.status_code == 404
