"""The report's files: each says what the report says, read back with its own reader."""

import csv
import io
import re
import subprocess
from datetime import date, datetime
from pathlib import Path

import docx
import lxml.html
import openpyxl
import pytest
from pypdf import PdfReader

from recommendations.models import (
    MembersDecision,
    Outcome,
    ProgressUpdate,
    Recommendation,
    Report,
    Scrutiny,
    Status,
)
from recommendations.paper import services
from recommendations.paper.content import REPORT_RELATED, build_report
from recommendations.paper.exports import (
    FORMATS,
    export,
    print_html,
    print_styles,
    print_stylesheet_path,
)
from recommendations.paper.record import current_paper
from tests.factories import SEED_SECTION_A, add_update, draft_report_changing, make_report
from tests.sources import REPORT_4, printed_abbreviations

pytestmark = pytest.mark.django_db


def collapse(text: str) -> str:
    return " ".join(text.split())


def response_lines(response: str) -> list[str]:
    """Each paragraph and list item of a stored response, as plain words."""
    lines = re.sub(r"^[ \t]*- ", "", response, flags=re.MULTILINE).splitlines()
    return [collapse(line) for line in lines if line.strip()]


def content_of(report: Report):
    """The report's paper as its rows stand now."""
    return build_report(Report.objects.select_related(*REPORT_RELATED).get(pk=report.pk))


def first_recommendations_draft(response: str):
    """A later draft of the seed's scrutiny proposing recommendation 1 complete: `response`."""
    first = Recommendation.objects.get(number=1)
    return content_of(draft_report_changing(first, Status.COMPLETE, response=response))


def one_recommendations_report(text: str, response: str):
    """A report of a scrutiny with one recommendation, `text`, and its update, `response`."""
    scrutiny = Scrutiny.objects.create(title="Scrutiny", body="Body")
    recommendation = Recommendation.objects.create(scrutiny=scrutiny, number=1, text=text)
    report = make_report(scrutiny, date(2010, 1, 5))
    add_update(report, recommendation, "complete", response=response)
    return content_of(report)


def seed_content():
    """Report 4 as its rows stand, with the glossary its <abbr> read (its own list first)."""
    return current_paper(Report.objects.select_related(*REPORT_RELATED).get())


def printed_list_words() -> str:
    """Report 4's abbreviations list as the source prints it, words in order."""
    return collapse(
        "Abbreviations: "
        + " ".join(f"{term} {expansion}" for term, expansion in printed_abbreviations(REPORT_4))
    )


def all_responses():
    return list(ProgressUpdate.objects.order_by("recommendation__number"))


def assert_every_response_in(text: str):
    text = collapse(text)
    missing = [
        (update.recommendation.number, line)
        for update in ProgressUpdate.objects.select_related("recommendation")
        for line in response_lines(update.response)
        if line not in text
    ]
    assert missing == []
    assert ProgressUpdate.objects.count() == 24


# Each page's header: "Co-ordination and Policing Committee, 06 March 2008, Report 4".
RUNNING_HEADER = r".+, \d\d [A-Z][a-z]+ \d{4}, Report \d+(?: \(draft: not yet published\))?"


