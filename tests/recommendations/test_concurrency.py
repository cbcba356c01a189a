"""No lost updates: two people edit the same thing; the second save is refused, not silent.

Each test opens the real pages with two clients, as two browsers would, and
submits what the page holds (its hidden version field included), changed
where the person typed. Starting or publishing the same report at once, on
threads sharing a real database, makes it once and tells the others why.
"""

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections, transaction
from django.db.models import F
from django.forms import modelform_factory
from django.urls import reverse

from recommendations import imports
from recommendations.admin import VersionedAdmin
from recommendations.forms import VersionedForm
from recommendations.imports import ImportFailed, import_recommendations
from recommendations.models import (
    MembersDecision,
    Outcome,
    PaperRecord,
    ProgressUpdate,
    Recommendation,
    Report,
    Status,
)
from recommendations.paper import services
from recommendations.versions import VersionConflict
from tests.conftest import page_text, person
from tests.factories import add_update, form_values, make_report, seed_report, start_report_5

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_staff(db):
    return person("staff2", "Directorate staff", is_staff=True)


@pytest.fixture
def other_officer(db):
    return person("officer2", "Committee officers", is_staff=True)


def change_url(model, pk):
    return reverse(f"admin:recommendations_{model}_change", args=[pk])


def opened(client, url, form_id) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return form_values(response, form_id)


def inline_prefix(form: dict, update) -> str:
    """The prefix ("updates-2") of the inline row that edits `update` in a change form."""
    return next(
        name for name, value in form.items() if name.endswith("-id") and value == str(update.pk)
    )[: -len("-id")]


@pytest.fixture
def draft(seed):
    """A draft report after the seed's, with updates on recommendations 8 and 10."""
    report_4 = seed_report()
    report = make_report(report_4.scrutiny, date(2008, 6, 5), number=5, published=False)
    for number in (8, 10):
        add_update(
            report,
            Recommendation.objects.get(number=number),
            Status.OUTSTANDING,
            promised=(None, date(2008, 6, 6)),  # as Report 4 promised for 8: no slip
            response=f"Recommendation {number}: work goes on.",
        )
    return report


