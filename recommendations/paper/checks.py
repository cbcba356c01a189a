"""What an officer should look at before publishing a draft: what is missing or unchanged.

Publishing cannot be undone, so the check page lists these first. They are
warnings, not refusals: a response may rightly stand as the last paper gave
it, and the officer decides.
"""

from dataclasses import dataclass

from django.urls import reverse

from ..models import ProgressUpdate, Report, Status
from .changes import previous_report


@dataclass(frozen=True)
class PublishingWarning:
    """One thing to check, and the workspace page that puts it right."""

    subject: str
    message: str
    change_url: str


REPORT_DETAILS = "Report details"
REPORT_FIELDS = (
    ("summary", "The report has no summary."),
    ("by", "The report does not say who it is by (“By”)."),
    ("author", "The report names no author."),
)


def same_words(one: str, other: str) -> bool:
    """The same text but for spacing and line breaks."""
    return one.split() == other.split()


def previous_responses(report: Report) -> tuple[Report | None, dict[int, str]]:
    """The scrutiny's paper before this one and its responses, by recommendation."""
    if report.scrutiny_id is None:
        return None, {}
    earlier = Report.objects.filter(scrutiny_id=report.scrutiny_id).select_related("meeting")
    previous = previous_report(report, earlier)
    if previous is None:
        return None, {}
    responses = ProgressUpdate.objects.filter(report=previous).values_list(
        "recommendation_id", "response"
    )
    return previous, dict(responses)


def update_problems(
    update: ProgressUpdate, covered: set[int], previous: Report | None, earlier_response: str | None
) -> list[str]:
    """What to check in one update: `covered` are the recommendations the report covers."""
    problems = []
    if previous is not None and earlier_response is not None:
        if same_words(update.response, earlier_response):
            problems.append(f"The response is word for word the one in Report {previous.number}.")
    if update.proposed_status == Status.OUTSTANDING and update.due_by is None:
        problems.append("Outstanding, but no timescale for completion is given.")
    if update.linked_to_id is not None and update.linked_to_id not in covered:
        problems.append(
            f"Linked to recommendation {update.linked_to.number}, which this report does not cover."
        )
    return problems


def publishing_warnings(report: Report) -> list[PublishingWarning]:
    """Everything missing or unchanged in a draft, report details first, then by number."""
    details_url = reverse("recommendations:workspace_details", args=[report.pk])
    warnings = [
        PublishingWarning(REPORT_DETAILS, message, details_url)
        for field, message in REPORT_FIELDS
        if not getattr(report, field).strip()
    ]
    updates = list(
        report.updates.select_related("recommendation", "linked_to").order_by(
            "recommendation__number"
        )
    )
    covered = {update.recommendation_id for update in updates}
    previous, responses = previous_responses(report)
    for update in updates:
        earlier = responses.get(update.recommendation_id)
        number = update.recommendation.number
        change_url = reverse("recommendations:workspace_update", args=[report.pk, number])
        warnings.extend(
            PublishingWarning(f"Recommendation {number}", message, change_url)
            for message in update_problems(update, covered, previous, earlier)
        )
    return warnings
