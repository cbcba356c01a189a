"""The committee officers' report pages in a real Chromium: forms, error summaries and axe."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from recommendations.models import MembersDecision, Report
from tests.factories import make_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_starting_a_report_explains_a_bad_date_then_starts_it(
    axe_page, live_url, seed, officer, sign_in, assert_accessible
):
    sign_in(axe_page, officer)
    axe_page.goto(live_url("recommendations:report_start"))
    assert_accessible(axe_page)
    axe_page.get_by_label("Committee").select_option(label="Co-ordination and Policing Committee")
    axe_page.get_by_label("Day").fill("31")
    axe_page.get_by_label("Month").fill("2")
    axe_page.get_by_label("Year").fill("2008")
    axe_page.get_by_label("Report number").fill("5")
    axe_page.get_by_label("Title").fill("Drugs scrutiny recommendations update")
    axe_page.get_by_label("Scrutiny").select_option(label="MPA Drugs Scrutiny")
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Start the draft report").click()

    summary = axe_page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(axe_page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(axe_page)
    summary.get_by_role("link", name="Meeting date must be a real date, like 6 3 2008").click()
    expect(axe_page.get_by_label("Day")).to_be_focused()
    assert Report.objects.count() == 1

    axe_page.get_by_label("Day").fill("5")
    axe_page.get_by_label("Month").fill("6")
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Start the draft report").click()
    expect(axe_page.locator("main h1")).to_have_text("Drugs scrutiny recommendations update")
    expect(axe_page.get_by_text("Draft report 5 started with 8 recommendations")).to_be_visible()
    assert_accessible(axe_page)

    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Publish report 5").click()
    expect(axe_page.locator("main h1")).to_have_text("Check the report before you publish it")
    expect(axe_page.get_by_text("Publishing cannot be undone.")).to_be_visible()
    expect(axe_page.get_by_text("The report has no summary.", exact=True)).to_be_visible()
    assert_accessible(axe_page)
    assert not Report.objects.get(number=5).is_published
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Publish report 5 now").click()
    expect(axe_page.get_by_text("Report 5 is published.")).to_be_visible()
    assert Report.objects.get(number=5).is_published


def test_recording_decisions_with_an_error_then_saving(
    axe_page, live_url, seed, officer, sign_in, assert_accessible
):
    report = Report.objects.get()
    sign_in(axe_page, officer)
    axe_page.goto(live_url("recommendations:report_decisions", report.pk))
    assert_accessible(axe_page)
    first = axe_page.get_by_role(
        "group", name=re.compile(r"^Recommendation 1: put to members as complete")
    )
    first.get_by_label("Agreed complete", exact=True).check()
    axe_page.get_by_label("Minute on recommendation 2 (optional)").fill("Discussed at length.")
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Save decisions").click()

    summary = axe_page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    assert_accessible(axe_page)
    summary.get_by_role("link").click()
    second = axe_page.get_by_role("group", name=re.compile(r"^Recommendation 2: put to members"))
    expect(second.get_by_label("No further work required: complete")).to_be_focused()
    assert not MembersDecision.objects.exists()

    second.get_by_label("Deferred").check()
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Save decisions").click()
    expect(axe_page.get_by_text("Members' decisions on report 4 saved.")).to_be_visible()
    assert dict(
        MembersDecision.objects.values_list("update__recommendation__number", "outcome")
    ) == {1: "agreed_complete", 2: "deferred"}


def test_an_officer_agrees_all_as_proposed_but_one_and_it_reaches_the_paper(
    axe_page, live_url, seed, officer, sign_in, assert_accessible
):
    report = Report.objects.get()
    sign_in(axe_page, officer)
    axe_page.goto(live_url("recommendations:report_decisions", report.pk))
    assert_accessible(axe_page)
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Agree all as proposed").click()
    expect(axe_page.get_by_text("Every proposal is marked agreed as proposed")).to_be_visible()
    assert_accessible(axe_page)
    assert not MembersDecision.objects.exists()  # filled, not saved
    eight = axe_page.get_by_role(
        "group", name=re.compile(r"^Recommendation 8: put to members as outstanding")
    )
    expect(eight.get_by_label("Timescale noted")).to_be_checked()
    eight.get_by_label("New timescale asked for").check()
    axe_page.get_by_label("Minute on recommendation 8 (optional)").fill("A firmer date, please.")
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Save decisions").click()
    expect(axe_page.get_by_text("Members' decisions on report 4 saved.")).to_be_visible()
    decided = dict(MembersDecision.objects.values_list("update__recommendation__number", "outcome"))
    assert len(decided) == 21  # 2, 9 and 13 were for consideration: nothing to agree
    assert decided[8] == "new_timescale" and decided[10] == "timescale_noted"
    decisions = axe_page.get_by_role("region", name="Members' decisions")
    expect(
        decisions.get_by_role("row", name=re.compile(r"^8 Outstanding New timescale"))
    ).to_contain_text("A firmer date, please.")
    assert_accessible(axe_page)


def test_an_officer_sees_a_draft_report_with_its_actions_and_axe_finds_nothing(
    axe_page, live_url, seed, officer, sign_in, assert_accessible
):
    draft = make_report(Report.objects.get().scrutiny, date(2008, 6, 5), published=False)
    sign_in(axe_page, officer)
    axe_page.goto(live_url("recommendations:report", draft.pk))
    expect(axe_page.get_by_role("button", name=f"Publish report {draft.number}")).to_be_visible()
    expect(axe_page.get_by_text("Draft: not yet published")).to_be_visible()
    assert_accessible(axe_page)
