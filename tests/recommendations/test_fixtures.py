"""The seed fixtures: report 4 of the 6 March 2008 Co-ordination and Policing Committee
("Drugs scrutiny recommendations update") and the glossary, checked against the source.

The fixtures are transcriptions, so the checks compare them with the source document
itself, kept in the repository under fixtures/sources/ (tests/sources.py).

drugs_scrutiny.json links recommendations to strategy objectives and success measures,
so it loads only together with drugs_strategy.json. The tests in
TestNeedsStrategyFixtureContent also read that fixture's refs (1.2, 6.1.3, ...).
"""

import re
from collections import Counter

import markdown
import pytest
from django.core.management import call_command

from recommendations.models import (
    Abbreviation,
    Committee,
    Meeting,
    ProgressUpdate,
    Recommendation,
    Report,
    ReportAbbreviation,
    ReportSection,
    Scrutiny,
    Status,
)
from tests.sources import REPORT_4, STRATEGY, printed_abbreviations, read_source

pytestmark = pytest.mark.django_db

FIXTURES = ("drugs_strategy", "drugs_scrutiny", "glossary")

COMPLETE = [1, 3, 4, 5, 6, 7, 11, 12, 13, 14, 15, 17, 18, 19, 21, 22, 23]
OUTSTANDING = [8, 10, 16, 20, 24]
CONSIDERATION = [2, 9]
TIMESCALES = {8: (0, 3), 10: (3, 6), 20: (3, 6), 16: (6, 12), 24: (6, 12)}
LINKED = {18: 17, 13: 2}


def collapse(text):
    """Whitespace-insensitive form: every run of whitespace (NBSP included) is one space."""
    return " ".join(text.split())


def without_list_markers(text):
    """Markdown list items back to plain lines, as the seed prints them without bullets."""
    return re.sub(r"^[ \t]*- ", "", text, flags=re.MULTILINE)


def paragraphs(text):
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


@pytest.fixture
def seeded():
    call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture(scope="module")
def seed_text():
    return read_source(REPORT_4)


@pytest.fixture(scope="module")
def seed_collapsed(seed_text):
    """The seed without its bullet characters, whitespace collapsed."""
    return collapse(seed_text.replace("•", ""))


def update(number):
    return ProgressUpdate.objects.select_related("linked_to").get(
        report_id=1, recommendation__number=number
    )


# --- The recommendations ---------------------------------------------------------------


def test_exactly_24_recommendations_numbered_1_to_24(seeded):
    numbers = list(Recommendation.objects.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, 25))
    assert set(Recommendation.objects.values_list("scrutiny__title", flat=True)) == {
        "MPA Drugs Scrutiny"
    }


def test_recommendation_24_carries_its_note(seeded):
    rec = Recommendation.objects.get(number=24)
    assert rec.note == "This recommendation was not numbered in the main report"
    assert rec.text == (
        "The MPS needs to encourage and support innovation and development of new "
        "technologies as part of their strategy to tackle drugs."
    )
    assert set(Recommendation.objects.exclude(number=24).values_list("note", flat=True)) == {""}


def test_recommendation_texts_are_verbatim(seeded, seed_text):
    lines = seed_text.splitlines()
    for rec in Recommendation.objects.all():
        if rec.note:
            heading = f"Recommendation {rec.number} - {rec.note} – {rec.text}"
        else:
            heading = f"Recommendation {rec.number} – {rec.text}"
        assert heading in lines, rec.number


def test_recommendation_spot_checks(seeded):
    assert Recommendation.objects.get(number=22).text.startswith("the MPS and partners")
    assert Recommendation.objects.get(number=3).text.endswith(
        "such as ‘open drug markets’ and ‘drug related crime’."
    )
    assert Recommendation.objects.get(number=19).text == (
        "The MPS needs to clarify how the priority on Asset Confiscation – Proceeds of Crime "
        "Act (POCA) in their new Drugs Strategy is to be implemented and assessed at borough "
        "level."
    )


# --- The report and its updates --------------------------------------------------------


