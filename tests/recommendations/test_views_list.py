import csv
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse
from django.utils.http import urlencode

from recommendations.models import Recommendation, Scrutiny, Status
from strategy.models import Objective
from tests.conftest import breadcrumbs, page_text
from tests.factories import bulk_recommendations, draft_report_changing

pytestmark = pytest.mark.django_db

URL = reverse("recommendations:list")
# Anonymous: updates for statuses, glossary, the scrutinies the rows are of (one is named
# once, in the caption), the matching recommendations counted (or their ids sorted by
# status) and the page's rows fetched, scrutiny and objective choices.
QUERIES = 7
# Signed in: also the session, the user, and the user's and groups' permissions.
SIGNED_IN_QUERIES = QUERIES + 4
# An export renders no form: updates, glossary, the count and first page the table is
# paginated to, and every matching recommendation.
EXPORT_QUERIES = 5
OUTSTANDING = [8, 10, 16, 20, 24]


def numbers_shown(response):
    """Recommendation numbers in the table's row headers, in page order."""
    return [
        int(n)
        for n in re.findall(
            r'<th scope="row" class="govuk-table__header"[^>]*><a [^>]*>'
            r'<span class="govuk-visually-hidden">Recommendation </span>(\d+)</a>',
            response.text,
        )
    ]


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def seed_number(number):
    return Recommendation.objects.get(number=number)


class TestTable:
    def test_it_lists_every_recommendation_linked_to_its_page(self, seed, client):
        response = client.get(URL)
        assert response.status_code == 200
        assert numbers_shown(response) == list(range(1, 25))
        assert f'href="{seed_number(18).get_absolute_url()}"' in response.text
        assert "Showing 1 to 24 of 24 recommendations." in response.text

    def test_it_shows_effective_status_and_link(self, seed, client):
        response = client.get(URL, {"q": "18"})
        [row] = response.context["table"].paginated_rows
        assert row.record.current.status == Status.COMPLETE
        assert 'govuk-tag--green">Complete</strong>' in response.text
        assert (
            f'<a class="govuk-link" href="{seed_number(17).get_absolute_url()}">'
            "Recommendation 17</a>" in response.text
        )

    def test_it_is_a_gov_uk_table_with_caption_and_header_scopes(self, seed, client):
        response = client.get(URL)
        assert '<table class="govuk-table' in response.text
        assert '<caption class="govuk-table__caption' in response.text
        # Number, text, status, linked to, expected by, overdue: the seed's one scrutiny is
        # named once, in the caption.
        assert response.text.count('<th scope="col"') == 6
        assert 'aria-sort="ascending"' in response.text


class TestOneScrutinyNamedOnce:
    def test_one_scrutiny_is_named_in_the_caption_not_on_every_row(self, seed, client):
        response = client.get(URL)
        assert not response.context["table"].columns["scrutiny"].visible
        assert '<span class="govuk-caption-m">MPA Drugs Scrutiny</span></caption>' in response.text
        assert response.text.count("MPA Drugs Scrutiny") == 2  # the caption and the filter

    def test_several_scrutinies_keep_the_column(self, seed, client):
        other = Scrutiny.objects.create(title="Another scrutiny", body="Another body")
        Recommendation.objects.create(scrutiny=other, number=1, text="Elsewhere.")
        response = client.get(URL)
        assert response.context["table"].columns["scrutiny"].visible
        assert response.text.count('<th scope="col"') == 7
        # Choosing one of them names it once again.
        chosen = client.get(URL, {"scrutiny": other.pk})
        assert not chosen.context["table"].columns["scrutiny"].visible
        assert '<span class="govuk-caption-m">Another scrutiny</span>' in chosen.text

    def test_the_export_keeps_the_scrutiny(self, seed, client):
        [row, *_] = csv_rows(client.get(URL, {"_export": "csv"}))
        assert row["Scrutiny"] == "MPA Drugs Scrutiny"


