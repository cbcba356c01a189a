"""A slipped timescale needs a reason, which the history, the changes page and the page show.

The seed's Report 4 (6 March 2008) promises recommendation 10 between 6 June
and 6 September 2008, and recommendation 8 by 6 June 2008. A slip is an end
date later than the last one promised; the rule itself is
timescales.slipped_timescale_problem (tested in test_timescales.py), and
here it holds whichever way an update is edited.
"""

from datetime import date

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recommendations.imports import ImportFailed, import_recommendations
from recommendations.models import ProgressUpdate, Recommendation, Report, Status
from recommendations.paper import services
from tests.conftest import page_text
from tests.factories import make_report, seed_report, start_report_5
from tests.recommendations.imports.test_imports import make_csv, update_row
from tests.recommendations.paper.test_workspace import update_page

pytestmark = pytest.mark.django_db

REASON = "The treatment provider changed, so the pilot restarts in July."
SEPTEMBER_6, MARCH_2009 = date(2008, 9, 6), date(2009, 3, 6)
SLIPPED = (
    "The expected completion now ends on 6 March 2009, later than the 6 September 2008 "
    "Report 4 of 6 March 2008 promised: give the reason the timescale slipped."
)


@pytest.fixture
def draft(seed):
    """Report 5 of 5 June 2008 as the service starts it: the open updates carried forward."""
    return start_report_5()


def update_of(report, number) -> ProgressUpdate:
    return report.updates.get(recommendation__number=number)


def form_values(response, form_id) -> dict:
    form = lxml.html.fromstring(response.content.decode()).get_element_by_id(form_id)
    for textarea in form.xpath(".//textarea"):  # a browser drops the newline after <textarea>
        if textarea.text and textarea.text.startswith("\n"):
            textarea.text = textarea.text[1:]
    return dict(form.form_values())


class TestTheRule:
    def test_carrying_the_promise_forward_keeps_its_dates_and_needs_no_reason(self, draft):
        carried = update_of(draft, 10)
        assert (carried.due_from, carried.due_by) == (date(2008, 6, 6), SEPTEMBER_6)
        assert carried.timescale_change_reason == ""
        carried.full_clean()

    def test_moving_the_end_later_without_a_reason_is_refused(self, draft):
        update = update_of(draft, 10)
        update.due_from, update.due_by = SEPTEMBER_6, MARCH_2009
        with pytest.raises(ValidationError) as refused:
            update.full_clean()
        assert refused.value.message_dict == {"timescale_change_reason": [SLIPPED]}

    def test_with_a_reason_it_saves_and_the_history_records_the_reason(self, draft):
        update = update_of(draft, 10)
        update.due_from, update.due_by = SEPTEMBER_6, MARCH_2009
        update.timescale_change_reason = REASON
        update.full_clean()
        update.save_if_current()
        assert update.history.first().history_change_reason == REASON

    def test_moving_the_end_sooner_needs_none(self, draft):
        update = update_of(draft, 10)
        update.due_from, update.due_by = None, date(2008, 7, 1)
        update.full_clean()

    def test_completing_the_work_needs_none(self, draft):
        update = update_of(draft, 10)
        update.proposed_status = Status.COMPLETE
        update.due_from = update.due_by = None
        update.full_clean()

    def test_outstanding_again_after_complete_is_held_to_the_last_promise(self, draft):
        """Report 5 says complete; Report 6 reopens it with a later date: still a slip."""
        update = update_of(draft, 10)
        update.proposed_status, update.due_from, update.due_by = Status.COMPLETE, None, None
        update.full_clean()
        update.save_if_current()
        services.publish_report(report=draft)
        report_6 = make_report(
            seed_report().scrutiny,
            date(2008, 9, 4),
            number=6,
            published=False,
            committee_name="Co-ordination and Policing Committee",
        )
        reopened = ProgressUpdate(
            report=report_6,
            recommendation=update.recommendation,
            proposed_status=Status.OUTSTANDING,
            due_by=MARCH_2009,
            response="More to do.",
        )
        with pytest.raises(ValidationError) as refused:
            reopened.full_clean()
        assert refused.value.message_dict == {"timescale_change_reason": [SLIPPED]}

    def test_a_new_reports_update_that_slips_needs_a_reason(self, seed):
        later = make_report(seed_report().scrutiny, date(2008, 6, 5), number=5, published=False)
        update = ProgressUpdate(
            report=later,
            recommendation=Recommendation.objects.get(number=10),
            proposed_status=Status.OUTSTANDING,
            due_from=SEPTEMBER_6,
            due_by=MARCH_2009,
            response="Delayed.",
        )
        with pytest.raises(ValidationError) as refused:
            update.full_clean()
        assert refused.value.message_dict == {"timescale_change_reason": [SLIPPED]}
        update.timescale_change_reason = REASON
        update.full_clean()

    def test_a_long_reason_is_kept_whole_and_shortened_for_the_history_list(self, draft):
        reason = "The pilot restarts. " * 20
        update = update_of(draft, 10)
        update.due_from, update.due_by = SEPTEMBER_6, MARCH_2009
        update.timescale_change_reason = reason
        update.full_clean()
        update.save_if_current()
        update.refresh_from_db()
        assert update.timescale_change_reason == reason
        recorded = update.history.first()
        assert recorded.timescale_change_reason == reason
        assert len(recorded.history_change_reason) == 100
        assert recorded.history_change_reason.endswith("…")


