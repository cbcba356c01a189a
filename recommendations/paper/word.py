"""The meeting report as a Word document, built with real heading, list and table styles.

Officers edit and circulate the Word file, so it uses Word's own styles rather
than formatting by hand, with the same parts in the same order as the HTML.
"""

import io

import lxml.html

from ..text import render_markdown, xml_safe_copy
from .content import MeetingReport, MembersDecisions


class WordReport:
    """The report as a Word document, with the same parts in the same order as the HTML."""

    def __init__(self, report: MeetingReport):
        import docx

        self.report = xml_safe_copy(report)  # Word's XML cannot hold every control character
        self.document = docx.Document()

    def render(self) -> bytes:
        report, document = self.report, self.document
        document.core_properties.title = report.title
        document.core_properties.author = report.author or report.by
        document.add_heading(report.title, level=1)
        self.add_pairs(
            [
                ("Committee", report.committee),
                ("Report", str(report.number)),
                ("Date", report.date_text),
                ("By", report.by),
                ("Report author(s)", report.author),
            ]
        )
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
            self.add_table([("Abbreviation", "Meaning"), *report.abbreviations], header=True)

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
                    target = (
                        paragraph
                        if not has_words
                        else self.document.add_paragraph(style=continue_style)
                    )
                    self.add_inline(target, child)
                    has_words = True

    BLOCKS = {"ul", "ol", "p", "table", "blockquote", "pre"}

    def add_inline(
        self,
        paragraph,
        element,
        stop_at_blocks: bool = False,
        bold: bool = False,
        italic: bool = False,
    ):
        if element.text:
            self._run(paragraph, element.text, bold, italic)
        for child in element:
            if stop_at_blocks and child.tag in self.BLOCKS:
                break
            if child.tag == "br":
                paragraph.add_run().add_break()
            else:
                self.add_inline(
                    paragraph,
                    child,
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


def append_decisions_to_docx(paper: bytes, decisions: MembersDecisions) -> bytes:
    """The stored Word paper with a "Members' decisions" part added at its end."""
    import docx

    document = docx.Document(io.BytesIO(paper))
    decisions = xml_safe_copy(decisions)
    document.add_heading("Members' decisions", level=2)
    document.add_paragraph(
        f"What members decided at the meeting on {decisions.date_text}, recorded after the "
        "paper was published; it is the minute, not part of the paper."
    )
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, heading in zip(
        table.rows[0].cells,
        ["Recommendation", "Put to members as", "Decision", "Minute"],
        strict=True,
    ):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
    for entry in decisions.entries:
        cells = table.add_row().cells
        cells[0].text = str(entry.number)
        cells[1].text = entry.put_as
        cells[2].text = f"{entry.outcome} (now {entry.decided_status.lower()})"
        cells[3].text = entry.minute or "–"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
