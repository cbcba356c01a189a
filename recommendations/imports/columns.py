"""The import file's columns, what a parsed row holds, and how an import reports back."""

from dataclasses import dataclass, fields
from datetime import date
from typing import NamedTuple

from ..models import Committee, Meeting, ProgressUpdate, Recommendation, Report, Scrutiny
from ..timescales import long_date

REQUIRED_COLUMNS = ("scrutiny", "number", "text")
OPTIONAL_COLUMNS = ("scrutiny_body", "note")
REPORT_COLUMNS = (
    "committee",
    "meeting_date",
    "report_number",
    "report_title",
    "status",
    "linked_to",
    "timescale",
    "timescale_reason",
    "response",
)
# A row that fills any report column must fill these; linked_to is optional and
# timescale depends on the status.
REPORT_REQUIRED = (
    "committee",
    "meeting_date",
    "report_number",
    "report_title",
    "status",
    "response",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS + REPORT_COLUMNS

# What each column holds, for the admin page; (column, when it is needed, what it holds).
COLUMN_HELP = [
    ("scrutiny", "always", "The scrutiny's title. A title not yet known creates the scrutiny."),
    ("scrutiny_body", "for a new scrutiny", "The body that ran the scrutiny."),
    ("number", "always", "The recommendation's number within its scrutiny: 1, 2, 3 ..."),
    ("text", "always", "The recommendation's text."),
    (
        "note",
        "optional",
        "A remark shown before the text. While the column is in the "
        "file, an empty cell clears the note.",
    ),
    ("committee", "for an update", "The committee whose meeting receives the report."),
    ("meeting_date", "for an update", "The meeting's date as YYYY-MM-DD, such as 2008-03-06."),
    ("report_number", "for an update", "The report's item number on the meeting's agenda."),
    ("report_title", "for an update", "The report's title."),
    (
        "status",
        "for an update",
        "complete, outstanding or consideration (for members' consideration).",
    ),
    (
        "linked_to",
        "optional",
        "The number of another recommendation of the same scrutiny "
        "whose status this one takes (treated as above).",
    ),
    (
        "timescale",
        "for outstanding work",
        "Months from the meeting: 3 for within the next "
        "three months, 3-6 for within the next three to six months; or the promised dates: "
        "2008-06-06 for by that date, 2008-06-06 to 2008-09-06 for between them.",
    ),
    (
        "timescale_reason",
        "when a timescale moves",
        "Why: needed when the row's expected completion ends later than the last date an "
        "earlier report promised (a slip). The same date, or an earlier one, needs none.",
    ),
    (
        "response",
        "for an update",
        "The service's response. Markdown: a blank line between "
        "paragraphs, - at the start of a bulleted line.",
    ),
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
        "recommendation": "number",
        "response": "response",
        "proposed_status": "status",
        "due_from": "timescale",
        "due_by": "timescale",
        "timescale_change_reason": "timescale_reason",
        "linked_to": "linked_to",
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
            getattr(self, counter.name)
            for counter in fields(self)
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
        return f"Report {self.number} of {long_date(self.meeting_date)}"


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
    due_from: date | None
    due_by: date | None
    timescale_reason: str
    response: str

    @property
    def key(self):
        return (self.scrutiny, self.number)