class TestSelectedFilters:
    def test_no_filters_no_summary(self, seed, client):
        response = client.get(URL)
        assert response.context["selected_filters"] == []
        assert "Selected filters" not in response.text

    def test_each_filter_in_force_has_a_tag_that_removes_only_it(self, seed, client):
        response = client.get(
            URL,
            {"q": "drug", "status": ["outstanding", "consideration"], "linked": "no", "page": "1"},
        )
        assert "Selected filters" in response.text
        tags = {(f.heading, f.label): f.remove_query for f in response.context["selected_filters"]}
        assert tags == {
            ("Search", "“drug”"): "status=outstanding&status=consideration&linked=no",
            ("Status", "Outstanding"): "q=drug&status=consideration&linked=no",
            ("Status", "For members' consideration"): "q=drug&status=outstanding&linked=no",
            ("Linked", "Not linked"): "q=drug&status=outstanding&status=consideration",
        }
        assert (
            f'<a class="moj-filter__tag" href="{URL}'
            '?q=drug&amp;status=consideration&amp;linked=no">'
            '<span class="govuk-visually-hidden">Remove this filter: Status</span> Outstanding</a>'
        ) in response.text

    def test_removing_a_filter_keeps_the_sort(self, seed, client):
        response = client.get(URL, {"overdue": "yes", "sort": "-number"})
        [overdue] = response.context["selected_filters"]
        assert overdue.label == "Overdue"
        assert overdue.remove_query == "sort=-number"

    def test_the_last_filter_removed_goes_back_to_the_whole_list(self, seed, client):
        objective = Objective.objects.get(ref="6.1")
        response = client.get(URL, {"objective": objective.pk})
        [chosen] = response.context["selected_filters"]
        assert chosen.heading == "Strategy objective"
        assert chosen.label.startswith("6.1 ")
        assert f'<a class="moj-filter__tag" href="{URL}">' in response.text

    def test_a_scrutiny_tag_names_it(self, seed, client):
        response = client.get(URL, {"scrutiny": Scrutiny.objects.get().pk})
        [chosen] = response.context["selected_filters"]
        assert (chosen.heading, chosen.label) == ("Scrutiny", "MPA Drugs Scrutiny")

    def test_filters_in_error_show_no_summary(self, seed, client):
        response = client.get(URL, {"status": "nonsense", "q": "drug"})
        assert response.status_code == 400
        assert response.context["selected_filters"] == []


class TestEmptyState:
    def test_one_message_repeating_the_search_words(self, seed, client):
        response = client.get(URL, {"q": "zebra crossing"})
        assert response.text.count("No recommendations match") == 1
        assert "No recommendations match the search “zebra crossing”." in page_text(response)
        assert "<table" not in response.text

    def test_it_mentions_the_other_filters(self, seed, client):
        response = client.get(URL, {"q": "zebra", "status": "complete"})
        assert (
            "No recommendations match the search “zebra” and the other filters chosen."
            in page_text(response)
        )

    def test_filters_without_words(self, seed, client):
        response = client.get(URL, {"status": "none"})
        assert response.text.count("No recommendations match") == 1
        assert "No recommendations match the filters chosen." in page_text(response)

    def test_the_search_words_are_escaped(self, seed, client):
        response = client.get(URL, {"q": "<script>x</script>"})
        assert "<script>x</script>" not in response.text
        assert "“&lt;script&gt;x&lt;/script&gt;”" in response.text

    def test_nothing_at_all(self, db, client):
        response = client.get(URL)
        assert "There are no recommendations yet." in page_text(response)
        assert "No recommendations match" not in response.text

    def test_it_expands_abbreviations_in_text(self, seed, client):
        response = client.get(URL)
        assert '<abbr title="Metropolitan Police Service">MPS</abbr>' in response.text

    def test_it_rejects_post(self, seed, client):
        assert client.post(URL).status_code == 405

    def test_it_is_open_to_every_role(self, seed, client_for, member, staff, officer, outsider):
        for person in (None, member, staff, officer, outsider):
            assert numbers_shown(client_for(person).get(URL)) == list(range(1, 25))