def pdf_text(content: bytes, tmp_path, mode="-raw") -> str:
    """The PDF's words: -raw in the order written, -layout as laid out (list numbers in place)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", mode, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # A line may break after a word's hyphen ("problem-solving"). In -raw order
    # the page header and footer, list bullets (• and nested ‣) and paragraph numbers are
    # written apart from the page's text, so they would interrupt a paragraph that runs
    # over a page (a screen reader skips the header and footer: they are tagged artifacts).
    text = re.sub(r"(?<=\w)-\n", "-", text.replace("\f", "\n"))
    if mode == "-raw":
        text = re.sub(
            rf"^(Page \d+ of \d+|{RUNNING_HEADER}|\d+\.|[•‣◦▪])$", "", text, flags=re.MULTILINE
        )
    return text


def pdf_info(content: bytes, tmp_path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(
        (key.strip(), value.strip())
        for key, value in (line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)
    )


def pdf_page_text(content: bytes, tmp_path, page: int) -> str:
    path = tmp_path / "page.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


class TestHtml:
    def test_it_is_the_whole_report_as_a_standalone_page(self, seed):
        content, glossary = seed_content()
        exported = export(content, "html", glossary)
        assert exported.filename == "report-4-2008-03-06.html"
        assert exported.content_type.startswith("text/html")
        page = exported.content.decode()
        assert page.startswith("<!DOCTYPE html>")
        assert "<script" not in page and "style=" not in page
        text = lxml.html.fromstring(exported.content).text_content()
        for item in SEED_SECTION_A:
            assert item in collapse(text)
        assert_every_response_in(text)
        assert "Table 1: Centrally funded operations" in text

    def test_its_styles_are_read_from_disk_once(self, seed, monkeypatch):
        content, glossary = seed_content()
        print_styles.cache_clear()
        reads = []
        read_text = Path.read_text
        monkeypatch.setattr(
            Path, "read_text", lambda path, **kw: reads.append(path) or read_text(path, **kw)
        )
        first = export(content, "html", glossary).content
        assert export(content, "html", glossary).content == first
        assert [path.name for path in reads] == ["report-print.css"]

    def test_its_styles_are_inside_so_a_saved_copy_prints_the_same_offline(self, seed):
        content, glossary = seed_content()
        page = lxml.html.fromstring(export(content, "html", glossary).content)
        assert page.xpath("//link") == []
        [style] = page.xpath("//head/style")
        assert Path(print_stylesheet_path()).read_text(encoding="utf-8").strip() in style.text
        assert "@page" in style.text

    def test_it_expands_abbreviations(self, seed):
        content, glossary = seed_content()
        page = export(content, "html", glossary).content.decode()
        assert '<abbr title="Met Intelligence Bureau">MIB</abbr>' in page

    def test_it_prints_the_reports_own_abbreviations_list_verbatim(self, seed):
        content, glossary = seed_content()
        page = lxml.html.fromstring(export(content, "html", glossary).content)
        heading = page.get_element_by_id("abbreviations")
        assert heading.text_content() == "Abbreviations:"
        rows = [
            (row[0].text_content(), row[1].text_content())
            for row in page.xpath("//table[@aria-labelledby='abbreviations']/tbody/tr")
        ]
        assert rows == printed_abbreviations(REPORT_4)
        assert len(rows) == 35

    def test_abbr_reads_the_reports_own_expansion(self, seed):
        content, glossary = seed_content()
        page = export(content, "html", glossary).content.decode()
        assert '<abbr title="Drugs Interventions Programme">DIP</abbr>' in page
        assert "Drug Interventions Programme" not in page  # the strategy's wording

    def test_a_draft_says_so(self, seed):
        Report.objects.update(published_at=None)
        content, glossary = seed_content()
        assert "Draft: not yet published" in export(content, "html", glossary).content.decode()


class TestPdf:
    def test_it_holds_section_a_and_every_response(self, seed, tmp_path):
        content, glossary = seed_content()
        exported = export(content, "pdf", glossary)
        assert exported.content.startswith(b"%PDF")
        assert exported.filename == "report-4-2008-03-06.pdf"
        text = collapse(pdf_text(exported.content, tmp_path))
        for item in SEED_SECTION_A:
            assert item in text
        assert_every_response_in(text)
        assert "It is suggested to the Members that this matter is complete." in text
        laid_out = collapse(pdf_text(exported.content, tmp_path, mode="-layout"))
        assert "That 1. Members agree the following recommendations" in laid_out
        assert "5. Recommendation 13 should be linked with 2" in laid_out
        # Section D numbers its paragraph after Table 1 "5.", as the seed does.
        assert "5. A typically busy Borough" in laid_out
        assert "Drugs supply / violent crime 12 £164,361" in text

    def test_it_prints_the_reports_own_abbreviations_list_verbatim(self, seed, tmp_path):
        content, glossary = seed_content()
        text = collapse(pdf_text(export(content, "pdf", glossary).content, tmp_path, "-layout"))
        listed = text[text.index("Abbreviations:") : text.index("C. Race and equality impact")]
        # The table's header row repeats on each page it runs over, under the page's footer.
        listed = re.sub(r"Page \d+ of \d+ |Abbreviation Meaning ", "", listed)
        assert collapse(listed) == printed_list_words()

    def test_every_page_is_headed_with_the_meeting_as_the_word_files_are(self, seed, tmp_path):
        content, glossary = seed_content()
        exported = export(content, "pdf", glossary).content
        pages = int(pdf_info(exported, tmp_path)["Pages"])
        headers = {
            pdf_page_text(exported, tmp_path, page).split("\n")[0].strip()
            for page in range(1, pages + 1)
        }
        assert headers == {"Co-ordination and Policing Committee, 06 March 2008, Report 4"}

    def test_a_drafts_pages_are_headed_as_a_draft(self, seed, tmp_path):
        Report.objects.update(published_at=None)
        content, glossary = seed_content()
        first_page = pdf_page_text(export(content, "pdf", glossary).content, tmp_path, 1)
        header = "Co-ordination and Policing Committee, 06 March 2008, Report 4"
        lines = [line.strip() for line in first_page.splitlines() if line.strip()]
        assert lines[:3] == [
            f"{header} (draft: not yet published)",
            "Draft: not yet published",
            "Drugs scrutiny recommendations update",
        ]

    def test_its_words_are_text_never_layout_instructions(self, seed, tmp_path):
        # Typst's markup characters in stored text print as typed.
        typed = 'Costs #set page(width: 2cm) = $x^2$ @ref #panic("no") // and /* more */ \\ here'
        content = first_recommendations_draft(typed)
        text = collapse(pdf_text(export(content, "pdf").content, tmp_path))
        assert typed in text

    def test_a_heading_in_a_response_keeps_the_pdf_a_tagged_one(self, seed, tmp_path):
        # PDF/UA refuses a heading level skipped; a response's own sits under its entry's.
        content = first_recommendations_draft(
            "#### Progress so far\n\nWork continues.\n\n###### And next"
        )
        exported = export(content, "pdf").content
        assert pdf_info(exported, tmp_path)["Tagged"] == "yes"
        assert "Progress so far Work continues. And next" in collapse(pdf_text(exported, tmp_path))

    def test_it_is_tagged_with_its_title_and_language(self, seed, tmp_path):
        content, glossary = seed_content()
        exported = export(content, "pdf", glossary)
        info = pdf_info(exported.content, tmp_path)
        assert info["Tagged"] == "yes"
        assert info["Title"].startswith("Report 4: Drugs scrutiny recommendations update – ")
        assert info["Title"] == lxml.html.fromstring(print_html(content)).findtext(".//title")
        assert PdfReader(io.BytesIO(exported.content)).trailer["/Root"]["/Lang"] == "en-GB"

    def test_its_text_has_no_visually_hidden_words(self, seed, tmp_path):
        """Copied from the PDF, a row reads as printed, not "AC used in this Assistant"."""
        content, glossary = seed_content()
        page = lxml.html.fromstring(print_html(content))
        hidden = [
            collapse(element.text_content()) for element in page.find_class("govuk-visually-hidden")
        ]
        exported = export(content, "pdf", glossary).content
        text = collapse(pdf_text(exported, tmp_path))
        assert [words for words in hidden if words in text] == []
        laid_out = pdf_text(exported, tmp_path, mode="-layout")
        assert re.search(r"^ *AC +Assistant Commissioner$", laid_out, flags=re.MULTILINE)

    def test_the_last_page_holds_more_than_one_line(self, seed, tmp_path):
        content, glossary = seed_content()
        exported = export(content, "pdf", glossary).content
        pages = int(pdf_info(exported, tmp_path)["Pages"])
        last_page = pdf_page_text(exported, tmp_path, pages)
        lines = [
            line
            for line in last_page.splitlines()
            if line.strip() and not re.fullmatch(rf" *(Page \d+ of \d+|{RUNNING_HEADER}) *", line)
        ]
        assert len(lines) > 1, last_page


class TestWord:
    @pytest.fixture
    def document(self, seed):
        content, glossary = seed_content()
        exported = export(content, "docx", glossary)
        assert exported.filename == "report-4-2008-03-06.docx"
        return docx.Document(io.BytesIO(exported.content))

    def test_it_uses_real_headings(self, document):
        headings = [
            (p.style.name, p.text)
            for p in document.paragraphs
            if p.style.name.startswith("Heading")
        ]
        assert headings[0] == ("Heading 1", "Drugs scrutiny recommendations update")
        level_two = [text for style, text in headings if style == "Heading 2"]
        assert level_two == [
            "Summary",
            "A. Recommendations",
            "B. Supporting information",
            "Abbreviations:",
            "C. Race and equality impact",
            "D. Financial implications",
            "E. Background papers",
            "F. Contact details",
        ]
        level_three = [text for style, text in headings if style == "Heading 3"]
        assert len(level_three) == 24
        assert level_three[17].startswith("Recommendation 18 – The MPS should undertake")

    def test_section_a_is_a_numbered_list_starting_at_one(self, document):
        items = [p for p in document.paragraphs if p.style.name == "List Number"]
        assert [p.text for p in items[:5]] == SEED_SECTION_A
        assert start_of(document, items[0]) == 1

    def test_every_response_is_there_verbatim(self, document):
        assert_every_response_in("\n".join(p.text for p in document.paragraphs))

    def test_bullets_are_list_paragraphs(self, document):
        bullets = [p.text for p in document.paragraphs if p.style.name.startswith("List Bullet")]
        assert "Perceived crime reduction of DIP so far." in bullets
        assert "Each cash seizure." in bullets  # nested under recommendation 19's second item

    def test_numbered_paragraphs_keep_their_numbers(self, document):
        paragraph = next(
            p for p in document.paragraphs if p.text.startswith("A typically busy Borough")
        )
        assert paragraph.style.name == "List Number"
        assert start_of(document, paragraph) == 5

    def test_table_1_and_the_abbreviations_are_real_tables(self, document):
        abbreviations, table_1 = document.tables
        rows = [tuple(cell.text for cell in row.cells) for row in abbreviations.rows]
        assert rows[0] == ("Abbreviation", "Meaning")
        assert rows[1:] == printed_abbreviations(REPORT_4)  # the report's 35, in its order
        assert [[cell.text for cell in row.cells] for row in table_1.rows] == [
            ["Crime Type", "No of bids", "Amount"],
            ["Drugs supply", "28", "£133,565"],
            ["Drugs supply / violent crime", "12", "£164,361"],
            ["Drugs / guns", "6", "£62,664"],
            ["Totals", "46", "£360,590"],
        ]


def start_of(document, paragraph) -> int:
    """The number Word starts the paragraph's list at."""
    num_id = paragraph._p.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    return num.lvlOverride_lst[0].startOverride.val


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


