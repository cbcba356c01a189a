import re

import pytest
from django.urls import reverse

from recommendations.models import Abbreviation, Recommendation, Scrutiny
from strategy.models import (
    Activity,
    Objective,
    Responsibility,
    Strategy,
    StrategyAbbreviation,
    SuccessMeasure,
    Unit,
)
from tests.conftest import breadcrumbs

pytestmark = pytest.mark.django_db

# Anonymous visitors: no session or user lookups, so these are the page's own reads.
INDEX_QUERIES = 1  # strategies
# strategy, aims, sections, activities, its abbreviations list, glossary
DETAIL_QUERIES = 6
# activity, objectives, responsibilities, measures, recommendations twice, the strategy's
# abbreviations list, glossary, the strategy's activities for the previous and next links
ACTIVITY_QUERIES = 9


def words(html: str) -> str:
    """The page's text without tags, so <abbr> around an abbreviation does not matter."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def objective_row(html: str, ref: str) -> str:
    """The delivery plan's <tbody> for one objective, from its id to the next objective."""
    start = html.index(f'id="objective-{ref}"')
    end = html.find("</tbody>", start)
    return html[start:end]


def measure_rows(objective_html: str) -> list[str]:
    """An objective's rows, one per success measure."""
    return objective_html.split('<tr class="govuk-table__row">')


def seed_strategy():
    return Strategy.objects.get()


def seed_activity(number):
    return Activity.objects.get(strategy=seed_strategy(), number=number)


def grow_delivery_plan(activity, objectives=40, measures_each=3):
    """Many objectives, measures, units and linked recommendations for one activity."""
    scrutiny = Scrutiny.objects.create(title="Generated scrutiny", body="Generated committee")
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(scrutiny=scrutiny, number=n, text=f"Generated recommendation {n}")
        for n in range(1, objectives + 1)
    )
    units = Unit.objects.bulk_create(Unit(name=f"Generated unit {n}") for n in range(objectives))
    for index, recommendation in enumerate(recommendations):
        objective = Objective.objects.create(
            activity=activity,
            ref=f"9.{index}",
            position=100 + index,
            what_we_seek_to_do=f"Generated objective {index}",
            how_we_will_achieve_it="- More",
        )
        Responsibility.objects.create(objective=objective, unit=units[index], role="lead")
        Responsibility.objects.create(
            objective=objective, unit=units[-index - 1], role="supporting", position=1
        )
        objective.recommendations.add(recommendation)
        for m in range(measures_each):
            measure = SuccessMeasure.objects.create(
                objective=objective, ref=f"9.{index}.{m}", position=m, text=f"Measure {m}"
            )
            measure.recommendations.add(recommendation)


class TestIndex:
    def test_with_one_strategy_it_goes_straight_to_it(self, seed, client):
        response = client.get(reverse("strategy:index"))
        assert response.status_code == 302
        assert response.url == seed_strategy().get_absolute_url()

    def test_it_lists_the_strategies_with_links(self, seed, client):
        strategy = seed_strategy()
        Strategy.objects.create(title="Alcohol Strategy 2008-11", organisation="Elsewhere")
        response = client.get(reverse("strategy:index"))
        assert response.status_code == 200
        assert f'href="{strategy.get_absolute_url()}"' in response.text
        assert "Drugs Strategy 2007-10" in response.text
        assert "Alcohol Strategy 2008-11" in response.text

    def test_it_says_so_when_there_is_no_strategy(self, db, client):
        response = client.get(reverse("strategy:index"))
        assert "No strategy has been recorded yet." in response.text

    def test_it_rejects_post(self, seed, client):
        assert client.post(reverse("strategy:index")).status_code == 405

    def test_it_is_open_to_every_role(self, seed, client_for, member, staff, officer, outsider):
        for person in (None, member, staff, officer, outsider):
            assert client_for(person).get(reverse("strategy:index")).status_code == 302

    def test_its_query_count_is_fixed(self, seed, client, get_with_queries):
        Strategy.objects.create(title="Alcohol Strategy 2008-11")
        get_with_queries(client, INDEX_QUERIES, reverse("strategy:index"))


