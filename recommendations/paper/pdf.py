"""The meeting report, and members' decisions on it, as PDF: laid out by Typst.

The report's parts go to a Typst template (templates/recommendations/paper/typst)
as JSON, its narrative as a tree of blocks and inline nodes walked from the
sanitised HTML that the page shows. Every word is a string in the data, never
Typst markup, so stored text cannot change the layout or run anything.

The PDF is PDF/UA-1: tagged with its headings, lists and tables for screen
readers, with its title and language; Typst refuses to write one that breaks
the standard's rules (a heading level skipped, say), so the template keeps them.

Typst rather than an HTML renderer: a 2,000-recommendation report takes about
2 s of CPU rather than 40 (docs/performance.md).
"""

import json
import re
from functools import cache
from pathlib import Path

import lxml.html
from django.conf import settings

from ..text import render_markdown, xml_safe_copy
from .content import DECISION_TABLE_HEADINGS, DRAFT, MeetingReport, MembersDecisions
from .fonts import CODE_FONTS, TEXT_FONTS, printable, printable_copy, typst_fonts

INLINE_TAGS = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "sup": "sup", "sub": "sub"}
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = {"p", "ul", "ol", "blockquote", "table", "pre", "hr"} | HEADINGS
# Nodes inside each other in the data; deeper markup is kept as its words. Typst
# walks the tree by recursion, which it bounds (80 calls), and no paper nests past ten.
MAX_NODE_DEPTH = 24
WHITESPACE = re.compile(r"\s+")
LEFT_OUT: dict = {}  # a block with nothing to print


@cache
def template_folder() -> Path:
    return Path(settings.BASE_DIR) / "templates" / "recommendations" / "paper" / "typst"


def compile_pdf(template: str, data: dict) -> bytes:
    import typst  # loaded by the processes that make PDFs only

    folder = template_folder()
    data = printable_copy(xml_safe_copy(data)) | {
        "fonts": {"text": list(TEXT_FONTS), "code": list(CODE_FONTS)}
    }
    return typst.compile(
        str(folder / template),
        root=str(folder),
        sys_inputs={"paper": json.dumps(data)},
        pdf_standards=["ua-1"],
        **typst_fonts(),
    )


def export_pdf(report: MeetingReport) -> bytes:
    return compile_pdf("report.typ", report_data(report))


def decisions_pdf(decisions: MembersDecisions) -> bytes:
    data = {
        "title": f"Members' decisions, {decisions.date_text}",
        "introduction": decisions.introduction,
        "headings": DECISION_TABLE_HEADINGS,
        "entries": [entry.cells for entry in decisions.entries],
    }
    return compile_pdf("decisions.typ", data)


def report_data(report: MeetingReport) -> dict:
    """The report's parts in the order the paper prints them, as the template reads them."""
    meta = [
        ("Committee", report.committee),
        ("Report", str(report.number)),
        ("Date", report.date_text),
        ("By", report.by),
        ("Report author(s)", report.author),
    ]
    return {
        "title": report.document_title,
        "header": report.running_header,
        # PDF/UA allows no empty heading: the model requires a title, but a blank one still prints.
        "heading": report.title.strip() or f"Report {report.number}",
        "draft": None if report.is_published else DRAFT,
        "meta": [[key, value] for key, value in meta if value],
        "standfirst": report.standfirst,
        "summary": markdown_blocks(report.summary) if report.summary else None,
        "recommendations": report.recommendations,
        "supporting": [
            {
                "heading": entry.heading,
                "number": entry.number,
                "response": markdown_blocks(entry.response),
                "status_sentence": entry.status_sentence,
            }
            for entry in report.supporting
        ],
        "abbreviations": [[term, meaning] for term, meaning in report.abbreviations],
        "sections": [
            {"title": section.title, "body": markdown_blocks(section.body)}
            for section in report.sections
        ],
    }


def markdown_blocks(text: str) -> list:
    """Stored Markdown as the template's block nodes, from the HTML the page shows."""
    html = str(render_markdown(text)).strip()
    if not html:
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return block_nodes(root, depth=0)