def change_url(update):
    return reverse("admin:recommendations_progressupdate_change", args=[update.pk])


class TestInTheAdmin:
    def test_editing_a_timescale_without_a_reason_is_refused_and_changes_nothing(
        self, draft, staff, client_for
    ):
        update = update_of(draft, 10)
        client = client_for(staff)
        form = form_values(client.get(change_url(update)), "progressupdate_form")
        history_before = update.history.count()
        response = client.post(
            change_url(update),
            form | {"due_from": "2008-09-06", "due_by": "2009-03-06"},
        )
        assert response.status_code == 200
        assert SLIPPED in page_text(response)
        update.refresh_from_db()
        assert (update.due_from, update.due_by) == (date(2008, 6, 6), SEPTEMBER_6)
        assert update.history.count() == history_before

    def test_with_a_reason_it_saves_and_every_history_shows_the_reason(
        self, draft, staff, member, client_for
    ):
        update = update_of(draft, 10)
        client = client_for(staff)
        form = form_values(client.get(change_url(update)), "progressupdate_form")
        response = client.post(
            change_url(update),
            form
            | {
                "due_from": "2008-09-06",
                "due_by": "2009-03-06",
                "timescale_change_reason": REASON,
            },
        )
        assert response.status_code == 302
        update.refresh_from_db()
        assert (update.due_by, update.timescale_change_reason) == (MARCH_2009, REASON)

        admin_history = client.get(
            reverse("admin:recommendations_progressupdate_history", args=[update.pk])
        )
        assert REASON in page_text(admin_history)
        reader = client_for(member)
        detail = page_text(
            reader.get(reverse("recommendations:detail", args=[update.recommendation_id]))
        )
        assert f"Reason given: {REASON}" in detail
        assert f"Reason for the timescale change (empty) {REASON}" in detail
        changes = page_text(reader.get(reverse("recommendations:changes", args=[draft.pk])))
        assert (
            "Recommendation 10: expected by 6 March 2009, not 6 September 2008. "
            f"Reason given: {REASON}"
        ) in changes

    def test_a_slipped_update_added_to_a_draft_report_needs_a_reason(
        self, seed, officer, client_for
    ):
        later = make_report(
            seed_report().scrutiny,
            date(2008, 6, 5),
            number=5,
            published=False,
            committee_name="Co-ordination and Policing Committee",
        )
        url = reverse("admin:recommendations_report_change", args=[later.pk])
        client = client_for(officer)
        form = form_values(client.get(url), "report_form")
        new_row = {
            "updates-TOTAL_FORMS": "1",
            "updates-0-id": "",
            "updates-0-report": later.pk,
            "updates-0-recommendation": Recommendation.objects.get(number=10).pk,
            "updates-0-proposed_status": Status.OUTSTANDING,
            "updates-0-due_from": "2008-09-06",
            "updates-0-due_by": "2009-03-06",
            "updates-0-response": "Delayed.",
            "updates-0-linked_to": "",
            "updates-0-status_statement": "",
            "updates-0-seen_version": "",
        }
        refused = client.post(url, form | new_row)
        assert refused.status_code == 200
        assert SLIPPED in page_text(refused)
        assert not later.updates.exists()

        saved = client.post(url, form | new_row | {"updates-0-timescale_change_reason": REASON})
        assert saved.status_code == 302
        added = later.updates.get()
        assert added.timescale_change_reason == REASON
        assert added.history.get().history_change_reason == REASON


