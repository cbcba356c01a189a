"""The report generator: section A's wording from statuses, section B, and the other parts."""

from datetime import date

import pytest

from recommendations.models import Abbreviation, Recommendation, Report, ReportSection, Scrutiny
from recommendations.paper.content import (
    REPORT_RELATED,
    Proposal,
    build_report,
    numbers_in_words,
    recommendations_to_members,
)
from tests.factories import SEED_SECTION_A, add_update, bulk_recommendations, make_report

COMPLETE, OUTSTANDING, CONSIDERATION = "complete", "outstanding", "consideration"


def section_a(*proposals, scrutiny="Test Scrutiny"):
    return recommendations_to_members(scrutiny, [Proposal(*p) for p in proposals])


class TestNumbersInWords:
    @pytest.mark.parametrize(
        "numbers, words",
        [
            ([7], "7"),
            ([2, 9], "2 and 9"),
            ([23, 1, 3], "1, 3 and 23"),
            ([4, 10, 2, 8], "2, 4, 8 and 10"),
        ],
    )
    def test_it_lists_numbers_ascending_with_and(self, numbers, words):
        assert numbers_in_words(numbers) == words


class TestSectionAWording:
    def test_the_seeds_proposals_give_the_seeds_words(self):
        complete = [1, 3, 4, 5, 6, 7, 11, 12, 14, 15, 17, 19, 21, 22, 23]
        proposals = (
            [(n, COMPLETE) for n in complete]
            + [(18, COMPLETE, 17), (13, CONSIDERATION, 2)]
            + [(n, OUTSTANDING) for n in (24, 8, 16, 10, 20)]
            + [(9, CONSIDERATION), (2, CONSIDERATION)]
        )
        assert section_a(*proposals, scrutiny="MPA Drugs Scrutiny") == SEED_SECTION_A

    def test_one_complete_recommendation_is_singular(self):
        assert section_a((7, COMPLETE), scrutiny="Knife Crime Scrutiny") == [
            "Members agree the following recommendation listed in the Knife Crime Scrutiny "
            "is complete 7."
        ]

    def test_one_outstanding_recommendation_is_singular(self):
        assert section_a((8, OUTSTANDING)) == [
            "Recommendation 8 requires further work and its timescale for expected completion "
            "to be noted."
        ]

    def test_one_recommendation_for_consideration_is_singular(self):
        assert section_a((2, CONSIDERATION)) == [
            "Recommendation 2 is to be considered by the Members as to whether any additional "
            "work is required."
        ]

    def test_several_sources_linked_to_one_complete_target_share_an_item(self):
        assert section_a((17, COMPLETE), (25, COMPLETE, 17), (18, COMPLETE, 17))[1] == (
            "Recommendations 18 and 25 should be linked to 17 above and agreement is sought "
            "that they are also complete."
        )

    def test_a_link_to_an_outstanding_target_asks_for_its_timescale(self):
        assert section_a((8, OUTSTANDING), (12, OUTSTANDING, 8)) == [
            "Recommendation 8 requires further work and its timescale for expected completion "
            "to be noted; and",
            "Recommendation 12 should be linked to 8 above and its timescale noted.",
        ]
        assert section_a((8, OUTSTANDING), (12, OUTSTANDING, 8), (14, OUTSTANDING, 8))[1] == (
            "Recommendations 12 and 14 should be linked to 8 above and their timescales noted."
        )

    def test_several_sources_linked_to_a_target_for_consideration(self):
        assert (
            section_a((2, CONSIDERATION), (13, CONSIDERATION, 2), (6, CONSIDERATION, 2))[1]
            == "Recommendations 6 and 13 should be linked with 2 and therefore treated as above."
        )

    def test_each_link_target_gets_its_own_item_in_target_order(self):
        items = section_a((17, COMPLETE), (3, COMPLETE), (18, COMPLETE, 17), (4, COMPLETE, 3))
        assert items == [
            "Members agree the following recommendations listed in the Test Scrutiny are "
            "complete 3 and 17;",
            "Recommendation 4 should be linked to 3 above and agreement is sought that it is "
            "also complete; and",
            "Recommendation 18 should be linked to 17 above and agreement is sought that it "
            "is also complete.",
        ]

    def test_groups_come_in_the_reports_order_whatever_the_input_order(self):
        items = section_a((2, CONSIDERATION), (8, OUTSTANDING), (1, COMPLETE))
        assert [item.split()[0:2] for item in items] == [
            ["Members", "agree"],
            ["Recommendation", "8"],
            ["Recommendation", "2"],
        ]

    def test_empty_groups_are_left_out(self):
        items = section_a((8, OUTSTANDING), (10, OUTSTANDING))
        assert items == [
            "Recommendations 8 and 10 require further work and timescales for expected "
            "completion to be noted."
        ]

    def test_punctuation_semicolons_then_and_then_full_stop(self):
        items = section_a((1, COMPLETE), (8, OUTSTANDING), (2, CONSIDERATION), (9, COMPLETE, 1))
        assert items[0].endswith("complete 1;")
        assert items[1].endswith("also complete;")
        assert items[2].endswith("to be noted; and")
        assert items[3].endswith("work is required.")
        one = section_a((1, COMPLETE))
        assert one[0].endswith("complete 1.")

    def test_no_proposals_no_items(self):
        assert section_a() == []


