"""The meeting reports: the index, a report and its exports, and the committee officers' workflow.

Anyone may read published reports; drafts are for people with view_draft, and
anyone else gets a 404 for them, as if they did not exist. Starting, publishing
and recording decisions need the committee officers' permissions.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..audience import reader
from ..models import PreparedExport, QueuedWork, Report, Status, received_order
from ..status import NO_UPDATE, current_statuses, effective_status
from ..tables import RecommendationRow, RecommendationTable
from ..text import Glossary
from ..timescales import long_date
from ..versions import VersionConflict
from ..views import paginate, scrutiny_report_or_404, table_errors, visible_updates
from . import services
from .changes import compare, previous_report, statuses_as_at, updates_up_to
from .checks import publishing_warnings
from .content import REPORT_RELATED, build_decisions
from .exports import FORMATS
from .forms import DecisionsForm, StartReportForm
from .preparing import (
    QueueFull,
    is_prepared_report_export,
    may_download,
    prepare_report_export,
    queue_full_response,
    what_is_prepared,
)
from .record import paper_of, published_message, report_file

DECISION_PERMS = ("recommendations.add_membersdecision", "recommendations.change_membersdecision")


def officers_only(*perms):
    """Signed-out people are sent to sign in; signed-in people without `perms` get a 403."""

    def decorator(view):
        return wraps(view)(login_required(permission_required(perms, raise_exception=True)(view)))

    return decorator


def visible_report(request, pk) -> Report:
    reports = Report.objects.visible_to(request.user).select_related(*REPORT_RELATED)
    return get_object_or_404(reports, pk=pk)


def optional_url(name: str, *args) -> str:
    """A link to a page another part of the tracker may not provide yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def add_service_errors(form, error: ValidationError) -> None:
    """A service's refusal, shown on the form's fields where they match."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_safe
def reports(request):
    reports = list(
        Report.objects.visible_to(reader(request))
        .select_related(*REPORT_RELATED)
        .chronological()
        .reverse()
    )
    ctx = {
        "reports": reports,
        "can_start": request.user.has_perm("recommendations.add_report"),
        "draft_reports": [report for report in reports if not report.is_published],
    }
    return render(request, "recommendations/paper/reports.html", ctx)


@require_safe
def report(request, pk):
    report = visible_report(request, pk)
    paper, glossary = paper_of(report)
    user = request.user
    ctx = {
        "report": paper,
        "glossary": glossary,
        "on_page": True,  # the contents, links and status tags the files leave out
        "decisions": build_decisions(report) if report.is_published else None,
        "formats": FORMATS.values(),
        "prepared_formats": [
            fmt for fmt in FORMATS if is_prepared_report_export(report, fmt, len(paper.supporting))
        ],
        "can_publish": not report.is_published and user.has_perm("recommendations.publish_report"),
        "can_record_decisions": report.is_published and user.has_perms(DECISION_PERMS),
        "can_discard": not report.is_published and user.has_perm("recommendations.delete_report"),
        "as_at_url": optional_url("recommendations:as_at", pk),
        "changes_url": optional_url("recommendations:changes", pk),
    }
    return render(request, "recommendations/paper/report.html", ctx)


@require_safe
def report_export(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404("No such format")
    report = visible_report(request, pk)
    if is_prepared_report_export(report, fmt, report.updates.count()):
        try:
            return redirect(prepare_report_export(report=report, fmt=fmt, user=request.user))
        except QueueFull:
            return queue_full_response(request)
    exported = report_file(report, fmt)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


def prepared_or_404(request, pk) -> PreparedExport:
    """A queued export the person may see; anyone else gets a 404, as if it did not exist."""
    prepared = get_object_or_404(
        PreparedExport.objects.defer("content").select_related("report"), pk=pk
    )
    if not may_download(prepared, request.user):
        raise Http404("No such export")
    return prepared


@require_safe
@never_cache
def prepared_export(request, pk):
    """Where a queued export stands: being prepared, ready to download, or failed."""
    prepared = prepared_or_404(request, pk)
    if prepared.report is not None:
        again = reverse("recommendations:report_export", args=[prepared.report.pk, prepared.fmt])
        back = prepared.report.get_absolute_url()
    else:
        back = reverse("recommendations:list") + "?" + prepared.table_query
        again = back
    ctx = {
        "prepared": prepared,
        "what": what_is_prepared(prepared),
        "failed": prepared.state == QueuedWork.FAILED or prepared.is_lost,
        "ready": prepared.state == QueuedWork.READY,
        "expired": prepared.is_expired,
        "kept_days": settings.PREPARED_EXPORTS_KEPT_DAYS,
        "again_url": again,
        "back_url": back,
    }
    return render(request, "recommendations/paper/prepared_export.html", ctx)


@require_safe
def prepared_export_download(request, pk):
    prepared = prepared_or_404(request, pk)
    if prepared.state != QueuedWork.READY or prepared.is_expired:
        return redirect(prepared)
    content = PreparedExport.objects.values_list("content", flat=True).get(pk=prepared.pk)
    response = HttpResponse(bytes(content), content_type=prepared.content_type)
    response["Content-Disposition"] = f'attachment; filename="{prepared.filename}"'
    return response


@require_http_methods(["GET", "POST"])
@officers_only("recommendations.add_report")
def report_start(request):
    if request.method == "POST":
        form = StartReportForm(request.POST)
    else:
        previous = Report.objects.filter(scrutiny__isnull=False).select_related("meeting")
        form = StartReportForm(
            initial=StartReportForm.initial_from(previous.chronological().last())
        )
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = services.start_next_report(
                committee=data["committee"],
                meeting_date=data["meeting_date"],
                number=data["number"],
                title=data["title"],
                scrutiny=data["scrutiny"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Draft report {report.number} started with {report.updates.count()} "
                "recommendations carried forward. Bring their progress up to date in the draft's "
                "workspace.",
            )
            return redirect(report)
    return render(request, "recommendations/paper/report_start.html", {"form": form})


@require_http_methods(["GET", "POST"])
@officers_only("recommendations.delete_report")
def report_discard(request, pk):
    """A draft started by mistake, deleted once the officer confirms; a record never is."""
    report = get_object_or_404(Report.objects.select_related(*REPORT_RELATED), pk=pk)
    if report.is_published:
        messages.error(request, published_message(report))
        return redirect(report)
    if request.method == "POST":
        try:
            services.discard_draft(report=report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(report)
        messages.success(request, f"Draft report {report.number} has been discarded.")
        return redirect("recommendations:reports")
    ctx = {
        "report": report,
        "update_count": report.updates.count(),
        "section_count": report.sections.count(),
    }
    return render(request, "recommendations/paper/report_discard.html", ctx)


@require_safe
@officers_only("recommendations.publish_report")
def report_check(request, pk):
    """What is missing or unchanged, listed before the officer confirms publishing."""
    report = get_object_or_404(Report.objects.select_related(*REPORT_RELATED), pk=pk)
    if report.is_published:
        messages.error(request, published_message(report))
        return redirect(report)
    ctx = {"report": report, "warnings": publishing_warnings(report)}
    return render(request, "recommendations/paper/report_check.html", ctx)


@require_POST
@officers_only("recommendations.publish_report")
def report_publish(request, pk):
    """Publish, as confirmed on the check page; a second press finds it already published."""
    report = get_object_or_404(Report, pk=pk)
    try:
        services.publish_report(report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Report {report.number} is published. It can no longer be changed; "
            "corrections go in the next report.",
        )
    return redirect(report)


@require_http_methods(["GET", "POST"])
@officers_only(*DECISION_PERMS)
def report_decisions(request, pk):
    report = get_object_or_404(Report.objects.select_related(*REPORT_RELATED), pk=pk)
    updates = list(
        report.updates.select_related("recommendation", "linked_to", "decision").order_by(
            "recommendation__number"
        )
    )
    by_recommendation = {update.recommendation_id: update for update in updates}
    for update in updates:
        update.put_as = effective_status(update, by_recommendation)
        update.effective_status_label = Status(update.put_as).label
    if request.method == "POST" and "agree_all" in request.POST:
        form = DecisionsForm.agreed_as_proposed(request.POST, updates)
        messages.info(
            request,
            "Every proposal is marked agreed as proposed; items for members' consideration "
            "still need a decision each. Change any exceptions, then save.",
        )
        return render(
            request, "recommendations/paper/decisions.html", {"report": report, "form": form}
        )
    form = DecisionsForm(request.POST if request.method == "POST" else None, updates=updates)
    if report.is_published and form.is_valid():
        try:
            services.record_decisions(report=report, decisions=form.decisions())
        except VersionConflict as conflict:
            form.refuse_conflict(conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Members' decisions on report {report.number} saved.")
            return redirect(report)
    return render(request, "recommendations/paper/decisions.html", {"report": report, "form": form})


# --- Time travel: a scrutiny as a report left it, and what changed


@require_safe
def report_as_at(request, pk):
    report = scrutiny_report_or_404(request, pk)
    statuses = current_statuses(updates_up_to(report, visible_updates(request.user)))
    on = report.meeting.date
    rows = [
        RecommendationRow.build(recommendation, statuses.get(recommendation.pk, NO_UPDATE), on)
        for recommendation in report.scrutiny.recommendations.select_related("scrutiny")
    ]
    caption = f"Each recommendation's status as Report {report.number} left it"
    table = RecommendationTable(
        rows, caption=caption, glossary=Glossary.load(), exclude=["scrutiny"], order_by=["number"]
    )
    paginate(request, table)
    errors = table_errors(request, table)
    return render(
        request,
        "recommendations/paper/as_at.html",
        {
            "report": report,
            "table": table,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


class SinceForm(forms.Form):
    since = forms.TypedChoiceField(
        label="Compare with",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an earlier report of this scrutiny."},
    )

    def __init__(self, data, earlier_reports):
        super().__init__(data)
        self.fields["since"].choices = [("", "The previous report")] + [
            (report.pk, f"Report {report.number}, {long_date(report.meeting.date)}")
            for report in sorted(earlier_reports, key=received_order, reverse=True)
        ]


@require_safe
def report_changes(request, pk):
    report = scrutiny_report_or_404(request, pk)
    reports = Report.objects.visible_to(reader(request)).filter(scrutiny_id=report.scrutiny_id)
    earlier = [
        other
        for other in reports.select_related("meeting")
        if received_order(other) < received_order(report)
    ]
    form = SinceForm(request.GET, earlier)
    changes = None
    if form.is_valid():
        chosen = {other.pk: other for other in earlier}.get(form.cleaned_data["since"])
        since = chosen or previous_report(report, earlier)
        updates = list(updates_up_to(report, visible_updates(request.user)))
        changes = compare(
            since, report, statuses_as_at(since, updates), statuses_as_at(report, updates)
        )
    form_errors = [("id_since", error) for error in form.errors.get("since", [])]
    return render(
        request,
        "recommendations/paper/changes.html",
        {
            "report": report,
            "form": form,
            "changes": changes,
            "form_errors": form_errors,
        },
        status=400 if form_errors else 200,
    )
