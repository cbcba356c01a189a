"""No route around the record: each way of writing to a published report is refused.

Each test tries one route as an attacker or a careless clerk would, through
the real admin pages, and checks the refusal and that Report 4's stored HTML
export is byte for byte what it was. The PostgreSQL tests race two
connections, as two requests would.
"""

import threading
import time
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from recommendations import imports as imports_package
from recommendations.imports import ImportFailed, import_recommendations
from recommendations.models import (
    MembersDecision,
    PaperRecord,
    ProgressUpdate,
    Recommendation,
    Report,
)
from recommendations.paper import record, services
from recommendations.paper.record import render_record_files
from tests.factories import add_update, make_report, seed_report
from tests.recommendations.test_admin import change_url, update_inline_form
from tests.recommendations.test_concurrency import opened, page_text

pytestmark = pytest.mark.django_db

PUBLISHED = "Report 4 was published on 6 March 2008; corrections go in the next report."


def stored_html(report) -> bytes:
    return bytes(render_record_files(PaperRecord.objects.get(report=report).pk).html)


@pytest.fixture
def report_4(seed):
    report = seed_report()
    stored_html(report)  # rendered once, as after publishing
    return report


@pytest.fixture
def draft(report_4):
    return make_report(
        report_4.scrutiny,
        date(2008, 6, 5),
        number=5,
        published=False,
        committee_name="Co-ordination and Policing Committee",
    )


class TestOnARecommendationsPage:
    def test_moving_the_report_4_row_to_a_draft_is_refused(
        self, report_4, draft, staff, client_for
    ):
        update = report_4.updates.get(recommendation__number=8)
        before = stored_html(report_4)
        # Its published updates are shown read-only, so the editable rows do not hold it;
        # a row posted for it anyway is not one of theirs, and nothing of it is saved.
        client_for(staff).post(
            change_url("recommendation", update.recommendation_id),
            update_inline_form(update, **{"updates-0-report": draft.pk}),
        )
        assert ProgressUpdate.objects.get(pk=update.pk).report_id == report_4.pk
        assert stored_html(report_4) == before

    def test_moving_it_and_ticking_delete_is_refused(self, report_4, draft, staff, client_for):
        update = report_4.updates.get(recommendation__number=8)
        before = stored_html(report_4)
        client_for(staff).post(
            change_url("recommendation", update.recommendation_id),
            update_inline_form(update, **{"updates-0-report": draft.pk, "updates-0-DELETE": "on"}),
        )
        assert ProgressUpdate.objects.filter(pk=update.pk, report=report_4).exists()
        assert stored_html(report_4) == before

    def test_moving_a_drafts_row_into_report_4_is_refused(self, report_4, draft, staff, client_for):
        recommendation = Recommendation.objects.get(number=8)
        other = make_report(report_4.scrutiny, date(2008, 9, 5), number=6, published=False)
        update = add_update(other, recommendation, "complete")
        response = client_for(staff).post(
            change_url("recommendation", recommendation.pk),
            update_inline_form(update, **{"updates-0-report": report_4.pk}),
        )
        assert response.status_code == 200
        assert PUBLISHED in page_text(response)
        assert ProgressUpdate.objects.get(pk=update.pk).report_id == other.pk


class TestHistoryRevert:
    def test_reverting_into_a_report_published_since_is_refused(
        self, report_4, draft, staff, client_for
    ):
        """An update made in one draft, moved to another; the first is then published."""
        recommendation = Recommendation.objects.get(number=8)
        later = make_report(report_4.scrutiny, date(2008, 9, 5), number=6, published=False)
        update = ProgressUpdate(
            report=draft, recommendation=recommendation, proposed_status="complete", response="R."
        )
        update.save()
        first_version = update.history.get()
        update.report = later
        update.save_if_current()
        services.publish_report(report=draft)
        before = stored_html(draft)

        client = client_for(staff)
        url = reverse(
            "admin:recommendations_progressupdate_simple_history",
            args=[update.pk, first_version.history_id],
        )
        response = client.post(url, opened(client, url, "historicalprogressupdate_form"))

        assert response.status_code == 200
        assert "Report 5 was published on" in page_text(response)
        assert ProgressUpdate.objects.get(pk=update.pk).report_id == later.pk
        assert stored_html(draft) == before


