"""Trigram indexes for the registry's search, on PostgreSQL only.

Searches use `icontains`, which PostgreSQL runs as UPPER(column::text) LIKE '%TERM%': no B-tree index helps, and
at national scale (tens of thousands of people) the person-name and e-mail searches scanned whole tables. GIN
trigram indexes on exactly those expressions let PostgreSQL answer them from the index. SQLite keeps scanning
(it is for small installations); the model state does not change, so this is a RunPython without app imports.
"""

from django.db import migrations

INDEXES = [
    ("partners_org_name_trgm", "partners_organisation", "name"),
    ("partners_org_city_trgm", "partners_organisation", "city"),
    ("partners_person_first_name_trgm", "partners_person", "first_name"),
    ("partners_person_last_name_trgm", "partners_person", "last_name"),
    ("partners_affiliation_email_trgm", "partners_affiliation", "email"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
