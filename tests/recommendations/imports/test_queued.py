"""Large CSV imports checked and written by the task queue, and the admin page that follows them."""

import csv
import io
from datetime import timedelta

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recommendations.imports import queued
from recommendations.models import CheckedImport, QueuedWork, Recommendation
from scrutiny import settings as defaults
from tests.conftest import page_text, person
from tests.factories import EXAMPLE_IMPORT, example_upload, imported_count, upload
from tests.worker import DATABASE_TASKS, run_worker

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:recommendations_recommendation_import")
CHANGELIST = reverse("admin:recommendations_recommendation_changelist")
BAD_FILE = (  # six rows, two of them wrong
    b"scrutiny,number,text\r\n"
    + b"".join(b"MPA Drugs Scrutiny,%d,Changed text.\r\n" % number for number in range(1, 5))
    + b"MPA Drugs Scrutiny,two,A bad number.\r\n"
    + b"MPA Drugs Scrutiny,25,\r\n"
)


def page_url(checked: CheckedImport) -> str:
    return reverse("admin:recommendations_recommendation_queued_import", args=[checked.pk])


def many_rows(count: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["scrutiny", "scrutiny_body", "number", "text"])
    writer.writerows(
        ["Large scrutiny", "Large body", number, f"Recommendation {number} of a large file."]
        for number in range(1, count + 1)
    )
    return buffer.getvalue().encode()


def links(response) -> dict[str, str]:
    """The content's links, by their words."""
    content = lxml.html.fromstring(response.content).get_element_by_id("content")
    return {" ".join(a.text_content().split()): a.get("href") for a in content.iter("a")}


@pytest.fixture(autouse=True)
def above_five_rows(settings):
    """The example file has seven rows: above a threshold of five, it is queued."""
    settings.IMPORT_QUEUE_ABOVE = 5


@pytest.fixture
def queued_tasks(settings):
    """Tasks wait in the database for a worker, as in production."""
    settings.TASKS = DATABASE_TASKS


