"""The meeting report, generated from the data: one place for its wording and content.

`build_report` reads a report's sections and updates once and returns plain
dataclasses; the HTML page, the print/PDF document, the Word file and the
spreadsheets all render that same content, so they cannot disagree.

Section A's recommendation to members is built from each update's effective
status (a linked recommendation is "treated as above"; the link chain's end is
its target, see status.resolve_link), in the report's own words:

1. complete, unlinked: "Members agree the following recommendations listed in
   the <scrutiny> are complete 1, 3 and 23";
2. complete via a link, one item per target: "Recommendation 18 should be
   linked to 17 above and agreement is sought that it is also complete";
3. outstanding, unlinked: "Recommendations 8 and 10 require further work and
   timescales for expected completion to be noted";
4. outstanding via a link (the seed has none; our wording): "Recommendation 12
   should be linked to 8 above and its timescale noted";
5. for members' consideration, unlinked: "Recommendations 2 and 9 are to be
   considered by the Members as to whether any additional work is required";
6. for consideration via a link: "Recommendation 13 should be linked with 2
   and therefore treated as above".

Empty groups are left out. A link whose chain ends at the recommendation
itself (its target is not in the report) counts as unlinked, since "above"
would point at nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from ..models import Outcome, ProgressUpdate, Report, Status
from ..status import due_window, resolve_link, status_sentence
from ..text import Glossary
from ..timescales import DueWindow, long_date, timescale_in_words

# The related rows every output shows; load a report with these and
# build_report costs four more queries whatever the number of recommendations.
REPORT_RELATED = ("meeting__committee", "scrutiny")


@dataclass(frozen=True)
class Proposal:
    """What section A needs to know of one recommendation."""

    number: int
    status: str  # the effective status
    linked_to: int | None = None  # the effective link target's number


@dataclass(frozen=True)
class SupportingInformation:
    """One recommendation in section B, and its row in the spreadsheets."""

    recommendation_id: int
    number: int
    note: str
    text: str
    response: str  # Markdown
    status_sentence: str
    proposed_status: str
    effective_status: str
    linked_to: int | None  # the number this update links to directly
    timescale: str  # "within the next three to six months", or ""
    expected: DueWindow | None

    @property
    def heading(self) -> str:
        # The seed sets a note off with a hyphen and the text with an en dash.
        if self.note:
            return f"Recommendation {self.number} - {self.note} – {self.text}"
        return f"Recommendation {self.number} – {self.text}"

    @property
    def proposed_status_label(self) -> str:
        return Status(self.proposed_status).label

    @property
    def effective_status_label(self) -> str:
        return Status(self.effective_status).label


@dataclass(frozen=True)
class Section:
    letter: str
    heading: str
    body: str  # Markdown

    @property
    def title(self) -> str:
        return f"{self.letter}. {self.heading}"


# Above a draft's title in every file (report_print.html says it too), and in its page headers.
DRAFT = "Draft: not yet published"


@dataclass(frozen=True)
class MeetingReport:
    """Everything a meeting report shows, in the order it shows it."""

    pk: int
    number: int
    title: str
    committee: str
    meeting_date: date
    by: str
    standfirst: str
    summary: str  # Markdown
    scrutiny: str
    recommendations: list[str]  # section A's numbered items, punctuation included
    supporting: list[SupportingInformation]  # section B
    abbreviations: list[tuple[str, str]]  # the report's own list, as printed, in its order
    sections: list[Section]  # C, D, E, F ...
    author: str
    published_at: datetime | None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def date_text(self) -> str:
        """As the paper prints it: 06 March 2008."""
        return self.meeting_date.strftime("%d %B %Y")

    @property
    def running_header(self) -> str:
        """Each page's header in the PDF and Word files: the meeting, and whether a draft."""
        meeting = f"{self.committee}, {self.date_text}, Report {self.number}"
        return meeting if self.is_published else f"{meeting} ({DRAFT.lower()})"

    @property
    def document_title(self) -> str:
        """The title a browser tab or PDF reader shows: Report 4: ... – Committee, 6 March 2008."""
        return (
            f"Report {self.number}: {self.title} – {self.committee}, {long_date(self.meeting_date)}"
        )

    @property
    def file_stem(self) -> str:
        return f"report-{self.number}-{self.meeting_date:%Y-%m-%d}"


