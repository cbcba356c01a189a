"""The drugs_strategy fixture: a verbatim transcription of the MPS Drugs Strategy 2007-10.

The checks read the source document itself, kept in the repository under
fixtures/sources/ (tests/sources.py).
"""

import re

import pytest
from django.core.management import call_command

from strategy.models import (
    Activity,
    Aim,
    Objective,
    Responsibility,
    Strategy,
    StrategyAbbreviation,
    StrategySection,
    SuccessMeasure,
    Unit,
)
from tests.sources import STRATEGY, printed_abbreviations, read_source

pytestmark = pytest.mark.django_db

OBJECTIVE_REFS = [
    "1.1.", "1.2", "1.3", "2.1", "2.2", "3.1", "4.1",
    "4.2", "5.1", "5.2", "6.1", "6.2", "6.3", "7.1",
]  # fmt: skip

# Success measure pk -> (ref, objective ref); pks are fixed, another fixture links to them.
MEASURES = [
    ("1.1.1", "1.1."), ("1.1.2", "1.1."), ("1.1.3", "1.1."),
    ("1.2.1", "1.2"), ("1.2.2", "1.2"),
    ("1.3.1", "1.3"), ("1.3.2", "1.3"), ("1.3.3", "1.3"),
    ("2.1.1", "2.1"), ("2.1.2", "2.2"),
    ("3.1.1", "3.1"), ("3.1.2", "3.1"),
    ("4.1.1", "4.1"), ("4.1.2", "4.1"),
    ("4.2.1", "4.2"), ("4.2.2", "4.2"),
    ("5.1.1", "5.1"), ("5.1.2", "5.1"),
    ("5.2.1", "5.2"), ("5.2.2", "5.2"),
    ("6.1.1", "6.1"), ("6.1.2", "6.1"), ("6.1.3", "6.1"),
    ("6.2.1", "6.2"),
    ("6.3.1", "6.3"),
    ("7.1.1", "7.1"), ("7.1.2", "7.1"), ("7.1.3", "7.1"),
]  # fmt: skip

MODELS = [
    Strategy,
    StrategySection,
    Aim,
    Activity,
    Unit,
    Objective,
    Responsibility,
    SuccessMeasure,
    StrategyAbbreviation,
]


@pytest.fixture
def loaded():
    call_command("loaddata", "drugs_strategy", verbosity=0)


@pytest.fixture
def source():
    """The strategy's source document as text."""
    return read_source(STRATEGY)


def squash(text):
    """Whitespace-insensitive form: line breaks and double spaces become one space."""
    return " ".join(text.split())


def list_items(markdown):
    items = markdown.splitlines()
    assert items and all(item.startswith("- ") for item in items), markdown
    return [item[2:] for item in items]


def items_of(markdown):
    """A list's items, or none where the field is empty."""
    return list_items(markdown) if markdown else []


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_counts(loaded):
    assert Strategy.objects.count() == 1
    assert Aim.objects.count() == 2
    assert Activity.objects.count() == 7
    assert Objective.objects.count() == 14
    assert SuccessMeasure.objects.count() == 28


def test_strategy(loaded):
    strategy = Strategy.objects.get(pk=1)
    assert strategy.title == "Drugs Strategy 2007-10"
    assert strategy.organisation == "Metropolitan Police Service"
    assert strategy.vision == (
        "Our vision is to make London safer by working with partners to disrupt the supply "
        "and reduce the use of illegal drugs"
    )
    assert strategy.foreword_by == (
        "Steve House, Assistant Commissioner Specialist Crime Directorate"
    )
    assert "***The Strategy acknowledges the role of the MPS in:***\n\n- Catching" in (
        strategy.foreword
    )
    assert "Steve House" not in strategy.foreword
    assert list(strategy.sections.values_list("heading", flat=True)) == [
        "Introduction",
        "Setting the Context",
        "Government Drug Strategy",
        "Background to Policing Drugs in London",
        "MPS Drugs Strategy and Delivery Plan 2007-10",
        "Notes",
    ]
    intro = strategy.sections.get(heading="Introduction").body
    assert "PSHE<sup>1</sup> classes" in intro
    assert intro.endswith("<sup>1</sup> PSHE – Physical Social and Health Education")
    notes = strategy.sections.get(heading="Notes").body
    assert notes == "Front cover photographs supplied by Elizabeth Burton-Phillips"


def test_aims(loaded):
    aims = list(Aim.objects.filter(strategy_id=1))
    assert [aim.number for aim in aims] == [1, 2]
    assert aims[0].text.startswith("We will reduce the demand for illegal drugs")
    assert aims[1].text.endswith("in the worst affected neighbourhoods.")


