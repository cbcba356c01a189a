"""The glossary page: every abbreviation the two source documents list, A to Z."""

from itertools import groupby

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Abbreviation


def initial(term: str) -> str:
    """The A-Z heading a term files under; terms not starting with a letter go under '#'."""
    first = term[:1].upper()
    return first if first.isalpha() else "#"


@require_safe
def glossary(request):
    abbreviations = Abbreviation.objects.order_by("term", "pk")
    terms = [
        (term, [abbreviation.expansion for abbreviation in group])
        for term, group in groupby(abbreviations, key=lambda abbreviation: abbreviation.term)
    ]
    # Letters A to Z, then terms that start with a digit or symbol.
    terms.sort(key=lambda entry: (initial(entry[0]) == "#", initial(entry[0]), entry[0].lower()))
    letters = [
        {"letter": letter, "terms": list(entries)}
        for letter, entries in groupby(terms, key=lambda entry: initial(entry[0]))
    ]
    return render(request, "recommendations/glossary/glossary.html", {"letters": letters})
