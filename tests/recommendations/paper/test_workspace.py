"""The draft's workspace: its task list, and the pages for an update, the details and sections.

The draft is Report 5 of 5 June 2008, started from the seed's Report 4 as the
service starts it: every open recommendation's update carried forward.
"""

from datetime import date

import lxml.html
import pytest
from django.urls import reverse

from recommendations.models import ProgressUpdate, Recommendation, Report, ReportSection
from recommendations.paper import services
from recommendations.paper.views import optional_url
from recommendations.paper.workspace_forms import WorkspaceSectionForm
from tests.conftest import page_text
from tests.factories import seed_report, start_report_5

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(seed):
    return start_report_5()


def workspace_url(report, name="workspace", *args) -> str:
    return reverse(f"recommendations:{name}", args=[report.pk, *args])


def update_of(report, number) -> ProgressUpdate:
    return report.updates.get(recommendation__number=number)


def task_rows(response) -> dict[str, str]:
    """Each task list row's name and its state, as the page shows them."""
    page = lxml.html.fromstring(response.content.decode())
    return {
        " ".join(
            row.xpath(
                "string(.//*[contains(@class, 'govuk-task-list__name-and-hint')]/*[1])"
            ).split()
        ): " ".join(row.xpath("string(.//*[contains(@class, 'govuk-task-list__status')])").split())
        for row in page.xpath("//li[contains(@class, 'govuk-task-list__item')]")
    }


def task_links(response) -> dict[str, str]:
    page = lxml.html.fromstring(response.content.decode())
    return {
        " ".join(link.text_content().split()): link.get("href")
        for link in page.xpath("//a[contains(@class, 'govuk-task-list__link')]")
    }


