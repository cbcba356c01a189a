"""Long exports prepared by the task queue: the page that follows them, and who may download."""

import signal
from datetime import timedelta

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recommendations.models import PreparedExport, QueuedWork, Report
from recommendations.paper import preparing
from tests.conftest import page_text
from tests.factories import bulk_recommendations
from tests.worker import DATABASE_TASKS, WORKER_SIGNALS, run_worker

pytestmark = pytest.mark.django_db


def export_url(report, fmt):
    return reverse("recommendations:report_export", args=[report.pk, fmt])


@pytest.fixture
def long_draft(settings):
    """A draft of six recommendations, above a threshold of five."""
    settings.PREPARE_REPORT_EXPORTS_ABOVE = 5
    bulk_recommendations(6, scrutinies=1)
    return Report.objects.get(published_at__isnull=True)


@pytest.fixture
def queued(settings):
    """Tasks wait in the database for a worker, as in production."""
    settings.TASKS = DATABASE_TASKS


class TestReportExports:
    def test_a_long_drafts_pdf_is_prepared_then_offered(self, long_draft, member, client_for):
        client = client_for(member)
        response = client.get(export_url(long_draft, "pdf"))
        prepared = PreparedExport.objects.get()
        assert response.status_code == 302
        assert response["Location"] == prepared.get_absolute_url()
        page = client.get(response["Location"])
        assert "Your PDF of Report 1 is ready" in page_text(page)
        download = client.get(
            reverse("recommendations:prepared_export_download", args=[prepared.pk])
        )
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert download.content.startswith(b"%PDF")
        assert download["Content-Disposition"].endswith('.pdf"')

    def test_the_page_says_it_is_being_prepared_until_a_worker_has_made_it(
        self, long_draft, member, client_for, queued
    ):
        client = client_for(member)
        page = client.get(export_url(long_draft, "docx"), follow=True)
        text = page_text(page)
        assert "Your Word document of Report 1 is being prepared" in text
        assert "Check whether it is ready" in text
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        run_worker()
        page = client.get(page.request["PATH_INFO"])
        assert "Your Word document of Report 1 is ready" in page_text(page)
        link = lxml.html.fromstring(page.content).xpath(
            "//a[@download][contains(@class, 'govuk-button')]"
        )[0]
        download = client.get(link.get("href"))
        assert download.content.startswith(b"PK")  # a .docx is a zip

    def test_asking_again_while_it_is_prepared_queues_nothing_more(
        self, long_draft, member, client_for, queued
    ):
        client = client_for(member)
        first = client.get(export_url(long_draft, "pdf"))
        second = client.get(export_url(long_draft, "pdf"))
        assert first["Location"] == second["Location"]
        assert PreparedExport.objects.count() == 1
        assert DBTaskResult.objects.count() == 1

    def test_a_download_before_it_is_ready_returns_to_the_page(
        self, long_draft, member, client_for, queued
    ):
        client = client_for(member)
        client.get(export_url(long_draft, "pdf"))
        prepared = PreparedExport.objects.get()
        url = reverse("recommendations:prepared_export_download", args=[prepared.pk])
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == prepared.get_absolute_url()

    def test_a_failure_says_so_and_offers_to_try_again(
        self, long_draft, member, client_for, monkeypatch
    ):
        def broken(prepared):
            raise RuntimeError("the renderer fell over")

        monkeypatch.setattr(preparing, "render", broken)
        page = client_for(member).get(export_url(long_draft, "pdf"), follow=True)
        text = page_text(page)
        assert page.status_code == 200
        assert "Your PDF of Report 1 could not be prepared" in text
        assert "Something went wrong while the file was being made." in text
        assert "the renderer fell over" not in text
        again = lxml.html.fromstring(page.content).xpath("//a[contains(@class, 'govuk-button')]")[0]
        assert again.get("href") == export_url(long_draft, "pdf")
        assert PreparedExport.objects.get().state == QueuedWork.FAILED

    def test_work_a_worker_lost_is_shown_as_failed_and_asked_for_anew(
        self, long_draft, member, client_for, queued
    ):
        client = client_for(member)
        client.get(export_url(long_draft, "pdf"))
        PreparedExport.objects.update(created_at=timezone.now() - timedelta(hours=1))
        lost = PreparedExport.objects.get()
        assert "could not be prepared" in page_text(client.get(lost.get_absolute_url()))
        client.get(export_url(long_draft, "pdf"))
        assert PreparedExport.objects.count() == 2

    @pytest.fixture
    def expired_pdf(self, long_draft, member, client_for, settings):
        """A member's client, and the PDF prepared for them 8 days ago (7 are kept)."""
        settings.PREPARED_EXPORTS_KEPT_DAYS = 7
        client = client_for(member)
        client.get(export_url(long_draft, "pdf"))
        PreparedExport.objects.update(finished_at=timezone.now() - timedelta(days=8))
        return client, PreparedExport.objects.get()

    def test_a_file_past_its_keeping_is_no_longer_offered_and_can_be_asked_for_again(
        self, long_draft, expired_pdf
    ):
        client, prepared = expired_pdf
        page = client.get(prepared.get_absolute_url())
        text = page_text(page)
        assert "Your PDF of Report 1 is no longer kept" in text
        assert "Files prepared in the background are kept for 7 days" in text
        button = lxml.html.fromstring(page.content).xpath("//a[contains(@class, 'govuk-button')]")
        assert [link.get("href") for link in button] == [export_url(long_draft, "pdf")]
        url = reverse("recommendations:prepared_export_download", args=[prepared.pk])
        assert client.get(url)["Location"] == prepared.get_absolute_url()

    def test_preparing_a_file_drops_the_files_past_their_keeping(self, long_draft, expired_pdf):
        client, old = expired_pdf
        client.get(export_url(long_draft, "docx"))
        new = PreparedExport.objects.exclude(pk=old.pk).get()
        contents = dict(PreparedExport.objects.values_list("pk", "content"))
        assert contents[old.pk] is None
        assert bytes(contents[new.pk]).startswith(b"PK")

    def test_small_drafts_and_other_formats_stay_immediate(self, long_draft, member, client_for):
        client = client_for(member)
        for fmt in ("html", "csv", "xlsx"):
            assert client.get(export_url(long_draft, fmt)).status_code == 200
        assert not PreparedExport.objects.exists()

    def test_a_published_report_serves_its_stored_file(self, long_draft, client):
        published = Report.objects.get(published_at__isnull=False)
        response = client.get(export_url(published, "pdf"))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        assert not PreparedExport.objects.exists()

    def test_the_report_page_links_prepared_formats_without_download(
        self, long_draft, member, client_for
    ):
        page = client_for(member).get(long_draft.get_absolute_url())
        links = lxml.html.fromstring(page.content).xpath("//aside[@class='app-report-actions']//a")
        by_href = {link.get("href"): link for link in links}
        assert by_href[export_url(long_draft, "pdf")].get("download") is None
        assert by_href[export_url(long_draft, "docx")].get("download") is None
        assert by_href[export_url(long_draft, "csv")].get("download") is not None


