"""Stored text with CRLF or CR line breaks, as browsers sent them, rewritten with LF.

Forms and the import now store LF (scrutiny/forms.py); this brings rows saved
before that, history included, into line, so an unchanged page compares equal.
"""

from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Replace

APPS = ["recommendations", "strategy"]


def with_lf(column):
    crlf_gone = Replace(F(column), Value("\r\n"), Value("\n"))
    return Replace(crlf_gone, Value("\r"), Value("\n"))


def normalise_line_endings(apps, schema_editor):
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField):
                    rows = model._base_manager.filter(**{f"{field.name}__contains": "\r"})
                    rows.update(**{field.name: with_lf(field.name)})


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0004_search_indexes"),
        ("strategy", "0001_initial"),
    ]

    operations = [migrations.RunPython(normalise_line_endings, migrations.RunPython.noop)]
