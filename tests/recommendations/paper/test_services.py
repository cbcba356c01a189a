"""The workflow rules: start the next report, publish it, record members' decisions."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recommendations.models import (
    Committee,
    Meeting,
    MembersDecision,
    Outcome,
    ProgressUpdate,
    Recommendation,
    Report,
    ReportSection,
    Scrutiny,
)
from recommendations.paper import services
from recommendations.paper.services import Decision
from recommendations.status import DECIDED, PROPOSED, current_statuses
from tests.factories import add_update, make_report

pytestmark = pytest.mark.django_db

OPEN_IN_REPORT_4 = [2, 8, 9, 10, 13, 16, 20, 24]


def start(**overrides):
    seed = Report.objects.get(number=4)
    arguments = {
        "committee": seed.meeting.committee,
        "meeting_date": date(2008, 6, 5),
        "number": 5,
        "title": "Drugs scrutiny recommendations update",
        "scrutiny": seed.scrutiny,
    } | overrides
    return services.start_next_report(**arguments)


def numbers(report):
    return list(
        report.updates.order_by("recommendation__number").values_list(
            "recommendation__number", flat=True
        )
    )


def statuses():
    """Each recommendation's current status, by number."""
    current = current_statuses(ProgressUpdate.objects.for_status())
    return {r.number: current[r.pk] for r in Recommendation.objects.all() if r.pk in current}