class TestOutstandingAgainAfterComplete:
    """Outstanding by D1, saved complete (its dates cleared), then outstanding again later.

    The complete in between promises nothing, so the rule still compares with
    D1, whichever way the update is edited; here D1 is Report 4's 6 September
    2008 for recommendation 10, carried into the draft.
    """

    def test_in_the_admin(self, draft, staff, client_for):
        update = update_of(draft, 10)
        client = client_for(staff)
        form = form_values(client.get(change_url(update)), "progressupdate_form")
        completed = form | {"proposed_status": Status.COMPLETE, "due_from": "", "due_by": ""}
        assert client.post(change_url(update), completed).status_code == 302
        assert update_of(draft, 10).due_by is None

        form = form_values(client.get(change_url(update)), "progressupdate_form")
        reopened = form | {
            "proposed_status": Status.OUTSTANDING,
            "due_from": "2008-09-06",
            "due_by": "2009-03-06",
        }
        refused = client.post(change_url(update), reopened)
        assert refused.status_code == 200
        assert SLIPPED in page_text(refused)
        assert update_of(draft, 10).proposed_status == Status.COMPLETE
        saved = client.post(change_url(update), reopened | {"timescale_change_reason": REASON})
        assert saved.status_code == 302
        assert update_of(draft, 10).due_by == MARCH_2009

    def test_in_the_workspace(self, draft, staff, client_for):
        url = reverse("recommendations:workspace_update", args=[draft.pk, 10])
        client = client_for(staff)
        values = update_page(client.get(url)) | {"proposed_status": "complete", "save_return": "y"}
        assert client.post(url, values).status_code == 302
        assert update_of(draft, 10).due_by is None

        values = update_page(client.get(url)) | {
            "proposed_status": "outstanding",
            "timescale_as": "dates",
            "due_from_day": "6",
            "due_from_month": "9",
            "due_from_year": "2008",
            "due_by_day": "6",
            "due_by_month": "3",
            "due_by_year": "2009",
            "save_return": "y",
        }
        refused = client.post(url, values)
        assert refused.status_code == 200
        assert SLIPPED in page_text(refused)
        assert update_of(draft, 10).proposed_status == Status.COMPLETE
        assert client.post(url, values | {"timescale_change_reason": REASON}).status_code == 302
        assert update_of(draft, 10).due_by == MARCH_2009

    def test_in_the_import_the_same_update(self, seed):
        import_recommendations(file=make_csv(update_row(10, "complete")))
        assert (
            ProgressUpdate.objects.get(report__number=7, recommendation__number=10).due_by is None
        )
        reopened = make_csv(update_row(10, "outstanding", timescale="2008-09-06 to 2009-03-06"))
        assert problems_of(reopened) == [
            f"Row 2, timescale_reason: {SLIPPED[0].lower()}{SLIPPED[1:]}"
        ]
        update = ProgressUpdate.objects.get(report__number=7, recommendation__number=10)
        assert update.proposed_status == Status.COMPLETE

    def test_in_the_import_across_papers_the_last_promise_counts(self, seed):
        """Report 5 promises 1 July 2008, Report 6 says complete: Report 7's 1 August slips."""
        for number, meeting, status, timescale in (
            ("5", "2008-06-05", "outstanding", "2008-07-01"),
            ("6", "2008-09-04", "complete", ""),
        ):
            row = update_row(
                10, status, timescale=timescale, meeting_date=meeting, report_number=number
            )
            import_recommendations(file=make_csv(row))
        reopened = update_row(
            10, "outstanding", timescale="2008-08-01", meeting_date="2008-12-04", report_number="7"
        )
        assert problems_of(make_csv(reopened)) == [
            "Row 2, timescale_reason: the expected completion now ends on 1 August 2008, later "
            "than the 1 July 2008 Report 5 of 5 June 2008 promised: give the reason the "
            "timescale slipped."
        ]


