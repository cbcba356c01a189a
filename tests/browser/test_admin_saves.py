"""Directorate staff in a real Chromium: every recommendation's admin page saves as it stands.

Chromium sends a textarea's line breaks as CRLF while the stored text has LF,
which once made the published Report 4 rows look changed and the save refused.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from recommendations.models import ProgressUpdate, Recommendation
from tests.factories import start_report_5

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def sign_in_to_admin(page, live_server, user, password="pw-not-used"):
    """Through the admin's own sign-in form, as a person would."""
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def test_staff_save_each_recommendation_page_unchanged_and_every_save_succeeds(
    page, live_server, seed, staff
):
    start_report_5()
    before = {
        update.pk: (update.response, update.version) for update in ProgressUpdate.objects.all()
    }
    sign_in_to_admin(page, live_server, staff)
    recommendations = list(Recommendation.objects.order_by("number"))
    assert len(recommendations) == 24
    for recommendation in recommendations:
        page.goto(
            live_server.url
            + reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist .success")).to_contain_text(
            "was changed successfully", timeout=5000
        )
        assert "errornote" not in page.content(), recommendation.number
    after = {
        update.pk: (update.response, update.version) for update in ProgressUpdate.objects.all()
    }
    assert after == before  # nothing differed, so no update was saved or given CRLF