class TestFilters:
    def test_by_status(self, seed, client):
        assert numbers_shown(client.get(URL, {"status": "outstanding"})) == OUTSTANDING
        both = client.get(URL, {"status": ["consideration", "outstanding"]})
        assert numbers_shown(both) == [2, 8, 9, 10, 13, 16, 20, 24]

    def test_by_status_counts_links_as_their_target(self, seed, client):
        # 13's own update says complete, but it is treated as 2.
        assert 13 in numbers_shown(client.get(URL, {"status": "consideration"}))
        assert 13 not in numbers_shown(client.get(URL, {"status": "complete"}))

    def test_by_no_update_yet(self, seed, client):
        Recommendation.objects.create(scrutiny=Scrutiny.objects.get(), number=25, text="New.")
        assert numbers_shown(client.get(URL, {"status": "none"})) == [25]

    def test_by_scrutiny(self, seed, client):
        other = Scrutiny.objects.create(title="Another scrutiny", body="Another body")
        Recommendation.objects.create(scrutiny=other, number=1, text="Elsewhere.")
        response = client.get(URL, {"scrutiny": other.pk})
        assert [
            row.record.recommendation.scrutiny for row in response.context["table"].paginated_rows
        ] == [other]

    def test_by_link(self, seed, client):
        assert numbers_shown(client.get(URL, {"linked": "yes"})) == [13, 18]
        assert len(numbers_shown(client.get(URL, {"linked": "no"}))) == 22

    def test_by_overdue_as_at_today(self, seed, client):
        # Every outstanding window of the 2008 report has long passed.
        assert numbers_shown(client.get(URL, {"overdue": "yes"})) == OUTSTANDING
        assert len(numbers_shown(client.get(URL, {"overdue": "no"}))) == 19

    def test_by_strategy_objective(self, seed, client):
        objective = Objective.objects.get(ref="6.1")
        assert numbers_shown(client.get(URL, {"objective": objective.pk})) == [5, 15, 17]

    def test_by_free_text_in_text_and_responses(self, seed, client):
        # 9's text does not say cannabis; its response does.
        assert numbers_shown(client.get(URL, {"q": "cannabis"})) == [4, 9, 10, 11]
        # "Nottingham" is only in recommendation 8's response, in no recommendation's text.
        assert numbers_shown(client.get(URL, {"q": "Nottingham"})) == [8]

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
    def test_full_text_search_matches_word_forms(self, seed, client):
        # Recommendation 8 asks for "more detailed evaluation of pilot projects".
        assert 8 in numbers_shown(client.get(URL, {"q": "evaluating pilots"}))
        assert numbers_shown(client.get(URL, {"q": '"pilot projects" -cannabis'})) != []

    def test_by_number(self, seed, client):
        # 18's response says "linked to 17"; 17 is found by its number.
        assert numbers_shown(client.get(URL, {"q": " 17 "})) == [17, 18]

    @pytest.mark.parametrize("digits", ["²", "①", "١٧", "１７", "½"])
    def test_digits_int_cannot_read_are_searched_as_words(self, seed, client, digits):
        # str.isdigit() is true for "²" and "①" but int() refuses them.
        response = client.get(URL, {"q": digits})
        assert response.status_code == 200
        assert numbers_shown(response) == []

    def test_by_note(self, seed, client):
        Recommendation.objects.filter(number=3).update(note="Raised by the xylophone panel.")
        assert numbers_shown(client.get(URL, {"q": "xylophone"})) == [3]

    def test_free_text_never_finds_draft_responses_for_the_public(
        self, seed, client, client_for, member
    ):
        draft_report_changing(seed_number(3), Status.COMPLETE, response="Zanzibar protocol.")
        assert numbers_shown(client.get(URL, {"q": "Zanzibar"})) == []
        assert numbers_shown(client_for(member).get(URL, {"q": "Zanzibar"})) == [3]

    def test_filters_combine(self, seed, client):
        response = client.get(URL, {"status": "outstanding", "q": "cannabis"})
        assert numbers_shown(response) == [10]

    def test_the_form_keeps_the_choices(self, seed, client):
        response = client.get(URL, {"status": "outstanding", "linked": "no", "q": "drugs"})
        assert 'value="outstanding" checked' in response.text
        assert '<option value="no" selected>' in response.text
        assert 'value="drugs"' in response.text


class TestBadInput:
    @pytest.mark.parametrize(
        "query, message",
        [
            ({"status": "bogus"}, "Choose statuses from the list."),
            ({"scrutiny": "abc"}, "Choose a scrutiny from the list."),
            ({"scrutiny": "99999"}, "Choose a scrutiny from the list."),
            ({"linked": "maybe"}, "Choose linked or not linked."),
            ({"overdue": "perhaps"}, "Choose overdue or not overdue."),
            ({"objective": "x"}, "Choose a strategy objective from the list."),
            ({"page": "999"}, "There is no page 999: the results run to 1 page."),
            ({"page": "abc"}, "There is no page abc"),
            ({"page": "0"}, "There is no page 0"),
            ({"sort": "bogus"}, "Sort by choosing a column heading in the table."),
            ({"_export": "pdf"}, "Download as CSV or XLSX."),
        ],
    )
    def test_it_explains_and_shows_no_rows(self, seed, client, query, message):
        response = client.get(URL, query)
        assert response.status_code == 400
        assert 'class="govuk-error-summary"' in response.text
        assert message in response.text
        assert numbers_shown(response) == []
        assert response.context["errors"]

    def test_it_marks_the_field_in_error(self, seed, client):
        response = client.get(URL, {"scrutiny": "abc"})
        assert 'class="govuk-select govuk-select--error"' in response.text
        assert '<a href="#id_scrutiny">' in response.text

    def test_an_overlong_search_is_refused(self, seed, client):
        response = client.get(URL, {"q": "x" * 201})
        assert response.status_code == 400
        assert numbers_shown(response) == []

    def test_an_invalid_filter_is_not_exported(self, seed, client):
        response = client.get(URL, {"status": "bogus", "_export": "csv"})
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")


