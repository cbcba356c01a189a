"""Writing checked rows, creating or updating only what changed."""

import logging
from functools import cache

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models

from ..models import Committee, Meeting, ProgressUpdate, Recommendation, Report, Scrutiny
from ..versions import VersionConflict, Versioned
from .checking import Existing, changed_fields, recommendation_values, update_values
from .columns import CHANGE_REASON, FIELD_COLUMNS, ImportFailed, ImportResult, Problem, Row

logger = logging.getLogger(__name__)

CLASHED = (
    "it clashes with data someone else saved while the file was being imported (the same "
    "recommendation, meeting or report, say), so nothing was imported. Import the file again "
    "to check it against their changes."
)


@cache
def related_fields(model) -> tuple[str, ...]:
    """The model's foreign keys, which `full_clean` would look up one query each."""
    return tuple(field.name for field in model._meta.fields if field.is_relation)


class Writer:
    """Saves what the rows say, only where it differs, each save attributed and validated."""

    def __init__(self, existing: Existing, user):
        self.user = user
        self.result = ImportResult()
        self.scrutinies = dict(existing.scrutinies)
        self.recommendations = dict(existing.recommendations)
        self.committees = dict(existing.committees)
        self.meetings = dict(existing.meetings)
        self.reports = dict(existing.reports)
        self.updates = dict(existing.updates)

    def save(self, instance: models.Model, row: Row, counter: str | None = None):
        # django-simple-history reads these two from the instance it saves.
        instance._history_user = self.user  # type: ignore[attr-defined]
        instance._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
        try:
            # Every rule about the object itself. Its keys were checked against the
            # file and the database before writing, and each of its foreign keys is
            # a row this import holds, so the rules about other rows (unique keys,
            # links) are left to those checks and to the database's constraints:
            # each was a query per object, a quarter of a large import's time.
            instance.full_clean(exclude=related_fields(type(instance)))
        except ValidationError as error:
            # A model rule the checks above did not foresee: stop, and roll back.
            raise ImportFailed(validation_problems(error, row, type(instance))) from None
        try:
            self.write(instance, row)
        except IntegrityError:
            # Saved meanwhile by someone else (the same recommendation, meeting or report).
            logger.warning("An import's row %s clashed with data saved meanwhile", row.line)
            raise ImportFailed([Problem(CLASHED, row.line)]) from None
        if counter:
            setattr(self.result, counter, getattr(self.result, counter) + 1)
        return instance

    @staticmethod
    def write(instance: models.Model, row: Row):
        if not isinstance(instance, Versioned):
            instance.save()
            return
        try:  # only if no one else saved it since the file was checked
            instance.save_if_current()
        except VersionConflict:
            message = (
                f"someone else saved {instance} while the file was being imported, so "
                "nothing was imported. Import the file again to check it against their changes."
            )
            raise ImportFailed([Problem(message, row.line)]) from None

    def scrutiny(self, row: Row) -> Scrutiny:
        scrutiny = self.scrutinies.get(row.scrutiny)
        if scrutiny is None:
            scrutiny = Scrutiny(title=row.scrutiny, body=row.scrutiny_body)
            self.scrutinies[row.scrutiny] = self.save(scrutiny, row, "scrutinies_created")
        elif row.scrutiny_body and scrutiny.body != row.scrutiny_body:
            scrutiny.body = row.scrutiny_body
            self.save(scrutiny, row, "scrutinies_updated")
        return scrutiny

    def recommendation(self, row: Row) -> Recommendation:
        scrutiny = self.scrutiny(row)
        values = recommendation_values(row)
        recommendation = self.recommendations.get(row.key)
        if recommendation is None:
            recommendation = Recommendation(scrutiny=scrutiny, number=row.number, **values)
            self.save(recommendation, row, "recommendations_created")
            self.recommendations[row.key] = recommendation
        elif changed_fields(recommendation, values):
            for name, value in values.items():
                setattr(recommendation, name, value)
            self.save(recommendation, row, "recommendations_updated")
        else:
            self.result.recommendations_unchanged += 1
        return recommendation

    def report(self, row: Row) -> Report:
        key = row.report
        committee = self.committees.get(key.committee)
        if committee is None:
            committee = Committee(name=key.committee)
            self.committees[key.committee] = self.save(committee, row)
        meeting = self.meetings.get((key.committee, key.meeting_date))
        if meeting is None:
            meeting = Meeting(committee=committee, date=key.meeting_date)
            self.meetings[key.committee, key.meeting_date] = self.save(meeting, row)
        report = self.reports.get(key)
        if report is None:
            report = Report(
                meeting=meeting,
                number=key.number,
                title=row.report_title,
                scrutiny=self.scrutinies[row.scrutiny],
                published_at=None,
            )
            self.reports[key] = self.save(report, row, "reports_created")
        elif report.title != row.report_title:
            report.title = row.report_title
            self.save(report, row, "reports_updated")
        return report

    def update(self, row: Row):
        report = self.report(row)
        recommendation = self.recommendations[row.key]
        link = self.recommendations[row.scrutiny, row.linked_to] if row.linked_to else None
        values = update_values(row, link.pk if link else None)
        update = self.updates.get((report.pk, recommendation.pk))
        if update is None:
            update = ProgressUpdate(report=report, recommendation=recommendation, **values)
            self.save(update, row, "updates_created")
        elif changed_fields(update, values):
            for name, value in values.items():
                setattr(update, name, value)
            self.save(update, row, "updates_updated")
        else:
            self.result.updates_unchanged += 1


def write_rows(rows: list[Row], existing: Existing, user) -> ImportResult:
    writer = Writer(existing, user)
    # Every recommendation first, so any row may link to one further down the file.
    for row in rows:
        writer.recommendation(row)
    for row in rows:
        if row.report:
            writer.update(row)
    return writer.result


def validation_problems(error: ValidationError, row: Row, model) -> list[Problem]:
    problems = []
    for field_name, messages in error.message_dict.items():
        column = None if field_name == NON_FIELD_ERRORS else FIELD_COLUMNS[model].get(field_name)
        problems += [Problem(message, row.line, column) for message in messages]
    return problems
