import re
from datetime import date

import pytest
from django.urls import reverse

from recommendations.models import (
    MembersDecision,
    Outcome,
    ProgressUpdate,
    Recommendation,
    Report,
    Status,
)
from strategy.models import Objective, SuccessMeasure
from tests.conftest import breadcrumbs
from tests.factories import add_update, bulk_recommendations, draft_report_changing, seed_report

pytestmark = pytest.mark.django_db

# Anonymous: recommendation, the scrutiny's updates, objectives, measures, glossary.
QUERIES = 5
# Signed in with view_draft: also session, user, permissions (2) and three histories.
HISTORY_QUERIES = QUERIES + 4 + 3
# Signed in without view_draft: no history.
OUTSIDER_QUERIES = QUERIES + 4


def seed_number(number):
    return Recommendation.objects.get(scrutiny__title="MPA Drugs Scrutiny", number=number)


def url(number):
    return reverse("recommendations:detail", args=[seed_number(number).pk])


def words(html):
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return text.replace("&#x27;", "'").replace(" ,", ",").replace(" .", ".")


def saved_by(user, instance, **changes):
    """Save `instance` as `user` did it, so its history records who."""
    for name, value in changes.items():
        setattr(instance, name, value)
    instance._history_user = user
    instance.save()
    return instance


class TestContent:
    def test_it_shows_number_text_and_note(self, seed, client):
        response = client.get(url(24))
        assert response.status_code == 200
        assert '<h1 class="govuk-heading-xl">Recommendation 24</h1>' in response.text
        assert "This recommendation was not numbered in the main report" in response.text
        assert seed_number(24).text[:60] in words(response.text)

    def test_it_expands_abbreviations_in_the_text(self, seed, client):
        response = client.get(url(13))
        assert (
            '<abbr title="Crime and Disorder Reduction Partnership">CDRP</abbr>s' in response.text
        )

    def test_a_linked_recommendation_says_whose_status_it_takes(self, seed, client):
        text = words(client.get(url(18)).text)
        assert "Linked to recommendation 17, which is complete." in text
        assert "Proposed in Report 4 of 6 March 2008, awaiting members' decision." in text
        assert "Treated as recommendation 17" in text

    def test_a_linked_recommendation_explains_a_status_unlike_its_own_proposal(self, seed, client):
        text = words(client.get(url(13)).text)
        assert (
            "Report 4 proposes it as complete, but it is treated as recommendation 2, "
            "so it takes that recommendation's status: for members' consideration."
        ) in text
        assert "Linked to recommendation 2, which is" not in text

    def test_the_link_target_lists_who_follows_it(self, seed, client):
        response = client.get(url(17))
        assert "Treated as this one, taking its status:" in response.text
        assert (
            f'<a class="govuk-link" href="{seed_number(18).get_absolute_url()}">'
            "Recommendation 18</a>" in response.text
        )

    def test_an_agreed_status_says_when_members_agreed_it(self, seed, client):
        update = seed_number(1).updates.get()
        MembersDecision.objects.create(update=update, outcome=Outcome.AGREED_COMPLETE)
        text = words(client.get(url(1)).text)
        assert "Complete: agreed by members on 6 March 2008." in text
        assert "Members' decision Agreed complete" in text

    def test_a_refused_proposal_says_so(self, seed, client):
        MembersDecision.objects.create(
            update=seed_number(9).updates.get(), outcome=Outcome.FURTHER_WORK
        )
        text = words(client.get(url(9)).text)
        assert "Outstanding: members asked for further work on 6 March 2008." in text
        assert "Members' decision Further work required" in text

    def test_it_shows_the_timeline_with_window_and_overdue(self, seed, client):
        response = client.get(url(10))
        text = words(response.text)
        assert 'class="moj-timeline"' in response.text
        assert "Report 4: Drugs scrutiny recommendations update" in text
        assert '<time datetime="2008-03-06">6 March 2008</time>' in response.text
        assert "Proposed status Outstanding" in text
        assert "Members' decision Not yet recorded" in text
        assert (
            "Within the next three to six months: "
            "expected between 6 June 2008 and 6 September 2008 Overdue" in text
        )
        assert (
            "Completion expected between 6 June 2008 and 6 September 2008: "
            "that date has passed." in text
        )

    def test_it_renders_the_response_as_markdown(self, seed, client):
        update = seed_number(5).updates.get()
        update.response = "Progress:\n\n- first point\n- second point"
        update.save()
        assert "<ul>\n<li>first point</li>" in client.get(url(5)).text

    def test_the_timeline_runs_newest_first(self, seed, client_for, member):
        draft_report_changing(seed_number(10), Status.COMPLETE, response="Finished now.")
        response = client_for(member).get(url(10))
        assert response.text.index("Finished now.") < response.text.index("6 March 2008</time>")
        assert "Draft</strong>" in response.text
        assert words(response.text).count("Proposed in Report 1 of 5 June 2008") == 1

    def test_it_links_the_strategy_objectives_and_measures(self, seed, client):
        response = client.get(url(17))
        objective = Objective.objects.get(ref="6.1")
        measure = SuccessMeasure.objects.get(ref="6.1.3")
        activity_url = reverse("strategy:activity", args=[objective.activity_id])
        assert f'href="{activity_url}#objective-6.1">Objective 6.1</a>' in response.text
        assert f'href="{activity_url}#measure-6.1.3">Success measure 6.1.3</a>' in response.text
        assert measure.objective.activity_id == objective.activity_id

    def test_without_strategy_links_it_says_so(self, seed, client):
        assert "No strategy objective or success measure" in client.get(url(1)).text

    def test_a_recommendation_no_report_covered_yet(self, seed, client):
        new = Recommendation.objects.create(scrutiny=seed_number(1).scrutiny, number=25, text="X")
        response = client.get(new.get_absolute_url())
        assert "No progress has been reported on this recommendation yet." in response.text
        assert "No update yet" in response.text


