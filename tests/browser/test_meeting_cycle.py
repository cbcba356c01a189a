"""The meeting cycle in a real Chromium, as officers and staff work it, from Report 4 to 6.

An officer starts Report 5 from the seed's Report 4; staff bring three of its
recommendations up to date in the workspace (20 completes, 8 slips with a
reason, 10 is carried unchanged) and a fourth, 24, in the admin, whose textarea
the browser sends with CRLF line breaks; the officer checks and publishes it,
reads its section A and what changed, starts Report 6 from it and discards that
draft. axe checks every page on the way; the cycle's own pages also at a
phone's width, where nothing may scroll sideways.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from recommendations.models import ProgressUpdate, Recommendation, Report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

COMMITTEE = "Co-ordination and Policing Committee"
SCRUTINY = "MPA Drugs Scrutiny"
TITLE = "Drugs scrutiny recommendations update"
SLIP_REASON = "The evaluation partner withdrew; a new one starts in October."
RESPONSE_24 = "A lead officer is appointed.\nThe plan goes to the board in July."

REPORT_5_SECTION_A = [
    "Members agree the following recommendation listed in the MPA Drugs Scrutiny is complete 20;",
    "Recommendations 8, 10, 16 and 24 require further work and timescales for expected "
    "completion to be noted;",
    "Recommendations 2 and 9 are to be considered by the Members as to whether any "
    "additional work is required; and",
    "Recommendation 13 should be linked with 2 and therefore treated as above.",
]


@dataclass
class Journey:
    """The browser page, and the checks every page of the cycle gets."""

    page: Page
    base_url: str
    axe: Callable[[Page], None]  # axe at desktop width
    axe_and_phone: Callable[[Page], None]  # and at a phone's, with no sideways scroll
    sign_in: Callable[..., None]  # through the sign-in form (conftest.sign_in_with_form)

    def url(self, name: str, *args) -> str:
        return self.base_url + reverse(name, args=args)

    def go(self, name: str, *args) -> None:
        self.page.goto(self.url(name, *args))

    def press(self, role: str, name: str, **options) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role(role, name=name, **options).click()

    def heading(self):
        return self.page.locator("main h1")

    def main_text(self) -> str:
        return " ".join(self.page.locator("main").inner_text().split())

    def sign_in_as(self, user, path: str) -> None:
        if self.page.get_by_role("button", name="Sign out").count():
            self.press("button", "Sign out")
        self.sign_in(self.page, user, path, check=self.axe)


@pytest.fixture
def journey(
    axe_page,
    live_server,
    seed,
    assert_accessible,
    assert_accessible_at_each_width,
    sign_in_with_form,
):
    return Journey(
        page=axe_page,
        base_url=live_server.url,
        axe=assert_accessible,
        axe_and_phone=assert_accessible_at_each_width,
        sign_in=sign_in_with_form,
    )


def update_of(report: Report, number: int) -> ProgressUpdate:
    return report.updates.get(recommendation__number=number)


def fill_start_form(journey: Journey, day: date, number: int) -> None:
    """The start form, checking it came filled in from the previous paper."""
    page = journey.page
    expect(page.get_by_label("Committee").locator("option:checked")).to_have_text(COMMITTEE)
    expect(page.get_by_label("Scrutiny").locator("option:checked")).to_have_text(SCRUTINY)
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Report number").fill(str(number))
    journey.press("button", "Start the draft report")


def open_start_form(journey: Journey) -> None:
    journey.go("recommendations:reports")
    journey.axe(journey.page)
    journey.press("button", "Start the next report")
    expect(journey.heading()).to_have_text("Start the next report")
    journey.axe_and_phone(journey.page)


def officer_starts_report_5(journey: Journey, officer) -> Report:
    """A meeting before Report 4's is refused with the reason; 5 June 2008 starts Report 5."""
    page = journey.page
    journey.sign_in_as(officer, reverse("recommendations:reports"))
    open_start_form(journey)
    fill_start_form(journey, date(2008, 1, 1), 5)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "Meeting date must be after 6 March 2008, the meeting of Report 4, "
        "the latest report on the MPA Drugs Scrutiny"
    )
    expect(page).to_have_title(re.compile(r"^Error: "))
    journey.axe_and_phone(page)
    assert Report.objects.count() == 1

    fill_start_form(journey, date(2008, 6, 5), 5)
    expect(journey.heading()).to_have_text(TITLE)
    expect(page.get_by_text("Draft report 5 started with 8 recommendations")).to_be_visible()
    journey.axe(page)
    return Report.objects.get(number=5)


def recommendation_8_keeps_its_promise(journey: Journey) -> None:
    """Report 4 promised 8 by 6 June 2008; the 5 June paper must not move it three months."""
    eight = Recommendation.objects.get(number=8)
    journey.go("recommendations:detail", eight.pk)
    text = journey.main_text()
    assert "6 June 2008" in text
    assert "5 September 2008" not in text
    journey.axe(journey.page)


def open_update(journey: Journey, number: int) -> None:
    journey.press("link", f"Recommendation {number}", exact=True)
    expect(journey.heading()).to_have_text(f"Recommendation {number}")


def task_state(journey: Journey, number: int) -> str:
    page = journey.page
    row = page.locator(".govuk-task-list__item").filter(
        has=page.get_by_role("link", name=f"Recommendation {number}", exact=True)
    )
    return " ".join(row.locator(".govuk-task-list__status").inner_text().split())


def save_and_return(journey: Journey, number: int) -> None:
    journey.press("button", "Save and return to task list")
    saved = f"The update on recommendation {number} is saved."
    expect(journey.page.get_by_text(saved)).to_be_visible()