class TestQueuing:
    def test_a_file_above_the_threshold_is_queued_and_said_to_be_underway(
        self, seed, officer, client_for, queued_tasks
    ):
        client = client_for(officer)
        response = client.post(IMPORT, example_upload())
        checked = CheckedImport.objects.get()
        assert response.status_code == 302
        assert response["Location"] == page_url(checked)
        assert (checked.state, checked.requested_by, checked.filename) == (
            QueuedWork.PREPARING,
            officer,
            "example_import.csv",
        )
        assert bytes(checked.file) == EXAMPLE_IMPORT.read_bytes()
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        page = client.get(response["Location"])
        text = page_text(page)
        assert "Importing example_import.csv" in text
        assert "being checked and imported in the background" in text
        assert links(page)["Check again"] == page_url(checked)
        assert imported_count() == 0

    def test_the_import_page_says_which_files_are_imported_in_the_background(
        self, seed, officer, client_for, settings
    ):
        settings.IMPORT_QUEUE_ABOVE, settings.IMPORT_MAX_ROWS = 1500, 20000
        text = page_text(client_for(officer).get(IMPORT))
        assert "A file may hold up to 20,000 rows. One of more than 1,500 rows" in text
        assert "checked and imported in the background" in text

    def test_a_file_at_the_threshold_stays_immediate(self, seed, officer, client_for, settings):
        settings.IMPORT_QUEUE_ABOVE = 7
        response = client_for(officer).post(IMPORT, example_upload())
        assert response["Location"] == CHANGELIST
        assert imported_count() == 7
        assert not CheckedImport.objects.exists()

    def test_blank_rows_do_not_count_towards_the_threshold(
        self, seed, officer, client_for, settings
    ):
        settings.IMPORT_QUEUE_ABOVE = 7
        padded = EXAMPLE_IMPORT.read_bytes() + b",,,,,\r\n" * 20
        response = client_for(officer).post(IMPORT, upload(padded))
        assert response["Location"] == CHANGELIST
        assert not CheckedImport.objects.exists()

    def test_the_same_file_uploaded_again_while_underway_is_queued_once(
        self, seed, officer, client_for, queued_tasks
    ):
        client = client_for(officer)
        first = client.post(IMPORT, example_upload())
        second = client.post(IMPORT, example_upload())
        assert first["Location"] == second["Location"]
        assert CheckedImport.objects.count() == 1
        assert DBTaskResult.objects.count() == 1

    def test_a_different_file_or_person_is_queued_apart(
        self, seed, officer, client_for, queued_tasks
    ):
        client_for(officer).post(IMPORT, example_upload())
        client_for(officer).post(IMPORT, upload(BAD_FILE))
        other_officer = person("officer2", "Committee officers", is_staff=True)
        client_for(other_officer).post(IMPORT, example_upload())
        assert CheckedImport.objects.count() == 3
        assert DBTaskResult.objects.count() == 3

    def test_a_20000_row_file_is_accepted_and_queued_by_default(
        self, seed, officer, client_for, settings, queued_tasks
    ):
        settings.IMPORT_QUEUE_ABOVE = defaults.IMPORT_QUEUE_ABOVE
        assert settings.IMPORT_MAX_ROWS == defaults.IMPORT_MAX_ROWS
        content = many_rows(20_000)
        assert len(content) > 1_000_000
        response = client_for(officer).post(IMPORT, upload(content, "large.csv"))
        checked = CheckedImport.objects.get()
        assert response["Location"] == page_url(checked)
        assert checked.state == QueuedWork.PREPARING
        assert DBTaskResult.objects.count() == 1

    def test_a_file_over_the_row_limit_is_refused_at_once(
        self, seed, officer, client_for, settings, queued_tasks
    ):
        settings.IMPORT_MAX_ROWS = 6
        response = client_for(officer).post(IMPORT, example_upload())
        assert response.status_code == 200
        assert "The file has more than 6 rows; import it in parts of 6 rows or fewer." in (
            page_text(response)
        )
        assert not CheckedImport.objects.exists()
        assert not DBTaskResult.objects.exists()


