"""Screenshots for the README, taken from the seed in a real Chromium.

Run on purpose, not with the suite; they are written to docs/dashboard.png,
docs/recommendation.png and docs/task-list.png:

    SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser/test_screenshots.py
"""

import os
from pathlib import Path

import pytest
from django.db.models import Count

from recommendations.models import Recommendation, Report, ReportSection
from tests.factories import seed_report, start_report_5

DOCS = Path(__file__).resolve().parents[2] / "docs"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.getenv("SCREENSHOTS"), reason="set SCREENSHOTS=1 to take them"),
]


@pytest.fixture
def desktop_page(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    return page


def test_dashboard(seed, desktop_page, live_url):
    desktop_page.goto(live_url("recommendations:dashboard"))
    desktop_page.screenshot(path=DOCS / "dashboard.png", full_page=True)
    assert (DOCS / "dashboard.png").stat().st_size > 0


def test_recommendation(seed, desktop_page, live_url):
    # The one that bears on most of the strategy shows the most of the page.
    richest = Recommendation.objects.annotate(n=Count("objectives")).order_by("-n", "number")[0]
    desktop_page.goto(live_url("recommendations:detail", richest.pk))
    desktop_page.screenshot(path=DOCS / "recommendation.png", full_page=True)
    assert (DOCS / "recommendation.png").stat().st_size > 0


def test_task_list(seed, officer, sign_in, desktop_page, live_url):
    """Report 5's workspace part done: details filled in, one update made, section C carried."""
    draft = start_report_5()
    Report.objects.filter(pk=draft.pk).update(
        by="Assistant Commissioner Specialist Crime", author="Sue Inwood, Drugs Directorate"
    )
    update = draft.updates.get(recommendation__number=8)
    update.response += "\n\nThe pilot has started in two boroughs."
    update.save()
    carried = seed_report().sections.get(letter="C")
    ReportSection.objects.create(
        report=draft, letter="C", heading=carried.heading, body=carried.body
    )
    sign_in(desktop_page, officer)
    desktop_page.goto(live_url("recommendations:workspace", draft.pk))
    desktop_page.screenshot(path=DOCS / "task-list.png", full_page=True)
    assert (DOCS / "task-list.png").stat().st_size > 0
