from datetime import date

import pytest

from recommendations.models import (
    Committee,
    Meeting,
    MembersDecision,
    Outcome,
    ProgressUpdate,
    Recommendation,
    Report,
    Scrutiny,
    Status,
)
from recommendations.status import (
    DECIDED,
    PROPOSED,
    current_statuses,
    status_sentence,
)
from recommendations.timescales import DueWindow
from tests.factories import due_dates

pytestmark = pytest.mark.django_db


def seed_statuses():
    return current_statuses(ProgressUpdate.objects.for_status())


def by_number(statuses):
    numbers = dict(Recommendation.objects.values_list("pk", "number"))
    return {numbers[pk]: current for pk, current in statuses.items()}


@pytest.fixture
def scrutiny():
    return Scrutiny.objects.create(title="Test scrutiny", body="Test authority")


@pytest.fixture
def committee():
    return Committee.objects.create(name="Test committee")


def make_report(committee, scrutiny, day, number=1):
    meeting, _ = Meeting.objects.get_or_create(committee=committee, date=day)
    return Report.objects.create(meeting=meeting, number=number, scrutiny=scrutiny, title="Update")


def make_recommendations(scrutiny, count):
    return [
        Recommendation.objects.create(scrutiny=scrutiny, number=n, text=f"Do thing {n}")
        for n in range(1, count + 1)
    ]


def update(report, recommendation, status, linked_to=None, timescale=(None, None)):
    return ProgressUpdate.objects.create(
        report=report,
        recommendation=recommendation,
        proposed_status=status,
        linked_to=linked_to,
        response="Response.",
        **due_dates(report.meeting.date, timescale),
    )


class TestSeedStatuses:
    def test_linked_recommendation_takes_its_targets_status(self, seed):
        statuses = by_number(seed_statuses())
        # 13 says "complete" in its own words but is treated as 2: for consideration.
        assert statuses[13].status == Status.CONSIDERATION
        assert statuses[13].update.proposed_status == Status.COMPLETE
        assert statuses[13].linked_to.number == 2
        assert statuses[18].status == Status.COMPLETE
        assert statuses[18].linked_to.number == 17

    def test_seed_groups_stand_as_proposed(self, seed):
        statuses = by_number(seed_statuses())
        assert all(current.basis == PROPOSED for current in statuses.values())
        complete = sorted(n for n, c in statuses.items() if c.status == Status.COMPLETE)
        outstanding = sorted(n for n, c in statuses.items() if c.status == Status.OUTSTANDING)
        consideration = sorted(n for n, c in statuses.items() if c.status == Status.CONSIDERATION)
        assert complete == [1, 3, 4, 5, 6, 7, 11, 12, 14, 15, 17, 18, 19, 21, 22, 23]
        assert outstanding == [8, 10, 16, 20, 24]
        assert consideration == [2, 9, 13]

    def test_seed_due_windows_count_from_the_meeting(self, seed):
        statuses = by_number(seed_statuses())
        assert statuses[8].due == DueWindow(date(2008, 3, 6), date(2008, 6, 6))
        assert statuses[10].due == DueWindow(date(2008, 6, 6), date(2008, 9, 6))
        assert statuses[24].due == DueWindow(date(2008, 9, 6), date(2009, 3, 6))
        assert statuses[1].due is None

    def test_seed_overdue_as_at_a_date(self, seed):
        statuses = by_number(seed_statuses())
        assert not statuses[8].is_overdue(date(2008, 6, 6))
        assert statuses[8].is_overdue(date(2008, 6, 7))
        assert not statuses[24].is_overdue(date(2009, 3, 6))
        assert statuses[24].is_overdue(date(2009, 3, 7))
        assert not statuses[1].is_overdue(date(2030, 1, 1))