class TestTaskList:
    def test_signed_out_people_are_sent_to_sign_in(self, draft, client):
        response = client.get(workspace_url(draft))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("who", ["member", "outsider"])
    def test_members_and_outsiders_are_refused(self, draft, who, request, client_for):
        user = request.getfixturevalue(who)
        assert client_for(user).get(workspace_url(draft)).status_code == 403

    def test_an_unknown_report_is_not_found(self, seed, staff, client_for):
        assert client_for(staff).get("/reports/999999/workspace/").status_code == 404

    def test_a_published_report_sends_people_to_its_page(self, seed, staff, client_for):
        report_4 = seed_report()
        response = client_for(staff).get(workspace_url(report_4), follow=True)
        assert response.redirect_chain == [(report_4.get_absolute_url(), 302)]
        assert "corrections go in the next report" in page_text(response)

    def test_it_rejects_post(self, draft, staff, client_for):
        assert client_for(staff).post(workspace_url(draft)).status_code == 405

    def test_a_started_report_is_carried_forward_unchanged(self, draft, staff, client_for):
        rows = task_rows(client_for(staff).get(workspace_url(draft)))
        numbers = draft.updates.values_list("recommendation__number", flat=True)
        assert len(numbers) > 1
        for number in numbers:
            assert rows[f"Recommendation {number}"] == "Carried forward unchanged"

    def test_an_edited_update_is_updated_and_counted(self, draft, staff, client_for):
        update = update_of(draft, 8)
        update.response += "\n\nThe pilot has started."
        update.save()
        response = client_for(staff).get(workspace_url(draft))
        rows = task_rows(response)
        assert rows["Recommendation 8"] == "Updated"
        assert f"1 of {draft.updates.count()} updates updated" in page_text(response)

    def test_a_recommendation_no_paper_covered_is_not_started(self, draft, staff, client_for):
        new = Recommendation.objects.create(
            scrutiny=draft.scrutiny, number=25, text="Make a new recommendation."
        )
        ProgressUpdate.objects.create(
            report=draft,
            recommendation=new,
            response=services.NO_PROGRESS_YET,
            proposed_status="consideration",
        )
        rows = task_rows(client_for(staff).get(workspace_url(draft)))
        assert rows["Recommendation 25"] == "Not started"

    def test_sections_are_named_from_the_last_paper_and_not_started(
        self, draft, officer, client_for
    ):
        rows = task_rows(client_for(officer).get(workspace_url(draft)))
        assert rows["C. Race and equality impact"] == "Not started"
        assert rows["F. Contact details"] == "Not started"

    def test_a_section_as_the_last_paper_had_it_is_carried_and_another_updated(
        self, draft, officer, client_for
    ):
        for section in seed_report().sections.filter(letter__in=["C", "D"]):
            ReportSection.objects.create(
                report=draft,
                letter=section.letter,
                heading=section.heading,
                body=section.body + ("\n\nMore." if section.letter == "D" else ""),
            )
        rows = task_rows(client_for(officer).get(workspace_url(draft)))
        assert rows["C. Race and equality impact"] == "Carried forward unchanged"
        assert rows["D. Financial implications"] == "Updated"

    def test_report_details_state_follows_what_is_filled(self, draft, officer, client_for):
        client = client_for(officer)
        assert task_rows(client.get(workspace_url(draft)))["Report details"] == "Not started"
        Report.objects.filter(pk=draft.pk).update(by="The Commissioner")
        assert task_rows(client.get(workspace_url(draft)))["Report details"] == "Incomplete"
        Report.objects.filter(pk=draft.pk).update(author="A. Author", summary="Progress.")
        assert task_rows(client.get(workspace_url(draft)))["Report details"] == "Completed"

    def test_staff_are_not_offered_the_officers_tasks(self, draft, staff, client_for):
        response = client_for(staff).get(workspace_url(draft))
        links = task_links(response)
        assert "Report details" not in links
        assert not any(name.startswith("C.") for name in links)
        assert "committee officers complete these" in page_text(response)

    def test_it_links_to_the_report_and_to_publishing_for_officers(
        self, draft, officer, staff, client_for
    ):
        def links(user):
            page = lxml.html.fromstring(client_for(user).get(workspace_url(draft)).content)
            return {
                " ".join(link.text_content().split()): link.get("href")
                for link in page.xpath("//main//a")
            }

        officers = links(officer)
        assert officers["Read the draft report"] == draft.get_absolute_url()
        assert officers["Check the report before publishing"] in (
            reverse("recommendations:report_check", args=[draft.pk])
            if optional_url("recommendations:report_check", draft.pk)
            else f"{draft.get_absolute_url()}#publish",
        )
        assert "Check the report before publishing" not in links(staff)

    def test_query_count(self, draft, staff, client_for, get_with_queries):
        get_with_queries(client_for(staff), 10, workspace_url(draft))


class TestReportPageLink:
    def test_staff_and_officers_find_the_workspace_from_the_draft(
        self, draft, staff, officer, client_for
    ):
        for user in (staff, officer):
            page = client_for(user).get(draft.get_absolute_url()).text
            assert f'href="{workspace_url(draft)}"' in page

    def test_members_and_published_reports_have_no_link(self, draft, member, staff, client_for):
        assert workspace_url(draft) not in client_for(member).get(draft.get_absolute_url()).text
        report_4 = seed_report()
        page = client_for(staff).get(report_4.get_absolute_url()).text
        assert workspace_url(report_4) not in page


def update_page(response) -> dict:
    """The update form's values as a browser would send them."""
    form = lxml.html.fromstring(response.content.decode()).get_element_by_id("update-form")
    for textarea in form.xpath(".//textarea"):  # a browser drops the newline after <textarea>
        if textarea.text and textarea.text.startswith("\n"):
            textarea.text = textarea.text[1:]
    return dict(form.form_values())


