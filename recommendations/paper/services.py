"""Workflow rules that span several models, shared by the committee views, admin and commands.

Each function is keyword-only, validates with full_clean() before saving and
runs in one transaction, so a refused step changes nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from ..models import (
    Committee,
    Meeting,
    MembersDecision,
    Outcome,
    ProgressUpdate,
    Report,
    ReportAbbreviation,
    Scrutiny,
    Status,
)
from ..status import current_statuses, decision_misfit
from ..timescales import long_date
from ..versions import Difference, VersionConflict, saved_by, shown
from .record import capture_record, lock_decidable, lock_writable, render_record_files

# A recommendation no report has covered yet still gets an update in the next
# report, so staff see it; this is what it says until they write the response.
NO_PROGRESS_YET = "No progress has been reported on this recommendation yet."


def open_recommendation_updates(scrutiny: Scrutiny) -> dict[int, ProgressUpdate | None]:
    """The scrutiny's open recommendations, each with its latest update (None if it has none).

    Open means not complete: no update yet, or a current status (members'
    decision where they made one) other than complete.
    """
    updates = list(
        ProgressUpdate.objects.filter(recommendation__scrutiny=scrutiny)
        .for_status()
        .chronological()
    )
    statuses = current_statuses(updates)
    latest = {update.recommendation_id: update for update in updates}  # chronological: last wins
    open_updates = {}
    for recommendation_id in scrutiny.recommendations.order_by("number").values_list(
        "pk", flat=True
    ):
        update = latest.get(recommendation_id)
        if update is None or statuses[recommendation_id].status != Status.COMPLETE:
            open_updates[recommendation_id] = update
    return open_updates


def carried_forward(latest: ProgressUpdate) -> tuple[str, date | None, date | None]:
    """The status and promised dates the next report starts from: members' decision if made.

    A promise carries on only where members noted its timescale (or have not
    decided yet); not agreeing a complete, asking for further work or for a
    new timescale leaves the next paper to give one.
    """
    decision = getattr(latest, "decision", None)
    if decision is None or decision.outcome == Outcome.TIMESCALE_NOTED:
        status = decision.decided_status if decision else latest.proposed_status
        # The dates promised, not the months: a carried promise keeps its end.
        return status, latest.due_from, latest.due_by
    return decision.decided_status, None, None


def latest_report(scrutiny: Scrutiny) -> Report | None:
    """The scrutiny's paper received last, drafts included; the next one follows it."""
    return (
        Report.objects.filter(scrutiny=scrutiny)
        .select_related("meeting__committee")
        .chronological()
        .last()
    )


def meeting_date_problem(*, scrutiny: Scrutiny, meeting_date: date) -> str:
    """Why a scrutiny's next report cannot be for this meeting, or "" when it can.

    Papers follow one another: a report dated on or before the scrutiny's
    latest one would report progress out of order.
    """
    latest = latest_report(scrutiny)
    if latest is None or meeting_date > latest.meeting.date:
        return ""
    return (
        f"Meeting date must be after {long_date(latest.meeting.date)}, the meeting of "
        f"Report {latest.number}, the latest report on the {scrutiny}"
    )


def already_started_message(*, committee: Committee, meeting_date: date, number: int) -> str:
    return (
        f"Report {number} has already been started for the {committee} meeting on "
        f"{long_date(meeting_date)}: open it from the reports page."
    )


def is_started(*, committee: Committee, meeting_date: date, number: int) -> bool:
    """A report numbered `number` exists for the committee's meeting that day (draft or not)."""
    return Report.objects.filter(
        meeting__committee=committee, meeting__date=meeting_date, number=number
    ).exists()


def lock_for_start(*, committee: Committee, scrutiny: Scrutiny) -> None:
    """Starts take turns, until the transaction ends: per committee, then per scrutiny.

    Report numbers are unique in a committee's meeting and a scrutiny's
    reports follow one another, so a start that waited here reads what the
    start before it made. On SQLite, which has no row locks, the writer's
    lock each transaction takes at its beginning does the same.
    """
    list(Committee.objects.select_for_update().filter(pk=committee.pk))
    list(Scrutiny.objects.select_for_update().filter(pk=scrutiny.pk))