class TestSorting:
    def test_by_number_descending(self, seed, client):
        assert numbers_shown(client.get(URL, {"sort": "-number"}))[:3] == [24, 23, 22]

    def test_by_status(self, seed, client):
        shown = numbers_shown(client.get(URL, {"sort": "status"}))
        # Complete first, then outstanding, then for members' consideration.
        assert shown[-8:] == [*OUTSTANDING, 2, 9, 13]

    def test_by_expected_date(self, seed, client):
        shown = numbers_shown(client.get(URL, {"sort": "due"}))
        # 8 by 6 June 2008; 10 and 20 by 6 September 2008; 16 and 24 by 6 March 2009.
        assert shown[:5] == [8, 10, 20, 16, 24]
        descending = numbers_shown(client.get(URL, {"sort": "-due"}))
        assert descending[-5:] == [24, 16, 20, 10, 8]

    def test_by_scrutiny(self, seed, client):
        bulk_recommendations(3, scrutinies=3, title="A generated scrutiny")
        response = client.get(URL, {"sort": "scrutiny"})
        titles = [
            row.record.recommendation.scrutiny.title
            for row in response.context["table"].paginated_rows
        ]
        assert titles[:3] == [
            "A generated scrutiny 1",
            "A generated scrutiny 2",
            "A generated scrutiny 3",
        ]

    def test_the_sorted_column_shows_its_direction(self, seed, client):
        ascending = client.get(URL, {"sort": "status"}).text
        assert re.search(
            r'<th scope="col" class="govuk-table__header" aria-sort="ascending">\s*'
            r'<a [^>]*>Status<span class="app-sort-indicator" aria-hidden="true">▲</span>',
            ascending,
        )
        assert ascending.count("app-sort-indicator") == 1
        descending = client.get(URL, {"sort": "-status"}).text
        assert '>Status<span class="app-sort-indicator" aria-hidden="true">▼</span>' in descending
        assert 'aria-sort="descending"' in descending

    def test_one_scrutiny_is_ordered_by_number_which_shows_the_arrow(self, seed, client):
        response = client.get(URL)
        assert numbers_shown(response) == list(range(1, 25))
        assert '>Number<span class="app-sort-indicator" aria-hidden="true">▲</span>' in (
            response.text
        )

    def test_sorting_by_scrutiny_keeps_its_column(self, seed, client):
        response = client.get(URL, {"sort": "scrutiny"})
        assert response.status_code == 200
        assert response.context["table"].columns["scrutiny"].visible

    def test_sort_links_keep_filters_and_return_to_page_one(self, seed, client):
        bulk_recommendations(60, scrutinies=1)
        response = client.get(URL, {"status": "complete", "page": "2"})
        assert 'href="?status=complete&amp;sort=-scrutiny"' in response.text


class TestPagination:
    def test_it_shows_25_a_page(self, seed, client):
        bulk_recommendations(30, scrutinies=1, title="Z generated")
        first = client.get(URL)
        assert len(numbers_shown(first)) == 25
        assert "Showing 1 to 25 of 54 recommendations." in first.text
        assert 'class="govuk-pagination"' in first.text
        assert 'href="?page=2"' in first.text
        second = client.get(URL, {"page": "2"})
        assert len(numbers_shown(second)) == 25
        assert "Showing 26 to 50 of 54" in second.text
        assert 'aria-current="page">2</a>' in second.text


