"""The PDF's fonts, and its text kept to what they can print."""

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from recommendations.paper import fonts
from recommendations.paper.fonts import REPLACEMENT, character_ranges, printable, printable_copy


@pytest.fixture(autouse=True)
def fresh_coverage():
    fonts.printable_pattern.cache_clear()
    yield
    fonts.printable_pattern.cache_clear()


def test_the_papers_own_characters_print_as_typed():
    text = "Drugs supply / violent crime 12 £164,361 – ‘open drug markets’ “Drugs Crime” café é ü ß"
    assert printable(text) == text


def test_a_character_no_font_has_is_shown_as_the_replacement_character():
    assert printable("12 \uff11\uff12 and \U0004fe66") == f"12 {REPLACEMENT * 2} and {REPLACEMENT}"


def test_invisible_controls_and_format_characters_are_left_out():
    assert printable("ab\x87c\u061cd\u070fe") == "abcde"


def test_an_odd_space_is_a_space():
    assert printable("a\u1680b\u3000c") == "a b c"


def test_code_keeps_its_line_breaks_and_tabs():
    assert printable("if x:\n\treturn 1", code=True) == "if x:\n\treturn 1"


def test_code_is_held_to_the_monospaced_fonts():
    # DejaVu Sans has the letter (Ǆ) in every style, neither monospaced font does.
    assert printable("\u01c4") == "\u01c4"
    assert printable("\u01c4", code=True) == REPLACEMENT


def test_the_data_is_walked_with_code_as_code_and_link_targets_left():
    data = {
        "title": "T\x87",
        "nodes": [
            {"t": "code", "text": "\u01c4"},
            {"t": "a", "href": "https://example.org/\u01c4", "c": ["\u01c4"]},
        ],
        "number": 3,
    }
    assert printable_copy(data) == {
        "title": "T",
        "nodes": [
            {"t": "code", "text": REPLACEMENT},
            {"t": "a", "href": "https://example.org/\u01c4", "c": ["\u01c4"]},
        ],
        "number": 3,
    }


def test_ranges_are_runs_of_codepoints():
    assert character_ranges({ord("a"), ord("b"), ord("c"), ord("-"), ord("]")}) == r"\-\]a-c"


def test_missing_fonts_are_named_with_how_to_install_them(settings, tmp_path):
    settings.PDF_FONT_FOLDERS = [str(tmp_path)]
    with pytest.raises(ImproperlyConfigured, match="Liberation Sans.*fonts-liberation"):
        printable("text")


def test_typst_is_given_these_folders_only(settings):
    settings.PDF_FONT_FOLDERS = ["/fonts/a", "/fonts/b"]
    assert fonts.typst_fonts() == {
        "font_paths": ["/fonts/a", "/fonts/b"],
        "ignore_system_fonts": True,
    }


def test_the_system_check_names_missing_fonts(settings, tmp_path):
    settings.PDF_FONT_FOLDERS = [str(tmp_path)]
    [warning] = checks.run_checks()
    assert warning.id == "recommendations.W001"
    assert "Liberation Sans, DejaVu Sans, Liberation Mono, DejaVu Sans Mono" in warning.msg
    assert "fonts-liberation and fonts-dejavu-core" in warning.hint


def test_the_system_check_is_quiet_when_the_fonts_are_there():
    assert [message.id for message in checks.run_checks()] == []
