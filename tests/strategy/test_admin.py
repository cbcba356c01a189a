import pytest
from django.urls import reverse

from strategy.models import Objective, SuccessMeasure

pytestmark = pytest.mark.django_db


def objective_url(objective):
    return reverse("admin:strategy_objective_change", args=[objective.pk])


def objective_form(objective, **changes):
    """The change form as a browser posts it, inlines unchanged."""
    data = {
        "activity": objective.activity_id,
        "ref": objective.ref,
        "position": objective.position,
        "what_we_seek_to_do": objective.what_we_seek_to_do,
        "supporting_label": objective.supporting_label,
        "how_we_will_achieve_it": objective.how_we_will_achieve_it,
        "responsibilities-TOTAL_FORMS": 0,
        "responsibilities-INITIAL_FORMS": 0,
        "measures-TOTAL_FORMS": 0,
        "measures-INITIAL_FORMS": 0,
    }
    return data | changes


def test_objective_page_shows_responsibilities_and_measures_in_context(seed, member, client_for):
    objective = Objective.objects.get(ref="7.1")
    response = client_for(member).get(objective_url(objective))
    assert response.status_code == 200
    assert "Performance Information and Improvement Unit (SCD)" in response.text
    assert "Achieving 50% increase per BOCU" in response.text


def test_staff_change_an_objective_and_history_records_it(seed, staff, client_for):
    objective = Objective.objects.get(ref="3.1")
    response = client_for(staff).post(
        objective_url(objective), objective_form(objective, what_we_seek_to_do="Close them")
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.what_we_seek_to_do == "Close them"
    assert objective.history.latest().history_user == staff


@pytest.mark.parametrize("role", ["member", "officer"])
def test_members_and_officers_cannot_change_the_strategy(seed, client_for, role, request):
    objective = Objective.objects.get(ref="3.1")
    client = client_for(request.getfixturevalue(role))
    response = client.post(objective_url(objective), objective_form(objective, ref="9.9"))
    assert response.status_code == 403
    objective.refresh_from_db()
    assert objective.ref == "3.1"


@pytest.mark.parametrize("name", ["strategy", "activity", "objective", "successmeasure", "unit"])
def test_every_strategy_model_lists_for_a_member(seed, member, client_for, name):
    assert client_for(member).get(reverse(f"admin:strategy_{name}_changelist")).status_code == 200


def test_measures_can_be_found_for_recommendation_links(seed, staff, client_for):
    response = client_for(staff).get(
        reverse("admin:autocomplete"),
        {
            "term": "asset",
            "app_label": "recommendations",
            "model_name": "recommendation",
            "field_name": "measures",
        },
    )
    assert response.status_code == 200
    texts = [item["text"] for item in response.json()["results"]]
    assert any(text.startswith("7.1.1 ") for text in texts)
    assert SuccessMeasure.objects.filter(ref="7.1.1").exists()
