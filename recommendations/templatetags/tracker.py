"""Template tags: narrative text ({% markdown %}, {% abbreviate %}) and the latest draft."""

from django import template

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


@register.simple_tag
def latest_draft() -> Report | None:
    """The draft received last, for the admin's home to link staff to."""
    drafts = Report.objects.filter(published_at__isnull=True).select_related("meeting__committee")
    return drafts.chronological().last()