class TestRecommendationChangeForm:
    def test_the_page_carries_the_version_it_shows(self, seed, staff, client_for):
        recommendation = Recommendation.objects.get(number=1)
        Recommendation.objects.filter(pk=recommendation.pk).update(version=7)
        url = change_url("recommendation", recommendation.pk)
        form = opened(client_for(staff), url, "recommendation_form")
        assert form["seen_version"] == "7"

    def test_the_second_save_is_refused_showing_what_differs(
        self, seed, staff, other_staff, client_for
    ):
        recommendation = Recommendation.objects.get(number=1)
        url = change_url("recommendation", recommendation.pk)
        first, second = client_for(staff), client_for(other_staff)
        first_form = opened(first, url, "recommendation_form")
        second_form = opened(second, url, "recommendation_form")
        history_before = recommendation.history.count()

        assert first.post(url, first_form | {"text": "First person's words."}).status_code == 302
        response = second.post(url, second_form | {"text": "Second person's words."})

        assert response.status_code == 200
        text = page_text(response)
        assert "This recommendation was saved by staff after you opened this page" in text
        assert "Text: yours “Second person's words.”, now stored “First person's words.”." in text
        recommendation.refresh_from_db()
        assert recommendation.text == "First person's words."
        assert recommendation.history.count() == history_before + 1
        assert recommendation.history.first().history_user == staff

    def test_saving_the_refused_page_again_replaces_the_stored_values(
        self, seed, staff, other_staff, client_for
    ):
        recommendation = Recommendation.objects.get(number=1)
        url = change_url("recommendation", recommendation.pk)
        first, second = client_for(staff), client_for(other_staff)
        first_form = opened(first, url, "recommendation_form")
        second_form = opened(second, url, "recommendation_form")
        first.post(url, first_form | {"text": "First person's words."})
        refused = second.post(url, second_form | {"text": "Second person's words."})

        again = form_values(refused, "recommendation_form")
        assert again["text"] == "Second person's words."
        assert second.post(url, again).status_code == 302
        recommendation.refresh_from_db()
        assert recommendation.text == "Second person's words."
        assert recommendation.history.first().history_user == other_staff

    def test_a_stale_page_that_overwrites_nothing_of_theirs_saves(
        self, seed, staff, other_staff, client_for
    ):
        """The second person changed the note only, and typed the first person's words too."""
        recommendation = Recommendation.objects.get(number=1)
        recommendation.save_if_current()  # history holds each version from now on
        url = change_url("recommendation", recommendation.pk)
        first, second = client_for(staff), client_for(other_staff)
        first_form = opened(first, url, "recommendation_form")
        second_form = opened(second, url, "recommendation_form")
        first.post(url, first_form | {"text": "Agreed wording."})
        response = second.post(url, second_form | {"text": "Agreed wording.", "note": "A note."})
        assert response.status_code == 302
        recommendation.refresh_from_db()
        assert (recommendation.text, recommendation.note) == ("Agreed wording.", "A note.")

    def test_a_save_racing_past_the_check_is_refused_and_changes_nothing(
        self, seed, staff, client_for, monkeypatch
    ):
        """Someone saves between the form's check and this save: the conditional UPDATE holds."""
        recommendation = Recommendation.objects.get(number=1)
        url = change_url("recommendation", recommendation.pk)
        client = client_for(staff)
        form = opened(client, url, "recommendation_form")
        checked_save = VersionedAdmin.save_model

        def someone_saves_first(self, request, obj, form, change):
            Recommendation.objects.filter(pk=obj.pk).update(version=F("version") + 1)
            checked_save(self, request, obj, form, change)

        monkeypatch.setattr(VersionedAdmin, "save_model", someone_saves_first)
        history_before = recommendation.history.count()
        response = client.post(url, form | {"text": "Lost in the race."}, follow=True)

        assert response.status_code == 200
        assert (
            "someone else saved this recommendation (Recommendation 1) while you were "
            "saving it" in page_text(response)
        )
        recommendation.refresh_from_db()
        assert recommendation.text.startswith("As a priority")
        assert recommendation.history.count() == history_before

    def test_a_damaged_version_is_refused_and_changes_nothing(self, seed, staff, client_for):
        recommendation = Recommendation.objects.get(number=1)
        url = change_url("recommendation", recommendation.pk)
        client = client_for(staff)
        form = opened(client, url, "recommendation_form")
        response = client.post(url, form | {"text": "Changed.", "seen_version": "seven"})
        assert response.status_code == 200
        assert "This page was damaged: reload it" in page_text(response)
        recommendation.refresh_from_db()
        assert recommendation.text.startswith("As a priority")

    def test_without_the_history_of_the_version_shown_every_difference_counts(
        self, seed, staff, other_staff, client_for
    ):
        """Rows loaded from fixtures have no history: what the page showed is unknown."""
        recommendation = Recommendation.objects.get(number=1)
        url = change_url("recommendation", recommendation.pk)
        first, second = client_for(staff), client_for(other_staff)
        first_form = opened(first, url, "recommendation_form")
        second_form = opened(second, url, "recommendation_form")
        first.post(url, first_form | {"text": "First person's words."})
        response = second.post(url, second_form | {"note": "A note."})
        assert response.status_code == 200
        assert "Note: yours “A note.”, now stored “(empty)”." in page_text(response)
        assert Recommendation.objects.get(pk=recommendation.pk).note == ""