class TestStartNextReport:
    def test_it_makes_the_meeting_and_a_draft_with_the_open_recommendations(self, seed):
        report = start()
        assert not report.is_published
        assert report.meeting.date == date(2008, 6, 5)
        assert report.meeting.committee.name == "Co-ordination and Policing Committee"
        assert numbers(report) == OPEN_IN_REPORT_4

    def test_each_update_carries_the_latest_forward_but_not_its_sentence(self, seed):
        report = start()
        earlier = ProgressUpdate.objects.get(report__number=4, recommendation__number=10)
        carried = report.updates.get(recommendation__number=10)
        assert carried.response == earlier.response
        # The dates Report 4 promised, kept: not three to six months from 5 June.
        assert (carried.proposed_status, carried.due_from, carried.due_by) == (
            "outstanding",
            date(2008, 6, 6),
            date(2008, 9, 6),
        )
        assert carried.status_statement == ""
        linked = report.updates.get(recommendation__number=13)
        assert (linked.proposed_status, linked.linked_to.number) == ("complete", 2)

    def test_it_carries_the_previous_papers_abbreviations_list_in_its_order(self, seed):
        report_4 = Report.objects.get(number=4)
        report_4.abbreviations.filter(term="AC").delete()  # the previous paper's list as it is
        report = start()
        listed = list(report.abbreviations.values_list("position", "term", "expansion"))
        assert listed == list(report_4.abbreviations.values_list("position", "term", "expansion"))
        assert len(listed) == 34
        assert report.abbreviations.get(term="DIP").history.count() == 1

    def test_the_latest_paper_is_the_one_carried_from(self, seed):
        later = make_report(Report.objects.get().scrutiny, date(2008, 5, 1), published=False)
        later.abbreviations.create(position=1, term="NEW", expansion="A later paper's term")
        report = start()
        assert list(report.abbreviations.values_list("term", "expansion")) == [
            ("NEW", "A later paper's term")
        ]

    def test_an_existing_meeting_is_reused(self, seed):
        committee = Committee.objects.get()
        meeting = Meeting.objects.create(committee=committee, date=date(2008, 6, 5))
        assert start().meeting == meeting
        assert Meeting.objects.count() == 2

    def test_a_recommendation_never_reported_on_is_included(self, seed):
        new = Recommendation.objects.create(
            scrutiny=Report.objects.get().scrutiny, number=25, text="A new one."
        )
        update = start().updates.get(recommendation=new)
        assert (update.proposed_status, update.response) == (
            "consideration",
            services.NO_PROGRESS_YET,
        )

    def test_complete_not_agreed_is_still_open_and_agreed_complete_is_not(self, seed):
        report_4 = Report.objects.get(number=4)
        for number, outcome in ((1, Outcome.NOT_AGREED), (3, Outcome.AGREED_COMPLETE)):
            MembersDecision.objects.create(
                update=report_4.updates.get(recommendation__number=number), outcome=outcome
            )
        assert numbers(start()) == sorted([1, *OPEN_IN_REPORT_4])

    def test_the_latest_update_is_carried_even_from_a_draft(self, seed):
        scrutiny = Report.objects.get().scrutiny
        later = make_report(scrutiny, date(2008, 5, 1), published=False)
        add_update(
            later,
            Recommendation.objects.get(number=8),
            "outstanding",
            timescale=(0, 1),
            response="Nearly there.",
        )
        update = start(meeting_date=date(2008, 6, 5)).updates.get(recommendation__number=8)
        assert (update.response, update.due_by) == ("Nearly there.", date(2008, 6, 1))

    def test_a_number_already_used_at_that_meeting_changes_nothing(self, seed):
        start()
        before = (Report.objects.count(), ProgressUpdate.objects.count(), Meeting.objects.count())
        other = Scrutiny.objects.create(title="Another scrutiny")
        with pytest.raises(ValidationError) as error:
            start(scrutiny=other)
        assert error.value.message_dict == {
            "number": [
                "Report 5 has already been started for the Co-ordination and Policing Committee "
                "meeting on 5 June 2008: open it from the reports page."
            ]
        }
        after = (Report.objects.count(), ProgressUpdate.objects.count(), Meeting.objects.count())
        assert after == before

    def test_a_bad_title_leaves_no_meeting_behind(self, seed):
        with pytest.raises(ValidationError):
            start(title="")
        assert Meeting.objects.count() == 1
        assert Report.objects.count() == 1

    @pytest.mark.parametrize("day", [date(2008, 1, 1), date(2008, 3, 6)])
    def test_a_meeting_not_after_the_latest_report_is_refused(self, seed, day):
        with pytest.raises(ValidationError) as error:
            start(meeting_date=day)
        assert error.value.message_dict == {
            "meeting_date": [
                "Meeting date must be after 6 March 2008, the meeting of Report 4, "
                "the latest report on the MPA Drugs Scrutiny"
            ]
        }
        assert (Report.objects.count(), Meeting.objects.count()) == (1, 1)

    def test_a_draft_counts_as_the_latest_report(self, seed):
        start()
        with pytest.raises(ValidationError, match="after 5 June 2008, the meeting of Report 5"):
            start(meeting_date=date(2008, 5, 1), number=6)

    def test_a_scrutiny_with_no_report_may_start_on_any_date(self, seed):
        other = Scrutiny.objects.create(title="Another scrutiny")
        assert start(scrutiny=other, meeting_date=date(2001, 1, 1)).meeting.date == date(2001, 1, 1)


class TestDiscardDraft:
    def test_it_deletes_the_draft_its_updates_and_sections_and_keeps_the_meeting(self, seed):
        draft = start()
        draft.sections.create(letter="C", heading="Race and equality impact", body="None.")
        services.discard_draft(report=draft)
        assert list(Report.objects.values_list("number", flat=True)) == [4]
        assert not ProgressUpdate.objects.filter(report_id=draft.pk).exists()
        assert not ReportSection.objects.filter(report_id=draft.pk).exists()
        assert Meeting.objects.filter(date=date(2008, 6, 5)).exists()

    def test_a_published_report_is_refused_and_kept(self, seed):
        report = Report.objects.get()
        updates = report.updates.count()
        with pytest.raises(ValidationError) as error:
            services.discard_draft(report=report)
        assert error.value.messages == [
            "Report 4 was published on 6 March 2008; corrections go in the next report."
        ]
        assert report.updates.count() == updates == 24

    def test_a_draft_published_since_it_was_read_is_refused(self, seed):
        draft = start()
        stale = Report.objects.get(pk=draft.pk)
        services.publish_report(report=draft)
        with pytest.raises(ValidationError, match="Report 5 was published"):
            services.discard_draft(report=stale)
        assert Report.objects.filter(pk=draft.pk).exists()


