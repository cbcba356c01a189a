"""A large draft report's PDF and Word export: CPU seconds, wall seconds and peak memory.

    .venv/bin/python -m bench.pdf [--count 2000]

Builds a throwaway SQLite database (the seed's glossary, then `count`
recommendations of one scrutiny with tests.factories.bulk_recommendations,
their draft updates given a few paragraphs of Markdown that use the glossary's
terms), then renders the draft report once as PDF and once as Word, each in a
fresh process as the task worker would (`report_file`), and prints the CPU
seconds, wall seconds and peak resident memory of each render. Figures, not a
test: the machine's other work shows in the wall seconds, far less in the CPU.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The database is chosen before Django starts; the parent process points it at
# its own throwaway file and each render inherits the same.
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from recommendations.models import ProgressUpdate, Report  # noqa: E402
from recommendations.paper.record import report_file  # noqa: E402
from tests.factories import bulk_recommendations  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DRAFT_TITLE = "Generated draft update"
RESPONSE = (
    "The MPS has reviewed recommendation {number} with the MPA and the DAT, and each BOCU "
    "now reports its progress to the SMT every quarter.\n\n"
    "- ACPO guidance has been adopted by every OCU.\n"
    "- The CDRP partners have agreed a shared action plan.\n\n"
    "A further update on recommendation {number} will be given at the next meeting."
)


def build(count: int) -> int:
    """The database's data: returns the draft report's id."""
    call_command("migrate", verbosity=0)
    call_command("load_seed_data", verbosity=0)
    bulk_recommendations(count, scrutinies=1)
    draft = Report.objects.get(title=DRAFT_TITLE)
    updates = list(ProgressUpdate.objects.filter(report=draft).select_related("recommendation"))
    for update in updates:
        update.response = RESPONSE.format(number=update.recommendation.number)
    ProgressUpdate.objects.bulk_update(updates, ["response"], batch_size=500)
    return draft.pk


def render(report_id: int, fmt: str) -> dict:
    """One export in this process, measured from the report's row to the file's bytes."""
    report = Report.objects.get(pk=report_id)
    cpu, wall = time.process_time(), time.perf_counter()
    content = report_file(report, fmt).content
    return {
        "cpu": time.process_time() - cpu,
        "wall": time.perf_counter() - wall,
        # Linux reports kilobytes: the peak of the whole process, Django and all.
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "bytes": len(content),
    }


def child(database_url: str, *args: str):
    """`python -m bench.pdf *args` on the database; the JSON its last line prints."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.pdf", *args],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"bench.pdf {' '.join(args)} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="recommendations in the report")
    # Run by the benchmark itself in child processes, on the throwaway database.
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--render", help=argparse.SUPPRESS)
    parser.add_argument("--report", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.build:
        print(json.dumps(build(options.count)))
        return
    if options.render:
        print(json.dumps(render(options.report, options.render)))
        return
    with tempfile.TemporaryDirectory() as workdir:
        database_url = f"sqlite:///{Path(workdir) / 'bench-pdf.sqlite3'}"
        report_id = str(child(database_url, "--build", "--count", str(options.count)))
        print(f"Draft report of {options.count:,} recommendations (SQLite)")
        print(f"{'format':8} {'CPU s':>8} {'wall s':>8} {'peak MB':>8} {'bytes':>10}")
        for fmt in ("pdf", "docx"):
            result = child(database_url, "--render", fmt, "--report", report_id)
            print(
                f"{fmt:8} {result['cpu']:8.1f} {result['wall']:8.1f} "
                f"{result['peak_mb']:8.0f} {result['bytes']:10,}"
            )


if __name__ == "__main__":
    main()
