"""The fonts the PDF is set in, and the characters they can print.

Stored text can hold any character (a pasted symbol, a fullwidth digit, a
control character from another system), but a PDF/UA file may show none that
its fonts lack: Typst refuses to write it. So the PDF's text is made
printable first: a character no font of the paper has becomes U+FFFD ("�",
where it could not be printed), an invisible control or format character
is left out, and an odd space is a space. The page and the other files keep
the text as stored.

The fonts are the files in settings.PDF_FONT_FOLDERS (Debian's fonts-liberation
and fonts-dejavu-core), and only those: the same paper on every server.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# Each family in the order Typst tries it for a character, with its files.
TEXT_FONTS = {
    "Liberation Sans": ["LiberationSans-*.ttf"],
    "DejaVu Sans": [
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
    ],
}
CODE_FONTS = {
    "Liberation Mono": ["LiberationMono-*.ttf"],
    "DejaVu Sans Mono": ["DejaVuSansMono*.ttf"],
}
# Kept whatever the fonts say: code keeps its line breaks and tabs.
LAYOUT_CHARACTERS = {ord("\n"), ord("\t"), ord(" ")}
INVISIBLE = {"Cc", "Cf"}
SPACES = {"Zs", "Zl", "Zp"}
REPLACEMENT = "\ufffd"


def font_folders() -> list[str]:
    return [str(folder) for folder in settings.PDF_FONT_FOLDERS]


def family_files(patterns: list[str]) -> list[Path]:
    return sorted(
        {
            path
            for folder in font_folders()
            for pattern in patterns
            for path in Path(folder).glob(pattern)
        }
    )


@cache
def printable_pattern(code: bool) -> re.Pattern:
    """Any character outside every family's fonts (in all of a family's styles)."""
    from fontTools.ttLib import TTFont

    covered = set(LAYOUT_CHARACTERS)
    for family, patterns in (CODE_FONTS if code else TEXT_FONTS).items():
        files = family_files(patterns)
        if not files:
            raise ImproperlyConfigured(
                f"The PDF is set in {family}, which is not in PDF_FONT_FOLDERS "
                f"({', '.join(font_folders())}): install fonts-liberation and "
                "fonts-dejavu-core (make system), or point PDF_FONT_FOLDERS at their files."
            )
        styles = [set(TTFont(path, lazy=True).getBestCmap()) for path in files]
        covered |= set.intersection(*styles)
    return re.compile(f"[^{character_ranges(covered)}]")


def character_ranges(codepoints: set[int]) -> str:
    """A regular expression's class body for `codepoints`, as runs: a-z rather than 26 letters."""
    runs: list[list[int]] = []
    for codepoint in sorted(codepoints):
        if runs and codepoint == runs[-1][1] + 1:
            runs[-1][1] = codepoint
        else:
            runs.append([codepoint, codepoint])
    return "".join(
        re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
        for first, last in runs
    )


def stand_in(match: re.Match) -> str:
    category = unicodedata.category(match[0])
    if category in INVISIBLE:
        return ""
    return " " if category in SPACES else REPLACEMENT


def printable(text: str, code: bool = False) -> str:
    """`text` with only characters the paper's fonts can print (code's, when `code`)."""
    return printable_pattern(code).sub(stand_in, text)


def printable_copy(value, code: bool = False):
    """The PDF's data with every string printable: a node's "text" as code, link targets left."""
    if isinstance(value, str):
        return printable(value, code)
    if isinstance(value, list):
        return [printable_copy(item, code) for item in value]
    if isinstance(value, dict):
        return {
            key: item if key == "href" else printable_copy(item, code=key == "text")
            for key, item in value.items()
        }
    return value


def typst_fonts() -> dict:
    """What Typst is told: these folders' fonts only, none of the system's or its own."""
    return {"font_paths": font_folders(), "ignore_system_fonts": True}


def fonts_installed(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A system check (`manage.py check`, and every start): each family's files are there."""
    missing = [
        family
        for family, patterns in (TEXT_FONTS | CODE_FONTS).items()
        if not family_files(patterns)
    ]
    if not missing:
        return []
    return [
        checks.Warning(
            f"The PDF's fonts are not in PDF_FONT_FOLDERS ({', '.join(font_folders())}): "
            f"{', '.join(missing)}. PDF exports will fail until they are.",
            hint="Install fonts-liberation and fonts-dejavu-core (make system), "
            "or point PDF_FONT_FOLDERS at the folders holding their .ttf files.",
            id="recommendations.W001",
        )
    ]