class TestReportChangeForm:
    def test_the_second_officer_to_rename_a_draft_is_refused(
        self, draft, officer, other_officer, client_for
    ):
        url = change_url("report", draft.pk)
        first, second = client_for(officer), client_for(other_officer)
        first_form = opened(first, url, "report_form")
        second_form = opened(second, url, "report_form")
        assert first.post(url, first_form | {"title": "First title"}).status_code == 302
        response = second.post(url, second_form | {"title": "Second title"})
        assert response.status_code == 200
        assert "Title: yours “Second title”, now stored “First title”." in page_text(response)
        draft.refresh_from_db()
        assert draft.title == "First title"
        assert draft.history.count() == 2  # made, then the first save; not the second


class TestUpdateEditedInline:
    def test_via_the_report_the_second_save_is_refused(
        self, draft, officer, other_officer, client_for
    ):
        update = draft.updates.get(recommendation__number=8)
        position = list(draft.updates.order_by("recommendation__number")).index(update)
        field = f"updates-{position}-response"
        url = change_url("report", draft.pk)
        first, second = client_for(officer), client_for(other_officer)
        first_form = opened(first, url, "report_form")
        second_form = opened(second, url, "report_form")

        assert first.post(url, first_form | {field: "First account."}).status_code == 302
        response = second.post(url, second_form | {field: "Second account."})

        assert response.status_code == 200
        text = page_text(response)
        assert "This progress update was saved by officer after you opened this page" in text
        assert "Response: yours “Second account.”, now stored “First account.”." in text
        update.refresh_from_db()
        assert update.response == "First account."
        assert update.history.count() == 2  # made, then the first save; not the second

    def test_via_the_recommendation_the_second_save_is_refused(
        self, draft, staff, other_staff, client_for
    ):
        update = draft.updates.get(recommendation__number=8)
        url = change_url("recommendation", update.recommendation_id)
        first, second = client_for(staff), client_for(other_staff)
        first_form = opened(first, url, "recommendation_form")
        second_form = opened(second, url, "recommendation_form")
        position = inline_prefix(first_form, update)

        changed = {
            f"{position}-proposed_status": Status.COMPLETE,
            f"{position}-due_from": "",
            f"{position}-due_by": "",
        }
        assert first.post(url, first_form | changed).status_code == 302
        response = second.post(url, second_form | {f"{position}-response": "Second account."})

        assert response.status_code == 200
        text = page_text(response)
        assert "Proposed status: yours “Outstanding”, now stored “Complete”." in text
        assert "Expected by: yours “2008-06-06”, now stored “(empty)”." in text
        assert "Response: yours" not in text  # the second person's own change: theirs to make
        update.refresh_from_db()
        assert (update.proposed_status, update.response) == (
            Status.COMPLETE,
            "Recommendation 8: work goes on.",
        )
        assert update.history.count() == 2  # made, then the first save; not the second

    def test_a_row_the_second_person_left_alone_does_not_block_their_save(
        self, draft, staff, other_staff, client_for
    ):
        """Their row still shows the old words, but they changed only the recommendation."""
        update = draft.updates.get(recommendation__number=8)
        url = change_url("recommendation", update.recommendation_id)
        first, second = client_for(staff), client_for(other_staff)
        first_form = opened(first, url, "recommendation_form")
        second_form = opened(second, url, "recommendation_form")
        position = inline_prefix(first_form, update)
        first.post(url, first_form | {f"{position}-response": "First account."})
        # The second page's row still holds the old response: saving it would put it back.
        response = second.post(url, second_form | {"text": "Reworded."})
        assert response.status_code == 200
        assert (
            "Response: yours “Recommendation 8: work goes on.”, now stored “First account.”."
            in page_text(response)
        )
        update.refresh_from_db()
        assert update.response == "First account."

    def test_deleting_a_row_someone_changed_is_refused(self, draft, staff, other_staff, client_for):
        update = draft.updates.get(recommendation__number=8)
        url = change_url("recommendation", update.recommendation_id)
        first, second = client_for(staff), client_for(other_staff)
        first_form = opened(first, url, "recommendation_form")
        second_form = opened(second, url, "recommendation_form")
        position = inline_prefix(first_form, update)
        first.post(url, first_form | {f"{position}-response": "First account."})
        response = second.post(url, second_form | {f"{position}-DELETE": "on"})
        assert response.status_code == 200
        assert "now stored “First account.”" in page_text(response)
        assert ProgressUpdate.objects.filter(pk=update.pk).exists()


