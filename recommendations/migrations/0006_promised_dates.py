"""A timescale is kept as the dates it promised, fixed from its own meeting.

Months after the meeting were read afresh from whichever paper carried the
update, so carrying "within the next three months" from 6 March into a 5 June
paper moved its end from 6 June to 5 September. The dates are worked out once,
from each update's own meeting (history rows too), and the months go.
"""

import calendar
from datetime import date

from django.db import migrations, models


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_to_dates(apps, schema_editor):
    Report = apps.get_model("recommendations", "Report")
    meeting_dates = dict(Report.objects.values_list("pk", "meeting__date"))
    for name in ("ProgressUpdate", "HistoricalProgressUpdate"):
        model = apps.get_model("recommendations", name)
        rows = model._base_manager.filter(timescale_to_months__isnull=False)
        for row in rows.only("pk", "report_id", "timescale_from_months", "timescale_to_months"):
            meeting = meeting_dates.get(row.report_id)
            if meeting is None:  # a history row of a report since deleted
                continue
            starts = row.timescale_from_months
            model._base_manager.filter(pk=row.pk).update(
                due_from=add_months(meeting, starts) if starts else None,
                due_by=add_months(meeting, row.timescale_to_months),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0005_text_line_endings"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="progressupdate",
            name="update_timescale_valid",
        ),
        migrations.AddField(
            model_name="historicalprogressupdate",
            name="due_by",
            field=models.DateField(
                blank=True,
                help_text="Outstanding work: the date it was promised to be complete by.",
                null=True,
                verbose_name="expected by",
            ),
        ),
        migrations.AddField(
            model_name="historicalprogressupdate",
            name="due_from",
            field=models.DateField(
                blank=True,
                help_text=(
                    "Outstanding work: not expected before this date (empty for 'by' a date)."
                ),
                null=True,
                verbose_name="expected from",
            ),
        ),
        migrations.AddField(
            model_name="progressupdate",
            name="due_by",
            field=models.DateField(
                blank=True,
                help_text="Outstanding work: the date it was promised to be complete by.",
                null=True,
                verbose_name="expected by",
            ),
        ),
        migrations.AddField(
            model_name="progressupdate",
            name="due_from",
            field=models.DateField(
                blank=True,
                help_text=(
                    "Outstanding work: not expected before this date (empty for 'by' a date)."
                ),
                null=True,
                verbose_name="expected from",
            ),
        ),
        migrations.AlterField(
            model_name="historicalprogressupdate",
            name="timescale_change_reason",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Needed when outstanding work is now expected later than the last report "
                    "promised: why the expected completion moved."
                ),
                verbose_name="reason for the timescale change",
            ),
        ),
        migrations.AlterField(
            model_name="progressupdate",
            name="timescale_change_reason",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Needed when outstanding work is now expected later than the last report "
                    "promised: why the expected completion moved."
                ),
                verbose_name="reason for the timescale change",
            ),
        ),
        migrations.RunPython(months_to_dates, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="historicalprogressupdate",
            name="timescale_from_months",
        ),
        migrations.RemoveField(
            model_name="historicalprogressupdate",
            name="timescale_to_months",
        ),
        migrations.RemoveField(
            model_name="progressupdate",
            name="timescale_from_months",
        ),
        migrations.RemoveField(
            model_name="progressupdate",
            name="timescale_to_months",
        ),
        migrations.AddConstraint(
            model_name="progressupdate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("due_by__isnull", True), ("due_from__isnull", True)),
                    models.Q(
                        ("due_by__isnull", False),
                        ("proposed_status", "outstanding"),
                        models.Q(
                            ("due_from__isnull", True),
                            ("due_by__gt", models.F("due_from")),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="update_due_dates_valid",
                violation_error_message=(
                    "Expected dates belong to outstanding work only, and the end must come "
                    "after the start."
                ),
            ),
        ),
    ]
