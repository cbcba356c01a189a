from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from recommendations.models import (
    Committee,
    Meeting,
    ProgressUpdate,
    Recommendation,
    Report,
    ReportSection,
    Scrutiny,
    Status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scrutiny():
    return Scrutiny.objects.create(title="Test scrutiny", body="Test authority")


@pytest.fixture
def report(scrutiny):
    committee = Committee.objects.create(name="Test committee")
    meeting = Meeting.objects.create(committee=committee, date=date(2008, 3, 6))
    return Report.objects.create(meeting=meeting, number=4, scrutiny=scrutiny, title="Update")


@pytest.fixture
def recommendation(scrutiny):
    return Recommendation.objects.create(scrutiny=scrutiny, number=1, text="Agree a definition")


def unsaved_update(report, recommendation, **fields):
    values = {"response": "Done.", "proposed_status": Status.COMPLETE} | fields
    return ProgressUpdate(report=report, recommendation=recommendation, **values)


MEETING_RANGE = "Give a meeting date from 1 January 1900 to 31 December 2999."


@pytest.mark.parametrize(
    "day", [date(1, 1, 1), date(1899, 12, 31), date(3000, 1, 1), date(9999, 12, 31)]
)
def test_a_meeting_outside_1900_to_2999_is_refused(day):
    """The status rules count months from a meeting: a far one would overflow the dates."""
    meeting = Meeting(committee=Committee.objects.create(name="Test committee"), date=day)
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert refused.value.message_dict == {"date": [MEETING_RANGE]}


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2999, 12, 31)])
def test_a_meeting_at_either_end_of_the_range_is_accepted(day):
    Meeting(committee=Committee.objects.create(name="Test committee"), date=day).full_clean()


@pytest.mark.parametrize("field", ["due_from", "due_by"])
def test_an_expected_date_past_the_longest_timescale_is_refused(report, recommendation, field):
    dates = {"due_from": date(2008, 6, 6), "due_by": date(2008, 9, 6)}
    dates[field] = date(3010, 1, 1) if field == "due_by" else date(1899, 12, 31)
    update = unsaved_update(report, recommendation, proposed_status=Status.OUTSTANDING, **dates)
    with pytest.raises(ValidationError) as refused:
        update.full_clean()
    assert refused.value.message_dict == {
        field: ["Give a date from 1 January 1900 to 31 December 3009."]
    }


def test_duplicate_number_in_a_scrutiny_is_refused_with_a_clear_message(scrutiny, recommendation):
    duplicate = Recommendation(scrutiny=scrutiny, number=1, text="Another")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "This scrutiny already has a recommendation with this number." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_same_number_in_another_scrutiny_is_allowed(recommendation):
    other = Scrutiny.objects.create(title="Other scrutiny", body="Other authority")
    Recommendation.objects.create(scrutiny=other, number=1, text="Agree a definition")
    assert Recommendation.objects.filter(number=1).count() == 2


def test_self_link_is_refused_with_a_clear_message(report, recommendation):
    update = unsaved_update(report, recommendation, linked_to=recommendation)
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "A recommendation cannot be linked to itself." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        update.save()


def test_second_update_in_one_report_is_refused(report, recommendation):
    unsaved_update(report, recommendation).save()
    with pytest.raises(ValidationError) as error:
        unsaved_update(report, recommendation).full_clean()
    assert "This report already has an update for this recommendation." in str(error.value)


JUNE, SEPTEMBER = date(2008, 6, 6), date(2008, 9, 6)


@pytest.mark.parametrize(
    "status, timescale",
    [
        (Status.COMPLETE, (None, JUNE)),  # expected dates belong to outstanding work only
        (Status.OUTSTANDING, (SEPTEMBER, JUNE)),  # ends before it starts
        (Status.OUTSTANDING, (JUNE, JUNE)),  # empty window
        (Status.OUTSTANDING, (JUNE, None)),  # a start without an end
    ],
)
def test_bad_timescales_are_refused_by_the_database(report, recommendation, status, timescale):
    update = unsaved_update(
        report,
        recommendation,
        proposed_status=status,
        due_from=timescale[0],
        due_by=timescale[1],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        update.save()


def test_good_timescale_is_accepted(report, recommendation):
    unsaved_update(
        report,
        recommendation,
        proposed_status=Status.OUTSTANDING,
        due_from=JUNE,
        due_by=SEPTEMBER,
    ).full_clean()


def test_outstanding_work_needs_a_timescale(report, recommendation):
    with pytest.raises(ValidationError) as error:
        unsaved_update(report, recommendation, proposed_status=Status.OUTSTANDING).full_clean()
    assert "Give the date outstanding work is expected to be complete by." in str(error.value)


def test_unknown_status_is_refused_by_the_database(report, recommendation):
    with pytest.raises(IntegrityError), transaction.atomic():
        unsaved_update(report, recommendation, proposed_status="maybe").save()


def test_link_to_another_scrutiny_is_refused(report, recommendation):
    other = Scrutiny.objects.create(title="Other scrutiny", body="Other authority")
    stranger = Recommendation.objects.create(scrutiny=other, number=2, text="Elsewhere")
    with pytest.raises(ValidationError) as error:
        unsaved_update(report, recommendation, linked_to=stranger).full_clean()
    assert "Link only to a recommendation of the same scrutiny." in str(error.value)


def test_update_for_another_scrutinys_recommendation_is_refused(report):
    other = Scrutiny.objects.create(title="Other scrutiny", body="Other authority")
    stranger = Recommendation.objects.create(scrutiny=other, number=2, text="Elsewhere")
    with pytest.raises(ValidationError) as error:
        unsaved_update(report, stranger).full_clean()
    assert "This recommendation belongs to another scrutiny." in str(error.value)


def test_published_and_draft_reports(report):
    assert list(Report.objects.published()) == []
    report.published_at = "2008-03-06T00:00:00Z"
    report.save()
    assert list(Report.objects.published()) == [report]


@pytest.mark.parametrize(
    "model, field",
    [(Report, "summary"), (ReportSection, "body"), (ProgressUpdate, "response")],
)
def test_markdown_fields_say_what_they_are_and_how_to_format_them(model, field):
    help_text = str(model._meta.get_field(field).help_text)
    what, formatting = help_text.split(" Formatting: Markdown. ")
    assert what and what[0].isupper() and what.endswith(".")
    assert "blank line between paragraphs" in formatting
