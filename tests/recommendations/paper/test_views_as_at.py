"""Time travel: a scrutiny as a report left it, and what changed since an earlier report."""

from datetime import date

import pytest
from django.urls import reverse

from recommendations.models import Recommendation, Report, Scrutiny, Status
from tests.factories import (
    add_update,
    bulk_recommendations,
    draft_report_changing,
    make_report,
    seed_report,
)

pytestmark = pytest.mark.django_db

# Anonymous: report, updates, recommendations, glossary.
AS_AT_QUERIES = 4
# Anonymous: report, the scrutiny's reports, updates.
CHANGES_QUERIES = 3
SIGNED_IN = 4  # session, user, the user's and the groups' permissions


def seed_number(number):
    return Recommendation.objects.get(scrutiny__title="MPA Drugs Scrutiny", number=number)


def as_at(report):
    return reverse("recommendations:as_at", args=[report.pk])


def changes(report):
    return reverse("recommendations:changes", args=[report.pk])


def statuses_shown(response):
    return {
        row.record.recommendation.number: row.record.current.status
        for row in response.context["table"].rows
    }


@pytest.fixture
def later(seed):
    """A published report after Report 4: 2 complete, 9 linked to 2, 10's timescale slips."""
    report = make_report(
        seed_number(1).scrutiny,
        date(2008, 6, 5),
        number=7,
        committee_name="Co-ordination and Policing Committee",
    )
    add_update(report, seed_number(2), Status.COMPLETE)
    add_update(report, seed_number(9), Status.CONSIDERATION, linked_to=seed_number(2))
    add_update(report, seed_number(10), Status.OUTSTANDING, timescale=(6, 12))
    return report


class TestAsAt:
    def test_it_shows_every_recommendation_as_the_report_left_it(self, seed, client):
        response = client.get(as_at(seed_report()))
        assert response.status_code == 200
        shown = statuses_shown(response)
        assert len(shown) == 24
        assert shown[13] == Status.CONSIDERATION
        assert shown[18] == Status.COMPLETE
        assert "As Report 4 left it" in response.text

    def test_later_reports_play_no_part(self, seed, client, later):
        earlier = statuses_shown(client.get(as_at(seed_report())))
        assert earlier[2] == Status.CONSIDERATION
        assert earlier[9] == Status.CONSIDERATION
        now = statuses_shown(client.get(as_at(later)))
        assert now[2] == Status.COMPLETE
        assert now[9] == Status.COMPLETE  # treated as 2
        assert now[8] == Status.OUTSTANDING  # from Report 4, untouched by Report 7

    def test_overdue_is_as_at_the_meeting(self, seed, client, later):
        # On 5 June 2008, 8's window (by 6 June 2008) had not yet passed.
        rows = {
            row.record.recommendation.number: row.record
            for row in client.get(as_at(later)).context["table"].rows
        }
        assert not rows[8].is_overdue
        assert rows[8].current.due.ends == date(2008, 6, 6)

    def test_it_is_paginated_sorted_and_checks_the_page(self, seed, client):
        response = client.get(as_at(seed_report()), {"sort": "-number"})
        assert [
            row.record.recommendation.number for row in response.context["table"].paginated_rows
        ][:2] == [24, 23]
        response = client.get(as_at(seed_report()), {"page": "9"})
        assert response.status_code == 400
        assert "There is no page 9" in response.text

    def test_the_public_cannot_see_a_draft_as_at(self, seed, client, client_for, member, outsider):
        draft = draft_report_changing(seed_number(2), Status.COMPLETE)
        for reader in (client, client_for(outsider)):
            assert reader.get(as_at(draft)).status_code == 404
        assert statuses_shown(client_for(member).get(as_at(draft)))[2] == Status.COMPLETE

    def test_a_draft_between_published_reports_stays_hidden(self, seed, client, later):
        draft = make_report(seed_number(1).scrutiny, date(2008, 4, 1), published=False)
        add_update(draft, seed_number(3), Status.OUTSTANDING, timescale=(0, 3))
        assert statuses_shown(client.get(as_at(later)))[3] == Status.COMPLETE

    def test_a_report_of_no_scrutiny_is_not_found(self, seed, client):
        report = make_report(None, date(2008, 6, 5))
        assert client.get(as_at(report)).status_code == 404

    def test_it_rejects_post(self, seed, client):
        assert client.post(as_at(seed_report())).status_code == 405

    def test_its_query_count_is_fixed(self, seed, client, get_with_queries):
        page = as_at(seed_report())
        get_with_queries(client, AS_AT_QUERIES, page)
        bulk_recommendations(300)
        scrutiny = Scrutiny.objects.get(title="Generated scrutiny 1")
        published = scrutiny.reports.get(published_at__isnull=False)
        response = get_with_queries(
            client, AS_AT_QUERIES, as_at(published), {"sort": "status", "page": "2"}
        )
        assert len(response.context["table"].paginated_rows) == 25


