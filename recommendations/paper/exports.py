"""The meeting report as files: HTML, PDF, Word, and its recommendations as CSV and XLSX.

Every format renders the one MeetingReport that content.build_report makes, so
they say the same. The HTML and PDF come from one print template; the Word
file (word.py) is built with real heading, list and table styles so officers can edit it.
"""

import csv
import gc
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string

from ..text import EMPTY_GLOSSARY, Glossary, spreadsheet_safe, xml_safe_copy
from .content import MeetingReport, MembersDecisions
from .word import WordReport, append_decisions_to_docx

PRINT_TEMPLATE = "recommendations/paper/report_print.html"
DECISIONS_TEMPLATE = "recommendations/paper/report_decisions.html"
PRINT_STYLESHEET = "css/report-print.css"

OL_START = re.compile(r'<ol start="(\d+)"')
# WeasyPrint's user-agent rules for footnote and note pseudo-elements, which match every element.
NOTE_PSEUDO_RULES = re.compile(r"^::(?:footnote|note)-[a-z-]+ \{[^}]*\}\n", re.MULTILINE)

TABLE_COLUMNS = [
    "Number",
    "Recommendation",
    "Proposed status",
    "Effective status",
    "Linked to",
    "Timescale",
    "Expected by",
    "Response",
]


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    content_type: str
    filename: str


def print_html(report: MeetingReport, glossary: Glossary = EMPTY_GLOSSARY, styles: str = "") -> str:
    return render_to_string(
        PRINT_TEMPLATE, {"report": report, "glossary": glossary, "styles": styles}
    )


def pdf_html(report: MeetingReport) -> str:
    """The print document the PDF is laid out from: its terms not wrapped in <abbr>.

    An <abbr> shows nothing in a PDF (WeasyPrint keeps no title, and tags no
    expansion), yet each one splits its line into more boxes to lay out and
    draw: in a 2,000-recommendation report they took a third of the time. The
    expansions are in the report's Abbreviations table, as on the paper.
    """
    return print_html(report, EMPTY_GLOSSARY)


def print_stylesheet_path() -> str:
    """The print stylesheet on disk: from the source folder, else from collectstatic's copy."""
    return finders.find(PRINT_STYLESHEET) or staticfiles_storage.path(PRINT_STYLESHEET)


@cache
def print_styles() -> str:
    """The print stylesheet's text, read from disk once a process (restart after editing it)."""
    return Path(print_stylesheet_path()).read_text(encoding="utf-8")


def export_html(report: MeetingReport, glossary: Glossary) -> bytes:
    """The paper as one HTML file with its print styles inside: it reads the same offline."""
    return print_html(report, glossary, print_styles()).encode("utf-8")


def cached_page_references(pdf) -> tuple[bytes, ...]:
    """pydyf's `PDF.page_references` ("12 0 R" for each page so far), made once per page count.

    pydyf builds the whole tuple anew on every read, and WeasyPrint's tagging
    reads it once for each tagged box to point at its page: in a
    2,000-recommendation report that was some 60,000 reads of 400 pages, time
    growing with the square of the report's length. The pages only ever grow
    (`add_page`), so a tuple as long as the page list is still the right one.
    """
    kids = pdf.pages["Kids"]  # each page as three items: number, 0, "R"
    cached = pdf.__dict__.get("_page_references", ())
    if len(cached) * 3 != len(kids):
        cached = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        pdf._page_references = cached
    return cached


def pdf_stylesheets(html: str) -> list:
    from weasyprint import CSS

    stylesheets = [CSS(filename=print_stylesheet_path())]
    # WeasyPrint ignores <ol start>, which numbered paragraphs after a table rely on.
    starts = sorted({int(start) for start in OL_START.findall(html)})
    if starts:
        stylesheets.append(
            CSS(
                string="".join(
                    f'ol[start="{start}"] {{ counter-reset: list-item {start - 1}; }}'
                    for start in starts
                )
            )
        )
    return stylesheets


def paper_user_agent_css(ua_css: str) -> str:
    """WeasyPrint's user-agent stylesheet with its pseudo-element rules kept to the paper's.

    Its rules for `::marker` and the five footnote and note pseudo-elements
    match every element, and WeasyPrint makes a style for each match: six
    styles that are never used for nearly every paragraph, item and block,
    over a sixth of the PDF's memory for 2,000 recommendations. The paper has
    no footnotes or notes (no `float: footnote`, no `position: note()`), and
    only its list items have markers, so those keep theirs: the pages are the same.
    """
    return NOTE_PSEUDO_RULES.sub("", ua_css).replace("\n::marker {", "\nli::marker {")


@cache
def paper_user_agent_stylesheets() -> list:
    from weasyprint import CSS
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA

    # Its @counter-style rules are WeasyPrint's own, which every document has already.
    return [CSS(string=paper_user_agent_css(UA), counter_style=CounterStyle())]


