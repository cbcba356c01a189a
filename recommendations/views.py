"""The committee's views: the dashboard, the recommendations table and one recommendation.

Every page loads the updates the reader may see in one query and works out
statuses with recommendations/status.py, so the query count stays the same
however many recommendations there are. Anonymous visitors, and anyone without
the view_draft permission, see published reports' updates only.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig
from django_tables2.utils import OrderBy

from .audience import drafts_among, drafts_in, reader, sees_drafts
from .filters import NO_UPDATE as NO_UPDATE_CHOICE
from .models import (
    MembersDecision,
    Outcome,
    ProgressUpdate,
    Recommendation,
    Report,
    Scrutiny,
    Status,
    received_order,
)
from .paper.changes import (
    Changes,
    compare,
    for_changes,
    previous_report,
    statuses_as_at,
)
from .paper.preparing import QueueFull, prepare_table_export, queue_full_response
from .snapshot import snapshot_for
from .status import NO_UPDATE, CurrentStatus, current_statuses
from .tables import (
    EXPORT_FORMATS,
    SpreadsheetSafeExport,
    expected_completion,
    filtered_table,
)
from .timescales import long_date
from .word_diff import word_diff

PER_PAGE = 25
OVERDUE_ON_DASHBOARD = 10


def visible_updates(user):
    """The updates `user` may read, with what the status rules and changes need."""
    return for_changes(ProgressUpdate.objects.visible_to(user))


def scrutiny_report_or_404(request, pk):
    reports = Report.objects.visible_to(reader(request)).filter(scrutiny__isnull=False)
    return get_object_or_404(reports.select_related("meeting__committee", "scrutiny"), pk=pk)


# --- Dashboard


@dataclass
class StatusCount:
    status: str
    label: str
    count: int
    percent: int
    url: str


@dataclass
class Shortlist:
    """Recommendations the dashboard names: the first few, and a link to all of them."""

    statuses: list[CurrentStatus] = field(default_factory=list)
    url: str = ""

    def __iter__(self):
        return iter(self.statuses)

    def __len__(self):
        return len(self.statuses)

    @property
    def shown(self):
        return self.statuses[:OVERDUE_ON_DASHBOARD]

    @property
    def has_more(self):
        return len(self.statuses) > OVERDUE_ON_DASHBOARD


@dataclass
class ScrutinySummary:
    scrutiny: Scrutiny
    total: int
    counts: list[StatusCount] = field(default_factory=list)
    overdue: Shortlist = field(default_factory=Shortlist)
    latest_report: Report | None = None
    changes: Changes | None = None
    # Not yet decided, for the next meeting: items members are asked to consider, and
    # those proposed complete for them to agree.
    for_consideration: Shortlist = field(default_factory=Shortlist)
    proposed_complete: Shortlist = field(default_factory=Shortlist)
    # Decided, and members sent it back: not agreed complete, further work, a new timescale.
    asked_for_more: list[CurrentStatus] = field(default_factory=list)


def list_url(**filters):
    return f"{reverse('recommendations:list')}?{urlencode(filters)}"


ASKED_FOR_MORE = (Outcome.NOT_AGREED, Outcome.FURTHER_WORK, Outcome.NEW_TIMESCALE)


def summarise(scrutiny, statuses, reports, updates, today) -> ScrutinySummary:
    """One scrutiny's counts by status, overdue work and changes since the last paper.

    `statuses` and `updates` are the scrutiny's own.
    """
    mine = list(statuses.values())
    summary = ScrutinySummary(scrutiny, scrutiny.recommendation_count)
    for status, label in [*Status.choices, ("", NO_UPDATE.label)]:
        count = (
            sum(1 for current in mine if current.status == status)
            if status
            else summary.total - len(mine)
        )
        summary.counts.append(
            StatusCount(
                status,
                label,
                count,
                round(100 * count / summary.total) if summary.total else 0,
                list_url(scrutiny=scrutiny.pk, status=status or NO_UPDATE_CHOICE),
            )
        )
    summary.overdue = Shortlist(
        sorted(
            (current for current in mine if current.is_overdue(today)),
            key=lambda current: current.update.recommendation.number,
        ),
        list_url(scrutiny=scrutiny.pk, overdue="yes"),
    )
    by_number = sorted(mine, key=lambda current: current.update.recommendation.number)
    undecided = [current for current in by_number if not current.is_decided]
    for status, shortlist in [
        (Status.CONSIDERATION, summary.for_consideration),
        (Status.COMPLETE, summary.proposed_complete),
    ]:
        shortlist.statuses = [c for c in undecided if c.status == status]
        shortlist.url = list_url(scrutiny=scrutiny.pk, status=status)
    summary.asked_for_more = [
        current
        for current in by_number
        if current.decision is not None and current.decision.outcome in ASKED_FOR_MORE
    ][:OVERDUE_ON_DASHBOARD]
    own_reports = [report for report in reports if report.scrutiny_id == scrutiny.pk]
    if own_reports:
        latest = max(own_reports, key=received_order)
        earlier = previous_report(latest, own_reports)
        summary.latest_report = latest
        summary.changes = compare(
            earlier, latest, statuses_as_at(earlier, updates), statuses_as_at(latest, updates)
        )
    return summary


SCRUTINIES_PER_PAGE = 10


@require_safe
def dashboard(request):
    today = timezone.localdate()
    snapshot = snapshot_for(reader(request))
    reports = list(
        Report.objects.visible_to(reader(request))
        .filter(scrutiny__isnull=False)
        .select_related("meeting__committee")
    )
    scrutinies = Scrutiny.objects.annotate(recommendation_count=Count("recommendations")).order_by(
        "title"
    )
    # A national tracker holds hundreds of scrutinies: show them a page at a time.
    page = Paginator(list(scrutinies), SCRUTINIES_PER_PAGE).get_page(request.GET.get("page"))
    summaries = [
        summarise(
            scrutiny,
            snapshot.statuses_by_scrutiny.get(scrutiny.pk, {}),
            reports,
            snapshot.updates_by_scrutiny.get(scrutiny.pk, []),
            today,
        )
        for scrutiny in page
    ]
    return render(
        request,
        "recommendations/dashboard/dashboard.html",
        {
            "summaries": summaries,
            "today": today,
            "page": page,
            "draft_reports": drafts_among(snapshot.statuses),
        },
    )


# --- The recommendations table


def table_errors(request, table) -> list[tuple[str, str]]:
    """Messages for a sort or page the table cannot show, with the field to link to."""
    errors = []
    sort = request.GET.get("sort")
    if sort and OrderBy(sort).bare not in {c.name for c in table.columns if c.orderable}:
        errors.append(("results", "Sort by choosing a column heading in the table."))
    page = request.GET.get("page", "1")
    pages = table.paginator.num_pages
    if not page.isdecimal() or not 1 <= int(page) <= pages:
        errors.append(
            (
                "results",
                f"There is no page {Truncator(page).chars(12)}: the results "
                f"run to {pages} page{pluralize(pages)}.",
            )
        )
    return errors


def paginate(request, table) -> None:
    """Sorts from the query string, then PER_PAGE rows a page whatever it asks for.

    django-tables2 would take per_page from the query string too, and fail on a
    negative one; a page it cannot show falls back to the first, which
    table_errors explains.
    """
    RequestConfig(request, paginate=False).configure(table)
    try:
        table.paginate(per_page=PER_PAGE, page=request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        table.paginate(per_page=PER_PAGE, page=1)


def show_one_scrutiny_once(request, table, recommendations) -> None:
    """When every row is of one scrutiny, name it in the caption, not on every row, so the
    recommendation's text has the room, and order by number, a column the reader sees.
    A sort the reader asked for by scrutiny keeps the column; exports always carry it."""
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") == "scrutiny":
        return
    titles = list(
        recommendations.order_by().values_list("scrutiny__title", flat=True).distinct()[:2]
    )
    if len(titles) == 1:
        table.columns.hide("scrutiny")
        table.caption_detail = titles[0]
        if not sort:
            table.order_by = ("number",)


@require_safe
def recommendation_list(request):
    today = timezone.localdate()
    filterset, table, errors = filtered_table(request, today)
    export = request.GET.get("_export")
    if not errors and not export:
        show_one_scrutiny_once(request, table, filterset.qs)
    paginate(request, table)
    errors += [] if errors else table_errors(request, table)
    if export and export not in EXPORT_FORMATS:
        errors.append(("export", "Download as CSV or XLSX."))
    prepared = table.paginator.count > settings.PREPARE_TABLE_EXPORTS_ABOVE
    if export and not errors and prepared:
        try:
            queued = prepare_table_export(
                query=request.GET.urlencode(), fmt=export, user=request.user
            )
        except QueueFull:
            return queue_full_response(request)
        return redirect(queued)
    if export and not errors:
        exporter = SpreadsheetSafeExport(
            EXPORT_FORMATS[export], table, dataset_kwargs={"title": "Recommendations"}
        )
        return exporter.response(filename=f"recommendations-{today:%Y-%m-%d}.{export}")
    return render(
        request,
        "recommendations/recommendation/list.html",
        {
            "filterset": filterset,
            "selected_filters": [] if errors else filterset.selected_filters(),
            "search_words": "" if errors else filterset.form.cleaned_data.get("q", "").strip(),
            "table": table,
            "errors": errors,
            "row_count": table.paginator.count,
            "export_prepared": prepared,
            "draft_reports": drafts_among(filterset.statuses),
        },
        status=400 if errors else 200,
    )


# --- One recommendation


def status_explanation(current: CurrentStatus) -> list[str]:
    """Why a recommendation stands where it does, in the committee's words."""
    if not current.status:
        return ["No progress has been reported on this recommendation yet."]
    reasons = []
    report = current.update.report
    if current.decided_by.recommendation_id != current.update.recommendation_id:
        other = current.decided_by.recommendation.number
        own = current.update.proposed_status
        if own != current.status:
            reasons.append(
                f"Report {report.number} proposes it as {Status(own).label.lower()}, but it is "
                f"treated as recommendation {other}, so it takes that recommendation's "
                f"status: {current.label.lower()}."
            )
        else:
            reasons.append(f"Linked to recommendation {other}, which is {current.label.lower()}.")
    if current.is_decided:
        reasons.append(f"{current.label}: {current.basis_text}.")
        return reasons
    reasons.append(
        f"Proposed in Report {report.number} of {long_date(report.meeting.date)}, "
        "awaiting members' decision."
    )
    return reasons