class TestDrafts:
    def test_anonymous_visitors_never_see_draft_updates(
        self, seed, client, client_for, member, outsider
    ):
        draft_report_changing(seed_number(2), Status.COMPLETE, response="Secret progress.")
        for reader in (client, client_for(outsider)):
            response = reader.get(url(2))
            assert "Secret progress." not in response.text
            assert "For members&#x27; consideration</strong>" in response.text
            assert response.context["current"].status == Status.CONSIDERATION
        response = client_for(member).get(url(2))
        assert "Secret progress." in response.text
        assert response.context["current"].status == Status.COMPLETE


class TestHistory:
    def test_members_see_who_changed_what_and_when(self, seed, client_for, member, staff, officer):
        recommendation = saved_by(staff, seed_number(10))
        saved_by(staff, recommendation, text="A clearer wording.")
        update = saved_by(staff, seed_number(10).updates.get())
        saved_by(staff, update, due_by=date(2008, 12, 6))
        decision = MembersDecision(update=update, outcome=Outcome.NEW_TIMESCALE)
        saved_by(officer, decision)
        saved_by(officer, decision, outcome=Outcome.TIMESCALE_NOTED)

        response = client_for(member).get(url(10))
        history = response.context["history"]
        assert [entry.what for entry in history] == [
            "Changed members' decision on Report 4",
            "Created members' decision on Report 4",
            "Changed the update in Report 4",
            "Changed the update in Report 4",
            "Changed the recommendation",
            "Changed the recommendation",
        ]
        assert history[0].who == "officer"
        assert history[0].changes == [("Outcome", "New timescale asked for", "Timescale noted")]
        assert history[2].changes == [("Expected by", "2008-09-06", "2008-12-06")]
        assert history[4].who == "staff"
        assert history[4].changes[0][0] == "Text"
        assert history[4].changes[0][2].endswith("clearer wording.</ins>")
        text = words(response.text)
        assert "Changed the recommendation By staff on" in text
        assert "A clearer wording." in text

    def test_it_marks_the_words_of_a_text_that_changed(self, seed, client_for, member, staff):
        update = saved_by(staff, seed_number(10).updates.get())
        words_before = update.response
        saved_by(staff, update, response=words_before.replace("MPS", "Service", 1))
        response = client_for(member).get(url(10))
        [change] = response.context["history"][0].changes
        assert change[0] == "Response"
        hidden = '<span class="govuk-visually-hidden">'
        assert f'<del class="app-diff">{hidden}removed: </span>MPS</del>' in change[1]
        assert f'<ins class="app-diff">{hidden}added: </span>Service</ins>' in change[2]
        assert change[1].count("<del") == 1 and change[2].count("<ins") == 1
        assert f'<ins class="app-diff">{hidden}added: </span>Service</ins>' in response.text

    def test_a_link_change_names_the_recommendations(self, seed, client_for, member, staff):
        update = saved_by(staff, seed_number(9).updates.get())
        saved_by(staff, update, linked_to=seed_number(2))
        history = client_for(member).get(url(9)).context["history"]
        assert history[0].changes == [("Linked to", "(empty)", "Recommendation 2")]

    def test_it_is_for_people_who_see_drafts_only(
        self, seed, client, client_for, outsider, member, staff, officer
    ):
        saved_by(staff, seed_number(10))
        for reader in (client, client_for(outsider)):
            response = reader.get(url(10))
            assert response.context["history"] is None
            assert "Change history" not in response.text
        for person in (member, staff, officer):
            assert "Change history" in client_for(person).get(url(10)).text


