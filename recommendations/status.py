"""The status rules, in one place.

A progress report proposes a status for each recommendation. Members then agree
it or not. Three rules turn those facts into what a reader sees:

- effective status: a linked recommendation is "treated as above", so it takes
  the status its link target has in the same report (13 -> 2 is for members'
  consideration although 13's own words say complete);
- current status: the latest update members agreed, else the latest proposed
  one, and which of the two it is;
- due window and overdue: outstanding work promised completion by a date
  (fixed when first promised, months from that meeting); past it and not
  complete, it is overdue.

Everything here works on updates already loaded, so a page can load every
update it needs in one query and work out any number of statuses without more.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .models import Outcome, ProgressUpdate, Status, received_order
from .timescales import DueWindow
from .timescales import due_window as window_at

AGREED = "agreed"
PROPOSED = "proposed"


def due_window(update: ProgressUpdate) -> DueWindow | None:
    """The expected-completion window an update promised, as its own paper reads it."""
    return window_at(update.report.meeting.date, update.due_from, update.due_by)


def resolve_link(update: ProgressUpdate, report_updates: dict[int, ProgressUpdate]):
    """The update whose proposed status `update` takes: itself, or its link chain's end.

    `report_updates` maps recommendation id to update within the same report. A
    link to a recommendation the report does not cover, or a loop of links,
    ends the chain at the last update reached.
    """
    seen = {update.recommendation_id}
    current = update
    while current.linked_to_id and current.linked_to_id not in seen:
        target = report_updates.get(current.linked_to_id)
        if target is None:
            break
        seen.add(target.recommendation_id)
        current = target
    return current


def effective_status(update: ProgressUpdate, report_updates: dict[int, ProgressUpdate]) -> str:
    return resolve_link(update, report_updates).proposed_status


@dataclass(frozen=True)
class CurrentStatus:
    """Where a recommendation stands, and on what basis."""

    status: str = ""
    basis: str = ""  # AGREED or PROPOSED; empty when no report has covered it
    update: ProgressUpdate | None = None
    decided_by: ProgressUpdate | None = None  # the update at the end of a link chain
    due: DueWindow | None = None

    @property
    def label(self) -> str:
        return Status(self.status).label if self.status else "No update yet"

    @property
    def linked_to(self):
        return self.update.linked_to if self.update and self.update.linked_to_id else None

    @property
    def is_agreed(self) -> bool:
        return self.basis == AGREED

    def is_overdue(self, on: date) -> bool:
        return self.status != Status.COMPLETE and self.due is not None and self.due.is_past(on)


NO_UPDATE = CurrentStatus()


def is_agreed(update: ProgressUpdate) -> bool:
    decision = getattr(update, "decision", None)
    return decision is not None and decision.outcome == Outcome.AGREED


def current_statuses(updates: Iterable[ProgressUpdate]) -> dict[int, CurrentStatus]:
    """Each recommendation's current status, keyed by recommendation id.

    `updates` must include, for every report involved, the updates of any link
    targets (loading whole reports does that). Load them with
    `select_related("report__meeting", "decision")` to keep this query-free.
    """
    by_report: dict[int, dict[int, ProgressUpdate]] = defaultdict(dict)
    by_recommendation: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for update in updates:
        by_report[update.report_id][update.recommendation_id] = update
        by_recommendation[update.recommendation_id].append(update)

    statuses = {}
    for recommendation_id, history in by_recommendation.items():
        history.sort(key=lambda update: received_order(update.report))
        agreed = [update for update in history if is_agreed(update)]
        chosen = agreed[-1] if agreed else history[-1]
        decided_by = resolve_link(chosen, by_report[chosen.report_id])
        statuses[recommendation_id] = CurrentStatus(
            status=decided_by.proposed_status,
            basis=AGREED if agreed else PROPOSED,
            update=chosen,
            decided_by=decided_by,
            due=due_window(decided_by)
            if decided_by.proposed_status == Status.OUTSTANDING
            else None,
        )
    return statuses


def status_sentence(status: str, update: ProgressUpdate) -> str:
    """The standard sentence a report closes a recommendation's response with."""
    if status == Status.COMPLETE:
        return "It is suggested that this matter is complete."
    if status == Status.OUTSTANDING:
        words = update.timescale_in_words()
        if not words:
            return "This matter remains outstanding."
        return f"This matter remains outstanding and should be complete {words}."
    return "Members are asked to consider if any additional work is required."