@pytest.fixture
def scrutiny(db):
    return Scrutiny.objects.create(title="Knife Crime Scrutiny", body="A test authority")


def recommendations(scrutiny, *numbers, **notes):
    return {
        n: Recommendation.objects.create(
            scrutiny=scrutiny, number=n, text=f"Do thing {n}.", note=notes.get(f"note{n}", "")
        )
        for n in numbers
    }


def built(report):
    return build_report(Report.objects.select_related(*REPORT_RELATED).get(pk=report.pk))


class TestBuildReportFromTheSeed:
    def test_section_a_is_the_seeds_verbatim(self, seed):
        assert built(Report.objects.get()).recommendations == SEED_SECTION_A

    def test_section_b_covers_every_recommendation_in_number_order(self, seed):
        content = built(Report.objects.get())
        assert [entry.number for entry in content.supporting] == list(range(1, 25))
        assert content.supporting[0].heading == (
            "Recommendation 1 – As a priority, we urge Association of Chief Police Officers "
            "(ACPO) and the Home Office to agree a definition of harm."
        )

    def test_a_note_sits_between_number_and_text_as_in_the_seed(self, seed):
        entry = built(Report.objects.get()).supporting[23]
        assert entry.heading == (
            "Recommendation 24 - This recommendation was not numbered in the main report – "
            "The MPS needs to encourage and support innovation and development of new "
            "technologies as part of their strategy to tackle drugs."
        )

    def test_status_sentences_are_the_seeds_own(self, seed):
        by_number = {e.number: e for e in built(Report.objects.get()).supporting}
        assert by_number[1].status_sentence == (
            "It is suggested to the Members that this matter is complete."
        )
        assert by_number[8].status_sentence == (
            "This work will be complete over the next three months."
        )
        assert by_number[15].status_sentence == (
            "Whilst the lobbying will continue it is suggested that this matter is complete."
        )

    def test_links_take_the_targets_status(self, seed):
        by_number = {e.number: e for e in built(Report.objects.get()).supporting}
        assert (by_number[13].proposed_status, by_number[13].effective_status) == (
            COMPLETE,
            CONSIDERATION,
        )
        assert by_number[13].linked_to == 2
        assert by_number[18].effective_status == COMPLETE

    def test_timescales_and_expected_windows_come_from_the_meeting_date(self, seed):
        by_number = {e.number: e for e in built(Report.objects.get()).supporting}
        assert by_number[10].timescale == "within the next three to six months"
        assert (by_number[10].expected.starts, by_number[10].expected.ends) == (
            date(2008, 6, 6),
            date(2008, 9, 6),
        )
        assert by_number[1].expected is None and by_number[1].timescale == ""

    def test_the_other_parts_come_from_the_report(self, seed):
        content = built(Report.objects.get())
        assert (content.number, content.committee, content.date_text) == (
            4,
            "Co-ordination and Policing Committee",
            "06 March 2008",
        )
        assert content.by == (
            "Assistant Commissioner Specialist Crime on behalf of the Commissioner"
        )
        assert content.summary.startswith("This report seeks to update members")
        assert [s.title for s in content.sections] == [
            "C. Race and equality impact",
            "D. Financial implications",
            "E. Background papers",
            "F. Contact details",
        ]
        assert "| Drugs supply | 28 | £133,565 |" in content.sections[1].body
        assert content.author == "Sue Inwood, Detective Inspector Drugs Directorate, MPS"

    def test_abbreviations_are_the_reports_own_list_in_its_order(self, seed):
        listed = built(Report.objects.get()).abbreviations
        assert len(listed) == 35
        assert listed[:3] == [
            ("AC", "Assistant Commissioner"),
            ("ACPO", "Association of Chief Police Officers"),
            ("APACS", "Assessment of Policing and Community Safety"),
        ]
        terms = dict(listed)
        assert terms["DIP"] == "Drugs Interventions Programme"  # the strategy: "Drug ..."
        assert terms["POCA"] == "Proceeds of Crime Act - Asset Confiscation"
        assert terms["PPO"] == "Prolific and Priority Offender"
        assert terms["HMRC"] == "Her Majesty’s Revenue and Customs"  # listed, never used
        assert "AC/TP" not in terms  # in the glossary, from the strategy's list

    def test_an_edit_to_the_list_shows_in_the_draft(self, seed):
        report = Report.objects.get()
        report.abbreviations.filter(term="AC").update(position=99)
        assert built(report).abbreviations[-1] == ("AC", "Assistant Commissioner")

    def test_sections_come_in_letter_order(self, seed):
        report = Report.objects.get()
        ReportSection.objects.create(report=report, letter="B2", heading="Out of order", body=".")
        letters = [s.letter for s in built(report).sections]
        assert letters == sorted(letters)