class TestPublishReport:
    def test_it_stamps_the_time(self, seed):
        draft = start()
        when = datetime(2008, 6, 1, 9, 30, tzinfo=UTC)
        services.publish_report(report=draft, at=when)
        draft.refresh_from_db()
        assert draft.published_at == when

    def test_now_by_default(self, seed):
        draft = start()
        published = services.publish_report(report=draft)
        assert published.is_published
        assert Report.objects.get(pk=draft.pk).published_at == published.published_at

    def test_a_published_report_is_refused(self, seed):
        report = Report.objects.get()
        stamp = report.published_at
        with pytest.raises(ValidationError) as error:
            services.publish_report(report=report)
        assert error.value.messages == [
            "Report 4 was published on 6 March 2008; corrections go in the next report."
        ]
        report.refresh_from_db()
        assert report.published_at == stamp


def update_of(number, report_number=4):
    return ProgressUpdate.objects.get(report__number=report_number, recommendation__number=number)


class TestRecordDecisions:
    def test_it_creates_updates_and_removes_decisions(self, seed):
        report = Report.objects.get()
        eight, nine, ten = update_of(8), update_of(9), update_of(10)
        MembersDecision.objects.create(update=nine, outcome=Outcome.DEFERRED)
        MembersDecision.objects.create(update=ten, outcome=Outcome.NEW_TIMESCALE)
        services.record_decisions(
            report=report,
            decisions={
                eight.pk: Decision(Outcome.TIMESCALE_NOTED, "Agreed without discussion."),
                nine.pk: Decision(Outcome.FURTHER_WORK),
                ten.pk: Decision(""),
            },
        )
        assert MembersDecision.objects.get(update=eight).minute == "Agreed without discussion."
        assert MembersDecision.objects.get(update=nine).outcome == Outcome.FURTHER_WORK
        assert not MembersDecision.objects.filter(update=ten).exists()

    def test_the_current_status_follows_the_decisions(self, seed):
        report_4 = Report.objects.get()
        services.record_decisions(
            report=report_4, decisions={update_of(8).pk: Decision(Outcome.TIMESCALE_NOTED)}
        )
        assert (statuses()[8].status, statuses()[8].basis) == ("outstanding", DECIDED)

        report_5 = start()
        report_5.updates.filter(recommendation__number=8).update(
            proposed_status="complete", due_from=None, due_by=None
        )
        services.publish_report(report=report_5)
        services.record_decisions(
            report=report_5, decisions={update_of(8, 5).pk: Decision(Outcome.NOT_AGREED)}
        )
        assert statuses()[8].status == "outstanding"  # members did not agree complete
        services.record_decisions(
            report=report_5, decisions={update_of(8, 5).pk: Decision(Outcome.AGREED_COMPLETE)}
        )
        assert (statuses()[8].status, statuses()[8].basis) == ("complete", DECIDED)
        assert statuses()[9].basis == PROPOSED

    def test_a_minute_without_a_decision_saves_nothing(self, seed):
        report = Report.objects.get()
        with pytest.raises(ValidationError) as error:
            services.record_decisions(
                report=report,
                decisions={
                    update_of(8).pk: Decision(Outcome.TIMESCALE_NOTED),
                    update_of(9).pk: Decision("", "Members talked."),
                },
            )
        assert "Recommendation 9" in error.value.messages[0]
        assert not MembersDecision.objects.exists()

    def test_an_update_of_another_report_is_refused(self, seed):
        report = Report.objects.get()
        other = start()
        with pytest.raises(ValidationError):
            services.record_decisions(
                report=report,
                decisions={
                    update_of(8).pk: Decision(Outcome.TIMESCALE_NOTED),
                    other.updates.first().pk: Decision(Outcome.TIMESCALE_NOTED),
                },
            )
        assert not MembersDecision.objects.exists()

    def test_a_bad_outcome_saves_nothing(self, seed):
        report = Report.objects.get()
        with pytest.raises(ValidationError):
            services.record_decisions(
                report=report,
                decisions={
                    update_of(8).pk: Decision(Outcome.TIMESCALE_NOTED),
                    update_of(9).pk: Decision("maybe"),
                },
            )
        assert not MembersDecision.objects.exists()

    def test_a_decision_that_does_not_fit_the_proposal_saves_nothing(self, seed):
        with pytest.raises(ValidationError) as error:
            services.record_decisions(
                report=Report.objects.get(),
                decisions={
                    update_of(1).pk: Decision(Outcome.AGREED_COMPLETE),
                    update_of(9).pk: Decision(Outcome.AGREED_COMPLETE),
                },
            )
        assert error.value.messages == [
            "Recommendation 9 was put to members as for members' consideration: choose "
            "“No further work required: complete” or “Further work required” or “Deferred”."
        ]
        assert not MembersDecision.objects.exists()

    def test_a_linked_recommendation_is_decided_as_the_paper_put_it(self, seed):
        """13 is linked to 2, so it was put to members for their consideration."""
        services.record_decisions(
            report=Report.objects.get(), decisions={update_of(13).pk: Decision(Outcome.DEFERRED)}
        )
        assert statuses()[13].status == "consideration"

    def test_the_next_report_starts_from_the_decisions(self, seed):
        services.record_decisions(
            report=Report.objects.get(),
            decisions={
                update_of(1).pk: Decision(Outcome.NOT_AGREED),
                update_of(2).pk: Decision(Outcome.FURTHER_WORK),
                update_of(9).pk: Decision(Outcome.NO_FURTHER_WORK),
                update_of(8).pk: Decision(Outcome.TIMESCALE_NOTED),
                update_of(10).pk: Decision(Outcome.NEW_TIMESCALE),
            },
        )
        carried = {
            update.recommendation.number: (update.proposed_status, (update.due_from, update.due_by))
            for update in start().updates.select_related("recommendation")
        }
        assert 9 not in carried  # members decided no further work: complete
        eight = update_of(8)
        assert carried[1] == ("outstanding", (None, None))  # a timescale is due from staff
        assert carried[2] == ("outstanding", (None, None))
        assert carried[8] == ("outstanding", (eight.due_from, eight.due_by))  # noted: carried
        assert carried[10] == ("outstanding", (None, None))  # a new one was asked for

    def test_a_draft_is_refused(self, seed):
        draft = start()
        with pytest.raises(ValidationError) as error:
            services.record_decisions(
                report=draft, decisions={draft.updates.first().pk: Decision(Outcome.DEFERRED)}
            )
        assert error.value.messages == [
            "Report 5 is a draft: publish it before recording members' decisions on it."
        ]
        assert not MembersDecision.objects.exists()