def block_nodes(element, depth: int) -> list:
    """The blocks inside `element`; words outside any block become a paragraph of their own."""
    nodes: list = []
    loose: list = words(element.text)
    for child in element:
        node = block_node(child, depth) if child.tag not in INLINE_TAGS else None
        if node is None:
            loose += inline_nodes(child, depth + 1) + words(child.tail)
            continue
        if has_words(loose):
            nodes.append({"t": "p", "c": loose})
        if node is not LEFT_OUT:
            nodes.append(node)
        loose = words(child.tail)
    if has_words(loose):
        nodes.append({"t": "p", "c": loose})
    return nodes


def block_node(element, depth: int) -> dict | None:
    """One block element as a node; None for an inline one (a, br, code, abbr)."""
    tag = element.tag
    if depth >= MAX_NODE_DEPTH and tag in BLOCK_TAGS:
        return {"t": "p", "c": words(element.text_content())}
    if tag == "p":
        return {"t": "p", "c": inline_nodes(element, depth + 1)}
    if tag in HEADINGS:
        # PDF/UA allows no heading without words ("## <br>"): such a heading is left out.
        title = inline_nodes(element, depth + 1)
        return {"t": "h", "c": title} if has_words(title) else LEFT_OUT
    if tag in ("ul", "ol"):
        items = [block_nodes(item, depth + 2) for item in element.iterchildren("li")]
        node = {"t": tag, "items": items}
        if tag == "ol":
            node["start"] = int(element.get("start") or 1)
        return node
    if tag == "blockquote":
        return {"t": "quote", "c": block_nodes(element, depth + 1)}
    if tag == "table":
        return table_node(element)
    if tag == "pre":
        return {"t": "pre", "text": element.text_content()}
    if tag == "hr":
        return {"t": "hr"}
    return None


def table_node(element) -> dict:
    """A Markdown table: its header row, its body rows cut or padded to as many cells."""
    rows = [[cell for cell in row if cell.tag in ("th", "td")] for row in element.iter("tr")]
    rows = [row for row in rows if row]
    header = rows.pop(0) if rows and all(cell.tag == "th" for cell in rows[0]) else []
    columns = max((len(row) for row in [header, *rows]), default=1) or 1
    caption = element.find("caption")

    def cells(row):
        return [words(cell.text_content()) for cell in row] + [[]] * (columns - len(row))

    return {
        "t": "table",
        "columns": columns,
        "header": cells(header) if header else [],
        "rows": [cells(row[:columns]) for row in rows],
        "caption": words(caption.text_content()) if caption is not None else None,
    }


def inline_nodes(element, depth: int) -> list:
    """The words and inline markup inside `element`, as the template's inline nodes."""
    if depth >= MAX_NODE_DEPTH:
        return words(element.text_content())
    nodes: list = words(element.text)
    for child in element:
        tag = child.tag
        if tag == "br":
            nodes.append({"t": "br"})
        elif tag == "code":
            nodes.append({"t": "code", "text": child.text_content()})
        elif tag in INLINE_TAGS:
            nodes.append({"t": INLINE_TAGS[tag], "c": inline_nodes(child, depth + 1)})
        elif tag == "a" and child.get("href"):
            nodes.append({"t": "a", "href": child.get("href"), "c": inline_nodes(child, depth + 1)})
        else:  # an <abbr>, a link without a target, or a block inside a paragraph
            nodes += inline_nodes(child, depth + 1)
        nodes += words(child.tail)
    return nodes


def words(text: str | None) -> list:
    """Text as HTML shows it: each run of white space one space (a newline in Typst breaks)."""
    return [WHITESPACE.sub(" ", text)] if text else []


def has_words(nodes: list) -> bool:
    """Whether any printable character but a space is in the nodes, at any depth."""
    return any(
        printable(node).strip()
        if isinstance(node, str)
        else printable(node.get("text", ""), code=True).strip() or has_words(node.get("c", []))
        for node in nodes
    )
