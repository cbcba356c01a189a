"""Stored narrative to safe HTML: Markdown, then the glossary's <abbr>, then sanitising.

Narrative is stored as Markdown typed by staff or imported from a spreadsheet.
It is rendered, abbreviations the glossary knows get their expansion as a
title, and nh3 strips anything that is not plain document markup, so stored
text can never inject script or styles into a page.
"""

import dataclasses
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from html import escape

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

from scrutiny.forms import xml_safe

from .limits import nesting_within_limit
from .models import Abbreviation

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text a spreadsheet shows as typed, never runs: a leading apostrophe (OWASP's advice).

    Characters XML cannot hold are dropped too: an XLSX file is XML.
    """
    if not isinstance(value, str):
        return value
    value = xml_safe(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def xml_safe_copy(value):
    """`value` with every string in it `xml_safe`: dataclasses, tuples, lists and dicts walked.

    What the Word and XLSX writers are given, so text stored before forms
    dropped such characters (or a record published then) still exports.
    """
    if isinstance(value, str):
        return xml_safe(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: xml_safe_copy(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return type(value)(*(xml_safe_copy(item) for item in value))
    if isinstance(value, list | tuple):
        return type(value)(xml_safe_copy(item) for item in value)
    if isinstance(value, dict):
        return {key: xml_safe_copy(item) for key, item in value.items()}
    return value


MARKDOWN_EXTENSIONS = ["tables", "sane_lists"]
ALLOWED_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "sup",
    "sub",
    "abbr",
    "a",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {
    "abbr": {"title"},
    "a": {"href"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
# Text inside these is left alone: already expanded, a link's words, or code.
SKIP_INSIDE = {"abbr", "a", "code", "pre"}
# A tag, or a character reference (&amp; &#39; &#x27;): never text to find terms in.
MARKUP = re.compile(r"(<[^>]+>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")


@dataclass(frozen=True)
class Glossary:
    """Finds known abbreviations in rendered text and wraps them in <abbr title>."""

    expansions: dict[str, str]

    @classmethod
    def load(cls) -> "Glossary":
        expansions: dict[str, str] = {}
        # Where one term has several expansions (the two source lists disagree
        # on DIP, say), the first in the glossary's order is shown on pages of
        # no one document; a document's own pages prefer its list (`preferring`).
        for term, expansion in Abbreviation.objects.values_list("term", "expansion"):
            expansions.setdefault(term, expansion)
        return cls(expansions)

    def preferring(self, listed: Iterable[tuple[str, str]]) -> "Glossary":
        """This glossary with a document's own list taking precedence: its words where it has them.

        A report or the strategy expands the terms it lists its own way (Report
        4's DIP is "Drugs Interventions Programme", the strategy's "Drug
        Interventions Programme"); a term it uses but does not list (the
        strategy's PSA) falls back to the glossary.
        """
        return Glossary({**self.expansions, **dict(listed)})

    @cached_property
    def pattern(self) -> re.Pattern | None:
        if not self.expansions:
            return None
        # Longest first so "AC/SC" wins over "AC"; a plural "s" still counts.
        terms = sorted(self.expansions, key=len, reverse=True)
        alternatives = "|".join(re.escape(term) for term in terms)
        return re.compile(rf"(?<![\w/])({alternatives})(?=s?(?![\w/]))")

    def expand(self, html: str) -> str:
        """`html` with each term in its text wrapped in <abbr>; tags and references untouched.

        Only text nodes are matched: a term such as "amp" or "lt" never inside
        "&amp;" or "&lt;", a term spelt like an attribute never inside a tag.
        """
        pattern = self.pattern
        if pattern is None:
            return html
        pieces, skipping = [], 0
        # Split with one group: text at even places, a tag or a reference at odd ones.
        for place, piece in enumerate(MARKUP.split(html)):
            if place % 2 and piece.startswith("<"):
                name = piece.strip("</>").split()[0].lower() if piece.strip("</>") else ""
                if name in SKIP_INSIDE:
                    skipping += -1 if piece.startswith("</") else 1
                pieces.append(piece)
            elif place % 2 or skipping:
                pieces.append(piece)
            else:
                pieces.append(pattern.sub(self._abbr, piece))
        return "".join(pieces)

    def _abbr(self, match: re.Match) -> str:
        term = match.group(1)
        return f'<abbr title="{escape(self.expansions[term])}">{term}</abbr>'

    def used_in(self, *texts: str) -> list[tuple[str, str]]:
        """The (term, expansion) pairs that appear in the texts, in term order."""
        pattern = self.pattern
        if pattern is None:
            return []
        found = {match for text in texts for match in pattern.findall(text or "")}
        return sorted(((term, self.expansions[term]) for term in found), key=lambda p: p[0].lower())


EMPTY_GLOSSARY = Glossary({})

# Links nest no deeper than this ([a [b] c](url)); an image inside a link is two.
MAX_BRACKET_DEPTH = 4
BRACKET_OR_ESCAPE = re.compile(r"\\.|[\[\]()]", re.S)


def brackets_defused(text: str) -> str:
    """`text` with each bracket that cannot be part of a link escaped, in one pass.

    Python-Markdown looks for a link's closing "]" (and its "(...)") from every
    "[", to the end of the text when there is none: a run of 8,000 "[" took
    seconds, 20,000 minutes. A "[" never closed, one nested past
    MAX_BRACKET_DEPTH, or a "(" after "]" never closed cannot make a link, so
    escaping it ("\\[") shows the same character and leaves every scan short.
    """
    escaped: list[int] = []
    open_brackets: list[int] = []
    open_parens: list[tuple[int, bool]] = []  # position, and whether it follows "]"
    for token in BRACKET_OR_ESCAPE.finditer(text):
        char, at = token[0], token.start()
        if char == "[":
            if len(open_brackets) < MAX_BRACKET_DEPTH:
                open_brackets.append(at)
            else:
                escaped.append(at)
        elif char == "]" and open_brackets:
            open_brackets.pop()
        elif char == "(":
            after_link_text = at > 0 and text[at - 1] == "]"
            if after_link_text and len(open_parens) >= MAX_BRACKET_DEPTH:
                escaped.append(at)
            else:
                open_parens.append((at, after_link_text))
        elif char == ")" and open_parens:
            open_parens.pop()
    escaped += open_brackets
    escaped += [at for at, after_link_text in open_parens if after_link_text]
    if not escaped:
        return text
    pieces, start = [], 0
    for at in sorted(escaped):
        pieces += [text[start:at], "\\"]
        start = at
    pieces.append(text[start:])
    return "".join(pieces)


def markdown_source(text: str) -> str:
    """Stored Markdown as it is rendered: nesting and brackets bounded, so time stays linear."""
    return brackets_defused(nesting_within_limit(text or ""))


# Elements inside each other in rendered text: ten levels of lists with their
# paragraphs and emphasis come to about 35. Deeper is typed markup (<em> a
# thousand times, or a run of "*"), which the PDF's layout and the Word writer
# walk by recursion.
MAX_ELEMENT_DEPTH = 50
# A tag as nh3 writes it: attribute values double-quoted, "<" in text escaped.
TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"]|"[^"]*")*>')
VOID_ELEMENTS = {"br", "hr", "img", "wbr"}


def depth_bounded(html: str) -> str:
    """Sanitised `html` with every element nested past MAX_ELEMENT_DEPTH unwrapped.

    Its words stay, in the element around it. One pass; nh3's output is balanced.
    """
    if html.count("<") <= MAX_ELEMENT_DEPTH:
        return html
    pieces, start, depth = [], 0, 0
    for tag in TAG.finditer(html):
        closing, name = tag[1], tag[2].lower()
        if name in VOID_ELEMENTS:
            continue
        depth += -1 if closing else 1
        if depth + (1 if closing else 0) > MAX_ELEMENT_DEPTH:
            pieces.append(html[start : tag.start()])
            start = tag.end()
    pieces.append(html[start:])
    return "".join(pieces)


_converters = threading.local()


def markdown_converter() -> markdown.Markdown:
    """This thread's Markdown converter, reset for a new text.

    Making a converter loads its extensions and builds every processor again,
    which took as long as converting a short response: a 2,000-recommendation
    report made 2,000. One is kept per thread (a converter holds the text it is
    converting, so threads cannot share one) and reset before each text, which
    forgets the last text's link references and stashed HTML.
    """
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
    return converter.reset()


def render_markdown(text: str, glossary: Glossary = EMPTY_GLOSSARY) -> SafeString:
    html = markdown_converter().convert(markdown_source(text))
    html = glossary.expand(html)
    return mark_safe(
        depth_bounded(
            nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener")
        )
    )


def expand_abbreviations(text: str, glossary: Glossary) -> SafeString:
    """Plain text (a recommendation's wording, say) escaped, with <abbr> added."""
    return mark_safe(glossary.expand(escape(text or "")))
