import re
from datetime import date

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from recommendations.models import ProgressUpdate, Recommendation, Report, ReportAbbreviation
from recommendations.paper import services
from strategy.models import Strategy, StrategyAbbreviation
from tests.factories import (
    admin_recommendation_form,
    bulk_recommendations,
    form_values,
    make_report,
    start_report_5,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:recommendations_recommendation_changelist")


def numbers_listed(response):
    """Recommendation numbers in the changelist's first column."""
    return sorted(
        int(n) for n in re.findall(r'<th class="field-number"><a [^>]*>(\d+)</a>', response.text)
    )


def change_url(model, pk):
    return reverse(f"admin:recommendations_{model}_change", args=[pk])


class TestRecommendationChangelist:
    def test_it_lists_number_text_status_and_overdue(self, seed, member, client_for):
        response = client_for(member).get(CHANGELIST)
        assert response.status_code == 200
        assert numbers_listed(response) == list(range(1, 25))
        assert "For members&#x27; consideration, proposed" in response.text
        assert "Outstanding, proposed" in response.text
        assert 'class="column-overdue"' in response.text

    def test_it_filters_by_current_status(self, seed, member, client_for):
        response = client_for(member).get(CHANGELIST, {"status": "outstanding"})
        assert numbers_listed(response) == [8, 10, 16, 20, 24]
        response = client_for(member).get(CHANGELIST, {"status": "consideration"})
        assert numbers_listed(response) == [2, 9, 13]

    def test_it_filters_overdue(self, seed, member, client_for):
        # Every outstanding window of the 2008 report has long passed.
        response = client_for(member).get(CHANGELIST, {"overdue": "yes"})
        assert numbers_listed(response) == [8, 10, 16, 20, 24]
        response = client_for(member).get(CHANGELIST, {"overdue": "no"})
        assert len(numbers_listed(response)) == 19

    def test_it_searches_text(self, seed, member, client_for):
        response = client_for(member).get(CHANGELIST, {"q": "cannabis"})
        assert numbers_listed(response) == [4, 10, 11]

    def test_its_query_count_does_not_grow_with_rows(
        self, seed, member, client_for, django_assert_max_num_queries
    ):
        client = client_for(member)
        client.get(CHANGELIST)  # warm the session and permissions caches
        with django_assert_max_num_queries(12):
            response = client.get(CHANGELIST)
        assert response.status_code == 200
        bulk_recommendations(300)
        with django_assert_max_num_queries(12):
            response = client.get(CHANGELIST)
        assert response.status_code == 200
        assert len(numbers_listed(response)) == 100

    def test_it_redirects_signed_out_visitors_to_sign_in(self, seed, client):
        response = client.get(CHANGELIST)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_it_refuses_signed_in_people_without_staff_access(self, seed, outsider, client_for):
        response = client_for(outsider).get(CHANGELIST)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


class TestWhoMayChange:
    def test_member_sees_a_recommendation_but_cannot_change_it(self, seed, member, client_for):
        client = client_for(member)
        recommendation = Recommendation.objects.get(number=1)
        url = change_url("recommendation", recommendation.pk)
        assert client.get(url).status_code == 200
        response = client.post(url, admin_recommendation_form(recommendation, text="Changed"))
        assert response.status_code == 403
        recommendation.refresh_from_db()
        assert recommendation.text.startswith("As a priority")

    def test_staff_change_a_recommendation_and_history_records_who(self, seed, staff, client_for):
        client = client_for(staff)
        recommendation = Recommendation.objects.get(number=1)
        url = change_url("recommendation", recommendation.pk)
        response = client.post(url, admin_recommendation_form(recommendation, text="Changed text"))
        assert response.status_code == 302
        recommendation.refresh_from_db()
        assert recommendation.text == "Changed text"
        latest = recommendation.history.latest()
        assert latest.history_user == staff
        assert latest.prev_record is None or latest.prev_record.text != "Changed text"
        history = client.get(
            reverse("admin:recommendations_recommendation_history", args=[recommendation.pk])
        )
        assert history.status_code == 200
        assert "staff" in history.text

    def test_staff_may_not_change_a_report(self, seed, staff, client_for):
        report = Report.objects.get()
        response = client_for(staff).post(change_url("report", report.pk), {"title": "Renamed"})
        assert response.status_code == 403
        report.refresh_from_db()
        assert report.title == "Drugs scrutiny recommendations update"

    def test_officer_may_open_a_draft_report_for_change(self, seed, officer, client_for):
        draft = make_report(Report.objects.get().scrutiny, date(2008, 6, 5), published=False)
        response = client_for(officer).get(change_url("report", draft.pk))
        assert response.status_code == 200
        assert 'name="title"' in response.text

    def test_member_cannot_add_a_decision(self, seed, member, client_for):
        response = client_for(member).get(reverse("admin:recommendations_membersdecision_add"))
        assert response.status_code == 403

    def test_officer_may_add_a_decision(self, seed, officer, client_for):
        update = ProgressUpdate.objects.get(recommendation__number=1)
        response = client_for(officer).post(
            reverse("admin:recommendations_membersdecision_add"),
            {"update": update.pk, "outcome": "agreed_complete", "minute": ""},
        )
        assert response.status_code == 302
        assert update.decision.outcome == "agreed_complete"

    @pytest.mark.parametrize(
        "name",
        [
            "recommendation",
            "report",
            "progressupdate",
            "membersdecision",
            "scrutiny",
            "committee",
            "meeting",
            "abbreviation",
        ],
    )
    def test_every_model_lists_for_a_member(self, seed, member, client_for, name):
        response = client_for(member).get(reverse(f"admin:recommendations_{name}_changelist"))
        assert response.status_code == 200


def test_autocomplete_finds_recommendations_for_links(seed, staff, client_for):
    response = client_for(staff).get(
        reverse("admin:autocomplete"),
        {
            "term": "intelligence",
            "app_label": "recommendations",
            "model_name": "progressupdate",
            "field_name": "linked_to",
        },
    )
    assert response.status_code == 200
    assert {item["text"] for item in response.json()["results"]} >= {"Recommendation 17"}


PUBLISHED = "Report 4 was published on 6 March 2008; corrections go in the next report."


def blank_if_none(value):
    return "" if value is None else value


def update_inline_form(update, **changes):
    """A recommendation's change form with its one update as an inline row."""
    row = {
        "updates-0-id": update.pk,
        "updates-0-recommendation": update.recommendation_id,
        "updates-0-report": update.report_id,
        "updates-0-proposed_status": update.proposed_status,
        "updates-0-due_from": blank_if_none(update.due_from),
        "updates-0-due_by": blank_if_none(update.due_by),
        "updates-0-linked_to": update.linked_to_id or "",
        "updates-0-response": update.response,
        "updates-0-status_statement": update.status_statement,
    }
    return (
        admin_recommendation_form(
            update.recommendation, **{"updates-TOTAL_FORMS": 1, "updates-INITIAL_FORMS": 1}
        )
        | row
        | changes
    )


class TestPublishedReportsAreReadOnly:
    def test_the_report_opens_read_only_with_the_reason(self, seed, officer, client_for):
        response = client_for(officer).get(change_url("report", Report.objects.get().pk))
        assert response.status_code == 200
        assert 'name="title"' not in response.text
        assert 'name="updates-0-response"' not in response.text
        assert PUBLISHED in response.text

    def test_changing_the_report_is_refused(self, seed, officer, client_for):
        report = Report.objects.get()
        response = client_for(officer).post(change_url("report", report.pk), {"title": "Renamed"})
        assert response.status_code == 403
        report.refresh_from_db()
        assert report.title == "Drugs scrutiny recommendations update"

    def test_its_updates_open_read_only_and_refuse_changes(self, seed, staff, client_for):
        update = ProgressUpdate.objects.get(recommendation__number=8)
        client = client_for(staff)
        page = client.get(change_url("progressupdate", update.pk))
        assert page.status_code == 200
        assert 'name="response"' not in page.text
        assert PUBLISHED in page.text
        response = client.post(change_url("progressupdate", update.pk), {"response": "Changed"})
        assert response.status_code == 403
        update.refresh_from_db()
        assert update.response.startswith("A range of pilots")

    def test_adding_an_update_to_it_fails_validation(self, seed, staff, client_for):
        report = Report.objects.get()
        extra = Recommendation.objects.create(scrutiny=report.scrutiny, number=25, text="New.")
        response = client_for(staff).post(
            reverse("admin:recommendations_progressupdate_add"),
            {
                "report": report.pk,
                "recommendation": extra.pk,
                "proposed_status": "complete",
                "response": "Done.",
            },
        )
        assert response.status_code == 200
        assert PUBLISHED in response.text
        assert not extra.updates.exists()

    def test_its_updates_show_read_only_on_the_recommendation_page(self, seed, staff, client_for):
        update = ProgressUpdate.objects.get(recommendation__number=8)
        page = client_for(staff).get(change_url("recommendation", update.recommendation_id))
        assert page.status_code == 200
        assert "Updates in published reports" in page.text
        assert "A range of pilots" in page.text
        assert "<textarea" not in page.text.split('id="updates-2-group"')[1]
        assert "DELETE" not in page.text

    def test_the_recommendation_page_saves_as_the_browser_sends_it(self, seed, staff, client_for):
        update = ProgressUpdate.objects.get(recommendation__number=8)
        url = change_url("recommendation", update.recommendation_id)
        form = form_values(client_for(staff).get(url), "recommendation_form")
        response = client_for(staff).post(url, form | {"text": "Reworded recommendation."})
        assert response.status_code == 302
        assert Recommendation.objects.get(number=8).text == "Reworded recommendation."

    def test_a_forged_inline_row_changes_nothing(self, seed, staff, client_for):
        update = ProgressUpdate.objects.get(recommendation__number=8)
        client = client_for(staff)
        for changes in ({"updates-0-response": "Rewritten."}, {"updates-0-DELETE": "on"}):
            client.post(
                change_url("recommendation", update.recommendation_id),
                update_inline_form(update, **changes),
            )
        update.refresh_from_db()
        assert update.response.startswith("A range of pilots")

    def test_a_draft_reports_update_can_still_change(self, seed, staff, client_for):
        recommendation = Recommendation.objects.get(number=8)
        draft = make_report(recommendation.scrutiny, date(2008, 6, 5), published=False)
        update = ProgressUpdate.objects.create(
            report=draft,
            recommendation=recommendation,
            proposed_status="complete",
            response="Done.",
        )
        response = client_for(staff).post(
            change_url("recommendation", recommendation.pk),
            update_inline_form(update, **{"updates-0-response": "Done at last."}),
        )
        assert response.status_code == 302
        update.refresh_from_db()
        assert update.response == "Done at last."


class TestPublishAction:
    CHANGELIST = reverse("admin:recommendations_report_changelist")

    def test_an_officer_publishes_drafts(self, seed, officer, client_for):
        published = Report.objects.get()
        draft = make_report(published.scrutiny, date(2008, 6, 5), published=False)
        response = client_for(officer).post(
            self.CHANGELIST,
            {"action": "publish_selected", "_selected_action": [draft.pk, published.pk]},
            follow=True,
        )
        assert "Published 1 report(s)" in response.text
        assert "1 already published, left as they were." in response.text
        draft.refresh_from_db()
        assert draft.is_published
        assert Report.objects.get(pk=published.pk).published_at == published.published_at

    def test_each_refused_report_gets_its_own_message(self, seed, officer, client_for, monkeypatch):
        scrutiny = Report.objects.get().scrutiny
        refused = {
            5: ValidationError("Report 5 was published on 5 June 2008."),
            6: IntegrityError("UNIQUE constraint failed"),
        }
        drafts = [
            make_report(scrutiny, day, number=number, published=False)
            for number, day in ((5, date(2008, 6, 5)), (6, date(2008, 7, 3)), (7, date(2008, 9, 4)))
        ]
        publish = services.publish_report

        def refusing(*, report, at=None):
            if report.number in refused:
                raise refused[report.number]
            return publish(report=report, at=at)

        monkeypatch.setattr(services, "publish_report", refusing)
        response = client_for(officer).post(
            self.CHANGELIST,
            {"action": "publish_selected", "_selected_action": [draft.pk for draft in drafts]},
            follow=True,
        )
        assert response.status_code == 200
        messages = [
            " ".join(m.split())
            for m in lxml.html.fromstring(response.text).xpath(
                '//ul[contains(@class, "messagelist")]/li/text()'
            )
        ]
        assert sorted(messages) == [
            "Published 1 report(s); they can no longer be changed.",
            "Report 5 was not published: Report 5 was published on 5 June 2008.",
            "Report 6 was not published: someone else changed or published it while this ran; "
            "check it and try again.",
        ]
        assert [Report.objects.get(pk=draft.pk).is_published for draft in drafts] == [
            False,
            False,
            True,
        ]

    def test_the_stamp_is_not_typed_in(self, seed, officer, client_for):
        draft = make_report(Report.objects.get().scrutiny, date(2008, 6, 5), published=False)
        page = client_for(officer).get(change_url("report", draft.pk))
        assert page.status_code == 200
        assert 'name="published_at' not in page.text

    def test_a_member_is_not_offered_it(self, seed, member, client_for):
        draft = make_report(Report.objects.get().scrutiny, date(2008, 6, 5), published=False)
        client = client_for(member)
        assert "publish_selected" not in client.get(self.CHANGELIST).text
        client.post(self.CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk]})
        draft.refresh_from_db()
        assert not draft.is_published


