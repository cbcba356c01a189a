import re

import pytest
from django.urls import reverse

from recommendations.models import Abbreviation, ReportAbbreviation
from strategy.models import StrategyAbbreviation
from tests.factories import start_report_5

pytestmark = pytest.mark.django_db

URL = reverse("recommendations:glossary")
# The glossary, the strategy's list, the published reports' lists; anonymous visitors
# need no session.
GLOSSARY_QUERIES = 3


def entries(html: str) -> dict[str, str]:
    """Each summary-list row's term and its expansion text."""
    rows = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        html,
        re.S,
    )
    return {
        term: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", value)).strip() for term, value in rows
    }


def test_it_lists_every_abbreviation_with_its_expansion(seed, client):
    response = client.get(URL)
    assert response.status_code == 200
    listed = entries(response.text)
    assert set(listed) == set(Abbreviation.objects.values_list("term", flat=True))
    assert listed["AC/SC"] == "Assistant Commissioner Specialist Crime (in Drugs Strategy 2007-10)"


def test_each_expansion_names_the_documents_that_print_it(seed, client):
    listed = entries(client.get(URL).text)
    assert "Drugs Interventions Programme (in Report 4 of 6 March 2008)" in listed["DIP"]
    assert "Drug Interventions Programme (in Drugs Strategy 2007-10)" in listed["DIP"]
    assert listed["MPA"] == (
        "Metropolitan Police Authority (in Report 4 of 6 March 2008 and Drugs Strategy 2007-10)"
    )
    assert listed["HMRC"] == "Her Majesty’s Revenue and Customs (in Report 4 of 6 March 2008)"


def test_a_document_names_its_page(seed, client):
    html = client.get(URL).text
    assert '<a class="govuk-link" href="/reports/1/">Report 4 of 6 March 2008</a>' in html
    assert '<a class="govuk-link" href="/strategy/1/">Drugs Strategy 2007-10</a>' in html


def test_drafts_lists_are_not_named(seed, client):
    draft = start_report_5()
    assert draft.abbreviations.count() == 35  # carried from Report 4
    ReportAbbreviation.objects.filter(report=draft, term="DIP").update(
        expansion="Drug Interventions Programme (draft wording)"
    )
    html = client.get(URL).text
    assert "Report 5" not in html
    assert "draft wording" not in html


def test_an_expansion_only_a_document_lists_is_shown(seed, client):
    StrategyAbbreviation.objects.filter(term="CO").update(expansion="Central Operations (OCU)")
    assert (
        "Central Operations (OCU) (in Drugs Strategy 2007-10)"
        in entries(client.get(URL).text)["CO"]
    )


def test_a_term_with_two_expansions_shows_both(seed, client):
    listed = entries(client.get(URL).text)
    for expansion in Abbreviation.objects.filter(term="DIP").values_list("expansion", flat=True):
        assert expansion in listed["DIP"]
    assert Abbreviation.objects.filter(term="DIP").count() == 2


def test_it_has_an_a_to_z_jump_list_of_the_letters_used(seed, client):
    html = client.get(URL).text
    jumps = re.findall(r'href="#letter-([A-Z])"', html)
    headings = re.findall(r'<h2 class="govuk-heading-l[^"]*" id="letter-([A-Z])"', html)
    terms = Abbreviation.objects.values_list("term", flat=True)
    initials = sorted({term[0].upper() for term in terms})
    assert jumps == headings == initials


def test_terms_not_starting_with_a_letter_file_under_other(db, client):
    Abbreviation.objects.create(term="3G", expansion="Third generation")
    Abbreviation.objects.create(term="ACPO", expansion="Association of Chief Police Officers")
    html = client.get(URL).text
    assert 'href="#letter-other"' in html
    assert html.index('id="letter-A"') < html.index('id="letter-other"')
    assert html.index('id="letter-other"') < html.index("Third generation")


def test_it_says_so_when_the_glossary_is_empty(db, client):
    assert "No abbreviations have been recorded yet." in client.get(URL).text


def test_it_rejects_post(seed, client):
    assert client.post(URL).status_code == 405


def test_it_is_open_to_every_role(seed, client_for, member, staff, officer, outsider):
    for person in (None, member, staff, officer, outsider):
        assert client_for(person).get(URL).status_code == 200


def test_its_query_count_does_not_grow_with_rows(seed, client, get_with_queries):
    get_with_queries(client, GLOSSARY_QUERIES, URL)
    Abbreviation.objects.bulk_create(
        Abbreviation(term=f"X{n}", expansion=f"Expansion {n}") for n in range(300)
    )
    response = get_with_queries(client, GLOSSARY_QUERIES, URL)
    assert "Expansion 299" in response.text