def start_next_report(
    *,
    committee: Committee,
    meeting_date: date,
    number: int,
    title: str,
    scrutiny: Scrutiny,
) -> Report:
    """A draft report for a meeting, with one update per open recommendation of the scrutiny.

    The meeting must come after the scrutiny's latest report's. Two officers
    starting the same report at once (a double click, two tabs) both pass
    their form's checks; the checks are made again under `lock_for_start`,
    so the second is told the report has been started, not shown an error
    page. A clash that still reaches the database is told the same. The
    previous paper's abbreviations list is carried too, in its order.
    """
    started = already_started_message(committee=committee, meeting_date=meeting_date, number=number)
    try:
        with transaction.atomic():
            lock_for_start(committee=committee, scrutiny=scrutiny)
            if is_started(committee=committee, meeting_date=meeting_date, number=number):
                raise ValidationError({"number": started})
            if problem := meeting_date_problem(scrutiny=scrutiny, meeting_date=meeting_date):
                raise ValidationError({"meeting_date": problem})
            previous = latest_report(scrutiny)
            report = new_report(
                committee=committee,
                meeting_date=meeting_date,
                number=number,
                title=title,
                scrutiny=scrutiny,
            )
            carry_forward(report, scrutiny)
            if previous is not None:
                carry_abbreviations(previous, report)
    except IntegrityError:
        raise ValidationError({"number": started}) from None
    return report


def new_report(
    *, committee: Committee, meeting_date: date, number: int, title: str, scrutiny: Scrutiny
) -> Report:
    """The draft itself, at the committee's meeting that day (made if new)."""
    meeting = Meeting.objects.filter(committee=committee, date=meeting_date).first()
    if meeting is None:
        meeting = Meeting(committee=committee, date=meeting_date)
        meeting.full_clean()
        meeting.save()
    report = Report(meeting=meeting, number=number, title=title, scrutiny=scrutiny)
    report.full_clean()
    report.save()
    return report


def carry_forward(report: Report, scrutiny: Scrutiny) -> None:
    """One update in the new draft per open recommendation of its scrutiny.

    Each update carries forward the recommendation's latest response and link,
    and the status and timescale members decided (`carried_forward`), for
    staff to bring up to date. The status sentence is not carried: the
    standard one follows whatever status they set.
    """
    for recommendation_id, latest in open_recommendation_updates(scrutiny).items():
        update = ProgressUpdate(report=report, recommendation_id=recommendation_id)
        if latest is None:
            update.response = NO_PROGRESS_YET
            update.proposed_status = Status.CONSIDERATION
        else:
            update.response = latest.response
            update.proposed_status, update.due_from, update.due_by = carried_forward(latest)
            update.linked_to_id = latest.linked_to_id
        if update.proposed_status == Status.OUTSTANDING and update.due_by is None:
            # Members want a timescale this paper has yet to give: staff add it in the admin,
            # whose form asks for it, so only the fields and constraints are checked here.
            update.clean_fields()
            update.validate_constraints()
        else:
            update.full_clean()
        update.save()


def carry_abbreviations(previous: Report, report: Report) -> None:
    """The new paper starts with the previous one's abbreviations list, as it printed it."""
    carried = [
        ReportAbbreviation(
            report=report, position=entry.position, term=entry.term, expansion=entry.expansion
        )
        for entry in previous.abbreviations.order_by("position")
    ]
    bulk_create_with_history(carried, ReportAbbreviation)


@transaction.atomic
def discard_draft(*, report: Report) -> None:
    """Delete a draft started by mistake, with its updates and sections; its meeting stays.

    Only a draft: a published report is the record (lock_writable refuses it,
    under the same lock publishing takes, so a discard and a publish never cross).
    """
    lock_writable(report)
    report.delete()


@transaction.atomic
def publish_report(*, report: Report, at: datetime | None = None) -> Report:
    """Make a draft the public record. From now on it is read-only.

    This is the one place that publishes. It takes the lock every write to a
    report takes (paper/record.py), so a save or an import under way finishes
    first and one that comes later finds the report published; two officers
    publishing at once find the same, and the second is refused. The paper's
    content is frozen in the same transaction, its files rendered after it.
    """
    lock_writable(report)
    report.refresh_from_db(fields=["published_at", "version"])
    report.published_at = at or timezone.now()
    report.full_clean()
    report.save_if_current(update_fields=["published_at"])
    record = capture_record(report)
    # Rendered once the report is public; a task queue could take this step over.
    transaction.on_commit(lambda: render_record_files(record.pk))
    return report