class TestMeetingDates:
    @pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31"])
    def test_a_meeting_outside_1900_to_2999_is_refused_with_the_range(
        self, seed, officer, client_for, day
    ):
        committee = Report.objects.get(number=4).meeting.committee
        response = client_for(officer).post(
            reverse("admin:recommendations_meeting_add"), {"committee": committee.pk, "date": day}
        )
        assert response.status_code == 200
        assert "Give a meeting date from 1 January 1900 to 31 December 2999." in response.text
        assert not committee.meetings.filter(date=date.fromisoformat(day)).exists()


class TestAdminWords:
    def test_the_overdue_column_says_overdue_in_words(self, seed, member, client_for):
        response = client_for(member).get(CHANGELIST, {"overdue": "yes"})
        cells = re.findall(r'<td class="field-overdue">(.*?)</td>', response.text)
        assert cells and set(cells) == {"Overdue"}
        response = client_for(member).get(CHANGELIST, {"overdue": "no"})
        assert set(re.findall(r'<td class="field-overdue">(.*?)</td>', response.text)) == {"No"}
        assert "icon-yes.svg" not in response.text

    def test_report_fields_are_labelled_in_plain_words(self, seed, officer, client_for):
        report = make_report(Report.objects.get().scrutiny, date(2008, 6, 5), published=False)
        response = client_for(officer).get(
            reverse("admin:recommendations_report_change", args=[report.pk])
        )
        assert "Standfirst" not in response.text
        assert '<label for="id_standfirst">Description:</label>' in response.text
        assert "Summary section. You can use Markdown:" in response.text

    def test_the_admin_home_links_the_current_draft(self, seed, staff, client_for):
        client = client_for(staff)
        assert "The draft report" not in client.get(reverse("admin:index")).text
        draft = make_report(Report.objects.get().scrutiny, date(2008, 6, 5), published=False)
        response = client.get(reverse("admin:index"))
        assert reverse("recommendations:workspace", args=[draft.pk]) in response.text
        assert draft.get_absolute_url() in response.text


