"""Accessibility basics of the student pages (one h1, unique ids, labelled fields, scoped header cells, references
that resolve), with the checks of the registry pages: lists, the student's page, the forms and the import's
steps, also with errors."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories.placements import placement_world
from tests.partners.html import parse
from tests.partners.test_accessibility import problems
from tests.placements.test_student_import import OSIRIS, mapping_for, row
from tests.spreadsheets.files import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("persona", ["coordinator", "teacher"])
def test_student_pages(world, persona):
    made = placement_world(world)
    route = world.route.pk
    urls = [
        reverse("placements:student-routes"),
        reverse("placements:student-list", args=[route]),
        reverse("placements:student-list", args=[route]) + "?without_placement=on&q=niemand",
        reverse("placements:student-detail", args=[made.student.pk]),
    ]
    if persona == "coordinator":
        urls += [
            reverse("placements:student-create", args=[route]),
            reverse("placements:student-edit", args=[made.student.pk]),
            reverse("placements:student-import", args=[route]),
        ]
    client = world.client_for(persona)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems(parse(response.content)) == [], url


def test_forms_with_errors_tie_them_to_their_fields(world):
    client = world.client_for("coordinator")
    response = client.post(reverse("placements:student-create", args=[world.route.pk]), {"cohort": "1850"})
    assert response.status_code == 200
    assert problems(parse(response.content)) == []


def test_import_steps_with_errors_and_ready(world):
    client = world.client_for("coordinator")
    route = world.route.pk
    upload_url = reverse("placements:student-import", args=[route])
    map_url = reverse("placements:student-import-map", args=[route])
    mapping = {key: str(index) for key, index in mapping_for(OSIRIS).items()}

    bad = client.post(upload_url, {"file": SimpleUploadedFile("export.txt", b"x")})
    assert problems(parse(bad.content)) == []

    client.post(upload_url, {"file": SimpleUploadedFile("export.csv", csv_bytes([row(1), row(2, prior="?")], OSIRIS))})
    assert problems(parse(client.get(map_url).content)) == []
    with_errors = client.post(map_url, mapping)
    assert with_errors.context["error_count"] == 1
    assert problems(parse(with_errors.content)) == []

    client.post(upload_url, {"file": SimpleUploadedFile("export.csv", csv_bytes([row(1)], OSIRIS))})
    ready = client.post(map_url, mapping)
    assert ready.context["row_count"] == 1
    assert problems(parse(ready.content)) == []
