"""A large CSV import, as the task worker runs it: CPU seconds, wall seconds and peak memory.

    .venv/bin/python -m bench.imports [--rows 20000] [--without-updates]

Builds a throwaway SQLite database (in memory), then imports a generated file
of `rows` new recommendations of one scrutiny, each with its update in one new
draft report (or without updates), as a superuser, through
`import_recommendations` as the worker does, and prints the file's size, the
CPU and wall seconds the import took, and the peak resident memory. Figures,
not a test: the machine's other work shows in the wall seconds, far less in the CPU.
"""

import argparse
import csv
import io
import os
import resource
import time

os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from recommendations.imports import import_recommendations  # noqa: E402

UPDATE_COLUMNS = {
    "committee": "Generated committee",
    "meeting_date": "2010-01-15",
    "report_number": "1",
    "report_title": "Generated draft update",
    "status": "outstanding",
    "timescale": "3-6",
    "response": "The service has begun this work and will report again at the next meeting.",
}


def generated_file(rows: int, with_updates: bool) -> bytes:
    columns = ["scrutiny", "scrutiny_body", "number", "text"]
    if with_updates:
        columns += list(UPDATE_COLUMNS)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns)
    writer.writeheader()
    for number in range(1, rows + 1):
        row = {
            "scrutiny": "Generated scrutiny",
            "scrutiny_body": "Generated body",
            "number": number,
            "text": f"Recommendation {number}: the service should review its work.",
        }
        writer.writerow(row | (UPDATE_COLUMNS if with_updates else {}))
    return buffer.getvalue().encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000, help="rows in the file")
    parser.add_argument("--without-updates", action="store_true", help="recommendations only")
    options = parser.parse_args()
    settings.IMPORT_MAX_ROWS = max(settings.IMPORT_MAX_ROWS, options.rows)
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench")
    content = generated_file(options.rows, not options.without_updates)
    cpu, wall = time.process_time(), time.perf_counter()
    result = import_recommendations(file=content, user=user)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes
    print(f"{options.rows:,} rows, {len(content):,} bytes: {result}")
    print(f"CPU {cpu:.1f} s, wall {wall:.1f} s, peak {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
