"""The PDF's data: the report's parts, and its Markdown as the template's nodes."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from recommendations.paper.content import DecisionEntry, MembersDecisions
from recommendations.paper.pdf import (
    MAX_NODE_DEPTH,
    compile_pdf,
    decisions_pdf,
    markdown_blocks,
)
from tests.recommendations.paper.test_exports import collapse, pdf_text


def paragraph(*nodes):
    return {"t": "p", "c": list(nodes)}


class TestMarkdownBlocks:
    def test_paragraphs_with_their_emphasis_and_links(self):
        text = "One *two* **three** [four](https://example.org).\n\nFive  \nsix"
        assert markdown_blocks(text) == [
            paragraph(
                "One ",
                {"t": "em", "c": ["two"]},
                " ",
                {"t": "strong", "c": ["three"]},
                " ",
                {"t": "a", "href": "https://example.org", "c": ["four"]},
                ".",
            ),
            paragraph("Five", {"t": "br"}, " six"),
        ]

    def test_a_soft_line_break_is_a_space(self):
        # A newline inside a Typst string would break the line.
        assert markdown_blocks("one\ntwo") == [paragraph("one two")]

    def test_lists_keep_their_items_nesting_and_first_number(self):
        text = "- a\n- b\n    - c\n\n5. five\n6. six"
        assert markdown_blocks(text) == [
            {
                "t": "ul",
                "items": [
                    [paragraph("a")],
                    [paragraph("b"), {"t": "ul", "items": [[paragraph("c")]]}],
                ],
            },
            {"t": "ol", "start": 5, "items": [[paragraph("five")], [paragraph("six")]]},
        ]

    def test_a_table_has_its_header_and_rows_padded_to_its_columns(self):
        text = "| Crime | Amount |\n|:--|--:|\n| Drugs supply | £133,565 |\n| Totals |"
        [table] = markdown_blocks(text)
        assert table == {
            "t": "table",
            "columns": 2,
            "header": [["Crime"], ["Amount"]],
            "rows": [[["Drugs supply"], ["£133,565"]], [["Totals"], []]],
            "caption": None,
        }

    def test_headings_code_quotes_and_rules(self):
        text = "## Next\n\n> quoted\n\n    code\n\n---\n\n`x = 1`"
        assert markdown_blocks(text) == [
            {"t": "h", "c": ["Next"]},
            {"t": "quote", "c": [paragraph("quoted")]},
            {"t": "pre", "text": "code\n"},
            {"t": "hr"},
            paragraph({"t": "code", "text": "x = 1"}),
        ]

    def test_nesting_past_the_bound_is_kept_as_its_words(self):
        text = "<em>" * 1000 + "Deeply emphatic." + "</em>" * 1000
        [node] = markdown_blocks(text)
        depth = 0
        while isinstance(node, dict):
            depth += 1
            node = node["c"][0]
        assert node == "Deeply emphatic."
        assert depth <= MAX_NODE_DEPTH + 1

    def test_a_heading_without_words_is_left_out(self):
        # PDF/UA refuses a heading with an empty title: Typst would not write the file.
        text = "Before\n\n## <br>\n\n<h3><em></em></h3>\n\n## \x87\n\nAfter"
        assert markdown_blocks(text) == [paragraph("Before"), paragraph("After")]
        assert markdown_blocks("## <em>Kept</em>") == [
            {"t": "h", "c": [{"t": "em", "c": ["Kept"]}]}
        ]

    def test_empty_text_has_no_blocks(self):
        assert markdown_blocks("") == []
        assert markdown_blocks("   \n") == []


def pdf_words(content: bytes, tmp_path) -> str:
    return collapse(pdf_text(content, tmp_path))


def test_members_decisions_are_a_tagged_pdf_of_their_own(tmp_path):
    decisions = MembersDecisions(
        date(2008, 3, 6),
        [
            DecisionEntry(
                2, "For members' consideration", "Further work required", "Outstanding", ""
            )
        ],
    )
    content = decisions_pdf(decisions)
    catalog = PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en-GB"
    words = pdf_words(content, tmp_path)
    assert "Members' decisions" in words
    assert "2 For members' consideration Further work required (now outstanding)" in words


def test_a_character_no_font_has_still_makes_a_pdf(tmp_path):
    # PDF/UA forbids a character its fonts cannot show; Typst refuses to write one.
    decisions = MembersDecisions(
        date(2008, 3, 6),
        [DecisionEntry(1, "Complete", "Agreed \uff11\x87", "Complete", "\U0004fe66")],
    )
    words = pdf_words(decisions_pdf(decisions), tmp_path)
    assert "Agreed \ufffd (now complete)" in words
    assert words.endswith("\ufffd")  # the minute, after the page's footer


def test_a_template_error_is_raised_not_written(settings):
    import typst

    with pytest.raises(typst.TypstError):
        compile_pdf("decisions.typ", {"title": "T"})