class TestHowManyAtOnce:
    """However many files are asked for, each person has only a few in the queue at once."""

    def test_a_person_with_files_underway_is_asked_to_wait_and_nothing_is_queued(
        self, long_draft, member, client_for, queued, settings
    ):
        settings.PREPARED_EXPORTS_UNDERWAY_MOST = 2
        settings.PREPARE_TABLE_EXPORTS_ABOVE = 2
        client = client_for(member)
        assert client.get(export_url(long_draft, "pdf")).status_code == 302
        assert client.get(export_url(long_draft, "docx")).status_code == 302
        response = client.get(reverse("recommendations:list") + "?_export=csv")
        assert response.status_code == 429
        assert response["Retry-After"] == "60"
        text = page_text(response)
        assert "You have 2 files being prepared" in text
        assert "Try again when they are ready" in text
        assert PreparedExport.objects.count() == 2
        assert DBTaskResult.objects.count() == 2

    def test_asking_again_for_a_file_underway_is_never_refused(
        self, long_draft, member, client_for, queued, settings
    ):
        settings.PREPARED_EXPORTS_UNDERWAY_MOST = 1
        client = client_for(member)
        first = client.get(export_url(long_draft, "pdf"))
        assert client.get(export_url(long_draft, "pdf"))["Location"] == first["Location"]

    def test_visitors_not_signed_in_share_one_allowance(self, seed, client, queued, settings):
        settings.PREPARED_EXPORTS_UNDERWAY_MOST = 1
        settings.PREPARE_TABLE_EXPORTS_ABOVE = 2
        url = reverse("recommendations:list")
        assert client.get(url + "?_export=csv").status_code == 302
        response = client.get(url + "?_export=xlsx")
        assert response.status_code == 429
        assert "Many files are being prepared for visitors" in page_text(response)
        assert PreparedExport.objects.count() == 1

    def test_work_a_worker_lost_does_not_count(
        self, long_draft, member, client_for, queued, settings
    ):
        settings.PREPARED_EXPORTS_UNDERWAY_MOST = 1
        client = client_for(member)
        client.get(export_url(long_draft, "pdf"))
        PreparedExport.objects.update(created_at=timezone.now() - timedelta(hours=1))
        assert client.get(export_url(long_draft, "docx")).status_code == 302


