"""Pages that mix in draft proposals say so, and link to the page as the public sees it."""

import pytest
from django.urls import reverse

from recommendations.models import Recommendation, Status
from tests.factories import draft_report_changing

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("recommendations:dashboard")
TABLE = reverse("recommendations:list")
BANNER = "This page includes draft proposals, not yet published."
PUBLIC_BANNER = "You are seeing this page as the public sees it: published reports only."


def seed_number(number):
    return Recommendation.objects.get(scrutiny__title="MPA Drugs Scrutiny", number=number)


@pytest.fixture
def draft(seed):
    """Report 5, a draft proposing recommendation 8 complete."""
    return draft_report_changing(seed_number(8), Status.COMPLETE)


class TestBanner:
    @pytest.mark.parametrize(
        "url",
        [DASHBOARD, TABLE, f"{TABLE}?status=complete", "/reports/", "recommendation 8"],
    )
    def test_a_page_with_draft_proposals_says_so_to_a_member(self, draft, client_for, member, url):
        url = seed_number(8).get_absolute_url() if url == "recommendation 8" else url
        response = client_for(member).get(url)
        text = " ".join(response.content.decode().split())
        assert BANNER in text
        assert (
            f'href="{draft.get_absolute_url()}">draft Report {draft.number}</a> for 5 June 2008'
            in text
        )
        assert "See this page as the public sees it" in text

    def test_the_banner_links_to_the_same_page_with_its_filters_kept(
        self, draft, client_for, member
    ):
        response = client_for(member).get(f"{TABLE}?status=complete&q=drug")
        assert f'href="{TABLE}?status=complete&amp;q=drug&amp;view=published"' in response.text

    def test_no_banner_without_a_draft(self, seed, client_for, member):
        assert BANNER not in client_for(member).get(DASHBOARD).text

    def test_no_banner_where_no_draft_proposal_shows(self, draft, client_for, member):
        # Recommendation 1 is not in the draft: its page holds published words only.
        assert BANNER not in client_for(member).get(seed_number(1).get_absolute_url()).text

    def test_the_public_never_sees_a_banner(self, draft, client):
        for url in (DASHBOARD, TABLE, f"{DASHBOARD}?view=published"):
            text = client.get(url).text
            assert BANNER not in text and PUBLIC_BANNER not in text


class TestPublishedView:
    def test_it_shows_the_page_as_the_public_sees_it(self, draft, client, client_for, member):
        signed_in = client_for(member)
        assert seed_number(8).pk in [
            c.update.recommendation_id
            for c in signed_in.get(DASHBOARD).context["summaries"][0].proposed_complete
        ]
        public = client.get(DASHBOARD).context["summaries"][0]
        as_public = signed_in.get(f"{DASHBOARD}?view=published").context["summaries"][0]
        assert [c.update.pk for c in as_public.proposed_complete] == [
            c.update.pk for c in public.proposed_complete
        ]
        assert seed_number(8).pk not in [
            c.update.recommendation_id for c in as_public.proposed_complete
        ]

    def test_it_says_so_and_links_back(self, draft, client_for, member):
        response = client_for(member).get(f"{TABLE}?status=complete&view=published")
        text = " ".join(response.content.decode().split())
        assert PUBLIC_BANNER in text
        assert BANNER not in text
        assert f'href="{TABLE}?status=complete">See this page with draft proposals</a>' in text

    def test_the_draft_is_left_out_of_the_reports_list(self, draft, client_for, member):
        response = client_for(member).get("/reports/?view=published")
        assert draft.get_absolute_url() not in response.text

    def test_the_person_stays_signed_in(self, draft, client_for, member):
        response = client_for(member).get(f"{DASHBOARD}?view=published")
        assert response.context["user"] == member
        assert "Sign out" in response.text


class TestDraftTag:
    def test_draft_is_one_tag_style_everywhere(self, draft, client_for, member):
        reader = client_for(member)
        for url in (DASHBOARD, "/reports/", seed_number(8).get_absolute_url()):
            html = reader.get(url).text
            assert '<strong class="govuk-tag govuk-tag--yellow">Draft</strong>' in html
            assert 'govuk-tag--grey">Draft' not in html
