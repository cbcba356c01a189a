"""The draft's workspace: where staff and officers bring a draft report up to date.

A task list for the draft (its details, each recommendation's update, sections
C-F) and a page for each task, in the committee views. Each page saves through
the forms the admin uses, so the same rules hold whichever way a draft is
edited: the conflicting-edit check (versions.py), the slipped-timescale reason
(timescales.slipped_timescale_problem) and the read-only published paper
(record.lock_writable, taken inside each save's transaction).

Staff (who may change progress updates) and officers use it; members and
anyone else get a 403, signed-out people are sent to sign in. A published
report has no workspace: its pages send people to the report, which says so.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from ..models import ProgressUpdate, Report, ReportSection, Status
from .changes import previous_report
from .content import REPORT_RELATED
from .record import is_read_only, published_message
from .services import NO_PROGRESS_YET, carried_forward
from .views import officers_only, optional_url

UPDATE_PERMISSION = "recommendations.change_progressupdate"
DETAILS_PERMISSION = "recommendations.change_report"
SECTION_PERMISSIONS = ("recommendations.add_reportsection", "recommendations.change_reportsection")

# The report's free sections after the recommendations, in the paper's order.
SECTION_LETTERS = ("C", "D", "E", "F")

NOT_STARTED = "Not started"
CARRIED_UNCHANGED = "Carried forward unchanged"
UPDATED = "Updated"
INCOMPLETE = "Incomplete"
COMPLETED = "Completed"
# The GOV.UK task list shows a task that is done as plain text, and one to do as a tag.
TAG_COLOURS = {NOT_STARTED: "blue", INCOMPLETE: "light-blue", CARRIED_UNCHANGED: "grey"}


@dataclass(frozen=True)
class Task:
    """One row of the task list: what to do, where, and how far it has got."""

    key: str  # unique on the page: "details", "update-8", "section-C"
    name: str
    url: str
    state: str
    hint: str = ""

    @property
    def tag_colour(self) -> str:
        return TAG_COLOURS.get(self.state, "")


def draft_for_workspace(request, pk) -> Report:
    """The draft; a published report raises Published, sending people to its page."""
    report = get_object_or_404(Report.objects.select_related(*REPORT_RELATED), pk=pk)
    if is_read_only(report):
        raise Published(report)
    return report


class Published(Exception):
    """The workspace was asked for a published report, which can no longer change."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(published_message(report))


def refuse_published(view):
    """A published report's workspace pages say so on the report's page; nothing is changed."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Published as published:
            messages.info(request, str(published))
            return redirect(published.report)

    return wrapped


def previous_updates(report: Report) -> dict[int, ProgressUpdate]:
    """Each of the report's recommendations' latest update in an earlier paper; one query."""
    earlier = (
        ProgressUpdate.objects.filter(
            recommendation_id__in=report.updates.values("recommendation_id")
        )
        .received_before(report)
        .select_related("report__meeting", "decision", "linked_to")
        .chronological()
    )
    return {update.recommendation_id: update for update in earlier}  # the last wins


def update_state(update: ProgressUpdate, previous: ProgressUpdate | None) -> str:
    """Not started, carried forward unchanged (as starting the report made it), or updated."""
    if previous is None:
        return NOT_STARTED if update.response == NO_PROGRESS_YET else UPDATED
    status, due_from, due_by = carried_forward(previous)
    as_started = (previous.response, status, due_from, due_by, previous.linked_to_id, "")
    now = (
        update.response,
        update.proposed_status,
        update.due_from,
        update.due_by,
        update.linked_to_id,
        update.status_statement,
    )
    return CARRIED_UNCHANGED if now == as_started else UPDATED


def details_state(report: Report) -> str:
    filled = [bool(value.strip()) for value in (report.by, report.author, report.summary)]
    if all(filled):
        return COMPLETED
    return INCOMPLETE if any(filled) else NOT_STARTED


def section_state(section: ReportSection | None, previous: ReportSection | None) -> str:
    if section is None:
        return NOT_STARTED
    if previous is not None and (section.heading, section.body) == (
        previous.heading,
        previous.body,
    ):
        return CARRIED_UNCHANGED
    return UPDATED


def previous_paper(report: Report) -> Report | None:
    """The same scrutiny's paper received before this draft, with its sections fetched."""
    candidates = (
        Report.objects.filter(scrutiny_id=report.scrutiny_id)
        .exclude(pk=report.pk)
        .select_related("meeting")
        .prefetch_related("sections")
    )
    return previous_report(report, candidates)


def update_tasks(report: Report, updates: list[ProgressUpdate]) -> list[Task]:
    previous = previous_updates(report)
    tasks = []
    for update in updates:
        hint = ""
        if update.proposed_status == Status.OUTSTANDING and update.due_by is None:
            hint = "Needs a timescale"
        tasks.append(
            Task(
                key=f"update-{update.recommendation.number}",
                name=f"Recommendation {update.recommendation.number}",
                url=optional_url(
                    "recommendations:workspace_update", report.pk, update.recommendation.number
                ),
                state=update_state(update, previous.get(update.recommendation_id)),
                hint=hint,
            )
        )
    return tasks


def section_tasks(report: Report, user) -> list[Task]:
    previous = previous_paper(report)
    earlier = {section.letter: section for section in previous.sections.all()} if previous else {}
    sections = {section.letter: section for section in report.sections.all()}
    may_edit = user.has_perms(SECTION_PERMISSIONS)
    tasks = []
    for letter in SECTION_LETTERS:
        section = sections.get(letter)
        heading = (section or earlier.get(letter) or ReportSection(heading="")).heading
        tasks.append(
            Task(
                key=f"section-{letter}",
                name=f"{letter}. {heading}" if heading else f"Section {letter}",
                url=optional_url("recommendations:workspace_section", report.pk, letter)
                if may_edit
                else "",
                state=section_state(section, earlier.get(letter)),
                hint="" if may_edit else "Committee officers complete this section",
            )
        )
    return tasks


@require_safe
@officers_only(UPDATE_PERMISSION)
@refuse_published
def workspace(request, pk):
    report = draft_for_workspace(request, pk)
    updates = list(
        report.updates.select_related("recommendation").order_by("recommendation__number")
    )
    may_edit_details = request.user.has_perm(DETAILS_PERMISSION)
    details = Task(
        key="details",
        name="Report details",
        url=optional_url("recommendations:workspace_details", report.pk)
        if may_edit_details
        else "",
        state=details_state(report),
        hint="Title, by, author and summary"
        + ("" if may_edit_details else ": committee officers complete these"),
    )
    updates_tasks = update_tasks(report, updates)
    ctx = {
        "report": report,
        "details": details,
        "update_tasks": updates_tasks,
        "updated": sum(task.state == UPDATED for task in updates_tasks),
        "section_tasks": section_tasks(report, request.user),
        "check_url": optional_url("recommendations:report_check", report.pk),
        "can_publish": request.user.has_perm("recommendations.publish_report"),
    }
    return render(request, "recommendations/paper/workspace/task_list.html", ctx)
