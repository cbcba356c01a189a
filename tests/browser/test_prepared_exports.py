"""Long exports in a real Chromium: the page that says a file is being prepared, then offers it.

The thresholds are lowered so a few recommendations or rows count as many, and
tasks wait in the database until the test runs the worker (`manage.py
db_worker`), as the server's own worker would run them.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from recommendations.models import PreparedExport, QueuedWork, Report
from recommendations.paper import preparing
from tests.factories import bulk_recommendations
from tests.worker import DATABASE_TASKS, run_worker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PREPARED_PAGE = re.compile(r"/exports/[0-9a-f-]{36}/$")


@pytest.fixture(autouse=True)
def queued(settings):
    """Tasks wait in the database for a worker, as in production."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def long_draft(settings):
    """A draft of six recommendations, above a threshold of five."""
    settings.PREPARE_REPORT_EXPORTS_ABOVE = 5
    bulk_recommendations(6, scrutinies=1)
    return Report.objects.get(published_at__isnull=True)


def ask_for(page, link_name: str) -> None:
    """Follow the export link the page offers; it leads to the prepared export's page."""
    with page.expect_navigation():
        page.get_by_role("link", name=link_name, exact=True).click()
    assert PREPARED_PAGE.search(page.url), page.url


def check_again(page) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="Check whether it is ready").click()


def expect_being_prepared(page, what: str) -> None:
    heading = f"Your {what} is being prepared"
    expect(page.locator("main h1")).to_have_text(heading)
    expect(page).to_have_title(re.compile(f"^{heading} – "))
    expect(page.locator("main")).to_contain_text("it is being made for you in the background")
    expect(page.locator("main")).to_contain_text("This page does not change by itself.")
    # It never refreshes itself (WCAG 2.2.1): the person checks again when they choose.
    assert page.locator("meta[http-equiv='refresh' i]").count() == 0
    expect(page.get_by_role("link", name="Check whether it is ready")).to_be_visible()


def download_from_ready_page(page, what: str) -> tuple[str, bytes]:
    """On the ready page, press its download button: the file's name and bytes."""
    expect(page.locator("main h1")).to_have_text(f"Your {what} is ready")
    with page.expect_download() as downloading:
        page.get_by_role("link", name=re.compile(r"^Download ")).click()
    download = downloading.value
    return download.suggested_filename, Path(download.path()).read_bytes()


@pytest.mark.parametrize(
    ("link_name", "what", "extension", "magic"),
    [("PDF", "PDF", "pdf", b"%PDF"), ("Word document (DOCX)", "Word document", "docx", b"PK")],
)
def test_staff_ask_for_a_long_drafts_file_then_download_it_when_ready(
    axe_page,
    long_draft,
    staff,
    sign_in_with_form,
    assert_accessible_at_each_width,
    link_name,
    what,
    extension,
    magic,
):
    page = axe_page
    sign_in_with_form(page, staff, long_draft.get_absolute_url())
    ask_for(page, link_name)
    expect_being_prepared(page, f"{what} of Report 1")
    assert_accessible_at_each_width(page)
    check_again(page)  # nothing has made it yet
    expect_being_prepared(page, f"{what} of Report 1")
    assert PreparedExport.objects.get().state == QueuedWork.PREPARING

    run_worker()
    check_again(page)
    assert_accessible_at_each_width(page)
    filename, content = download_from_ready_page(page, f"{what} of Report 1")
    assert filename.endswith(f".{extension}")
    assert content.startswith(magic)  # a .docx is a zip
    assert PreparedExport.objects.get().state == QueuedWork.READY


def test_a_long_table_export_is_prepared_then_downloaded(
    axe_page, seed, settings, live_url, assert_accessible_at_each_width
):
    settings.PREPARE_TABLE_EXPORTS_ABOVE = 10
    page = axe_page
    page.goto(live_url("recommendations:list") + "?sort=-number")
    ask_for(page, "CSV file")
    expect_being_prepared(page, "CSV file of the recommendations table")
    assert_accessible_at_each_width(page)

    run_worker()
    check_again(page)
    filename, content = download_from_ready_page(page, "CSV file of the recommendations table")
    lines = content.decode("utf-8-sig").splitlines()
    assert filename.endswith(".csv")
    assert len(lines) == 1 + 24  # every row, not one page of the table
    assert lines[1].startswith("24,")  # sorted as the table was


def test_a_failed_export_says_so_and_offers_to_try_again(
    axe_page, long_draft, member, sign_in, live_server, monkeypatch, assert_accessible_at_each_width
):
    def broken(prepared):
        raise RuntimeError("the renderer fell over")

    monkeypatch.setattr(preparing, "render", broken)
    page = axe_page
    sign_in(page, member)
    page.goto(live_server.url + long_draft.get_absolute_url())
    ask_for(page, "PDF")
    run_worker()
    check_again(page)

    heading = "Your PDF of Report 1 could not be prepared"
    expect(page.locator("main h1")).to_have_text(heading)
    expect(page).to_have_title(re.compile(f"^{heading} – "))
    warning = page.locator(".govuk-warning-text")
    expect(warning).to_contain_text("Something went wrong while the file was being made.")
    expect(warning).to_contain_text("No file was made.")
    expect(page.locator("main")).not_to_contain_text("the renderer fell over")
    assert_accessible_at_each_width(page)
    again = page.get_by_role("link", name="Try again")
    export = reverse("recommendations:report_export", args=[long_draft.pk, "pdf"])
    expect(again).to_have_attribute("href", export)
    assert PreparedExport.objects.get().state == QueuedWork.FAILED