class TestWhoMayDownload:
    @pytest.fixture
    def prepared(self, long_draft, member, client_for):
        client_for(member).get(export_url(long_draft, "pdf"))
        return PreparedExport.objects.get()

    def test_anyone_who_reads_drafts_may_download_a_drafts_file(
        self, prepared, officer, client_for
    ):
        page = client_for(officer).get(prepared.get_absolute_url())
        assert page.status_code == 200

    @pytest.mark.parametrize("who", ["anonymous", "outsider"])
    def test_anyone_else_is_told_it_does_not_exist(self, prepared, who, outsider, client_for):
        client = client_for(outsider if who == "outsider" else None)
        download = reverse("recommendations:prepared_export_download", args=[prepared.pk])
        assert client.get(prepared.get_absolute_url()).status_code == 404
        assert client.get(download).status_code == 404

    def test_the_pages_refuse_posts(self, prepared, member, client_for):
        assert client_for(member).post(prepared.get_absolute_url()).status_code == 405


class TestTableExports:
    def test_many_rows_are_prepared_and_anyone_with_the_link_may_download(
        self, seed, client, client_for, settings
    ):
        settings.PREPARE_TABLE_EXPORTS_ABOVE = 10
        response = client.get(reverse("recommendations:list") + "?_export=csv&sort=-number")
        prepared = PreparedExport.objects.get()
        assert response["Location"] == prepared.get_absolute_url()
        assert not prepared.with_drafts
        page = client_for().get(prepared.get_absolute_url())
        assert "Your CSV file of the recommendations table is ready" in page_text(page)
        download = client_for().get(
            reverse("recommendations:prepared_export_download", args=[prepared.pk])
        )
        lines = download.content.decode("utf-8-sig").splitlines()
        assert len(lines) == 1 + 24
        assert lines[1].startswith("24,")  # sorted as asked, every row, not one page

    def test_a_table_with_drafts_is_only_for_those_who_read_drafts(
        self, seed, member, client_for, settings
    ):
        settings.PREPARE_TABLE_EXPORTS_ABOVE = 10
        client_for(member).get(reverse("recommendations:list") + "?_export=xlsx")
        prepared = PreparedExport.objects.get()
        assert prepared.with_drafts
        assert client_for().get(prepared.get_absolute_url()).status_code == 404

    def test_fewer_rows_download_at_once(self, seed, client, settings):
        settings.PREPARE_TABLE_EXPORTS_ABOVE = 24
        response = client.get(reverse("recommendations:list") + "?_export=csv")
        assert response.status_code == 200
        assert not PreparedExport.objects.exists()

    def test_the_table_page_links_prepared_exports_without_download(self, seed, client, settings):
        settings.PREPARE_TABLE_EXPORTS_ABOVE = 10
        page = client.get(reverse("recommendations:list"))
        links = lxml.html.fromstring(page.content).xpath("//*[@id='export']/a")
        assert [link.get("download") for link in links] == [None, None]


def test_running_the_worker_leaves_the_stop_signals_as_they_were(db, queued):
    before = {number: signal.getsignal(number) for number in WORKER_SIGNALS}
    run_worker()
    assert {number: signal.getsignal(number) for number in WORKER_SIGNALS} == before