def test_activities(loaded):
    activities = {a.number: a for a in Activity.objects.all()}
    assert sorted(activities) == [1, 2, 3, 4, 5, 6, 7]
    assert activities[1].list_title == "Tackling class A trafficking"
    assert activities[5].title == (
        "Arresting and Diverting Prolific & Priority Offender (PPO) Drug Users"
    )
    assert activities[5].delivery_plan_title == (
        "Arresting and Diverting Prolific and Priority Offender (PPO) Drug Users"
    )
    assert activities[7].title == "Seizing Assets/Disrupting Funds"
    assert activities[7].delivery_plan_title == "Seizing Assets/Disrupting Funds"
    footnotes = activities[5].footnotes.split("\n\n")
    assert [note[: len("<sup>1</sup>")] for note in footnotes] == [
        "<sup>1</sup>",
        "<sup>2</sup>",
        "<sup>3</sup>",
    ]
    assert footnotes[2].endswith("[www.drugs.gov.uk](http://www.drugs.gov.uk)")
    for activity in activities.values():
        assert "▶" not in activity.we_seek_to
        list_items(activity.we_seek_to)
        list_items(activity.how_we_will_achieve_it)


def test_objective_refs_in_order(loaded):
    objectives = Objective.objects.order_by("pk")
    assert [o.pk for o in objectives] == list(range(1, 15))
    assert [o.ref for o in objectives] == OBJECTIVE_REFS
    assert list(Objective.objects.values_list("ref", flat=True)) == OBJECTIVE_REFS
    assert Objective.objects.get(ref="2.1").what_we_seek_to_do == (
        "Combat the open selling of drugs on London's streets."
    )


def test_objectives_with_items_paired_with_their_measures(loaded):
    for ref, counts in [("5.1", [1, 1]), ("5.2", [1, 3]), ("6.1", [1, 1, 3])]:
        objective = Objective.objects.get(ref=ref)
        assert objective.how_we_will_achieve_it == "", ref
        measures = objective.measures.order_by("position")
        assert [len(list_items(m.how_we_will_achieve_it)) for m in measures] == counts, ref
    assert not SuccessMeasure.objects.exclude(objective__ref__in=["5.1", "5.2", "6.1"]).exclude(
        how_we_will_achieve_it=""
    )


def printed_rows(source):
    """The delivery plan's rows as printed: (objective ref, how cell, measure ref)."""
    rows, ref = [], None
    for line in source.splitlines():
        columns = line.split("\t")
        if len(columns) == 6 and columns[0] != "Ref.":
            ref = columns[0] or ref
            rows.append((ref, squash(columns[3]), columns[4]))
    return rows


def test_each_row_of_the_delivery_plan_pairs_what_the_source_pairs(loaded, source):
    rebuilt = []
    for objective in Objective.objects.order_by("activity__number", "position"):
        spanning = items_of(objective.how_we_will_achieve_it)
        for index, measure in enumerate(objective.measures.order_by("position")):
            own = items_of(measure.how_we_will_achieve_it)
            items = (spanning if index == 0 else []) + own
            rebuilt.append((objective.ref, squash(" ".join(items)), measure.ref))
    assert rebuilt == printed_rows(source)


def test_measure_pks_and_refs(loaded):
    measures = SuccessMeasure.objects.select_related("objective").order_by("pk")
    assert [(m.pk, m.ref, m.objective.ref) for m in measures] == [
        (pk, ref, objective) for pk, (ref, objective) in enumerate(MEASURES, start=1)
    ]
    assert list(SuccessMeasure.objects.values_list("ref", flat=True)) == [
        ref for ref, _ in MEASURES
    ]


def test_objective_2_2_keeps_the_seed_measure_ref(loaded):
    objective = Objective.objects.get(ref="2.2")
    assert list(objective.measures.values_list("ref", flat=True)) == ["2.1.2"]
    measure = objective.measures.get()
    assert measure.text.split("\n\n") == [
        "Increased confidence and satisfaction from Safer Neighbourhood Teams (SNT) "
        "Public Attitude Surveys",
        "Positive indications from the British Crime Survey <sup>3</sup>",
    ]
    assert measure.footnote.startswith("SPI 10c: Using the British Crime Survey")


def test_measure_7_1_1(loaded):
    measure = SuccessMeasure.objects.get(ref="7.1.1")
    assert "Achieving 50% increase per BOCU" in measure.text
    assert measure.text.endswith("<sup>1</sup>")
    assert measure.footnote == "Performance Indicator developed this planning year 2007/08"


def test_measure_footnotes_only_where_marked(loaded):
    for measure in SuccessMeasure.objects.all():
        assert bool(measure.footnote) == ("<sup>" in measure.text), measure.ref


