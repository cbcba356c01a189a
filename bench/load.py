"""Load test: many people browsing and exporting at once, against a production-like server.

    .venv/bin/python bench/load.py [--users 50] [--duration 60] [--database postgresql|sqlite]
                                   [--recommendations 2000] [--workers 4]
                                   [--output docs/reliability.md]

It builds a fresh database (PostgreSQL `load_test` by default, on the server
in BENCH_POSTGRES_URL, default postgres://scrutiny:scrutiny@127.0.0.1:5432/;
the role needs CREATEDB), migrates it, loads the seed data and generated demo
data, collects the static files and serves the app with gunicorn on 127.0.0.1
with DEBUG off. Then locust (`pip install -r requirements-bench.txt`) runs the people of
bench/locustfile.py headless for a bounded time: anonymous visitors and signed-in
committee members over the dashboard, the table with filters, sorts, search
and exports, recommendation, strategy and report pages, and every report export.

It prints requests, failures, median, 95th and 99th percentiles per endpoint and
overall, writes them with the machine, versions and date below the
`<!-- results -->` line of the output file, and exits non-zero when any request
failed or a gunicorn worker timed out or crashed. Traffic goes to 127.0.0.1 only.
"""

import argparse
import importlib.util
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402
from bench.run import PYTHON, base_env, log, manage, stop  # noqa: E402

DATABASE_NAME = "load_test"
SERVER_PROBLEMS = ("WORKER TIMEOUT", "Worker exited", "Traceback", "Error handling request")

# Run in the app's own process (manage.py shell): member sign-ins and the ids to visit.
TARGETS = """
import json, os, random
from django.contrib.auth.models import Group, User
from recommendations.models import Recommendation, Report, Scrutiny
from strategy.models import Activity, Objective, Strategy

rng = random.Random(1)

def sample(queryset, k):
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    return rng.sample(pks, min(k, len(pks)))

members = Group.objects.get(name="Committee members")
password = os.environ["LOAD_PASSWORD"]
for n in range(1, 6):
    User.objects.create_user(f"load-member-{n}", password=password).groups.add(members)
published = Report.objects.filter(published_at__isnull=False)
print(json.dumps({
    "recommendation_count": Recommendation.objects.count(),
    "table_pages": -(-Recommendation.objects.count() // 25),
    "recommendations": sample(Recommendation.objects.all(), 400),
    "published_reports": sample(published, 60),
    "draft_reports": sample(Report.objects.filter(published_at__isnull=True), 20),
    "scrutinies": sample(Scrutiny.objects.all(), 30),
    "objectives": sample(Objective.objects.all(), 14),
    "activities": sample(Activity.objects.all(), 7),
    "strategy": Strategy.objects.order_by("pk").values_list("pk", flat=True).first(),
    "members": [[f"load-member-{n}", password] for n in range(1, 6)],
}))
"""


def fresh_database(kind: str, workdir: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir}/{DATABASE_NAME}.sqlite3"
    server = os.getenv("BENCH_POSTGRES_URL", "postgres://scrutiny:scrutiny@127.0.0.1:5432/")
    for statement in (
        f"DROP DATABASE IF EXISTS {DATABASE_NAME}",
        f"CREATE DATABASE {DATABASE_NAME}",
    ):
        subprocess.run(
            ["psql", server + "postgres", "-qc", statement],
            check=True,
            env=os.environ | {"PGCONNECT_TIMEOUT": "5"},
        )
    return server + DATABASE_NAME


def server_env(database_url: str, workdir: str) -> dict:
    """Production settings, as the README's deployment section has them, on plain HTTP."""
    env = base_env(database_url) | {
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": f"{workdir}/static",
        "LOAD_PASSWORD": secrets.token_urlsafe(16),
    }
    env.pop("AXES_FAILURE_LIMIT", None)  # the production lockout rules, not the benchmark's
    return env


