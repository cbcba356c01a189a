"""Stored text rid of control characters XML cannot hold, history included.

Forms and the import now drop them (scrutiny/forms.py); rows saved before
that, a vertical tab or an escape pasted from Word, say, made every XLSX and
Word export of them fail. Papers of record keep what they said: their content
is JSON, untouched here, and the writers drop the characters on the way out.
"""

import re

from django.db import migrations, models

APPS = ["recommendations", "strategy"]
# As scrutiny/forms.py's XML_UNSAFE_BUT_NUL, written out: a migration keeps its own copy.
XML_UNSAFE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SEARCHED = "[\x01-\x08\x0b\x0c\x0e-\x1f]"


def drop_xml_controls(apps, schema_editor):
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.CharField | models.TextField):
                    continue
                rows = model._base_manager.filter(**{f"{field.name}__regex": SEARCHED})
                for pk, value in rows.values_list("pk", field.name):
                    model._base_manager.filter(pk=pk).update(
                        **{field.name: XML_UNSAFE.sub("", value)}
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0010_bounded_dates"),
        ("strategy", "0001_initial"),
    ]

    operations = [migrations.RunPython(drop_xml_controls, migrations.RunPython.noop)]