class TestMeetingsOfPublishedReports:
    def test_changing_the_date_is_refused(self, report_4, officer, client_for):
        meeting = report_4.meeting
        response = client_for(officer).post(
            reverse("admin:recommendations_meeting_change", args=[meeting.pk]),
            {"committee": meeting.committee_id, "date": "2009-03-06"},
        )
        assert response.status_code == 200
        assert "received Report 4, which is published" in page_text(response)
        meeting.refresh_from_db()
        assert meeting.date == date(2008, 3, 6)

    def test_a_drafts_meeting_may_move(self, draft, officer, client_for):
        response = client_for(officer).post(
            reverse("admin:recommendations_meeting_change", args=[draft.meeting_id]),
            {"committee": draft.meeting.committee_id, "date": "2008-06-12"},
        )
        assert response.status_code == 302
        draft.meeting.refresh_from_db()
        assert draft.meeting.date == date(2008, 6, 12)


class TestDecisionsInTheAdmin:
    def test_a_decision_on_a_drafts_update_is_refused(self, report_4, draft, officer, client_for):
        update = add_update(draft, Recommendation.objects.get(number=8), "complete")
        response = client_for(officer).post(
            reverse("admin:recommendations_membersdecision_add"),
            {"update": update.pk, "outcome": "agreed", "minute": ""},
        )
        assert response.status_code == 200
        assert "Report 5 is a draft: publish it before recording" in page_text(response)
        assert not MembersDecision.objects.exists()


class TestBulkActions:
    def test_deleting_report_4s_updates_in_bulk_is_refused(self, report_4, officer, client_for):
        before = stored_html(report_4)
        ids = list(report_4.updates.values_list("pk", flat=True)[:3])
        response = client_for(officer).post(
            reverse("admin:recommendations_progressupdate_changelist"),
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
            follow=True,
        )
        assert response.status_code == 200
        assert report_4.updates.count() == 24
        assert stored_html(report_4) == before

    def test_publishing_a_report_someone_published_meanwhile_answers_a_message(
        self, draft, officer, client_for, monkeypatch
    ):
        publish = services.publish_report

        def someone_else_first(*, report, at=None):
            publish(report=Report.objects.get(pk=report.pk))
            return publish(report=report, at=at)

        monkeypatch.setattr(services, "publish_report", someone_else_first)
        response = client_for(officer).post(
            reverse("admin:recommendations_report_changelist"),
            {"action": "publish_selected", "_selected_action": [draft.pk]},
            follow=True,
        )
        assert response.status_code == 200
        assert "Report 5 was not published: Report 5 was published on" in page_text(response)
        assert PaperRecord.objects.filter(report=draft).count() == 1


class TestImport:
    def test_a_row_changing_report_4_is_refused(self, report_4, staff):
        before = stored_html(report_4)
        file = (
            b"scrutiny,number,text,committee,meeting_date,report_number,report_title,status,"
            b"response\nMPA Drugs Scrutiny,8,New words.,Co-ordination and Policing Committee,"
            b"2008-03-06,4,Drugs scrutiny recommendations update,complete,Done.\n"
        )
        with pytest.raises(ImportFailed) as failure:
            import_recommendations(file=file, user=staff)
        assert "is published; corrections go in the next report" in str(failure.value.problems)
        assert stored_html(report_4) == before


# --- PostgreSQL: two connections at once

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks")


def in_thread(target, outcome, name):
    def run():
        try:
            outcome[name] = target()
        except Exception as error:  # the test reads what each side met
            outcome[name] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def publishing_paused(report_pk, locked, may_finish):
    """Publish, pausing with the report locked until `may_finish` is set."""
    capture = record.capture_record

    def paused(report):
        locked.set()
        may_finish.wait(10)
        return capture(report)

    def run():
        services.capture_record = paused
        try:
            return services.publish_report(report=Report.objects.get(pk=report_pk))
        finally:
            services.capture_record = capture

    return run


