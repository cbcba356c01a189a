"""The words that changed between two versions of a text, marked for a reader.

The change history shows a long response before and after an edit; marking the
words removed and added saves the reader comparing paragraphs by eye. Screen
readers do not announce <del> and <ins>, so each run says what it is in
visually hidden words.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Each word with the spaces after it, so a run of changed words is marked as one and
# the marked text keeps its line breaks.
TOKENS = re.compile(r"^\s+|\S+\s*")


def marked(tokens: list[str], tag: str, hidden: str) -> str:
    """The run of words in `tag`, the spaces after its last word left outside."""
    text = "".join(tokens)
    words = text.rstrip()
    label = f'<span class="govuk-visually-hidden">{hidden} </span>'
    return f'<{tag} class="app-diff">{label}{escape(words)}</{tag}>{text[len(words) :]}'


def word_diff(before: str, after: str) -> tuple[SafeString, SafeString]:
    """`before` with its removed words in <del>, `after` with its added words in <ins>."""
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    old_html, new_html = [], []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            old_html.append(escape("".join(old[i1:i2])))
            new_html.append(escape("".join(new[j1:j2])))
            continue
        if i2 > i1:
            old_html.append(marked(old[i1:i2], "del", "removed:"))
        if j2 > j1:
            new_html.append(marked(new[j1:j2], "ins", "added:"))
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))