class TestDetail:
    def url(self, strategy=None):
        return reverse("strategy:detail", args=[(strategy or seed_strategy()).pk])

    def test_it_shows_the_document_in_order(self, seed, client):
        response = client.get(self.url())
        assert response.status_code == 200
        text = words(response.text)
        strategy = seed_strategy()
        foreword = text.index("I am pleased to present the new three year")
        signatory = text.index("Steve House, Assistant Commissioner Specialist Crime Directorate")
        vision = text.index("Our vision is to make London safer")
        aims = text.index("We will reduce the demand for illegal drugs")
        introduction = text.index("The MPS Drugs Strategy 2007-10 has been developed")
        notes = text.index("Front cover photographs supplied by Elizabeth Burton-Phillips")
        assert foreword < signatory < vision < aims < introduction < notes
        assert "### " not in response.text  # section bodies are rendered, not shown raw
        assert '<abbr title="Metropolitan Police Service">MPS</abbr>' in response.text
        for activity in strategy.activities.all():
            assert f'href="{activity.get_absolute_url()}"' in response.text

    def test_it_prints_its_own_abbreviations_list_in_its_order(self, seed, client):
        html = client.get(self.url()).text
        table = html[html.index('id="abbreviations"') :]
        table = table[: table.index("</table>")]
        rows = re.findall(
            r'<th scope="row" class="govuk-table__header">(.*?)</th>\s*'
            r'<td class="govuk-table__cell">(.*?)</td>',
            table,
        )
        assert len(rows) == 18
        assert rows[5:8] == [
            ("DIP", "Drug Interventions Programme"),
            ("DPA", "Directorate of Public Affairs"),  # before DOR, as printed
            ("DOR", "Directorate of Resources"),
        ]
        assert rows == list(
            StrategyAbbreviation.objects.order_by("position").values_list("term", "expansion")
        )
        text = words(html)
        activities = text.index("Key activities and delivery plan")
        listed = text.index("Abbreviations Abbreviation Meaning AC/SC")
        notes = text.index("Notes Front cover photographs supplied by Elizabeth Burton-Phillips")
        assert activities < listed < notes  # as the strategy prints them

    def test_abbr_reads_the_strategys_own_expansion_then_the_glossarys(self, seed, client):
        html = client.get(self.url()).text
        assert '<abbr title="Drug Interventions Programme">DIP</abbr>' in html
        assert "Drugs Interventions Programme" not in html  # Report 4's wording
        assert '<abbr title="Prolific and Priority Offenders">PPO</abbr>' in html
        # PSA is used but not in the strategy's list: the glossary expands it.
        assert '<abbr title="Public Service Agreement">PSA</abbr>' in html

    def test_a_strategy_without_a_list_shows_none(self, seed, client):
        StrategyAbbreviation.objects.all().delete()
        html = client.get(self.url()).text
        assert 'id="abbreviations"' not in html
        assert '<abbr title="Drug Interventions Programme">DIP</abbr>' in html  # glossary's first
        assert Abbreviation.objects.filter(term="DIP").count() == 2

    def test_it_links_the_seven_activities_in_number_order(self, seed, client):
        response = client.get(self.url())
        links = re.findall(r'href="/strategy/activities/(\d+)/"', response.text)
        numbers = [Activity.objects.get(pk=pk).number for pk in links]
        assert numbers == [1, 2, 3, 4, 5, 6, 7]

    def test_it_is_404_for_an_unknown_strategy(self, seed, client):
        assert client.get(reverse("strategy:detail", args=[999999])).status_code == 404

    def test_it_rejects_post(self, seed, client):
        assert client.post(self.url()).status_code == 405

    def test_it_is_open_to_every_role(self, seed, client_for, member, staff, officer, outsider):
        for person in (None, member, staff, officer, outsider):
            assert client_for(person).get(self.url()).status_code == 200

    def test_its_query_count_is_fixed(self, seed, client, get_with_queries):
        url = self.url()
        get_with_queries(client, DETAIL_QUERIES, url)

    def test_its_query_count_does_not_grow_with_rows(self, seed, client, get_with_queries):
        strategy = seed_strategy()
        for number in range(8, 208):
            Activity.objects.create(
                strategy=strategy,
                number=number,
                title=f"Activity {number}",
                narrative="-",
                we_seek_to="-",
                how_we_will_achieve_it="-",
            )
        for number in range(3, 103):
            strategy.aims.create(number=number, text=f"Aim {number}")
            strategy.sections.create(position=number + 10, heading=f"S{number}", body="Body")
        url = self.url()
        response = get_with_queries(client, DETAIL_QUERIES, url)
        assert "Activity 207" in response.text


