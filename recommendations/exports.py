"""The meeting report as files: HTML, PDF, Word, and its recommendations as CSV and XLSX.

Every format renders the one MeetingReport that reports.build_report makes, so
they say the same. The HTML and PDF come from one print template; the Word
file is built with real heading, list and table styles so officers can edit it.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string

from .reports import MeetingReport
from .text import EMPTY_GLOSSARY, Glossary, render_markdown

PRINT_TEMPLATE = "recommendations/report_print.html"
PRINT_STYLESHEET = "css/report-print.css"

OL_START = re.compile(r'<ol start="(\d+)"')

TABLE_COLUMNS = [
    "Number", "Recommendation", "Proposed status", "Effective status", "Linked to",
    "Timescale", "Expected by", "Response",
]


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    content_type: str
    filename: str


def print_html(report: MeetingReport, glossary: Glossary = EMPTY_GLOSSARY,
               stylesheet_url: str = "") -> str:
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
        stylesheets.append(CSS(string="".join(
            f'ol[start="{start}"] {{ counter-reset: list-item {start - 1}; }}'
            for start in starts
        )))
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


# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


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


class WordReport:
    """The report as a Word document, with the same parts in the same order as the HTML."""

    def __init__(self, report: MeetingReport):
        import docx

        self.report = report
        self.document = docx.Document()

    def render(self) -> bytes:
        report, document = self.report, self.document
        document.core_properties.title = report.title
        document.core_properties.author = report.author or report.by
        document.add_heading(report.title, level=1)
        self.add_pairs([
            ("Committee", report.committee), ("Report", str(report.number)),
            ("Date", report.date_text), ("By", report.by), ("Report author(s)", report.author),
        ])
        if report.standfirst:
            document.add_paragraph(report.standfirst)
        if report.summary:
            document.add_heading("Summary", level=2)
            self.add_markdown(report.summary)

        document.add_heading("A. Recommendations", level=2)
        document.add_paragraph("That")
        for index, item in enumerate(report.recommendations):
            paragraph = document.add_paragraph(item, style="List Number")
            if index == 0:
                self.restart_numbering(paragraph, "List Number", start=1)

        document.add_heading("B. Supporting information", level=2)
        for entry in report.supporting:
            document.add_heading(entry.heading, level=3)
            self.add_markdown(entry.response, paragraph_number=entry.number)
            document.add_paragraph(entry.status_sentence)

        if report.abbreviations:
            document.add_heading("Abbreviations", level=2)
            self.add_table([("Abbreviation", "Meaning"), *report.abbreviations],
                           header=True)

        for section in report.sections:
            document.add_heading(section.title, level=2)
            self.add_markdown(section.body)

        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    def add_pairs(self, pairs):
        for label, value in pairs:
            if value:
                paragraph = self.document.add_paragraph()
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(value)

    def add_table(self, rows, header: bool):
        table = self.document.add_table(rows=0, cols=max(len(row) for row in rows))
        table.style = "Table Grid"
        for index, row in enumerate(rows):
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=False):
                cell.text = str(value)
                if header and index == 0:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        return table

    def restart_numbering(self, paragraph, style_name: str, start: int):
        """Word numbers a list style on across the document; this list starts afresh."""
        numbering = self.document.part.numbering_part.element
        style_num_id = self.document.styles[style_name].element.pPr.numPr.numId.val
        abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num.numId
        return num.numId

    # Markdown, rendered to the sanitised HTML the page shows, then walked into Word.

    def add_markdown(self, text: str, paragraph_number: int | None = None):
        blocks = lxml.html.fragments_fromstring(str(render_markdown(text)))
        prefix = f"{paragraph_number}. " if paragraph_number is not None else ""
        for block in blocks:
            if isinstance(block, str):
                if block.strip():
                    self.document.add_paragraph(prefix + block.strip())
                    prefix = ""
                continue
            self.add_block(block, prefix=prefix)
            prefix = ""
        if prefix:
            self.document.add_paragraph(prefix.strip())

    def add_block(self, element, prefix: str = "", level: int = 0):
        tag = element.tag
        if tag in ("ul", "ol"):
            if prefix:
                self.document.add_paragraph(prefix.strip())
            self.add_list(element, level)
        elif tag == "table":
            if prefix:
                self.document.add_paragraph(prefix.strip())
            self.add_html_table(element)
        elif tag in ("h2", "h3", "h4", "h5", "h6"):
            self.document.add_heading(prefix + element.text_content(), level=4)
        elif tag == "hr":
            return
        else:
            style = "Quote" if tag == "blockquote" else None
            paragraph = self.document.add_paragraph(style=style)
            if prefix:
                paragraph.add_run(prefix)
            self.add_inline(paragraph, element)

    def add_list(self, element, level: int):
        numbered = element.tag == "ol"
        depth = min(level, 2)
        suffix = "" if depth == 0 else f" {depth + 1}"
        style = ("List Number" if numbered else "List Bullet") + suffix
        continue_style = "List Continue" + suffix
        for index, item in enumerate(element.findall("li")):
            paragraph = self.document.add_paragraph(style=style)
            if numbered and index == 0:
                self.restart_numbering(paragraph, style, start=int(element.get("start", 1)))
            # A tight item holds its words directly; a loose one wraps them in <p>s,
            # the first of which is the item and the rest continue it.
            self.add_inline(paragraph, item, stop_at_blocks=True)
            has_words = bool(paragraph.text.strip())
            for child in item:
                if child.tag in ("ul", "ol"):
                    self.add_list(child, level + 1)
                elif child.tag in self.BLOCKS:
                    target = paragraph if not has_words else self.document.add_paragraph(
                        style=continue_style
                    )
                    self.add_inline(target, child)
                    has_words = True

    BLOCKS = {"ul", "ol", "p", "table", "blockquote", "pre"}

    def add_inline(self, paragraph, element, stop_at_blocks: bool = False,
                   bold: bool = False, italic: bool = False):
        if element.text:
            self._run(paragraph, element.text, bold, italic)
        for child in element:
            if stop_at_blocks and child.tag in self.BLOCKS:
                break
            if child.tag == "br":
                paragraph.add_run().add_break()
            else:
                self.add_inline(
                    paragraph, child,
                    bold=bold or child.tag in ("strong", "b"),
                    italic=italic or child.tag in ("em", "i"),
                )
            if child.tail:
                self._run(paragraph, child.tail, bold, italic)

    @staticmethod
    def _run(paragraph, text: str, bold: bool, italic: bool):
        text = " ".join(text.split("\n"))
        if not paragraph.runs:
            text = text.lstrip()
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
            run.italic = italic or None

    def add_html_table(self, element):
        rows = []
        for row in element.iter("tr"):
            rows.append([cell.text_content().strip() for cell in row if cell.tag in ("th", "td")])
        if rows:
            self.add_table(rows, header=element.find(".//th") is not None)


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


def export(report: MeetingReport, extension: str, glossary: Glossary = EMPTY_GLOSSARY,
           stylesheet_url: str = "") -> ExportedFile:
    """The report in one of FORMATS; KeyError for any other extension."""
    fmt = FORMATS[extension]
    return ExportedFile(
        content=fmt.render(report, glossary, stylesheet_url),
        content_type=fmt.content_type,
        filename=f"{report.file_stem}.{fmt.extension}",
    )