def test_report_metadata(seeded):
    report = Report.objects.select_related("meeting__committee", "scrutiny").get(pk=1)
    assert report.number == 4
    assert report.title == "Drugs scrutiny recommendations update"
    assert report.meeting.committee.name == "Co-ordination and Policing Committee"
    assert report.meeting.date.isoformat() == "2008-03-06"
    assert report.scrutiny.title == "MPA Drugs Scrutiny"
    assert report.scrutiny.body == "Metropolitan Police Authority"
    assert report.by == "Assistant Commissioner Specialist Crime on behalf of the Commissioner"
    assert report.author == "Sue Inwood, Detective Inspector Drugs Directorate, MPS"
    assert report.standfirst.startswith(
        "Report 4 of the 6 March 2008 meeting of the Co-ordination and Policing Committee "
        "updating members on"
    )
    assert report.is_published
    assert report.published_at.isoformat() == "2008-03-06T00:00:00+00:00"
    summary = paragraphs(report.summary)
    assert len(summary) == 2
    assert summary[1] == (
        "An update on cannabis classification will not be included but will be the subject "
        "of a separate report."
    )


def test_report_texts_are_verbatim(seeded, seed_text):
    report = Report.objects.get(pk=1)
    lines = seed_text.splitlines()
    assert report.standfirst in lines
    for paragraph in paragraphs(report.summary):
        assert paragraph in lines


def test_one_update_per_recommendation(seeded):
    updates = ProgressUpdate.objects.filter(report_id=1)
    assert updates.count() == 24
    assert sorted(updates.values_list("recommendation__number", flat=True)) == list(range(1, 25))
    assert list(updates.order_by("pk").values_list("pk", "recommendation_id")) == [
        (n, n) for n in range(1, 25)
    ]


def test_responses_and_status_statements_are_verbatim(seeded, seed_collapsed):
    """Paragraph number, response and status sentence run on in the seed exactly so."""
    for u in ProgressUpdate.objects.select_related("recommendation"):
        n = u.recommendation.number
        text = f"{n}. {collapse(without_list_markers(u.response))} {u.status_statement}"
        # ...and the next recommendation (or the abbreviations list) follows at once.
        assert re.search(
            re.escape(text) + r" (Recommendation \d+ |Abbreviations:)", seed_collapsed
        ), n


def test_every_response_paragraph_is_in_the_seed(seeded, seed_collapsed):
    for u in ProgressUpdate.objects.all():
        for paragraph in paragraphs(without_list_markers(u.response)):
            assert collapse(paragraph) in seed_collapsed, (u.pk, paragraph[:60])


def test_responses_leave_out_paragraph_number_and_status(seeded):
    for u in ProgressUpdate.objects.select_related("recommendation"):
        assert not re.match(r"\d+\. ", u.response), u.pk
        assert u.status_statement
        assert u.status_statement not in u.response, u.pk


@pytest.mark.parametrize(
    ("number", "statement"),
    [
        (1, "It is suggested to the Members that this matter is complete."),
        (2, "Members are asked to consider if any additional work is required."),
        (8, "This work will be complete over the next three months."),
        (9, "The members are asked to consider if any additional work is required."),
        (15, "Whilst the lobbying will continue it is suggested that this matter is complete."),
        (
            18,
            "It is suggested that this recommendation should be linked with recommendation 17 "
            "and that this matter is complete.",
        ),
        (
            24,
            "This matter remains outstanding and should be complete within the next six to "
            "twelve months.",
        ),
    ],
)
def test_status_statements(seeded, number, statement):
    assert update(number).status_statement == statement


def test_first_response_opens_with_the_correspondence(seeded):
    assert update(1).response.startswith(
        "Correspondence has been exchanged between the MPS, MPA and Home Office Drug Strategy Unit."
    )


@pytest.mark.parametrize(
    ("status", "numbers"),
    [
        (Status.COMPLETE, COMPLETE),
        (Status.OUTSTANDING, OUTSTANDING),
        (Status.CONSIDERATION, CONSIDERATION),
    ],
)
def test_proposed_status_groups(seeded, status, numbers):
    found = ProgressUpdate.objects.filter(report_id=1, proposed_status=status)
    assert sorted(found.values_list("recommendation__number", flat=True)) == numbers


def test_links_18_to_17_and_13_to_2(seeded):
    linked = {
        u.recommendation.number: u.linked_to.number
        for u in ProgressUpdate.objects.filter(linked_to__isnull=False).select_related(
            "recommendation", "linked_to"
        )
    }
    assert linked == LINKED


def test_timescales(seeded):
    found = {
        u.recommendation.number: u.timescale or (None, None)
        for u in ProgressUpdate.objects.select_related("recommendation", "report__meeting")
    }
    for number in range(1, 25):
        assert found[number] == TIMESCALES.get(number, (None, None)), number


def test_outstanding_updates_pass_model_validation(seeded):
    for u in ProgressUpdate.objects.all():
        u.full_clean()


def test_typos_survive(seeded):
    assert "the national dugs strategy due to be launched" in update(21).response
    assert "the issues most effecting the safety" in update(6).response
    assert "any performance framework centers around the holistic problem" in update(6).response
    assert "recommendations six,seven and 19." in update(7).response


