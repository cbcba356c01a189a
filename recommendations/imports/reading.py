"""Reading a CSV file into parsed rows, each cell checked against its column."""

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from typing import TextIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from scrutiny.forms import normalise_text

from ..models import Committee, ProgressUpdate, Recommendation, Report, Scrutiny, Status
from ..timescales import (
    EARLIEST_DATE,
    LATEST_DUE,
    LATEST_MEETING,
    LONGEST_MONTHS,
    long_date,
    promised_dates,
)
from .columns import (
    COLUMNS,
    REPORT_COLUMNS,
    REPORT_REQUIRED,
    REQUIRED_COLUMNS,
    ImportFailed,
    Problem,
    ReportKey,
    Row,
)


class CellError(ValueError):
    """A cell's value is not what its column takes."""


def read_text(file: TextIO | bytes) -> str:
    try:
        raw = file if isinstance(file, bytes | bytearray) else file.read()
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes | bytearray) else raw
    except UnicodeDecodeError:
        raise ImportFailed(
            [
                Problem(
                    "The file is not UTF-8 text. In your spreadsheet, save it as "
                    '"CSV UTF-8 (comma delimited)" and import that.'
                )
            ]
        ) from None
    text = normalise_text(text.removeprefix("\ufeff"))  # Excel's byte order mark
    if "\x00" in text:
        raise ImportFailed([Problem("The file holds binary data; it is not a CSV text file.")])
    if not text.strip():
        raise ImportFailed([Problem("The file is empty.")])
    return text


def read_records(text: str) -> list[list[str]]:
    """The file's CSV records, header first; ImportFailed if unreadable or too long.

    Blank rows (a spreadsheet's trailing empty ones) are kept, for the rows'
    numbers, but do not count towards IMPORT_MAX_ROWS.
    """
    # Strict: read leniently, a quote never closed swallows every later row into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    rows = -1  # the header is not a row
    try:
        for cells in reader:
            rows += not is_blank(cells)
            if rows > settings.IMPORT_MAX_ROWS:
                raise ImportFailed([too_many_rows()])
            records.append(cells)
    except csv.Error as error:
        raise ImportFailed([unreadable(error, len(records) + 1)]) from None
    return records


def is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def count_rows(file: bytes) -> int:
    """How many rows below the header are not blank: quick, to choose where to import.

    Raises ImportFailed, as the import would, when the file cannot be read or
    has more than IMPORT_MAX_ROWS rows.
    """
    records = read_records(read_text(file))
    return sum(not is_blank(cells) for cells in records[1:])


def read_rows(file: TextIO | bytes) -> tuple[list[Row], list[Problem]]:
    """Every non-blank row parsed, and what is wrong with them as the file alone shows.

    Raises ImportFailed when the file cannot be read or its header is wrong, as
    then no row can be understood.
    """
    header, *records = read_records(read_text(file))
    columns, header_problems = read_header(header)
    if header_problems:
        raise ImportFailed(header_problems)
    problems: list[Problem] = []
    rows = [
        parse_row(line, columns, cells, problems)
        for line, cells in enumerate(records, start=2)
        if not is_blank(cells)
    ]
    if not rows:
        problems.append(Problem("The file has a header row but no recommendations below it."))
    return rows, problems + check_file(rows)


def too_many_rows() -> Problem:
    most = settings.IMPORT_MAX_ROWS
    return Problem(
        f"The file has more than {most} rows; import it in parts of {most} rows or fewer."
    )


def unreadable(error: csv.Error, line: int) -> Problem:
    if str(error) == "unexpected end of data":
        return Problem(
            'a cell opens with a quote (") that is never closed, so every row after it '
            "would be read into that cell; close the quote.",
            line,
        )
    return Problem(f"the file cannot be read as CSV ({error}).", line)


def read_header(cells: list[str]) -> tuple[list[str], list[Problem]]:
    columns = [cell.strip().lower() for cell in cells]
    problems = []
    seen = set()
    for cell, column in zip(cells, columns, strict=True):
        if column and column not in COLUMNS:
            hint = ""
            if ";" in column:
                hint = " The file seems to use semicolons: save it as CSV with commas."
            problems.append(
                Problem(
                    "is not a column this import knows; "
                    f"the columns are {', '.join(COLUMNS)}.{hint}",
                    1,
                    cell.strip(),
                )
            )
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
    assert isinstance(model_field, models.Field), field_name

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


def iso_date(value: str, latest: date, noun: str) -> date:
    """A YYYY-MM-DD date from 1900 to `latest`, so no timescale arithmetic can overflow."""
    try:
        day = date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        day = None
    if day is None:
        raise CellError(f"'{value}' is not a date in the form YYYY-MM-DD, such as 2008-03-06.")
    if not EARLIEST_DATE <= day <= latest:
        raise CellError(
            f"'{value}' is not a {noun} from {long_date(EARLIEST_DATE)} to {long_date(latest)}."
        )
    return day


def meeting_date(value: str) -> date:
    return iso_date(value, LATEST_MEETING, "meeting date")


def promised_date(value: str) -> date:
    return iso_date(value, LATEST_DUE, "date")


def status(value: str) -> str:
    if value.lower() not in Status.values:
        raise CellError(f"'{value}' is not one of {', '.join(Status.values)}.")
    return value.lower()