def prepare(env: dict, recommendations: int) -> dict:
    log(f"== building the database: seed data and {recommendations} generated recommendations")
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_seed_data", "--verbosity", "0")
    manage(env, "generate_demo_data", "--recommendations", str(recommendations), "--seed", "1")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    out = manage(env, "shell", "--no-imports", "-c", TARGETS, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def serve(env: dict, workers: int, error_log: Path):
    return run.serve(env, workers, ("--timeout", "30", "--error-logfile", str(error_log)))


def warm_up(port: int, workers: int, targets: dict) -> None:
    """Each worker's first requests load templates and libraries: keep them out of the figures."""
    report = targets["published_reports"][0]
    paths = [
        "/",
        "/recommendations/",
        f"/recommendations/{targets['recommendations'][0]}/",
        f"/reports/{report}/",
        f"/reports/{report}/export.pdf",
        f"/reports/{report}/export.docx",
        f"/strategy/activities/{targets['activities'][0]}/",
    ]
    with ThreadPoolExecutor(workers) as pool:
        for path in paths:
            list(pool.map(urlopen, [f"http://127.0.0.1:{port}{path}"] * workers))


def swarm(port: int, options, targets_file: Path, results_file: Path) -> int:
    log(f"== {options.users} users for {options.duration} s")
    command = [
        PYTHON,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(options.users),
        "--spawn-rate",
        str(options.spawn_rate),
        "--run-time",
        f"{options.duration}s",
        "--stop-timeout",
        "60",
        "--host",
        f"http://127.0.0.1:{port}",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    environment = os.environ | {
        "LOAD_TARGETS": str(targets_file),
        "LOAD_RESULTS": str(results_file),
    }
    return subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode


def results_table(results: dict) -> str:
    lines = [
        "| endpoint | requests | failures | req/s | median ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = sorted(results["endpoints"], key=lambda row: (-row["requests"], row["name"]))
    for row in [*rows, results["overall"] | {"name": "**overall**"}]:
        lines.append(
            f"| {row['name']} | {row['requests']} | {row['failures']} | {row['rps']:.1f} "
            f"| {row['median']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} | {row['max']:.0f} |"
        )
    return "\n".join(lines)


def versions(env: dict) -> str:
    code = (
        "import django, gunicorn, locust, sqlite3; "
        "print(django.get_version(), gunicorn.__version__, locust.__version__, "
        "sqlite3.sqlite_version)"
    )
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=False)
    django_version, gunicorn_version, locust_version, sqlite_version = out.stdout.split()
    postgres = subprocess.run(
        ["psql", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"Python {platform.python_version()}, Django {django_version}, "
        f"gunicorn {gunicorn_version}, locust {locust_version}, "
        f"SQLite {sqlite_version}, {postgres}"
    )


def write_results(output: Path, summary: str) -> None:
    header = (
        output.read_text().split("<!-- results -->")[0] if output.exists() else "# Reliability\n\n"
    )
    output.write_text(f"{header}<!-- results -->\n\n{summary}\n")
    log(f"written to {output}")


def parse_options() -> argparse.Namespace:
    """The command line's options, refusing a run that cannot start."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10, help="users started per second")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument(
        "--recommendations",
        type=int,
        default=2000,
        help="generated recommendations besides the seed's",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--output", default="docs/reliability.md", help="'' to write nothing")
    options = parser.parse_args()
    if importlib.util.find_spec("locust") is None:
        raise SystemExit("locust is missing: .venv/bin/pip install -r requirements-bench.txt")
    if options.users < 1 or not 1 <= options.duration <= 3600:
        parser.error("--users must be positive and --duration between 1 and 3600 seconds")
    return options


def main() -> None:
    options = parse_options()
    with tempfile.TemporaryDirectory() as workdir:
        env = server_env(fresh_database(options.database, workdir), workdir)
        targets = prepare(env, options.recommendations)
        targets_file = Path(workdir) / "targets.json"
        targets_file.write_text(json.dumps(targets))
        error_log = Path(workdir) / "gunicorn.log"
        server, port = serve(env, options.workers, error_log)
        results_file = Path(workdir) / "results.json"
        try:
            warm_up(port, options.workers, targets)
            started, load_before = datetime.now(UTC), os.getloadavg()[0]
            exit_code = swarm(port, options, targets_file, results_file)
        finally:
            load_after = os.getloadavg()[0]
            stop(server)
        if not results_file.exists():
            raise SystemExit(f"locust wrote no results (exit code {exit_code})")
        results = json.loads(results_file.read_text())
        problems = [
            line
            for line in error_log.read_text().splitlines()
            if any(problem in line for problem in SERVER_PROBLEMS)
        ]

    failed = exit_code != 0 or results["overall"]["failures"] > 0 or bool(results["failures"])
    run = {"started": started, "load": (load_before, load_after), "env": env, "targets": targets}
    summary = summarise(options, run, results, problems, failed)
    print(summary)
    if options.output:
        write_results(ROOT / options.output, summary)
    if failed or problems:
        raise SystemExit(1)


def summarise(options, run: dict, results: dict, problems: list[str], failed: bool) -> str:
    """The run's circumstances, its results table, and every failure and server problem."""
    failures = results["failures"]
    load_before, load_after = run["load"]
    lines = [
        f"- Date: {run['started']:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        f"- {versions(run['env'])}",
        f"- Database: {options.database}, {run['targets']['recommendation_count']} "
        f"recommendations (the seed's 24 and {options.recommendations} generated, seed 1)",
        f"- Machine load (1-minute average) before the run: {load_before:.1f}; at its end: "
        f"{load_after:.1f}. Anything else running on the machine shares its cores",
        f"- Server: gunicorn, {options.workers} sync workers, DEBUG off, on 127.0.0.1",
        f"- Load: locust, {options.users} users (4 in 5 anonymous visitors, 1 in 5 signed-in "
        f"committee members), {options.spawn_rate} started a second, {options.duration} s, "
        "1 to 4 s between one person's requests",
        f"- Result: {'FAILED' if failed or problems else 'no failed requests'}, "
        f"{len(problems)} gunicorn worker problems",
        "",
        results_table(results),
    ]
    if failures:
        lines += ["", "| failed request | error | times |", "|---|---|---:|"]
        lines += [f"| {f['request']} | {f['error']} | {f['times']} |" for f in failures]
    if problems:
        lines += ["", "Gunicorn reported:", "", *(f"    {line}" for line in problems[:20])]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