class TestCurrentStatus:
    def test_latest_proposed_wins_without_a_decision(self, committee, scrutiny):
        (rec,) = make_recommendations(scrutiny, 1)
        update(
            make_report(committee, scrutiny, date(2008, 3, 6)),
            rec,
            Status.OUTSTANDING,
            timescale=(0, 3),
        )
        update(make_report(committee, scrutiny, date(2008, 6, 6)), rec, Status.COMPLETE)
        current = current_statuses(ProgressUpdate.objects.for_status())[rec.pk]
        assert (current.status, current.basis) == (Status.COMPLETE, PROPOSED)

    def test_latest_agreed_wins_over_a_later_proposal(self, committee, scrutiny):
        (rec,) = make_recommendations(scrutiny, 1)
        first = update(
            make_report(committee, scrutiny, date(2008, 3, 6)),
            rec,
            Status.OUTSTANDING,
            timescale=(3, 6),
        )
        MembersDecision.objects.create(update=first, outcome=Outcome.TIMESCALE_NOTED)
        update(make_report(committee, scrutiny, date(2008, 6, 6)), rec, Status.COMPLETE)
        current = current_statuses(ProgressUpdate.objects.for_status())[rec.pk]
        assert (current.status, current.basis) == (Status.OUTSTANDING, DECIDED)
        assert current.update == first
        assert current.due == DueWindow(date(2008, 6, 6), date(2008, 9, 6))

    def test_not_agreed_complete_is_outstanding_without_a_window(self, committee, scrutiny):
        (rec,) = make_recommendations(scrutiny, 1)
        first = update(make_report(committee, scrutiny, date(2008, 3, 6)), rec, Status.COMPLETE)
        MembersDecision.objects.create(update=first, outcome=Outcome.NOT_AGREED)
        current = current_statuses(ProgressUpdate.objects.for_status())[rec.pk]
        assert (current.status, current.basis, current.due) == (Status.OUTSTANDING, DECIDED, None)
        assert current.wording == (
            "Outstanding: members did not agree it complete on 6 March 2008; a timescale is due"
        )

    def test_the_latest_decision_counts_whatever_it_was(self, committee, scrutiny):
        (rec,) = make_recommendations(scrutiny, 1)
        first = update(make_report(committee, scrutiny, date(2008, 3, 6)), rec, Status.COMPLETE)
        MembersDecision.objects.create(update=first, outcome=Outcome.NOT_AGREED)
        second = update(
            make_report(committee, scrutiny, date(2008, 6, 6)), rec, Status.CONSIDERATION
        )
        MembersDecision.objects.create(update=second, outcome=Outcome.DEFERRED)
        current = current_statuses(ProgressUpdate.objects.for_status())[rec.pk]
        assert (current.status, current.basis) == (Status.CONSIDERATION, DECIDED)
        assert current.update == second
        assert current.wording == (
            "For members' consideration: members deferred their decision on 6 June 2008"
        )

    def test_two_reports_at_one_meeting_order_by_report_number(self, committee, scrutiny):
        (rec,) = make_recommendations(scrutiny, 1)
        day = date(2008, 3, 6)
        update(make_report(committee, scrutiny, day, number=7), rec, Status.COMPLETE)
        update(make_report(committee, scrutiny, day, number=3), rec, Status.CONSIDERATION)
        current = current_statuses(ProgressUpdate.objects.for_status())[rec.pk]
        assert current.status == Status.COMPLETE

    def test_link_chains_end_at_the_last_target(self, committee, scrutiny):
        one, two, three = make_recommendations(scrutiny, 3)
        report = make_report(committee, scrutiny, date(2008, 3, 6))
        update(report, one, Status.OUTSTANDING, timescale=(0, 3))
        update(report, two, Status.COMPLETE, linked_to=one)
        update(report, three, Status.COMPLETE, linked_to=two)
        statuses = current_statuses(ProgressUpdate.objects.for_status())
        assert statuses[three.pk].status == Status.OUTSTANDING
        assert statuses[three.pk].decided_by.recommendation == one
        assert statuses[three.pk].due == DueWindow(date(2008, 3, 6), date(2008, 6, 6))

    def test_a_loop_of_links_stops_instead_of_hanging(self, committee, scrutiny):
        one, two = make_recommendations(scrutiny, 2)
        report = make_report(committee, scrutiny, date(2008, 3, 6))
        update(report, one, Status.COMPLETE, linked_to=two)
        update(report, two, Status.CONSIDERATION, linked_to=one)
        statuses = current_statuses(ProgressUpdate.objects.for_status())
        assert statuses[one.pk].status == Status.CONSIDERATION
        assert statuses[two.pk].status == Status.COMPLETE

    def test_link_to_a_recommendation_the_report_skips_keeps_own_status(self, committee, scrutiny):
        one, two = make_recommendations(scrutiny, 2)
        report = make_report(committee, scrutiny, date(2008, 3, 6))
        update(report, two, Status.COMPLETE, linked_to=one)
        assert current_statuses(ProgressUpdate.objects.for_status())[two.pk].status == (
            Status.COMPLETE
        )

    def test_recommendation_without_updates_is_absent(self, committee, scrutiny):
        (rec,) = make_recommendations(scrutiny, 1)
        assert rec.pk not in current_statuses(ProgressUpdate.objects.for_status())


class TestStatusSentence:
    def test_each_status_has_the_reports_wording(self, committee, scrutiny):
        (rec,) = make_recommendations(scrutiny, 1)
        report = make_report(committee, scrutiny, date(2008, 3, 6))
        outstanding = update(report, rec, Status.OUTSTANDING, timescale=(3, 6))
        assert status_sentence(Status.COMPLETE, outstanding) == (
            "It is suggested that this matter is complete."
        )
        assert status_sentence(Status.OUTSTANDING, outstanding) == (
            "This matter remains outstanding and should be complete within the next three to "
            "six months."
        )
        assert status_sentence(Status.CONSIDERATION, outstanding) == (
            "Members are asked to consider if any additional work is required."
        )
