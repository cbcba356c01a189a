"""The admin site: crafted requests, a value no admin page sends, are refused, never a 500.

Each request is what someone signed in could type into the address bar or post
with a tool: a year past what a date can hold, an id past what SQLite can
store, an empty `_to_field`, a word where an id belongs. The admin answers as
it does for any bad value: its "invalid lookup" redirect (?e=1), a 400, a
403, a 404 or the form again with an error.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from recommendations.models import ProgressUpdate, Recommendation, Report
from scrutiny.admin import RefusesCraftedRequests
from tests.conftest import page_text
from tests.factories import admin_recommendation_form, form_values, start_report_5

pytestmark = pytest.mark.django_db

HUGE_YEAR = "2147483648"  # one past a C int
HUGE_ID = "99999999999999999999"  # past SQLite's 64-bit integers
MODELS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


def test_every_admin_refuses_crafted_requests_djangos_own_included():
    assert MODELS
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin, RefusesCraftedRequests), model_admin


def changelist(app_label, model_name):
    return reverse(f"admin:{app_label}_{model_name}_changelist")


def refused_or_shown(response) -> bool:
    """Answered as the admin answers a bad value: never a server error."""
    if response.status_code == 302:
        return response.url.endswith("?e=1")
    return response.status_code in (200, 400, 403, 404)


@pytest.fixture
def admin_client_(superuser, client_for):
    return client_for(superuser)


class TestDateHierarchyAndDateFilters:
    @pytest.mark.parametrize(
        "model, query",
        [
            ("report", {"meeting__date__year": HUGE_YEAR}),
            ("report", {"meeting__date__year": "2008", "meeting__date__month": HUGE_YEAR}),
            (
                "report",
                {
                    "meeting__date__year": "2008",
                    "meeting__date__month": "3",
                    "meeting__date__day": HUGE_YEAR,
                },
            ),
            ("report", {"meeting__date__year": "9999", "meeting__date__month": "12"}),
            ("meeting", {"date__year": HUGE_YEAR}),
            ("meeting", {"date__year": "10000"}),
            ("meeting", {"date__year": "0"}),
            ("meeting", {"date__year": "-1"}),
            ("meeting", {"date__gte": f"{HUGE_YEAR}-01-01"}),
            ("report", {"published_at__gte": f"{HUGE_YEAR}-01-01"}),
            ("report", {"published_at__year": HUGE_YEAR}),
            ("report", {"published_at__year": "10000"}),
            ("report", {"meeting__date__year__gte": HUGE_YEAR}),
            ("progressupdate", {"due_by__year": HUGE_YEAR}),
            ("progressupdate", {"due_by__year__lt": "10000"}),
        ],
    )
    def test_a_year_no_date_can_hold_is_an_invalid_lookup(self, seed, admin_client_, model, query):
        response = admin_client_.get(changelist("recommendations", model), query)
        assert refused_or_shown(response), response.status_code

    def test_the_date_hierarchy_still_filters(self, seed, admin_client_):
        response = admin_client_.get(
            changelist("recommendations", "report"), {"meeting__date__year": "2008"}
        )
        assert response.status_code == 200
        assert "1 report" in response.text


class TestIdFilters:
    @pytest.mark.parametrize("app_label, model_name", MODELS)
    @pytest.mark.parametrize(
        "query",
        [
            {"id__exact": HUGE_ID},
            {"id": HUGE_ID},
            {"id__gte": HUGE_ID},
            {"id__in": f"1,{HUGE_ID}"},
            {"pk": f"-{HUGE_ID}"},
            {"p": HUGE_ID},
            {"o": HUGE_ID},
        ],
    )
    def test_an_id_past_what_the_database_holds_finds_nothing(
        self, seed, admin_client_, app_label, model_name, query
    ):
        response = admin_client_.get(changelist(app_label, model_name), query)
        assert refused_or_shown(response), response.status_code

    @pytest.mark.parametrize(
        "model, query",
        [
            ("recommendation", {"scrutiny__id__exact": HUGE_ID}),
            ("progressupdate", {"report__id__exact": HUGE_ID}),
            ("recommendation", {"q": HUGE_ID}),
            ("progressupdate", {"q": HUGE_ID}),
        ],
    )
    def test_a_huge_number_in_a_filter_or_search_finds_nothing(
        self, seed, admin_client_, model, query
    ):
        response = admin_client_.get(changelist("recommendations", model), query)
        assert refused_or_shown(response), response.status_code

    def test_a_change_page_for_a_huge_id_is_not_found(self, seed, admin_client_):
        url = reverse("admin:recommendations_recommendation_change", args=[HUGE_ID])
        response = admin_client_.get(url, follow=True)
        assert response.status_code == 200
        assert "doesn’t exist" in response.text


class TestToField:
    @pytest.mark.parametrize("app_label, model_name", MODELS)
    @pytest.mark.parametrize("to_field", ["", "no_such_field"])
    def test_on_a_changelist(self, seed, admin_client_, app_label, model_name, to_field):
        response = admin_client_.get(changelist(app_label, model_name), {"_to_field": to_field})
        assert refused_or_shown(response), response.status_code

    @pytest.mark.parametrize("view", ["change", "delete", "history"])
    @pytest.mark.parametrize("to_field", ["", "no_such_field"])
    def test_on_a_recommendations_pages(self, seed, admin_client_, view, to_field):
        recommendation = Recommendation.objects.get(number=1)
        url = reverse(f"admin:recommendations_recommendation_{view}", args=[recommendation.pk])
        response = admin_client_.get(url, {"_to_field": to_field})
        assert refused_or_shown(response), response.status_code

    @pytest.mark.parametrize("to_field", ["", "no_such_field"])
    def test_on_a_user_and_the_add_page(self, seed, superuser, admin_client_, to_field):
        for url in (
            reverse("admin:auth_user_change", args=[superuser.pk]),
            reverse("admin:recommendations_scrutiny_add"),
        ):
            response = admin_client_.get(url, {"_to_field": to_field})
            assert refused_or_shown(response), (url, response.status_code)

    def test_posted_with_a_change(self, seed, admin_client_):
        recommendation = Recommendation.objects.get(number=1)
        url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
        response = admin_client_.post(url, {"_to_field": "", "text": "Changed."})
        assert refused_or_shown(response), response.status_code
        assert Recommendation.objects.get(number=1).text.startswith("As a priority")


AUTOCOMPLETE = reverse("admin:autocomplete")


class TestAutocomplete:
    @pytest.mark.parametrize(
        "query",
        [
            {
                "app_label": "recommendations",
                "model_name": "progressupdate",
                "field_name": "report",
            },
            {
                "app_label": "recommendations",
                "model_name": "progressupdate",
                "field_name": "recommendation",
            },
            {
                "app_label": "recommendations",
                "model_name": "recommendation",
                "field_name": "objectives",
            },
            {"app_label": "recommendations", "model_name": "report", "field_name": "meeting"},
            {"app_label": "recommendations", "model_name": "nosuchmodel", "field_name": "report"},
            {"app_label": "recommendations", "model_name": "progressupdate", "field_name": "x"},
            {"app_label": "", "model_name": "", "field_name": ""},
        ],
    )
    @pytest.mark.parametrize(
        "extra", [{"term": "x"}, {"term": HUGE_ID}, {"term": "x", "page": "abc"}, {"page": HUGE_ID}]
    )
    def test_the_search_answers_json_or_refuses(self, seed, admin_client_, query, extra):
        response = admin_client_.get(AUTOCOMPLETE, query | extra)
        assert refused_or_shown(response), response.status_code

    @pytest.mark.parametrize("value", ["abc", HUGE_ID, "-1", "1.5"])
    def test_a_word_posted_for_a_report_is_a_form_error(self, seed, admin_client_, value):
        draft = start_report_5()
        update = draft.updates.get(recommendation__number=8)
        url = reverse("admin:recommendations_progressupdate_change", args=[update.pk])
        form = admin_client_.get(url)
        assert form.status_code == 200
        data = form_values(form, "progressupdate_form") | {"report": value, "linked_to": value}
        response = admin_client_.post(url, data)
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert ProgressUpdate.objects.get(pk=update.pk).report == draft

    @pytest.mark.parametrize(
        "value, message",
        [
            ("abc", "Select a valid choice. abc is not one of the available choices."),
            (HUGE_ID, f"Select a valid choice. {HUGE_ID} is not one of the available choices."),
        ],
    )
    def test_a_word_posted_for_objectives_is_a_form_error(
        self, seed, admin_client_, value, message
    ):
        recommendation = Recommendation.objects.get(number=1)
        url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
        data = admin_recommendation_form(recommendation) | {"objectives": [value]}
        response = admin_client_.post(url, data)
        assert response.status_code == 200
        assert message in page_text(response)
        assert not recommendation.objectives.exists()

    def test_a_huge_id_posted_for_a_users_groups_is_a_form_error(self, superuser, admin_client_):
        url = reverse("admin:auth_user_change", args=[superuser.pk])
        data = form_values(admin_client_.get(url), "user_form") | {"groups": [HUGE_ID]}
        response = admin_client_.post(url, data)
        assert response.status_code == 200
        assert f"Select a valid choice. {HUGE_ID} is not one of the available choices." in (
            page_text(response)
        )

    def test_a_word_posted_for_a_meeting_on_the_add_page(self, seed, admin_client_):
        response = admin_client_.post(
            reverse("admin:recommendations_report_add"),
            {"meeting": "abc", "scrutiny": "abc", "number": "5", "title": "T"},
        )
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert Report.objects.count() == 1
