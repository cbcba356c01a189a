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
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from scrutiny.forms import normalised_data

from ..models import ProgressUpdate, Report, ReportSection, Status
from ..text import Glossary, expand_abbreviations, render_markdown
from ..timescales import long_date
from ..versions import VersionConflict
from .changes import previous_report
from .content import REPORT_RELATED
from .record import is_read_only, lock_writable, published_message
from .services import NO_PROGRESS_YET, carried_forward
from .views import officers_only, optional_url
from .workspace_forms import WorkspaceDetailsForm, WorkspaceSectionForm, WorkspaceUpdateForm

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
                url=reverse(
                    "recommendations:workspace_update",
                    args=[report.pk, update.recommendation.number],
                ),
                state=update_state(update, previous.get(update.recommendation_id)),
                hint=hint,
            )
        )
    return tasks


def section_url(report: Report, letter: str) -> str:
    return reverse("recommendations:workspace_section", args=[report.pk, letter])


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
                url=section_url(report, letter) if may_edit else "",
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
        url=reverse("recommendations:workspace_details", args=[report.pk])
        if may_edit_details
        else "",
        state=details_state(report),
        hint="Title, description, by, author and summary"
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


# --- Saving a task's page


def has_changes(form) -> bool:
    """Whether saving would change the row: an unchanged page writes nothing, adds no history."""
    return form.instance._state.adding or bool(set(form.changed_data) & set(form._meta.fields))


def save_in_workspace(request, report: Report, form) -> bool:
    """Validate and save `form` under the report's lock; refusals show on the form.

    The report is locked (record.lock_writable) before the form reads the
    stored rows, so a publish cannot come between the check and the save; a
    report published since the page was opened raises Published.
    """
    try:
        with transaction.atomic():
            lock_writable(report)
            if not form.is_valid():
                return False
            if has_changes(form):
                form.instance._history_user = request.user
                form.save()
    except VersionConflict as conflict:  # someone saved between the check and the save
        form.add_error(None, conflict.messages)
        return False
    except ValidationError:
        raise Published(Report.objects.get(pk=report.pk)) from None
    return True


def draft_glossary(report: Report) -> Glossary:
    """The glossary as the draft's paper reads it: its own abbreviations list first."""
    listed = report.abbreviations.order_by("position").values_list("term", "expansion")
    return Glossary.load().preferring(listed)


def form_or_preview(
    request, form_class, instance, markdown_field: str, report: Report, glossary=None
):
    """The page's form and, on "Preview", the Markdown field rendered (else None).

    A preview shows the page as typed, checked and saved only when saved: an
    unbound form shows no errors.
    """
    if request.method == "POST" and "preview" in request.POST:
        typed = normalised_data(request.POST).dict()
        preview = render_markdown(typed.get(markdown_field, ""), glossary or draft_glossary(report))
        return form_class(instance=instance, initial=typed), preview
    return form_class(request.POST if request.method == "POST" else None, instance=instance), None


def task_list_or_next(request, report: Report, next_url: str) -> str:
    """Where a save goes: the next task for "Save and continue", else the task list."""
    if "save_continue" in request.POST and next_url:
        return next_url
    return reverse("recommendations:workspace", args=[report.pk])


# --- An update's page


def previous_update(update: ProgressUpdate) -> ProgressUpdate | None:
    """The recommendation's update in the paper received before this one's; one query."""
    return (
        ProgressUpdate.objects.filter(recommendation_id=update.recommendation_id)
        .received_before(update.report)
        .select_related("report__meeting", "linked_to", "decision")
        .chronological()
        .last()
    )


def next_update_url(report: Report, number: int) -> str:
    following = (
        report.updates.filter(recommendation__number__gt=number)
        .order_by("recommendation__number")
        .values_list("recommendation__number", flat=True)
        .first()
    )
    if following is None:
        return ""
    return reverse("recommendations:workspace_update", args=[report.pk, following])


