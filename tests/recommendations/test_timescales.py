"""Date and wording arithmetic for timescales: plain dates and numbers, no database."""

from datetime import date

from recommendations.timescales import (
    DueWindow,
    Promise,
    add_months,
    due_window,
    long_date,
    number_in_words,
    promised_dates,
    slipped_timescale_problem,
    timescale_in_words,
    timescale_months,
    whole_months,
)

MARCH = date(2008, 3, 6)
JUNE_5 = date(2008, 6, 5)


def test_long_date_writes_the_day_without_a_leading_zero():
    assert long_date(date(2008, 3, 6)) == "6 March 2008"
    assert long_date(date(2008, 12, 25)) == "25 December 2008"


def test_add_months_past_the_last_date_python_holds_stops_there():
    """A far date already stored must not overflow date(): the window just ends at date.max."""
    assert add_months(date(9999, 12, 31), 3) == date.max
    assert add_months(date(9999, 10, 31), 3) == date.max
    assert promised_dates(date(9999, 12, 31), 3, 6) == (date.max, date.max)
    assert timescale_in_words(date(9999, 12, 31), None, date.max) == "by 31 December 9999"


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


def test_a_timescale_in_months_promises_dates_from_its_meeting():
    assert promised_dates(MARCH, 0, 3) == (None, date(2008, 6, 6))
    assert promised_dates(MARCH, 3, 6) == (date(2008, 6, 6), date(2008, 9, 6))
    assert promised_dates(MARCH, 6, 12) == (date(2008, 9, 6), date(2009, 3, 6))


def test_whole_months_fit_only_where_the_day_matches():
    assert whole_months(MARCH, date(2008, 6, 6)) == 3
    assert whole_months(JUNE_5, date(2008, 6, 6)) is None
    assert whole_months(date(2008, 8, 31), date(2009, 2, 28)) == 6
    assert whole_months(MARCH, MARCH) is None


def test_timescale_in_words_reads_as_the_report_does():
    assert timescale_in_words(MARCH, None, date(2008, 6, 6)) == "within the next three months"
    assert timescale_in_words(MARCH, date(2008, 6, 6), date(2008, 9, 6)) == (
        "within the next three to six months"
    )
    assert timescale_in_words(MARCH, date(2008, 9, 6), date(2009, 3, 6)) == (
        "within the next six to twelve months"
    )
    assert timescale_in_words(MARCH, None, date(2008, 4, 6)) == "within the next month"
    assert timescale_in_words(MARCH, None, None) == ""


def test_a_carried_promise_is_worded_from_the_new_meeting_keeping_its_dates():
    assert timescale_in_words(JUNE_5, None, date(2008, 6, 6)) == "by 6 June 2008"
    assert timescale_in_words(JUNE_5, date(2008, 6, 6), date(2008, 9, 6)) == (
        "between 6 June 2008 and 6 September 2008"
    )
    # Where whole months from the new meeting fit, the paper says so.
    assert timescale_in_words(date(2008, 6, 6), date(2008, 6, 6), date(2008, 9, 6)) == (
        "within the next three months"
    )
    assert timescale_months(date(2008, 6, 6), date(2008, 6, 6), date(2008, 9, 6)) == (0, 3)
    # A promise already past at the new meeting is worded by its date.
    assert timescale_in_words(date(2008, 7, 1), None, date(2008, 6, 6)) == "by 6 June 2008"


def test_the_window_starts_at_its_start_or_the_meeting():
    assert due_window(MARCH, None, date(2008, 6, 6)) == DueWindow(MARCH, date(2008, 6, 6))
    assert due_window(MARCH, date(2008, 6, 6), date(2008, 9, 6)) == DueWindow(
        date(2008, 6, 6), date(2008, 9, 6)
    )
    assert due_window(MARCH, None, None) is None


class TestTheTimescaleReasonRule:
    PROMISE = Promise(date(2008, 6, 6), "Report 4 of 6 March 2008")

    def test_an_end_later_than_the_last_promise_needs_a_reason(self):
        assert slipped_timescale_problem(
            promise=self.PROMISE, due_by=date(2008, 9, 6), reason=""
        ) == (
            "The expected completion now ends on 6 September 2008, later than the "
            "6 June 2008 Report 4 of 6 March 2008 promised: give the reason the timescale "
            "slipped."
        )

    def test_a_reason_answers_it(self):
        assert not slipped_timescale_problem(
            promise=self.PROMISE, due_by=date(2008, 9, 6), reason="Funding came late."
        )

    def test_a_blank_reason_does_not(self):
        assert slipped_timescale_problem(promise=self.PROMISE, due_by=date(2008, 9, 6), reason="  ")

    def test_the_same_or_an_earlier_end_needs_none(self):
        for due_by in (date(2008, 6, 6), date(2008, 5, 1)):
            assert not slipped_timescale_problem(promise=self.PROMISE, due_by=due_by, reason="")

    def test_nothing_promised_before_needs_none(self):
        assert not slipped_timescale_problem(promise=None, due_by=date(2010, 1, 1), reason="")


def test_a_window_is_past_only_after_its_last_day():
    window = DueWindow(date(2008, 6, 6), date(2008, 9, 6))
    assert not window.is_past(date(2008, 9, 6))
    assert window.is_past(date(2008, 9, 7))