def test_curly_quotes_and_dashes_survive(seeded):
    assert "the definition of “open markets” is given as:" in update(3).response
    assert "Strategy, 2005 – 2010 “Drugs Crime”" in update(3).response
    assert "the ‘Drugs: Our Community, your say’ consultation paper" in update(21).response
    assert "Her Majesty’s Revenue and Customs" in update(9).response
    assert "Consistency of approach – there are boroughs" in update(15).response


def test_recommendation_3_definitions_render_as_a_list_with_paragraphs(seeded):
    response = update(3).response
    assert "\n\n- Open Drugs Market\n\n    Section 3.3.1 of the draft" in response
    html = markdown.markdown(response)
    assert html.count("<ul>") == 1
    assert html.count("<li>") == 6
    assert "<li>\n<p>Open Drugs Market</p>\n<p>Section 3.3.1" in html
    assert "<pre>" not in html and "<code>" not in html


def test_recommendation_19_nested_list_renders(seeded):
    response = update(19).response
    item = "    - Each final court result; i.e. a forfeiture or confiscation order."
    assert f"\n\n{item}\n" in response
    html = markdown.markdown(response)
    assert html.count("<ul>") == 2
    assert "<p>The incentivisation score is a measure which includes:</p>\n<ul>" in html
    assert "<li>Each case which uses a suspicious activity report.</li>\n</ul>\n</li>" in html


def test_every_response_renders_without_code_blocks(seeded):
    for u in ProgressUpdate.objects.all():
        html = markdown.markdown(u.response)
        assert "<pre>" not in html and "<code>" not in html, u.pk


# --- Sections C to F -------------------------------------------------------------------


def test_sections_c_to_f(seeded):
    sections = list(ReportSection.objects.filter(report_id=1).order_by("letter"))
    assert [(s.pk, s.letter, s.heading) for s in sections] == [
        (1, "C", "Race and equality impact"),
        (2, "D", "Financial implications"),
        (3, "E", "Background papers"),
        (4, "F", "Contact details"),
    ]
    c, d, e, f = (s.body for s in sections)
    assert c.startswith("1. The MPA considered the race and equality impact")
    assert e == "None"
    assert paragraphs(f) == [
        "Report author(s): Sue Inwood, Detective Inspector Drugs Directorate, MPS",
        "For more information contact:",
        "MPA general: 020 7202 0202",
        "Media enquiries: 020 7202 0217/18",
    ]
    assert [p[:3] for p in paragraphs(d) if re.match(r"\d\. ", p)] == [
        "1. ",
        "2. ",
        "3. ",
        "4. ",
        "5. ",
    ]


def test_table_1(seeded):
    d = ReportSection.objects.get(report_id=1, letter="D").body
    blocks = paragraphs(d)
    title, table, caption, last = blocks[4:]
    assert collapse(title) == (
        "**Centrally funded operations conducted by Territorial Policing 01 April 2007 to "
        "January 2008**"
    )
    assert table.splitlines() == [
        "| Crime Type | No of bids | Amount |",
        "| --- | --- | --- |",
        "| Drugs supply | 28 | £133,565 |",
        "| Drugs supply / violent crime | 12 | £164,361 |",
        "| Drugs / guns | 6 | £62,664 |",
        "| Totals | 46 | £360,590 |",
    ]
    assert collapse(caption) == (
        "Table 1: Centrally funded operations conducted by Territorial Policing 01 April 2007 "
        "to January 2008"
    )
    assert last.startswith("5. A typically busy Borough, in this case Brent")
    html = markdown.markdown(d, extensions=["tables"])
    assert "<td>Totals</td>\n<td>46</td>\n<td>£360,590</td>" in html


def test_section_texts_are_verbatim(seeded, seed_text, seed_collapsed):
    lines = seed_text.splitlines()
    for section in ReportSection.objects.filter(report_id=1):
        for paragraph in paragraphs(section.body):
            if paragraph.startswith("|"):
                continue  # the table; its cells are checked in test_table_1
            assert paragraph.strip("*") in lines, (section.letter, paragraph[:60])
    # The table's rows, as the seed runs them together.
    assert "Totals 46 £360,590" in seed_collapsed


# --- Loading twice ---------------------------------------------------------------------


MODELS = [
    Scrutiny,
    Committee,
    Meeting,
    Report,
    ReportSection,
    Recommendation,
    ProgressUpdate,
    ReportAbbreviation,
    Abbreviation,
]


