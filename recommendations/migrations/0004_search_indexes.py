"""Full-text search indexes for PostgreSQL (the recommendations table's free-text filter).

The expressions match what recommendations/filters.py asks for, so the planner
uses them. SQLite searches with a plain match and needs none.
"""

from django.db import migrations

INDEXES = {
    "recommendation_search": (
        "recommendations_recommendation",
        "to_tsvector('english'::regconfig, COALESCE(\"text\", '') || ' ' || COALESCE(\"note\", ''))",
    ),
    "update_response_search": (
        "recommendations_progressupdate",
        "to_tsvector('english'::regconfig, COALESCE(\"response\", ''))",
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING GIN (({expression}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0003_versions_and_timescale_reasons")]

    operations = [migrations.RunPython(create, drop)]
