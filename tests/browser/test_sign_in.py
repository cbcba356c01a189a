"""Signing in with a keyboard and a screen reader's view of the error summary."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
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
    axe_page.get_by_role("button", name="Sign in").click()
    summary = axe_page.locator(".govuk-error-summary")
    assert summary.is_visible()
    # GOV.UK Frontend moves focus to the summary so it is read out first.
    assert axe_page.evaluate(
        "document.activeElement.classList.contains('govuk-error-summary')"
    )
    assert axe_page.title().startswith("Error: ")
    assert_accessible(axe_page)
    # The summary's link takes the reader to the field to correct.
    summary.get_by_role("link").click()
    assert axe_page.evaluate("document.activeElement.id") == "id_username"
    assert axe_page.get_by_role("button", name="Sign out").count() == 0


def test_signing_in_and_out_with_the_keyboard(
    axe_page, live_url, member_with_password
):
    axe_page.goto(live_url("strategy:index"))
    axe_page.get_by_role("link", name="Sign in").click()
    axe_page.get_by_label("Username").fill("member")
    axe_page.get_by_label("Password").fill(PASSWORD)
    axe_page.keyboard.press("Enter")
    axe_page.wait_for_url(live_url("strategy:index"))
    sign_out = axe_page.get_by_role("button", name="Sign out")
    assert sign_out.is_visible()
    sign_out.focus()
    with axe_page.expect_navigation():
        axe_page.keyboard.press("Enter")
    axe_page.goto(live_url("strategy:index"))
    assert axe_page.get_by_role("link", name="Sign in").is_visible()
    assert axe_page.get_by_role("button", name="Sign out").count() == 0
