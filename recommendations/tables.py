"""The recommendations table: one row per recommendation with where it stands today.

A recommendation's status is not a database column (recommendations/status.py
works it out from the updates a reader may see), so the table is built from
rows worked out in Python and sorted and paginated there. The same table
exports as CSV and XLSX, with plain values and a few columns only the exports
carry.
"""

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import django_tables2 as tables
import tablib
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from .audience import reader
from .filters import RecommendationFilter
from .models import ProgressUpdate, Recommendation, Status
from .snapshot import snapshot_for
from .status import NO_UPDATE, CurrentStatus, due_window
from .text import EMPTY_GLOSSARY, Glossary, expand_abbreviations, spreadsheet_safe
from .timescales import long_date

# The order statuses sort in: from done, to what needs members, to nothing reported.
STATUS_ORDER = {Status.COMPLETE: 0, Status.OUTSTANDING: 1, Status.CONSIDERATION: 2, "": 3}
STATUS_TAG_COLOURS = {
    Status.COMPLETE: "govuk-tag--green",
    Status.OUTSTANDING: "govuk-tag--orange",
    Status.CONSIDERATION: "govuk-tag--blue",
    "": "govuk-tag--grey",
}


class SpreadsheetSafeExport(TableExport):
    """CSV and XLSX whose text cells never run as formulas when opened (OWASP's advice:
    a leading apostrophe), since staff-typed text reaches anyone who downloads it."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            safe.append([spreadsheet_safe(cell) for cell in row])
        return safe


def expected_completion(update: ProgressUpdate) -> str:
    """'expected by 6 June 2008' or 'expected between 6 June 2008 and 6 September 2008'."""
    window = due_window(update)
    if window is None:
        return ""
    if not update.due_from:
        return f"expected by {long_date(window.ends)}"
    return f"expected between {long_date(window.starts)} and {long_date(window.ends)}"


@dataclass(frozen=True)
class RecommendationRow:
    recommendation: Recommendation
    current: CurrentStatus
    is_overdue: bool

    @classmethod
    def build(cls, recommendation, current: CurrentStatus, today: date):
        return cls(recommendation, current, current.is_overdue(today))

    @property
    def status_order(self) -> int:
        return status_order(self.current)

    @property
    def due_ends(self) -> date:
        return due_order(self.current)


class RecommendationRows:
    """The table's rows, ordered and sliced the way django-tables2 orders and pages a queryset.

    Building a row for every recommendation on every page view is too slow at
    national scale, so only the rows of the page shown are built. Orders by
    number or scrutiny go to the database; orders by status or expected date,
    which are worked out in Python, sort the ids with the statuses already in
    hand and then fetch the page's recommendations.
    """

    model = None

    def __init__(
        self,
        recommendations,
        statuses: dict[int, CurrentStatus],
        today: date,
        ordering=("recommendation__scrutiny__title", "recommendation__number"),
        count: int | None = None,
    ):
        self.recommendations = recommendations
        self.statuses = statuses
        self.today = today
        self.ordering = tuple(ordering)
        self.query = SimpleNamespace(order_by=self.ordering)
        self._count = count
        self._ids = None

    def order_by(self, *ordering):
        return RecommendationRows(
            self.recommendations, self.statuses, self.today, ordering, count=self._count
        )

    def count(self) -> int:
        if self._count is None:
            self._count = (
                len(self._sorted_ids()) if self._in_python() else self.recommendations.count()
            )
        return self._count

    __len__ = count

    def _row(self, recommendation) -> RecommendationRow:
        return RecommendationRow.build(
            recommendation, self.statuses.get(recommendation.pk, NO_UPDATE), self.today
        )

    def _in_python(self) -> bool:
        return any(field.lstrip("-") in PYTHON_ORDERS for field in self.ordering)

    def _sorted_ids(self) -> list[int]:
        """Every matching id in this ordering, sorted in Python from the known statuses."""
        if self._ids is not None:
            return self._ids
        keys = {
            pk: {"recommendation__number": number, "recommendation__scrutiny__title": title}
            for pk, number, title in self.recommendations.values_list(
                "pk", "number", "scrutiny__title"
            )
        }
        ids = list(keys)
        for field in reversed(self.ordering):  # a stable sort per key, least significant first
            name = field.lstrip("-")
            if name in PYTHON_ORDERS:
                order = PYTHON_ORDERS[name]
                key = lambda pk, order=order: order(self.statuses.get(pk, NO_UPDATE))  # noqa: E731
            else:
                key = lambda pk, name=name: keys[pk][name]  # noqa: E731
            ids.sort(key=key, reverse=field.startswith("-"))
        self._ids = ids
        return ids

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return list(self)[index]
        if self._in_python():
            ids = self._sorted_ids()[index]
            found = self.recommendations.in_bulk(ids)
            return [self._row(found[pk]) for pk in ids]
        fields = [field.replace("recommendation__", "", 1) for field in self.ordering]
        return [self._row(r) for r in self.recommendations.order_by(*fields)[index]]

    def __iter__(self):
        return iter(self[:])


def status_order(current: CurrentStatus) -> int:
    return STATUS_ORDER.get(current.status, len(STATUS_ORDER))


def due_order(current: CurrentStatus) -> date:
    """Rows without a window sort after every dated one."""
    return current.due.ends if current.due else date.max


PYTHON_ORDERS = {"status_order": status_order, "due_ends": due_order}


class RecommendationTable(tables.Table):
    number = tables.Column(
        accessor="recommendation__number",
        order_by=("recommendation__number", "recommendation__scrutiny__title"),
    )
    scrutiny = tables.Column(
        accessor="recommendation__scrutiny__title",
        order_by=("recommendation__scrutiny__title", "recommendation__number"),
    )
    note = tables.Column(accessor="recommendation__note", visible=False, orderable=False)
    text = tables.Column(
        accessor="recommendation__text", verbose_name="Recommendation", orderable=False
    )
    status = tables.Column(
        accessor="current__label",
        order_by=("status_order", "recommendation__number"),
    )
    basis = tables.Column(accessor="current__basis", visible=False, orderable=False)
    linked_to = tables.Column(
        accessor="current__linked_to", verbose_name="Linked to", orderable=False
    )
    expected_from = tables.Column(accessor="current__due__starts", visible=False, orderable=False)
    due = tables.Column(
        accessor="current__due__ends",
        verbose_name="Expected by",
        order_by=("due_ends", "recommendation__number"),
    )
    overdue = tables.Column(accessor="is_overdue", orderable=False, empty_values=())

    class Meta:
        template_name = "django_tables2/govuk_table.html"
        order_by = ("scrutiny",)
        empty_text = "No recommendations match these filters."
        default = ""
        sequence = (
            "number",
            "scrutiny",
            "note",
            "text",
            "status",
            "basis",
            "linked_to",
            "expected_from",
            "due",
            "overdue",
        )

    def __init__(self, *args, caption="Recommendations", glossary=EMPTY_GLOSSARY, **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption
        self.glossary: Glossary = glossary

    @cached_property
    def way_back(self) -> str:
        """'?back=' and the address of the filtered or sorted list this table is on, for the
        recommendation's page to link back to it; '' on the whole list or another page."""
        request = getattr(self, "request", None)
        if request is None or request.path != reverse("recommendations:list") or not request.GET:
            return ""
        return "?" + urlencode({"back": request.get_full_path()})

    def render_number(self, record):
        return format_html(
            '<a class="govuk-link" href="{}{}"><span class="govuk-visually-hidden">'
            "Recommendation </span>{}</a>",
            reverse("recommendations:detail", args=[record.recommendation.pk]),
            self.way_back,
            record.recommendation.number,
        )

    def value_number(self, value):
        return value

    def render_text(self, value):
        return expand_abbreviations(Truncator(value).words(20), self.glossary)

    def value_text(self, value):
        return value

    def render_status(self, record):
        current = record.current
        tag = format_html(
            '<strong class="govuk-tag {}">{}</strong>',
            STATUS_TAG_COLOURS.get(current.status, "govuk-tag--grey"),
            current.label,
        )
        if not current.basis:
            return tag
        return format_html('{}<span class="app-status-basis">{}</span>', tag, current.basis_text)

    def value_status(self, record):
        return record.current.label

    def render_linked_to(self, value):
        return format_html(
            '<a class="govuk-link" href="{}">Recommendation {}</a>',
            reverse("recommendations:detail", args=[value.pk]),
            value.number,
        )

    def value_linked_to(self, value):
        return value.number

    def render_due(self, record):
        return f"{long_date(record.current.due.ends)}"

    def value_due(self, value):
        return value.isoformat()

    def value_expected_from(self, value):
        return value.isoformat()

    def render_overdue(self, value):
        if not value:
            return ""
        return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', "Overdue")

    def value_overdue(self, value):
        return "yes" if value else "no"