class TestCarriedPromisesKeepTheirDates:
    """Report 4 promised recommendation 8 by 6 June 2008; Report 5 meets on 5 June."""

    def pages(self, client, report):
        recommendation_8 = Recommendation.objects.get(number=8)
        urls = [
            reverse("recommendations:dashboard"),
            reverse("recommendations:detail", args=[recommendation_8.pk]),
            reverse("recommendations:report", args=[report.pk]),
            reverse("recommendations:changes", args=[report.pk]),
            reverse("recommendations:list") + "?overdue=yes",
            reverse("recommendations:report_export", args=[report.pk, "csv"]),
        ]
        return {url: client.get(url).content.decode() for url in urls}

    def test_no_page_moves_recommendation_8_to_5_september(self, seed, member, client_for):
        report = start()
        carried = report.updates.get(recommendation__number=8)
        assert (carried.due_from, carried.due_by) == (None, date(2008, 6, 6))
        for url, text in self.pages(client_for(member), report).items():
            assert "5 September 2008" not in text, url
            assert "2008-09-05" not in text, url
        paper = client_for(member).get(reverse("recommendations:report", args=[report.pk]))
        assert "should be complete by 6 June 2008" in paper.content.decode()
        page_8 = client_for(member).get(
            reverse("recommendations:detail", args=[carried.recommendation_id])
        )
        assert "6 June 2008" in page_8.content.decode()

    def test_what_changed_lists_no_slipped_timescales(self, seed, member, client_for):
        report = start()
        changes = client_for(member).get(reverse("recommendations:changes", args=[report.pk]))
        assert changes.context["changes"].slipped_timescales == []
