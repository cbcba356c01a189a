"""Filters for the recommendations table, from the query string of a plain GET form.

Status, link and overdue are worked out in Python (recommendations/status.py),
not stored, so those filters are given the statuses the page already computed
and narrow the rows by id: the page's query count stays the same whatever is
chosen. Free text uses PostgreSQL full-text search where the database is
PostgreSQL and a plain substring match on SQLite, and only ever searches the
responses the reader may see.
"""

import re
from datetime import date

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.text import Truncator

from strategy.models import Objective

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
        responses = ProgressUpdate.objects.visible_to(self.request.user)
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
