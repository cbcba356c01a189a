"""The Word file as a word processor lays it out: its pages, header, footer and numbering.

Read from the file's own XML (document.xml, header, footer and numbering.xml in the
.docx zip), since python-docx does not work out the numbers a paragraph shows.
"""

import io
import zipfile
from dataclasses import dataclass
from itertools import pairwise

import lxml.etree
import pytest

from recommendations.models import Report
from recommendations.paper.content import REPORT_RELATED, build_report
from recommendations.paper.exports import export
from recommendations.text import Glossary
from tests.factories import SEED_SECTION_A, start_report_5

pytestmark = pytest.mark.django_db

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def attr(element, name: str) -> str:
    return element.get(f"{{{W}}}{name}")


class WordFile:
    """The parts of a .docx that say how its pages and numbers come out."""

    def __init__(self, content: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(content))
        self.document = self.part("word/document.xml")
        self.numbering = self.part("word/numbering.xml")

    def part(self, name: str):
        return lxml.etree.fromstring(self.zip.read(name))

    def parts_named(self, prefix: str):
        return [self.part(name) for name in self.zip.namelist() if name.startswith(prefix)]

    def body_paragraphs(self):
        return self.document.findall("w:body/w:p", NS)

    def num(self, num_id: str):
        return self.numbering.find(f"w:num[@w:numId='{num_id}']", NS)

    def level(self, num_id: str, ilvl: str = "0"):
        abstract_id = self.abstract_id(num_id)
        abstract = self.numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
        return abstract.find(f"w:lvl[@w:ilvl='{ilvl}']", NS)

    def start_override(self, num_id: str) -> int | None:
        override = self.num(num_id).find("w:lvlOverride[@w:ilvl='0']/w:startOverride", NS)
        return None if override is None else int(attr(override, "val"))

    def abstract_id(self, num_id: str) -> str:
        return attr(self.num(num_id).find("w:abstractNumId", NS), "val")

    def numbered_paragraphs(self):
        """Each paragraph numbered 1., 2., ... in the body, in order.

        Counted per w:num, as LibreOffice counts; Word counts the same when every
        w:num restarts with a startOverride and no two lists of one abstractNum
        interleave (the tests below check both).
        """
        counters: dict[str, int] = {}
        numbered = []
        part = ""
        for index, paragraph in enumerate(self.body_paragraphs()):
            style = paragraph.find("w:pPr/w:pStyle", NS)
            if style is not None and attr(style, "val") == "Heading2":
                part = text_of(paragraph)
            num_id = paragraph.find("w:pPr/w:numPr/w:numId", NS)
            if num_id is None:
                continue
            num_id = attr(num_id, "val")
            if attr(self.level(num_id).find("w:numFmt", NS), "val") != "decimal":
                continue
            start = self.start_override(num_id) or 1
            counters[num_id] = counters.get(num_id, start - 1) + 1
            numbered.append(Numbered(index, part, num_id, counters[num_id], text_of(paragraph)))
        return numbered


@dataclass(frozen=True)
class Numbered:
    index: int  # among the body's paragraphs
    part: str  # the Heading 2 it is under
    num_id: str
    number: int  # as shown
    text: str


def text_of(element) -> str:
    return "".join(element.itertext())


@pytest.fixture
def word(seed):
    report = Report.objects.select_related(*REPORT_RELATED).get()
    glossary = Glossary.load()
    return WordFile(export(build_report(report, glossary), "docx", glossary).content)


def test_every_page_is_a4_with_margins(word):
    sections = word.document.findall(".//w:sectPr", NS)
    assert sections
    for section in sections:
        size = section.find("w:pgSz", NS)
        # Twentieths of a point: 210 x 297 mm is 11906 x 16838.
        assert (int(attr(size, "w")), int(attr(size, "h"))) == (11906, 16838)
        margins = section.find("w:pgMar", NS)
        assert {int(attr(margins, side)) for side in ("top", "bottom", "left", "right")} == {1417}
        assert section.find("w:headerReference", NS) is not None
        assert section.find("w:footerReference", NS) is not None


def test_the_header_names_the_committee_the_meeting_date_and_the_item(word):
    (header,) = word.parts_named("word/header")
    assert text_of(header) == "Co-ordination and Policing Committee, 06 March 2008, Report 4"


def test_a_draft_says_so_in_its_header_and_above_its_title(seed):
    draft = start_report_5()
    report = Report.objects.select_related(*REPORT_RELATED).get(pk=draft.pk)
    glossary = Glossary.load()
    file = WordFile(export(build_report(report, glossary), "docx", glossary).content)
    (header,) = file.parts_named("word/header")
    assert text_of(header) == (
        "Co-ordination and Policing Committee, 05 June 2008, Report 5 (draft: not yet published)"
    )
    assert text_of(file.body_paragraphs()[0]) == "Draft: not yet published"


def test_a_published_report_is_not_marked_draft(word):
    assert "raft" not in text_of(word.body_paragraphs()[0])


def test_the_footer_numbers_the_pages_with_fields(word):
    (footer,) = word.parts_named("word/footer")
    fields = [attr(field, "instr").split()[0] for field in footer.iter(f"{{{W}}}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]
    assert text_of(footer).startswith("Page ") and " of " in text_of(footer)


def test_section_b_is_numbered_1_to_24_by_word_not_by_typed_text(word):
    numbered = [p for p in word.numbered_paragraphs() if p.part == "B. Supporting information"]
    paragraphs = [p for p in numbered if p.num_id == numbered[0].num_id]
    assert [p.number for p in paragraphs] == list(range(1, 25))
    assert paragraphs[0].text.startswith("Correspondence has been exchanged between the MPS")
    assert paragraphs[23].text.startswith("A multi faceted approach")
    assert not any(p.text.startswith(f"{p.number}.") for p in paragraphs)


def test_each_numbered_list_numbers_as_printed(word):
    numbered = word.numbered_paragraphs()
    section_a = [p for p in numbered if p.part == "A. Recommendations"]
    assert [(p.number, p.text) for p in section_a] == list(
        zip(range(1, 6), SEED_SECTION_A, strict=True)
    )
    assert len({p.num_id for p in section_a}) == 1
    borough = next(p for p in numbered if p.text.startswith("A typically busy Borough"))
    assert borough.number == 5


def test_each_list_has_its_own_num_that_restarts(word):
    """Word continues a list into a later w:num of the same abstractNum unless it restarts."""
    spans: dict[str, list[int]] = {}
    for paragraph in word.numbered_paragraphs():
        spans.setdefault(paragraph.num_id, []).append(paragraph.index)
    assert len(spans) > 2
    by_abstract: dict[str, list[tuple[int, int]]] = {}
    for num_id, indexes in spans.items():
        assert word.start_override(num_id) is not None
        by_abstract.setdefault(word.abstract_id(num_id), []).append((indexes[0], indexes[-1]))
    for lists in by_abstract.values():
        lists.sort()
        for (_, last), (first, _) in pairwise(lists):
            assert last < first  # lists of one abstractNum never interleave


def test_no_list_paragraph_takes_its_number_from_its_style(word):
    """A list style's own w:num would continue from list to list in Word, not in LibreOffice."""
    for paragraph in word.body_paragraphs():
        style = paragraph.find("w:pPr/w:pStyle", NS)
        if style is not None and attr(style, "val").startswith("ListNumber"):
            assert paragraph.find("w:pPr/w:numPr/w:numId", NS) is not None, text_of(paragraph)