@dataclass(frozen=True)
class Decision:
    """What members decided on one update; an empty outcome means no decision yet.

    `seen_version` is the version of the decision the page showed (0: none
    yet), so a decision someone else recorded since is not overwritten
    unawares; None skips that check.
    """

    outcome: str = ""
    minute: str = ""
    seen_version: int | None = None


NO_DECISION_VERSION = 0


def outcome_label(outcome: str) -> str:
    return dict(Outcome.choices).get(outcome, outcome) if outcome else "No decision yet"


def decision_conflicts(updates: dict, decisions: dict[int, Decision]) -> VersionConflict | None:
    """Decisions someone else recorded after the page was opened, where this one differs."""
    rows, versions = {}, {}
    for update_id, decision in decisions.items():
        existing = getattr(updates[update_id], "decision", None)
        stored_version = existing.version if existing else NO_DECISION_VERSION
        stored = (existing.outcome, existing.minute) if existing else ("", "")
        if decision.seen_version in (None, stored_version):
            continue
        if stored == (decision.outcome, decision.minute):
            continue
        differences = []
        if decision.outcome != stored[0]:
            differences.append(
                Difference("Decision", outcome_label(decision.outcome), outcome_label(stored[0]))
            )
        if decision.minute != stored[1]:
            differences.append(Difference("Minute", shown(decision.minute), shown(stored[1])))
        who = saved_by(existing) if existing else "someone else"
        rows[update_id] = (
            f"Recommendation {updates[update_id].recommendation.number}: {who} changed the "
            "decision after you opened this page. "
            + " ".join(str(difference) for difference in differences)
        )
        versions[update_id] = stored_version
    if not rows:
        return None
    return VersionConflict(
        [
            "Nothing has been saved. Check the decisions now stored; to replace them with "
            "yours, save again."
        ],
        rows=rows,
        versions=versions,
    )


@transaction.atomic
def record_decisions(*, report: Report, decisions: dict[int, Decision]) -> None:
    """Members' decisions on a report's updates, keyed by update id, saved all or nothing.

    A decision is recorded on the published paper members had before them, so
    drafts are refused. "No decision yet" removes an earlier decision.
    """
    # One officer at a time per report, so the decisions read below stay true until saved.
    lock_decidable(report)
    updates = {
        update.pk: update for update in report.updates.select_related("recommendation", "decision")
    }
    by_recommendation = {update.recommendation_id: update for update in updates.values()}
    errors = []
    for update_id, decision in decisions.items():
        update = updates.get(update_id)
        if update is None:
            errors.append(f"Update {update_id} is not part of this report.")
        elif decision.minute.strip() and not decision.outcome:
            errors.append(
                f"Recommendation {update.recommendation.number}: choose a decision "
                "to go with the minute, or clear the minute."
            )
        elif decision.outcome in Outcome.values and (
            misfit := decision_misfit(update, decision.outcome, by_recommendation)
        ):
            errors.append(misfit)
    if errors:
        raise ValidationError(errors)
    if conflict := decision_conflicts(updates, decisions):
        raise conflict
    for update_id, decision in decisions.items():
        save_decision(updates[update_id], decision)


def save_decision(update: ProgressUpdate, decision: Decision) -> None:
    """One update's decision as `decision` says, unless someone changed it since it was read.

    The report is locked, so only the admin, which edits decisions one at a
    time, can still get in between: its change is kept and this one refused.
    """
    existing = getattr(update, "decision", None)
    if not decision.outcome:
        if existing is not None:
            removed, _ = MembersDecision.objects.filter(
                pk=existing.pk, version=existing.version
            ).delete()
            if not removed:
                raise VersionConflict(
                    [
                        f"Recommendation {update.recommendation.number}: someone else changed "
                        "the decision while you were saving. Nothing has been saved: reload "
                        "the page."
                    ]
                )
        return
    if existing is not None and (existing.outcome, existing.minute) == (
        decision.outcome,
        decision.minute,
    ):
        return
    record = existing or MembersDecision(update=update)
    record.outcome = decision.outcome
    record.minute = decision.minute
    record.full_clean()
    try:
        with transaction.atomic():
            record.save_if_current()
    except IntegrityError:  # recorded in the admin meanwhile, which locks no report
        raise VersionConflict(
            [
                f"Recommendation {update.recommendation.number}: someone else recorded a "
                "decision while you were saving. Nothing has been saved: reload the page."
            ]
        ) from None
