"""Members' decisions on Report 4, "agree all as proposed" plus one exception, in every output."""

import csv
import io
import subprocess

import docx
import lxml.html
import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from recommendations.models import MembersDecision, PaperRecord, Recommendation
from recommendations.paper.record import render_record_files
from tests.conftest import page_text
from tests.factories import seed_report
from tests.recommendations.paper.test_exports import pdf_text

pytestmark = pytest.mark.django_db


def decisions_page(client, report) -> dict:
    url = reverse("recommendations:report_decisions", args=[report.pk])
    form = lxml.html.fromstring(client.get(url).content.decode()).get_element_by_id("decisions")
    values = dict(form.form_values())
    for radio in form.xpath(".//input[@type='radio'][@checked]"):
        values[radio.name] = radio.get("value", "")
    return values


@pytest.fixture
def decided(seed, officer, client_for):
    """The officer agrees all as proposed, then changes recommendation 8 and decides 2, 9, 13."""
    report = seed_report()
    stored = bytes(render_record_files(report.record.pk).html)
    client = client_for(officer)
    url = reverse("recommendations:report_decisions", args=[report.pk])
    filled = client.post(url, decisions_page(client, report) | {"agree_all": "yes"})
    form = lxml.html.fromstring(filled.content.decode()).get_element_by_id("decisions")
    values = dict(form.form_values())
    for radio in form.xpath(".//input[@type='radio'][@checked]"):
        values[radio.name] = radio.get("value", "")
    pk = {u.recommendation.number: u.pk for u in report.updates.select_related("recommendation")}
    values |= {
        f"outcome-{pk[8]}": "new_timescale",
        f"minute-{pk[8]}": "Members asked for a firmer date.",
        f"outcome-{pk[2]}": "further_work",
        f"outcome-{pk[9]}": "no_further_work",
        f"outcome-{pk[13]}": "deferred",
    }
    assert client.post(url, values).status_code == 302
    return report, stored


def test_every_proposal_is_decided_with_the_one_exception(decided):
    outcomes = dict(
        MembersDecision.objects.values_list("update__recommendation__number", "outcome")
    )
    assert len(outcomes) == 24
    assert outcomes[8] == "new_timescale" and outcomes[10] == "timescale_noted"
    assert outcomes[1] == outcomes[18] == "agreed_complete"


def test_the_stored_paper_is_untouched(decided):
    report, stored = decided
    assert bytes(PaperRecord.objects.get(report=report).html) == stored


def test_the_report_page_carries_them_after_the_paper(decided, client):
    report, _ = decided
    text = page_text(client.get(reverse("recommendations:report", args=[report.pk])))
    assert "Members' decisions" in text
    assert "What members decided at the meeting on 6 March 2008" in text
    assert (
        "8 Outstanding New timescale asked for (now outstanding) Members asked for a firmer date."
        in text
    )
    assert "1 Complete Agreed complete (now complete)" in text


def test_the_html_download_is_the_stored_paper_then_the_decisions(decided, client):
    report, stored = decided
    html = client.get(reverse("recommendations:report_export", args=[report.pk, "html"])).content
    before_main_end = stored.decode().rindex("</main>")
    assert html.decode().startswith(stored.decode()[:before_main_end])
    assert "Members asked for a firmer date." in html.decode()


def test_the_pdf_download_adds_pages_with_them(decided, client, tmp_path):
    report, _ = decided
    stored_pdf = bytes(PaperRecord.objects.get(report=report).pdf)
    pdf = client.get(reverse("recommendations:report_export", args=[report.pk, "pdf"])).content
    text = pdf_text(pdf, tmp_path)
    assert text.startswith(pdf_text(stored_pdf, tmp_path).rstrip()[:2000])
    words = " ".join(text.split())
    assert "Members' decisions" in words
    assert "8 Outstanding New timescale asked for" in words
    assert "Members asked for a firmer date." in words
    assert "Members' decisions What members decided at the meeting on" in words


def structure_text(content: bytes, tmp_path) -> str:
    """The PDF's tag tree with the words of each element, as a screen reader follows it."""
    path = tmp_path / "tagged.pdf"
    path.write_bytes(content)
    # Poppler prints a title holding "–" in UTF-16: read as replacement characters.
    out = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, errors="replace"
    )
    return out.stdout


def test_the_added_pages_are_tagged_after_the_papers_own(decided, client, tmp_path):
    report, _ = decided
    stored = bytes(PaperRecord.objects.get(report=report).pdf)
    pdf = client.get(reverse("recommendations:report_export", args=[report.pk, "pdf"])).content
    pages = PdfReader(io.BytesIO(pdf)).pages
    # Each page's marked content has its own key in the parent tree, the added ones after.
    assert [page["/StructParents"] for page in pages] == list(range(len(pages)))
    paper, merged = structure_text(stored, tmp_path), structure_text(pdf, tmp_path)
    assert merged.startswith(paper.rstrip("\n"))  # the paper's tags as they were
    added = merged[len(paper.rstrip("\n")) :]
    assert added.startswith('\n  H1 "Members\' decisions" (block)')
    assert '"Members asked for a' in added  # words read from the added page (the cell wraps)
    assert "/Headers [(added-U1x" in added  # its cells name its own header cells


def test_the_word_download_ends_with_them(decided, client):
    report, _ = decided
    content = client.get(reverse("recommendations:report_export", args=[report.pk, "docx"])).content
    document = docx.Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-1] == "Members' decisions"
    rows = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert [
        "8",
        "Outstanding",
        "New timescale asked for (now outstanding)",
        "Members asked for a firmer date.",
    ] in rows


def test_the_spreadsheets_give_each_row_its_decision(decided, client):
    report, _ = decided
    url = reverse("recommendations:report_export", args=[report.pk, "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[0][-2:] == ["Members' decision", "Minute"]
    eight = next(row for row in rows if row[0] == "8")
    assert eight[-2:] == ["New timescale asked for", "Members asked for a firmer date."]
    url = reverse("recommendations:report_export", args=[report.pk, "xlsx"])
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).content)).active
    assert [cell.value for cell in sheet[1]][-2:] == ["Members' decision", "Minute"]


def test_the_recommendations_pages_give_the_decided_status(decided, client):
    def detail(number):
        pk = Recommendation.objects.get(number=number).pk
        return page_text(client.get(reverse("recommendations:detail", args=[pk])))

    assert "Complete: agreed by members on 6 March 2008." in detail(1)
    assert "Outstanding: members asked for a new timescale on 6 March 2008." in detail(8)
    assert "Members' decision New timescale asked for: Members asked for a firmer date." in detail(
        8
    )
    assert "Complete: members decided no further work is required on 6 March 2008." in detail(9)
    listing = page_text(client.get(reverse("recommendations:list")))
    assert "agreed by members on 6 March 2008" in listing


def test_the_tracker_as_at_report_4_words_each_decision(decided, client):
    report, _ = decided
    as_at = page_text(client.get(reverse("recommendations:as_at", args=[report.pk])))
    assert "members deferred their decision on 6 March 2008" in as_at
    assert "members asked for further work on 6 March 2008" in as_at