class TestBuildReportForAnyScrutiny:
    def test_the_scrutinys_own_title_is_used(self, scrutiny):
        recs = recommendations(scrutiny, 1, 2)
        report = make_report(scrutiny, date(2010, 1, 5))
        add_update(report, recs[1], COMPLETE)
        add_update(report, recs[2], COMPLETE)
        assert built(report).recommendations == [
            "Members agree the following recommendations listed in the Knife Crime Scrutiny "
            "are complete 1 and 2."
        ]

    def test_a_chain_of_links_ends_at_its_last_target(self, scrutiny):
        recs = recommendations(scrutiny, 1, 2, 3)
        report = make_report(scrutiny, date(2010, 1, 5))
        add_update(report, recs[1], OUTSTANDING, timescale=(3, 6))
        add_update(report, recs[2], COMPLETE, linked_to=recs[1])
        add_update(report, recs[3], COMPLETE, linked_to=recs[2])
        content = built(report)
        assert content.recommendations == [
            "Recommendation 1 requires further work and its timescale for expected "
            "completion to be noted; and",
            "Recommendations 2 and 3 should be linked to 1 above and their timescales noted.",
        ]
        third = content.supporting[2]
        assert third.effective_status == OUTSTANDING
        assert third.linked_to == 2
        assert third.status_sentence == (
            "This matter remains outstanding and should be complete within the next three "
            "to six months."
        )
        assert third.expected.ends == date(2010, 7, 5)

    def test_a_link_to_a_recommendation_outside_the_report_is_no_link(self, scrutiny):
        recs = recommendations(scrutiny, 1, 2)
        report = make_report(scrutiny, date(2010, 1, 5))
        add_update(report, recs[2], CONSIDERATION, linked_to=recs[1])
        assert built(report).recommendations == [
            "Recommendation 2 is to be considered by the Members as to whether any additional "
            "work is required."
        ]

    def test_standard_status_sentences_fill_in_where_none_is_stored(self, scrutiny):
        recs = recommendations(scrutiny, 1, 2, 3)
        report = make_report(scrutiny, date(2010, 1, 5))
        add_update(report, recs[1], COMPLETE)
        add_update(report, recs[2], OUTSTANDING, timescale=(0, 3))
        add_update(report, recs[3], CONSIDERATION)
        assert [e.status_sentence for e in built(report).supporting] == [
            "It is suggested that this matter is complete.",
            "This matter remains outstanding and should be complete within the next three months.",
            "Members are asked to consider if any additional work is required.",
        ]

    def test_a_report_with_no_updates_has_empty_sections_a_and_b(self, scrutiny):
        content = built(make_report(scrutiny, date(2010, 1, 5)))
        assert content.recommendations == [] and content.supporting == []

    def test_a_report_without_a_list_lists_the_glossary_terms_it_uses(self, scrutiny):
        recs = recommendations(scrutiny, 1)
        report = make_report(scrutiny, date(2010, 1, 5))
        add_update(report, recs[1], COMPLETE, response="The MPS did it.")
        Abbreviation.objects.create(term="MPS", expansion="Metropolitan Police Service")
        Abbreviation.objects.create(term="MPA", expansion="Metropolitan Police Authority")
        assert built(report).abbreviations == [("MPS", "Metropolitan Police Service")]

    def test_no_glossary_no_abbreviations(self, scrutiny):
        Abbreviation.objects.all().delete()
        recs = recommendations(scrutiny, 1)
        report = make_report(scrutiny, date(2010, 1, 5))
        add_update(report, recs[1], COMPLETE, response="The MPS did it.")
        assert built(report).abbreviations == []


class TestQueries:
    # Updates, sections, the report's abbreviations list, the glossary.
    def test_four_queries_at_seed_size(self, seed, django_assert_num_queries):
        report = Report.objects.select_related(*REPORT_RELATED).get()
        with django_assert_num_queries(4):
            build_report(report)

    def test_four_queries_with_hundreds_of_recommendations(self, seed, django_assert_num_queries):
        scrutiny = bulk_recommendations(300, scrutinies=1)[0]
        report = Report.objects.select_related(*REPORT_RELATED).get(
            scrutiny=scrutiny, published_at__isnull=False
        )
        with django_assert_num_queries(4):
            content = build_report(report)
        assert len(content.supporting) == 300
