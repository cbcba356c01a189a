"""The README's portable backup: dumpdata, then loaddata into an emptied database.

A restore must give back every report exactly as it read before, and the
history (who changed what, when) row for row. The database is really emptied
(flush) and really reloaded, so these tests run in committed transactions.
"""

from datetime import date, datetime

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from recommendations import demo_data
from recommendations.models import OUTCOMES_FOR, MembersDecision, Recommendation, Report
from recommendations.paper.content import REPORT_RELATED, build_report
from recommendations.paper.exports import export_html
from recommendations.text import Glossary
from strategy.models import Objective
from tests.conftest import make_role_groups
from tests.factories import seed_report

# As the README gives them: natural keys for users, groups and content types, and
# nothing that migrate rebuilds (content types, permissions) or that is transient
# (sessions, sign-in attempts).
DUMPDATA_ARGS = [
    "--natural-foreign",
    "--natural-primary",
    "--exclude",
    "contenttypes",
    "--exclude",
    "auth.permission",
    "--exclude",
    "sessions",
    "--exclude",
    "axes",
]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tracked_data(client_for):
    """Seed data with its history, generated scrutinies, a draft report and decisions.

    The officer's steps go through the committee views, so history names them.
    """
    make_role_groups()
    officer = User.objects.create_user("officer", password="officer-password", is_staff=True)
    officer.groups.add(Group.objects.get(name="Committee officers"))
    call_command("load_seed_data", verbosity=0)
    demo_data.generate(recommendations=100, seed=5)
    report = seed_report()
    client = client_for(officer)
    started = client.post(
        reverse("recommendations:report_start"),
        {
            "committee": report.meeting.committee_id,
            "meeting_day": "5",
            "meeting_month": "6",
            "meeting_year": "2008",
            "number": "3",
            "title": "Drugs scrutiny recommendations update",
            "scrutiny": report.scrutiny_id,
        },
    )
    assert started.status_code == 302
    updates = report.updates.order_by("recommendation__number")
    decided = client.post(
        reverse("recommendations:report_decisions", args=[report.pk]),
        {
            # A decision that fits each unlinked proposal, on every other recommendation.
            f"outcome-{update.pk}": OUTCOMES_FOR[update.proposed_status][0]
            if update.recommendation.number % 2 and not update.linked_to_id
            else ""
            for update in updates
        }
        | {f"minute-{updates[0].pk}": "Agreed without discussion."},
    )
    assert decided.status_code == 302
    # Staff link a recommendation to the strategy, so many-to-many history exists too.
    report.scrutiny.recommendations.get(number=1).objectives.add(Objective.objects.get(ref="1.1."))
    LogEntry.objects.create(
        user=officer,
        content_type=ContentType.objects.get_for_model(Report),
        object_id=str(report.pk),
        object_repr=str(report),
        action_flag=CHANGE,
        change_message="Checked the summary.",
    )
    return officer


def exported_reports() -> dict[int, bytes]:
    glossary = Glossary.load()
    return {
        report.pk: export_html(build_report(report, glossary), glossary)
        for report in Report.objects.select_related(*REPORT_RELATED)
    }


def history_models():
    """Every history table: one per tracked model, and those of its many-to-many fields."""
    return [model for model in apps.get_models() if model.__name__.startswith("Historical")]


def to_the_millisecond(value):
    # JSON keeps times to the millisecond (Django's encoder drops the rest), as README says.
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def history_rows() -> dict[str, list[tuple]]:
    """Every history row, naming its user by username (users may get new ids on restore)."""
    rows = {}
    for model in history_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if field.attname != "history_user_id"
        ]
        if any(field.name == "history_user" for field in model._meta.fields):
            fields.append("history_user__username")
        rows[model._meta.label] = [
            tuple(to_the_millisecond(value) for value in row)
            for row in model.objects.order_by("pk").values_list(*fields)
        ]
    return rows


def restore(backup) -> None:
    """The README's restore: history off, so loading adds no history of its own."""
    call_command(
        "shell",
        command=(
            "from django.conf import settings; from django.core.management import call_command; "
            f"settings.SIMPLE_HISTORY_ENABLED = False; call_command('loaddata', {str(backup)!r})"
        ),
    )


def back_up_and_restore(tmp_path):
    backup = tmp_path / "backup.json.gz"
    call_command("dumpdata", *DUMPDATA_ARGS, "--output", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Report.objects.exists() and not User.objects.exists()
    make_role_groups()  # a new database is migrated, and migrate makes the groups
    restore(backup)


def test_every_report_exports_the_same_html_after_a_restore(tracked_data, tmp_path):
    before = exported_reports()
    drafts = Report.objects.filter(published_at__isnull=True).count()
    assert len(before) > 5 and drafts > 0

    back_up_and_restore(tmp_path)

    after = exported_reports()
    assert after.keys() == before.keys()
    for pk, html in before.items():
        assert after[pk] == html, f"report {pk} reads differently after the restore"
    assert Report.objects.filter(published_at__isnull=True).count() == drafts


def test_history_comes_back_row_for_row_and_loading_adds_none(tracked_data, tmp_path):
    counts = {model._meta.label: model.objects.count() for model in history_models()}
    rows = history_rows()
    # The data really has history of each kind: the seed's, the officer's, many-to-many.
    assert counts["recommendations.HistoricalRecommendation"] >= 24
    assert counts["recommendations.HistoricalRecommendation_objectives"] > 0
    assert MembersDecision.history.filter(history_user__username="officer").exists()
    assert Report.history.filter(history_user__username="officer", history_type="+").exists()

    back_up_and_restore(tmp_path)

    assert {model._meta.label: model.objects.count() for model in history_models()} == counts
    assert history_rows() == rows


def test_people_groups_and_the_admin_log_come_back(tracked_data, tmp_path):
    recommendations = Recommendation.objects.count()

    back_up_and_restore(tmp_path)

    officer = User.objects.get(username="officer")
    assert officer.check_password("officer-password")
    assert officer.has_perm("recommendations.publish_report")  # group and its permissions
    assert Group.objects.count() == 3
    entry = LogEntry.objects.get()
    assert (entry.user, entry.content_type.model_class()) == (officer, Report)
    assert Recommendation.objects.count() == recommendations
    assert Recommendation.objects.filter(objectives__isnull=False).exists()
    assert seed_report().meeting.date == date(2008, 3, 6)
