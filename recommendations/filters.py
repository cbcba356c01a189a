"""Filters for the recommendations table, from the query string of a plain GET form.

Status, link and overdue are worked out in Python (recommendations/status.py),
not stored, so those filters are given the statuses the page already computed
and narrow the rows by id: the page's query count stays the same whatever is
chosen. Free text uses PostgreSQL full-text search where the database is
PostgreSQL and a plain substring match on SQLite, and only ever searches the
responses the reader may see.
"""

import re
from dataclasses import dataclass
from datetime import date

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.text import Truncator

from strategy.models import Objective

from .audience import reader
from .models import ProgressUpdate, Recommendation, Scrutiny, Status
from .status import CurrentStatus

NO_UPDATE = "none"
STATUS_CHOICES = [*Status.choices, (NO_UPDATE, "No update yet")]
SEARCH_CONFIG = "english"
# A recommendation number as typed: ASCII digits only. str.isdigit() also
# accepts "²" and "①", which int() refuses, and int() reads "١٧" as 17.
NUMBER_TYPED = re.compile(r"[0-9]{1,9}")


def with_status(queryset: QuerySet, statuses: dict[int, CurrentStatus], wanted) -> QuerySet:
    """Recommendations whose current status is in `wanted`; NO_UPDATE picks those without one."""
    matching = Q(pk__in=[pk for pk, current in statuses.items() if current.status in wanted])
    if NO_UPDATE in wanted:
        matching |= ~Q(pk__in=list(statuses))
    return queryset.filter(matching)


def overdue_or_not(
    queryset: QuerySet, statuses: dict[int, CurrentStatus], today: date, overdue: bool
) -> QuerySet:
    """Recommendations overdue on `today` (past their window and not complete), or the others."""
    late = [pk for pk, current in statuses.items() if current.is_overdue(today)]
    return queryset.filter(pk__in=late) if overdue else queryset.exclude(pk__in=late)


OVERDUE_CHOICES = [("yes", "Overdue"), ("no", "Not overdue")]


def objective_label(objective: Objective) -> str:
    return f"{objective.ref} {Truncator(objective.what_we_seek_to_do).words(10)}"


@dataclass(frozen=True)
class SelectedFilter:
    """One filter in force, as the MOJ filter pattern shows it: a tag that removes it."""

    heading: str
    label: str
    remove_query: str


# Query string keys that are not filters and go when a filter is removed.
NOT_FILTERS = ("page", "_export")


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        max_length=200,
        help_text="Words from a recommendation, its note or a progress response, or its number.",
    )
    scrutiny = django_filters.ModelChoiceFilter(
        queryset=Scrutiny.objects.all(),
        empty_label="All scrutinies",
        error_messages={"invalid_choice": "Choose a scrutiny from the list."},
    )
    status = django_filters.MultipleChoiceFilter(
        choices=STATUS_CHOICES,
        method="filter_status",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose statuses from the list."},
    )
    linked = django_filters.ChoiceFilter(
        label="Linked",
        choices=[("yes", "Linked to another recommendation"), ("no", "Not linked")],
        method="filter_linked",
        empty_label="Linked or not",
        error_messages={"invalid_choice": "Choose linked or not linked."},
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=OVERDUE_CHOICES,
        method="filter_overdue",
        empty_label="Overdue or not",
        error_messages={"invalid_choice": "Choose overdue or not overdue."},
    )
    objective = django_filters.ModelChoiceFilter(
        label="Strategy objective",
        field_name="objectives",
        queryset=Objective.objects.all(),
        empty_label="Any objective",
        error_messages={"invalid_choice": "Choose a strategy objective from the list."},
    )

    class Meta:
        model = Recommendation
        fields = []

    def __init__(self, data, *, statuses: dict[int, CurrentStatus], today: date, **kwargs):
        super().__init__(data, **kwargs)
        self.statuses = statuses
        self.today = today
        self.form.fields["objective"].label_from_instance = objective_label

    def selected_filters(self) -> list[SelectedFilter]:
        """The filters in force, in the form's order, each with the query string that removes
        it and keeps the rest (and the sort); none while any filter is in error."""
        if not self.is_bound or not self.is_valid():
            return []
        cleaned = self.form.cleaned_data
        selected = []
        for name, field in self.form.fields.items():
            value = cleaned.get(name)
            if not value or (name == "q" and not value.strip()):
                continue
            heading = "Status" if name == "status" else str(field.label)
            if name == "status":
                labels = dict(STATUS_CHOICES)
                selected += [
                    SelectedFilter(heading, str(labels[each]), self._query_without(name, each))
                    for each in value
                ]
                continue
            if name == "q":
                label = f"“{value.strip()}”"
            elif hasattr(field, "label_from_instance"):
                label = field.label_from_instance(value)
            else:
                label = str(dict(field.choices)[value])
            selected.append(SelectedFilter(heading, label, self._query_without(name)))
        return selected

    def _query_without(self, name: str, value: str | None = None) -> str:
        query = self.data.copy()
        for key in NOT_FILTERS:
            query.pop(key, None)
        if value is None:
            query.pop(name, None)
        else:
            query.setlist(name, [each for each in query.getlist(name) if each != value])
        return query.urlencode()

    def filter_status(self, queryset, name, wanted):
        return with_status(queryset, self.statuses, wanted)

    def filter_linked(self, queryset, name, value):
        linked = [
            pk
            for pk, current in self.statuses.items()
            if current.update is not None and current.update.linked_to_id
        ]
        return queryset.filter(pk__in=linked) if value == "yes" else queryset.exclude(pk__in=linked)

    def filter_overdue(self, queryset, name, value):
        return overdue_or_not(queryset, self.statuses, self.today, value == "yes")

    def search(self, queryset, name, value):
        words = value.strip()
        if not words:
            return queryset
        responses = ProgressUpdate.objects.visible_to(reader(self.request))
        if connection.vendor == "postgresql":
            query = SearchQuery(words, search_type="websearch", config=SEARCH_CONFIG)
            responses = responses.annotate(
                document=SearchVector("response", config=SEARCH_CONFIG)
            ).filter(document=query)
            queryset = queryset.annotate(
                document=SearchVector("text", "note", config=SEARCH_CONFIG)
            )
            found = Q(document=query)
        else:
            responses = responses.filter(response__icontains=words)
            found = Q(text__icontains=words) | Q(note__icontains=words)
        found |= Q(pk__in=responses.values("recommendation_id"))
        if NUMBER_TYPED.fullmatch(words):
            found |= Q(number=int(words))
        return queryset.filter(found)