def staff_slip_8_with_a_reason(journey: Journey) -> None:
    """8's page words Report 4's promise as a date, and moves it later only with a reason."""
    page = journey.page
    open_update(journey, 8)
    text = journey.main_text()
    assert "promised completion by 6 June 2008" in text
    assert "5 September 2008" not in text
    journey.axe_and_phone(page)
    expected_by = page.get_by_role("group", name="Expected by")
    expect(expected_by.get_by_label("Day")).to_have_value("6")
    expect(expected_by.get_by_label("Month")).to_have_value("6")
    expected_by.get_by_label("Day").fill("31")
    expected_by.get_by_label("Month").fill("12")
    page.get_by_label("Why the timescale moved").fill(SLIP_REASON)
    save_and_return(journey, 8)


def staff_update_the_draft(journey: Journey, staff, report: Report) -> None:
    """In the workspace: 20 completes, 8 slips with a reason, 10 is saved as it was."""
    page = journey.page
    journey.sign_in_as(staff, reverse("recommendations:workspace", args=[report.pk]))
    expect(journey.heading()).to_have_text("Bring the report up to date")
    journey.axe_and_phone(page)

    open_update(journey, 20)
    journey.axe(page)
    page.get_by_role("group", name="Status this report proposes").get_by_label(
        "Complete", exact=True
    ).check()
    page.get_by_label("Response", exact=True).fill("The review is finished and adopted.")
    save_and_return(journey, 20)
    staff_slip_8_with_a_reason(journey)
    open_update(journey, 10)
    journey.axe(page)
    save_and_return(journey, 10)

    assert [task_state(journey, n) for n in (8, 10, 20)] == [
        "Updated",
        "Carried forward unchanged",
        "Updated",
    ]
    expect(page.locator("#updated-count")).to_contain_text("2 of 8")
    journey.axe(page)
    assert update_of(report, 20).proposed_status == "complete"
    eight = update_of(report, 8)
    assert (eight.due_by, eight.timescale_change_reason) == (date(2008, 12, 31), SLIP_REASON)


def staff_save_24_in_the_admin(journey: Journey, report: Report) -> None:
    """The admin page's textarea goes as the browser sends it, CRLF, and is stored with LF."""
    page = journey.page
    twenty_four = Recommendation.objects.get(number=24)
    journey.go("admin:recommendations_recommendation_change", twenty_four.pk)
    page.locator("textarea[name='updates-0-response']").fill(RESPONSE_24)
    with page.expect_request(lambda request: request.method == "POST") as posted:
        journey.press("button", "Save", exact=True)
    assert "%0D%0A" in posted.value.post_data
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert update_of(report, 24).response == RESPONSE_24


def officer_checks_and_publishes(journey: Journey, officer, report: Report) -> None:
    """The first press only checks and warns; confirming on the check page publishes."""
    page = journey.page
    journey.sign_in_as(officer, report.get_absolute_url())
    journey.axe_and_phone(page)
    journey.press("button", "Publish report 5")
    expect(journey.heading()).to_have_text("Check the report before you publish it")
    expect(page.get_by_text("Publishing cannot be undone.")).to_be_visible()
    journey.axe_and_phone(page)
    report.refresh_from_db()
    assert not report.is_published

    journey.press("button", "Publish report 5 now")
    expect(page.get_by_text("Report 5 is published.")).to_be_visible()
    report.refresh_from_db()
    assert report.is_published


def report_5_says_what_changed(journey: Journey) -> None:
    """Section A puts the new statuses to members; "What changed" names 20 and 8's slip."""
    page = journey.page
    items = page.locator(".app-report-recommendations li").all_inner_texts()
    assert [" ".join(item.split()) for item in items] == REPORT_5_SECTION_A
    journey.axe(page)

    journey.press("link", "What changed since the last report")
    expect(journey.heading()).to_have_text("What changed in Report 5")
    text = journey.main_text()
    assert "Recommendation 20: Outstanding (proposed) to Complete (proposed)" in text
    assert (
        f"Recommendation 8: expected by 31 December 2008, not 6 June 2008. "
        f"Reason given: {SLIP_REASON}"
    ) in text
    assert text.count("Recommendation ") == 2  # nothing else changed
    journey.axe(page)


def officer_starts_report_6_and_discards_it(journey: Journey) -> None:
    """Report 6 starts from Report 5, carrying 8's new promise; a draft goes after confirming."""
    page = journey.page
    open_start_form(journey)
    fill_start_form(journey, date(2008, 9, 4), 6)
    expect(page.get_by_text("Draft report 6 started with 7 recommendations")).to_be_visible()
    journey.axe(page)
    report_6 = Report.objects.get(number=6)
    assert update_of(report_6, 8).due_by == date(2008, 12, 31)
    assert not report_6.updates.filter(recommendation__number=20).exists()

    journey.press("link", "Discard this draft report 6")
    expect(journey.heading()).to_have_text("Are you sure you want to discard draft report 6?")
    journey.axe_and_phone(page)
    journey.press("button", "Discard draft report 6")
    expect(page.get_by_text("Draft report 6 has been discarded.")).to_be_visible()
    journey.axe(page)
    assert not Report.objects.filter(number=6).exists()
    assert Report.objects.filter(number=5, published_at__isnull=False).exists()


def test_the_meeting_cycle_from_report_4_to_report_6(journey, officer, staff):
    report_5 = officer_starts_report_5(journey, officer)
    recommendation_8_keeps_its_promise(journey)
    staff_update_the_draft(journey, staff, report_5)
    staff_save_24_in_the_admin(journey, report_5)
    officer_checks_and_publishes(journey, officer, report_5)
    report_5_says_what_changed(journey)
    officer_starts_report_6_and_discards_it(journey)
