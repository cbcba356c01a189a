import re

import pytest
from django.urls import reverse

from recommendations.models import ProgressUpdate, Recommendation, Report

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:recommendations_recommendation_changelist")


def numbers_listed(response):
    """Recommendation numbers in the changelist's first column."""
    return sorted(
        int(n) for n in re.findall(r'<th class="field-number"><a [^>]*>(\d+)</a>', response.text)
    )


def change_url(model, pk):
    return reverse(f"admin:recommendations_{model}_change", args=[pk])


def recommendation_form(recommendation, **changes):
    data = {
        "scrutiny": recommendation.scrutiny_id,
        "number": recommendation.number,
        "text": recommendation.text,
        "note": recommendation.note,
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
    }
    return data | changes


class TestRecommendationChangelist:
    def test_it_lists_number_text_status_and_overdue(self, seed, member, client_for):
        response = client_for(member).get(CHANGELIST)
        assert response.status_code == 200
        assert numbers_listed(response) == list(range(1, 25))
        assert "For members&#x27; consideration (proposed)" in response.text
        assert "Outstanding (proposed)" in response.text
        assert 'class="column-overdue"' in response.text

    def test_it_filters_by_current_status(self, seed, member, client_for):
        response = client_for(member).get(CHANGELIST, {"status": "outstanding"})
        assert numbers_listed(response) == [8, 10, 16, 20, 24]
        response = client_for(member).get(CHANGELIST, {"status": "consideration"})
        assert numbers_listed(response) == [2, 9, 13]

    def test_it_filters_overdue(self, seed, member, client_for):
        # Every outstanding window of the 2008 report has long passed.
        response = client_for(member).get(CHANGELIST, {"overdue": "yes"})
        assert numbers_listed(response) == [8, 10, 16, 20, 24]
        response = client_for(member).get(CHANGELIST, {"overdue": "no"})
        assert len(numbers_listed(response)) == 19

    def test_it_searches_text(self, seed, member, client_for):
        response = client_for(member).get(CHANGELIST, {"q": "cannabis"})
        assert numbers_listed(response) == [4, 10, 11]

    def test_its_query_count_does_not_grow_with_rows(
        self, seed, member, client_for, django_assert_max_num_queries
    ):
        client = client_for(member)
        client.get(CHANGELIST)  # warm the session and permissions caches
        with django_assert_max_num_queries(12):
            client.get(CHANGELIST)

    def test_it_redirects_signed_out_visitors_to_sign_in(self, seed, client):
        response = client.get(CHANGELIST)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_it_refuses_signed_in_people_without_staff_access(self, seed, outsider, client_for):
        response = client_for(outsider).get(CHANGELIST)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


class TestWhoMayChange:
    def test_member_sees_a_recommendation_but_cannot_change_it(self, seed, member, client_for):
        client = client_for(member)
        recommendation = Recommendation.objects.get(number=1)
        url = change_url("recommendation", recommendation.pk)
        assert client.get(url).status_code == 200
        response = client.post(url, recommendation_form(recommendation, text="Changed"))
        assert response.status_code == 403
        recommendation.refresh_from_db()
        assert recommendation.text.startswith("As a priority")

    def test_staff_change_a_recommendation_and_history_records_who(self, seed, staff, client_for):
        client = client_for(staff)
        recommendation = Recommendation.objects.get(number=1)
        url = change_url("recommendation", recommendation.pk)
        response = client.post(url, recommendation_form(recommendation, text="Changed text"))
        assert response.status_code == 302
        recommendation.refresh_from_db()
        assert recommendation.text == "Changed text"
        latest = recommendation.history.latest()
        assert latest.history_user == staff
        assert latest.prev_record is None or latest.prev_record.text != "Changed text"
        history = client.get(
            reverse("admin:recommendations_recommendation_history", args=[recommendation.pk])
        )
        assert history.status_code == 200
        assert "staff" in history.text

    def test_staff_may_not_change_a_report(self, seed, staff, client_for):
        report = Report.objects.get()
        response = client_for(staff).post(change_url("report", report.pk), {"title": "Renamed"})
        assert response.status_code == 403
        report.refresh_from_db()
        assert report.title == "Drugs scrutiny recommendations update"

    def test_officer_may_open_a_report_for_change(self, seed, officer, client_for):
        response = client_for(officer).get(change_url("report", Report.objects.get().pk))
        assert response.status_code == 200
        assert 'name="title"' in response.text

    def test_member_cannot_add_a_decision(self, seed, member, client_for):
        response = client_for(member).get(reverse("admin:recommendations_membersdecision_add"))
        assert response.status_code == 403

    def test_officer_may_add_a_decision(self, seed, officer, client_for):
        update = ProgressUpdate.objects.get(recommendation__number=1)
        response = client_for(officer).post(
            reverse("admin:recommendations_membersdecision_add"),
            {"update": update.pk, "outcome": "agreed", "minute": ""},
        )
        assert response.status_code == 302
        assert update.decision.outcome == "agreed"

    @pytest.mark.parametrize(
        "name",
        [
            "recommendation",
            "report",
            "progressupdate",
            "membersdecision",
            "scrutiny",
            "committee",
            "meeting",
            "abbreviation",
        ],
    )
    def test_every_model_lists_for_a_member(self, seed, member, client_for, name):
        response = client_for(member).get(reverse(f"admin:recommendations_{name}_changelist"))
        assert response.status_code == 200


def test_autocomplete_finds_recommendations_for_links(seed, staff, client_for):
    response = client_for(staff).get(
        reverse("admin:autocomplete"),
        {
            "term": "intelligence",
            "app_label": "recommendations",
            "model_name": "progressupdate",
            "field_name": "linked_to",
        },
    )
    assert response.status_code == 200
    assert {item["text"] for item in response.json()["results"]} >= {"Recommendation 17"}
