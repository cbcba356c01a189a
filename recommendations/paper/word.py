"""The meeting report as a Word document, built with real heading, list and table styles.

Officers edit and circulate the Word file, so it uses Word's own styles rather
than formatting by hand, with the same parts in the same order as the HTML. Its
pages are A4 with the meeting in the header and page numbers in the footer.

Every numbered list, and section B's paragraph numbers, is numbered by Word
(numbering.xml), never typed. Each list has a w:num of its own that restarts
at its first number, and every item names it: Word would otherwise continue a
list style's numbers from one list into the next, which LibreOffice does not.
"""

import io

import lxml.html

from ..text import render_markdown, xml_safe_copy
from .content import DECISION_TABLE_HEADINGS, DRAFT, MeetingReport, MembersDecisions

# Section B's paragraph numbers: "1." hanging in the margin of a plain paragraph, as printed.
PARAGRAPH_NUMBERS = (
    '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' w:abstractNumId="{id}">'
    '<w:multiLevelType w:val="singleLevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
    '<w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>'
    "</w:abstractNum>"
)


class WordReport:
    """The report as a Word document, with the same parts in the same order as the HTML."""

    def __init__(self, report: MeetingReport):
        import docx

        self.report = xml_safe_copy(report)  # Word's XML cannot hold every control character
        self.document = docx.Document()
        self.paragraph_numbers: ParagraphNumbers | None = None

    def render(self) -> bytes:
        report, document = self.report, self.document
        document.core_properties.title = report.title
        document.core_properties.author = report.author or report.by
        self.set_up_pages()
        if not report.is_published:
            document.add_paragraph().add_run(DRAFT).bold = True
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
        section_a = self.new_list("List Number", start=1)
        for item in report.recommendations:
            number_paragraph(document.add_paragraph(item, style="List Number"), section_a)

        document.add_heading("B. Supporting information", level=2)
        for entry in report.supporting:
            document.add_heading(entry.heading, level=3)
            self.add_markdown(entry.response, paragraph_number=entry.number)
            document.add_paragraph(entry.status_sentence)

        if report.abbreviations:
            document.add_heading("Abbreviations:", level=2)
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

    def set_up_pages(self):
        """A4 with 2.5 cm margins; the meeting in the header, "Page X of Y" in the footer."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Mm

        report = self.report
        for section in self.document.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
            for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
                setattr(section, side, Cm(2.5))
            section.header.paragraphs[0].text = report.running_header
            footer = section.footer.paragraphs[0]
            footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
            footer.add_run("Page ")
            add_field(footer, "PAGE")
            footer.add_run(" of ")
            add_field(footer, "NUMPAGES")

    def new_list(self, style_name: str, start: int) -> int:
        """A w:num of the list style's numbering for one list, restarting at `start`."""
        numbering = self.document.part.numbering_part.element
        style_num_id = self.document.styles[style_name].element.pPr.numPr.numId.val
        return restarting_num(
            numbering, numbering.num_having_numId(style_num_id).abstractNumId.val, start
        )

    def number_as_paragraph(self, paragraph, number: int):
        """Section B's paragraph number, by Word: one w:num per run of consecutive numbers."""
        if self.paragraph_numbers is None:
            self.paragraph_numbers = ParagraphNumbers(self.document.part.numbering_part.element)
        number_paragraph(paragraph, self.paragraph_numbers.num_for(number))

    # Markdown, rendered to the sanitised HTML the page shows, then walked into Word.

    def add_markdown(self, text: str, paragraph_number: int | None = None):
        blocks = [
            block
            for block in lxml.html.fragments_fromstring(str(render_markdown(text)))
            if not isinstance(block, str) or block.strip()
        ]
        if paragraph_number is not None and (
            not blocks or not isinstance(blocks[0], str) and blocks[0].tag in ("ul", "ol", "table")
        ):
            # A response opening with a list or table has its number on a line of its own.
            self.number_as_paragraph(self.document.add_paragraph(), paragraph_number)
            paragraph_number = None
        for block in blocks:
            if isinstance(block, str):
                paragraph = self.document.add_paragraph(block.strip())
            else:
                paragraph = self.add_block(block)
            if paragraph is not None and paragraph_number is not None:
                self.number_as_paragraph(paragraph, paragraph_number)
                paragraph_number = None
        if paragraph_number is not None:
            self.number_as_paragraph(self.document.add_paragraph(), paragraph_number)

    def add_block(self, element):
        """The element as Word paragraphs; returns the paragraph if it is one."""
        tag = element.tag
        if tag in ("ul", "ol"):
            self.add_list(element, level=0)
        elif tag == "table":
            self.add_html_table(element)
        elif tag in ("h2", "h3", "h4", "h5", "h6"):
            return self.document.add_heading(element.text_content(), level=4)
        elif tag != "hr":
            style = "Quote" if tag == "blockquote" else None
            paragraph = self.document.add_paragraph(style=style)
            self.add_inline(paragraph, element)
            return paragraph
        return None

    def add_list(self, element, level: int):
        numbered = element.tag == "ol"
        depth = min(level, 2)
        suffix = "" if depth == 0 else f" {depth + 1}"
        style = ("List Number" if numbered else "List Bullet") + suffix
        continue_style = "List Continue" + suffix
        num_id = self.new_list(style, start=int(element.get("start", 1))) if numbered else None
        for item in element.findall("li"):
            paragraph = self.document.add_paragraph(style=style)
            if num_id is not None:
                number_paragraph(paragraph, num_id)
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