class TestCsv:
    def test_one_row_per_recommendation_with_the_agreed_columns(self, seed):
        content, glossary = seed_content()
        exported = export(content, "csv", glossary)
        assert exported.filename == "report-4-2008-03-06.csv"
        rows = read_csv(exported.content)
        assert rows[0] == [
            "Number",
            "Recommendation",
            "Proposed status",
            "Effective status",
            "Linked to",
            "Timescale",
            "Expected by",
            "Response",
        ]
        assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 25)]
        by_number = {row[0]: row for row in rows[1:]}
        assert by_number["8"][2:7] == [
            "Outstanding",
            "Outstanding",
            "",
            "within the next three months",
            "2008-06-06",
        ]
        assert by_number["13"][2:5] == ["Complete", "For members' consideration", "2"]
        assert by_number["18"][2:5] == ["Complete", "Complete", "17"]

    def test_every_response_is_verbatim(self, seed):
        content, glossary = seed_content()
        rows = read_csv(export(content, "csv", glossary).content)
        assert [row[7] for row in rows[1:]] == [u.response for u in all_responses()]
        assert [row[1] for row in rows[1:]] == list(
            Recommendation.objects.order_by("number").values_list("text", flat=True)
        )

    def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused(self, db):
        content = one_recommendations_report("=1+1", '=HYPERLINK("http://x")')
        row = read_csv(export(content, "csv").content)[1]
        assert (row[1], row[7]) == ("'=1+1", '\'=HYPERLINK("http://x")')


