"""The glossary page: every abbreviation, A to Z, each expansion with the documents printing it."""

from dataclasses import dataclass, field
from itertools import groupby

from django.shortcuts import render
from django.views.decorators.http import require_safe

from strategy.models import StrategyAbbreviation

from .models import Abbreviation, ReportAbbreviation
from .timescales import long_date


@dataclass(frozen=True)
class Document:
    """A document whose own abbreviations list prints an expansion."""

    name: str
    url: str


@dataclass
class Expansion:
    words: str
    printed_in: list[Document] = field(default_factory=list)


def initial(term: str) -> str:
    """The A-Z heading a term files under; terms not starting with a letter go under '#'."""
    first = term[:1].upper()
    return first if first.isalpha() else "#"


def expansions_with_documents() -> dict[tuple[str, str], Expansion]:
    """Each (term, expansion) of the glossary and of the documents' lists, with who prints it.

    A report's list is carried into the next report, so a report is named only
    where it first printed an expansion: the earliest published report listing
    it. Drafts are not named: they are not public. Three queries.
    """
    found: dict[tuple[str, str], Expansion] = {}
    for term, words in Abbreviation.objects.order_by("term", "pk").values_list("term", "expansion"):
        found.setdefault((term, words), Expansion(words))
    for entry in StrategyAbbreviation.objects.select_related("strategy").order_by(
        "strategy__title", "position"
    ):
        strategy = entry.strategy
        document = Document(strategy.title, strategy.get_absolute_url())
        found.setdefault((entry.term, entry.expansion), Expansion(entry.expansion))
        found[entry.term, entry.expansion].printed_in.append(document)
    first_printed: dict[tuple[str, str], Document] = {}
    for entry in (
        ReportAbbreviation.objects.filter(report__published_at__isnull=False)
        .select_related("report__meeting")
        .order_by("-report__meeting__date", "-report__number", "-report_id")
    ):
        report = entry.report
        name = f"Report {report.number} of {long_date(report.meeting.date)}"
        first_printed[entry.term, entry.expansion] = Document(name, report.get_absolute_url())
    for key, document in first_printed.items():
        found.setdefault(key, Expansion(key[1])).printed_in.insert(0, document)
    return found


@require_safe
def glossary(request):
    found = expansions_with_documents()
    terms = [
        (term, [expansion for _, expansion in group])
        for term, group in groupby(
            sorted(found.items(), key=lambda item: item[0][0]), key=lambda item: item[0][0]
        )
    ]
    # Letters A to Z, then terms that start with a digit or symbol.
    terms.sort(key=lambda entry: (initial(entry[0]) == "#", initial(entry[0]), entry[0].lower()))
    letters = [
        {"letter": letter, "terms": list(entries)}
        for letter, entries in groupby(terms, key=lambda entry: initial(entry[0]))
    ]
    return render(request, "recommendations/glossary/glossary.html", {"letters": letters})
