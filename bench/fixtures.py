"""In-process parts of the benchmark: data for it, query counts, export timings.

Run by bench/run.py in a child process whose DATABASE_URL names the database
under test.
"""

import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from recommendations.models import (  # noqa: E402
    Committee,
    Meeting,
    ProgressUpdate,
    Recommendation,
    Report,
    Scrutiny,
    Status,
)
from recommendations.timescales import add_months  # noqa: E402
from strategy.models import Activity  # noqa: E402

BIG_COMMITTEE = "Benchmark Committee"
BIG_MEETING = date(2020, 1, 16)
STATUS_CYCLE = [Status.COMPLETE, Status.OUTSTANDING, Status.CONSIDERATION, Status.COMPLETE]


def big_report(size: int) -> None:
    """A published report covering `size` recommendations of one scrutiny."""
    committee, _ = Committee.objects.get_or_create(name=BIG_COMMITTEE)
    meeting, created = Meeting.objects.get_or_create(committee=committee, date=BIG_MEETING)
    if not created:
        return
    scrutiny = Scrutiny.objects.create(title=f"Benchmark scrutiny of {size}", body="Benchmark")
    report = Report.objects.create(
        meeting=meeting,
        number=1,
        scrutiny=scrutiny,
        title=f"{size} recommendations update",
        by="Benchmark",
        summary="A large report.",
        published_at=datetime(2020, 1, 16, tzinfo=UTC),
    )
    recs = Recommendation.objects.bulk_create(
        Recommendation(scrutiny=scrutiny, number=n, text=f"The MPS should do thing {n}.")
        for n in range(1, size + 1)
    )
    updates = []
    for rec in recs:
        status = STATUS_CYCLE[rec.number % len(STATUS_CYCLE)]
        outstanding = status == Status.OUTSTANDING
        updates.append(
            ProgressUpdate(
                report=report,
                recommendation=rec,
                proposed_status=status,
                linked_to=recs[rec.number - 2] if rec.number % 10 == 0 else None,
                response=f"Progress on {rec.number}.\n\n- One action\n- Another action",
                due_from=add_months(report.meeting.date, 3) if outstanding else None,
                due_by=add_months(report.meeting.date, 6) if outstanding else None,
            )
        )
    ProgressUpdate.objects.bulk_create(updates)


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return len(queries)


def probe() -> dict:
    busiest = Recommendation.objects.annotate(n=Count("updates")).order_by("-n", "pk").first()
    report = Report.objects.get(number=4, meeting__date=date(2008, 3, 6))
    activity = Activity.objects.order_by("number").first()
    pages = {
        "dashboard": ("/", False),
        "table page 1": ("/recommendations/", False),
        "table filtered": ("/recommendations/?status=outstanding&q=cannabis", False),
        "recommendation page": (f"/recommendations/{busiest.pk}/", False),
        "strategy page": (f"/strategy/activities/{activity.pk}/", False),
        "report HTML": (f"/reports/{report.pk}/", False),
        "bare view (/health/)": ("/health/", False),
        "admin changelist": ("/admin/recommendations/recommendation/", True),
    }
    staff, _ = User.objects.get_or_create(
        username="benchmark", defaults={"is_staff": True, "is_superuser": True}
    )
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(staff)
    for url, staff_only in pages.values():  # warm caches the way a running server has them
        (signed_in if staff_only else anonymous).get(url)
    return {
        "recommendations": Recommendation.objects.count(),
        "staff_cookie": f"sessionid={signed_in.cookies['sessionid'].value}",
        "pages": {
            name: {
                "url": url,
                "staff": staff_only,
                "queries": count_queries(signed_in if staff_only else anonymous, url),
            }
            for name, (url, staff_only) in pages.items()
        },
    }


def time_export(meeting: str, number: int, fmt: str, committee: str | None = None) -> float:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / f"report.{fmt}"
        options = {"meeting": meeting, "report": number, "format": fmt, "output": str(output)}
        if committee:
            options["committee"] = committee
        call_command("export_report", **options)  # warm: fonts, templates, imports
        times = []
        for _ in range(3):
            started = time.perf_counter()
            call_command("export_report", **options)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def time_exports() -> dict:
    results = {}
    for fmt in ("pdf", "docx"):
        results[f"Report 4 (24 recommendations) {fmt}"] = time_export("2008-03-06", 4, fmt)
        results[f"500-recommendation report {fmt}"] = time_export(
            BIG_MEETING.isoformat(), 1, fmt, committee=BIG_COMMITTEE
        )
    return results
