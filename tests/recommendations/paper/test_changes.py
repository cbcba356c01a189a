from datetime import date

import pytest

from recommendations.models import Outcome, ProgressUpdate, Recommendation, Report, Scrutiny, Status
from recommendations.paper.changes import (
    changes_between,
    compare,
    for_changes,
    previous_report,
    statuses_as_at,
    updates_up_to,
)
from recommendations.status import DECIDED, PROPOSED
from tests.factories import add_update, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def scrutiny():
    return Scrutiny.objects.create(title="Test scrutiny", body="Test authority")


@pytest.fixture
def numbered(scrutiny):
    return {
        n: Recommendation.objects.create(scrutiny=scrutiny, number=n, text=f"Do thing {n}")
        for n in range(1, 5)
    }


@pytest.fixture
def first(scrutiny, numbered):
    """Report 1 (1 March 2008): 1 outstanding 0-3 months, 2 for consideration, 3 complete."""
    report = make_report(scrutiny, date(2008, 3, 1))
    add_update(report, numbered[1], Status.OUTSTANDING, timescale=(0, 3))
    add_update(report, numbered[2], Status.CONSIDERATION)
    add_update(report, numbered[3], Status.COMPLETE)
    return report


@pytest.fixture
def second(scrutiny, numbered, first):
    """Report 2 (1 June 2008): 1 slips to 3-6 months, 2 complete, 3 linked to 1, 4 is new."""
    report = make_report(scrutiny, date(2008, 6, 1))
    add_update(report, numbered[1], Status.OUTSTANDING, timescale=(3, 6))
    add_update(report, numbered[2], Status.COMPLETE)
    add_update(report, numbered[3], Status.COMPLETE, linked_to=numbered[1])
    add_update(report, numbered[4], Status.CONSIDERATION)
    return report


def by_number(found):
    return {change.recommendation.number: change for change in found}


class TestChangesBetween:
    def test_it_finds_status_changes_including_link_effects(self, first, second):
        changes = changes_between(first, second)
        moved = by_number(changes.status_changes)
        assert set(moved) == {2, 3, 4}
        assert (moved[2].before.status, moved[2].after.status) == (
            Status.CONSIDERATION,
            Status.COMPLETE,
        )
        # 3 is now treated as 1, which is outstanding.
        assert (moved[3].before.status, moved[3].after.status) == (
            Status.COMPLETE,
            Status.OUTSTANDING,
        )
        assert moved[4].before.status == ""
        assert moved[4].before.label == "No update yet"

    def test_it_finds_new_links(self, first, second, numbered):
        changes = changes_between(first, second)
        assert [
            (link.recommendation.number, link.linked_to.number) for link in changes.new_links
        ] == [(3, 1)]

    def test_it_finds_slipped_timescales(self, first, second):
        changes = changes_between(first, second)
        [slipped] = changes.slipped_timescales
        assert slipped.recommendation.number == 1
        assert slipped.before.ends == date(2008, 6, 1)
        assert slipped.after.ends == date(2008, 12, 1)

    def test_an_earlier_window_end_is_not_a_slip(self, scrutiny, numbered, first):
        later = make_report(scrutiny, date(2008, 4, 1))
        # From 1 April, "within the next month" ends 1 May: sooner than 1 June.
        add_update(later, numbered[1], Status.OUTSTANDING, timescale=(0, 1))
        assert changes_between(first, later).slipped_timescales == []

    def test_members_deferring_is_a_change_of_basis(self, scrutiny, numbered, first):
        later = make_report(scrutiny, date(2008, 6, 1))
        add_update(later, numbered[2], Status.CONSIDERATION, outcome=Outcome.DEFERRED)
        [change] = changes_between(first, later).status_changes
        assert change.recommendation.number == 2
        assert (change.before.basis, change.after.basis) == (PROPOSED, DECIDED)
        assert change.after.basis_text == "members deferred their decision on 1 June 2008"

    def test_members_not_agreeing_shows_as_the_decided_status(self, scrutiny, numbered, first):
        later = make_report(scrutiny, date(2008, 6, 1))
        add_update(later, numbered[2], Status.COMPLETE, outcome=Outcome.NOT_AGREED)
        [change] = changes_between(first, later).status_changes
        assert change.after.status == Status.OUTSTANDING
        assert change.after.basis_text.startswith("members did not agree it complete")

    def test_a_decision_changing_only_its_outcome_is_a_change(self, scrutiny, numbered, first):
        later = make_report(scrutiny, date(2008, 6, 1))
        update = add_update(later, numbered[2], Status.CONSIDERATION, outcome=Outcome.DEFERRED)
        before = statuses_as_at(later, for_changes(ProgressUpdate.objects.all()))
        update.decision.outcome = Outcome.NO_FURTHER_WORK
        update.decision.save()
        after = statuses_as_at(later, for_changes(ProgressUpdate.objects.all()))
        assert compare(later, later, before, after).status_changes

    def test_nothing_changed_is_empty(self, scrutiny, numbered, first):
        later = make_report(scrutiny, date(2008, 6, 1))
        add_update(later, numbered[3], Status.COMPLETE)
        changes = changes_between(first, later)
        assert changes.is_empty
        assert (changes.since, changes.until) == (first, later)

    def test_from_nothing_every_covered_recommendation_is_new(self, first):
        changes = changes_between(None, first)
        assert sorted(by_number(changes.status_changes)) == [1, 2, 3]

    def test_later_reports_play_no_part(self, scrutiny, numbered, first, second):
        third = make_report(scrutiny, date(2008, 9, 1))
        add_update(third, numbered[2], Status.OUTSTANDING, timescale=(0, 3))
        moved = by_number(changes_between(first, second).status_changes)
        assert moved[2].after.status == Status.COMPLETE

    def test_given_updates_limit_what_is_seen(self, first, second, numbered):
        """A reader without drafts passes only published updates: a draft changes nothing."""
        Report.objects.filter(pk=second.pk).update(published_at=None)
        published = for_changes(ProgressUpdate.objects.filter(report__published_at__isnull=False))
        assert changes_between(first, second, published).is_empty

    def test_it_costs_one_query(self, first, second, django_assert_num_queries):
        first, second = (
            Report.objects.select_related("meeting").get(pk=report.pk) for report in (first, second)
        )
        with django_assert_num_queries(1):
            changes = changes_between(first, second)
            [link.linked_to.number for link in changes.new_links]
            [change.recommendation.number for change in changes.status_changes]