class TestExport:
    def test_csv_holds_exactly_the_filtered_rows(self, seed, client):
        response = client.get(URL, {"status": "outstanding", "_export": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        rows = csv_rows(response)
        assert [int(row["Number"]) for row in rows] == OUTSTANDING
        assert {row["Status"] for row in rows} == {"Outstanding"}
        assert rows[2]["Expected by"] == "2009-03-06"
        assert rows[2]["Expected from"] == "2008-09-06"
        assert rows[0]["Overdue"] == "yes"
        assert "<" not in response.content.decode()

    def test_csv_has_every_row_not_just_a_page(self, seed, client):
        bulk_recommendations(30, scrutinies=1)
        rows = csv_rows(client.get(URL, {"_export": "csv", "page": "2"}))
        assert len(rows) == 54

    def test_csv_gives_full_text_note_and_link(self, seed, client):
        rows = {int(row["Number"]): row for row in csv_rows(client.get(URL, {"_export": "csv"}))}
        assert rows[24]["Note"] == "This recommendation was not numbered in the main report"
        assert rows[18]["Linked to"] == "17"
        assert rows[18]["Status"] == "Complete"
        assert rows[18]["Basis"] == "proposed"
        assert rows[4]["Recommendation"] == seed_number(4).text

    def test_xlsx_holds_the_filtered_rows(self, seed, client):
        response = client.get(URL, {"linked": "yes", "_export": "xlsx"})
        assert response.status_code == 200
        assert "spreadsheetml" in response["Content-Type"]
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        number = rows[0].index("Number")
        assert [row[number] for row in rows[1:]] == [13, 18]

    def test_text_never_runs_as_a_formula(self, seed, client):
        Recommendation.objects.filter(number=3).update(
            text='=HYPERLINK("http://x","y")', note="@SUM(1)"
        )
        [row] = [
            row for row in csv_rows(client.get(URL, {"_export": "csv"})) if row["Number"] == "3"
        ]
        assert row["Recommendation"] == '\'=HYPERLINK("http://x","y")'
        assert row["Note"] == "'@SUM(1)"
        response = client.get(URL, {"_export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells)

    def test_the_page_links_to_both_exports_with_its_filters(self, seed, client):
        response = client.get(URL, {"status": "outstanding"})
        assert 'href="?status=outstanding&amp;_export=csv"' in response.text
        assert 'href="?status=outstanding&amp;_export=xlsx"' in response.text


class TestDrafts:
    def test_anonymous_visitors_see_published_statuses_only(
        self, seed, client, client_for, member, outsider
    ):
        draft_report_changing(seed_number(2), Status.COMPLETE)
        for reader in (client, client_for(outsider)):
            assert 2 in numbers_shown(reader.get(URL, {"status": "consideration"}))
            export = reader.get(URL, {"_export": "csv"})
            rows = {int(row["Number"]): row for row in csv_rows(export)}
            assert rows[2]["Status"] == "For members' consideration"
        rows = {
            int(row["Number"]): row
            for row in csv_rows(client_for(member).get(URL, {"_export": "csv"}))
        }
        assert rows[2]["Status"] == "Complete"


class TestQueryCount:
    def test_it_is_fixed_for_anonymous_visitors(self, seed, client, get_with_queries):
        get_with_queries(
            client, QUERIES, URL, {"status": "outstanding", "q": "drugs", "sort": "due"}
        )

    def test_it_does_not_grow_with_rows(self, seed, client, get_with_queries):
        bulk_recommendations(300)
        response = get_with_queries(
            client,
            QUERIES,
            URL,
            {"status": "outstanding", "q": "recommendation", "sort": "due", "page": "2"},
        )
        assert len(numbers_shown(response)) == 25
        export = get_with_queries(client, EXPORT_QUERIES, URL, {"_export": "csv"})
        assert len(csv_rows(export)) == 324

    def test_it_is_fixed_when_signed_in(self, seed, client_for, member, get_with_queries):
        reader = client_for(member)
        query = {"linked": "no", "overdue": "yes", "q": "recommendation"}
        get_with_queries(reader, SIGNED_IN_QUERIES, URL, query)
        bulk_recommendations(300)
        response = get_with_queries(reader, SIGNED_IN_QUERIES, URL, query)
        assert len(numbers_shown(response)) == 25

    def test_a_chosen_scrutiny_or_objective_costs_one_lookup_each(
        self, seed, client, get_with_queries
    ):
        query = {
            "scrutiny": Scrutiny.objects.get().pk,
            "objective": Objective.objects.get(ref="6.1").pk,
        }
        get_with_queries(client, QUERIES + 2, URL, query)
        bulk_recommendations(300)
        assert numbers_shown(get_with_queries(client, QUERIES + 2, URL, query)) == [5, 15, 17]


class TestWayBack:
    def test_from_the_whole_list_a_row_links_its_page_alone(self, seed, client):
        response = client.get(URL)
        assert f'href="{seed_number(8).get_absolute_url()}"' in response.text
        assert "back=" not in response.text

    def test_from_a_filtered_sorted_list_a_row_carries_that_list_for_the_way_back(
        self, seed, client
    ):
        response = client.get(URL, {"status": "outstanding", "sort": "-due"})
        back = urlencode({"back": f"{URL}?status=outstanding&sort=-due"})
        assert f'href="{seed_number(8).get_absolute_url()}?{back.replace("&", "&amp;")}"' in (
            response.text
        )
        detail = client.get(f"{seed_number(8).get_absolute_url()}?{back}")
        assert breadcrumbs(detail)[1] == ("Recommendations", f"{URL}?status=outstanding&sort=-due")
