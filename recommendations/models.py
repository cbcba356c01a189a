"""Scrutinies, their recommendations, and the progress reported on them at meetings.

The rules that turn updates into a recommendation's status live in
recommendations/status.py; these models hold the facts and the constraints the
database can keep.
"""

import sys
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .limits import MARKDOWN_LIMITS, TEXT_LIMITS
from .timescales import (
    EARLIEST_DATE,
    LATEST_DUE,
    LATEST_MEETING,
    Promise,
    long_date,
    slipped_timescale_problem,
    timescale_in_words,
    timescale_months,
)
from .versions import Versioned

# simple-history keeps a change reason of at most this many characters.
HISTORY_REASON_LENGTH = 100


def history_reason(reason: str) -> str:
    """`reason` cut to fit the history's change reason; the record keeps it whole."""
    if len(reason) <= HISTORY_REASON_LENGTH:
        return reason
    return reason[: HISTORY_REASON_LENGTH - 1] + "…"


def dates_from(earliest: date, latest: date, noun: str = "date") -> list:
    """Validators bounding a date, with one message: "Give a date from ... to ..."."""
    message = f"Give a {noun} from {long_date(earliest)} to {long_date(latest)}."
    return [MinValueValidator(earliest, message), MaxValueValidator(latest, message)]


# Months are counted from a meeting: bounded, no status rule can overflow a date.
MEETING_DATES = dates_from(EARLIEST_DATE, LATEST_MEETING, "meeting date")
DUE_DATES = dates_from(EARLIEST_DATE, LATEST_DUE)


# What every Markdown field's help says, in the admin and wherever the model's help shows.
MARKDOWN_HELP = (
    "Formatting: Markdown. Leave a blank line between paragraphs, start a line with "
    '"- " for a bulleted list and wrap words in **double asterisks** for bold.'
)


class Status(models.TextChoices):
    """The three proposals a progress report makes, in the report's own words."""

    COMPLETE = "complete", "Complete"
    OUTSTANDING = "outstanding", "Outstanding"
    CONSIDERATION = "consideration", "For members' consideration"


class Outcome(models.TextChoices):
    """What members can decide on an update, which depends on what it proposed (OUTCOMES_FOR)."""

    AGREED_COMPLETE = "agreed_complete", "Agreed complete"
    NOT_AGREED = "not_agreed", "Not agreed complete: further work needed"
    NO_FURTHER_WORK = "no_further_work", "No further work required: complete"
    FURTHER_WORK = "further_work", "Further work required"
    DEFERRED = "deferred", "Deferred"
    TIMESCALE_NOTED = "timescale_noted", "Timescale noted"
    NEW_TIMESCALE = "new_timescale", "New timescale asked for"


# The decisions that fit each proposal (the effective status, a link followed), the
# first being the one "agree all as proposed" picks; for consideration nothing is proposed.
OUTCOMES_FOR = {
    Status.COMPLETE: [Outcome.AGREED_COMPLETE, Outcome.NOT_AGREED],
    Status.CONSIDERATION: [Outcome.NO_FURTHER_WORK, Outcome.FURTHER_WORK, Outcome.DEFERRED],
    Status.OUTSTANDING: [Outcome.TIMESCALE_NOTED, Outcome.NEW_TIMESCALE],
}
AS_PROPOSED = {
    Status.COMPLETE: Outcome.AGREED_COMPLETE,
    Status.OUTSTANDING: Outcome.TIMESCALE_NOTED,
}
# The status a decision leaves the recommendation at.
DECIDED_STATUS = {
    Outcome.AGREED_COMPLETE: Status.COMPLETE,
    Outcome.NOT_AGREED: Status.OUTSTANDING,
    Outcome.NO_FURTHER_WORK: Status.COMPLETE,
    Outcome.FURTHER_WORK: Status.OUTSTANDING,
    Outcome.DEFERRED: Status.CONSIDERATION,
    Outcome.TIMESCALE_NOTED: Status.OUTSTANDING,
    Outcome.NEW_TIMESCALE: Status.OUTSTANDING,
}


