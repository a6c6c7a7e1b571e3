from __future__ import annotations

import factory

from tests.factories import RouteFactory, UserFactory
from verbinder.spreadsheets.enums import FileFormat, ImportStatus
from verbinder.spreadsheets.models import ImportJob


class ImportJobFactory(factory.django.DjangoModelFactory):
    """An import without a stored file (a task that runs on it ends as failed: the file is missing)."""

    class Meta:
        model = ImportJob

    created_by = factory.SubFactory(UserFactory)
    route = factory.SubFactory(RouteFactory)
    original_name = "bedrijven.xlsx"
    file_format = FileFormat.XLSX
    status = ImportStatus.UPLOADED
    headers = ["Naam", "KvK"]
    samples = [["Nieuwe Onderneming B.V.", "12345678"]]
    mapping = {"name": 0, "kvk_number": 1}
