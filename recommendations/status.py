"""The status rules, in one place.

A progress report proposes a status for each recommendation. Members then
decide, in a way that fits the proposal (models.OUTCOMES_FOR): a proposed
complete is agreed complete or not (then outstanding); for consideration,
no further work (complete), further work (outstanding) or deferred; for
outstanding, the timescale noted or a new one asked for. Three rules turn those
facts into what a reader sees:

- effective status: a linked recommendation is "treated as above", so it takes
  the status its link target has in the same report (13 -> 2 is for members'
  consideration although 13's own words say complete);
- current status: the status members decided on the latest update they
  decided, else the latest proposed one, and which of the two it is
  ("Complete: agreed by members on 6 March 2008");
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

from .models import OUTCOMES_FOR, MembersDecision, Outcome, ProgressUpdate, Status, received_order
from .timescales import DueWindow, long_date
from .timescales import due_window as window_at

DECIDED = "decided"
PROPOSED = "proposed"

# How the views word a decided status, after its label: "Complete: agreed by members on ...".
DECISION_WORDING = {
    Outcome.AGREED_COMPLETE: "agreed by members on {day}",
    Outcome.NOT_AGREED: "members did not agree it complete on {day}; a timescale is due",
    Outcome.NO_FURTHER_WORK: "members decided no further work is required on {day}",
    Outcome.FURTHER_WORK: "members asked for further work on {day}",
    Outcome.DEFERRED: "members deferred their decision on {day}",
    Outcome.TIMESCALE_NOTED: "timescale noted by members on {day}",
    Outcome.NEW_TIMESCALE: "members asked for a new timescale on {day}",
}


def decision_wording(decision: MembersDecision, day) -> str:
    """What members decided, as the views say it: "agreed by members on 6 March 2008"."""
    return DECISION_WORDING[Outcome(decision.outcome)].format(day=long_date(day))


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
    basis: str = ""  # DECIDED or PROPOSED; empty when no report has covered it
    update: ProgressUpdate | None = None
    decided_by: ProgressUpdate | None = None  # the update at the end of a link chain
    due: DueWindow | None = None
    decision: MembersDecision | None = None  # members' decision on `update`, if any

    @property
    def label(self) -> str:
        return Status(self.status).label if self.status else "No update yet"

    @property
    def linked_to(self):
        return self.update.linked_to if self.update and self.update.linked_to_id else None

    @property
    def is_decided(self) -> bool:
        return self.basis == DECIDED

    @property
    def basis_text(self) -> str:
        """ "agreed by members on 6 March 2008", "proposed", or "" before any report."""
        if self.decision is not None and self.update is not None:
            return decision_wording(self.decision, self.update.report.meeting.date)
        return self.basis

    @property
    def wording(self) -> str:
        """The status as the views word it: "Complete: agreed by members on 6 March 2008"."""
        if not self.basis:
            return self.label
        if self.decision is None:
            return f"{self.label}, proposed"
        return f"{self.label}: {self.basis_text}"

    def is_overdue(self, on: date) -> bool:
        return self.status != Status.COMPLETE and self.due is not None and self.due.is_past(on)


NO_UPDATE = CurrentStatus()


def decision_of(update: ProgressUpdate) -> MembersDecision | None:
    return getattr(update, "decision", None)


def current_status(history: list[ProgressUpdate], report_updates) -> CurrentStatus:
    """From a recommendation's updates in order: the latest decided one's, else the latest's.

    A decided status is what members decided, not what was proposed: a
    proposed complete they did not agree is outstanding. Its window is the
    proposal's only where members noted the timescale.
    """
    decided = [update for update in history if decision_of(update) is not None]
    chosen = decided[-1] if decided else history[-1]
    decided_by = resolve_link(chosen, report_updates(chosen.report_id))
    decision = decision_of(chosen)
    status = decision.decided_status if decision else decided_by.proposed_status
    keeps_window = decision is None or decision.outcome == Outcome.TIMESCALE_NOTED
    return CurrentStatus(
        status=status,
        basis=DECIDED if decision else PROPOSED,
        update=chosen,
        decided_by=decided_by,
        due=due_window(decided_by) if status == Status.OUTSTANDING and keeps_window else None,
        decision=decision,
    )


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
        statuses[recommendation_id] = current_status(history, by_report.__getitem__)
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


def decision_misfit(
    update: ProgressUpdate, outcome: str, report_updates: dict[int, ProgressUpdate]
) -> str:
    """Why deciding `outcome` on `update` does not fit what the paper put to members, or "".

    `report_updates` maps recommendation id to update within the update's
    report: what was put is the effective status, a link followed.
    """
    put_as = effective_status(report_updates.get(update.recommendation_id, update), report_updates)
    fitting = OUTCOMES_FOR[Status(put_as)]
    if outcome in fitting:
        return ""
    choices = " or ".join(f"“{outcome.label}”" for outcome in fitting)
    return (
        f"Recommendation {update.recommendation.number} was put to members as "
        f"{Status(put_as).label.lower()}: choose {choices}."
    )
