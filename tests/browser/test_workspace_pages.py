"""The workspace's pages for a draft's details and sections C-F, in a real Chromium.

Each is checked with axe at a desktop and a phone width, without sideways
scrolling; a save from the browser (which sends a textarea's line breaks as
CRLF) is stored with LF.
"""

import re

import pytest
from playwright.sync_api import expect

from recommendations.models import Report
from tests.factories import start_report_5

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_an_officer_fills_in_the_report_details(
    axe_page, live_url, seed, officer, sign_in, assert_accessible_at_each_width
):
    draft = start_report_5()
    sign_in(axe_page, officer)
    axe_page.goto(live_url("recommendations:workspace", draft.pk))
    with axe_page.expect_navigation():
        axe_page.get_by_role("link", name="Report details").click()
    expect(axe_page.locator("main h1")).to_have_text("Report details")
    assert_accessible_at_each_width(axe_page)

    axe_page.get_by_label("Title").fill("")
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Save and return to task list").click()
    summary = axe_page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(axe_page).to_have_title(re.compile(r"^Error: "))
    assert_accessible_at_each_width(axe_page)
    summary.get_by_role("link", name="Enter the report's title").click()
    expect(axe_page.get_by_label("Title")).to_be_focused()

    axe_page.get_by_label("Title").fill("Drugs scrutiny recommendations update")
    axe_page.get_by_label("By", exact=True).fill("Assistant Commissioner Specialist Crime")
    axe_page.get_by_label("Author").fill("A. Author, Drugs Directorate")
    axe_page.locator("#id_summary").fill("Progress since March:\n\n- a pilot\n- a review")
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Preview").click()
    expect(axe_page.locator("#preview li")).to_have_text(["a pilot", "a review"])
    assert_accessible_at_each_width(axe_page)
    assert Report.objects.get(pk=draft.pk).summary == ""

    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Save and return to task list").click()
    expect(axe_page.get_by_text("The details of report 5 are saved.")).to_be_visible()
    report = Report.objects.get(pk=draft.pk)
    assert report.summary == "Progress since March:\n\n- a pilot\n- a review"
    assert report.by == "Assistant Commissioner Specialist Crime"
    expect(axe_page.locator("#task-details-status")).to_have_text("Completed")


def test_an_officer_brings_a_section_up_to_date(
    axe_page, live_url, seed, officer, sign_in, assert_accessible_at_each_width
):
    draft = start_report_5()
    sign_in(axe_page, officer)
    axe_page.goto(live_url("recommendations:workspace", draft.pk))
    with axe_page.expect_navigation():
        axe_page.get_by_role("link", name="D. Financial implications").click()
    expect(axe_page.locator("main h1")).to_have_text("Section D: Financial implications")
    expect(axe_page.get_by_label("Heading")).to_have_value("Financial implications")
    assert_accessible_at_each_width(axe_page)

    axe_page.get_by_label("Text").fill("1. Costs are met from budgets.\n\n2. Nothing more.")
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Preview").click()
    expect(axe_page.locator("#preview li")).to_have_count(2)
    assert_accessible_at_each_width(axe_page)
    assert not draft.sections.exists()

    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Save and continue").click()
    expect(axe_page.locator("main h1")).to_have_text("Section E: Background papers")
    expect(axe_page.get_by_text("Section D is saved.")).to_be_visible()
    assert draft.sections.get(letter="D").body == (
        "1. Costs are met from budgets.\n\n2. Nothing more."
    )