class Scrutiny(models.Model):
    title = models.CharField(max_length=200, unique=True)
    body = models.CharField(max_length=200, help_text="The body that ran the scrutiny.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "scrutinies"

    def __str__(self):
        return self.title


class RecommendationQuerySet(models.QuerySet):
    def in_number_order(self):
        """By scrutiny title, then number, with the scrutiny fetched: one query for the list."""
        return self.select_related("scrutiny").order_by("scrutiny__title", "number")


class Recommendation(Versioned):
    scrutiny = models.ForeignKey(Scrutiny, models.PROTECT, related_name="recommendations")
    number = models.PositiveIntegerField()
    text = models.TextField(validators=TEXT_LIMITS)
    note = models.TextField(
        blank=True,
        validators=TEXT_LIMITS,
        help_text="A remark on the recommendation itself, shown before its text.",
    )
    objectives = models.ManyToManyField(
        "strategy.Objective", related_name="recommendations", blank=True
    )
    measures = models.ManyToManyField(
        "strategy.SuccessMeasure", related_name="recommendations", blank=True
    )
    history = HistoricalRecords(m2m_fields=[objectives, measures])

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["scrutiny", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scrutiny", "number"],
                name="recommendation_number_unique_in_scrutiny",
                violation_error_message=(
                    "This scrutiny already has a recommendation with this number."
                ),
            ),
        ]

    def __str__(self):
        return f"Recommendation {self.number}"

    def get_absolute_url(self):
        return reverse("recommendations:detail", args=[self.pk])


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    committee = models.ForeignKey(Committee, models.PROTECT, related_name="meetings")
    date = models.DateField(validators=MEETING_DATES)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "committee"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "date"],
                name="meeting_unique_per_day",
                violation_error_message="This committee already has a meeting on this date.",
            ),
        ]

    def __str__(self):
        return f"{self.committee}, {long_date(self.date)}"


# A paper not saved yet comes after every saved one with its meeting date and number.
NOT_YET_SAVED = sys.maxsize


def paper_order(meeting_date: date, number: int, pk: int | None) -> tuple[date, int, int]:
    """The order papers were received in: meeting date, agenda item, then id (unsaved last)."""
    return (meeting_date, number, NOT_YET_SAVED if pk is None else pk)


def received_order(report: "Report") -> tuple[date, int, int]:
    """A report's place in the order papers were received in (`paper_order`)."""
    return paper_order(report.meeting.date, report.number, report.pk)


class ReportQuerySet(models.QuerySet):
    def published(self):
        """Reports published, drafts left out; a filter, no query of its own."""
        return self.filter(published_at__isnull=False)

    def visible_to(self, user):
        """Drafts are for signed-in people with the view_draft permission only."""
        if user.has_perm("recommendations.view_draft"):
            return self
        return self.published()

    def chronological(self):
        """In the order papers were received (`received_order`); one query, no joins fetched."""
        return self.order_by("meeting__date", "number", "pk")


class Report(Versioned):
    """A paper to a meeting. A progress report carries one update per recommendation."""

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="reports")
    number = models.PositiveSmallIntegerField(help_text="The item number on the agenda.")
    scrutiny = models.ForeignKey(
        Scrutiny,
        models.PROTECT,
        related_name="reports",
        null=True,
        blank=True,
        help_text="The scrutiny whose recommendations this report updates.",
    )
    title = models.CharField(max_length=300)
    standfirst = models.TextField(
        blank=True, validators=TEXT_LIMITS, help_text="One-sentence description of the paper."
    )
    by = models.CharField(max_length=300, blank=True)
    summary = models.TextField(
        blank=True,
        validators=MARKDOWN_LIMITS,
        help_text="The paper's summary, before the recommendations. " + MARKDOWN_HELP,
    )
    author = models.CharField(max_length=300, blank=True, help_text="Report author(s).")
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty while the report is a draft."
    )
    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting__date", "number"]
        permissions = [
            ("publish_report", "Can publish a report"),
            ("view_draft", "Can see draft reports and their updates"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="report_number_unique_in_meeting",
                violation_error_message="This meeting already has a report with this number.",
            ),
        ]

    def __str__(self):
        return f"Report {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("recommendations:report", args=[self.pk])

    @property
    def is_published(self):
        return self.published_at is not None


