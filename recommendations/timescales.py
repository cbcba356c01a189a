"""Date and wording arithmetic for timescales, touching no model.

A timescale is what the service promised members: outstanding work should be
complete within a window counted in months from a meeting's date. Everything
here works on plain dates and numbers, so models, status rules, the paper and
the import can all use it without importing each other.
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


def long_date(day: date) -> str:
    """A date as the site's own words write it: 6 March 2008."""
    return f"{day.day} {day:%B %Y}"


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def number_in_words(number: int) -> str:
    """A month count as the report writes it: 'three', or digits past twenty-four."""
    return NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else str(number)


def timescale_in_words(from_months: int | None, to_months: int | None) -> str:
    """'within the next three to six months', as the report words a timescale."""
    if to_months is None:
        return ""
    if not from_months:
        return f"within the next {number_in_words(to_months)} months"
    return f"within the next {number_in_words(from_months)} to {number_in_words(to_months)} months"


@dataclass(frozen=True)
class DueWindow:
    """When outstanding work is expected to be complete: between starts and ends."""

    starts: date
    ends: date

    def is_past(self, on: date) -> bool:
        """Whether `on` is after the window's last day."""
        return on > self.ends


def window_from(meeting_date: date, from_months: int | None, to_months: int) -> DueWindow:
    """The window a timescale in months promises, counted from a meeting's date."""
    return DueWindow(
        starts=add_months(meeting_date, from_months or 0),
        ends=add_months(meeting_date, to_months),
    )


def timescale_slipped(
    *,
    earlier_meeting: date,
    earlier: tuple[int | None, int | None],
    later_meeting: date,
    later: tuple[int | None, int | None],
) -> bool:
    """Whether a later report's timescale slipped: its window ends later than the earlier one.

    Timescales are (from, to) months after each report's meeting. The same
    timescale carried forward into the later report is not a slip: the paper
    says what it said before.
    """
    if earlier[1] is None or later[1] is None or earlier == later:
        return False
    return add_months(later_meeting, later[1]) > add_months(earlier_meeting, earlier[1])