class TestTheWorker:
    def test_a_real_worker_imports_it_as_the_uploader_and_the_page_says_what_changed(
        self, seed, officer, client_for, queued_tasks
    ):
        client = client_for(officer)
        response = client.post(IMPORT, example_upload())
        run_worker()
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"
        page = client.get(response["Location"])
        text = page_text(page)
        assert "Imported example_import.csv" in text
        assert "Recommendations: 7 created, 0 updated, 0 unchanged." in text
        assert "Progress updates: 7 created, 0 updated, 0 unchanged." in text
        assert links(page)["See the recommendations"] == CHANGELIST
        assert imported_count() == 7
        recommendation = Recommendation.objects.filter(scrutiny__title__startswith="Example")[0]
        assert recommendation.history.latest().history_user == officer
        checked = CheckedImport.objects.get()
        assert checked.state == QueuedWork.READY
        assert bytes(checked.file) == b""  # not kept once imported

    def test_problems_are_stored_and_listed_by_row_with_nothing_imported(
        self, seed, staff, client_for
    ):
        response = client_for(staff).post(IMPORT, upload(BAD_FILE), follow=True)
        checked = CheckedImport.objects.get()
        assert checked.problems == [
            {"message": "'two' is not a whole number.", "row": 6, "column": "number"},
            {"message": "is empty; give the recommendation's text.", "row": 7, "column": "text"},
        ]
        assert "<title>Error: " in response.text
        problems = lxml.html.fromstring(response.content).xpath("//*[@id='import-problems']")[0]
        assert "Nothing was imported: 2 problems to fix" in problems.text_content()
        assert [li.text_content() for li in problems.iter("li")] == [
            "Row 6, number: 'two' is not a whole number.",
            "Row 7, text: is empty; give the recommendation's text.",
        ]
        assert links(response)["Upload a corrected file"] == IMPORT
        assert Recommendation.objects.get(number=1).text.startswith("As a priority")

    def test_the_uploaders_permissions_limit_what_the_worker_does(self, seed, staff, client_for):
        response = client_for(staff).post(IMPORT, example_upload(), follow=True)
        assert "Row 2, report_number: you may not add reports" in page_text(response)
        assert imported_count() == 0

    def test_a_task_run_again_imports_nothing_more(self, seed, officer, client_for, queued_tasks):
        client_for(officer).post(IMPORT, example_upload())
        checked = CheckedImport.objects.get()
        queued.import_queued.call(str(checked.pk))
        finished = CheckedImport.objects.get()
        queued.import_queued.call(str(checked.pk))
        again = CheckedImport.objects.get()
        assert (again.state, again.summary, again.finished_at) == (
            QueuedWork.READY,
            finished.summary,
            finished.finished_at,
        )
        assert "7 created" in again.summary

    def test_a_failure_says_so_and_offers_to_upload_again(
        self, seed, officer, client_for, monkeypatch
    ):
        def broken(**kwargs):
            raise RuntimeError("the importer fell over")

        monkeypatch.setattr(queued, "import_recommendations", broken)
        response = client_for(officer).post(IMPORT, example_upload(), follow=True)
        text = page_text(response)
        assert response.status_code == 200
        assert "example_import.csv was not imported" in text
        assert "Something went wrong while the file was being imported." in text
        assert "the importer fell over" not in text
        assert links(response)["Upload the file again"] == IMPORT
        assert CheckedImport.objects.get().state == QueuedWork.FAILED
        assert imported_count() == 0

    def test_a_long_import_is_not_taken_for_lost_as_soon_as_an_export(
        self, seed, officer, client_for, queued_tasks
    ):
        client = client_for(officer)
        client.post(IMPORT, example_upload())
        CheckedImport.objects.update(created_at=timezone.now() - timedelta(minutes=20))
        page = client.get(page_url(CheckedImport.objects.get()))
        assert "Importing example_import.csv" in page_text(page)

    def test_work_a_worker_lost_is_shown_as_failed_and_queued_anew(
        self, seed, officer, client_for, queued_tasks
    ):
        client = client_for(officer)
        client.post(IMPORT, example_upload())
        CheckedImport.objects.update(created_at=timezone.now() - timedelta(hours=2))
        lost = CheckedImport.objects.get()
        text = page_text(client.get(page_url(lost)))
        assert "example_import.csv was not imported" in text
        assert "still not finished long after it should have been" in text
        client.post(IMPORT, example_upload())
        assert CheckedImport.objects.count() == 2


class TestWhoMaySee:
    @pytest.fixture
    def checked(self, seed, officer, client_for):
        client_for(officer).post(IMPORT, example_upload())
        return CheckedImport.objects.get()

    def test_a_superuser_may_see_anyones(self, checked, superuser, client_for):
        assert client_for(superuser).get(page_url(checked)).status_code == 200

    @pytest.mark.parametrize("who", ["other officer", "staff", "member"])
    def test_other_staff_are_told_it_does_not_exist(self, checked, who, client_for, request):
        other = {
            "other officer": lambda: person("officer2", "Committee officers", is_staff=True),
            "staff": lambda: request.getfixturevalue("staff"),
            "member": lambda: request.getfixturevalue("member"),
        }[who]()
        assert client_for(other).get(page_url(checked)).status_code == 404

    @pytest.mark.parametrize("who", ["anonymous", "outsider"])
    def test_people_without_staff_access_are_sent_to_sign_in(
        self, checked, who, outsider, client_for
    ):
        response = client_for(outsider if who == "outsider" else None).get(page_url(checked))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_it_refuses_posts(self, checked, officer, client_for):
        assert client_for(officer).post(page_url(checked)).status_code == 405

    def test_its_query_count_is_fixed(self, checked, officer, client_for, get_with_queries):
        client = client_for(officer)
        client.get(page_url(checked))  # warm the session
        get_with_queries(client, 5, page_url(checked))