class TestTheReportsAbbreviationsList:
    """A report's own list, edited on its page by officers; fixed once it is published."""

    def test_a_published_reports_list_shows_read_only(self, seed, officer, client_for):
        page = client_for(officer).get(change_url("report", Report.objects.get().pk))
        assert page.status_code == 200
        assert "Drugs Interventions Programme" in page.text
        assert 'name="abbreviations-0-term"' not in page.text

    def test_an_officer_edits_a_drafts_list_and_history_says_who(self, seed, officer, client_for):
        draft = start_report_5()
        client = client_for(officer)
        url = change_url("report", draft.pk)
        form = form_values(client.get(url), "report_form")
        row = next(key for key, value in form.items() if key.endswith("-term") and value == "DIP")
        expansion = row.replace("-term", "-expansion")
        response = client.post(url, form | {expansion: "Drug Interventions Programme"})
        assert response.status_code == 302, response.text
        changed = ReportAbbreviation.objects.get(report=draft, term="DIP")
        assert changed.expansion == "Drug Interventions Programme"
        assert changed.history.latest().history_user == officer
        assert ReportAbbreviation.objects.get(report_id=1, term="DIP").expansion == (
            "Drugs Interventions Programme"
        )

    def test_a_page_opened_before_publishing_cannot_change_the_list(
        self, seed, officer, client_for
    ):
        draft = start_report_5()
        client = client_for(officer)
        url = change_url("report", draft.pk)
        form = form_values(client.get(url), "report_form")
        services.publish_report(report=draft)
        row = next(key for key, value in form.items() if key.endswith("-term") and value == "AC")
        deleted = row.replace("-term", "-DELETE")
        client.post(url, form | {row.replace("-term", "-expansion"): "Changed", deleted: "on"})
        assert list(draft.abbreviations.values_list("term", "expansion")) == list(
            Report.objects.get(pk=1).abbreviations.values_list("term", "expansion")
        )

    def test_staff_may_not_change_a_drafts_list(self, seed, staff, client_for):
        draft = start_report_5()
        page = client_for(staff).get(change_url("report", draft.pk))
        assert 'name="abbreviations-0-term"' not in page.text


class TestTheStrategysAbbreviationsList:
    def url(self):
        return reverse("admin:strategy_strategy_change", args=[Strategy.objects.get().pk])

    def test_staff_edit_it_on_the_strategys_page(self, seed, staff, client_for):
        client = client_for(staff)
        form = form_values(client.get(self.url()), "strategy_form")
        row = next(key for key, value in form.items() if key.endswith("-term") and value == "CO")
        response = client.post(self.url(), form | {row.replace("-term", "-expansion"): "Ops"})
        assert response.status_code == 302, response.text
        assert StrategyAbbreviation.objects.get(term="CO").expansion == "Ops"

    def test_a_member_sees_it_read_only(self, seed, member, client_for):
        page = client_for(member).get(self.url())
        assert page.status_code == 200
        assert "Directorate of Public Affairs" in page.text
        assert 'name="abbreviations-0-term"' not in page.text