def export_pdf(report: MeetingReport, glossary: Glossary) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only the PDF needs.
    import pydyf
    from weasyprint import HTML

    pydyf.PDF.page_references = property(cached_page_references)
    with collector_paused():
        html = pdf_html(report)
        # PDF/UA tags the text with its structure (headings, lists, tables) for screen
        # readers and sets the title shown and the language, from <title> and <html lang>.
        options = {"stylesheets": pdf_stylesheets(html), "pdf_variant": "pdf/ua-1"}
        # The document links no files of its own, so nothing is fetched over the network.
        paper = HTML(string=html, base_url=None)
        paper._ua_stylesheets = lambda forms=False: paper_user_agent_stylesheets()
        document = paper.render(**options)
        # The style cascade's cycles are garbage once the pages are laid out:
        # freed here, before drawing the pages needs the memory.
        gc.collect()
        content = document.write_pdf(**options)
        del document
    gc.collect()  # the laid-out pages, now rather than at some later request's expense
    return content


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while the block runs, then as it was.

    Laying out a large report makes millions of objects that live until its
    PDF is written, and each of the collector's passes walks every one of them
    again: a quarter of the PDF's time for 2,000 recommendations. Nearly all
    the garbage they leave is the style cascade, which `export_pdf` collects
    once, when the pages are laid out.
    """
    was_running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_running:
            gc.enable()


DECISION_COLUMNS = ["Members' decision", "Minute"]


def recommendation_rows(
    report: MeetingReport, decisions: MembersDecisions | None = None
) -> list[list]:
    """The recommendations table: one row per recommendation, in number order.

    Once members' decisions are recorded, each row ends with its decision and minute.
    """
    rows = [
        [
            entry.number,
            entry.text,
            entry.proposed_status_label,
            entry.effective_status_label,
            entry.linked_to if entry.linked_to is not None else "",
            entry.timescale,
            entry.expected.ends if entry.expected else "",
            entry.response,
        ]
        for entry in report.supporting
    ]
    if decisions is None:
        return rows
    for row, entry in zip(rows, report.supporting, strict=True):
        decided = decisions.for_number(entry.number)
        row += [decided.outcome, decided.minute] if decided else ["No decision recorded", ""]
    return rows


def table_columns(decisions: MembersDecisions | None) -> list[str]:
    return TABLE_COLUMNS + (DECISION_COLUMNS if decisions else [])


def export_csv(report: MeetingReport, glossary: Glossary, decisions=None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table_columns(decisions))
    for row in recommendation_rows(report, decisions):
        writer.writerow([spreadsheet_safe(value) for value in row])
    # The byte-order mark makes Excel read the file as UTF-8 (the seed has "£" and "–").
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(report: MeetingReport, glossary: Glossary, decisions=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Report {report.number}"[:31]
    sheet.append(table_columns(decisions))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in xml_safe_copy(recommendation_rows(report, decisions)):
        sheet.append([None] * len(values))
        for cell, value in zip(sheet[sheet.max_row], values, strict=True):
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text as text, even text starting with "="
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(vertical="top")
            if cell.column_letter == "G" and value:
                cell.number_format = "d mmmm yyyy"
    for letter, width in zip("ABCDEFGHIJ", [9, 50, 16, 24, 10, 30, 16, 80, 30, 50], strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_docx(report: MeetingReport, glossary: Glossary) -> bytes:
    return WordReport(report).render()


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[MeetingReport, Glossary], bytes]
    label: str


FORMATS = {
    fmt.extension: fmt
    for fmt in [
        Format("html", "text/html; charset=utf-8", export_html, "HTML file, styles included"),
        Format("pdf", "application/pdf", export_pdf, "PDF"),
        Format(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            export_docx,
            "Word document (DOCX)",
        ),
        Format("csv", "text/csv; charset=utf-8", export_csv, "Recommendations table (CSV)"),
        Format(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            export_xlsx,
            "Recommendations table (XLSX)",
        ),
    ]
}


def export(
    report: MeetingReport,
    extension: str,
    glossary: Glossary = EMPTY_GLOSSARY,
    decisions: MembersDecisions | None = None,
) -> ExportedFile:
    """The report in one of FORMATS; KeyError for any other extension.

    `decisions` are added to the spreadsheets; the paper's own files get them
    appended to their stored copy instead (`with_decisions`).
    """
    fmt = FORMATS[extension]
    render = (
        partial(fmt.render, decisions=decisions)
        if decisions and fmt.extension in TABLE_FORMATS
        else fmt.render
    )
    return ExportedFile(
        content=render(report, glossary),
        content_type=fmt.content_type,
        filename=f"{report.file_stem}.{fmt.extension}",
    )


TABLE_FORMATS = ("csv", "xlsx")


def decisions_html(decisions: MembersDecisions) -> str:
    return render_to_string(DECISIONS_TEMPLATE, {"decisions": decisions})


def with_decisions(extension: str, paper_file: bytes, decisions: MembersDecisions) -> bytes:
    """A stored paper's file (HTML, PDF or Word) with the members' decisions part after it.

    The paper's part stays as stored: the HTML gains a section before its
    closing </main>, the PDF gains pages, the Word document gains paragraphs
    at its end.
    """
    if extension == "html":
        html = paper_file.decode("utf-8")
        at = html.rindex("</main>")
        return (html[:at] + decisions_html(decisions) + "\n  " + html[at:]).encode("utf-8")
    if extension == "pdf":
        return append_pdf_pages(paper_file, decisions_pdf(decisions))
    if extension == "docx":
        return append_decisions_to_docx(paper_file, decisions)
    raise KeyError(extension)


def decisions_pdf(decisions: MembersDecisions) -> bytes:
    from weasyprint import CSS, HTML

    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>Members' decisions, {decisions.date_text}</title></head>"
        f'<body class="app-print"><main>{decisions_html(decisions)}</main></body></html>'
    )
    return HTML(string=html, base_url=None).write_pdf(
        stylesheets=[CSS(filename=print_stylesheet_path())]
    )


def append_pdf_pages(first: bytes, then: bytes) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(first))
    writer.append(io.BytesIO(then))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
