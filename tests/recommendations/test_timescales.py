"""Date and wording arithmetic for timescales: plain dates and numbers, no database."""

from datetime import date

from recommendations.timescales import (
    DueWindow,
    add_months,
    long_date,
    number_in_words,
    timescale_in_words,
    window_from,
)


def test_long_date_writes_the_day_without_a_leading_zero():
    assert long_date(date(2008, 3, 6)) == "6 March 2008"
    assert long_date(date(2008, 12, 25)) == "25 December 2008"


def test_add_months_keeps_the_day():
    assert add_months(date(2008, 3, 6), 3) == date(2008, 6, 6)
    assert add_months(date(2008, 3, 6), 12) == date(2009, 3, 6)
    assert add_months(date(2008, 3, 6), 0) == date(2008, 3, 6)


def test_add_months_clamps_to_a_shorter_month():
    assert add_months(date(2008, 8, 31), 6) == date(2009, 2, 28)
    assert add_months(date(2008, 11, 30), 3) == date(2009, 2, 28)
    assert add_months(date(2007, 11, 30), 3) == date(2008, 2, 29)


def test_month_counts_up_to_twenty_four_are_words_and_later_ones_digits():
    assert number_in_words(3) == "three"
    assert number_in_words(24) == "twenty-four"
    assert number_in_words(36) == "36"


def test_timescale_in_words_reads_as_the_report_does():
    assert timescale_in_words(0, 3) == "within the next three months"
    assert timescale_in_words(None, 3) == "within the next three months"
    assert timescale_in_words(3, 6) == "within the next three to six months"
    assert timescale_in_words(6, 12) == "within the next six to twelve months"
    assert timescale_in_words(None, None) == ""


def test_the_window_counts_from_the_meeting_date():
    meeting = date(2008, 3, 6)
    assert window_from(meeting, None, 3) == DueWindow(date(2008, 3, 6), date(2008, 6, 6))
    assert window_from(meeting, 3, 6) == DueWindow(date(2008, 6, 6), date(2008, 9, 6))
    assert window_from(meeting, 6, 12) == DueWindow(date(2008, 9, 6), date(2009, 3, 6))


def test_a_window_is_past_only_after_its_last_day():
    window = DueWindow(date(2008, 6, 6), date(2008, 9, 6))
    assert not window.is_past(date(2008, 9, 6))
    assert window.is_past(date(2008, 9, 7))
