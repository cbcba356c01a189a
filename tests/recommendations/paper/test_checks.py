"""The check before publishing: each warning appears when it should, and not otherwise."""

import pytest

from recommendations.models import Recommendation, Report, Status
from recommendations.paper.checks import REPORT_DETAILS, PublishingWarning, publishing_warnings
from tests.factories import start_report_5

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(seed):
    """Report 5 as started from Report 4: every open response carried word for word."""
    return start_report_5()


def complete(report):
    """The draft with its details filled in and every response new."""
    Report.objects.filter(pk=report.pk).update(
        summary="Progress.", by="The MPS", author="A. N. Other"
    )
    for update in report.updates.all():
        update.response = f"New progress on {update.recommendation_id}."
        update.save()
    report.refresh_from_db()
    return report


def messages_of(report):
    return [(warning.subject, warning.message) for warning in publishing_warnings(report)]


def test_a_carried_draft_warns_of_its_empty_details_and_every_unchanged_response(draft):
    warnings = messages_of(draft)
    assert warnings[:3] == [
        (REPORT_DETAILS, "The report has no summary."),
        (REPORT_DETAILS, "The report does not say who it is by (“By”)."),
        (REPORT_DETAILS, "The report names no author."),
    ]
    unchanged = [subject for subject, message in warnings if "word for word" in message]
    assert unchanged == [f"Recommendation {n}" for n in (2, 8, 9, 10, 13, 16, 20, 24)]
    assert (
        "Recommendation 8",
        "The response is word for word the one in Report 4.",
    ) in warnings


def test_a_complete_draft_has_nothing_to_check(draft):
    assert publishing_warnings(complete(draft)) == []


def test_a_response_differing_only_in_spacing_counts_as_unchanged(draft):
    complete(draft)
    update = draft.updates.get(recommendation__number=8)
    earlier = Report.objects.get(number=4).updates.get(recommendation__number=8).response
    update.response = "  " + earlier.replace(" ", "\n", 3) + "\n\n"
    update.save()
    assert publishing_warnings(draft) == [
        PublishingWarning(
            "Recommendation 8",
            "The response is word for word the one in Report 4.",
            f"/reports/{draft.pk}/workspace/recommendations/8/",
        )
    ]


@pytest.mark.parametrize("field", ["summary", "by", "author"])
def test_each_detail_is_warned_of_alone(draft, field):
    complete(draft)
    Report.objects.filter(pk=draft.pk).update(**{field: "  "})
    draft.refresh_from_db()
    assert [subject for subject, _ in messages_of(draft)] == [REPORT_DETAILS]


def test_outstanding_work_without_a_timescale_is_warned_of(draft):
    complete(draft)
    update = draft.updates.get(recommendation__number=10)
    assert update.proposed_status == Status.OUTSTANDING and update.due_by is not None
    draft.updates.filter(pk=update.pk).update(due_from=None, due_by=None)
    assert messages_of(draft) == [
        ("Recommendation 10", "Outstanding, but no timescale for completion is given.")
    ]


def test_a_link_to_a_recommendation_the_report_does_not_cover_is_warned_of(draft):
    complete(draft)
    assert draft.updates.get(recommendation__number=13).linked_to.number == 2  # covered: fine
    draft.updates.filter(recommendation__number=13).update(
        linked_to=Recommendation.objects.get(number=17)
    )
    assert messages_of(draft) == [
        (
            "Recommendation 13",
            "Linked to recommendation 17, which this report does not cover.",
        )
    ]


def test_the_first_paper_of_a_scrutiny_has_no_previous_words_to_repeat(seed):
    report = Report.objects.get()
    assert not [w for w in publishing_warnings(report) if "word for word" in w.message]


def test_it_reads_in_a_constant_number_of_queries(draft, django_assert_num_queries):
    with django_assert_num_queries(3):
        publishing_warnings(draft)


def test_each_warning_links_to_the_workspace_page_that_puts_it_right(draft):
    links = {(w.subject, w.change_url) for w in publishing_warnings(draft)}
    assert (REPORT_DETAILS, f"/reports/{draft.pk}/workspace/details/") in links
    assert ("Recommendation 8", f"/reports/{draft.pk}/workspace/recommendations/8/") in links
