"""What stored text may hold: size and nesting, refused with a message by forms and the import."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recommendations.imports import ImportFailed, import_recommendations
from recommendations.limits import (
    MAX_NESTING,
    MAX_TEXT_LENGTH,
    nesting_within_limit,
    too_deep,
    validate_nesting,
)
from recommendations.models import ProgressUpdate, Recommendation
from tests.factories import form_values

pytestmark = pytest.mark.django_db


def nested_list(depth: int) -> str:
    return "".join("    " * level + f"- level {level}\n" for level in range(depth))


def test_nesting_counts_list_levels_and_quotes():
    assert too_deep(nested_list(MAX_NESTING + 1)) is None  # levels 0 to 10
    assert too_deep(nested_list(MAX_NESTING + 2)) == MAX_NESTING + 2
    assert too_deep("> " * 11 + "quoted") == 1
    assert too_deep("\t" * 11 + "- tabbed") == 1
    assert too_deep("Plain words.\n\n- a list\n    - nested") is None


def test_deeper_lines_are_brought_back_to_the_limit():
    clamped = nesting_within_limit(nested_list(247))
    assert too_deep(clamped) is None
    assert "- level 246" in clamped
    assert nesting_within_limit(nested_list(3)) == nested_list(3)


def test_the_validator_names_the_line():
    with pytest.raises(ValidationError) as refused:
        validate_nesting(nested_list(12))
    assert refused.value.messages == [
        "Lists and quotes may sit at most 10 deep inside each other; line 12 is deeper."
    ]


def test_the_admin_refuses_an_overlong_or_too_deep_response(seed, staff, client_for):
    recommendation = Recommendation.objects.get(number=8)
    client = client_for(staff)
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    form = form_values(client.get(url), "recommendation_form")
    response = client.post(url, form | {"text": "x" * (MAX_TEXT_LENGTH + 1)})
    assert response.status_code == 200
    assert "Keep this to 20,000 characters or fewer (it has 20001)" in response.text
    assert Recommendation.objects.get(pk=recommendation.pk).text == recommendation.text


def test_a_too_deep_response_is_refused_by_its_model(seed):
    update = ProgressUpdate.objects.get(recommendation__number=1)
    update.response = nested_list(247)
    with pytest.raises(ValidationError) as refused:
        update.full_clean()
    assert list(refused.value.message_dict) == ["response"]


def test_the_import_refuses_overlong_text_with_the_row(seed):
    text = "x" * (MAX_TEXT_LENGTH + 1)
    file = f"scrutiny,number,text\nMPA Drugs Scrutiny,1,{text}\n".encode()
    with pytest.raises(ImportFailed) as failure:
        import_recommendations(file=file)
    assert [str(problem) for problem in failure.value.problems] == [
        "Row 2, text: Keep this to 20,000 characters or fewer (it has 20001); "
        "put long material in an appendix."
    ]
