"""Exports too long for a request: prepared by the task queue and offered when ready.

A draft report's PDF or Word file of more than PREPARE_REPORT_EXPORTS_ABOVE
recommendations takes long enough (a minute and more for thousands) to tie up
a server process, and two such requests at once would stall the site. Those,
and table exports of more than PREPARE_TABLE_EXPORTS_ABOVE rows, become a
PreparedExport: the request only queues it and shows a page that says the file
is being prepared; a worker (`manage.py db_worker`) renders it and the same
page then offers the file. Smaller exports stay immediate, and published
reports serve the files stored when they were published.

The file is made as the person who asked would see it. They may download it,
and so may anyone who could see the same: anyone who may read drafts for a file
made from drafts; anyone with the page's unguessable address otherwise.
"""

import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render as render_page
from django.utils import timezone
from django_tasks import task

from ..models import QUEUED_WORK_LOST_AFTER, PreparedExport, QueuedWork, Report, kept_since
from ..tables import table_export
from .content import REPORT_RELATED
from .record import is_read_only, report_file

logger = logging.getLogger(__name__)

PREPARED_REPORT_FORMATS = ("pdf", "docx")
FORMAT_NAMES = {
    "pdf": "PDF",
    "docx": "Word document",
    "html": "web page",
    "csv": "CSV file",
    "xlsx": "XLSX spreadsheet",
}


def is_prepared_report_export(report: Report, fmt: str, recommendations: int) -> bool:
    """Whether a report's export in `fmt` goes through the queue rather than the request."""
    return (
        fmt in PREPARED_REPORT_FORMATS
        and not is_read_only(report)
        and recommendations > settings.PREPARE_REPORT_EXPORTS_ABOVE
    )


def prepare_report_export(*, report: Report, fmt: str, user) -> PreparedExport:
    return prepare(requested_by=signed_in(user), report=report, fmt=fmt, with_drafts=True)


def prepare_table_export(*, query: str, fmt: str, user) -> PreparedExport:
    return prepare(
        requested_by=signed_in(user),
        table_query=query,
        fmt=fmt,
        with_drafts=user.has_perm("recommendations.view_draft"),
    )


def signed_in(user):
    return user if user.is_authenticated else None


def prepare(**wanted) -> PreparedExport:
    """Queue the file, or return the same file already being prepared for the same person.

    Asking again (a reload, a second click) never queues the work twice.
    """
    underway = (
        PreparedExport.objects.filter(state=QueuedWork.PREPARING, **wanted)
        .defer("content")
        .order_by("-created_at")
        .first()
    )
    if underway is not None and not underway.is_lost:
        return underway
    if underway_for(wanted["requested_by"]) >= settings.PREPARED_EXPORTS_UNDERWAY_MOST:
        raise QueueFull
    prepared = PreparedExport.objects.create(**wanted)
    prepare_export.enqueue(str(prepared.pk))
    return prepared


class QueueFull(Exception):
    """The person already has as many files being prepared as anyone may at once."""


def underway_for(user) -> int:
    """How many files are being prepared for `user` (None: visitors not signed in, together)."""
    return PreparedExport.objects.filter(
        state=QueuedWork.PREPARING,
        requested_by=user,
        created_at__gt=timezone.now() - QUEUED_WORK_LOST_AFTER,
    ).count()


def queue_full_response(request) -> HttpResponse:
    """Too many files asked for at once: wait for them, then ask again (429)."""
    ctx = {"most": settings.PREPARED_EXPORTS_UNDERWAY_MOST}
    response = render_page(request, "recommendations/paper/prepared_busy.html", ctx, status=429)
    response["Retry-After"] = "60"
    return response


@task()
def prepare_export(prepared_id: str) -> None:
    """Render a queued export and store it, or store why it could not be made."""
    prepared = PreparedExport.objects.select_related("requested_by").get(pk=prepared_id)
    try:
        content, content_type, filename = render(prepared)
    except Exception:
        logger.exception("Could not prepare export %s", prepared_id)
        prepared.finish(
            QueuedWork.FAILED, error="Something went wrong while the file was being made."
        )
        raise
    prepared.finish(QueuedWork.READY, content=content, content_type=content_type, filename=filename)
    drop_expired_files()


def drop_expired_files() -> int:
    """Drop the files made longer ago than they are kept; their pages say so.

    Done by the worker after each file it makes, so the database holds a
    week's files, not every file ever asked for.
    """
    return (
        PreparedExport.objects.filter(finished_at__lt=kept_since(), content__isnull=False)
        .defer("content")
        .update(content=None)
    )


def render(prepared: PreparedExport) -> tuple[bytes, str, str]:
    """The file as the person who asked would have had it from the request."""
    user = prepared.requested_by or AnonymousUser()
    if prepared.report_id is not None:
        reports = Report.objects.visible_to(user).select_related(*REPORT_RELATED)
        exported = report_file(reports.get(pk=prepared.report_id), prepared.fmt)
        return exported.content, exported.content_type, exported.filename
    request = HttpRequest()
    request.user = user
    request.GET = QueryDict(prepared.table_query)
    return table_export(request, prepared.fmt, timezone.localdate())


def may_download(prepared: PreparedExport, user) -> bool:
    """The person who asked, or anyone who could see the same rows."""
    if prepared.requested_by_id is not None and prepared.requested_by_id == user.pk:
        return True
    return not prepared.with_drafts or user.has_perm("recommendations.view_draft")


def what_is_prepared(prepared: PreparedExport) -> str:
    """What the file is, for the page: "PDF of Report 5", "CSV file of the recommendations"."""
    name = FORMAT_NAMES.get(prepared.fmt, prepared.fmt)
    if prepared.report is not None:
        return f"{name} of Report {prepared.report.number}"
    return f"{name} of the recommendations table"
