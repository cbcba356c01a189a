"""Reports published before records were kept (Report 4 of the seed) get their record now.

This runs the application's own code, not the historical models: the record
is the paper as the application renders it. The report page captures any
report still missing one on first read, so a database migrated later is
covered too.
"""

from django.db import migrations


def record_published_reports(apps, schema_editor):
    from recommendations.paper.record import capture_missing_records

    # The application's code reads tables later migrations make (a report's own
    # abbreviations list, 0015): before they exist, the first read captures it.
    tables = schema_editor.connection.introspection.table_names()
    if "recommendations_reportabbreviation" not in tables:
        return

    if apps.get_model("recommendations", "Report").objects.filter(
        published_at__isnull=False, record__isnull=True
    ).exists():
        capture_missing_records()


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0007_paper_records")]

    operations = [migrations.RunPython(record_published_reports, migrations.RunPython.noop)]