class TestRequests:
    def test_it_rejects_post(self, seed, client):
        assert client.post(url(1)).status_code == 405

    def test_an_unknown_recommendation_is_not_found(self, seed, client):
        assert client.get(reverse("recommendations:detail", args=[99999])).status_code == 404


class TestQueryCount:
    def test_it_is_fixed_for_anonymous_visitors(self, seed, client, get_with_queries):
        page = url(17)
        get_with_queries(client, QUERIES, page)
        report = seed_report()
        bulk_recommendations(300, scrutinies=3)
        for number in range(25, 125):
            recommendation = Recommendation.objects.create(
                scrutiny=report.scrutiny, number=number, text="More."
            )
            add_update(report, recommendation, Status.COMPLETE, linked_to=seed_number(17))
        response = get_with_queries(client, QUERIES, page)
        assert len(response.context["linked_from"]) == 101

    def test_history_costs_the_same_however_long(
        self, seed, client_for, member, staff, outsider, get_with_queries
    ):
        reader, page = client_for(member), url(10)
        saved_by(staff, seed_number(10))
        get_with_queries(reader, HISTORY_QUERIES, page)
        for n in range(30):
            saved_by(staff, seed_number(10), text=f"Wording {n}.")
            update = ProgressUpdate.objects.get(
                recommendation__number=10, report__scrutiny__title="MPA Drugs Scrutiny"
            )
            saved_by(staff, update, response=f"Response {n}.")
        draft_report_changing(seed_number(10), Status.COMPLETE)
        response = get_with_queries(reader, HISTORY_QUERIES, page)
        # The first save, 30 saves each of the recommendation and its update, the draft's.
        assert len(response.context["history"]) == 62
        outsider_client = client_for(outsider)
        get_with_queries(outsider_client, OUTSIDER_QUERIES, page)
        assert Report.objects.count() == 2


class TestBreadcrumbs:
    def test_the_trail_is_dashboard_recommendations_and_the_scrutiny(self, seed, client):
        recommendation = seed_number(5)
        assert breadcrumbs(client.get(url(5))) == [
            ("Dashboard", reverse("recommendations:dashboard")),
            ("Recommendations", reverse("recommendations:list")),
            (
                "MPA Drugs Scrutiny",
                f"{reverse('recommendations:list')}?scrutiny={recommendation.scrutiny_id}",
            ),
        ]

    def test_recommendations_goes_back_to_the_filtered_sorted_list_the_reader_came_from(
        self, seed, client
    ):
        came_from = "/recommendations/?status=outstanding&status=complete&sort=-due&page=2"
        response = client.get(url(5), {"back": came_from})
        assert breadcrumbs(response)[1] == ("Recommendations", came_from)

    @pytest.mark.parametrize(
        "back",
        [
            "https://example.org/recommendations/?status=complete",
            "//example.org/recommendations/?status=complete",
            "/reports/?status=complete",
            "/recommendations/5/?status=complete",
            "javascript:alert(1)",
            "",
        ],
    )
    def test_a_back_address_that_is_not_the_list_here_goes_to_the_whole_list(
        self, seed, client, back
    ):
        response = client.get(url(5), {"back": back})
        assert breadcrumbs(response)[1] == ("Recommendations", reverse("recommendations:list"))

    def test_the_back_querystring_is_written_anew_not_copied(self, seed, client):
        back = '/recommendations/?q="><script>&status=complete'
        response = client.get(url(5), {"back": back})
        assert breadcrumbs(response)[1] == (
            "Recommendations",
            "/recommendations/?q=%22%3E%3Cscript%3E&status=complete",
        )
        assert "<script>" not in response.text
