from io import StringIO

import pytest
from django.core.management import call_command

from recommendations.models import Abbreviation, PaperRecord, ProgressUpdate, Recommendation
from strategy.models import Activity, Objective, SuccessMeasure

pytestmark = pytest.mark.django_db


def load(**options):
    out = StringIO()
    call_command("load_seed_data", stdout=out, **options)
    return out.getvalue()


def test_it_loads_both_seeds_into_an_empty_database():
    assert "Seed data loaded." in load()
    assert Recommendation.objects.count() == 24
    assert ProgressUpdate.objects.count() == 24
    assert Activity.objects.count() == 7
    assert Objective.objects.count() == 14
    assert SuccessMeasure.objects.count() == 28
    assert Abbreviation.objects.exists()


def test_the_published_reports_files_are_made_as_it_loads():
    """The first person to download Report 4 gets its stored file, not a wait while it renders."""
    load()
    record = PaperRecord.objects.get()
    assert bytes(record.pdf).startswith(b"%PDF")
    assert bytes(record.docx).startswith(b"PK")
    assert bytes(record.html).startswith(b"<!DOCTYPE html>")


def entries_per_row(model):
    return model.history.values("id").distinct().count()


def test_it_gives_every_row_a_first_history_entry():
    load()
    assert Recommendation.history.count() == 24
    assert set(Recommendation.history.values_list("history_change_reason", flat=True)) == {
        "Seed data"
    }
    assert entries_per_row(Recommendation) == 24
    assert entries_per_row(ProgressUpdate) == 24
    assert entries_per_row(Objective) == 14


def test_a_second_run_changes_nothing_and_keeps_edits():
    load()
    history_before = Recommendation.history.count()
    Recommendation.objects.filter(number=1).update(text="Edited by staff")
    assert "already loaded; nothing changed" in load()
    assert Recommendation.objects.count() == 24
    assert Recommendation.objects.get(number=1).text == "Edited by staff"
    assert Recommendation.history.count() == history_before


def test_force_reloads_the_seed_rows_without_duplicating():
    load()
    Recommendation.objects.filter(number=1).update(text="Edited by staff")
    load(force=True)
    assert Recommendation.objects.count() == 24
    assert Recommendation.objects.get(number=1).text.startswith("As a priority")
