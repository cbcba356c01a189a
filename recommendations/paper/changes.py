"""Where a scrutiny stood as a report left it, and what changed between two reports.

"As a report left it" means the status rules of recommendations/status.py
applied to the updates of that report and of the same scrutiny's earlier
reports only, in meeting-date then report-number order: later papers (drafts
included) play no part. Comparing two such states gives what a reader of the
later paper wants to know: which statuses moved, which recommendations were
newly linked to another, and whose expected-completion window slipped.

The functions work on updates already loaded, so a page that shows several
scrutinies still loads every update it needs in one query. Load updates with
`for_changes()` below, so that naming recommendations costs nothing more.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from ..models import ProgressUpdate, Recommendation, Report, received_order
from ..status import CurrentStatus, current_statuses
from ..timescales import DueWindow


def for_changes(updates: QuerySet) -> QuerySet:
    """Updates with everything the status rules and the changes read, in one query."""
    return updates.for_status().select_related("recommendation", "linked_to")


def updates_up_to(report: Report, updates: QuerySet) -> QuerySet:
    """`updates` narrowed, in the database, to the report's scrutiny as the report left it."""
    return updates.received_before(report, including=True).filter(
        report__scrutiny_id=report.scrutiny_id
    )


def statuses_as_at(
    report: Report | None, updates: Iterable[ProgressUpdate]
) -> dict[int, CurrentStatus]:
    """Each recommendation's status as `report` left it, from already-loaded updates.

    `updates` may hold other scrutinies' and later reports' updates: they are
    left out here. With no report (nothing before the first paper), nothing
    has a status yet.
    """
    if report is None:
        return {}
    until = received_order(report)
    return current_statuses(
        update
        for update in updates
        if update.report.scrutiny_id == report.scrutiny_id
        and received_order(update.report) <= until
    )


def previous_report(report: Report, reports: Iterable[Report]) -> Report | None:
    """The same scrutiny's paper received just before `report`, among `reports`."""
    until = received_order(report)
    earlier = [
        candidate
        for candidate in reports
        if candidate.scrutiny_id == report.scrutiny_id and received_order(candidate) < until
    ]
    return max(earlier, key=received_order, default=None)


@dataclass(frozen=True)
class StatusChange:
    """A recommendation whose status, or the basis of it (proposed, or members' decision), moved."""

    recommendation: Recommendation
    before: CurrentStatus
    after: CurrentStatus


@dataclass(frozen=True)
class NewLink:
    """A recommendation now "treated as" another, which it was not before."""

    recommendation: Recommendation
    linked_to: Recommendation
    after: CurrentStatus


@dataclass(frozen=True)
class SlippedTimescale:
    """Outstanding work whose expected-completion window now ends later than it did.

    `reason` is the one staff gave for the timescale now in force, if any (the
    same timescale carried into a later report needs none).
    """

    recommendation: Recommendation
    before: DueWindow
    after: DueWindow
    reason: str = ""


@dataclass(frozen=True)
class Changes:
    since: Report | None
    until: Report
    status_changes: list[StatusChange] = field(default_factory=list)
    new_links: list[NewLink] = field(default_factory=list)
    slipped_timescales: list[SlippedTimescale] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.status_changes or self.new_links or self.slipped_timescales)


def decided(current: CurrentStatus) -> tuple[str, str, str]:
    """A status, its basis and members' outcome: any of them moving is a change to show."""
    return (current.status, current.basis, current.decision.outcome if current.decision else "")


def linked_to_id(current: CurrentStatus) -> int | None:
    return current.update.linked_to_id if current.update else None


def compare(
    since: Report | None,
    until: Report,
    before: dict[int, CurrentStatus],
    after: dict[int, CurrentStatus],
) -> Changes:
    """The differences between two states from `statuses_as_at`, in recommendation order.

    The updates behind `after` must have their recommendation and link target
    loaded (`for_changes`), or naming them costs a query each.
    """
    changes = Changes(since=since, until=until)
    empty = CurrentStatus()
    for recommendation_id, now in after.items():
        then = before.get(recommendation_id, empty)
        recommendation = now.update.recommendation
        if decided(then) != decided(now):
            changes.status_changes.append(StatusChange(recommendation, then, now))
        if linked_to_id(now) and linked_to_id(now) != linked_to_id(then):
            changes.new_links.append(NewLink(recommendation, now.update.linked_to, now))
        if then.due and now.due and now.due.ends > then.due.ends:
            changes.slipped_timescales.append(
                SlippedTimescale(
                    recommendation, then.due, now.due, now.decided_by.timescale_change_reason
                )
            )
    for found in (changes.status_changes, changes.new_links, changes.slipped_timescales):
        found.sort(key=lambda change: change.recommendation.number)
    return changes


def changes_between(
    earlier: Report | None,
    later: Report,
    updates: Iterable[ProgressUpdate] | None = None,
) -> Changes:
    """What changed from the state `earlier` left to the state `later` left.

    `updates` are the updates the reader may see, loaded with `for_changes`;
    when not given, every update up to `later` is loaded in one query.
    """
    if updates is None:
        updates = updates_up_to(later, for_changes(ProgressUpdate.objects.all()))
    updates = list(updates)
    return compare(earlier, later, statuses_as_at(earlier, updates), statuses_as_at(later, updates))