def test_responsibilities_of_1_1(loaded):
    objective = Objective.objects.get(ref="1.1.")
    rows = [
        (r.role, r.unit.name, r.position) for r in objective.responsibilities.select_related("unit")
    ]
    assert rows == [
        ("lead", "Assistant Commissioner Specialist Crime", 1),
        ("lead", "Assistant Commissioner Territorial Policing", 2),
        ("supporting", "Intelligence Development and Analysis Unit (SCD)", 3),
        ("supporting", "Middle Market Drugs Project (SCD)", 4),
        ("supporting", "Special Intelligence Section (SCD)", 5),
        ("supporting", "Borough Command Units (TP)", 6),
        ("supporting", "Directorate of Public Affairs (DPA)", 7),
    ]
    assert objective.supporting_label == "Other Supporting Departments/Units:"


def test_supporting_labels(loaded):
    assert Objective.objects.get(ref="7.1").supporting_label == "Other specific Departments"
    assert Objective.objects.get(ref="1.2").supporting_label == (
        "Other Supporting Departments/units:"
    )


def test_units_printed_differently_are_distinct(loaded):
    names = set(Unit.objects.values_list("name", flat=True))
    assert {
        "Borough Command Units",
        "Borough Command Units (TP)",
        "Safer Neighbourhood Teams",
        "Safer Neighbourhood Teams (TP)",
        "Safer Neighbourhoods Youth Team (TP)",
        "Central Tasking Office (TP/SCD/CO)",
    } <= names


def test_who_is_responsible_matches_the_seed(loaded, source):
    """Leads, label and supporting units, in order, rebuild each printed cell."""
    cells = {}
    for line in source.splitlines():
        columns = line.split("\t")
        if len(columns) == 6 and columns[0] and columns[0] != "Ref.":
            cells[columns[0]] = squash(columns[2])
    assert list(cells) == OBJECTIVE_REFS
    for objective in Objective.objects.all():
        responsibilities = list(objective.responsibilities.select_related("unit"))
        leads = [r.unit.name for r in responsibilities if r.role == Responsibility.LEAD]
        supporting = [r.unit.name for r in responsibilities if r.role != Responsibility.LEAD]
        assert [r.position for r in responsibilities] == list(range(1, len(responsibilities) + 1))
        assert leads and supporting
        assert all(name.startswith("Assistant Commissioner") for name in leads)
        rebuilt = " ".join([*leads, objective.supporting_label, *supporting])
        assert rebuilt == cells[objective.ref], objective.ref


def test_verbatim_against_seed(loaded, source):
    flat = squash(source)
    for objective in Objective.objects.all():
        assert objective.what_we_seek_to_do in source, objective.ref
        for item in items_of(objective.how_we_will_achieve_it):
            assert item in source, (objective.ref, item)
    for measure in SuccessMeasure.objects.all():
        assert squash(measure.text) in flat, measure.ref
        for item in items_of(measure.how_we_will_achieve_it):
            assert item in source, (measure.ref, item)
        if measure.footnote:
            assert re.search(r"<sup>\d+</sup> " + re.escape(measure.footnote) + "\n", source), (
                measure.ref
            )
    for activity in Activity.objects.all():
        for item in list_items(activity.we_seek_to):
            assert f"- ▶ {item}\n" in source, (activity.number, item)
        for item in list_items(activity.how_we_will_achieve_it):
            assert f"- {item}\n" in source, (activity.number, item)
        assert activity.title in source
        assert activity.list_title in source
        assert activity.delivery_plan_title in source
        for paragraph in activity.narrative.split("\n\n"):
            assert paragraph in source, activity.number
    for aim in Aim.objects.all():
        assert f"**Aim {aim.number}** – {aim.text}\n" in source


def test_its_abbreviations_list_is_the_strategys_18_verbatim_in_order(loaded):
    listed = StrategyAbbreviation.objects.filter(strategy=Strategy.objects.get())
    pairs = list(listed.order_by("position").values_list("term", "expansion"))
    assert pairs == printed_abbreviations(STRATEGY)
    assert len(pairs) == 18
    terms = [term for term, _ in pairs]
    assert terms.index("DPA") == terms.index("DOR") - 1  # its own order, not A to Z
    assert dict(pairs)["DIP"] == "Drug Interventions Programme"
    assert list(listed.order_by("position").values_list("position", flat=True)) == list(
        range(1, 19)
    )


def test_loading_twice_updates_rather_than_duplicates(loaded):
    before = counts()
    call_command("loaddata", "drugs_strategy", verbosity=0)
    assert counts() == before
    assert before["Unit"] == Unit.objects.count() > 0