def problems_of(file) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        import_recommendations(file=file)
    return [str(problem) for problem in failure.value.problems]


class TestImport:
    """The file's report is 5 June 2008's: months count from then, dates are as given."""

    def test_a_slipped_timescale_without_a_reason_is_a_row_problem(self, seed):
        file = make_csv(
            update_row(8, "complete"),
            update_row(10, "outstanding", timescale="2008-09-06 to 2009-03-06"),
        )
        assert problems_of(file) == [f"Row 3, timescale_reason: {SLIPPED[0].lower()}{SLIPPED[1:]}"]
        assert not Report.objects.filter(number=7).exists()

    def test_months_from_the_new_meeting_that_end_later_are_a_slip(self, seed):
        """Three months from 5 June 2008 is 5 September: later than the promised 6 June."""
        assert problems_of(make_csv(update_row(8, "outstanding", timescale="3"))) == [
            "Row 2, timescale_reason: the expected completion now ends on 5 September 2008, "
            "later than the 6 June 2008 Report 4 of 6 March 2008 promised: give the reason the "
            "timescale slipped."
        ]

    def test_with_the_column_the_reason_is_saved_and_in_the_history(self, seed, officer):
        file = make_csv(update_row(10, "outstanding", timescale="6-12", timescale_reason=REASON))
        import_recommendations(file=file, user=officer)
        update = ProgressUpdate.objects.get(report__number=7, recommendation__number=10)
        assert update.timescale_change_reason == REASON
        assert update.history.get().history_change_reason == REASON

    def test_the_same_dates_carried_forward_need_none(self, seed):
        result = import_recommendations(
            file=make_csv(
                update_row(10, "outstanding", timescale="2008-06-06 to 2008-09-06"),
                update_row(8, "outstanding", timescale="2008-06-06"),
            )
        )
        assert result.updates_created == 2
        update = ProgressUpdate.objects.get(report__number=7, recommendation__number=10)
        assert (update.due_from, update.due_by) == (date(2008, 6, 6), SEPTEMBER_6)

    def test_changing_an_updates_end_to_later_needs_a_reason(self, seed):
        import_recommendations(
            file=make_csv(update_row(10, "outstanding", timescale="2008-06-06 to 2008-09-06"))
        )
        assert problems_of(
            make_csv(update_row(10, "outstanding", timescale="2008-09-06 to 2009-03-06"))
        ) == [f"Row 2, timescale_reason: {SLIPPED[0].lower()}{SLIPPED[1:]}"]
        update = ProgressUpdate.objects.get(report__number=7, recommendation__number=10)
        assert update.due_by == SEPTEMBER_6

    def test_a_reason_without_a_timescale_is_refused(self, seed):
        file = make_csv(update_row(10, "complete", timescale_reason=REASON))
        assert problems_of(file) == [
            "Row 2, timescale_reason: is for a timescale that moves; this row gives no timescale."
        ]
