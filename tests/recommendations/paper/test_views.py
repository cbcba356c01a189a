"""The report pages: index, report, exports, and the officers' start, publish and decisions."""

import re
from datetime import date

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import (
    Meeting,
    MembersDecision,
    Outcome,
    ProgressUpdate,
    Recommendation,
    Report,
)
from recommendations.paper.record import capture_record
from recommendations.status import DECIDED, current_statuses
from tests.conftest import breadcrumbs, page_text
from tests.factories import SEED_SECTION_A, add_update, bulk_recommendations, make_report

pytestmark = pytest.mark.django_db

INDEX = reverse("recommendations:reports")
START = reverse("recommendations:report_start")


def report_url(report, name="report", *args):
    return reverse(f"recommendations:{name}", args=[report.pk, *args])


@pytest.fixture
def seed_report(seed):
    return Report.objects.get()


@pytest.fixture
def draft(seed_report):
    return make_report(
        seed_report.scrutiny,
        date(2008, 6, 5),
        number=5,
        published=False,
        committee_name="Co-ordination and Policing Committee",
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


class TestIndex:
    def test_anyone_sees_published_reports(self, seed_report, draft, client):
        response = client.get(INDEX)
        assert response.status_code == 200
        assert report_url(seed_report) in response.text
        assert report_url(draft) not in response.text
        assert "Start the next report" not in response.text

    def test_signed_in_committee_people_see_drafts_newest_first(
        self, seed_report, draft, member, client_for
    ):
        text = client_for(member).get(INDEX).text
        assert text.index(report_url(draft)) < text.index(report_url(seed_report))
        assert "Draft" in text

    def test_an_outsider_sees_only_published(self, seed_report, draft, outsider, client_for):
        assert report_url(draft) not in client_for(outsider).get(INDEX).text

    def test_officers_are_offered_the_next_report(self, seed, officer, client_for):
        assert START in client_for(officer).get(INDEX).text

    def test_it_rejects_post(self, seed, client):
        assert client.post(INDEX).status_code == 405

    def test_its_query_count_does_not_grow_with_reports(self, seed, officer, client_for):
        client = client_for(officer)
        few = count_queries(client, INDEX)
        bulk_recommendations(30, scrutinies=10)
        assert Report.objects.count() == 21
        assert count_queries(client, INDEX) == few


class TestReportPage:
    def test_anyone_reads_a_published_report(self, seed_report, client):
        response = client.get(report_url(seed_report))
        assert response.status_code == 200
        text = page_text(response)
        items = lxml.html.fromstring(response.content).xpath(
            "//ol[contains(@class, 'app-report-recommendations')]/li"
        )
        assert [" ".join(item.text_content().split()) for item in items] == SEED_SECTION_A
        for update in ProgressUpdate.objects.all():
            first_paragraph = " ".join(update.response.split("\n\n")[0].split())
            assert first_paragraph in text
        assert "Table 1: Centrally funded operations" in text

    def test_it_links_every_download(self, seed_report, client):
        text = client.get(report_url(seed_report)).text
        for fmt in ("html", "pdf", "docx", "csv", "xlsx"):
            assert report_url(seed_report, "report_export", fmt) in text

    def test_it_links_the_as_at_and_changes_pages(self, seed_report, client):
        text = client.get(report_url(seed_report)).text
        assert report_url(seed_report, "as_at") in text
        assert report_url(seed_report, "changes") in text

    def test_its_headings_and_tables_are_marked_up(self, seed_report, client):
        text = client.get(report_url(seed_report)).text
        assert text.count("<h1") == 1
        assert '<h2 class="govuk-heading-l" id="section-a">A. Recommendations</h2>' in text
        assert len(re.findall(r'<h3 class="govuk-heading-s" id="recommendation-\d+"', text)) == 24
        assert '<th scope="row" class="govuk-table__header">MIB</th>' in text
        assert '<abbr title="Metropolitan Police Service">MPS</abbr>' in text

    def test_it_has_a_contents_list(self, seed_report, client):
        html = lxml.html.fromstring(client.get(report_url(seed_report)).content)
        [contents] = html.xpath("//nav[@aria-labelledby='contents-heading']")
        links = [(a.get("href"), a.text_content()) for a in contents.xpath(".//a")]
        assert links[:3] == [
            ("#summary", "Summary"),
            ("#section-a", "A. Recommendations"),
            ("#section-b", "B. Supporting information"),
        ]
        assert ("#abbreviations", "Abbreviations") in links
        assert [href for href, _ in links[4:]] == [
            "#section-c",
            "#section-d",
            "#section-e",
            "#section-f",
        ]
        for href, _ in links:
            assert html.xpath(f"//*[@id='{href[1:]}']"), href

    def test_section_a_numbers_link_to_their_section_b_entries(self, seed_report, client):
        html = lxml.html.fromstring(client.get(report_url(seed_report)).content)
        [first, *_] = html.xpath("//ol[contains(@class, 'app-report-recommendations')]/li")
        links = first.xpath(".//a")
        assert [a.get("href") for a in links][:3] == [
            "#recommendation-1",
            "#recommendation-3",
            "#recommendation-4",
        ]
        assert all(a.text_content() == a.get("href").split("-")[1] for a in links)
        # The scrutiny's name keeps its abbreviation and gains no link.
        assert "MPA" in first.xpath(".//abbr/text()")

    def test_each_section_b_heading_has_its_status_tag(self, seed_report, client):
        html = lxml.html.fromstring(client.get(report_url(seed_report)).content)
        entries = html.xpath("//section[contains(@class, 'app-report-entry')]")
        tags = [
            " ".join(e.xpath(".//strong[contains(@class, 'govuk-tag')]")[0].text_content().split())
            for e in entries
        ]
        assert len(tags) == 24
        assert tags[0] == "Complete" and tags[7] == "Outstanding"
        assert tags[12] == "For members' consideration"
        assert "treated as recommendation 2" in " ".join(entries[12].text_content().split())

    def test_the_exported_paper_has_no_page_furniture(self, seed_report, client):
        page = client.get(report_url(seed_report, "report_export", "html")).content.decode()
        assert "contents-heading" not in page
        assert 'href="#recommendation-' not in page
        assert "govuk-tag" not in page

    def test_the_html_download_says_it_is_a_file(self, seed_report, client):
        text = client.get(report_url(seed_report)).text
        assert "HTML file, styles included</a>" in text
        assert "Web page" not in text

    @pytest.mark.parametrize("role", [None, "outsider"])
    def test_a_draft_is_not_found_for_people_without_view_draft(
        self, draft, role, request, client_for
    ):
        user = request.getfixturevalue(role) if role else None
        assert client_for(user).get(report_url(draft)).status_code == 404

    @pytest.mark.parametrize("role", ["member", "staff", "officer"])
    def test_committee_people_read_a_draft(self, draft, role, request, client_for):
        response = client_for(request.getfixturevalue(role)).get(report_url(draft))
        assert response.status_code == 200
        assert "Draft: not yet published" in response.text

    def test_officers_may_publish_a_draft_and_others_are_not_offered_it(
        self, draft, officer, member, client_for
    ):
        publish = report_url(draft, "report_check")
        assert publish in client_for(officer).get(report_url(draft)).text
        assert publish not in client_for(member).get(report_url(draft)).text

    def test_officers_may_record_decisions_on_a_published_report(
        self, seed_report, officer, member, client_for
    ):
        decisions = report_url(seed_report, "report_decisions")
        assert decisions in client_for(officer).get(report_url(seed_report)).text
        assert decisions not in client_for(member).get(report_url(seed_report)).text
        assert (
            report_url(seed_report, "report_check")
            not in client_for(officer).get(report_url(seed_report)).text
        )

    def test_an_unknown_report_is_not_found(self, seed, client):
        assert client.get(reverse("recommendations:report", args=[999])).status_code == 404

    def test_it_rejects_post(self, seed_report, client):
        assert client.post(report_url(seed_report)).status_code == 405

    @pytest.mark.parametrize("role", [None, "officer"])
    def test_its_query_count_is_pinned_whatever_the_number_of_recommendations(
        self, seed_report, role, request, client_for, get_with_queries
    ):
        client = client_for(request.getfixturevalue(role) if role else None)
        expected = {None: 3, "officer": 7}[role]  # the report, its record, decisions; sign-in
        get_with_queries(client, expected, report_url(seed_report))
        scrutiny = bulk_recommendations(300, scrutinies=1)[0]
        big = Report.objects.get(scrutiny=scrutiny, published_at__isnull=False)
        capture_record(big)  # as publishing it would have
        assert big.updates.count() == 300
        response = get_with_queries(client, expected, report_url(big))
        assert "Recommendation 300 – Generated recommendation 300." in response.text


class TestExport:
    @pytest.mark.parametrize(
        "fmt, content_type, magic",
        [
            ("html", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
            ("pdf", "application/pdf", b"%PDF"),
            (
                "docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                b"PK",
            ),
            ("csv", "text/csv; charset=utf-8", "\ufeffNumber,".encode()),
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ],
    )
    def test_anyone_downloads_a_published_report(
        self, seed_report, client, fmt, content_type, magic
    ):
        response = client.get(report_url(seed_report, "report_export", fmt))
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == (
            f'attachment; filename="report-4-2008-03-06.{fmt}"'
        )
        assert response.content.startswith(magic)

    def test_a_published_html_download_carries_its_stylesheet_inside(self, seed_report, client):
        response = client.get(report_url(seed_report, "report_export", "html"))
        assert "<style>" in response.text
        assert "report-print.css" not in response.text  # reads the same with no server

    def test_a_draft_html_download_carries_the_print_styles(self, draft, member, client_for):
        response = client_for(member).get(report_url(draft, "report_export", "html"))
        assert "<style>" in response.text and "@page" in response.text
        assert "<link" not in response.text

    @pytest.mark.parametrize("fmt", ["txt", "PDF", "exe"])
    def test_an_unknown_format_is_not_found(self, seed_report, client, fmt):
        url = f"/reports/{seed_report.pk}/export.{fmt}"
        assert client.get(url).status_code == 404

    def test_a_draft_is_not_found_for_anonymous_visitors(self, draft, client):
        assert client.get(report_url(draft, "report_export", "csv")).status_code == 404

    def test_a_member_downloads_a_draft(self, draft, member, client_for):
        response = client_for(member).get(report_url(draft, "report_export", "csv"))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('report-5-2008-06-05.csv"')

    def test_it_rejects_post(self, seed_report, client):
        assert client.post(report_url(seed_report, "report_export", "csv")).status_code == 405


def start_form(**changes):
    return {
        "committee": "1",
        "meeting_day": "5",
        "meeting_month": "6",
        "meeting_year": "2008",
        "number": "5",
        "title": "Drugs scrutiny recommendations update",
        "scrutiny": "1",
    } | changes


class TestStart:
    def test_an_officer_starts_a_draft_with_the_open_recommendations(
        self, seed, officer, client_for
    ):
        response = client_for(officer).post(START, start_form(), follow=True)
        report = Report.objects.get(number=5)
        assert response.redirect_chain == [(report_url(report), 302)]
        assert not report.is_published
        assert report.meeting.date == date(2008, 6, 5)
        assert report.updates.count() == 8
        assert (
            "Draft report 5 started with 8 recommendations carried forward. Bring their "
            "progress up to date in the draft&#x27;s workspace."
        ) in response.text

    def test_the_form_offers_committees_and_scrutinies(self, seed, officer, client_for):
        response = client_for(officer).get(START)
        assert response.status_code == 200
        assert (
            '<option value="1" selected>Co-ordination and Policing Committee</option>'
            in response.text
        )
        assert '<option value="1" selected>MPA Drugs Scrutiny</option>' in response.text
        assert (
            '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Meeting date'
            in response.text
        )

    @pytest.mark.parametrize(
        "changes, message, anchor",
        [
            (
                {"meeting_day": "31", "meeting_month": "2"},
                "Meeting date must be a real date, like 6 3 2008",
                "id_meeting_day",
            ),
            (
                {"meeting_day": "", "meeting_month": "", "meeting_year": ""},
                "Enter the meeting date",
                "id_meeting_day",
            ),
            (
                {"meeting_year": ""},
                "Meeting date must include a day, month and year",
                "id_meeting_day",
            ),
            ({"meeting_month": "June"}, "Meeting date must be a real date", "id_meeting_day"),
            ({"number": "four"}, "Report number must be a whole number, like 4", "id_number"),
            ({"number": "0"}, "Report number must be 1 or more", "id_number"),
            ({"title": ""}, "Enter the report&#x27;s title", "id_title"),
            ({"committee": "99"}, "Choose a committee from the list", "id_committee"),
            ({"scrutiny": "x"}, "Choose a scrutiny from the list", "id_scrutiny"),
            (
                {"meeting_day": "6", "meeting_month": "3", "number": "4"},
                "Report 4 has already been started for the Co-ordination and Policing Committee "
                "meeting on 6 March 2008: open it from the reports page.",
                "id_number",
            ),
        ],
    )
    def test_bad_input_is_explained_and_changes_nothing(
        self, seed, officer, client_for, changes, message, anchor
    ):
        response = client_for(officer).post(START, start_form(**changes))
        assert response.status_code == 200
        assert "There is a problem" in response.text
        assert f'<a href="#{anchor}">{message}' in response.text
        assert response.text.startswith("<!DOCTYPE html>")
        assert "<title>Error: Start the next report" in response.text
        assert (Report.objects.count(), Meeting.objects.count()) == (1, 1)

    def test_the_form_is_filled_in_from_the_previous_paper(self, seed, officer, client_for):
        page = lxml.html.fromstring(client_for(officer).get(START).text)
        assert page.xpath('//select[@id="id_committee"]/option[@selected]')[0].text == (
            "Co-ordination and Policing Committee"
        )
        assert (
            page.xpath('//select[@id="id_scrutiny"]/option[@selected]')[0].text
            == "MPA Drugs Scrutiny"
        )
        assert page.get_element_by_id("id_title").value == "Drugs scrutiny recommendations update"
        assert page.get_element_by_id("id_meeting_day").value in ("", None)

    def test_with_no_paper_yet_nothing_is_chosen(self, db, officer, client_for):
        page = lxml.html.fromstring(client_for(officer).get(START).text)
        assert not page.xpath('//select[@id="id_scrutiny"]/option[@selected]')
        assert page.get_element_by_id("id_title").value in ("", None)

    def test_a_meeting_before_the_latest_report_is_refused_naming_its_date(
        self, seed, officer, client_for
    ):
        response = client_for(officer).post(START, start_form(meeting_day="1", meeting_month="1"))
        message = (
            "Meeting date must be after 6 March 2008, the meeting of Report 4, "
            "the latest report on the MPA Drugs Scrutiny"
        )
        assert f'<a href="#id_meeting_day">{message}</a>' in response.text
        assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in response.text
        assert (Report.objects.count(), Meeting.objects.count()) == (1, 1)

    def test_anonymous_visitors_are_sent_to_sign_in(self, seed, client):
        response = client.get(START)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize("role", ["member", "staff", "outsider"])
    def test_other_roles_are_refused(self, seed, role, request, client_for):
        client = client_for(request.getfixturevalue(role))
        assert client.get(START).status_code == 403
        assert client.post(START, start_form()).status_code == 403
        assert Report.objects.count() == 1

    def test_it_rejects_put(self, seed, officer, client_for):
        assert client_for(officer).put(START).status_code == 405

    def test_its_query_count_is_pinned(self, seed, officer, client_for, get_with_queries):
        client = client_for(officer)
        get_with_queries(client, 9, START)


class TestDiscard:
    def test_an_officer_is_asked_to_confirm_and_told_what_goes(self, draft, officer, client_for):
        response = client_for(officer).get(report_url(draft, "report_discard"))
        assert response.status_code == 200
        text = page_text(response)
        assert "Are you sure you want to discard draft report 5?" in text
        assert "0 progress updates" in text and "You cannot undo this." in text
        assert Report.objects.filter(pk=draft.pk).exists()

    def test_confirming_deletes_the_draft_and_returns_to_the_reports(
        self, draft, officer, client_for
    ):
        add_update(draft, Recommendation.objects.get(number=8), "outstanding", timescale=(0, 3))
        response = client_for(officer).post(report_url(draft, "report_discard"), follow=True)
        assert response.redirect_chain == [(INDEX, 302)]
        assert "Draft report 5 has been discarded." in response.text
        assert not Report.objects.filter(pk=draft.pk).exists()
        assert not ProgressUpdate.objects.filter(report_id=draft.pk).exists()

    def test_the_draft_page_links_it_for_officers_only(self, draft, officer, member, client_for):
        link = report_url(draft, "report_discard")
        assert link in client_for(officer).get(report_url(draft)).text
        assert link not in client_for(member).get(report_url(draft)).text

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_a_published_report_is_refused_and_kept(self, seed_report, officer, client_for, method):
        client = client_for(officer)
        response = getattr(client, method)(report_url(seed_report, "report_discard"), follow=True)
        assert response.redirect_chain == [(report_url(seed_report), 302)]
        assert "Report 4 was published on 6 March 2008" in response.text
        assert seed_report.updates.count() == 24
        assert report_url(seed_report, "report_discard") not in response.text

    def test_anonymous_visitors_are_sent_to_sign_in(self, draft, client):
        response = client.post(report_url(draft, "report_discard"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert Report.objects.filter(pk=draft.pk).exists()

    @pytest.mark.parametrize("role", ["member", "staff", "outsider"])
    def test_other_roles_are_refused(self, draft, role, request, client_for):
        client = client_for(request.getfixturevalue(role))
        assert client.get(report_url(draft, "report_discard")).status_code == 403
        assert client.post(report_url(draft, "report_discard")).status_code == 403
        assert Report.objects.filter(pk=draft.pk).exists()

    def test_it_rejects_put(self, draft, officer, client_for):
        assert client_for(officer).put(report_url(draft, "report_discard")).status_code == 405

    def test_an_unknown_report_is_not_found(self, seed, officer, client_for):
        url = reverse("recommendations:report_discard", args=[999])
        assert client_for(officer).post(url).status_code == 404

    def test_its_query_count_is_pinned(self, draft, officer, client_for, get_with_queries):
        get_with_queries(client_for(officer), 7, report_url(draft, "report_discard"))


class TestCheck:
    def test_it_lists_the_warnings_and_says_publishing_cannot_be_undone(
        self, seed, officer, client_for
    ):
        client = client_for(officer)
        client.post(START, start_form())
        report = Report.objects.get(number=5)
        response = client.get(report_url(report, "report_check"))
        assert response.status_code == 200
        text = page_text(response)
        assert "The report has no summary." in text
        assert "Recommendation 8 The response is word for word the one in Report 4." in text
        assert "Publishing cannot be undone." in text
        assert f'action="{report_url(report, "report_publish")}"' in response.text
        assert f'href="{report_url(report, "workspace_details")}">Change' in response.text
        assert "/admin/" not in response.text.split("<main", 1)[1].split("</main>", 1)[0]
        report.refresh_from_db()
        assert not report.is_published

    def test_the_draft_page_sends_publish_to_the_check(self, draft, officer, client_for):
        response = client_for(officer).get(report_url(draft))
        assert f'href="{report_url(draft, "report_check")}" role="button"' in response.text
        assert f'action="{report_url(draft, "report_publish")}"' not in response.text

    def test_a_published_report_sends_the_officer_back_to_it(
        self, seed_report, officer, client_for
    ):
        response = client_for(officer).get(report_url(seed_report, "report_check"), follow=True)
        assert response.redirect_chain == [(report_url(seed_report), 302)]
        assert "Report 4 was published on 6 March 2008" in response.text

    @pytest.mark.parametrize("role", ["member", "staff", "outsider"])
    def test_other_roles_are_refused(self, draft, role, request, client_for):
        assert (
            client_for(request.getfixturevalue(role))
            .get(report_url(draft, "report_check"))
            .status_code
            == 403
        )

    def test_anonymous_visitors_are_sent_to_sign_in(self, draft, client):
        response = client.get(report_url(draft, "report_check"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_it_rejects_post(self, draft, officer, client_for):
        assert client_for(officer).post(report_url(draft, "report_check")).status_code == 405
        draft.refresh_from_db()
        assert not draft.is_published

    def test_its_query_count_does_not_grow_with_recommendations(
        self, draft, officer, client_for, get_with_queries
    ):
        few = count_queries(client_for(officer), report_url(draft, "report_check"))
        for number in range(100, 120):
            recommendation = Recommendation.objects.create(
                scrutiny=draft.scrutiny, number=number, text="Generated."
            )
            add_update(
                draft, recommendation, "outstanding", linked_to=Recommendation.objects.get(number=1)
            )
        assert few == 8
        get_with_queries(client_for(officer), 8, report_url(draft, "report_check"))


class TestPublish:
    def test_a_second_press_finds_it_published_and_changes_nothing(
        self, draft, officer, client_for
    ):
        client = client_for(officer)
        client.post(report_url(draft, "report_publish"))
        draft.refresh_from_db()
        stamp = draft.published_at
        response = client.post(report_url(draft, "report_publish"), follow=True)
        assert response.status_code == 200
        assert "Report 5 was published on" in response.text
        draft.refresh_from_db()
        assert draft.published_at == stamp

    def test_an_officer_publishes_a_draft(self, draft, officer, client_for):
        response = client_for(officer).post(report_url(draft, "report_publish"), follow=True)
        assert response.redirect_chain == [(report_url(draft), 302)]
        draft.refresh_from_db()
        assert draft.is_published
        assert "Report 5 is published. It can no longer be changed" in response.text

    def test_a_published_report_stays_as_it_was(self, seed_report, officer, client_for):
        stamp = seed_report.published_at
        response = client_for(officer).post(report_url(seed_report, "report_publish"), follow=True)
        assert (
            "Report 4 was published on 6 March 2008; corrections go in the next report."
            in response.text
        )
        seed_report.refresh_from_db()
        assert seed_report.published_at == stamp

    def test_it_rejects_get(self, draft, officer, client_for):
        assert client_for(officer).get(report_url(draft, "report_publish")).status_code == 405
        draft.refresh_from_db()
        assert not draft.is_published

    def test_anonymous_visitors_are_sent_to_sign_in(self, draft, client):
        response = client.post(report_url(draft, "report_publish"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        draft.refresh_from_db()
        assert not draft.is_published

    @pytest.mark.parametrize("role", ["member", "staff", "outsider"])
    def test_other_roles_are_refused(self, draft, role, request, client_for):
        client = client_for(request.getfixturevalue(role))
        assert client.post(report_url(draft, "report_publish")).status_code == 403
        draft.refresh_from_db()
        assert not draft.is_published

    def test_an_unknown_report_is_not_found(self, seed, officer, client_for):
        url = reverse("recommendations:report_publish", args=[999])
        assert client_for(officer).post(url).status_code == 404


def decisions_form(report, **choices):
    """Every update with no decision, except `choices`: {number: (outcome, minute)}."""
    data = {}
    for update in report.updates.select_related("recommendation"):
        outcome, minute = choices.get(f"r{update.recommendation.number}", ("", ""))
        data[f"outcome-{update.pk}"] = outcome
        data[f"minute-{update.pk}"] = minute
    return data


class TestDecisions:
    def test_the_form_has_a_radio_group_per_recommendation(self, seed_report, officer, client_for):
        update = seed_report.updates.get(recommendation__number=8)
        MembersDecision.objects.create(
            update=update, outcome=Outcome.NEW_TIMESCALE, minute="Later."
        )
        response = client_for(officer).get(report_url(seed_report, "report_decisions"))
        assert response.status_code == 200
        assert response.text.count('<fieldset class="govuk-fieldset"') == 24
        assert (
            "Recommendation 13: put to members as for members&#x27; consideration (linked to 2)"
            in response.text
        )
        assert 'value="new_timescale" checked' in response.text
        assert f'name="minute-{update.pk}" rows="2">Later.</textarea>' in response.text

    def test_saving_records_every_decision_and_moves_the_status_on(
        self, seed_report, officer, client_for
    ):
        data = decisions_form(
            seed_report,
            r1=("agreed_complete", "Agreed."),
            r8=("new_timescale", ""),
            r2=("deferred", ""),
        )
        response = client_for(officer).post(report_url(seed_report, "report_decisions"), data)
        assert response.status_code == 302
        decided = dict(
            MembersDecision.objects.values_list("update__recommendation__number", "outcome")
        )
        assert decided == {1: "agreed_complete", 8: "new_timescale", 2: "deferred"}
        assert MembersDecision.objects.get(update__recommendation__number=1).minute == "Agreed."
        current = current_statuses(ProgressUpdate.objects.for_status())
        one = seed_report.updates.get(recommendation__number=1).recommendation_id
        eight = seed_report.updates.get(recommendation__number=8).recommendation_id
        assert (current[one].status, current[one].basis) == ("complete", DECIDED)
        assert current[one].wording == "Complete: agreed by members on 6 March 2008"
        assert current[eight].wording == (
            "Outstanding: members asked for a new timescale on 6 March 2008"
        )

    def test_only_decisions_that_fit_the_proposal_are_offered(
        self, seed_report, officer, client_for
    ):
        page = client_for(officer).get(report_url(seed_report, "report_decisions"))
        one, nine = (seed_report.updates.get(recommendation__number=n).pk for n in (1, 9))
        offered = {
            pk: re.findall(rf'name="outcome-{pk}" type="radio" value="(\w*)"', page.text)
            for pk in (one, nine)
        }
        assert offered == {
            one: ["agreed_complete", "not_agreed", ""],
            nine: ["no_further_work", "further_work", "deferred", ""],
        }

    def test_a_decision_that_does_not_fit_is_refused(self, seed_report, officer, client_for):
        data = decisions_form(seed_report, r9=("agreed_complete", ""))
        response = client_for(officer).post(report_url(seed_report, "report_decisions"), data)
        assert "Choose a decision for recommendation 9 from the list" in response.text
        assert not MembersDecision.objects.exists()

    def test_agree_all_fills_the_form_and_saves_nothing(self, seed_report, officer, client_for):
        client = client_for(officer)
        data = decisions_form(seed_report, r9=("deferred", "Members will return to it."))
        response = client.post(
            report_url(seed_report, "report_decisions"), data | {"agree_all": "yes"}
        )
        assert response.status_code == 200
        assert not MembersDecision.objects.exists()
        checked = dict(
            re.findall(r'name="outcome-(\d+)" type="radio" value="(\w+)" checked', response.text)
        )
        by_number = {
            update.recommendation.number: checked.get(str(update.pk))
            for update in seed_report.updates.select_related("recommendation")
        }
        assert by_number[1] == by_number[18] == "agreed_complete"  # 18 is linked to 17
        assert by_number[8] == "timescale_noted"
        assert by_number[9] == "deferred"  # for consideration: as the officer left it
        assert by_number[2] is None and by_number[13] is None
        assert "Members will return to it.</textarea>" in response.text

    def test_choosing_no_decision_removes_one(self, seed_report, officer, client_for):
        update = seed_report.updates.get(recommendation__number=8)
        MembersDecision.objects.create(update=update, outcome=Outcome.TIMESCALE_NOTED)
        client_for(officer).post(
            report_url(seed_report, "report_decisions"), decisions_form(seed_report)
        )
        assert not MembersDecision.objects.exists()

    @pytest.mark.parametrize(
        "choices, message",
        [
            (
                {"r9": ("", "Members talked.")},
                "Choose a decision for recommendation 9 to go with its minute, or clear the minute",
            ),
            ({"r9": ("maybe", "")}, "Choose a decision for recommendation 9 from the list"),
            (
                {"r9": ("deferred", "x" * 5001)},
                "Minute on recommendation 9 must be 5,000 characters or fewer",
            ),
        ],
    )
    def test_bad_input_is_explained_and_saves_nothing(
        self, seed_report, officer, client_for, choices, message
    ):
        data = decisions_form(seed_report, r1=("agreed_complete", ""), **choices)
        response = client_for(officer).post(report_url(seed_report, "report_decisions"), data)
        assert response.status_code == 200
        assert "There is a problem" in response.text
        assert message in response.text
        update = seed_report.updates.get(recommendation__number=9)
        assert re.search(rf'<a href="#id_(outcome|minute)-{update.pk}(_0)?">', response.text)
        assert not MembersDecision.objects.exists()

    def test_a_draft_offers_no_form_and_saves_nothing(self, draft, officer, client_for):
        add_update(draft, Recommendation.objects.get(number=8), "complete")
        client = client_for(officer)
        response = client.get(report_url(draft, "report_decisions"))
        assert "Publish it before recording what members decided" in response.text
        assert '<form method="post" novalidate id="decisions">' not in response.text
        client.post(
            report_url(draft, "report_decisions"), decisions_form(draft, r8=("agreed_complete", ""))
        )
        assert not MembersDecision.objects.exists()

    def test_anonymous_visitors_are_sent_to_sign_in(self, seed_report, client):
        response = client.get(report_url(seed_report, "report_decisions"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    @pytest.mark.parametrize("role", ["member", "staff", "outsider"])
    def test_other_roles_are_refused(self, seed_report, role, request, client_for):
        client = client_for(request.getfixturevalue(role))
        url = report_url(seed_report, "report_decisions")
        assert client.get(url).status_code == 403
        assert (
            client.post(url, decisions_form(seed_report, r1=("agreed_complete", ""))).status_code
            == 403
        )
        assert not MembersDecision.objects.exists()

    def test_it_rejects_put(self, seed_report, officer, client_for):
        url = report_url(seed_report, "report_decisions")
        assert client_for(officer).put(url).status_code == 405

    def test_an_unknown_report_is_not_found(self, seed, officer, client_for):
        url = reverse("recommendations:report_decisions", args=[999])
        assert client_for(officer).get(url).status_code == 404

    def test_its_query_count_does_not_grow_with_recommendations(
        self, seed_report, officer, client_for
    ):
        client = client_for(officer)
        few = count_queries(client, report_url(seed_report, "report_decisions"))
        scrutiny = bulk_recommendations(300, scrutinies=1)[0]
        big = Report.objects.get(scrutiny=scrutiny, published_at__isnull=False)
        assert count_queries(client, report_url(big, "report_decisions")) == few


class TestDatesAndBreadcrumbs:
    def test_the_title_and_breadcrumbs_write_the_date_as_the_site_does(self, seed_report, client):
        response = client.get(report_url(seed_report))
        title = lxml.html.fromstring(response.content).findtext(".//title")
        assert title.startswith("Report 4: Drugs scrutiny recommendations update, 6 March 2008 –")
        assert breadcrumbs(response) == [
            ("Dashboard", reverse("recommendations:dashboard")),
            ("Reports", INDEX),
            ("Report 4, 6 March 2008", ""),
        ]

    def test_the_papers_own_date_line_stays_as_printed(self, seed_report, client):
        response = client.get(report_url(seed_report))
        assert "Date 06 March 2008" in page_text(response)
        assert page_text(response).count("06 March 2008") == 1

    def test_the_print_document_is_titled_in_the_sites_words(self, seed_report, client):
        response = client.get(report_url(seed_report, "report_export", "html"))
        title = lxml.html.fromstring(response.content).findtext(".//title")
        assert title.endswith("Co-ordination and Policing Committee, 6 March 2008")

    @pytest.mark.parametrize("name", ["as_at", "changes"])
    def test_pages_of_a_report_lead_back_through_it(self, seed_report, client, name):
        assert breadcrumbs(client.get(report_url(seed_report, name))) == [
            ("Dashboard", reverse("recommendations:dashboard")),
            ("Reports", INDEX),
            ("Report 4, 6 March 2008", report_url(seed_report)),
        ]

    def test_officers_pages_start_at_the_dashboard_too(
        self, seed_report, draft, officer, client_for
    ):
        officer_client = client_for(officer)
        pages = [
            START,
            report_url(draft, "report_check"),
            report_url(draft, "report_discard"),
            report_url(seed_report, "report_decisions"),
            report_url(draft, "workspace"),
        ]
        for page in pages:
            trail = breadcrumbs(officer_client.get(page))
            assert trail[:2] == [
                ("Dashboard", reverse("recommendations:dashboard")),
                ("Reports", INDEX),
            ], page
        decisions = breadcrumbs(officer_client.get(report_url(seed_report, "report_decisions")))
        assert decisions[2] == ("Report 4, 6 March 2008", report_url(seed_report))
