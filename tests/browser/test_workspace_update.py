"""A draft's workspace in a real Chromium: staff update a recommendation from the task list.

The draft is Report 5 of 5 June 2008, started from the seed's Report 4. Its
recommendation 8 carries Report 4's promise, completion by 6 June 2008, which
no month count from 5 June words, so its page opens with the timescale as dates.
"""

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from recommendations.models import ProgressUpdate
from tests.factories import start_report_5

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


RESPONSE = "The review finished.\n\n- in Lambeth\n- in Brent"


@pytest.fixture
def draft(seed):
    return start_report_5()


def update_of(report, number) -> ProgressUpdate:
    return report.updates.get(recommendation__number=number)


def task_state(page, number) -> str:
    row = page.locator(".govuk-task-list__item").filter(
        has=page.get_by_role("link", name=f"Recommendation {number}", exact=True)
    )
    return " ".join(row.locator(".govuk-task-list__status").inner_text().split())


def open_update(page, number):
    """From the task list, the recommendation's update page."""
    with page.expect_navigation():
        page.get_by_role("link", name=f"Recommendation {number}", exact=True).click()
    expect(page.locator("main h1")).to_have_text(f"Recommendation {number}")


def save_and_return(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Save and return to task list").click()


def expected_by(page):
    return page.get_by_role("group", name="Expected by")


def test_the_timescale_fields_follow_the_checked_radio_and_axe_finds_nothing(
    axe_page, draft, staff, sign_in, live_url, assert_accessible_at_each_width
):
    sign_in(axe_page, staff)
    axe_page.goto(live_url("recommendations:workspace_update", draft.pk, 8))
    by_dates = axe_page.get_by_label("By dates")
    in_months = axe_page.get_by_label("In months from the meeting, as the report words it")
    expect(by_dates).to_be_checked()
    expect(expected_by(axe_page).get_by_label("Year")).to_have_value("2008")
    expect(axe_page.get_by_label("Complete within (months)")).to_be_hidden()
    for radio in (by_dates, in_months):  # no aria-expanded, which a radio may not have
        expect(radio).not_to_have_attribute("aria-expanded", "true")
        expect(radio).not_to_have_attribute("aria-expanded", "false")
    assert_accessible_at_each_width(axe_page)

    in_months.check()
    expect(axe_page.get_by_label("Complete within (months)")).to_be_visible()
    expect(expected_by(axe_page)).to_be_hidden()
    assert_accessible_at_each_width(axe_page)


def test_without_javascript_the_checked_radios_fields_are_still_there(
    browser, draft, staff, sign_in, live_url
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, staff)
    page.goto(live_url("recommendations:workspace_update", draft.pk, 8))
    expect(expected_by(page).get_by_label("Day")).to_be_visible()
    page.get_by_label("In months from the meeting, as the report words it").check()
    expect(page.get_by_label("Complete within (months)")).to_be_visible()
    context.close()


def test_staff_update_a_recommendation_and_the_task_list_shows_it_updated(
    axe_page, draft, staff, sign_in_with_form, assert_accessible_at_each_width
):
    page = axe_page
    sign_in_with_form(page, staff, reverse("recommendations:workspace", args=[draft.pk]))
    expect(page.locator("main h1")).to_have_text("Bring the report up to date")
    assert task_state(page, 10) == "Carried forward unchanged"
    assert_accessible_at_each_width(page)

    open_update(page, 10)
    assert_accessible_at_each_width(page)
    page.get_by_role("group", name="Status this report proposes").get_by_label(
        "Complete", exact=True
    ).check()
    page.get_by_label("Response", exact=True).fill(RESPONSE)
    save_and_return(page)

    expect(page.get_by_text("The update on recommendation 10 is saved.")).to_be_visible()
    assert task_state(page, 10) == "Updated"
    expect(page.locator("#updated-count")).to_contain_text("1 of 8")
    update = update_of(draft, 10)
    assert update.proposed_status == "complete"
    assert update.response == RESPONSE
    assert update.history.first().history_user == staff


def test_a_slip_without_a_reason_is_refused_and_saves_with_one(
    axe_page, draft, staff, sign_in_with_form, assert_accessible_at_each_width
):
    page = axe_page
    sign_in_with_form(page, staff, reverse("recommendations:workspace", args=[draft.pk]))
    open_update(page, 8)
    before = update_of(draft, 8)
    expected_by(page).get_by_label("Month").fill("12")
    expected_by(page).get_by_label("Day").fill("31")
    save_and_return(page)

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("later than the 6 June 2008 Report 4 of 6 March 2008 promised")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible_at_each_width(page)
    unchanged = update_of(draft, 8)
    assert (unchanged.due_by, unchanged.version) == (date(2008, 6, 6), before.version)

    page.get_by_label("Why the timescale moved").fill("The evaluation partner withdrew.")
    save_and_return(page)
    expect(page.get_by_text("The update on recommendation 8 is saved.")).to_be_visible()
    assert task_state(page, 8) == "Updated"
    slipped = update_of(draft, 8)
    assert slipped.due_by == date(2008, 12, 31)
    assert slipped.timescale_change_reason == "The evaluation partner withdrew."
