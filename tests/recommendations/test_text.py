import threading

import lxml.html
import pytest
from django.template import Context, Template

from recommendations.models import Abbreviation
from recommendations.text import (
    BRACKET_OR_ESCAPE,
    MAX_BRACKET_DEPTH,
    MAX_ELEMENT_DEPTH,
    Glossary,
    expand_abbreviations,
    markdown_converter,
    markdown_source,
    render_markdown,
    spreadsheet_safe,
)

GLOSSARY = Glossary(
    {
        "MPS": "Metropolitan Police Service",
        "AC": "Assistant Commissioner",
        "AC/SC": "Assistant Commissioner Specialist Crime",
        "PPO": "Prolific and Priority Offender",
    }
)


def test_it_renders_markdown_lists_and_tables():
    html = render_markdown("Intro\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<ul>" in html and "<li>one</li>" in html
    assert "<table>" in html and "<td>1</td>" in html


def test_it_keeps_the_start_of_a_numbered_paragraph():
    assert '<ol start="5">' in render_markdown("5. A typically busy Borough")


def test_it_expands_known_abbreviations_with_a_title():
    html = render_markdown("The MPS and PPOs.", GLOSSARY)
    assert '<abbr title="Metropolitan Police Service">MPS</abbr>' in html
    assert '<abbr title="Prolific and Priority Offender">PPO</abbr>s' in html


def test_it_prefers_the_longest_term_and_respects_word_edges():
    html = render_markdown("AC/SC met the AC. MPSX and XMPS are not terms.", GLOSSARY)
    assert '<abbr title="Assistant Commissioner Specialist Crime">AC/SC</abbr>' in html
    assert '<abbr title="Assistant Commissioner">AC</abbr>.' in html
    assert "MPSX" in html and "XMPS" in html
    assert html.count("<abbr") == 2


ENTITY_NAMES = Glossary({"amp": "Ampere", "lt": "Lieutenant", "quot": "Quotient", "x27": "X"})


@pytest.mark.parametrize("render", [render_markdown, expand_abbreviations])
def test_terms_never_match_inside_character_references(render):
    """A term like "amp" must not garble "&amp;": only the words a reader sees are matched."""
    html = render('Tom & Jerry <3 "quoted" it\'s 5 amp', ENTITY_NAMES)
    assert "&amp;" in html and "&lt;3" in html
    assert "<abbr" not in html.replace('<abbr title="Ampere">amp</abbr>', "")
    assert html.count("<abbr") == 1


def test_terms_never_match_inside_tags():
    glossary = Glossary({"href": "Link", "title": "Title", "abbr": "Abbreviation"})
    html = render_markdown("[a link](http://example.org/href)", glossary)
    assert html == '<p><a href="http://example.org/href" rel="noopener">a link</a></p>'


def test_each_text_is_converted_afresh_by_the_one_converter():
    """The converter is reused, yet one text's link references never reach the next."""
    first = render_markdown("[site][ref]\n\n[ref]: http://example.org/one")
    second = render_markdown("[site][ref]")
    assert '<a href="http://example.org/one"' in first
    assert second == "<p>[site][ref]</p>"
    assert markdown_converter() is markdown_converter()


def test_each_thread_has_its_own_converter():
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(markdown_converter()))
    thread.start()
    thread.join()
    assert theirs[0] is not markdown_converter()


def test_it_leaves_links_alone():
    html = render_markdown("[MPS site](http://example.org)", GLOSSARY)
    assert "<abbr" not in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
        "<style>body{display:none}</style>",
        '<p style="color:red">x</p>',
        '<iframe src="http://example.org"></iframe>',
    ],
)
def test_stored_text_cannot_inject_markup(hostile):
    html = render_markdown(hostile, GLOSSARY).lower()
    for forbidden in (
        "<script",
        "onerror",
        "javascript:",
        "onclick",
        "<style",
        "style=",
        "<iframe",
        "<img",
    ):
        assert forbidden not in html


def test_an_expansion_cannot_inject_markup():
    glossary = Glossary({"MPS": '"><script>alert(1)</script>'})
    html = render_markdown("MPS", glossary)
    assert "<script" not in html


