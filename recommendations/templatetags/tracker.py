"""Template tags: narrative text ({% markdown %}, {% abbreviate %}) and the latest draft."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from recommendations.models import Report
from recommendations.text import Glossary, expand_abbreviations, render_markdown

register = template.Library()


def glossary_for(context) -> Glossary:
    """One glossary query per rendered page, however many texts it shows."""
    glossary = context.get("glossary")
    if not isinstance(glossary, Glossary):
        glossary = Glossary.load()
        context.dicts[0]["glossary"] = glossary
    return glossary


@register.simple_tag(takes_context=True)
def markdown(context, text):
    return render_markdown(text, glossary_for(context))


@register.simple_tag(takes_context=True)
def abbreviate(context, text):
    return expand_abbreviations(text, glossary_for(context))


NUMBER = re.compile(r"\b\d+\b")


def numbers_linked(text: str, numbers: set[int]) -> str:
    """Escaped `text` with each of `numbers` a link to its entry in section B."""
    return NUMBER.sub(
        lambda match: (
            f'<a class="govuk-link" href="#recommendation-{match[0]}">{match[0]}</a>'
            if int(match[0]) in numbers
            else match[0]
        ),
        escape(text),
    )


@register.simple_tag(takes_context=True)
def section_a_item(context, item: str, report):
    """A section A item whose recommendation numbers link to section B; the scrutiny's
    name is left as it is, whatever digits it holds."""
    numbers = {entry.number for entry in report.supporting}
    before, name, after = item.partition(report.scrutiny) if report.scrutiny else (item, "", "")
    html = numbers_linked(before, numbers) + escape(name) + numbers_linked(after, numbers)
    return mark_safe(glossary_for(context).expand(html))


@register.simple_tag
def latest_draft() -> Report | None:
    """The draft received last, for the admin's home to link staff to."""
    drafts = Report.objects.filter(published_at__isnull=True).select_related("meeting__committee")
    return drafts.chronological().last()