@dataclass
class HistoryEntry:
    when: object
    who: str
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    reason: str = ""  # the change reason given with the save, such as a timescale's


RECOMMENDATION_FIELDS = ["number", "text", "note"]
UPDATE_FIELDS = [
    "response",
    "proposed_status",
    "due_from",
    "due_by",
    "timescale_change_reason",
    "linked_to",
    "status_statement",
]
DECISION_FIELDS = ["outcome", "minute"]
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def describe_value(model, name, value, numbers):
    if value in (None, ""):
        return "(empty)"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if name == "linked_to":
        return f"Recommendation {numbers.get(value, value)}"
    return str(value)


def changed_values(model, change, numbers) -> tuple[str, str, str]:
    """A change's field and its values before and after, a text's changed words marked."""
    name = str(model._meta.get_field(change.field).verbose_name).capitalize()
    texts = isinstance(model._meta.get_field(change.field), models.TextField)
    if texts and change.old and change.new:
        return (name, *word_diff(change.old, change.new))
    return (
        name,
        describe_value(model, change.field, change.old, numbers),
        describe_value(model, change.field, change.new, numbers),
    )


def history_entries(records, model, fields, subject, numbers) -> list[HistoryEntry]:
    """Who changed what and when, each record diffed with the one before it."""
    entries, previous = [], {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        entry = HistoryEntry(
            record.history_date,
            str(record.history_user or "System"),
            f"{ACTIONS.get(record.history_type, 'Changed')} {subject(record)}",
            reason=record.history_change_reason or "",
        )
        before = previous.get(record.id)
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before, included_fields=fields)
            entry.changes = [changed_values(model, change, numbers) for change in delta.changes]
        previous[record.id] = record
        entries.append(entry)
    return entries


