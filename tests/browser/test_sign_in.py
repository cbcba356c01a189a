"""Signing in with a keyboard and a screen reader's view of the error summary."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def member_with_password(member):
    member.set_password(PASSWORD)
    member.save(update_fields=["password"])
    return member


def test_a_wrong_password_focuses_the_error_summary_and_passes_axe(
    axe_page, live_url, member_with_password, assert_accessible
):
    axe_page.goto(live_url("login"))
    axe_page.get_by_label("Username").fill("member")
    axe_page.get_by_label("Password").fill("wrong")
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Sign in").click()
    summary = axe_page.locator(".govuk-error-summary")
    # GOV.UK Frontend moves focus to the summary so it is read out first.
    expect(summary).to_be_focused()
    expect(axe_page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(axe_page)
    # The summary's link takes the reader to the field to correct.
    summary.get_by_role("link").click()
    expect(axe_page.get_by_label("Username")).to_be_focused()
    expect(axe_page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_signing_in_and_out_with_the_keyboard(axe_page, live_url, member_with_password):
    axe_page.goto(live_url("recommendations:glossary"))
    axe_page.get_by_role("link", name="Sign in").click()
    axe_page.get_by_label("Username").fill("member")
    axe_page.get_by_label("Password").fill(PASSWORD)
    axe_page.keyboard.press("Enter")
    axe_page.wait_for_url(live_url("recommendations:glossary"))
    sign_out = axe_page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    sign_out.focus()
    with axe_page.expect_navigation():
        axe_page.keyboard.press("Enter")
    axe_page.goto(live_url("recommendations:glossary"))
    expect(axe_page.get_by_role("link", name="Sign in")).to_be_visible()
    expect(axe_page.get_by_role("button", name="Sign out")).to_have_count(0)
