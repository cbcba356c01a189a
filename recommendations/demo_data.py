"""Realistic made-up scrutinies at any size, for trying the app and measuring it.

Deterministic for a given seed, written with bulk inserts so 10,000
recommendations take seconds, and kept apart from real data: every generated
scrutiny and committee is named with the run's tag, and a second run with the
same seed refuses instead of duplicating.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import transaction

from strategy.models import Objective, SuccessMeasure

from .models import (
    OUTCOMES_FOR,
    Committee,
    Meeting,
    MembersDecision,
    ProgressUpdate,
    Recommendation,
    Report,
    Scrutiny,
    Status,
)
from .timescales import promised_dates

BODIES = [
    "Northshire Police Authority",
    "Eastvale Police Authority",
    "Westmoor Council",
    "Southport Borough Council",
    "Midlands Fire Authority",
    "Riverside County Council",
]
TOPICS = [
    "Drugs",
    "Youth Justice",
    "Stop and Search",
    "Domestic Abuse",
    "Road Safety",
    "Custody",
    "Neighbourhood Policing",
    "Hate Crime",
    "Knife Crime",
    "Mental Health",
    "Victim Care",
    "Anti-social Behaviour",
]
COMMITTEE_NAMES = ["Scrutiny", "Co-ordination and Policing", "Performance", "Community Safety"]
VERBS = ["review", "publish", "agree", "develop", "evaluate", "extend", "monitor", "fund"]
SUBJECTS = [
    "a partnership protocol",
    "local performance measures",
    "training for front-line officers",
    "an equality impact assessment",
    "joint tasking with partners",
    "the referral scheme",
    "data sharing with health services",
    "a communications plan for young people",
]
TIMESCALES = [(0, 3), (3, 6), (6, 12)]


@dataclass(frozen=True)
class Generated:
    scrutinies: int
    recommendations: int
    reports: int
    updates: int
    decisions: int


class AlreadyGenerated(Exception):
    pass


def _sentence(rng: random.Random, topic: str) -> str:
    return (
        f"The service should {rng.choice(VERBS)} {rng.choice(SUBJECTS)} "
        f"to improve its approach to {topic.lower()}."
    )


def _sizes(rng: random.Random, total: int) -> list[int]:
    """Scrutiny sizes between 5 and 60 that add up to `total`."""
    sizes = []
    while total > 0:
        size = min(total, rng.randint(5, 60))
        if total - size and total - size < 5:
            size = total  # fold a short tail into the last scrutiny
        sizes.append(size)
        total -= size
    return sizes


def _next_status(rng: random.Random, previous: str | None) -> str:
    if previous == Status.COMPLETE:
        return Status.COMPLETE
    return rng.choices(
        [Status.COMPLETE, Status.OUTSTANDING, Status.CONSIDERATION], weights=[4, 4, 2]
    )[0]


@transaction.atomic
def generate(*, recommendations: int, seed: int = 0) -> Generated:
    """Add `recommendations` made-up recommendations with their reports; refuse a repeated seed."""
    rng = random.Random(seed)
    tag = f"demo {seed}"
    if Committee.objects.filter(name__endswith=f"({tag})").exists():
        raise AlreadyGenerated(f"Demo data for seed {seed} already exists; nothing changed.")

    committees = Committee.objects.bulk_create(
        [Committee(name=f"{name} Committee ({tag})") for name in COMMITTEE_NAMES]
    )
    meetings_by_committee = _meetings(rng, committees)
    scrutinies, recs = _scrutinies(rng, tag, recommendations)
    _link_to_strategy(rng, recs)
    reports, planned = _reports(rng, scrutinies, committees, meetings_by_committee)
    updates = _updates(rng, reports, planned, recs)
    decisions = _decisions(rng, reports, updates)
    return Generated(len(scrutinies), len(recs), len(reports), len(updates), len(decisions))


def _meetings(rng: random.Random, committees: list[Committee]) -> dict[int, list[Meeting]]:
    """Six meetings a year for six years per committee."""
    start = date(2009, 1, 15)
    meetings_by_committee = {}
    for committee in committees:
        dates = [start + timedelta(days=61 * i + rng.randint(0, 6)) for i in range(36)]
        meetings_by_committee[committee.pk] = Meeting.objects.bulk_create(
            [Meeting(committee=committee, date=day) for day in dates]
        )
    return meetings_by_committee


def _scrutinies(
    rng: random.Random, tag: str, recommendations: int
) -> tuple[list[Scrutiny], list[Recommendation]]:
    """Scrutinies of 5 to 60 recommendations each, `recommendations` in all."""
    sizes = _sizes(rng, recommendations)
    scrutinies = Scrutiny.objects.bulk_create(
        [
            Scrutiny(
                title=f"{rng.choice(TOPICS)} Scrutiny {i + 1:05d} ({tag})",
                body=rng.choice(BODIES),
            )
            for i in range(len(sizes))
        ]
    )
    recs = Recommendation.objects.bulk_create(
        [
            Recommendation(
                scrutiny=scrutiny,
                number=number,
                text=_sentence(rng, scrutiny.title.split()[0]),
                note="This recommendation was added after the main report."
                if number == size and rng.random() < 0.05
                else "",
            )
            for scrutiny, size in zip(scrutinies, sizes, strict=True)
            for number in range(1, size + 1)
        ],
        batch_size=2000,
    )
    return scrutinies, recs


def _reports(
    rng: random.Random,
    scrutinies: list[Scrutiny],
    committees: list[Committee],
    meetings_by_committee: dict[int, list[Meeting]],
) -> tuple[list[Report], list[Scrutiny]]:
    """One to five consecutive reports per scrutiny; a scrutiny's last may be a draft."""
    next_number: dict[int, int] = {}
    reports, planned = [], []
    for scrutiny in scrutinies:
        committee = rng.choice(committees)
        meetings = meetings_by_committee[committee.pk]
        count = rng.randint(1, 5)
        first = rng.randint(0, len(meetings) - count)
        for index, meeting in enumerate(meetings[first : first + count]):
            number = next_number[meeting.pk] = next_number.get(meeting.pk, 0) + 1
            is_last = index == count - 1
            draft = is_last and rng.random() < 0.3
            reports.append(
                Report(
                    meeting=meeting,
                    number=number,
                    scrutiny=scrutiny,
                    title=f"{scrutiny.title.split(' (')[0]}: progress update {index + 1}",
                    by="Chief Officer",
                    summary="This report updates members on progress.",
                    published_at=None
                    if draft
                    else datetime.combine(meeting.date, datetime.min.time(), UTC),
                )
            )
            planned.append(scrutiny)
    return Report.objects.bulk_create(reports, batch_size=2000), planned