class TestProgressUpdateChangeForm:
    def test_the_second_save_is_refused(self, draft, staff, other_staff, client_for):
        update = draft.updates.get(recommendation__number=10)
        url = change_url("progressupdate", update.pk)
        first, second = client_for(staff), client_for(other_staff)
        first_form = opened(first, url, "progressupdate_form")
        second_form = opened(second, url, "progressupdate_form")
        assert first.post(url, first_form | {"status_statement": "First."}).status_code == 302
        response = second.post(url, second_form | {"status_statement": "Second."})
        assert response.status_code == 200
        assert "Status statement: yours “Second.”, now stored “First.”." in page_text(response)
        update.refresh_from_db()
        assert update.status_statement == "First."


class TestRevertingToAnEarlierVersion:
    def test_the_revert_page_starts_from_the_stored_version_and_saves(
        self, seed, staff, client_for
    ):
        recommendation = Recommendation.objects.get(number=1)
        client = client_for(staff)
        url = change_url("recommendation", recommendation.pk)
        client.post(url, opened(client, url, "recommendation_form") | {"text": "Version two."})
        client.post(url, opened(client, url, "recommendation_form") | {"text": "Version three."})
        recommendation.refresh_from_db()
        oldest = recommendation.history.last()
        revert_url = reverse(
            "admin:recommendations_recommendation_simple_history",
            args=[recommendation.pk, oldest.history_id],
        )
        form = opened(client, revert_url, "historicalrecommendation_form")
        assert form["seen_version"] == str(recommendation.version)
        assert client.post(revert_url, form).status_code == 302
        recommendation.refresh_from_db()
        assert recommendation.text == oldest.text

    def test_a_revert_from_a_stale_page_is_refused(self, seed, staff, other_staff, client_for):
        recommendation = Recommendation.objects.get(number=1)
        client = client_for(staff)
        url = change_url("recommendation", recommendation.pk)
        client.post(url, opened(client, url, "recommendation_form") | {"text": "Version two."})
        oldest = recommendation.history.last()
        revert_url = reverse(
            "admin:recommendations_recommendation_simple_history",
            args=[recommendation.pk, oldest.history_id],
        )
        form = opened(client, revert_url, "historicalrecommendation_form")
        other = client_for(other_staff)
        other.post(url, opened(other, url, "recommendation_form") | {"text": "Meanwhile."})
        response = client.post(revert_url, form)
        assert response.status_code == 200
        assert "now stored “Meanwhile.”" in page_text(response)
        recommendation.refresh_from_db()
        assert recommendation.text == "Meanwhile."


def decisions_url(report):
    return reverse("recommendations:report_decisions", args=[report.pk])


