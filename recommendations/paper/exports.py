"""The meeting report as files: HTML, PDF, Word, and its recommendations as CSV and XLSX.

Every format renders the one MeetingReport that content.build_report makes, so
they say the same. The HTML comes from the print template with its stylesheet
inside; the PDF is laid out by Typst (pdf.py); the Word file (word.py) is built
with real heading, list and table styles so officers can edit it.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string

from ..text import EMPTY_GLOSSARY, Glossary, spreadsheet_safe, xml_safe_copy
from . import pdf
from .content import MeetingReport, MembersDecisions
from .tagged_pages import append_tagged_pages
from .word import WordReport, append_decisions_to_docx

PRINT_TEMPLATE = "recommendations/paper/report_print.html"
DECISIONS_TEMPLATE = "recommendations/paper/report_decisions.html"
PRINT_STYLESHEET = "css/report-print.css"


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


def export_pdf(report: MeetingReport, glossary: Glossary) -> bytes:
    # Laid out by Typst from the report's data; the Abbreviations table gives every
    # expansion, as on the paper (a PDF reader shows no <abbr> title).
    return pdf.export_pdf(report)


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
        return append_tagged_pages(paper_file, pdf.decisions_pdf(decisions))
    if extension == "docx":
        return append_decisions_to_docx(paper_file, decisions)
    raise KeyError(extension)
