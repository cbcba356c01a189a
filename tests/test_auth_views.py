"""Signing in and out: the GOV.UK sign-in page and the POST-only sign-out."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
LOGOUT = reverse("logout")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def member_with_password(member):
    member.set_password(PASSWORD)
    member.save(update_fields=["password"])
    return member


def signed_in_user(client):
    return client.get(reverse("strategy:index")).wsgi_request.user


def test_the_page_has_labelled_fields_and_no_error_summary(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert '<label class="govuk-label govuk-label--s" for="id_username">' in response.text
    assert 'autocomplete="current-password"' in response.text
    assert "govuk-error-summary" not in response.text


def test_a_bad_password_shows_the_error_summary_and_stays_signed_out(client, member_with_password):
    response = client.post(LOGIN, {"username": "member", "password": "wrong"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "There is a problem" in response.text
    assert (
        '<a href="#id_username">Enter a correct username and password. '
        "Both are case-sensitive.</a>" in response.text
    )
    assert response.text.startswith("<!DOCTYPE html>")
    assert "<title>Error: Sign in" in response.text
    assert 'value="member"' in response.text  # the username is kept
    # The message is repeated at the field the summary links to, and tied to it.
    assert '<p class="govuk-error-message" id="username-error">' in response.text
    assert 'aria-describedby="username-error"' in response.text
    assert "password-error" not in response.text
    assert not signed_in_user(client).is_authenticated


def test_empty_fields_are_each_reported(client):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert response.text.count('<span class="govuk-visually-hidden">Error:</span>') == 2
    assert '<a href="#id_username">Enter your username</a>' in response.text
    assert '<a href="#id_password">Enter your password</a>' in response.text
    assert "This field is required." not in response.text
    assert 'aria-describedby="username-error"' in response.text
    assert 'aria-describedby="password-error"' in response.text


def test_a_good_password_signs_in_and_redirects(client, member_with_password):
    response = client.post(LOGIN, {"username": "member", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user(client) == member_with_password


def test_it_follows_a_safe_next_and_ignores_another_site(client, member_with_password):
    strategy = reverse("strategy:index")
    response = client.post(LOGIN, {"username": "member", "password": PASSWORD, "next": strategy})
    assert response["Location"] == strategy
    client.post(LOGOUT)
    response = client.post(
        LOGIN, {"username": "member", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_navigation_offers_sign_in_to_visitors_and_sign_out_to_people(client, client_for, member):
    assert f'href="{LOGIN}?next=' in client.get(reverse("strategy:index")).text
    html = client_for(member).get(reverse("strategy:index")).text
    assert f'<form method="post" action="{LOGOUT}"' in html
    assert "csrfmiddlewaretoken" in html


def test_sign_out_is_a_post(client_for, member):
    client = client_for(member)
    assert client.get(LOGOUT).status_code == 405
    assert signed_in_user(client).is_authenticated
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert not signed_in_user(client).is_authenticated


def test_a_deactivated_person_cannot_sign_in(client, member_with_password):
    User.objects.filter(pk=member_with_password.pk).update(is_active=False)
    response = client.post(LOGIN, {"username": "member", "password": PASSWORD})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    # Django's own backend refuses inactive people as a wrong password: no hint either way.
    assert "Enter a correct username and password." in response.text
    assert not signed_in_user(client).is_authenticated
