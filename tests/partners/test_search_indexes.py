"""On PostgreSQL the registry's searches are served by trigram indexes (migration partners 0002)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q

from verbinder.partners.models import Affiliation, Organisation, Person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"),
]

EXPECTED = {
    "partners_org_name_trgm",
    "partners_org_city_trgm",
    "partners_person_first_name_trgm",
    "partners_person_last_name_trgm",
    "partners_affiliation_email_trgm",
}


def test_trigram_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'partners_%%_trgm'")
        assert {row[0] for row in cursor.fetchall()} == EXPECTED


@pytest.mark.parametrize(
    ("queryset", "indexes"),
    [
        (lambda: Person.objects.filter(Q(first_name__icontains="vries") | Q(last_name__icontains="vries")),
         {"partners_person_first_name_trgm", "partners_person_last_name_trgm"}),
        (lambda: Organisation.objects.filter(Q(name__icontains="bakker") | Q(city__icontains="bakker")),
         {"partners_org_name_trgm", "partners_org_city_trgm"}),
        (lambda: Affiliation.objects.filter(email__icontains="vries"), {"partners_affiliation_email_trgm"}),
    ],
)  # fmt: skip
def test_icontains_as_django_writes_it_matches_the_index_expression(queryset, indexes):
    """With only bitmap scans allowed (the way to read a trigram index), PostgreSQL answers Django's
    UPPER(col::text) LIKE from the indexes: the index expression is the one Django writes."""
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        plan = queryset().explain()
    assert all(index in plan for index in indexes), plan
