"""Date and wording arithmetic for timescales, touching no model.

A timescale is what the service promised members: outstanding work should be
complete by a date, sometimes not before another. The promise is made at a
meeting, in months from its date ("within the next three to six months" at 6
March 2008 is 6 June to 6 September 2008), and is kept as those dates: carried
into a later paper, it still ends on 6 September 2008, and that paper words it
from its own meeting. Everything here works on plain dates and numbers, so
models, status rules, the paper and the import can all use it without
importing each other.
"""

import calendar
from dataclasses import dataclass
from datetime import date

NUMBER_WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen", "twenty", "twenty-one", "twenty-two",
    "twenty-three", "twenty-four",
]  # fmt: skip

# The longest timescale a paper promises, in months after its meeting.
LONGEST_MONTHS = 120
# The meetings the tracker takes, and the promised dates that can follow them:
# far enough from Python's date limits that no arithmetic here can overflow.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_MEETING = date(2999, 12, 31)
LATEST_DUE = date(3009, 12, 31)  # LATEST_MEETING and LONGEST_MONTHS


def long_date(day: date) -> str:
    """A date as the site's own words write it: 6 March 2008."""
    return f"{day.day} {day:%B %Y}"


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or the month's last day if it is shorter.

    Past the last date Python holds it stops at date.max: a far date stored
    before dates were bounded still gives a window, never an overflow.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months(start: date, end: date) -> int | None:
    """The month count n (1 or more) with add_months(start, n) == end; None if none fits."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if 1 <= months <= LONGEST_MONTHS and add_months(start, months) == end:
        return months
    return None


def number_in_words(number: int) -> str:
    """A month count as the report writes it: 'three', or digits past twenty-four."""
    return NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else str(number)


def promised_dates(meeting: date, from_months: int, to_months: int) -> tuple[date | None, date]:
    """The dates a timescale in months promises at a meeting: (not before, by).

    'Within the next three months' (0 to 3) has no start: (None, by).
    """
    starts = add_months(meeting, from_months) if from_months else None
    return starts, add_months(meeting, to_months)


def starts_after(meeting: date, due_from: date | None) -> date | None:
    """A window's start, if it is still ahead at `meeting`; a passed start says nothing."""
    return due_from if due_from and due_from > meeting else None


def timescale_months(
    meeting: date, due_from: date | None, due_by: date | None
) -> tuple[int, int] | None:
    """The promise as (from, to) months after `meeting`, where whole months fit both ends."""
    if due_by is None or (to_months := whole_months(meeting, due_by)) is None:
        return None
    starts = starts_after(meeting, due_from)
    if starts is None:
        return (0, to_months)
    from_months = whole_months(meeting, starts)
    return None if from_months is None else (from_months, to_months)


def timescale_in_words(meeting: date, due_from: date | None, due_by: date | None) -> str:
    """The promise as a paper for `meeting` words it.

    In months where whole months from the meeting fit ('within the next three
    to six months'), else by its dates ('by 6 June 2008', 'between 6 June 2008
    and 6 September 2008'), so a promise carried into a later paper keeps its
    dates exactly. Empty when nothing was promised.
    """
    if due_by is None:
        return ""
    months = timescale_months(meeting, due_from, due_by)
    if months == (0, 1):
        return "within the next month"
    if months and not months[0]:
        return f"within the next {number_in_words(months[1])} months"
    if months:
        return (
            f"within the next {number_in_words(months[0])} to {number_in_words(months[1])} months"
        )
    starts = starts_after(meeting, due_from)
    if starts is None:
        return f"by {long_date(due_by)}"
    return f"between {long_date(starts)} and {long_date(due_by)}"


@dataclass(frozen=True)
class DueWindow:
    """When outstanding work is expected to be complete: between starts and ends."""

    starts: date
    ends: date

    def is_past(self, on: date) -> bool:
        """Whether `on` is after the window's last day."""
        return on > self.ends


def due_window(meeting: date, due_from: date | None, due_by: date | None) -> DueWindow | None:
    """The window a promise gives at `meeting`: from its start (or the meeting) to `due_by`."""
    if due_by is None:
        return None
    return DueWindow(starts=due_from or min(meeting, due_by), ends=due_by)


@dataclass(frozen=True)
class Promise:
    """The last completion date members were given, and the paper that gave it."""

    due_by: date
    paper: str  # "Report 4 of 6 March 2008"


def slipped_timescale_problem(*, promise: Promise | None, due_by: date | None, reason: str) -> str:
    """The timescale-reason rule: an end date later than the last promised needs a reason."""
    if promise is None or due_by is None or due_by <= promise.due_by or reason.strip():
        return ""
    return (
        f"The expected completion now ends on {long_date(due_by)}, later than the "
        f"{long_date(promise.due_by)} {promise.paper} promised: give the reason the "
        "timescale slipped."
    )