class ReportSection(Versioned):
    """A lettered free section of a report: C. Race and equality impact, D. ..."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="sections")
    letter = models.CharField(max_length=2)
    heading = models.CharField(max_length=200)
    body = models.TextField(
        validators=MARKDOWN_LIMITS,
        help_text="The section's text. "
        + MARKDOWN_HELP
        + ' A table is rows of cells between "|" signs, its second row |---|---|.',
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "letter"], name="report_section_letter_unique"
            ),
        ]

    def __str__(self):
        return f"{self.letter}. {self.heading}"


class PaperRecord(models.Model):
    """A published report as it was published: what it said, and its files rendered once.

    Written when the report is published and never changed after
    (recommendations/paper/record.py): the report's page and its exports read
    this, so later edits to shared rows (a recommendation's wording, the
    glossary, a committee's name) change current views and later papers only.
    """

    report = models.OneToOneField(Report, models.PROTECT, related_name="record")
    content = models.JSONField(help_text="The paper's content (paper.content.MeetingReport).")
    glossary = models.JSONField(help_text="The abbreviations' expansions as at publication.")
    captured_at = models.DateTimeField(auto_now_add=True)
    html = models.BinaryField(null=True, editable=False)
    pdf = models.BinaryField(null=True, editable=False)
    docx = models.BinaryField(null=True, editable=False)

    class Meta:
        verbose_name = "paper of record"
        verbose_name_plural = "papers of record"

    def __str__(self):
        return f"Record of {self.report}"


class ProgressUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Updates in papers `user` may read: drafts' only with the view_draft permission."""
        if user.has_perm("recommendations.view_draft"):
            return self
        return self.filter(report__published_at__isnull=False)

    def chronological(self):
        """By their papers' `received_order`, then recommendation number; one query."""
        return self.order_by(
            "report__meeting__date", "report__number", "report_id", "recommendation__number"
        )

    def received_before(self, report: "Report", *, including: bool = False):
        """Updates in papers received before `report`, or up to it `including` it; no query."""
        day, number, pk = received_order(report)
        same_paper_order = Q(report__meeting__date=day, report__number=number)
        same_paper_order &= Q(report_id__lte=pk) if including else Q(report_id__lt=pk)
        return self.filter(
            Q(report__meeting__date__lt=day)
            | Q(report__meeting__date=day, report__number__lt=number)
            | same_paper_order
        )

    def for_status(self):
        """Everything recommendations/status.py reads, in this one query."""
        return self.select_related("report__meeting", "decision")


class ProgressUpdate(Versioned):
    """What a report says of one recommendation: the response and the proposed status."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="updates")
    recommendation = models.ForeignKey(Recommendation, models.CASCADE, related_name="updates")
    response = models.TextField(
        validators=MARKDOWN_LIMITS,
        help_text="The service's progress on the recommendation, as the report prints it. "
        + MARKDOWN_HELP,
    )
    proposed_status = models.CharField(max_length=20, choices=Status.choices)
    due_from = models.DateField(
        "expected from",
        null=True,
        blank=True,
        validators=DUE_DATES,
        help_text="Outstanding work: not expected before this date (empty for 'by' a date).",
    )
    due_by = models.DateField(
        "expected by",
        null=True,
        blank=True,
        validators=DUE_DATES,
        help_text="Outstanding work: the date it was promised to be complete by.",
    )
    linked_to = models.ForeignKey(
        Recommendation,
        models.PROTECT,
        related_name="linked_from",
        null=True,
        blank=True,
        help_text="Treated as above: this recommendation takes the linked one's status.",
    )
    status_statement = models.TextField(
        blank=True,
        validators=TEXT_LIMITS,
        help_text=(
            "The status sentence as the report words it. Leave empty for the standard sentence."
        ),
    )
    timescale_change_reason = models.TextField(
        "reason for the timescale change",
        blank=True,
        validators=TEXT_LIMITS,
        help_text="Needed when outstanding work is now expected later than the last report "
        "promised: why the expected completion moved.",
    )
    history = HistoricalRecords()

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["report", "recommendation__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "recommendation"],
                name="one_update_per_recommendation_per_report",
                violation_error_message=(
                    "This report already has an update for this recommendation."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(linked_to=F("recommendation")),
                name="update_not_linked_to_itself",
                violation_error_message="A recommendation cannot be linked to itself.",
            ),
            models.CheckConstraint(
                condition=Q(proposed_status__in=Status.values),
                name="update_status_valid",
                violation_error_message=(
                    "Choose complete, outstanding or for members' consideration."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(due_from__isnull=True, due_by__isnull=True)
                    | Q(proposed_status=Status.OUTSTANDING, due_by__isnull=False)
                    & (Q(due_from__isnull=True) | Q(due_by__gt=F("due_from")))
                ),
                name="update_due_dates_valid",
                violation_error_message=(
                    "Expected dates belong to outstanding work only, and the end must come "
                    "after the start."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.recommendation} in {self.report}"

    @property
    def timescale(self) -> tuple[int, int] | None:
        """The promise in months after this update's own meeting, where whole months fit."""
        return timescale_months(self.report.meeting.date, self.due_from, self.due_by)

    def timescale_in_words(self) -> str:
        """The promise as this update's own paper words it; needs the report's meeting."""
        return timescale_in_words(self.report.meeting.date, self.due_from, self.due_by)

    def clean(self):
        errors = {}
        if self.recommendation_id and self.report_id and self.report.scrutiny_id:
            if self.recommendation.scrutiny_id != self.report.scrutiny_id:
                errors["recommendation"] = "This recommendation belongs to another scrutiny."
        if self.linked_to_id and self.recommendation_id:
            if self.linked_to.scrutiny_id != self.recommendation.scrutiny_id:
                errors["linked_to"] = "Link only to a recommendation of the same scrutiny."
        if self.proposed_status == Status.OUTSTANDING and self.due_by is None:
            errors["due_by"] = "Give the date outstanding work is expected to be complete by."
        elif self.proposed_status != Status.OUTSTANDING and (self.due_by or self.due_from):
            errors["due_by"] = "Expected dates are for outstanding work only."
        elif self.due_from and self.due_by and self.due_from >= self.due_by:
            errors["due_from"] = "The expected-from date must come before the expected-by date."
        if not errors and (reason_needed := self.timescale_reason_needed()):
            errors["timescale_change_reason"] = reason_needed
        if errors:
            raise ValidationError(errors)

    def timescale_reason_needed(self) -> str:
        """Why this update must give a reason for its timescale and has not; "" if all is well.

        The rule is timescales.slipped_timescale_problem, against the last date
        an earlier paper promised for the recommendation. A given reason for a
        slip becomes the history record's change reason. One query when the
        update has an end date, none otherwise.
        """
        if self.due_by is None or not (self.report_id and self.recommendation_id):
            return ""
        reason = self.timescale_change_reason
        problem = slipped_timescale_problem(
            promise=self.last_promise(), due_by=self.due_by, reason=reason
        )
        if not problem and reason.strip():
            self._change_reason = history_reason(reason.strip())
        return problem

    def last_promise(self) -> Promise | None:
        """The latest completion date an earlier paper gave for this recommendation.

        Papers in between without one (work reported complete, say) do not
        reset it: outstanding again later, the work is held to that date.
        """
        promised = (
            ProgressUpdate.objects.filter(
                recommendation_id=self.recommendation_id, due_by__isnull=False
            )
            .received_before(self.report)
            .exclude(pk=self.pk)
            .select_related("report__meeting")
            .chronological()
            .last()
        )
        return promise_of(promised) if promised else None


def promise_of(update: ProgressUpdate) -> Promise:
    """What an update with an end date promised, named by its paper."""
    report = update.report
    return Promise(update.due_by, f"Report {report.number} of {long_date(report.meeting.date)}")


class MembersDecision(Versioned):
    """What members decided on an update's proposed status at the meeting."""

    update = models.OneToOneField(ProgressUpdate, models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    minute = models.TextField(blank=True, validators=TEXT_LIMITS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "members' decision"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="decision_outcome_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.update}"

    @property
    def decided_status(self) -> str:
        return DECIDED_STATUS[self.outcome]


class Abbreviation(models.Model):
    term = models.CharField(max_length=30)
    expansion = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["term", "expansion"]
        constraints = [
            models.UniqueConstraint(fields=["term", "expansion"], name="abbreviation_unique"),
        ]

    def __str__(self):
        return f"{self.term}: {self.expansion}"


class ListedAbbreviation(models.Model):
    """One entry of a document's own abbreviations list, as the document prints it.

    Each document keeps its list in its own order and words (Report 4 expands
    DIP as "Drugs Interventions Programme", the strategy as "Drug Interventions
    Programme"); the glossary (`Abbreviation`) gathers every expansion for
    the pages that belong to no one document.
    """

    position = models.PositiveSmallIntegerField(help_text="Its place in the printed list.")
    term = models.CharField(max_length=30)
    expansion = models.CharField(max_length=300)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.term}: {self.expansion}"


class ReportAbbreviation(ListedAbbreviation):
    """A report's abbreviations list: part of the paper, fixed once it is published."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="abbreviations")
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position"]
        verbose_name = "abbreviation in the report"
        verbose_name_plural = "abbreviations (the report's own list, in its order)"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "position"],
                name="report_abbreviation_position_unique",
                violation_error_message="Two of the report's abbreviations have this position.",
            ),
            models.UniqueConstraint(
                fields=["report", "term"],
                name="report_abbreviation_term_unique",
                violation_error_message="The report lists this abbreviation already.",
            ),
        ]


class QueuedWork(models.TextChoices):
    PREPARING = "preparing", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


# Work still "being prepared" after this long was lost (a worker stopped mid-task).
QUEUED_WORK_LOST_AFTER = timedelta(minutes=15)


def kept_since():
    """The oldest a prepared file may be and still be offered."""
    return timezone.now() - timedelta(days=settings.PREPARED_EXPORTS_KEPT_DAYS)


class QueuedJob(models.Model):
    """Work done by the task queue for one person, and where it stands.

    Its id is random, so the page that follows it cannot be guessed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=QueuedWork.choices, default="preparing")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    # Still "being prepared" this long after it was queued, it was lost.
    lost_after = QUEUED_WORK_LOST_AFTER

    class Meta:
        abstract = True

    def finish(self, state: str, **fields) -> None:
        """Store where the work ended (READY or FAILED) and what it left, as of now."""
        type(self).objects.filter(pk=self.pk).update(
            state=state, finished_at=timezone.now(), **fields
        )

    @property
    def is_lost(self) -> bool:
        """Still preparing long after any task would have ended: it never will."""
        return (
            self.state == QueuedWork.PREPARING
            and timezone.now() - self.created_at > self.lost_after
        )


class PreparedExport(QueuedJob):
    """A file too long to render inside a request, prepared by the queue (paper/preparing.py).

    Either a report's file in `fmt`, or the recommendations table filtered and
    sorted by `table_query`. `with_drafts` says whether it was made from drafts,
    which decides who else may download it.
    """

    report = models.ForeignKey(Report, models.CASCADE, null=True, blank=True, related_name="+")
    table_query = models.CharField(max_length=2000, blank=True)
    fmt = models.CharField(max_length=8)
    with_drafts = models.BooleanField(default=False)
    content = models.BinaryField(null=True, editable=False)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"{self.fmt} export {self.pk}"

    def get_absolute_url(self):
        return reverse("recommendations:prepared_export", args=[self.pk])

    @property
    def is_expired(self) -> bool:
        """Made longer ago than files are kept: no longer offered, and soon dropped."""
        finished = self.finished_at
        return self.state == QueuedWork.READY and finished is not None and finished < kept_since()


class CheckedImport(QueuedJob):
    """A large CSV import, checked and written by the queue (imports/queued.py).

    `problems` lists every problem found (nothing was written), `summary` what
    was imported.
    """

    filename = models.CharField(max_length=255)
    file = models.BinaryField(editable=False)
    problems = models.JSONField(default=list, blank=True)
    summary = models.TextField(blank=True)

    # A file of 20,000 rows, each with an update, takes a worker 5 minutes of CPU and
    # 14 minutes on a busy machine (docs/performance.md), so it is lost only after an hour.
    lost_after = timedelta(hours=1)

    def __str__(self):
        return f"Import of {self.filename}"
