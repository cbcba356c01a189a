import re

import pytest
from django.urls import reverse

from recommendations.models import MembersDecision, Recommendation, Report, Scrutiny, Status
from tests.factories import add_update, bulk_recommendations, draft_report_changing, seed_report

pytestmark = pytest.mark.django_db

URL = reverse("recommendations:dashboard")
# Anonymous: updates, reports, scrutinies with their recommendation counts.
QUERIES = 3
# Signed in: also the session, the user, and the user's and groups' permissions.
SIGNED_IN_QUERIES = QUERIES + 4


def counts(response, scrutiny_title="MPA Drugs Scrutiny"):
    """{status label: (count, percent)} as the scrutiny's chart shows them."""
    [summary] = [s for s in response.context["summaries"] if s.scrutiny.title == scrutiny_title]
    return {count.label: (count.count, count.percent) for count in summary.counts}


def status_row(html, label):
    """The chart's table row for one status, from its row header to the row's end."""
    start = html.index(f'{label}<span class="govuk-visually-hidden"> in ')
    return html[start : html.index("</tr>", start)]


def seed_number(number):
    return Recommendation.objects.get(scrutiny__title="MPA Drugs Scrutiny", number=number)


class TestStatusChart:
    def test_it_counts_effective_statuses(self, seed, client):
        response = client.get(URL)
        assert response.status_code == 200
        # 18 is treated as 17 (complete); 13 as 2 (for members' consideration).
        assert counts(response) == {
            "Complete": (16, 67),
            "Outstanding": (5, 21),
            "For members' consideration": (3, 12),
            "No update yet": (0, 0),
        }

    def test_it_shows_numbers_as_text_and_bars(self, seed, client):
        response = client.get(URL)
        row = status_row(response.text, "Complete")
        assert '<td class="govuk-table__cell govuk-table__cell--numeric">16</td>' in row
        assert "app-status-bar__fill--complete app-status-bar__fill--67-percent" in row
        assert "67%" in row
        assert "style=" not in response.text

    def test_each_count_links_to_the_filtered_table(self, seed, client):
        response = client.get(URL)
        scrutiny = Scrutiny.objects.get()
        for status in ("complete", "outstanding", "consideration", "none"):
            assert (
                f'href="/recommendations/?scrutiny={scrutiny.pk}&amp;status={status}"'
                in response.text
            )
        outstanding = client.get(
            reverse("recommendations:list"), {"scrutiny": scrutiny.pk, "status": "outstanding"}
        )
        assert len(outstanding.context["table"].rows) == counts(response)["Outstanding"][0]

    def test_a_recommendation_without_updates_counts_as_none_yet(self, seed, client):
        Recommendation.objects.create(scrutiny=Scrutiny.objects.get(), number=25, text="New.")
        assert counts(client.get(URL))["No update yet"] == (1, 4)

    def test_every_scrutiny_has_its_own_chart(self, seed, client):
        bulk_recommendations(8, scrutinies=2)
        response = client.get(URL)
        assert [s.scrutiny.title for s in response.context["summaries"]] == [
            "Generated scrutiny 1",
            "Generated scrutiny 2",
            "MPA Drugs Scrutiny",
        ]
        assert sum(count for count, _ in counts(response, "Generated scrutiny 1").values()) == 4


class TestOverdue:
    def test_it_lists_overdue_recommendations_linked_to_their_pages(self, seed, client):
        response = client.get(URL)
        [summary] = response.context["summaries"]
        assert [c.update.recommendation.number for c in summary.overdue] == [8, 10, 16, 20, 24]
        text = " ".join(response.content.decode().split())
        eight = seed_number(8)
        assert (
            f'<a class="govuk-link" href="{eight.get_absolute_url()}">'
            f"Recommendation 8</a>: {' '.join(eight.text.split()[:20])}"
        ) in text
        assert "Expected by 6 June 2008" in text

    def test_a_long_list_is_cut_short_with_a_link_to_the_rest(self, seed, client):
        bulk_recommendations(60, scrutinies=1)
        response = client.get(URL)
        generated = response.context["summaries"][0]
        assert len(generated.overdue) > 10
        section = response.text[response.text.index(f'id="scrutiny-{generated.scrutiny.pk}"') :]
        section = section[: section.index("</section>")]
        assert section.count("Expected by") == 10
        assert f"See all {len(generated.overdue)} overdue recommendations" in response.text
        assert (
            f'href="/recommendations/?scrutiny={generated.scrutiny.pk}&amp;overdue=yes"'
            in response.text
        )


