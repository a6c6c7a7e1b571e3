"""The responsibility matrix as a PDF: A4 landscape, the hogeschool's name, every task and column (one render)."""

from __future__ import annotations

import subprocess

import pytest
from django.test import override_settings
from django.urls import reverse

from verbinder.agreements.models import MatrixParty, MatrixTask
from verbinder.agreements.services.matrix import DEFAULT_TASKS, matrix_ensure

pytestmark = pytest.mark.django_db


def test_the_matrix_pdf_holds_every_task_and_column(world, tmp_path):
    matrix_ensure(route=world.route)

    with override_settings(VERBINDER_INSTITUTION_NAME="Hogeschool Noord"):
        response = world.client_for("coordinator").get(reverse("agreements:matrix-pdf", args=[world.route.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('inline; filename="verantwoordelijkhedenmatrix-')
    path = tmp_path / "matrix.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276 pts (A4)" in info  # landscape
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Hogeschool Noord" in text and "pagina 1 van" in text
    for name, _description, _values in DEFAULT_TASKS:
        assert name in text
    for label in MatrixParty.objects.filter(route=world.route).values_list("label", flat=True):
        assert label in text
    assert MatrixTask.objects.filter(route=world.route).count() == len(DEFAULT_TASKS)
