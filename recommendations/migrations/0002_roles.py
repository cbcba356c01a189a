"""The three groups people are put in, with their permissions. Safe to run again."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RECOMMENDATIONS = [
    "scrutiny",
    "recommendation",
    "committee",
    "meeting",
    "report",
    "reportsection",
    "progressupdate",
    "membersdecision",
    "abbreviation",
]
STRATEGY = [
    "strategy",
    "strategysection",
    "aim",
    "activity",
    "unit",
    "objective",
    "responsibility",
    "successmeasure",
]


def perms(app, models, actions):
    return [f"{app}.{action}_{model}" for model in models for action in actions]


EVERYTHING_VIEW = (
    perms("recommendations", RECOMMENDATIONS, ["view"])
    + perms("strategy", STRATEGY, ["view"])
    + ["recommendations.view_draft"]
)
EDIT = ["add", "change", "delete"]

ROLES = {
    "Committee members": EVERYTHING_VIEW,
    "Directorate staff": EVERYTHING_VIEW
    + perms("recommendations", ["recommendation", "progressupdate", "abbreviation"], EDIT)
    + perms("strategy", STRATEGY, EDIT),
    "Committee officers": EVERYTHING_VIEW
    + perms(
        "recommendations",
        [
            "scrutiny",
            "recommendation",
            "committee",
            "meeting",
            "report",
            "reportsection",
            "progressupdate",
            "membersdecision",
        ],
        EDIT,
    )
    + ["recommendations.publish_report"],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0001_initial"),
        ("strategy", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