class TestUpdatePage:
    def url(self, draft, number=8):
        return workspace_url(draft, "workspace_update", number)

    @pytest.mark.parametrize("who", ["member", "outsider"])
    def test_members_and_outsiders_are_refused(self, draft, who, request, client_for):
        user = request.getfixturevalue(who)
        client = client_for(user)
        assert client.get(self.url(draft)).status_code == 403
        assert client.post(self.url(draft), {"response": "No."}).status_code == 403
        assert update_of(draft, 8).response != "No."

    def test_it_shows_the_last_papers_words_and_promise(self, draft, staff, client_for):
        response = client_for(staff).get(self.url(draft))
        text = page_text(response)
        assert "The last paper's words PaperReport 4 of 6 March 2008" in text
        assert "StatusOutstanding, within the next three months" in text
        assert "Report 4 of 6 March 2008 promised completion by 6 June 2008" in text
        values = update_page(response)
        assert values["proposed_status"] == "outstanding"
        assert (values["timescale_as"], values["due_by_day"], values["due_by_month"]) == (
            "dates",
            "6",
            "6",
        )

    def test_save_and_continue_stores_lf_and_goes_to_the_next_update(
        self, draft, staff, client_for
    ):
        client = client_for(staff)
        values = update_page(client.get(self.url(draft)))
        values.update(
            response="The pilot started.\r\n\r\n- in Lambeth\r\n- in Brent", save_continue="yes"
        )
        response = client.post(self.url(draft), values)
        following = draft.updates.filter(recommendation__number__gt=8).order_by(
            "recommendation__number"
        )[0]
        assert response.url == self.url(draft, following.recommendation.number)
        update = update_of(draft, 8)
        assert update.response == "The pilot started.\n\n- in Lambeth\n- in Brent"
        assert update.history.first().history_user == staff
        rows = task_rows(client.get(workspace_url(draft)))
        assert rows["Recommendation 8"] == "Updated"

    def test_save_and_return_goes_to_the_task_list_and_unchanged_writes_nothing(
        self, draft, staff, client_for
    ):
        client = client_for(staff)
        before = update_of(draft, 8)
        values = update_page(client.get(self.url(draft)))
        response = client.post(self.url(draft), {**values, "save_return": "yes"})
        assert response.url == workspace_url(draft)
        after = update_of(draft, 8)
        assert after.version == before.version
        assert task_rows(client.get(workspace_url(draft)))["Recommendation 8"] == (
            "Carried forward unchanged"
        )

    def test_months_are_promised_from_the_meeting(self, draft, officer, client_for):
        client = client_for(officer)
        values = update_page(client.get(self.url(draft, 10)))
        values.update(timescale_as="months", months_from="", months_to="3", save_return="yes")
        assert client.post(self.url(draft, 10), values).status_code == 302
        update = update_of(draft, 10)
        assert (update.due_from, update.due_by) == (None, date(2008, 9, 5))

    def test_a_slip_needs_a_reason(self, draft, staff, client_for):
        client = client_for(staff)
        values = update_page(client.get(self.url(draft)))
        values.update(due_by_year="2009", save_return="yes")
        response = client.post(self.url(draft), values)
        assert response.status_code == 200
        text = page_text(response)
        assert "There is a problem" in text
        assert "later than the 6 June 2008 Report 4 of 6 March 2008 promised" in text
        assert update_of(draft, 8).due_by == date(2008, 6, 6)
        values.update(timescale_change_reason="The evaluation partner withdrew.")
        assert client.post(self.url(draft), values).status_code == 302
        assert update_of(draft, 8).due_by == date(2009, 6, 6)

    def test_outstanding_without_a_timescale_is_refused_with_one_message(
        self, draft, staff, client_for
    ):
        client = client_for(staff)
        values = update_page(client.get(self.url(draft)))
        values.update(timescale_as="dates", due_by_day="", due_by_month="", due_by_year="")
        response = client.post(self.url(draft), values)
        text = page_text(response)
        assert text.count("Enter the date the work is expected to be complete by") == 2
        assert "Give the date outstanding work" not in text

    def test_someone_elses_save_is_not_overwritten(self, draft, staff, officer, client_for):
        client = client_for(staff)
        values = update_page(client.get(self.url(draft)))
        theirs = update_of(draft, 8)
        theirs.response = "Their words."
        theirs.save_if_current()
        values.update(response="My words.", save_return="yes")
        response = client.post(self.url(draft), values)
        assert response.status_code == 200
        assert "your changes have not been saved" in page_text(response)
        assert update_of(draft, 8).response == "Their words."

    def test_a_published_report_is_refused(self, draft, staff, client_for):
        client = client_for(staff)
        values = update_page(client.get(self.url(draft)))
        services.publish_report(report=draft)
        values.update(response="Too late.", save_return="yes")
        response = client.post(self.url(draft), values, follow=True)
        assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
        assert "corrections go in the next report" in page_text(response)
        assert update_of(draft, 8).response != "Too late."

    def test_preview_renders_the_markdown_and_saves_nothing(self, draft, staff, client_for):
        client = client_for(staff)
        values = update_page(client.get(self.url(draft)))
        values.update(response="**Done** in the\r\n\r\n- first\r\n- second", preview="yes")
        response = client.post(self.url(draft), values)
        preview = lxml.html.fromstring(response.content.decode()).get_element_by_id("preview")
        assert preview.xpath(".//strong/text()") == ["Done"]
        assert preview.xpath(".//li/text()") == ["first", "second"]
        assert "There is a problem" not in page_text(response)
        assert update_page(response)["response"] == "**Done** in the\n\n- first\n- second"
        assert "Done" not in update_of(draft, 8).response

    def test_preview_expands_abbreviations_as_the_drafts_own_list_does(
        self, draft, staff, client_for
    ):
        draft.abbreviations.filter(term="DIP").update(expansion="The draft's own DIP")
        client = client_for(staff)
        values = update_page(client.get(self.url(draft)))
        values.update(response="The DIP is funded.", preview="yes")
        response = client.post(self.url(draft), values)
        preview = lxml.html.fromstring(response.content.decode()).get_element_by_id("preview")
        assert preview.xpath(".//abbr[text()='DIP']/@title") == ["The draft's own DIP"]

    def test_an_update_not_in_the_report_is_not_found(self, draft, staff, client_for):
        assert client_for(staff).get(self.url(draft, 999)).status_code == 404


