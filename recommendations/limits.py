"""What stored text may hold: its size, and how deep its Markdown may nest.

Python-Markdown works each nested list or quote by recursion, so text nested a
few hundred deep would raise RecursionError on every page showing it, and any
text the size of a book would slow every page. Forms, the admin and the
import refuse both with a message (the model fields' validators); what was
stored before is rendered within the same depth (text.render_markdown).
Imports nothing from the app, so models and rendering can both use it.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

MAX_TEXT_LENGTH = 20_000
# Lists and quotes inside each other: far more than any paper uses.
MAX_NESTING = 10
# A line's quote markers and indentation, which is what nests Markdown blocks.
LINE_PREFIX = re.compile(r"^[ \t>]*", re.M)
INDENT = 4  # Python-Markdown nests a list one level per four spaces


def nesting_of(prefix: str) -> int:
    """How many blocks a line with this prefix sits inside: quotes, and list levels."""
    spaces = len(prefix.replace(">", "").expandtabs(INDENT))
    return prefix.count(">") + spaces // INDENT


def too_deep(text: str) -> int | None:
    """The first line (counting from 1) nested deeper than MAX_NESTING, or None."""
    for number, line in enumerate(text.split("\n"), start=1):
        prefix = LINE_PREFIX.match(line)
        if prefix and nesting_of(prefix[0]) > MAX_NESTING:
            return number
    return None


def nesting_within_limit(text: str) -> str:
    """`text` with any line nested past MAX_NESTING brought back to that depth."""

    def clamp(prefix: re.Match) -> str:
        if nesting_of(prefix[0]) <= MAX_NESTING:
            return prefix[0]
        quotes = min(prefix[0].count(">"), MAX_NESTING)
        return ">" * quotes + " " + " " * INDENT * (MAX_NESTING - quotes)

    return LINE_PREFIX.sub(clamp, text)


def validate_nesting(text: str) -> None:
    if (line := too_deep(text)) is not None:
        raise ValidationError(
            f"Lists and quotes may sit at most {MAX_NESTING} deep inside each other; "
            f"line {line} is deeper.",
            code="too_deep",
        )


TEXT_LIMITS = [
    MaxLengthValidator(
        MAX_TEXT_LENGTH,
        f"Keep this to {MAX_TEXT_LENGTH:,} characters or fewer "
        "(it has %(show_value)s); put long material in an appendix.",
    )
]
MARKDOWN_LIMITS = [*TEXT_LIMITS, validate_nesting]