def numbers_in_words(numbers: Iterable[int]) -> str:
    """1, 3 and 23"""
    words = [str(number) for number in sorted(numbers)]
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"


def recommendations_named(numbers: list[int]) -> str:
    """Recommendation 18, or Recommendations 8, 10 and 16."""
    noun = "Recommendation" if len(numbers) == 1 else "Recommendations"
    return f"{noun} {numbers_in_words(numbers)}"


def _complete(scrutiny: str, numbers: list[int]) -> str:
    if len(numbers) == 1:
        return (
            f"Members agree the following recommendation listed in the {scrutiny} "
            f"is complete {numbers[0]}"
        )
    return (
        f"Members agree the following recommendations listed in the {scrutiny} "
        f"are complete {numbers_in_words(numbers)}"
    )


def _complete_linked(numbers: list[int], target: int) -> str:
    pronoun = "it is" if len(numbers) == 1 else "they are"
    return (
        f"{recommendations_named(numbers)} should be linked to {target} above "
        f"and agreement is sought that {pronoun} also complete"
    )


def _outstanding(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return (
            f"{recommendations_named(numbers)} requires further work and its timescale "
            "for expected completion to be noted"
        )
    return (
        f"{recommendations_named(numbers)} require further work and timescales "
        "for expected completion to be noted"
    )


def _outstanding_linked(numbers: list[int], target: int) -> str:
    timescale = "its timescale" if len(numbers) == 1 else "their timescales"
    return (
        f"{recommendations_named(numbers)} should be linked to {target} above and {timescale} noted"
    )


def _consideration(numbers: list[int]) -> str:
    verb = "is" if len(numbers) == 1 else "are"
    return (
        f"{recommendations_named(numbers)} {verb} to be considered by the Members "
        "as to whether any additional work is required"
    )


def _consideration_linked(numbers: list[int], target: int) -> str:
    return (
        f"{recommendations_named(numbers)} should be linked with {target} "
        "and therefore treated as above"
    )


UNLINKED_WORDING = {
    Status.OUTSTANDING: _outstanding,
    Status.CONSIDERATION: _consideration,
}
LINKED_WORDING = {
    Status.COMPLETE: _complete_linked,
    Status.OUTSTANDING: _outstanding_linked,
    Status.CONSIDERATION: _consideration_linked,
}


def recommendations_to_members(scrutiny: str, proposals: Iterable[Proposal]) -> list[str]:
    """Section A's numbered items, each ending ";", the second-last "; and", the last "."."""
    unlinked: dict[str, list[int]] = defaultdict(list)
    linked: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for proposal in proposals:
        if proposal.linked_to is None:
            unlinked[proposal.status].append(proposal.number)
        else:
            linked[proposal.status][proposal.linked_to].append(proposal.number)

    items = []
    for status in Status:  # complete, outstanding, consideration: the report's order
        if numbers := sorted(unlinked[status]):
            if status == Status.COMPLETE:
                items.append(_complete(scrutiny, numbers))
            else:
                items.append(UNLINKED_WORDING[status](numbers))
        for target, numbers in sorted(linked[status].items()):
            items.append(LINKED_WORDING[status](sorted(numbers), target))
    return punctuate(items)


def punctuate(items: list[str]) -> list[str]:
    endings = [";"] * len(items)
    if len(items) >= 2:
        endings[-2] = "; and"
    if items:
        endings[-1] = "."
    return [item + ending for item, ending in zip(items, endings, strict=True)]


def supporting_information(
    update: ProgressUpdate, report_updates: dict[int, ProgressUpdate]
) -> SupportingInformation:
    decided_by = resolve_link(update, report_updates)
    status = decided_by.proposed_status
    recommendation = update.recommendation
    return SupportingInformation(
        recommendation_id=recommendation.pk,
        number=recommendation.number,
        note=recommendation.note,
        text=recommendation.text,
        response=update.response,
        # The report's own words where it has them; the standard sentence otherwise.
        status_sentence=update.status_statement or status_sentence(status, decided_by),
        proposed_status=update.proposed_status,
        effective_status=status,
        linked_to=update.linked_to.number if update.linked_to else None,
        timescale=timescale_in_words(
            update.report.meeting.date, decided_by.due_from, decided_by.due_by
        ),
        expected=due_window(decided_by) if status == Status.OUTSTANDING else None,
    )


def proposal(update: ProgressUpdate, report_updates: dict[int, ProgressUpdate]) -> Proposal:
    decided_by = resolve_link(update, report_updates)
    target = None if decided_by is update else decided_by.recommendation.number
    return Proposal(update.recommendation.number, decided_by.proposed_status, target)


def build_report(report: Report, glossary: Glossary | None = None) -> MeetingReport:
    """A report's whole content, from `report` (loaded with REPORT_RELATED) and four queries.

    `<abbr>` in the paper should read the report's own list: render it with
    `glossary.preferring(paper.abbreviations)` (record.paper_of does).
    """
    updates = list(
        report.updates.select_related("recommendation", "linked_to").order_by(
            "recommendation__number"
        )
    )
    for update in updates:
        update.report = report  # due_window reads the meeting; it is loaded already
    by_recommendation = {update.recommendation_id: update for update in updates}
    sections = [
        Section(section.letter, section.heading, section.body)
        for section in report.sections.order_by("letter")
    ]
    scrutiny = report.scrutiny.title if report.scrutiny else ""
    recommendations = recommendations_to_members(
        scrutiny, (proposal(update, by_recommendation) for update in updates)
    )
    supporting = [supporting_information(update, by_recommendation) for update in updates]

    # The report's own list as it prints it, in its order; a report without one
    # (started before lists were kept, or generated) lists what it uses instead.
    listed = list(report.abbreviations.order_by("position").values_list("term", "expansion"))
    glossary = glossary or Glossary.load()
    abbreviations = listed or glossary.used_in(
        report.title,
        report.standfirst,
        report.by,
        report.summary,
        report.author,
        *recommendations,
        *(f"{entry.heading} {entry.response} {entry.status_sentence}" for entry in supporting),
        *(f"{section.heading} {section.body}" for section in sections),
    )
    return MeetingReport(
        pk=report.pk,
        number=report.number,
        title=report.title,
        committee=report.meeting.committee.name,
        meeting_date=report.meeting.date,
        by=report.by,
        standfirst=report.standfirst,
        summary=report.summary,
        scrutiny=scrutiny,
        recommendations=recommendations,
        supporting=supporting,
        abbreviations=abbreviations,
        sections=sections,
        author=report.author,
        published_at=report.published_at,
    )


# --- Members' decisions: recorded after the meeting, so never part of the frozen paper


# The decisions table's columns, in the page and every file.
DECISION_TABLE_HEADINGS = ["Recommendation", "Put to members as", "Decision", "Minute"]


@dataclass(frozen=True)
class DecisionEntry:
    number: int
    put_as: str  # what the paper put to members: the effective status's label
    outcome: str  # the decision's label
    decided_status: str  # the status it leaves the recommendation at, as a label
    minute: str

    @property
    def cells(self) -> list[str]:
        """Its row of the decisions table, under DECISION_TABLE_HEADINGS."""
        decision = f"{self.outcome} (now {self.decided_status.lower()})"
        return [str(self.number), self.put_as, decision, self.minute or "–"]


@dataclass(frozen=True)
class MembersDecisions:
    """What members decided on a published report, in recommendation order: the minute."""

    meeting_date: date
    entries: list[DecisionEntry]

    @property
    def date_text(self) -> str:
        return long_date(self.meeting_date)

    @property
    def introduction(self) -> str:
        """The sentence before the decisions table, in the page and every file."""
        return (
            f"What members decided at the meeting on {self.date_text}, recorded after the "
            "paper was published; it is the minute, not part of the paper."
        )

    def for_number(self, number: int) -> DecisionEntry | None:
        return next((entry for entry in self.entries if entry.number == number), None)


def build_decisions(report: Report) -> MembersDecisions | None:
    """Members' decisions on a report (loaded with REPORT_RELATED), or None; one query."""
    updates = list(
        report.updates.select_related("recommendation", "decision").order_by(
            "recommendation__number"
        )
    )
    by_recommendation = {update.recommendation_id: update for update in updates}
    entries = [
        DecisionEntry(
            number=update.recommendation.number,
            put_as=Status(resolve_link(update, by_recommendation).proposed_status).label,
            outcome=Outcome(update.decision.outcome).label,
            decided_status=Status(update.decision.decided_status).label,
            minute=update.decision.minute,
        )
        for update in updates
        if getattr(update, "decision", None) is not None
    ]
    return MembersDecisions(report.meeting.date, entries) if entries else None
