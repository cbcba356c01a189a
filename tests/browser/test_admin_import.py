"""The admin's CSV import page in a real Chromium: axe finds nothing, before and after errors."""

import pytest
from django.urls import reverse

from recommendations.models import Recommendation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_import_page_and_its_problem_list_pass_axe(
    axe_page, seed, officer, sign_in, live_server, assert_accessible, tmp_path
):
    sign_in(axe_page, officer)
    axe_page.goto(live_server.url + reverse("admin:recommendations_recommendation_import"))
    assert_accessible(axe_page)

    bad_file = tmp_path / "bad.csv"
    bad_file.write_text("scrutiny,number,text\nMPA Drugs Scrutiny,x,\n")
    axe_page.get_by_label("CSV file").set_input_files(str(bad_file))
    axe_page.get_by_role("button", name="Import").click()

    problems = axe_page.locator("#import-problems li")
    assert problems.all_inner_texts() == [
        "Row 2, number: 'x' is not a whole number.",
        "Row 2, text: is empty; give the recommendation's text.",
    ]
    assert_accessible(axe_page)
    assert Recommendation.objects.count() == 24
