"""Test data beyond the seed: small hand-made reports, and volume for query-count tests."""

import itertools
from datetime import UTC, date, datetime
from pathlib import Path

import lxml.html
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import (
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
from recommendations.paper import services
from recommendations.timescales import promised_dates
from strategy.models import Objective

PUBLISHED_AT = datetime(2009, 1, 1, tzinfo=UTC)
EXAMPLE_IMPORT = Path(settings.BASE_DIR) / "fixtures" / "example_import.csv"


def upload(content: bytes, name="recommendations.csv") -> dict:
    """The admin import form's data: `content` as the CSV file chosen."""
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv")}


def example_upload() -> dict:
    """The import form's data with fixtures/example_import.csv, the README's example."""
    return upload(EXAMPLE_IMPORT.read_bytes(), "example_import.csv")


def imported_count() -> int:
    """Recommendations of the example file's scrutinies."""
    return Recommendation.objects.filter(scrutiny__title__startswith="Example").count()


def due_dates(meeting, timescale) -> dict:
    """A timescale in months from `meeting`, as the update's promised dates."""
    if timescale[1] is None:
        return {"due_from": None, "due_by": None}
    due_from, due_by = promised_dates(meeting, timescale[0] or 0, timescale[1])
    return {"due_from": due_from, "due_by": due_by}


def make_report(scrutiny, day, number=1, published=True, committee_name="Test committee"):
    committee, _ = Committee.objects.get_or_create(name=committee_name)
    meeting, _ = Meeting.objects.get_or_create(committee=committee, date=day)
    return Report.objects.create(
        meeting=meeting,
        number=number,
        scrutiny=scrutiny,
        title=f"Update to {scrutiny}",
        published_at=PUBLISHED_AT if published else None,
    )


def add_update(
    report,
    recommendation,
    status,
    *,
    linked_to=None,
    timescale=(None, None),
    promised=None,
    response="Response.",
    outcome=None,
):
    """An update; its timescale in months from the report's meeting, or `promised` dates."""
    due = due_dates(report.meeting.date, timescale)
    if promised is not None:
        due = {"due_from": promised[0], "due_by": promised[1]}
    update = ProgressUpdate.objects.create(
        report=report,
        recommendation=recommendation,
        proposed_status=status,
        linked_to=linked_to,
        response=response,
        **due,
    )
    if outcome:
        MembersDecision.objects.create(update=update, outcome=outcome)
    return update


def seed_report():
    """The seed's one report (Report 4 of 6 March 2008); needs the `seed` fixture."""
    return Report.objects.select_related("meeting").get(number=4, meeting__date=date(2008, 3, 6))


def start_report_5():
    """Report 5 of 5 June 2008 as the service starts it from the seed's Report 4.

    The open updates are carried forward word for word; needs the `seed` fixture.
    """
    report_4 = seed_report()
    return services.start_next_report(
        committee=report_4.meeting.committee,
        meeting_date=date(2008, 6, 5),
        number=5,
        title=report_4.title,
        scrutiny=report_4.scrutiny,
    )


def draft_report_changing(recommendation, status, day=date(2008, 6, 5), **update_fields):
    """A later draft report of `recommendation`'s scrutiny that proposes `status` for it."""
    report = make_report(
        recommendation.scrutiny,
        day,
        published=False,
        committee_name="Co-ordination and Policing Committee",
    )
    add_update(report, recommendation, status, **update_fields)
    return report


# Proposed status and timescale in turn, so every status and window occurs.
PROPOSALS = [
    (Status.COMPLETE, (None, None)),
    (Status.OUTSTANDING, (0, 3)),
    (Status.CONSIDERATION, (None, None)),
    (Status.OUTSTANDING, (3, 6)),
]


def bulk_recommendations(count, *, scrutinies=3, title="Generated scrutiny"):
    """`count` recommendations spread over new scrutinies, each with reports and updates.

    Each scrutiny gets a published report (2009) and a later draft one (2010);
    every recommendation has an update in both. Every seventh is linked to the
    one before it, every fourth published update was agreed complete by members and
    every fifth decided the other way; every third recommendation bears on an objective
    when the strategy is loaded. Built with bulk_create, so quickly and
    without history records.
    """
    committee, _ = Committee.objects.get_or_create(name="Generated committee")
    first = Meeting.objects.create(committee=committee, date=date(2009, 1, 15))
    second = Meeting.objects.create(committee=committee, date=date(2010, 1, 15))
    created = []
    per_scrutiny = [
        count // scrutinies + (1 if i < count % scrutinies else 0) for i in range(scrutinies)
    ]
    objectives = itertools.cycle(Objective.objects.all() or [None])
    for index, size in enumerate(per_scrutiny, start=1):
        scrutiny = Scrutiny.objects.create(title=f"{title} {index}", body="Generated body")
        created.append(scrutiny)
        recommendations = Recommendation.objects.bulk_create(
            Recommendation(scrutiny=scrutiny, number=n, text=f"Generated recommendation {n}.")
            for n in range(1, size + 1)
        )
        published = Report.objects.create(
            meeting=first,
            number=index,
            scrutiny=scrutiny,
            title="Generated update",
            published_at=PUBLISHED_AT,
        )
        draft = Report.objects.create(
            meeting=second,
            number=index,
            scrutiny=scrutiny,
            title="Generated draft update",
        )
        _bulk_updates(recommendations, published, draft)
        through = Recommendation.objectives.through
        through.objects.bulk_create(
            through(recommendation=recommendation, objective=objective)
            for recommendation, objective in zip(recommendations[::3], objectives, strict=False)
            if objective is not None
        )
    return created


def _bulk_updates(recommendations, published, draft):
    """An update per recommendation in both reports, and decisions on some published ones."""
    updates = []
    for report, shift in ((published, 0), (draft, 1)):
        for position, recommendation in enumerate(recommendations):
            status, (start, end) = PROPOSALS[(position + shift) % len(PROPOSALS)]
            linked = position % 7 == 6
            updates.append(
                ProgressUpdate(
                    report=report,
                    recommendation=recommendation,
                    proposed_status=status,
                    **due_dates(report.meeting.date, (start, end)),
                    linked_to=recommendations[position - 1] if linked else None,
                    response=f"Progress on recommendation {recommendation.number}.",
                )
            )
    updates = ProgressUpdate.objects.bulk_create(updates)
    MembersDecision.objects.bulk_create(
        # Agreed as proposed (complete, every fourth), else the proposal's other decision.
        MembersDecision(
            update=update, outcome=OUTCOMES_FOR[update.proposed_status][position % 4 != 0]
        )
        for position, update in enumerate(updates[: len(recommendations)])
        if position % 4 == 0 or position % 5 == 0
    )


# Section A of Report 4 as the seed prints it, item by item.
SEED_SECTION_A = [
    "Members agree the following recommendations listed in the MPA Drugs Scrutiny are complete "
    "1, 3, 4, 5, 6, 7, 11, 12, 14, 15, 17, 19, 21, 22 and 23;",
    "Recommendation 18 should be linked to 17 above and agreement is sought that it is also "
    "complete;",
    "Recommendations 8, 10, 16, 20 and 24 require further work and timescales for expected "
    "completion to be noted;",
    "Recommendations 2 and 9 are to be considered by the Members as to whether any additional "
    "work is required; and",
    "Recommendation 13 should be linked with 2 and therefore treated as above.",
]


def form_values(response, form_id) -> dict:
    """The form on the page as a browser would submit it: every field's current value."""
    form = lxml.html.fromstring(response.content.decode()).get_element_by_id(form_id)
    for textarea in form.xpath(".//textarea"):  # a browser drops the newline after <textarea>
        if textarea.text and textarea.text.startswith("\n"):
            textarea.text = textarea.text[1:]
    values = dict(form.form_values())
    for radio in form.xpath(".//input[@type='radio'][@checked]"):  # lxml says "on" for value=""
        values[radio.name] = radio.get("value", "")
    return values


def admin_recommendation_form(recommendation, **changes) -> dict:
    """What a recommendation's admin page posts unchanged, with `changes` on top.

    The page's two inlines are empty: draft updates, and published ones shown read-only.
    """
    data = {
        "scrutiny": recommendation.scrutiny_id,
        "number": recommendation.number,
        "text": recommendation.text,
        "note": recommendation.note,
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
        "updates-2-TOTAL_FORMS": 0,  # updates in published reports, read-only
        "updates-2-INITIAL_FORMS": 0,
    }
    return data | changes