def import_rows(count: int) -> bytes:
    header = (
        "scrutiny,scrutiny_body,number,text,committee,meeting_date,report_number,report_title,"
        "status,response\n"
    )
    rows = "".join(
        f"Raced scrutiny,Body,{n},Text {n}.,Raced committee,2010-01-15,1,Raced update,"
        f"complete,Done {n}.\n"
        for n in range(1, count + 1)
    )
    return (header + rows).encode()


@on_postgresql
@pytest.mark.django_db(transaction=True)
class TestRacesOnPostgreSQL:
    def test_an_admin_save_waits_for_a_publish_then_is_refused(self, seed, superuser, client_for):
        report_4 = seed_report()
        draft = make_report(report_4.scrutiny, date(2008, 6, 5), number=5, published=False)
        update = add_update(draft, Recommendation.objects.get(number=8), "complete")
        client = client_for(superuser)
        url = change_url("recommendation", update.recommendation_id)
        form = update_inline_form(update, **{"updates-0-response": "Typed during the publish."})
        locked, may_finish, outcome = threading.Event(), threading.Event(), {}

        publisher = in_thread(publishing_paused(draft.pk, locked, may_finish), outcome, "publish")
        assert locked.wait(10)
        saver = in_thread(lambda: client.post(url, form), outcome, "save")
        time.sleep(0.5)
        assert saver.is_alive()  # waiting on the report's lock
        may_finish.set()
        publisher.join(10)
        saver.join(10)

        assert isinstance(outcome["publish"], Report)
        assert outcome["save"].status_code == 200
        assert "Report 5 was published on" in page_text(outcome["save"])
        assert ProgressUpdate.objects.get(pk=update.pk).response == "Response."
        paper = record.recorded_paper(PaperRecord.objects.get(report=draft))[0]
        assert [entry.response for entry in paper.supporting] == ["Response."]

    def test_a_publish_waits_for_a_2000_row_import_which_it_then_records(self, seed):
        import_recommendations(file=import_rows(1))
        report = Report.objects.get(title="Raced update")
        imported, may_finish, outcome = threading.Event(), threading.Event(), {}
        write = imports_package.write_rows

        def importing():
            def paused(*args, **kwargs):
                result = write(*args, **kwargs)
                imported.set()
                may_finish.wait(20)
                return result

            imports_package.write_rows = paused
            try:
                return import_recommendations(file=import_rows(2000))
            finally:
                imports_package.write_rows = write

        importer = in_thread(importing, outcome, "import")
        assert imported.wait(120)
        publisher = in_thread(lambda: services.publish_report(report=report), outcome, "publish")
        time.sleep(0.5)
        assert publisher.is_alive()  # waiting for the import to commit
        may_finish.set()
        importer.join(60)
        publisher.join(60)

        assert not isinstance(outcome["import"], Exception), outcome["import"]
        paper = record.recorded_paper(PaperRecord.objects.get(report=report))[0]
        assert len(paper.supporting) == 2000  # the record holds what the import wrote

    def test_an_import_after_a_publish_is_refused_whole(self, seed):
        import_recommendations(file=import_rows(1))
        report = Report.objects.get(title="Raced update")
        locked, may_finish, outcome = threading.Event(), threading.Event(), {}
        publisher = in_thread(publishing_paused(report.pk, locked, may_finish), outcome, "publish")
        assert locked.wait(10)
        importer = in_thread(
            lambda: import_recommendations(file=import_rows(2000)), outcome, "import"
        )
        time.sleep(1)
        may_finish.set()
        publisher.join(30)
        importer.join(120)

        assert isinstance(outcome["import"], ImportFailed)
        assert "is published; corrections go in the next report" in str(outcome["import"].problems)
        assert report.updates.count() == 1
        stored = record.recorded_paper(PaperRecord.objects.get(report=report))[0]
        assert len(stored.supporting) == 1
