"""The meeting report as files: HTML, PDF, Word, and its recommendations as CSV and XLSX.

Every format renders the one MeetingReport that content.build_report makes, so
they say the same. The HTML and PDF come from one print template; the Word
file (word.py) is built with real heading, list and table styles so officers can edit it.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string

from ..text import EMPTY_GLOSSARY, Glossary, spreadsheet_safe
from .content import MeetingReport
from .word import WordReport

PRINT_TEMPLATE = "recommendations/paper/report_print.html"
PRINT_STYLESHEET = "css/report-print.css"

OL_START = re.compile(r'<ol start="(\d+)"')

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


def print_html(
    report: MeetingReport, glossary: Glossary = EMPTY_GLOSSARY, stylesheet_url: str = ""
) -> str:
    return render_to_string(
        PRINT_TEMPLATE,
        {"report": report, "glossary": glossary, "stylesheet_url": stylesheet_url},
    )


def print_stylesheet_path() -> str:
    """The print stylesheet on disk: from the source folder, else from collectstatic's copy."""
    return finders.find(PRINT_STYLESHEET) or staticfiles_storage.path(PRINT_STYLESHEET)


def export_html(report: MeetingReport, glossary: Glossary, stylesheet_url: str) -> bytes:
    return print_html(report, glossary, stylesheet_url).encode("utf-8")


def export_pdf(report: MeetingReport, glossary: Glossary, stylesheet_url: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only the PDF needs.
    from weasyprint import CSS, HTML

    html = print_html(report, glossary)
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
    # The document links no files of its own, so nothing is fetched over the network.
    return HTML(string=html, base_url=None).write_pdf(stylesheets=stylesheets)


def recommendation_rows(report: MeetingReport) -> list[list]:
    """The recommendations table: one row per recommendation, in number order."""
    return [
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


def export_csv(report: MeetingReport, glossary: Glossary, stylesheet_url: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TABLE_COLUMNS)
    for row in recommendation_rows(report):
        writer.writerow([spreadsheet_safe(value) for value in row])
    # The byte-order mark makes Excel read the file as UTF-8 (the seed has "£" and "–").
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(report: MeetingReport, glossary: Glossary, stylesheet_url: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Report {report.number}"[:31]
    sheet.append(TABLE_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in recommendation_rows(report):
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
    for letter, width in zip("ABCDEFGH", [9, 50, 16, 24, 10, 30, 16, 80], strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_docx(report: MeetingReport, glossary: Glossary, stylesheet_url: str) -> bytes:
    return WordReport(report).render()


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[MeetingReport, Glossary, str], bytes]
    label: str


FORMATS = {
    fmt.extension: fmt
    for fmt in [
        Format("html", "text/html; charset=utf-8", export_html, "Web page (HTML)"),
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
    stylesheet_url: str = "",
) -> ExportedFile:
    """The report in one of FORMATS; KeyError for any other extension."""
    fmt = FORMATS[extension]
    return ExportedFile(
        content=fmt.render(report, glossary, stylesheet_url),
        content_type=fmt.content_type,
        filename=f"{report.file_stem}.{fmt.extension}",
    )