class TestStatusesAsAt:
    def test_it_uses_reports_up_to_and_including_the_given_one(self, first, second, numbered):
        updates = list(for_changes(ProgressUpdate.objects.all()))
        assert statuses_as_at(first, updates)[numbered[2].pk].status == Status.CONSIDERATION
        assert statuses_as_at(second, updates)[numbered[2].pk].status == Status.COMPLETE
        assert numbered[4].pk not in statuses_as_at(first, updates)
        assert statuses_as_at(None, updates) == {}

    def test_same_day_reports_go_by_number(self, scrutiny, numbered, first):
        item_9 = make_report(scrutiny, date(2008, 6, 1), number=9)
        item_2 = make_report(scrutiny, date(2008, 6, 1), number=2)
        add_update(item_9, numbered[1], Status.COMPLETE)
        add_update(item_2, numbered[1], Status.CONSIDERATION)
        updates = list(for_changes(ProgressUpdate.objects.all()))
        assert statuses_as_at(item_2, updates)[numbered[1].pk].status == Status.CONSIDERATION
        assert statuses_as_at(item_9, updates)[numbered[1].pk].status == Status.COMPLETE

    def test_other_scrutinies_are_left_out(self, first, numbered):
        other = Scrutiny.objects.create(title="Other", body="Other")
        elsewhere = Recommendation.objects.create(scrutiny=other, number=1, text="Other")
        add_update(make_report(other, date(2008, 3, 1), number=2), elsewhere, Status.COMPLETE)
        updates = list(for_changes(ProgressUpdate.objects.all()))
        assert set(statuses_as_at(first, updates)) == {numbered[n].pk for n in (1, 2, 3)}

    def test_updates_up_to_filters_in_the_database(self, first, second, numbered):
        found = updates_up_to(first, ProgressUpdate.objects.all())
        assert sorted(found.values_list("recommendation__number", flat=True)) == [1, 2, 3]
        assert updates_up_to(second, ProgressUpdate.objects.all()).count() == 7


class TestPreviousReport:
    def test_it_is_the_same_scrutinys_paper_just_before(self, scrutiny, first, second):
        other = Scrutiny.objects.create(title="Other", body="Other")
        between = make_report(other, date(2008, 5, 1))
        reports = [first, second, between]
        assert previous_report(second, reports) == first
        assert previous_report(first, reports) is None
        assert previous_report(between, reports) is None
