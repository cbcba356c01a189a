"""Every committee form words its errors as GOV.UK does: what to do, never Django's defaults."""

import pytest
from django.urls import reverse

from tests.factories import start_report_5

pytestmark = pytest.mark.django_db

DJANGO_DEFAULTS = [
    "This field is required.",
    "Enter a valid date.",
    "Select a valid choice.",
    "Please enter a correct",
]


def assert_govuk_wording(response):
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    for default in DJANGO_DEFAULTS:
        assert default not in response.text


def test_sign_in(client):
    assert_govuk_wording(client.post(reverse("login"), {}))


def test_starting_a_report(seed, officer, client_for):
    assert_govuk_wording(client_for(officer).post(reverse("recommendations:report_start"), {}))


def test_a_bad_start_date(seed, officer, client_for):
    data = {"meeting_date_0": "31", "meeting_date_1": "2", "meeting_date_2": "2008"}
    assert_govuk_wording(client_for(officer).post(reverse("recommendations:report_start"), data))


def test_updating_a_recommendation_in_the_workspace(seed, staff, client_for):
    report = start_report_5()
    url = reverse("recommendations:workspace_update", args=[report.pk, 8])
    assert_govuk_wording(client_for(staff).post(url, {}))