class TestActivity:
    def url(self, number=1):
        return reverse("strategy:activity", args=[seed_activity(number).pk])

    def test_it_shows_the_chapter(self, seed, client):
        response = client.get(self.url(1))
        assert response.status_code == 200
        text = words(response.text)
        assert "Tackling Class A Trafficking" in text
        assert "Class A drugs such as heroin, cocaine, crack" in text
        assert text.index("We seek to:") < text.index("Target criminal networks engaged")
        assert text.index("How we will achieve it:") < text.index("Develop drugs intelligence")
        assert "<li>Develop drugs intelligence</li>" in response.text

    def test_it_lays_out_the_delivery_plan_table(self, seed, client):
        response = client.get(self.url(1))
        assert "<caption" in response.text
        headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', response.text)
        assert headers == [
            "Ref.",
            "What we seek to do",
            "Who is responsible",
            "How we will achieve it",
            "Ref.",
            "Recognising success",
        ]
        refs = re.findall(r'id="objective-([\d.]+)"', response.text)
        assert refs == ["1.1.", "1.2", "1.3"]  # as printed
        row = objective_row(response.text, "1.1.")
        assert '<th scope="rowgroup"' in row and ">1.1.</th>" in row
        assert 'rowspan="3"' in row
        assert re.findall(r'id="measure-([\d.]+)"', row) == ["1.1.1", "1.1.2", "1.1.3"]
        assert "Develop intelligence with a view to dismantling criminal networks" in row

    def test_who_is_responsible_reads_leads_then_label_then_supporting_units(self, seed, client):
        row = words(objective_row(client.get(self.url(1)).text, "1.1."))
        order = [
            "Assistant Commissioner Specialist Crime",
            "Assistant Commissioner Territorial Policing",
            "Other Supporting Departments/Units:",
            "Intelligence Development and Analysis Unit ( SCD )",
            "Middle Market Drugs Project ( SCD )",
            "Special Intelligence Section ( SCD )",
            "Borough Command Units ( TP )",
            "Directorate of Public Affairs ( DPA )",
        ]
        positions = [row.index(part) for part in order]
        assert positions == sorted(positions)

    def test_it_keeps_the_printed_supporting_label(self, seed, client):
        row = words(objective_row(client.get(self.url(7)).text, "7.1"))
        assert "Other specific Departments" in row
        assert "Other Supporting" not in row

    def test_it_shows_measure_and_table_footnotes(self, seed, client):
        response = client.get(self.url(1))
        row = words(objective_row(response.text, "1.1."))
        assert "Note: Performance Indicator developed this planning year 2007/08" in row
        assert "<sup>1</sup>" in objective_row(response.text, "1.1.")
        text = words(response.text)
        assert text.index("Notes to the delivery plan") < text.index(
            "National Community Safety Plan 2006 - 2009 ( PPAF may soon be replaced"
        )

    def test_it_links_recommendations_to_objectives_and_measures(self, seed, client):
        response = client.get(self.url(6))
        five, fifteen, seventeen = (Recommendation.objects.get(number=n) for n in (5, 15, 17))
        objective_61 = objective_row(response.text, "6.1")
        for recommendation in (five, fifteen, seventeen):
            assert f'href="{recommendation.get_absolute_url()}"' in objective_61
        measure_613 = objective_61[objective_61.index('id="measure-6.1.3"') :]
        assert (
            f'href="{seventeen.get_absolute_url()}">Recommendation 17<span '
            'class="govuk-visually-hidden"> of MPA Drugs Scrutiny</span></a>'
        ) in measure_613
        objective_63 = objective_row(response.text, "6.3")
        assert "Recommendation" not in words(objective_63)

    def test_a_long_list_shows_ten_and_links_to_the_rest(self, seed, client):
        objective = Objective.objects.get(ref="6.1")
        for recommendation in Recommendation.objects.exclude(number__in=(5, 15, 17)):
            recommendation.objectives.add(objective)
        row = objective_row(client.get(self.url(6)).text, "6.1")
        row = row[: row.index('id="measure-')]
        assert row.count('<span class="govuk-visually-hidden"> of MPA Drugs Scrutiny') == 10
        assert (
            f'href="/recommendations/?objective={objective.pk}">See all 24 recommendations' in row
        )

    def test_the_objective_anchor_matches_get_absolute_url(self, seed, client):
        objective = Objective.objects.get(ref="6.1")
        path, fragment = objective.get_absolute_url().split("#")
        response = client.get(path)
        assert f'id="{fragment}"' in response.text

    def test_an_objective_without_measures_still_gets_a_row(self, seed, client):
        activity = seed_activity(3)
        Objective.objects.create(
            activity=activity,
            ref="3.9",
            position=9,
            what_we_seek_to_do="Unmeasured",
            how_we_will_achieve_it="- Somehow",
        )
        row = objective_row(client.get(self.url(3)).text, "3.9")
        assert 'rowspan="1"' in row
        assert "No success measures recorded." in row

    def test_abbr_reads_the_strategys_own_expansion(self, seed, client):
        html = client.get(self.url(6)).text
        assert '<abbr title="Drug Interventions Programme">DIP</abbr>' in html
        assert "Drugs Interventions Programme" not in html
        StrategyAbbreviation.objects.filter(term="DIP").update(expansion="Changed wording")
        assert '<abbr title="Changed wording">DIP</abbr>' in client.get(self.url(6)).text

    def test_items_paired_with_measures_share_their_rows(self, seed, client):
        html = client.get(self.url(5)).text
        first, second = measure_rows(objective_row(html, "5.1"))
        assert "measure-5.1.1" in first and "Maximise drug-testing opportunities" in first
        assert "Enforce required assessment" not in first
        assert "measure-5.1.2" in second and "Enforce required assessment" in second
        first, second = measure_rows(objective_row(html, "5.2"))
        assert "Support the enforcement of breaches" in first
        assert "The provision of a regularly updated list" in second
        rows = measure_rows(objective_row(client.get(self.url(6)).text, "6.1"))
        printed = [
            ["Work in partnership with local Drug Action Teams"],
            ["Promote joint agency problem-solving"],
            [
                "Extension of the Drugs Intervention Programme",
                "Development of the Central Drugs Trafficking Database",
                "Develop intelligence on drugs trafficking at borough level",
            ],
        ]
        for row, items, ref in zip(rows, printed, ["6.1.1", "6.1.2", "6.1.3"], strict=True):
            assert f'id="measure-{ref}"' in row
            others = [item for other in printed if other is not items for item in other]
            assert all(item in row for item in items), ref
            assert not any(item in row for item in others), ref

    def test_items_across_all_measures_span_their_rows(self, seed, client):
        row = objective_row(client.get(self.url(1)).text, "1.1.")
        assert 'rowspan="3" data-label="How we will achieve it"' in row
        assert row.count('data-label="How we will achieve it"') == 1

    def test_it_is_404_for_an_unknown_activity(self, seed, client):
        assert client.get(reverse("strategy:activity", args=[999999])).status_code == 404

    def test_it_links_the_previous_and_next_activities(self, seed, client):
        html = client.get(self.url(3)).text
        navigation = html[html.index('class="govuk-pagination') :]
        previous, following = seed_activity(2), seed_activity(4)
        assert f'href="{previous.get_absolute_url()}" rel="prev"' in navigation
        assert f'href="{following.get_absolute_url()}" rel="next"' in navigation
        assert "Key activity 2" in navigation and "Key activity 4" in navigation

    def test_the_first_and_last_activities_link_one_way(self, seed, client):
        first = client.get(self.url(1)).text
        last = client.get(self.url(7)).text
        assert 'rel="prev"' not in first and 'rel="next"' in first
        assert 'rel="prev"' in last and 'rel="next"' not in last

    def test_it_rejects_post(self, seed, client):
        assert client.post(self.url()).status_code == 405

    def test_it_is_open_to_every_role(self, seed, client_for, member, staff, officer, outsider):
        for person in (None, member, staff, officer, outsider):
            assert client_for(person).get(self.url()).status_code == 200

    def test_its_query_count_is_fixed(self, seed, client, get_with_queries):
        url = self.url(6)
        get_with_queries(client, ACTIVITY_QUERIES, url)

    def test_its_query_count_does_not_grow_with_rows(self, seed, client, get_with_queries):
        activity = seed_activity(6)
        seed_measures = SuccessMeasure.objects.filter(objective__activity=activity).count()
        grow_delivery_plan(activity, objectives=100, measures_each=3)
        url = self.url(6)
        response = get_with_queries(client, ACTIVITY_QUERIES, url)
        assert len(re.findall(r'id="objective-', response.text)) == 103
        assert len(re.findall(r'id="measure-', response.text)) == 300 + seed_measures


class TestBreadcrumbs:
    def test_the_strategy_and_its_activities_start_at_the_dashboard(self, seed, client):
        pages = [seed_strategy().get_absolute_url(), Activity.objects.first().get_absolute_url()]
        for page in pages:
            first_step = breadcrumbs(client.get(page))[0]
            assert first_step == ("Dashboard", reverse("recommendations:dashboard")), page