class TestXlsx:
    def test_it_holds_the_same_table_as_the_csv(self, seed):
        content, glossary = seed_content()
        exported = export(content, "xlsx", glossary)
        assert exported.filename == "report-4-2008-03-06.xlsx"
        sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "Number" and rows[0][7] == "Response"
        assert [row[0] for row in rows[1:]] == list(range(1, 25))
        assert [row[7] for row in rows[1:]] == [u.response for u in all_responses()]
        assert rows[10][6] == datetime(2008, 9, 6)  # recommendation 10, a real date
        assert rows[13][3] == "For members' consideration"

    def test_text_starting_with_equals_stays_text(self, db):
        content = one_recommendations_report("=1+1", "=SUM(A1:A2)")
        sheet = openpyxl.load_workbook(io.BytesIO(export(content, "xlsx").content)).active
        assert sheet["B2"].value == "=1+1" and sheet["B2"].data_type == "s"
        assert sheet["H2"].value == "=SUM(A1:A2)" and sheet["H2"].data_type == "s"


def test_only_the_five_formats_exist(seed):
    assert sorted(FORMATS) == ["csv", "docx", "html", "pdf", "xlsx"]
    content, glossary = seed_content()
    with pytest.raises(KeyError):
        export(content, "txt", glossary)


# Pasted from Word or a terminal: a vertical tab, an escape, a form feed. XML holds none.
CONTROLS = "Pasted\x0bfrom\x1bWord\x0c"


