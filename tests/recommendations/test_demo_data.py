from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from recommendations.demo_data import AlreadyGenerated, generate
from recommendations.models import (
    Committee,
    Meeting,
    MembersDecision,
    Outcome,
    ProgressUpdate,
    Recommendation,
    Report,
    Scrutiny,
    Status,
)
from recommendations.status import current_statuses

pytestmark = pytest.mark.django_db


def snapshot():
    return list(
        ProgressUpdate.objects.order_by("pk").values_list(
            "recommendation__scrutiny__title",
            "recommendation__number",
            "proposed_status",
            "linked_to__number",
            "due_by",
            "report__meeting__date",
        )
    )


def test_it_creates_exactly_the_number_asked_for_in_scrutinies_of_5_to_60():
    result = generate(recommendations=500, seed=3)
    assert result.recommendations == Recommendation.objects.count() == 500
    sizes = Scrutiny.objects.annotate(n=Count("recommendations")).values_list("n", flat=True)
    assert all(5 <= size <= 60 for size in sizes)
    assert result.scrutinies == len(sizes) > 1


def test_it_covers_every_status_links_chains_drafts_and_decisions():
    generate(recommendations=800, seed=5)
    statuses = set(ProgressUpdate.objects.values_list("proposed_status", flat=True))
    assert statuses == set(Status.values)
    links = ProgressUpdate.objects.filter(linked_to__isnull=False)
    assert links.exists()
    assert not links.filter(linked_to=F("recommendation")).exists()
    assert links.filter(linked_to__updates__linked_to__isnull=False).exists()  # a chain
    assert Report.objects.filter(published_at__isnull=True).exists()
    assert set(MembersDecision.objects.values_list("outcome", flat=True)) == set(Outcome.values)
    outstanding = ProgressUpdate.objects.filter(proposed_status=Status.OUTSTANDING)
    assert not outstanding.filter(due_by__isnull=True).exists()
    # Every generated recommendation has a current status the rules can work out.
    assert len(current_statuses(ProgressUpdate.objects.for_status())) == 800


def test_it_is_deterministic_for_a_seed():
    generate(recommendations=120, seed=9)
    first = snapshot()
    for model in (ProgressUpdate, Report, Recommendation, Scrutiny, Meeting, Committee):
        model.objects.all().delete()
    generate(recommendations=120, seed=9)
    assert snapshot() == first


def test_it_sits_beside_the_seed_data_and_links_to_the_strategy(seed):
    generate(recommendations=200, seed=1)
    assert Recommendation.objects.filter(scrutiny__title="MPA Drugs Scrutiny").count() == 24
    assert (
        Recommendation.objects.exclude(scrutiny__title="MPA Drugs Scrutiny")
        .filter(objectives__isnull=False)
        .exists()
    )


def test_a_second_run_with_the_same_seed_refuses_and_changes_nothing():
    generate(recommendations=50, seed=2)
    with pytest.raises(AlreadyGenerated):
        generate(recommendations=50, seed=2)
    assert Recommendation.objects.count() == 50


def test_the_command_reports_what_it_made_and_rejects_bad_sizes():
    out = StringIO()
    call_command("generate_demo_data", recommendations=30, seed=4, stdout=out)
    assert "Created 30 recommendations" in out.getvalue()
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_demo_data", recommendations=0)
    with pytest.raises(CommandError, match="already exists"):
        call_command("generate_demo_data", recommendations=30, seed=4)