def add_field(paragraph, instruction: str):
    """A field Word and LibreOffice work out as they lay the page out (PAGE, NUMPAGES)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    shown = OxmlElement("w:t")
    shown.text = "1"  # what a reader that does not work fields out shows
    run.append(shown)
    field.append(run)
    paragraph._p.append(field)


def restarting_num(numbering, abstract_id: int, start: int) -> int:
    """A new w:num that starts its list at `start`, so no earlier list runs on into it."""
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def number_paragraph(paragraph, num_id: int):
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


class ParagraphNumbers:
    """Section B's numbering: its own abstractNum, one w:num per run of consecutive numbers.

    A later report covers only some recommendations (2, 8, 9, 10, ...); each
    gap restarts the numbering at the recommendation's own number.
    """

    def __init__(self, numbering):
        from docx.oxml import parse_xml

        self.numbering = numbering
        ids = [
            int(a.get(qn_w("abstractNumId"))) for a in numbering.iterchildren(qn_w("abstractNum"))
        ]
        self.abstract_id = max(ids, default=-1) + 1
        abstract = parse_xml(PARAGRAPH_NUMBERS.format(id=self.abstract_id))
        first_num = numbering.find(qn_w("num"))
        # The schema puts every abstractNum before the first num.
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        self.num_id: int | None = None
        self.last: int | None = None

    def num_for(self, number: int) -> int:
        if self.num_id is None or self.last is None or number != self.last + 1:
            self.num_id = restarting_num(self.numbering, self.abstract_id, number)
        self.last = number
        return self.num_id


def qn_w(name: str) -> str:
    return f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{name}"


def append_decisions_to_docx(paper: bytes, decisions: MembersDecisions) -> bytes:
    """The stored Word paper with a "Members' decisions" part added at its end."""
    import docx

    document = docx.Document(io.BytesIO(paper))
    decisions = xml_safe_copy(decisions)
    document.add_heading("Members' decisions", level=2)
    document.add_paragraph(decisions.introduction)
    table = document.add_table(rows=1, cols=len(DECISION_TABLE_HEADINGS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, DECISION_TABLE_HEADINGS, strict=True):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
    for entry in decisions.entries:
        for cell, text in zip(table.add_row().cells, entry.cells, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
