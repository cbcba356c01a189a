"""The status and overdue rules both the recommendations table and the admin filter by."""

from datetime import date

import pytest

from recommendations.filters import NO_UPDATE, overdue_or_not, with_status
from recommendations.models import ProgressUpdate, Recommendation, Scrutiny
from recommendations.status import current_statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def statuses(seed):
    return current_statuses(ProgressUpdate.objects.for_status())


def numbers(queryset):
    return sorted(queryset.values_list("number", flat=True))


def test_with_status_picks_the_current_status_linked_ones_included(statuses):
    recommendations = Recommendation.objects.all()
    assert numbers(with_status(recommendations, statuses, {"consideration"})) == [2, 9, 13]
    outstanding_or_considered = with_status(
        recommendations, statuses, {"outstanding", "consideration"}
    )
    assert numbers(outstanding_or_considered) == [2, 8, 9, 10, 13, 16, 20, 24]
    assert len(numbers(with_status(recommendations, statuses, {"complete"}))) == 16


def test_no_update_picks_recommendations_no_paper_has_reported_on(statuses):
    scrutiny = Scrutiny.objects.get()
    Recommendation.objects.create(scrutiny=scrutiny, number=25, text="Not reported on yet.")
    recommendations = Recommendation.objects.all()
    assert numbers(with_status(recommendations, statuses, {NO_UPDATE})) == [25]
    assert numbers(with_status(recommendations, statuses, {NO_UPDATE, "consideration"})) == [
        2, 9, 13, 25,
    ]  # fmt: skip
    assert numbers(with_status(recommendations, statuses, {"unknown"})) == []


def test_overdue_counts_from_the_window_end_and_never_for_complete_work(statuses):
    recommendations = Recommendation.objects.all()
    assert numbers(overdue_or_not(recommendations, statuses, date(2008, 6, 6), True)) == []
    on_7_june = overdue_or_not(recommendations, statuses, date(2008, 6, 7), True)
    assert numbers(on_7_june) == [8]
    everything_late = overdue_or_not(recommendations, statuses, date(2030, 1, 1), True)
    assert numbers(everything_late) == [8, 10, 16, 20, 24]
    not_late = overdue_or_not(recommendations, statuses, date(2030, 1, 1), False)
    assert 8 not in numbers(not_late) and len(numbers(not_late)) == 19