EXPORT_FORMATS = {"csv": TableExport.CSV, "xlsx": TableExport.XLSX}


def filtered_table(request, today: date) -> tuple[RecommendationFilter, RecommendationTable, list]:
    """The table of what `request` filters for, as its user may see it, with the filters' errors.

    The page and its exports (at once, or prepared by the queue) build it alike.
    """
    statuses = snapshot_for(reader(request)).statuses
    filterset = RecommendationFilter(
        request.GET,
        queryset=Recommendation.objects.in_number_order(),
        statuses=statuses,
        today=today,
        request=request,
    )
    errors = [
        (f"id_{name}", error) for name, messages in filterset.errors.items() for error in messages
    ]
    rows = RecommendationRows(
        Recommendation.objects.none() if errors else filterset.qs.select_related("scrutiny"),
        statuses,
        today,
    )
    return filterset, RecommendationTable(rows, glossary=Glossary.load()), errors


def table_export(request, fmt: str, today: date) -> tuple[bytes, str, str]:
    """Every row of the filtered, sorted table as CSV or XLSX: content, type and file name."""
    _, table, _ = filtered_table(request, today)
    RequestConfig(request, paginate=False).configure(table)
    exporter = SpreadsheetSafeExport(
        EXPORT_FORMATS[fmt], table, dataset_kwargs={"title": "Recommendations"}
    )
    content = exporter.export()
    return (
        content.encode("utf-8") if isinstance(content, str) else content,
        exporter.content_type(),
        f"recommendations-{today:%Y-%m-%d}.{fmt}",
    )
