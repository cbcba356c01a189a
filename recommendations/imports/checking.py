"""Checking parsed rows against each other and against the database, before anything is written."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import models

from ..models import (
    Committee,
    Meeting,
    ProgressUpdate,
    Recommendation,
    Report,
    Scrutiny,
    paper_order,
    promise_of,
    received_order,
)
from ..timescales import slipped_timescale_problem
from .columns import NEW, Problem, ReportKey, Row


@dataclass
class Existing:
    """What the database already holds of everything the file names, in at most six queries."""

    scrutinies: dict[str, Scrutiny]
    recommendations: dict[tuple[str, int], Recommendation]
    committees: dict[str, Committee]
    meetings: dict[tuple[str, date], Meeting]
    reports: dict[ReportKey, Report]
    updates: dict[tuple[int, int], ProgressUpdate]

    @classmethod
    def load(cls, rows: list[Row]) -> "Existing":
        titles = {row.scrutiny for row in rows if row.scrutiny}
        report_keys = {row.report for row in rows if row.report}
        names = {key.committee for key in report_keys}
        dates = {key.meeting_date for key in report_keys}
        reports = {
            ReportKey(report.meeting.committee.name, report.meeting.date, report.number): report
            for report in Report.objects.filter(
                meeting__committee__name__in=names, meeting__date__in=dates
            )
            .select_related("meeting__committee", "scrutiny")
            # Locked until the import ends: whether each is published stays true (paper/record.py).
            .select_for_update(of=("self",))
        }
        reports = {key: report for key, report in reports.items() if key in report_keys}
        return cls(
            scrutinies={s.title: s for s in Scrutiny.objects.filter(title__in=titles)},
            recommendations={
                (r.scrutiny.title, r.number): r
                for r in Recommendation.objects.filter(scrutiny__title__in=titles).select_related(
                    "scrutiny"
                )
            },
            committees={c.name: c for c in Committee.objects.filter(name__in=names)},
            meetings={
                (m.committee.name, m.date): m
                for m in Meeting.objects.filter(
                    committee__name__in=names, date__in=dates
                ).select_related("committee")
            },
            reports=reports,
            # Every update of the file's scrutinies, not just its reports': a new
            # update's timescale is compared with the previous report's.
            updates={
                (u.report_id, u.recommendation_id): u
                for u in ProgressUpdate.objects.filter(
                    recommendation__scrutiny__title__in=titles
                ).select_related("report__meeting")
            },
        )


def recommendation_values(row: Row) -> dict:
    values = {"text": row.text}
    if row.note is not None:
        values["note"] = row.note
    return values


def update_values(row: Row, linked_to_id) -> dict:
    values = {
        "response": row.response,
        "proposed_status": row.status,
        "due_from": row.due_from,
        "due_by": row.due_by,
        "linked_to_id": linked_to_id,
    }
    if row.timescale_reason:  # an empty cell leaves an earlier reason as it was
        values["timescale_change_reason"] = row.timescale_reason
    return values


def changed_fields(instance: models.Model, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(instance, name) != value]


def planned_update_changes(row: Row, existing: Existing) -> list[str] | None:
    """The update fields this row would change; None when it would create the update."""
    report = existing.reports.get(row.report)
    recommendation = existing.recommendations.get(row.key)
    if report is None or recommendation is None:
        return None
    update = existing.updates.get((report.pk, recommendation.pk))
    if update is None:
        return None
    link = existing.recommendations.get((row.scrutiny, row.linked_to)) if row.linked_to else None
    linked_to_id = (link.pk if link else NEW) if row.linked_to else None
    return changed_fields(update, update_values(row, linked_to_id))


def check_rows(rows: list[Row], existing: Existing, user=None) -> list[Problem]:
    """What the database makes wrong: unknown links, published reports, permissions."""
    problems = []
    numbers_in_file = defaultdict(set)
    bodies_in_file = {row.scrutiny for row in rows if row.scrutiny_body}
    for row in rows:
        numbers_in_file[row.scrutiny].add(row.number)

    new_scrutinies_seen = set()
    for row in rows:
        if row.scrutiny not in existing.scrutinies and row.scrutiny not in new_scrutinies_seen:
            new_scrutinies_seen.add(row.scrutiny)
            if row.scrutiny and row.scrutiny not in bodies_in_file:
                problems.append(
                    Problem(
                        f"is empty, and '{row.scrutiny}' is a new scrutiny: "
                        "give the body that ran it.",
                        row.line,
                        "scrutiny_body",
                    )
                )
        if row.linked_to and row.linked_to != row.number and row.scrutiny:
            if (
                row.linked_to not in numbers_in_file[row.scrutiny]
                and (row.scrutiny, row.linked_to) not in existing.recommendations
            ):
                problems.append(
                    Problem(
                        f"'{row.scrutiny}' has no recommendation {row.linked_to}, "
                        "in the database or in this file.",
                        row.line,
                        "linked_to",
                    )
                )
        report = existing.reports.get(row.report)
        if report and report.scrutiny and row.scrutiny and report.scrutiny.title != row.scrutiny:
            problems.append(
                Problem(
                    f"{row.report} updates '{report.scrutiny.title}', not '{row.scrutiny}'.",
                    row.line,
                    "scrutiny",
                )
            )
        if report and report.is_published and row.valid:
            problems += published_report_problems(row, report, existing)
    problems += timescale_reason_problems(rows, existing)
    if user is not None:
        problems += permission_problems(rows, existing, user)
    return problems


UPDATE_FIELD_COLUMNS = {
    "response": "response",
    "proposed_status": "status",
    "due_from": "timescale",
    "due_by": "timescale",
    "linked_to_id": "linked_to",
    "timescale_change_reason": "timescale_reason",
}


def timescale_reason_problems(rows: list[Row], existing: Existing) -> list[Problem]:
    """Rows whose timescale slips without a reason: the rule is slipped_timescale_problem.

    The model checks each update as it is saved; checking here first lists
    every such row at once, against the last date the database's earlier
    papers promised. An empty reason cell keeps the update's earlier reason.
    """
    promises = defaultdict(list)
    for update in existing.updates.values():
        if update.due_by is not None:
            promises[update.recommendation_id].append(update)
    problems = []
    for row in rows:
        report = existing.reports.get(row.report)
        recommendation = existing.recommendations.get(row.key)
        if not (row.valid and row.due_by and recommendation) or (report and report.is_published):
            continue  # nothing to compare, or refused as published already
        saved = report.pk if report else None
        paper = paper_order(row.report.meeting_date, row.report.number, saved)
        earlier = [
            update
            for update in promises[recommendation.pk]
            if received_order(update.report) < paper
        ]
        last = max(earlier, key=lambda u: received_order(u.report), default=None)
        update = existing.updates.get((report.pk, recommendation.pk)) if report else None
        reason = row.timescale_reason or (update.timescale_change_reason if update else "")
        message = slipped_timescale_problem(
            promise=promise_of(last) if last else None, due_by=row.due_by, reason=reason
        )
        if message:
            problems.append(Problem(message[0].lower() + message[1:], row.line, "timescale_reason"))
    return problems


def published_report_problems(row: Row, report: Report, existing: Existing) -> list[Problem]:
    """A published report is the paper members had; a row may repeat it, not change it."""
    changes = planned_update_changes(row, existing)
    if changes is None:
        column = "report_number"
    elif changes:
        column = UPDATE_FIELD_COLUMNS[changes[0]]
    elif report.title != row.report_title:
        column = "report_title"
    else:
        return []
    message = f"{row.report} is published; corrections go in the next report."
    return [Problem(message, row.line, column)]


def permission_problems(rows: list[Row], existing: Existing, user) -> list[Problem]:
    """The first row needing each permission the user lacks: an import is no back door."""
    needed: dict[tuple[str, type[models.Model]], tuple[int, str]] = {}
    for row in rows:
        if not row.valid:
            continue
        for action, model, column in planned_actions(row, existing):
            needed.setdefault((action, model), (row.line, column))
    problems = []
    for (action, model), (line, column) in needed.items():
        if not user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}"):
            problems.append(
                Problem(
                    f"you may not {action} {model._meta.verbose_name_plural}; "
                    "ask someone who may to import this file.",
                    line,
                    column,
                )
            )
    return problems


def planned_actions(row: Row, existing: Existing):
    """(action, model, column) for each object the row would create or change."""
    scrutiny = existing.scrutinies.get(row.scrutiny)
    if scrutiny is None:
        yield "add", Scrutiny, "scrutiny"
    elif row.scrutiny_body and row.scrutiny_body != scrutiny.body:
        yield "change", Scrutiny, "scrutiny_body"
    recommendation = existing.recommendations.get(row.key)
    if recommendation is None:
        yield "add", Recommendation, "number"
    elif changes := changed_fields(recommendation, recommendation_values(row)):
        yield "change", Recommendation, changes[0]
    if not row.report:
        return
    if row.report.committee not in existing.committees:
        yield "add", Committee, "committee"
    if (row.report.committee, row.report.meeting_date) not in existing.meetings:
        yield "add", Meeting, "meeting_date"
    report = existing.reports.get(row.report)
    if report is None:
        yield "add", Report, "report_number"
    elif report.title != row.report_title:
        yield "change", Report, "report_title"
    changes = planned_update_changes(row, existing)
    if changes is None:
        yield "add", ProgressUpdate, "report_number"
    elif changes:
        yield "change", ProgressUpdate, UPDATE_FIELD_COLUMNS[changes[0]]