class TestChanges:
    def test_it_compares_with_the_previous_report(self, seed, client, later):
        response = client.get(changes(later))
        assert response.status_code == 200
        found = response.context["changes"]
        assert found.since == seed_report()
        assert [c.recommendation.number for c in found.status_changes] == [2, 9]
        assert [
            (link.recommendation.number, link.linked_to.number) for link in found.new_links
        ] == [(9, 2)]
        assert [s.recommendation.number for s in found.slipped_timescales] == [10]
        assert "expected by 5 June 2009, not 6 September 2008" in response.text

    def test_the_first_report_has_nothing_before_it(self, seed, client):
        response = client.get(changes(seed_report()))
        assert "Report 4 is the first report published on this scrutiny" in response.text
        assert response.context["changes"].since is None

    def test_a_chosen_earlier_report(self, seed, client, later):
        third = make_report(seed_number(1).scrutiny, date(2008, 9, 4), number=3)
        add_update(third, seed_number(10), Status.COMPLETE)
        default = client.get(changes(third)).context["changes"]
        assert default.since == later
        assert [c.recommendation.number for c in default.status_changes] == [10]
        chosen = client.get(changes(third), {"since": seed_report().pk}).context["changes"]
        assert chosen.since == seed_report()
        assert [c.recommendation.number for c in chosen.status_changes] == [2, 9, 10]
        page = client.get(changes(third), {"since": seed_report().pk})
        assert f'<option value="{seed_report().pk}" selected>' in page.text

    @pytest.mark.parametrize("since", ["abc", "99999", "-1"])
    def test_a_bad_choice_is_explained(self, seed, client, later, since):
        response = client.get(changes(later), {"since": since})
        assert response.status_code == 400
        assert "Choose an earlier report of this scrutiny." in response.text
        assert '<a href="#id_since">' in response.text
        assert response.context["changes"] is None

    def test_a_later_or_other_scrutinys_report_is_refused(self, seed, client, later):
        other = make_report(Scrutiny.objects.create(title="Other", body="Other"), date(2008, 1, 1))
        for since in (later, other):
            response = client.get(changes(seed_report()), {"since": since.pk})
            assert response.status_code == 400

    def test_drafts_never_leak(self, seed, client, client_for, member, outsider):
        draft = draft_report_changing(seed_number(2), Status.COMPLETE)
        for reader in (client, client_for(outsider)):
            assert reader.get(changes(draft)).status_code == 404
        published_later = make_report(seed_number(1).scrutiny, date(2008, 9, 4), number=3)
        add_update(published_later, seed_number(5), Status.COMPLETE)
        response = client.get(changes(published_later))
        # The draft in between is neither compared with nor offered.
        assert response.context["changes"].since == seed_report()
        assert response.context["changes"].is_empty
        assert f'value="{draft.pk}"' not in response.text
        assert client.get(changes(published_later), {"since": draft.pk}).status_code == 400
        member_view = client_for(member).get(changes(published_later)).context["changes"]
        assert member_view.since == draft

    def test_it_rejects_post(self, seed, client):
        assert client.post(changes(seed_report())).status_code == 405

    def test_its_query_count_is_fixed(
        self, seed, client, client_for, member, later, get_with_queries
    ):
        page = changes(later)
        get_with_queries(client, CHANGES_QUERIES, page)
        bulk_recommendations(300)
        for number in range(25, 225):
            recommendation = Recommendation.objects.create(
                scrutiny=later.scrutiny, number=number, text="More."
            )
            add_update(later, recommendation, Status.OUTSTANDING, timescale=(0, 3))
        response = get_with_queries(client, CHANGES_QUERIES, page)
        assert len(response.context["changes"].status_changes) == 202
        reader, since = client_for(member), seed_report().pk
        get_with_queries(reader, CHANGES_QUERIES + SIGNED_IN, page, {"since": since})
        assert Report.objects.count() == 8