def change_history(recommendation, updates) -> list[HistoryEntry]:
    """The recommendation's, its updates' and their decisions' history, newest first.

    Three queries whatever the number of records; report and recommendation
    names come from the updates the page already loaded.
    """
    reports = {update.report_id: update.report for update in updates}
    numbers = {update.recommendation_id: update.recommendation.number for update in updates}

    def in_report(record):
        report = reports.get(record.report_id)
        return f"the update in Report {report.number}" if report else "an update"

    update_history = ProgressUpdate.history.filter(recommendation_id=recommendation.pk)
    update_records = list(update_history.select_related("history_user"))
    report_of_update = {record.id: record.report_id for record in update_records}
    decision_records = MembersDecision.history.filter(
        update_id__in=update_history.values("id")
    ).select_related("history_user")

    def decision_on(record):
        report = reports.get(report_of_update.get(record.update_id))
        return f"members' decision on Report {report.number}" if report else "a members' decision"

    entries = [
        *history_entries(
            recommendation.history.select_related("history_user"),
            Recommendation,
            RECOMMENDATION_FIELDS,
            lambda record: "the recommendation",
            numbers,
        ),
        *history_entries(update_records, ProgressUpdate, UPDATE_FIELDS, in_report, numbers),
        *history_entries(decision_records, MembersDecision, DECISION_FIELDS, decision_on, numbers),
    ]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def list_to_return_to(request) -> str:
    """The recommendations list the reader came from (the `back` the table's links carry),
    its filters, sort and page kept; anything but that list on this site is the whole list."""
    whole_list = reverse("recommendations:list")
    back = urlsplit(request.GET.get("back", ""))
    if back.scheme or back.netloc or back.path != whole_list:
        return whole_list
    query = QueryDict(back.query).urlencode()
    return f"{whole_list}?{query}" if query else whole_list


