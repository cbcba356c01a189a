"""The admin's CSV import pages in a real Chromium: axe finds nothing, before and after errors,
and a large file goes to the task worker and its page shows the result."""

from pathlib import Path

import pytest
from django.conf import settings as project_settings
from django.urls import reverse
from playwright.sync_api import expect

from recommendations.models import Recommendation
from tests.worker import DATABASE_TASKS, run_worker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EXAMPLE = Path(project_settings.BASE_DIR) / "fixtures" / "example_import.csv"


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


def test_a_large_file_is_imported_by_the_worker_and_its_page_passes_axe(
    axe_page, seed, officer, sign_in_with_form, live_server, assert_accessible, settings
):
    settings.IMPORT_QUEUE_ABOVE = 5  # the example's seven rows go to the queue
    settings.TASKS = DATABASE_TASKS
    sign_in_with_form(axe_page, officer)
    axe_page.goto(live_server.url + reverse("admin:recommendations_recommendation_import"))
    axe_page.get_by_label("CSV file").set_input_files(str(EXAMPLE))
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Import").click()

    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Importing example_import.csv")
    expect(axe_page.get_by_text("being checked and imported in the background")).to_be_visible()
    assert_accessible(axe_page)
    assert not Recommendation.objects.filter(scrutiny__title__startswith="Example").exists()

    run_worker()
    with axe_page.expect_navigation():
        axe_page.get_by_role("link", name="Check again").click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Imported example_import.csv")
    expect(axe_page.locator("#import-summary li").nth(1)).to_have_text(
        "Recommendations: 7 created, 0 updated, 0 unchanged."
    )
    assert_accessible(axe_page)
    assert Recommendation.objects.filter(scrutiny__title__startswith="Example").count() == 7