class TestControlCharactersStoredEarlier:
    """Text stored before forms dropped them still exports: the writers drop them too."""

    @pytest.fixture
    def draft(self, seed):
        first = Recommendation.objects.get(number=1)
        Recommendation.objects.filter(pk=first.pk).update(text=CONTROLS, note=CONTROLS)
        draft = draft_report_changing(first, Status.COMPLETE, response=f"- {CONTROLS}")
        Report.objects.filter(pk=draft.pk).update(title=CONTROLS, summary=CONTROLS, by=CONTROLS)
        return draft

    def test_every_format_opens_with_the_words_kept(self, draft, member, client_for):
        client = client_for(member)
        files = {}
        for extension in FORMATS:
            response = client.get(f"/reports/{draft.pk}/export.{extension}")
            assert response.status_code == 200, extension
            files[extension] = response.content
        workbook = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
        cells = [cell.value for row in workbook.active.iter_rows() for cell in row]
        assert "PastedfromWord" in cells
        document = docx.Document(io.BytesIO(files["docx"]))
        assert "PastedfromWord" in [paragraph.text for paragraph in document.paragraphs]

    def test_the_recommendations_table_exports(self, draft, member, client_for):
        response = client_for(member).get("/recommendations/", {"_export": "xlsx"})
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert "PastedfromWord" in [cell.value for row in sheet.iter_rows() for cell in row]

    def test_publishing_renders_the_record_and_decisions_append(self, draft, officer, client_for):
        services.publish_report(report=draft)
        update = draft.updates.get()
        MembersDecision.objects.create(
            update=update, outcome=Outcome.AGREED_COMPLETE, minute=CONTROLS
        )
        client = client_for(officer)
        for extension in ("docx", "pdf", "xlsx"):
            assert client.get(f"/reports/{draft.pk}/export.{extension}").status_code == 200


def test_markup_nested_a_thousand_deep_exports_in_every_format(seed, member, client_for, tmp_path):
    """Stored markup deeper than any paper's is flattened; the PDF's layout once recursed on it."""
    first = Recommendation.objects.get(number=1)
    deep = "<em>" * 1000 + "Deeply emphatic." + "</em>" * 1000
    draft = draft_report_changing(first, Status.COMPLETE, response=deep)
    client = client_for(member)
    files = {}
    for extension in FORMATS:
        response = client.get(f"/reports/{draft.pk}/export.{extension}")
        assert response.status_code == 200, extension
        files[extension] = response.content
    assert "Deeply emphatic." in pdf_text(files["pdf"], tmp_path)
    document = docx.Document(io.BytesIO(files["docx"]))
    assert "Deeply emphatic." in [paragraph.text for paragraph in document.paragraphs]
