"""Every POST endpoint refuses a request without a valid CSRF token, and changes nothing.

Each endpoint is posted by someone allowed to use it, with a client that
enforces CSRF checks as a browser's request would meet them. Without a token,
or with a forged one, the answer is 403 and neither the data nor the session
changes. The same request with the page's token goes through and changes
something, which shows that the token alone made the difference.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from recommendations.models import Outcome, Recommendation, Status
from tests.database_state import snapshot
from tests.factories import admin_recommendation_form, draft_report_changing, seed_report

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password 42"
NEW_PASSWORD = "another long password 43"


@pytest.fixture
def world(seed, member, staff, officer):
    member.set_password(PASSWORD)
    member.save()
    published = seed_report()
    first = Recommendation.objects.get(scrutiny=published.scrutiny, number=1)
    draft = draft_report_changing(first, Status.CONSIDERATION)
    first.save()  # a version of it to put back
    return {
        "people": {"anonymous": None, "member": member, "staff": staff, "officer": officer},
        "published": published.pk,
        "draft": draft.pk,
        "recommendation": first,
        "recommendation_version": first.history.latest("history_id").history_id,
        "published_update": published.updates.get(recommendation=first).pk,
        "committee": published.meeting.committee_id,
        "scrutiny": published.scrutiny_id,
    }


def recommendation_form(world):
    return admin_recommendation_form(world["recommendation"], text="Changed through the admin.")


@dataclass(frozen=True)
class Endpoint:
    who: str
    path: str
    data: object = dict  # a function of the world giving the form

    def form(self, world):
        return dict(self.data(world))


ENDPOINTS = {
    "publish": Endpoint("officer", "/reports/{draft}/publish/"),
    "decisions": Endpoint(
        "officer",
        "/reports/{published}/decisions/",
        lambda world: {
            f"outcome-{world['published_update']}": Outcome.AGREED_COMPLETE,
            f"minute-{world['published_update']}": "Agreed.",
        },
    ),
    "start report": Endpoint(
        "officer",
        "/reports/start/",
        lambda world: {
            "committee": world["committee"],
            "meeting_day": "4",
            "meeting_month": "9",
            "meeting_year": "2008",
            "number": "7",
            "title": "Update",
            "scrutiny": world["scrutiny"],
        },
    ),
    "import": Endpoint(
        "staff",
        "/admin/recommendations/recommendation/import/",
        lambda world: {
            "file": SimpleUploadedFile(
                "import.csv", b"scrutiny,number,text\nMPA Drugs Scrutiny,99,Imported.\n", "text/csv"
            ),
        },
    ),
    "sign in": Endpoint(
        "anonymous", "/accounts/login/", lambda world: {"username": "member", "password": PASSWORD}
    ),
    "admin sign in": Endpoint(
        "anonymous", "/admin/login/", lambda world: {"username": "member", "password": PASSWORD}
    ),
    "sign out": Endpoint("member", "/accounts/logout/"),
    "admin sign out": Endpoint("member", "/admin/logout/"),
    "password change": Endpoint(
        "member",
        "/accounts/password_change/",
        lambda world: {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    ),
    "admin change form": Endpoint(
        "staff",
        "/admin/recommendations/recommendation/{recommendation.pk}/change/",
        recommendation_form,
    ),
    "admin add form": Endpoint(
        "staff",
        "/admin/recommendations/abbreviation/add/",
        lambda world: {"term": "CSRF", "expansion": "Cross-site forgery"},
    ),
    "admin revert": Endpoint(
        "staff",
        "/admin/recommendations/recommendation/{recommendation.pk}/history/"
        "{recommendation_version}/",
        recommendation_form,
    ),
    "admin delete": Endpoint(
        "officer", "/admin/recommendations/report/{draft}/delete/", lambda world: {"post": "yes"}
    ),
    "admin action": Endpoint(
        "officer",
        "/admin/recommendations/report/",
        lambda world: {
            "action": "publish_selected",
            "_selected_action": [world["draft"]],
            "index": "0",
        },
    ),
}


def client_for(world, who) -> Client:
    client = Client(enforce_csrf_checks=True)
    if world["people"][who] is not None:
        client.force_login(world["people"][who])
    return client


def state(client):
    return snapshot(), client.session.get("_auth_user_id")


def page_token(client) -> str:
    """The token a page's form would carry: the sign-in page sets the cookie."""
    assert client.get("/accounts/login/").status_code == 200
    return client.cookies[settings.CSRF_COOKIE_NAME].value


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_post_without_a_token_is_refused_and_changes_nothing(name, world):
    endpoint = ENDPOINTS[name]
    client = client_for(world, endpoint.who)
    path = endpoint.path.format(**world)
    before = state(client)
    response = client.post(path, endpoint.form(world))
    assert response.status_code == 403
    assert "Sorry, the form could not be sent" in response.text  # the CSRF failure page
    assert state(client) == before


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_post_with_a_forged_token_is_refused_and_changes_nothing(name, world):
    endpoint = ENDPOINTS[name]
    client = client_for(world, endpoint.who)
    page_token(client)  # a real cookie, but a token that does not match it
    path = endpoint.path.format(**world)
    before = state(client)
    response = client.post(path, endpoint.form(world) | {"csrfmiddlewaretoken": "x" * 32})
    assert response.status_code == 403
    assert state(client) == before


@pytest.mark.parametrize("name", ENDPOINTS)
def test_the_same_post_with_the_pages_token_goes_through(name, world):
    endpoint = ENDPOINTS[name]
    client = client_for(world, endpoint.who)
    token = page_token(client)
    before = state(client)
    response = client.post(
        endpoint.path.format(**world), endpoint.form(world) | {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert state(client) != before
