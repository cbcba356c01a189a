"""Imports too large for a request: checked and written by the task queue.

A file uploaded in the admin with more than IMPORT_QUEUE_ABOVE rows would take
longer to check and write than a server process may spend on a request (500
rows take about 5 s, 20,000 several minutes). It becomes a CheckedImport: the
request only stores the file and queues it, and the admin page that follows it
says it is being imported; a worker (`manage.py db_worker`) imports it, all or
nothing as ever, and the same page then lists its problems or what it changed.

The worker imports as the person who uploaded the file, so their permissions
limit it and history names them. Only they, or a superuser, may see the page.
"""

import logging
from dataclasses import asdict

from django.conf import settings
from django.db import transaction
from django_tasks import task

from ..models import CheckedImport, QueuedWork
from . import ImportFailed, Problem, import_recommendations

logger = logging.getLogger(__name__)


def is_queued_import(rows: int) -> bool:
    """Whether a file of `rows` rows, uploaded in the admin, is imported by the queue."""
    return rows > settings.IMPORT_QUEUE_ABOVE


def queue_import(*, content: bytes, filename: str, user) -> CheckedImport:
    """Queue the file, or return the same file already underway for the same person.

    Uploading it again (a second click, a reload that posts again) never queues
    it twice; were it imported twice, the second would change nothing.
    """
    underway = (
        CheckedImport.objects.filter(
            state=QueuedWork.PREPARING, requested_by=user, filename=filename, file=content
        )
        .defer("file")
        .order_by("-created_at")
        .first()
    )
    if underway is not None and not underway.is_lost:
        return underway
    checked = CheckedImport.objects.create(requested_by=user, filename=filename, file=content)
    import_queued.enqueue(str(checked.pk))
    return checked


@task()
def import_queued(checked_id: str) -> None:
    """Import a queued file as its uploader, and store its problems or what it changed.

    The import and the record of it commit together, so work a worker lost
    part way imported nothing. A task run again for a finished import does nothing.
    """
    checked = (
        CheckedImport.objects.select_related("requested_by")
        .filter(pk=checked_id, state=QueuedWork.PREPARING)
        .first()
    )
    if checked is None:
        return
    try:
        with transaction.atomic():
            result = import_recommendations(file=bytes(checked.file), user=checked.requested_by)
            finish(checked, summary="\n".join(result.summary_lines()))
    except ImportFailed as failure:
        finish(checked, problems=[asdict(problem) for problem in failure.problems])
    except Exception:
        logger.exception("Could not import queued file %s", checked_id)
        checked.finish(
            QueuedWork.FAILED, error="Something went wrong while the file was being imported."
        )
        raise


def finish(checked: CheckedImport, **outcome) -> None:
    """Mark it done; the file is not kept once imported or refused."""
    checked.finish(QueuedWork.READY, file=b"", **outcome)


def may_see(checked: CheckedImport, user) -> bool:
    return user.is_superuser or (
        checked.requested_by_id is not None and checked.requested_by_id == user.pk
    )


def import_outcome(checked: CheckedImport) -> str:
    """Where it stands: underway, failed (or lost), refused for its problems, or imported."""
    if checked.state == QueuedWork.FAILED or checked.is_lost:
        return "failed"
    if checked.state == QueuedWork.PREPARING:
        return "underway"
    return "refused" if checked.problems else "imported"


def problems_of(checked: CheckedImport) -> list[Problem]:
    return [Problem(**problem) for problem in checked.problems]


def summary_lines(checked: CheckedImport) -> list[str]:
    return checked.summary.splitlines()