class TestDecisionsForm:
    def test_the_second_officer_is_refused_on_the_row_they_both_changed(
        self, seed, officer, other_officer, client_for
    ):
        report = seed_report()
        eight = report.updates.get(recommendation__number=8)
        first, second = client_for(officer), client_for(other_officer)
        first_form = opened(first, decisions_url(report), "decisions")
        second_form = opened(second, decisions_url(report), "decisions")
        assert first_form[f"version-{eight.pk}"] == "0"

        first.post(decisions_url(report), first_form | {f"outcome-{eight.pk}": "timescale_noted"})
        response = second.post(
            decisions_url(report), second_form | {f"outcome-{eight.pk}": "new_timescale"}
        )

        assert response.status_code == 200
        text = page_text(response)
        assert (
            "Recommendation 8: officer changed the decision after you opened this page. "
            "Decision: yours “New timescale asked for”, now stored “Timescale noted”." in text
        )
        assert "Nothing has been saved" in text
        assert MembersDecision.objects.get(update=eight).outcome == Outcome.TIMESCALE_NOTED
        assert MembersDecision.history.count() == 1

    def test_a_stale_page_would_not_quietly_remove_a_decision_recorded_since(
        self, seed, officer, other_officer, client_for
    ):
        report = seed_report()
        eight, nine = (report.updates.get(recommendation__number=n) for n in (8, 9))
        first, second = client_for(officer), client_for(other_officer)
        first_form = opened(first, decisions_url(report), "decisions")
        second_form = opened(second, decisions_url(report), "decisions")
        first.post(decisions_url(report), first_form | {f"outcome-{eight.pk}": "timescale_noted"})
        # The second officer decides on 9 only; their page still says 8 has no decision.
        response = second.post(
            decisions_url(report), second_form | {f"outcome-{nine.pk}": "deferred"}
        )
        assert response.status_code == 200
        assert "Decision: yours “No decision yet”, now stored “Timescale noted”." in page_text(
            response
        )
        assert dict(MembersDecision.objects.values_list("update_id", "outcome")) == {
            eight.pk: Outcome.TIMESCALE_NOTED
        }

    def test_saving_the_refused_page_again_replaces_the_decision(
        self, seed, officer, other_officer, client_for
    ):
        report = seed_report()
        eight = report.updates.get(recommendation__number=8)
        first, second = client_for(officer), client_for(other_officer)
        first_form = opened(first, decisions_url(report), "decisions")
        second_form = opened(second, decisions_url(report), "decisions")
        first.post(decisions_url(report), first_form | {f"outcome-{eight.pk}": "timescale_noted"})
        refused = second.post(
            decisions_url(report), second_form | {f"outcome-{eight.pk}": "new_timescale"}
        )
        again = form_values(refused, "decisions")
        assert again[f"version-{eight.pk}"] == "1"
        assert second.post(decisions_url(report), again).status_code == 302
        assert MembersDecision.objects.get(update=eight).outcome == Outcome.NEW_TIMESCALE

    def test_a_decision_changed_in_the_admin_meanwhile_is_not_overwritten(
        self, seed, officer, client_for
    ):
        report = seed_report()
        eight = report.updates.get(recommendation__number=8)
        decision = MembersDecision.objects.create(update=eight, outcome=Outcome.NEW_TIMESCALE)
        client = client_for(officer)
        form = opened(client, decisions_url(report), "decisions")
        assert form[f"version-{eight.pk}"] == "1"
        decision.outcome = Outcome.TIMESCALE_NOTED
        decision.save_if_current()

        response = client.post(
            decisions_url(report), form | {f"minute-{eight.pk}": "Members want more."}
        )
        assert response.status_code == 200
        assert (
            "Decision: yours “New timescale asked for”, now stored “Timescale noted”."
            in page_text(response)
        )
        decision.refresh_from_db()
        assert (decision.outcome, decision.minute) == (Outcome.TIMESCALE_NOTED, "")

    def test_a_damaged_version_is_explained_and_saves_nothing(self, seed, officer, client_for):
        report = seed_report()
        eight = report.updates.get(recommendation__number=8)
        client = client_for(officer)
        form = opened(client, decisions_url(report), "decisions")
        response = client.post(
            decisions_url(report),
            form
            | {
                f"outcome-{eight.pk}": "timescale_noted",
                f"version-{eight.pk}": "x",
            },
        )
        assert response.status_code == 200
        assert "This page was damaged: reload it" in page_text(response)
        assert not MembersDecision.objects.exists()