def form_values(response, form_id) -> dict:
    """A workspace form's values as a browser would send them."""
    form = lxml.html.fromstring(response.content.decode()).get_element_by_id(form_id)
    for textarea in form.xpath(".//textarea"):  # a browser drops the newline after <textarea>
        if textarea.text and textarea.text.startswith("\n"):
            textarea.text = textarea.text[1:]
    return dict(form.form_values())


class TestDetailsPage:
    def url(self, draft):
        return workspace_url(draft, "workspace_details")

    def values(self, client, draft) -> dict:
        return form_values(client.get(self.url(draft)), "details-form")

    @pytest.fixture
    def editing(self, draft, officer, client_for):
        """An officer's client and the page's form values as it offers them."""
        client = client_for(officer)
        return client, self.values(client, draft)

    def test_signed_out_people_are_sent_to_sign_in(self, draft, client):
        response = client.get(self.url(draft))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("who", ["member", "outsider", "staff"])
    def test_people_who_may_not_change_reports_are_refused(self, draft, who, request, client_for):
        client = client_for(request.getfixturevalue(who))
        assert client.get(self.url(draft)).status_code == 403
        assert (
            client.post(self.url(draft), {"title": "Theirs.", "save_return": "yes"}).status_code
            == 403
        )
        assert Report.objects.get(pk=draft.pk).title == draft.title

    def test_the_task_list_links_officers_to_it(self, draft, officer, client_for):
        links = task_links(client_for(officer).get(workspace_url(draft)))
        assert links["Report details"] == self.url(draft)

    def test_it_shows_the_drafts_details(self, draft, officer, client_for):
        Report.objects.filter(pk=draft.pk).update(
            standfirst="Progress on the drugs scrutiny.", by="The Commissioner"
        )
        values = self.values(client_for(officer), draft)
        assert values["title"] == draft.title
        assert values["standfirst"] == "Progress on the drugs scrutiny."
        assert values["by"] == "The Commissioner"
        assert values["seen_version"] == str(draft.version)

    def test_saving_stores_lf_and_returns_to_the_task_list(self, draft, officer, editing):
        client, values = editing
        values.update(
            by="Assistant Commissioner Specialist Crime",
            author="A. Author, Drugs Directorate",
            summary="Progress since March.\r\n\r\n- a pilot\r\n- a review",
            save_return="yes",
        )
        response = client.post(self.url(draft), values)
        assert response.url == workspace_url(draft)
        report = Report.objects.get(pk=draft.pk)
        assert report.summary == "Progress since March.\n\n- a pilot\n- a review"
        assert report.by == "Assistant Commissioner Specialist Crime"
        assert report.history.first().history_user == officer
        assert task_rows(client.get(workspace_url(draft)))["Report details"] == "Completed"

    def test_save_and_continue_goes_to_the_first_update(self, draft, editing):
        client, values = editing
        values.update(by="The Commissioner", save_continue="yes")
        first = draft.updates.order_by("recommendation__number")[0].recommendation.number
        response = client.post(self.url(draft), values)
        assert response.url == workspace_url(draft, "workspace_update", first)

    def test_an_unchanged_save_writes_nothing(self, draft, editing):
        client, values = editing
        assert client.post(self.url(draft), {**values, "save_return": "yes"}).status_code == 302
        report = Report.objects.get(pk=draft.pk)
        assert report.version == draft.version
        assert report.history.count() == draft.history.count()

    def test_a_title_is_needed(self, draft, editing):
        client, values = editing
        values.update(title="  ", save_return="yes")
        response = client.post(self.url(draft), values)
        assert response.status_code == 200
        assert "<title>Error: " in response.text
        assert page_text(response).count("Enter the report's title") == 2
        assert Report.objects.get(pk=draft.pk).title == draft.title

    def test_someone_elses_save_is_not_overwritten(self, draft, editing):
        client, values = editing
        theirs = Report.objects.get(pk=draft.pk)
        theirs.by = "Their words."
        theirs.save_if_current()
        values.update(by="My words.", save_return="yes")
        response = client.post(self.url(draft), values)
        assert response.status_code == 200
        assert "your changes have not been saved" in page_text(response)
        assert Report.objects.get(pk=draft.pk).by == "Their words."
        again = form_values(response, "details-form")
        assert client.post(self.url(draft), {**again, "save_return": "yes"}).status_code == 302
        assert Report.objects.get(pk=draft.pk).by == "My words."

    def test_a_published_report_is_refused(self, draft, editing):
        client, values = editing
        services.publish_report(report=draft)
        values.update(title="Too late.", save_return="yes")
        response = client.post(self.url(draft), values, follow=True)
        assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
        assert "corrections go in the next report" in page_text(response)
        assert Report.objects.get(pk=draft.pk).title != "Too late."
        assert client.get(self.url(draft)).url == draft.get_absolute_url()

    def test_preview_renders_the_summary_and_saves_nothing(self, draft, editing):
        client, values = editing
        values.update(summary="**Most** work\r\n\r\n- is done", preview="yes")
        response = client.post(self.url(draft), values)
        preview = lxml.html.fromstring(response.content.decode()).get_element_by_id("preview")
        assert preview.xpath(".//strong/text()") == ["Most"]
        assert preview.xpath(".//li/text()") == ["is done"]
        assert "There is a problem" not in page_text(response)
        assert form_values(response, "details-form")["summary"] == "**Most** work\n\n- is done"
        assert Report.objects.get(pk=draft.pk).summary == draft.summary

    def test_it_rejects_other_methods(self, draft, officer, client_for):
        assert client_for(officer).put(self.url(draft)).status_code == 405

    def test_query_count(self, draft, officer, client_for, get_with_queries):
        get_with_queries(client_for(officer), 5, self.url(draft))


