"""The QuerySet methods of recommendations/models.py, each with its query count pinned."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from recommendations.models import (
    ProgressUpdate,
    Recommendation,
    Report,
    Scrutiny,
    Status,
    paper_order,
    received_order,
)
from tests.factories import add_update, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers():
    """Four papers received out of id order: two at one meeting, one a draft."""
    scrutiny = Scrutiny.objects.create(title="Order", body="Body")
    recommendation = Recommendation.objects.create(scrutiny=scrutiny, number=1, text="One.")
    later = make_report(scrutiny, date(2009, 6, 1), number=1)
    second_item = make_report(scrutiny, date(2009, 1, 1), number=2)
    first_item = make_report(scrutiny, date(2009, 1, 1), number=1)
    draft = make_report(scrutiny, date(2010, 1, 1), number=1, published=False)
    for report in (later, second_item, first_item, draft):
        add_update(report, recommendation, Status.COMPLETE)
    return [first_item, second_item, later, draft]


def test_paper_order_is_meeting_date_then_item_then_id_with_an_unsaved_paper_last():
    assert paper_order(date(2009, 1, 1), 2, 7) < paper_order(date(2009, 1, 2), 1, 1)
    assert paper_order(date(2009, 1, 1), 1, 9) < paper_order(date(2009, 1, 1), 2, 1)
    assert paper_order(date(2009, 1, 1), 1, 3) < paper_order(date(2009, 1, 1), 1, 4)
    assert paper_order(date(2009, 1, 1), 1, 10**9) < paper_order(date(2009, 1, 1), 1, None)


def test_received_order_reads_a_reports_meeting_date_number_and_id(papers):
    first = papers[0]
    assert received_order(first) == (date(2009, 1, 1), 1, first.pk)
    assert sorted(papers, key=received_order) == papers


def test_reports_chronological_is_received_order_in_one_query(papers, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert list(Report.objects.chronological()) == papers


def test_reports_published_leaves_drafts_out_in_one_query(papers, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert list(Report.objects.published().chronological()) == papers[:3]


def test_reports_visible_to_the_public_are_the_published_ones(
    papers, member, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert list(Report.objects.visible_to(AnonymousUser()).chronological()) == papers[:3]
    assert list(Report.objects.visible_to(member).chronological()) == papers


def test_updates_chronological_follow_their_papers_in_one_query(papers, django_assert_num_queries):
    with django_assert_num_queries(1):
        reports = [update.report_id for update in ProgressUpdate.objects.chronological()]
    assert reports == [paper.pk for paper in papers]


def test_updates_received_before_a_paper_and_up_to_it(papers, django_assert_num_queries):
    first, second, later, draft = papers
    updates = ProgressUpdate.objects.chronological()
    with django_assert_num_queries(1):
        before_later = [u.report_id for u in updates.received_before(later)]
    assert before_later == [first.pk, second.pk]
    up_to_later = [u.report_id for u in updates.received_before(later, including=True)]
    assert up_to_later == [first.pk, second.pk, later.pk]
    assert list(updates.received_before(first)) == []
    assert [u.report_id for u in updates.received_before(draft)] == [p.pk for p in papers[:3]]


def test_updates_visible_to_the_public_leave_drafts_out(papers, member, django_assert_num_queries):
    with django_assert_num_queries(1):
        public = list(ProgressUpdate.objects.visible_to(AnonymousUser()))
    assert len(public) == 3
    assert ProgressUpdate.objects.visible_to(member).count() == 4


def test_for_status_loads_what_the_status_rules_read_in_one_query(
    papers, django_assert_num_queries
):
    with django_assert_num_queries(1):
        for update in ProgressUpdate.objects.for_status():
            assert update.report.meeting.date
            assert getattr(update, "decision", None) is None


def test_recommendations_in_number_order_fetch_their_scrutiny_in_one_query(
    seed, django_assert_num_queries
):
    with django_assert_num_queries(1):
        listed = [(r.scrutiny.title, r.number) for r in Recommendation.objects.in_number_order()]
    assert [number for _, number in listed] == list(range(1, 25))