@require_safe
def recommendation_detail(request, pk):
    recommendations = Recommendation.objects.select_related("scrutiny")
    recommendation = get_object_or_404(recommendations, pk=pk)
    updates = list(
        visible_updates(reader(request))
        .select_related("report__meeting__committee")
        .filter(recommendation__scrutiny_id=recommendation.scrutiny_id)
    )
    statuses = current_statuses(updates)
    current = statuses.get(recommendation.pk, NO_UPDATE)
    timeline = sorted(
        (update for update in updates if update.recommendation_id == pk),
        key=lambda update: received_order(update.report),
        reverse=True,
    )
    for update in timeline:
        update.timescale_words = update.timescale_in_words()
        update.expected = expected_completion(update)
    linked_from = sorted(
        (
            other.update.recommendation
            for other in statuses.values()
            if other.update.linked_to_id == pk
        ),
        key=lambda other: other.number,
    )
    can_see_history = sees_drafts(request)
    return render(
        request,
        "recommendations/recommendation/detail.html",
        {
            "recommendation": recommendation,
            "current": current,
            "timeline": timeline,
            "explanation": status_explanation(current),
            "linked_from": linked_from,
            "is_overdue": current.is_overdue(timezone.localdate()),
            "expected": expected_completion(current.decided_by) if current.due else "",
            "objectives": recommendation.objectives.select_related("activity"),
            "measures": recommendation.measures.select_related("objective"),
            "history": change_history(recommendation, updates) if can_see_history else None,
            "list_url": list_to_return_to(request),
            "draft_reports": drafts_in(timeline),
        },
    )