def test_loading_twice_updates_rather_than_duplicates(seeded):
    before = {model: model.objects.count() for model in MODELS}
    assert before[Recommendation] == 24 and before[ProgressUpdate] == 24
    assert before[ReportSection] == 4
    Recommendation.objects.filter(number=21).update(text="edited")
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert {model: model.objects.count() for model in MODELS} == before
    assert Recommendation.objects.get(number=21).text.startswith(
        "The MPS should revise the prevention material"
    )


# --- Glossary --------------------------------------------------------------------------


def test_glossary_keeps_both_spellings_where_the_documents_differ(seeded):
    def expansions(term):
        return sorted(Abbreviation.objects.filter(term=term).values_list("expansion", flat=True))

    assert expansions("DIP") == ["Drug Interventions Programme", "Drugs Interventions Programme"]
    assert expansions("PPO") == [
        "Prolific and Priority Offender",
        "Prolific and Priority Offenders",
    ]
    assert expansions("POCA") == [
        "Proceeds of Crime Act",
        "Proceeds of Crime Act - Asset Confiscation",
    ]
    assert expansions("MIB") == ["Met Intelligence Bureau"]
    assert expansions("MPS") == ["Metropolitan Police Service"]


def test_glossary_is_clean_and_sorted(seeded):
    pairs = list(Abbreviation.objects.order_by("pk").values_list("term", "expansion"))
    assert pairs == sorted(pairs)
    assert not [pair for pair, count in Counter(pairs).items() if count > 1]
    for term, expansion in pairs:
        assert term == term.strip() and expansion == expansion.strip(), (term, expansion)
    assert len(pairs) == 47


def test_glossary_holds_every_abbreviation_of_both_documents(seeded):
    report_pairs = set(printed_abbreviations(REPORT_4))
    strategy_pairs = set(printed_abbreviations(STRATEGY))
    assert (len(report_pairs), len(strategy_pairs), len(report_pairs & strategy_pairs)) == (
        35,
        18,
        6,
    )
    assert set(Abbreviation.objects.values_list("term", "expansion")) == (
        report_pairs | strategy_pairs
    )


def test_report_4_keeps_its_own_list_of_35_verbatim_in_order(seeded):
    listed = ReportAbbreviation.objects.filter(report_id=1).order_by("position")
    pairs = list(listed.values_list("term", "expansion"))
    assert pairs == printed_abbreviations(REPORT_4)
    assert list(listed.values_list("position", flat=True)) == list(range(1, 36))
    terms = dict(pairs)
    assert terms["DIP"] == "Drugs Interventions Programme"
    assert terms["POCA"] == "Proceeds of Crime Act - Asset Confiscation"
    assert terms["HMRC"] == "Her Majesty’s Revenue and Customs"


def test_the_lists_leave_out_only_the_sources_surrounding_whitespace(seeded, seed_text):
    """MIB, NTA and PIB's expansions start with a no-break space in the source: not words."""
    lines = seed_text.split("\nAbbreviations:\n", 1)[1].split("\nC. Race and equality", 1)[0]
    padded = [line for line in lines.splitlines() if line != line.strip()]
    assert padded == [
        "\xa0Met Intelligence Bureau",
        "\xa0National Treatment Agency",
        "\xa0Performance Information Bureau",
    ]
    for line in padded:
        assert ReportAbbreviation.objects.filter(expansion=line.strip()).exists()


# --- Links to the strategy (need drugs_strategy.json's objectives and measures) ---------


class TestNeedsStrategyFixtureContent:
    """Read the refs drugs_strategy.json gives objectives pk 1-14 and measures pk 1-28."""

    def refs(self, number):
        rec = Recommendation.objects.get(number=number)
        return (
            sorted(rec.objectives.values_list("ref", flat=True)),
            sorted(rec.measures.values_list("ref", flat=True)),
        )

    def test_recommendation_5_objectives(self, seeded):
        assert self.refs(5) == (["1.2", "2.2", "6.1", "6.2"], [])

    def test_recommendation_15_dip_extension_of_6_1(self, seeded):
        assert self.refs(15) == (["6.1"], [])

    def test_recommendation_17_mib(self, seeded):
        assert self.refs(17) == (["6.1"], ["6.1.3"])

    def test_recommendation_19_asset_recovery(self, seeded):
        assert self.refs(19) == (["7.1"], ["7.1.1"])

    def test_no_other_links(self, seeded):
        for rec in Recommendation.objects.exclude(number__in=[5, 15, 17, 19]):
            assert not rec.objectives.exists() and not rec.measures.exists(), rec.number
