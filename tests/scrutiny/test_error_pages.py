"""Error pages in the service's design (DEBUG off, as pytest-django runs), each with a way home."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tests.factories import draft_report_changing, seed_report

pytestmark = pytest.mark.django_db

HOME = f'href="{reverse("recommendations:dashboard")}"'


def assert_in_design(response, heading):
    page = response.content.decode()
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    assert "govuk-service-navigation" in page  # the service's header
    assert "build/app.css" in page  # and its styles
    assert HOME in page and "Go to the dashboard" in page


def test_a_missing_page_answers_404_in_the_service_design(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_in_design(response, "Page not found")
    assert "If you typed the web address, check it is correct." in response.text


def test_a_404_suggests_a_signed_out_reader_signs_in(client):
    response = client.get("/recommendations/999999/?x=1")
    assert "sign in to see this page" in response.text
    assert "/accounts/login/?next=/recommendations/999999/%3Fx%3D1" in response.text


def test_a_404_does_not_suggest_signing_in_to_someone_signed_in(client, member):
    client.force_login(member)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "sign in to see this page" not in response.text
    assert "Sign out" in response.text


def test_a_draft_report_is_a_404_with_a_sign_in_hint_when_signed_out(client, seed):
    first = seed_report().scrutiny.recommendations.get(number=1)
    draft = draft_report_changing(first, "complete")
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert_in_design(response, "Page not found")
    assert "sign in to see this page" in response.text


def test_a_refused_page_answers_403_in_the_service_design(client, member):
    client.force_login(member)
    response = client.get(reverse("recommendations:report_start"))
    assert response.status_code == 403
    assert_in_design(response, "You do not have permission to see this page")
    assert "You are signed in as member" in response.text


def test_a_bad_request_answers_400_in_the_service_design():
    response = Client().get("/", headers={"host": "not-an-allowed-host.example"})
    assert response.status_code == 400
    assert_in_design(response, "Sorry, there is a problem with the request")


def table_page_raising(monkeypatch, error: Exception):
    """The recommendations table as a visitor gets it when loading its glossary raises `error`."""

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr("recommendations.tables.Glossary.load", broken)
    return Client(raise_request_exception=False).get(reverse("recommendations:list"))


def test_a_server_error_answers_500_in_the_service_design(seed, monkeypatch):
    response = table_page_raising(monkeypatch, RuntimeError("the database went away"))
    assert response.status_code == 500
    assert_in_design(response, "Sorry, there is a problem with the service")
    assert "the database went away" not in response.text


def test_a_form_without_its_security_token_gets_the_service_csrf_page(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert_in_design(response, "Sorry, the form could not be sent")
    assert "Nothing has been changed." in response.text
    # Still signed in: the refused sign-out changed nothing.
    assert client.get("/").context["user"].is_authenticated


def test_a_database_busy_with_a_long_write_answers_503_and_asks_to_try_again(seed, monkeypatch):
    """SQLite's "database is locked": a save waited past its timeout for another one
    (a large import, say), was rolled back, and can simply be tried again."""
    response = table_page_raising(monkeypatch, OperationalError("database is locked"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert_in_design(response, "Sorry, the service is busy")
    assert "Nothing you sent has been saved" in response.text


def test_other_database_errors_are_still_a_server_error(seed, monkeypatch):
    error = OperationalError("no such table: recommendations_recommendation")
    response = table_page_raising(monkeypatch, error)
    assert response.status_code == 500