class TestSaveIfCurrent:
    def test_a_stale_copy_raises_and_saves_nothing(self, seed):
        stale = Recommendation.objects.get(number=1)
        fresh = Recommendation.objects.get(number=1)
        fresh.text = "Saved first."
        fresh.save_if_current()
        stale.text = "Saved from a stale copy."
        with pytest.raises(VersionConflict):
            stale.save_if_current()
        assert Recommendation.objects.get(number=1).text == "Saved first."
        assert Recommendation.history.filter(number=1).count() == 1

    def test_each_save_moves_the_version_on(self, seed):
        recommendation = Recommendation.objects.get(number=1)
        assert recommendation.version == 1
        recommendation.save_if_current()
        recommendation.save_if_current()
        assert Recommendation.objects.get(number=1).version == 3

    def test_publishing_moves_the_report_on(self, draft):
        services.publish_report(report=draft)
        assert Report.objects.get(pk=draft.pk).version == 2


class TestImport:
    def test_a_save_between_checking_and_writing_fails_the_whole_import(
        self, seed, staff, monkeypatch
    ):
        checked = imports.check_rows

        def someone_saves_meanwhile(*args, **kwargs):
            problems = checked(*args, **kwargs)
            Recommendation.objects.filter(number=2).update(version=F("version") + 1)
            return problems

        monkeypatch.setattr(imports, "check_rows", someone_saves_meanwhile)
        file = (
            b"scrutiny,number,text\n"
            b"MPA Drugs Scrutiny,1,New words for one.\n"
            b"MPA Drugs Scrutiny,2,New words for two.\n"
        )
        with pytest.raises(ImportFailed) as failure:
            import_recommendations(file=file, user=staff)
        assert str(failure.value.problems[0]).startswith(
            "Row 3: someone else saved Recommendation 2 while the file was being imported"
        )
        assert Recommendation.objects.get(number=1).text.startswith("As a priority")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_check_holds_the_row_until_the_save(seed):
    """Two requests at once: the second's check waits for the first's save, then refuses."""
    recommendation = Recommendation.objects.get(number=1)
    recommendation.save_if_current()  # version 2, with its history
    form_class = modelform_factory(
        Recommendation, form=VersionedForm, fields=["scrutiny", "number", "text", "note"]
    )
    page = {"scrutiny": recommendation.scrutiny_id, "number": 1, "note": "", "seen_version": 2}
    first_checked, first_may_save = threading.Event(), threading.Event()
    outcome = {}

    def request(name, text, checked=None, may_save=None):
        try:
            with transaction.atomic():
                form = form_class(
                    page | {"text": text}, instance=Recommendation.objects.get(pk=recommendation.pk)
                )
                valid = form.is_valid()
                if checked:
                    checked.set()
                    may_save.wait(5)
                if valid:
                    form.save()
                outcome[name] = form.errors
        finally:
            connection.close()

    first = threading.Thread(
        target=request, args=("first", "First.", first_checked, first_may_save)
    )
    second = threading.Thread(target=request, args=("second", "Second."))
    first.start()
    assert first_checked.wait(5)
    second.start()
    time.sleep(0.5)
    assert second.is_alive()  # waiting on the row the first request holds
    first_may_save.set()
    first.join(5)
    second.join(5)

    assert outcome["first"] == {}
    assert "Text: yours “Second.”, now stored “First.”." in outcome["second"]["__all__"]
    recommendation.refresh_from_db()
    assert (recommendation.text, recommendation.version) == ("First.", 3)


# --- Starting and publishing at once: one succeeds, the others are told why, none sees a 500