@pytest.mark.django_db
def test_template_tags_load_the_glossary_once_per_page(django_assert_num_queries):
    Abbreviation.objects.create(term="MPS", expansion="Metropolitan Police Service")
    template = Template("{% load tracker %}{% markdown a %}{% abbreviate b %}{% markdown c %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"a": "MPS one", "b": "MPS & two", "c": "three"}))
    assert html.count('<abbr title="Metropolitan Police Service">') == 2
    assert "&amp; two" in html


def test_used_in_lists_the_terms_a_text_uses():
    assert GLOSSARY.used_in("The MPS and the AC.") == [
        ("AC", "Assistant Commissioner"),
        ("MPS", "Metropolitan Police Service"),
    ]


@pytest.mark.parametrize("typed", ["=SUM(A1:A9)", "+1", "-2", "@cmd", "\tx", "\rx"])
def test_spreadsheet_safe_puts_an_apostrophe_before_what_a_spreadsheet_would_run(typed):
    assert spreadsheet_safe(typed) == "'" + typed


@pytest.mark.parametrize("value", ["Complete", "within 3-6 months", "", 24, None])
def test_spreadsheet_safe_leaves_other_values_alone(value):
    assert spreadsheet_safe(value) == value


BRACKET_RUNS = [
    "[" * 8000,
    "![" * 4000,
    "[a](" * 5000,
    "[" * 8000 + "]" * 8000,
    "[" * 20000,
    "[x" * 10000,
]


@pytest.mark.parametrize("text", BRACKET_RUNS)
def test_runs_of_brackets_show_every_character(text):
    html = render_markdown(text)
    assert lxml.html.fromstring(html).text_content() == text


@pytest.mark.parametrize("text", BRACKET_RUNS)
def test_runs_of_brackets_leave_only_closed_shallow_links_for_markdown_to_scan(text):
    """Python-Markdown scans from each "[" for its "]": 8,000 of them once took 10 s.

    What keeps rendering linear is that every bracket left unescaped is closed and
    nested at most MAX_BRACKET_DEPTH deep; `python -m bench.markdown` prints the times.
    """
    depth = deepest = 0
    unclosed_parens = 0
    source = markdown_source(text)
    for token in BRACKET_OR_ESCAPE.finditer(source):
        char = token[0]
        if char == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "]":
            depth = max(depth - 1, 0)
        elif char == "(" and source[token.start() - 1] == "]":
            unclosed_parens += 1
        elif char == ")" and unclosed_parens:
            unclosed_parens -= 1
    assert depth == 0
    assert deepest <= MAX_BRACKET_DEPTH
    assert unclosed_parens == 0


@pytest.mark.parametrize(
    "text, html",
    [
        ("[a [b] c](http://x.org/(y))", '<a href="http://x.org/(y)" rel="noopener">a [b] c</a>'),
        ("[a](b) [c] (d) [e", '<a href="b" rel="noopener">a</a> [c] (d) [e'),
        ("\\[not a link](x)", "[not a link](x)"),
    ],
)
def test_links_still_work_among_defused_brackets(text, html):
    assert render_markdown(text) == f"<p>{html}</p>"


def test_a_list_nested_247_deep_renders_within_the_nesting_limit():
    nested = "".join("    " * level + f"- level {level}\n" for level in range(247))

    def deep_in_the_stack(frames):  # a page renders Markdown a few hundred frames down
        return deep_in_the_stack(frames - 1) if frames else render_markdown(nested)

    html = deep_in_the_stack(300)
    assert "level 246" in html
    assert html.count("<ul>") == 11


@pytest.mark.parametrize(
    "text",
    [
        "<em>" * 1000 + "deep" + "</em>" * 1000,
        "*" * 3000 + "deep" + "*" * 3000,
        "<ul><li>" * 400 + "deep" + "</li></ul>" * 400,
    ],
)
def test_markup_nested_past_reason_is_flattened_keeping_its_words(text):
    html = render_markdown(text)
    assert "deep" in html
    assert element_depth(html) <= MAX_ELEMENT_DEPTH


def test_markup_within_the_depth_is_kept_as_written():
    text = "<em>" * 5 + "kept" + "</em>" * 5
    assert render_markdown(text) == "<p>" + "<em>" * 5 + "kept" + "</em>" * 5 + "</p>"


def element_depth(html: str) -> int:
    """How many elements deep the rendered HTML nests, its top elements being 1."""
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    return max(sum(1 for _ in element.iterancestors()) for element in tree.iter())