class TestMembersDecisions:
    def test_it_names_what_is_for_members_consideration_with_its_text(self, seed, client):
        response = client.get(URL)
        [summary] = response.context["summaries"]
        numbers = [current.update.recommendation.number for current in summary.for_consideration]
        assert numbers == [2, 9, 13]  # 13 is treated as 2, so it goes with it
        text = " ".join(response.content.decode().split())
        assert "Awaiting members' decision" in text
        for number in (2, 9):
            recommendation = seed_number(number)
            assert (
                f'<a class="govuk-link" href="{recommendation.get_absolute_url()}">'
                f"Recommendation {number}</a>: {' '.join(recommendation.text.split()[:20])}"
            ) in text
        assert "Recommendation 13</a> (treated as recommendation 2):" in text

    def test_it_lists_what_is_proposed_complete_for_members_to_agree(self, seed, client):
        response = client.get(URL)
        [summary] = response.context["summaries"]
        numbers = [current.update.recommendation.number for current in summary.proposed_complete]
        assert numbers[:4] == [1, 3, 4, 5]
        assert 8 not in numbers  # outstanding: members note it, nothing to agree
        text = " ".join(response.content.decode().split())
        assert f"Proposed complete, for members to agree ({len(numbers)})" in text
        assert f"See all {len(numbers)} proposed complete" in text
        assert (
            f'href="/recommendations/?scrutiny={summary.scrutiny.pk}&amp;status=complete"' in text
        )

    def test_a_decided_recommendation_no_longer_awaits(self, seed, client):
        report = seed_report()
        MembersDecision.objects.create(
            update=report.updates.get(recommendation__number=9), outcome="agreed_complete"
        )
        [summary] = client.get(URL).context["summaries"]
        numbers = [current.update.recommendation.number for current in summary.for_consideration]
        assert numbers == [2, 13]

    def test_it_lists_what_members_asked_for_more_on(self, seed, client):
        report = seed_report()
        for number, outcome in ((1, "not_agreed"), (9, "further_work"), (3, "agreed_complete")):
            MembersDecision.objects.create(
                update=report.updates.get(recommendation__number=number),
                outcome=outcome,
                minute="Members want more." if number == 9 else "",
            )
        response = client.get(URL)
        [summary] = response.context["summaries"]
        assert [c.update.recommendation.number for c in summary.asked_for_more] == [1, 9]
        assert 3 not in [c.update.recommendation.number for c in summary.proposed_complete]
        text = " ".join(response.content.decode().split())
        assert (
            ">Recommendation 9</a>: members asked for further work on 6 March 2008 "
            "(Members want more.)" in text
        )


class TestLatestReport:
    def test_it_links_the_latest_report(self, seed, client):
        response = client.get(URL)
        assert (
            f'<a class="govuk-link" href="{seed_report().get_absolute_url()}">Report 4, '
            "Drugs scrutiny recommendations update</a>" in response.text
        )

    def test_a_single_report_has_nothing_to_compare_with(self, seed, client):
        response = client.get(URL)
        assert "Report 4 is the first report published on this scrutiny" in response.text


class TestDrafts:
    def test_anonymous_visitors_see_the_latest_published_report_only(
        self, seed, client, client_for, member, outsider
    ):
        draft = draft_report_changing(seed_number(2), Status.COMPLETE)
        for reader in (client, client_for(outsider)):
            response = reader.get(URL)
            assert counts(response)["Complete"][0] == 16
            assert draft.get_absolute_url() not in response.text
            assert "What changed" in response.text and "Status changes" not in response.text
        response = client_for(member).get(URL)
        assert counts(response)["Complete"][0] == 17
        assert f'href="{draft.get_absolute_url()}"' in response.text
        assert "Draft</strong>" in response.text

    def test_members_see_what_the_draft_changes(self, seed, client_for, member):
        draft = draft_report_changing(seed_number(2), Status.COMPLETE)
        add_update(draft, seed_number(9), Status.CONSIDERATION, linked_to=seed_number(2))
        add_update(draft, seed_number(10), Status.OUTSTANDING, timescale=(6, 12))
        response = client_for(member).get(URL)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.text)).replace("&#x27;", "'")
        assert "Since Report 4 of 6 March 2008, as Report 1 of 5 June 2008" in text
        assert (
            "Recommendation 2: For members' consideration (proposed) to Complete (proposed)" in text
        )
        # 9 is now treated as 2, so it is complete too.
        assert "Recommendation 9: For members' consideration (proposed) to Complete" in text
        assert "Recommendation 9 is now treated as recommendation 2" in text
        assert "Recommendation 10: expected by 5 June 2009, not 6 September 2008" in text


class TestRequests:
    def test_it_rejects_post(self, seed, client):
        assert client.post(URL).status_code == 405

    def test_it_is_open_to_every_role(self, seed, client_for, member, staff, officer, outsider):
        for person in (None, member, staff, officer, outsider):
            assert client_for(person).get(URL).status_code == 200

    def test_it_works_with_nothing_recorded(self, db, client):
        response = client.get(URL)
        assert response.status_code == 200
        assert "No scrutiny has been recorded yet." in response.text


class TestQueryCount:
    def test_it_is_fixed(self, seed, client, client_for, member, get_with_queries):
        get_with_queries(client, QUERIES, URL)
        reader = client_for(member)
        get_with_queries(reader, SIGNED_IN_QUERIES, URL)

    def test_it_does_not_grow_with_rows_reports_or_scrutinies(
        self, seed, client, client_for, member, get_with_queries
    ):
        bulk_recommendations(300, scrutinies=4)
        draft_report_changing(seed_number(2), Status.COMPLETE)
        response = get_with_queries(client, QUERIES, URL)
        assert len(response.context["summaries"]) == 5
        reader = client_for(member)
        response = get_with_queries(reader, SIGNED_IN_QUERIES, URL)
        assert Report.objects.count() == 10
        assert all(summary.changes for summary in response.context["summaries"])


class TestPages:
    def test_scrutinies_come_ten_to_a_page(self, seed, client, get_with_queries):
        bulk_recommendations(120, scrutinies=12)
        first = get_with_queries(client, 3, URL)
        assert len(first.context["summaries"]) == 10
        assert "Scrutinies 1 to 10 of 13" in first.text
        assert 'href="?page=2" rel="next"' in first.text
        second = client.get(URL, {"page": "2"})
        assert [s.scrutiny.title for s in second.context["summaries"]] == [
            "Generated scrutiny 8",
            "Generated scrutiny 9",
            "MPA Drugs Scrutiny",
        ]

    # Not named "page": that is pytest-playwright's fixture, whose browser parameter
    # would pull the browser tests (which flush the database) in among these.
    @pytest.mark.parametrize("page_number", ["0", "abc", "99", "-1"])
    def test_a_page_out_of_range_shows_the_nearest(self, seed, client, page_number):
        response = client.get(URL, {"page": page_number})
        assert response.status_code == 200
        assert response.context["summaries"]