def at_once(*requests):
    """Each request on its own thread, released together; what each answered (or raised)."""
    barrier = threading.Barrier(len(requests))
    answers: list = [None] * len(requests)

    def run(position, request):
        try:
            barrier.wait(10)
            answers[position] = request()
        except Exception as error:  # a 500: the test client raises what the view raised
            answers[position] = error
        finally:
            connections.close_all()  # this thread's own connections

    threads = [
        threading.Thread(target=run, args=(position, request))
        for position, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return answers


START = reverse("recommendations:report_start")
REPORT_5_STARTED = (
    "Report 5 has already been started for the Co-ordination and Policing Committee meeting "
    "on 5 June 2008: open it from the reports page."
)


def start_form_for_report_5() -> dict:
    report_4 = seed_report()
    return {
        "committee": report_4.meeting.committee_id,
        "meeting_day": "5",
        "meeting_month": "6",
        "meeting_year": "2008",
        "number": "5",
        "title": report_4.title,
        "scrutiny": report_4.scrutiny_id,
    }


@pytest.mark.django_db(transaction=True)
class TestAtOnce:
    def test_four_starts_of_the_same_report_make_one_and_tell_the_others(
        self, database_as_in_production, seed, client_for
    ):
        officers = [person(f"officer{n}", "Committee officers", is_staff=True) for n in range(4)]
        clients = [client_for(officer) for officer in officers]
        form = start_form_for_report_5()

        answers = at_once(*(lambda client=client: client.post(START, form) for client in clients))

        codes = sorted(getattr(answer, "status_code", answer) for answer in answers)
        assert codes == [200, 200, 200, 302]
        for answer in answers:
            if answer.status_code == 200:
                assert REPORT_5_STARTED in page_text(answer)
        assert Report.objects.filter(number=5).count() == 1
        assert Report.objects.get(number=5).updates.count() == 8

    def test_publish_selected_run_at_once_publishes_once_and_never_fails(
        self, database_as_in_production, seed, client_for
    ):
        draft = start_report_5()
        officers = [person(f"officer{n}", "Committee officers", is_staff=True) for n in range(3)]
        clients = [client_for(officer) for officer in officers]
        changelist = reverse("admin:recommendations_report_changelist")
        action = {"action": "publish_selected", "_selected_action": [draft.pk]}

        answers = at_once(
            *(
                lambda client=client: client.post(changelist, action, follow=True)
                for client in clients
            )
        )

        assert [getattr(answer, "status_code", answer) for answer in answers] == [200] * 3
        texts = [page_text(answer) for answer in answers]
        assert sum("Published 1 report(s)" in text for text in texts) == 1
        assert all(
            "Published 1 report(s)" in text
            or "1 already published, left as they were." in text
            or "Report 5 was not published: Report 5 was published on" in text
            for text in texts
        )
        assert PaperRecord.objects.filter(report=draft).count() == 1
        assert Report.objects.get(pk=draft.pk).is_published

    def test_publishing_from_the_report_page_at_once_publishes_once(
        self, database_as_in_production, seed, client_for
    ):
        draft = start_report_5()
        officers = [person(f"officer{n}", "Committee officers", is_staff=True) for n in range(3)]
        clients = [client_for(officer) for officer in officers]
        url = reverse("recommendations:report_publish", args=[draft.pk])

        answers = at_once(
            *(lambda client=client: client.post(url, follow=True) for client in clients)
        )

        assert [getattr(answer, "status_code", answer) for answer in answers] == [200] * 3
        texts = [page_text(answer) for answer in answers]
        assert sum("Report 5 is published." in text for text in texts) == 1
        assert PaperRecord.objects.filter(report=draft).count() == 1


def test_a_start_clashing_in_the_database_is_told_the_report_is_started(
    seed, officer, client_for, monkeypatch
):
    """Another start saves Report 5 between this one's checks and its save."""
    save = Report.save

    def another_start_saves_first(self, *args, **kwargs):
        if self._state.adding:
            Report.objects.bulk_create(
                [Report(meeting=self.meeting, number=self.number, title="Theirs")]
            )
        save(self, *args, **kwargs)

    monkeypatch.setattr(Report, "save", another_start_saves_first)
    response = client_for(officer).post(START, start_form_for_report_5())

    assert response.status_code == 200
    assert f'<a href="#id_number">{REPORT_5_STARTED}</a>' in response.text
    assert not Report.objects.filter(number=5).exists()  # theirs is only this test's stand-in
