"""Members' decisions that fit what was proposed.

Agreed / not agreed / deferred become the outcomes each proposal allows, read
from the update's effective status (a link followed, as the paper put it):

- proposed complete: agreed -> agreed complete; not agreed -> not agreed
  complete (outstanding);
- proposed outstanding: agreed -> timescale noted; not agreed -> new
  timescale asked for;
- for consideration: "agreeing" said nothing of further work, so agreed and
  not agreed both become deferred (still for members' consideration), as
  deferred stays.

A deferral of a proposed complete or outstanding item is no decision at all:
it is removed, so the item awaits members' decision again (its history
records keep it and its minute).
"""

from django.db import migrations, models

NEW_OUTCOME = {
    ("complete", "agreed"): "agreed_complete",
    ("complete", "not_agreed"): "not_agreed",
    ("outstanding", "agreed"): "timescale_noted",
    ("outstanding", "not_agreed"): "new_timescale",
    ("consideration", "agreed"): "deferred",
    ("consideration", "not_agreed"): "deferred",
    ("consideration", "deferred"): "deferred",
}


def effective_status(update, in_report):
    seen, current = {update.recommendation_id}, update
    while current.linked_to_id and current.linked_to_id not in seen:
        target = in_report.get(current.linked_to_id)
        if target is None:
            break
        seen.add(target.recommendation_id)
        current = target
    return current.proposed_status


def fit_decisions(apps, schema_editor):
    MembersDecision = apps.get_model("recommendations", "MembersDecision")
    ProgressUpdate = apps.get_model("recommendations", "ProgressUpdate")
    decisions = list(MembersDecision.objects.select_related("update"))
    report_ids = {decision.update.report_id for decision in decisions}
    in_report = {}
    for update in ProgressUpdate.objects.filter(report_id__in=report_ids):
        in_report.setdefault(update.report_id, {})[update.recommendation_id] = update
    for decision in decisions:
        update = decision.update
        status = effective_status(update, in_report[update.report_id])
        outcome = NEW_OUTCOME.get((status, decision.outcome))
        if outcome is None:
            decision.delete()
        elif outcome != decision.outcome:
            MembersDecision.objects.filter(pk=decision.pk).update(outcome=outcome)


class Migration(migrations.Migration):

    dependencies = [
        ('recommendations', '0008_record_published_reports'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='membersdecision',
            name='decision_outcome_valid',
        ),
        migrations.RunPython(fit_decisions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalmembersdecision',
            name='outcome',
            field=models.CharField(choices=[('agreed_complete', 'Agreed complete'), ('not_agreed', 'Not agreed complete: further work needed'), ('no_further_work', 'No further work required: complete'), ('further_work', 'Further work required'), ('deferred', 'Deferred'), ('timescale_noted', 'Timescale noted'), ('new_timescale', 'New timescale asked for')], max_length=20),
        ),
        migrations.AlterField(
            model_name='membersdecision',
            name='outcome',
            field=models.CharField(choices=[('agreed_complete', 'Agreed complete'), ('not_agreed', 'Not agreed complete: further work needed'), ('no_further_work', 'No further work required: complete'), ('further_work', 'Further work required'), ('deferred', 'Deferred'), ('timescale_noted', 'Timescale noted'), ('new_timescale', 'New timescale asked for')], max_length=20),
        ),
        migrations.AddConstraint(
            model_name='membersdecision',
            constraint=models.CheckConstraint(condition=models.Q(('outcome__in', ['agreed_complete', 'not_agreed', 'no_further_work', 'further_work', 'deferred', 'timescale_noted', 'new_timescale'])), name='decision_outcome_valid'),
        ),
    ]