def previous_words(previous: ProgressUpdate | None, glossary: Glossary) -> dict | None:
    """What the last paper said of the recommendation, for the page to show beside the form."""
    if previous is None:
        return None
    return {
        "paper": f"Report {previous.report.number} of {long_date(previous.report.meeting.date)}",
        "status": Status(previous.proposed_status).label,
        "timescale": previous.timescale_in_words(),
        "linked_to": previous.linked_to,
        "response": render_markdown(previous.response, glossary),
        "decision": getattr(previous, "decision", None),
    }


@require_http_methods(["GET", "POST"])
@officers_only(UPDATE_PERMISSION)
@refuse_published
def workspace_update(request, pk, number):
    report = draft_for_workspace(request, pk)
    update = get_object_or_404(
        report.updates.select_related("recommendation", "linked_to"),
        recommendation__number=number,
    )
    update.report = report
    glossary = draft_glossary(report)
    form, preview = form_or_preview(
        request, WorkspaceUpdateForm, update, "response", report, glossary
    )
    if request.method == "POST" and preview is None and save_in_workspace(request, report, form):
        messages.success(request, f"The update on recommendation {number} is saved.")
        return redirect(task_list_or_next(request, report, next_update_url(report, number)))
    ctx = {
        "report": report,
        "here": f"Recommendation {number}",
        "update": update,
        "recommendation_text": expand_abbreviations(update.recommendation.text, glossary),
        "form": form,
        "statuses": Status.choices,
        "preview": preview,
        "previous": previous_words(previous_update(update), glossary),
        "promise": update.last_promise(),
    }
    return render(request, "recommendations/paper/workspace/update.html", ctx)


# --- The report's details


@require_http_methods(["GET", "POST"])
@officers_only(DETAILS_PERMISSION)
@refuse_published
def workspace_details(request, pk):
    report = draft_for_workspace(request, pk)
    form, preview = form_or_preview(request, WorkspaceDetailsForm, report, "summary", report)
    if request.method == "POST" and preview is None and save_in_workspace(request, report, form):
        messages.success(request, f"The details of report {report.number} are saved.")
        return redirect(task_list_or_next(request, report, next_update_url(report, 0)))
    ctx = {"report": report, "here": "Report details", "form": form, "preview": preview}
    return render(request, "recommendations/paper/workspace/details.html", ctx)


# --- A section's page


def previous_section(report: Report, letter: str) -> tuple[Report | None, ReportSection | None]:
    """The paper received before this draft, and its section `letter` if it had one."""
    paper = previous_paper(report)
    if paper is None:
        return None, None
    return paper, next((s for s in paper.sections.all() if s.letter == letter), None)


def next_section_url(report: Report, letter: str) -> str:
    following = SECTION_LETTERS[SECTION_LETTERS.index(letter) + 1 :]
    return section_url(report, following[0]) if following else ""


@require_http_methods(["GET", "POST"])
@officers_only(*SECTION_PERMISSIONS)
@refuse_published
def workspace_section(request, pk, letter):
    report = draft_for_workspace(request, pk)
    if letter not in SECTION_LETTERS:
        raise Http404("Sections C to F only")
    paper, earlier = previous_section(report, letter)
    # A section the draft does not have yet starts as the last paper's.
    section = report.sections.filter(letter=letter).first() or ReportSection(
        letter=letter,
        heading=earlier.heading if earlier else "",
        body=earlier.body if earlier else "",
    )
    section.report = report
    glossary = draft_glossary(report)
    form, preview = form_or_preview(
        request, WorkspaceSectionForm, section, "body", report, glossary
    )
    if request.method == "POST" and preview is None and save_in_workspace(request, report, form):
        messages.success(request, f"Section {letter} is saved.")
        return redirect(task_list_or_next(request, report, next_section_url(report, letter)))
    ctx = {
        "report": report,
        "here": f"Section {letter}",
        "letter": letter,
        "form": form,
        "preview": preview,
        "previous": earlier,
        "previous_paper": f"Report {paper.number} of {long_date(paper.meeting.date)}"
        if earlier
        else "",
        "previous_body": render_markdown(earlier.body, glossary) if earlier else None,
    }
    return render(request, "recommendations/paper/workspace/section.html", ctx)
