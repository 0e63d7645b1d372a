"""Search by name without diacritics (`name_folded LIKE '%…%'`) over 300,000 people needs a trigram index.

PostgreSQL only: the embedded SQLite default has no pg_trgm and scans, which is fine at demo size.
pg_trgm is a trusted extension (PostgreSQL ≥ 13): the database owner may create it without superuser rights.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_name_folded_trgm ON beneficiaries_person USING gin (name_folded gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS person_name_folded_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0003_entitlement_links")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