def _updates(
    rng: random.Random,
    reports: list[Report],
    planned: list[Scrutiny],
    recs: list[Recommendation],
) -> list[ProgressUpdate]:
    """An update per recommendation in each of its scrutiny's reports, with links and timescales."""
    recs_by_scrutiny: dict[int, list[Recommendation]] = {}
    for rec in recs:
        recs_by_scrutiny.setdefault(rec.scrutiny_id, []).append(rec)
    updates, latest = [], {}
    for report, scrutiny in zip(reports, planned, strict=True):
        members = recs_by_scrutiny[scrutiny.pk]
        for rec in members:
            status = _next_status(rng, latest.get(rec.pk))
            latest[rec.pk] = status
            linked_to = None
            if rec.number > 1 and rng.random() < 0.08:
                # Earlier numbers only, so links form chains but never loops.
                linked_to = members[rng.randrange(rec.number - 1)]
            due_from, due_by = (
                promised_dates(report.meeting.date, *rng.choice(TIMESCALES))
                if status == Status.OUTSTANDING
                else (None, None)
            )
            updates.append(
                ProgressUpdate(
                    report=report,
                    recommendation=rec,
                    proposed_status=status,
                    linked_to=linked_to,
                    response=f"Progress on recommendation {rec.number}: work with partners "
                    f"continues.\n\n- Action taken this period\n- Next steps agreed",
                    due_from=due_from,
                    due_by=due_by,
                )
            )
    return ProgressUpdate.objects.bulk_create(updates, batch_size=2000)


def _decisions(
    rng: random.Random, reports: list[Report], updates: list[ProgressUpdate]
) -> list[MembersDecision]:
    """Members' decisions on most updates of published reports, mostly agreed."""
    published = {report.pk for report in reports if report.published_at}
    return MembersDecision.objects.bulk_create(
        [
            MembersDecision(
                update=update,
                outcome=rng.choices(
                    OUTCOMES_FOR[update.proposed_status],
                    weights=[8, 1, 1][: len(OUTCOMES_FOR[update.proposed_status])],
                )[0],
            )
            for update in updates
            # A linked update's decision fits its target's status: left undecided here.
            if update.report_id in published and not update.linked_to_id and rng.random() < 0.8
        ],
        batch_size=2000,
    )


def _link_to_strategy(rng: random.Random, recs: list[Recommendation]) -> None:
    objectives = list(Objective.objects.values_list("pk", flat=True))
    measures = list(SuccessMeasure.objects.values_list("pk", flat=True))
    objective_links, measure_links = [], []
    for rec in recs:
        if objectives and rng.random() < 0.4:
            for objective_id in rng.sample(objectives, k=min(len(objectives), rng.randint(1, 2))):
                objective_links.append(
                    Recommendation.objectives.through(
                        recommendation_id=rec.pk, objective_id=objective_id
                    )
                )
        if measures and rng.random() < 0.2:
            measure_links.append(
                Recommendation.measures.through(
                    recommendation_id=rec.pk, successmeasure_id=rng.choice(measures)
                )
            )
    Recommendation.objectives.through.objects.bulk_create(objective_links, batch_size=2000)
    Recommendation.measures.through.objects.bulk_create(measure_links, batch_size=2000)