def timescale(value: str) -> tuple[int, int] | tuple[date | None, date]:
    """Months from the meeting ('3' is 0 to 3, '3-6'), or the dates promised.

    Dates are 'YYYY-MM-DD' (by that date) or 'YYYY-MM-DD to YYYY-MM-DD', so a
    promise carried from an earlier paper can be given exactly.
    """
    if match := re.fullmatch(r"(\d{4}-\d\d-\d\d)(?:\s+to\s+(\d{4}-\d\d-\d\d))?", value):
        starts, ends = (match[1], match[2]) if match[2] else (None, match[1])
        starts, ends = (promised_date(starts) if starts else None), promised_date(ends)
        if starts and not starts < ends:
            raise CellError(f"'{value}': the expected completion must end after it starts.")
        return starts, ends
    match = re.fullmatch(r"(?:(\d+)\s*[-–]\s*)?(\d+)", value)
    if not match:
        raise CellError(
            f"'{value}' is not a timescale, such as 3 (within the next three months), 3-6 "
            "(within the next three to six months) or 2008-06-06 (by that date)."
        )
    starts, ends = int(match[1] or 0), int(match[2])
    if not starts < ends <= LONGEST_MONTHS:
        raise CellError(f"'{value}': a timescale must end after it starts, within 120 months.")
    return starts, ends


def promised(value, meeting: date | None) -> tuple[date | None, date | None]:
    """The dates a parsed timescale cell promises, months counted from the row's meeting."""
    if not value or (isinstance(value[1], int) and meeting is None):
        return None, None
    if isinstance(value[1], int):
        return promised_dates(meeting, *value)
    return value


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
# Called with a column (None for the whole row) and what is wrong in it.
OnProblem = Callable[[str | None, str], None]

REQUIRED_MESSAGES = {
    "scrutiny": "is empty; give the scrutiny's title.",
    "number": "is empty; give the recommendation's number.",
    "text": "is empty; give the recommendation's text.",
}


def cell_values(columns: list[str], cells: list[str], problem: OnProblem) -> dict[str, str]:
    """Each headed cell's trimmed text; a value under no heading is a problem."""
    values = {}
    for index, cell in enumerate(cells):
        column = columns[index] if index < len(columns) else ""
        if column:
            values[column] = cell.strip()  # line breaks are LF already (read_text)
        elif cell.strip():
            problem(None, f"column {index + 1} has a value but no heading in row 1.")
            break
    return values


def parse_cells(values: dict[str, str], problem: OnProblem) -> dict:
    """Each column's value parsed by its rule; an empty required cell is a problem."""
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
    return parsed


def check_cells_together(values: dict[str, str], parsed: dict, problem: OnProblem) -> None:
    """The rules between one row's cells: a whole report, a timescale only for outstanding work."""
    if any(values.get(column) for column in REPORT_COLUMNS):
        for column in REPORT_REQUIRED:
            if not values.get(column):
                problem(
                    column,
                    (
                        "is empty; a row that fills any report column must fill "
                        f"{', '.join(REPORT_REQUIRED)}."
                    ),
                )
    if parsed["status"] == Status.OUTSTANDING and not values.get("timescale"):
        problem(
            "timescale",
            "is empty; outstanding work needs a timescale (3, 3-6 or a date like 2008-06-06).",
        )
    if parsed["status"] and parsed["status"] != Status.OUTSTANDING and values.get("timescale"):
        problem("timescale", f"is for outstanding work only, not {parsed['status']}.")
    if values.get("timescale_reason") and not values.get("timescale"):
        problem("timescale_reason", "is for a timescale that moves; this row gives no timescale.")
    if parsed["linked_to"] and parsed["linked_to"] == parsed["number"]:
        problem("linked_to", "A recommendation cannot be linked to itself.")


def parse_row(line: int, columns: list[str], cells: list[str], problems: list[Problem]) -> Row:
    """The row's cells parsed by column; what is wrong goes on `problems`."""
    found = []

    def problem(column, message):
        found.append(Problem(message, line, column))

    values = cell_values(columns, cells, problem)
    parsed = parse_cells(values, problem)
    check_cells_together(values, parsed, problem)

    report = None
    if parsed["committee"] and parsed["meeting_date"] and parsed["report_number"]:
        report = ReportKey(parsed["committee"], parsed["meeting_date"], parsed["report_number"])
    problems += found
    due_from, due_by = promised(parsed["timescale"], parsed["meeting_date"])
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
        due_from=due_from,
        due_by=due_by,
        timescale_reason=parsed["timescale_reason"] or "",
        response=parsed["response"] or "",
    )


def check_file(rows: list[Row]) -> list[Problem]:
    """Rows that contradict each other: duplicates, two bodies, two titles for one report."""
    problems: list[Problem] = []
    first_row_of: dict[tuple[str, int], int] = {}
    first_body: dict[str, tuple[str, int]] = {}
    first_report_row: dict[ReportKey, Row] = {}
    for row in rows:
        if row.scrutiny and row.number:
            if row.key in first_row_of:
                problems.append(
                    Problem(
                        f"recommendation {row.number} of '{row.scrutiny}' is already on row "
                        f"{first_row_of[row.key]}.",
                        row.line,
                        "number",
                    )
                )
            else:
                first_row_of[row.key] = row.line
        if row.scrutiny and row.scrutiny_body:
            body, line = first_body.setdefault(row.scrutiny, (row.scrutiny_body, row.line))
            if body != row.scrutiny_body:
                problems.append(
                    Problem(
                        f"differs from row {line}'s body for the same scrutiny.",
                        row.line,
                        "scrutiny_body",
                    )
                )
        if row.report:
            first = first_report_row.setdefault(row.report, row)
            if row.report_title and first.report_title and row.report_title != first.report_title:
                problems.append(
                    Problem(
                        f"differs from row {first.line}'s title for {row.report}.",
                        row.line,
                        "report_title",
                    )
                )
            if row.scrutiny and first.scrutiny and row.scrutiny != first.scrutiny:
                problems.append(
                    Problem(
                        f"{row.report} updates '{first.scrutiny}' (row {first.line}); "
                        "a report updates one scrutiny.",
                        row.line,
                        "scrutiny",
                    )
                )
    return problems