def section_of(report, letter) -> ReportSection | None:
    return report.sections.filter(letter=letter).first()


class TestSectionPage:
    def url(self, draft, letter="C"):
        return workspace_url(draft, "workspace_section", letter)

    def values(self, client, draft, letter="C") -> dict:
        return form_values(client.get(self.url(draft, letter)), "section-form")

    @pytest.fixture
    def editing(self, draft, officer, client_for):
        """An officer's client and the page's form values as it offers them."""
        client = client_for(officer)
        return client, self.values(client, draft)

    def test_signed_out_people_are_sent_to_sign_in(self, draft, client):
        response = client.get(self.url(draft))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("who", ["member", "outsider", "staff"])
    def test_people_who_may_not_change_sections_are_refused(self, draft, who, request, client_for):
        client = client_for(request.getfixturevalue(who))
        assert client.get(self.url(draft)).status_code == 403
        posted = {"heading": "Theirs", "body": "Theirs.", "save_return": "yes"}
        assert client.post(self.url(draft), posted).status_code == 403
        assert section_of(draft, "C") is None

    @pytest.mark.parametrize("letter", ["B", "G", "c"])
    def test_only_sections_c_to_f_have_a_page(self, draft, officer, letter, client_for):
        assert client_for(officer).get(self.url(draft, letter)).status_code == 404

    def test_the_task_list_links_officers_to_each_section(self, draft, officer, client_for):
        links = task_links(client_for(officer).get(workspace_url(draft)))
        assert links["C. Race and equality impact"] == self.url(draft, "C")
        assert links["F. Contact details"] == self.url(draft, "F")

    def test_a_new_section_starts_from_the_last_papers_words(self, draft, officer, client_for):
        client = client_for(officer)
        response = client.get(self.url(draft, "E"))
        values = form_values(response, "section-form")
        assert (values["heading"], values["body"]) == ("Background papers", "None")
        assert "Report 4 of 6 March 2008: E. Background papers" in page_text(response)
        assert client.post(self.url(draft, "E"), {**values, "save_return": "yes"}).url == (
            workspace_url(draft)
        )
        section = section_of(draft, "E")
        assert (section.heading, section.body) == ("Background papers", "None")
        assert section.history.first().history_user == officer
        rows = task_rows(client.get(workspace_url(draft)))
        assert rows["E. Background papers"] == "Carried forward unchanged"

    def test_saving_stores_lf_and_continues_to_the_next_section(self, draft, officer, client_for):
        client = client_for(officer)
        values = self.values(client, draft, "D")
        values.update(body="1. Costs are met.\r\n\r\n2. Nothing more.", save_continue="yes")
        response = client.post(self.url(draft, "D"), values)
        assert response.url == self.url(draft, "E")
        assert section_of(draft, "D").body == "1. Costs are met.\n\n2. Nothing more."
        rows = task_rows(client.get(workspace_url(draft)))
        assert rows["D. Financial implications"] == "Updated"

    def test_save_and_continue_from_the_last_section_goes_to_the_task_list(
        self, draft, officer, client_for
    ):
        client = client_for(officer)
        values = self.values(client, draft, "F")
        response = client.post(self.url(draft, "F"), {**values, "save_continue": "yes"})
        assert response.url == workspace_url(draft)

    def test_an_unchanged_save_of_a_stored_section_writes_nothing(self, draft, officer, client_for):
        section = ReportSection.objects.create(
            report=draft, letter="C", heading="Race and equality impact", body="As before."
        )
        client = client_for(officer)
        values = self.values(client, draft)
        assert values["seen_version"] == "1"
        assert client.post(self.url(draft), {**values, "save_return": "yes"}).status_code == 302
        assert section_of(draft, "C").version == section.version
        assert section.history.count() == 1

    def test_a_heading_and_text_are_needed(self, seed, officer, client_for):
        draft = Report.objects.create(
            meeting=seed_report().meeting, number=9, title="A paper without a past"
        )
        client = client_for(officer)
        values = self.values(client, draft)
        assert (values["heading"], values["body"]) == ("", "")
        response = client.post(self.url(draft), {**values, "save_return": "yes"})
        assert response.status_code == 200
        assert "<title>Error: " in response.text
        text = page_text(response)
        assert text.count("Enter the section's heading") == 2
        assert text.count("Enter the section's text") == 2
        assert section_of(draft, "C") is None

    def test_someone_elses_save_is_not_overwritten(self, draft, officer, client_for):
        ReportSection.objects.create(report=draft, letter="C", heading="Race", body="First.")
        client = client_for(officer)
        values = self.values(client, draft)
        theirs = section_of(draft, "C")
        theirs.body = "Their words."
        theirs.save_if_current()
        values.update(body="My words.", save_return="yes")
        response = client.post(self.url(draft), values)
        assert response.status_code == 200
        assert "your changes have not been saved" in page_text(response)
        assert section_of(draft, "C").body == "Their words."
        again = form_values(response, "section-form")
        assert client.post(self.url(draft), {**again, "save_return": "yes"}).status_code == 302
        assert section_of(draft, "C").body == "My words."

    def test_a_section_someone_else_added_meanwhile_is_not_overwritten(self, draft, editing):
        client, values = editing
        ReportSection.objects.create(report=draft, letter="C", heading="Race", body="Theirs.")
        values.update(body="Mine.", save_return="yes")
        response = client.post(self.url(draft), values)
        assert response.status_code == 200
        assert "your changes have not been saved" in page_text(response)
        assert section_of(draft, "C").body == "Theirs."

    def test_a_published_report_is_refused(self, draft, editing):
        client, values = editing
        services.publish_report(report=draft)
        values.update(body="Too late.", save_return="yes")
        response = client.post(self.url(draft), values, follow=True)
        assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
        assert "corrections go in the next report" in page_text(response)
        assert section_of(draft, "C") is None
        assert client.get(self.url(draft)).url == draft.get_absolute_url()

    def test_preview_renders_the_text_and_saves_nothing(self, draft, editing):
        client, values = editing
        values.update(body="| Cost | £ |\r\n|---|---|\r\n| Staff | 10 |", preview="yes")
        response = client.post(self.url(draft), values)
        preview = lxml.html.fromstring(response.content.decode()).get_element_by_id("preview")
        assert preview.xpath(".//td/text()") == ["Staff", "10"]
        assert form_values(response, "section-form")["body"] == (
            "| Cost | £ |\n|---|---|\n| Staff | 10 |"
        )
        assert section_of(draft, "C") is None

    def test_it_rejects_other_methods(self, draft, officer, client_for):
        assert client_for(officer).put(self.url(draft)).status_code == 405

    def test_query_count(self, draft, officer, client_for, get_with_queries):
        get_with_queries(client_for(officer), 10, self.url(draft))

    def test_a_section_added_between_reading_and_saving_is_not_overwritten(self, draft):
        # The page's view reads the draft's sections before the save takes the report's lock.
        new = ReportSection(report=draft, letter="C", heading="", body="")
        form = WorkspaceSectionForm(
            {"heading": "Race", "body": "Mine.", "seen_version": "0"}, instance=new
        )
        ReportSection.objects.create(report=draft, letter="C", heading="Race", body="Theirs.")
        assert not form.is_valid()
        assert "Someone else saved section C after you opened this page" in str(form.errors)
