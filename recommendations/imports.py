"""Importing recommendations, and optionally one report's updates, from a CSV spreadsheet.

The whole rule lives here so the admin page and the management command behave
alike. An import is all or nothing: every row is first checked against the rest
of the file and against the database, and every problem is reported with its
row (the header is row 1) and column. Only a file without problems is written,
inside one transaction, and `full_clean()` runs on each object before it is
saved so the models' own rules apply too. Objects are compared before saving
and only changed ones are saved, so importing the same file twice changes
nothing and adds no history.
"""

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date
from typing import NamedTuple, TextIO

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations

from .models import Committee, Meeting, ProgressUpdate, Recommendation, Report, Scrutiny, Status
from .timescales import long_date, timescale_in_words, timescale_slipped
from .versions import VersionConflict, Versioned

REQUIRED_COLUMNS = ("scrutiny", "number", "text")
OPTIONAL_COLUMNS = ("scrutiny_body", "note")
REPORT_COLUMNS = (
    "committee", "meeting_date", "report_number", "report_title",
    "status", "linked_to", "timescale", "timescale_reason", "response",
)
# A row that fills any report column must fill these; linked_to is optional and
# timescale depends on the status.
REPORT_REQUIRED = (
    "committee", "meeting_date", "report_number", "report_title", "status", "response",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS + REPORT_COLUMNS

# What each column holds, for the admin page; (column, when it is needed, what it holds).
COLUMN_HELP = [
    ("scrutiny", "always", "The scrutiny's title. A title not yet known creates the scrutiny."),
    ("scrutiny_body", "for a new scrutiny", "The body that ran the scrutiny."),
    ("number", "always", "The recommendation's number within its scrutiny: 1, 2, 3 ..."),
    ("text", "always", "The recommendation's text."),
    ("note", "optional", "A remark shown before the text. While the column is in the "
     "file, an empty cell clears the note."),
    ("committee", "for an update", "The committee whose meeting receives the report."),
    ("meeting_date", "for an update", "The meeting's date as YYYY-MM-DD, such as 2008-03-06."),
    ("report_number", "for an update", "The report's item number on the meeting's agenda."),
    ("report_title", "for an update", "The report's title."),
    ("status", "for an update", "complete, outstanding or consideration (for members' "
     "consideration)."),
    ("linked_to", "optional", "The number of another recommendation of the same scrutiny "
     "whose status this one takes (treated as above)."),
    ("timescale", "for outstanding work", "Months from the meeting: 3 for within the next "
     "three months, 3-6 for within the next three to six months."),
    ("timescale_reason", "when a timescale moves", "Why: needed when a row changes an "
     "update's timescale, or when its expected completion ends later than the previous "
     "report's. The same timescale as the previous report needs none."),
    ("response", "for an update", "The service's response. Markdown: a blank line between "
     "paragraphs, - at the start of a bulleted line."),
]

CHANGE_REASON = "Imported from a spreadsheet"
NEW = object()  # stands for the id of an object the import has yet to create

# Model fields as the file names them, to place a model's own complaint in a column.
FIELD_COLUMNS = {
    Scrutiny: {"title": "scrutiny", "body": "scrutiny_body"},
    Recommendation: {"number": "number", "text": "text", "note": "note"},
    Committee: {"name": "committee"},
    Meeting: {"date": "meeting_date"},
    Report: {"number": "report_number", "title": "report_title"},
    ProgressUpdate: {
        "recommendation": "number", "response": "response", "proposed_status": "status",
        "timescale_from_months": "timescale", "timescale_to_months": "timescale",
        "timescale_change_reason": "timescale_reason", "linked_to": "linked_to",
    },
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, where the spreadsheet shows it."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self):
        if self.row is None:
            return self.message
        where = f"Row {self.row}, {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"

    def sort_key(self):
        column_order = COLUMNS.index(self.column) if self.column in COLUMNS else -1
        return (self.row or 0, column_order)


class ImportFailed(Exception):
    """The file was not imported; `problems` says why, every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class ImportResult:
    scrutinies_created: int = 0
    scrutinies_updated: int = 0
    recommendations_created: int = 0
    recommendations_updated: int = 0
    recommendations_unchanged: int = 0
    reports_created: int = 0
    reports_updated: int = 0
    updates_created: int = 0
    updates_updated: int = 0
    updates_unchanged: int = 0

    @property
    def changed_anything(self) -> bool:
        return any(
            getattr(self, counter.name) for counter in fields(self)
            if not counter.name.endswith("_unchanged")
        )

    def summary_lines(self) -> list[str]:
        lines = []
        if self.scrutinies_created or self.scrutinies_updated:
            lines.append(
                f"Scrutinies: {self.scrutinies_created} created, {self.scrutinies_updated} updated."
            )
        lines.append(
            f"Recommendations: {self.recommendations_created} created, "
            f"{self.recommendations_updated} updated, {self.recommendations_unchanged} unchanged."
        )
        lines.append(f"Reports: {self.reports_created} created, {self.reports_updated} updated.")
        lines.append(
            f"Progress updates: {self.updates_created} created, {self.updates_updated} updated, "
            f"{self.updates_unchanged} unchanged."
        )
        return lines

    def __str__(self):
        return " ".join(self.summary_lines())


class ReportKey(NamedTuple):
    """What identifies a report in a file: its committee, meeting date and item number."""

    committee: str
    meeting_date: date
    number: int

    def __str__(self):
        return f"Report {self.number} of {self.meeting_date.day} {self.meeting_date:%B %Y}"


@dataclass
class Row:
    """One spreadsheet row, its cells parsed; a cell that could not be parsed is None."""

    line: int
    valid: bool
    scrutiny: str | None
    scrutiny_body: str
    number: int | None
    text: str | None
    note: str | None  # None when the file has no note column: notes stay as they are
    report: ReportKey | None
    report_title: str
    status: str
    linked_to: int | None
    timescale: tuple[int, int] | None
    timescale_reason: str
    response: str

    @property
    def key(self):
        return (self.scrutiny, self.number)


def import_recommendations(*, file: TextIO | bytes, user=None) -> ImportResult:
    """Create or update recommendations, and reports' updates, from a CSV file.

    Raises ImportFailed listing every problem, with the database unchanged. When
    `user` is given, history names them and the file may only do what their
    permissions allow; without one (the management command) nothing is refused.
    """
    rows, problems = read_rows(file)
    existing = Existing.load(rows)
    problems += check_rows(rows, existing, user)
    if problems:
        raise ImportFailed(problems)
    with transaction.atomic():
        return write_rows(rows, existing, user)


# Reading the file ---------------------------------------------------------


class CellError(ValueError):
    """A cell's value is not what its column takes."""


def read_text(file: TextIO | bytes) -> str:
    raw = file if isinstance(file, bytes | bytearray) else None
    try:
        if raw is None:
            raw = file.read()
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes | bytearray) else raw
    except UnicodeDecodeError:
        raise ImportFailed([Problem(
            "The file is not UTF-8 text. In your spreadsheet, save it as "
            "\"CSV UTF-8 (comma delimited)\" and import that."
        )]) from None
    text = text.removeprefix("\ufeff")  # Excel's byte order mark
    if "\x00" in text:
        raise ImportFailed([Problem("The file holds binary data; it is not a CSV text file.")])
    if not text.strip():
        raise ImportFailed([Problem("The file is empty.")])
    return text


def read_rows(file: TextIO | bytes) -> tuple[list[Row], list[Problem]]:
    """Every non-blank row parsed, and what is wrong with them as the file alone shows.

    Raises ImportFailed when the file cannot be read or its header is wrong, as
    then no row can be understood.
    """
    records = csv.reader(io.StringIO(read_text(file), newline=""))
    problems = []
    rows = []
    line = 0
    try:
        header = next(records)
        columns, header_problems = read_header(header)
        if header_problems:
            raise ImportFailed(header_problems)
        for line, cells in enumerate(records, start=2):
            if any(cell.strip() for cell in cells):
                rows.append(parse_row(line, columns, cells, problems))
    except csv.Error as error:
        problem = Problem(f"the file cannot be read as CSV ({error}).", line + 1)
        raise ImportFailed([problem]) from None
    if not rows:
        problems.append(Problem("The file has a header row but no recommendations below it."))
    return rows, problems + check_file(rows)


def read_header(cells: list[str]) -> tuple[list[str], list[Problem]]:
    columns = [cell.strip().lower() for cell in cells]
    problems = []
    seen = set()
    for cell, column in zip(cells, columns, strict=True):
        if column and column not in COLUMNS:
            hint = ""
            if ";" in column:
                hint = " The file seems to use semicolons: save it as CSV with commas."
            problems.append(Problem(
                f"is not a column this import knows; the columns are {', '.join(COLUMNS)}.{hint}",
                1, cell.strip(),
            ))
        elif column in seen:
            problems.append(Problem("appears more than once in the header.", 1, column))
        seen.add(column)
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if any(column in columns for column in REPORT_COLUMNS):
        missing += [column for column in REPORT_REQUIRED if column not in columns]
    for column in missing:
        needs = (
            "every file needs the scrutiny, number and text columns"
            if column in REQUIRED_COLUMNS
            else f"a file with report columns needs {', '.join(REPORT_REQUIRED)}"
        )
        problems.append(Problem(f"is missing from the header; {needs}.", 1, column))
    return columns, problems


def model_rule(model: type[models.Model], field_name: str):
    """A parser enforcing a model field's own validators (length, characters)."""
    model_field = model._meta.get_field(field_name)

    def parse(value: str) -> str:
        try:
            model_field.run_validators(value)
        except ValidationError as error:
            raise CellError(" ".join(error.messages)) from None
        return value

    return parse


def whole_number(model: type[models.Model], field_name: str):
    """A parser for a positive whole number that fits the model field on any database."""
    internal_type = model._meta.get_field(field_name).get_internal_type()
    highest = BaseDatabaseOperations.integer_field_ranges[internal_type][1]

    def parse(value: str) -> int:
        if not re.fullmatch(r"\d+", value):
            raise CellError(f"'{value}' is not a whole number.")
        number = int(value)
        if not 1 <= number <= highest:
            raise CellError(f"{number} is not between 1 and {highest}.")
        return number

    return parse


def meeting_date(value: str) -> date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise CellError(f"'{value}' is not a date in the form YYYY-MM-DD, such as 2008-03-06.")


def status(value: str) -> str:
    if value.lower() not in Status.values:
        raise CellError(f"'{value}' is not one of {', '.join(Status.values)}.")
    return value.lower()


def timescale(value: str) -> tuple[int, int]:
    """'3' is within three months (0 to 3); '3-6' within three to six months."""
    match = re.fullmatch(r"(?:(\d+)\s*[-–]\s*)?(\d+)", value)
    if not match:
        raise CellError(
            f"'{value}' is not a timescale in months, such as 3 (within the next three "
            "months) or 3-6 (within the next three to six months)."
        )
    starts, ends = int(match[1] or 0), int(match[2])
    if not starts < ends <= 120:
        raise CellError(f"'{value}': a timescale must end after it starts, within 120 months.")
    return starts, ends


PARSERS = {
    "scrutiny": model_rule(Scrutiny, "title"),
    "scrutiny_body": model_rule(Scrutiny, "body"),
    "number": whole_number(Recommendation, "number"),
    "text": model_rule(Recommendation, "text"),
    "note": model_rule(Recommendation, "note"),
    "committee": model_rule(Committee, "name"),
    "meeting_date": meeting_date,
    "report_number": whole_number(Report, "number"),
    "report_title": model_rule(Report, "title"),
    "status": status,
    "linked_to": whole_number(Recommendation, "number"),
    "timescale": timescale,
    "timescale_reason": model_rule(ProgressUpdate, "timescale_change_reason"),
    "response": model_rule(ProgressUpdate, "response"),
}
REQUIRED_MESSAGES = {
    "scrutiny": "is empty; give the scrutiny's title.",
    "number": "is empty; give the recommendation's number.",
    "text": "is empty; give the recommendation's text.",
}


def parse_row(line: int, columns: list[str], cells: list[str], problems: list[Problem]) -> Row:
    """The row's cells parsed by column; what is wrong goes on `problems`."""
    found = []

    def problem(column, message):
        found.append(Problem(message, line, column))

    values = {}
    for index, cell in enumerate(cells):
        column = columns[index] if index < len(columns) else ""
        if column:
            values[column] = cell.replace("\r\n", "\n").replace("\r", "\n").strip()
        elif cell.strip():
            problem(None, f"column {index + 1} has a value but no heading in row 1.")
            break

    parsed = {}
    for column, parse in PARSERS.items():
        value = values.get(column, "")
        if not value:
            if column in REQUIRED_MESSAGES:
                problem(column, REQUIRED_MESSAGES[column])
            parsed[column] = None if column in REQUIRED_COLUMNS else value
            continue
        try:
            parsed[column] = parse(value)
        except CellError as error:
            problem(column, str(error))
            parsed[column] = None

    if any(values.get(column) for column in REPORT_COLUMNS):
        for column in REPORT_REQUIRED:
            if not values.get(column):
                problem(column, (
                    "is empty; a row that fills any report column must fill "
                    f"{', '.join(REPORT_REQUIRED)}."
                ))
    if parsed["status"] == Status.OUTSTANDING and not values.get("timescale"):
        problem("timescale", "is empty; outstanding work needs a timescale in months (3 or 3-6).")
    if parsed["status"] and parsed["status"] != Status.OUTSTANDING and values.get("timescale"):
        problem("timescale", f"is for outstanding work only, not {parsed['status']}.")
    if values.get("timescale_reason") and not values.get("timescale"):
        problem("timescale_reason", "is for a timescale that moves; this row gives no timescale.")
    if parsed["linked_to"] and parsed["linked_to"] == parsed["number"]:
        problem("linked_to", "A recommendation cannot be linked to itself.")

    report = None
    if parsed["committee"] and parsed["meeting_date"] and parsed["report_number"]:
        report = ReportKey(parsed["committee"], parsed["meeting_date"], parsed["report_number"])
    problems += found
    return Row(
        line=line,
        valid=not found,
        scrutiny=parsed["scrutiny"],
        scrutiny_body=parsed["scrutiny_body"] or "",
        number=parsed["number"],
        text=parsed["text"],
        note=(parsed["note"] or "") if "note" in columns else None,
        report=report,
        report_title=parsed["report_title"] or "",
        status=parsed["status"] or "",
        linked_to=parsed["linked_to"] or None,
        timescale=parsed["timescale"] or None,
        timescale_reason=parsed["timescale_reason"] or "",
        response=parsed["response"] or "",
    )


def check_file(rows: list[Row]) -> list[Problem]:
    """Rows that contradict each other: duplicates, two bodies, two titles for one report."""
    problems = []
    first_row_of = {}
    first_body = {}
    first_report_row = {}
    for row in rows:
        if row.scrutiny and row.number:
            if row.key in first_row_of:
                problems.append(Problem(
                    f"recommendation {row.number} of '{row.scrutiny}' is already on row "
                    f"{first_row_of[row.key]}.", row.line, "number",
                ))
            else:
                first_row_of[row.key] = row.line
        if row.scrutiny and row.scrutiny_body:
            body, line = first_body.setdefault(row.scrutiny, (row.scrutiny_body, row.line))
            if body != row.scrutiny_body:
                problems.append(Problem(
                    f"differs from row {line}'s body for the same scrutiny.",
                    row.line, "scrutiny_body",
                ))
        if row.report:
            first = first_report_row.setdefault(row.report, row)
            if row.report_title and first.report_title and row.report_title != first.report_title:
                problems.append(Problem(
                    f"differs from row {first.line}'s title for {row.report}.",
                    row.line, "report_title",
                ))
            if row.scrutiny and first.scrutiny and row.scrutiny != first.scrutiny:
                problems.append(Problem(
                    f"{row.report} updates '{first.scrutiny}' (row {first.line}); "
                    "a report updates one scrutiny.", row.line, "scrutiny",
                ))
    return problems


# Checking against the database ----------------------------------------------


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
            ).select_related("meeting__committee", "scrutiny")
        }
        reports = {key: report for key, report in reports.items() if key in report_keys}
        return cls(
            scrutinies={s.title: s for s in Scrutiny.objects.filter(title__in=titles)},
            recommendations={
                (r.scrutiny.title, r.number): r
                for r in Recommendation.objects.filter(scrutiny__title__in=titles)
                .select_related("scrutiny")
            },
            committees={c.name: c for c in Committee.objects.filter(name__in=names)},
            meetings={
                (m.committee.name, m.date): m
                for m in Meeting.objects.filter(committee__name__in=names, date__in=dates)
                .select_related("committee")
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
    starts, ends = row.timescale or (None, None)
    values = {
        "response": row.response,
        "proposed_status": row.status,
        "timescale_from_months": starts,
        "timescale_to_months": ends,
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
                problems.append(Problem(
                    f"is empty, and '{row.scrutiny}' is a new scrutiny: give the body that ran it.",
                    row.line, "scrutiny_body",
                ))
        if row.linked_to and row.linked_to != row.number and row.scrutiny:
            if (row.linked_to not in numbers_in_file[row.scrutiny]
                    and (row.scrutiny, row.linked_to) not in existing.recommendations):
                problems.append(Problem(
                    f"'{row.scrutiny}' has no recommendation {row.linked_to}, "
                    "in the database or in this file.", row.line, "linked_to",
                ))
        report = existing.reports.get(row.report)
        if report and report.scrutiny and row.scrutiny and report.scrutiny.title != row.scrutiny:
            problems.append(Problem(
                f"{row.report} updates '{report.scrutiny.title}', not '{row.scrutiny}'.",
                row.line, "scrutiny",
            ))
        if report and report.is_published and row.valid:
            problems += published_report_problems(row, report, existing)
    problems += timescale_reason_problems(rows, existing)
    if user is not None:
        problems += permission_problems(rows, existing, user)
    return problems


UPDATE_FIELD_COLUMNS = {
    "response": "response", "proposed_status": "status", "timescale_from_months": "timescale",
    "timescale_to_months": "timescale", "linked_to_id": "linked_to",
    "timescale_change_reason": "timescale_reason",
}


def timescale_reason_problems(rows: list[Row], existing: Existing) -> list[Problem]:
    """Rows that move a timescale without saying why (ProgressUpdate.timescale_reason_needed).

    The model checks each update as it is saved; checking here first lists
    every such row at once. A file names a recommendation once, so a new
    update is compared with the database's update in the paper before.
    """
    earlier_updates = defaultdict(list)
    for update in existing.updates.values():
        earlier_updates[update.recommendation_id].append(update)
    problems = []
    for row in rows:
        report = existing.reports.get(row.report)
        recommendation = existing.recommendations.get(row.key)
        if not (row.valid and row.timescale and recommendation) or (report and report.is_published):
            continue  # nothing to compare, or refused as published already
        update = existing.updates.get((report.pk, recommendation.pk)) if report else None
        if update is not None:
            if update.timescale_to_months is None or update.timescale == row.timescale:
                continue
            if row.timescale_reason and row.timescale_reason != update.timescale_change_reason:
                continue
            message = (
                f"the row changes the timescale from {timescale_in_words(*update.timescale)} "
                f"to {timescale_in_words(*row.timescale)}: give the reason for this change."
            )
        else:
            paper = (row.report.meeting_date, row.report.number)
            earlier = [update for update in earlier_updates[recommendation.pk]
                       if (update.report.meeting.date, update.report.number) < paper]
            if row.timescale_reason or not earlier:
                continue
            previous = max(earlier, key=lambda u: (u.report.meeting.date, u.report.number))
            if not timescale_slipped(
                earlier_meeting=previous.report.meeting.date, earlier=previous.timescale,
                later_meeting=row.report.meeting_date, later=row.timescale,
            ):
                continue
            message = (
                f"the expected completion now ends later than Report {previous.report.number} "
                f"of {long_date(previous.report.meeting.date)} said: give the reason the "
                "timescale slipped."
            )
        problems.append(Problem(message, row.line, "timescale_reason"))
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
    needed = {}
    for row in rows:
        if not row.valid:
            continue
        for action, model, column in planned_actions(row, existing):
            needed.setdefault((action, model), (row.line, column))
    problems = []
    for (action, model), (line, column) in needed.items():
        if not user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}"):
            problems.append(Problem(
                f"you may not {action} {model._meta.verbose_name_plural}; "
                "ask someone who may to import this file.", line, column,
            ))
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


# Writing --------------------------------------------------------------------


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
        instance._history_user = self.user
        instance._change_reason = CHANGE_REASON
        try:
            instance.full_clean()
        except ValidationError as error:
            # A model rule the checks above did not foresee: stop, and roll back.
            raise ImportFailed(validation_problems(error, row, type(instance))) from None
        if isinstance(instance, Versioned):
            try:  # only if no one else saved it since the file was checked
                instance.save_if_current()
            except VersionConflict:
                raise ImportFailed([Problem(
                    f"someone else saved {instance} while the file was being imported, so "
                    "nothing was imported. Import the file again to check it against their "
                    "changes.", row.line,
                )]) from None
        else:
            instance.save()
        if counter:
            setattr(self.result, counter, getattr(self.result, counter) + 1)
        return instance

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
                meeting=meeting, number=key.number, title=row.report_title,
                scrutiny=self.scrutinies[row.scrutiny], published_at=None,
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
