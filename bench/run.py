"""Benchmark: each page's SQL queries, latency and throughput, on SQLite and PostgreSQL.

    .venv/bin/python bench/run.py [--sizes seed,10000] [--databases sqlite,postgresql]
                                  [--duration 5] [--output docs/performance.md]

For each database and data size it builds a fresh database (seed data, plus
generated recommendations up to the size), serves the app with gunicorn (two
workers, DEBUG off) on 127.0.0.1, and drives each page with wrk for a bounded
time. The bare /health/ view on the same server and middleware is the stack's
limit; the Django admin's recommendation changelist on the same rows is what a
user would otherwise use. It also times the PDF and Word export of Report 4 and
of a 500-recommendation report. It prints one table and writes it to the output
file with the machine, versions and date.

PostgreSQL: the cluster must be running with a role that may create databases;
set BENCH_POSTGRES_URL (default postgres://scrutiny:scrutiny@127.0.0.1:5432/)
or run .ci/run once, which creates that role.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET = "benchmark-only-secret-key-" + "x" * 40
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %.3f %.3f\\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""
EXPORT_TARGETS = {"pdf": 2.0, "docx": 0.5}


def log(message):
    print(message, file=sys.stderr, flush=True)


def run_python(env, args: list[str], what: str, timeout: float | None = None) -> str:
    """Python run with `args` in a child at the project's root, with `env`: its output.

    SystemExit, naming `what` and giving the child's output, if it fails.
    """
    result = subprocess.run(
        [PYTHON, *args],
        cwd=ROOT,
        env=env | {"PYTHONPATH": str(ROOT)},
        text=True,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def last_json(output: str):
    """What a child printed as JSON on its last line."""
    return json.loads(output.strip().splitlines()[-1])


def manage(env, *args, capture=False):
    out = run_python(env, ["manage.py", *args], f"manage.py {' '.join(args)}")
    return out if capture else None


def base_env(database_url):
    return os.environ | {
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_COOKIES": "false",
        "AXES_FAILURE_LIMIT": "1000000",
        "DJANGO_SETTINGS_MODULE": "scrutiny.settings",
    }


def fresh_database(kind, label, workdir):
    if kind == "sqlite":
        path = Path(workdir) / f"bench-{label}.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    server = os.getenv("BENCH_POSTGRES_URL", "postgres://scrutiny:scrutiny@127.0.0.1:5432/")
    name = f"bench_{label}"
    admin_env = os.environ | {"PGCONNECT_TIMEOUT": "5"}
    for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", server + "postgres", "-qc", statement], check=True, env=admin_env)
    return server + name


def prepare(env, size):
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_seed_data", "--verbosity", "0")
    if size > 24:
        manage(env, "generate_demo_data", "--recommendations", str(size - 24), "--seed", "1")
    if env["DATABASE_URL"].startswith("postgres"):
        # Bulk-loaded tables have no planner statistics until autovacuum gets round to
        # them; a server whose data grew over years has them.
        subprocess.run(["psql", env["DATABASE_URL"], "-qc", "ANALYZE"], check=True)


def in_process(env, call: str, what: str):
    """Run `bench.fixtures.<call>` in a child with `env` (its own DATABASE_URL); return its JSON."""
    name = call.split("(")[0]
    code = f"import json; from bench.fixtures import {name}; print(json.dumps({call}))"
    return last_json(run_python(env, ["-c", code], what))


def probe(env):
    """The URLs to measure, their query counts, and a staff session cookie."""
    return in_process(env, "probe()", "probe")


def export_timings(env):
    return in_process(env, "time_exports()", "export timing")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(env, workers=2, options=("--log-level", "warning")):
    """gunicorn on a free loopback port; returns the process and the port once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "scrutiny.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            *options,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server, port
        except OSError:
            time.sleep(0.1)
    stop(server)
    raise SystemExit("gunicorn did not start")


def stop(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def load(url, duration, cookie, script):
    command = ["wrk", "-t2", "-c4", f"-d{duration}s", "--timeout", "10s", "-s", script, url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+)", out)
    requests, errors, micros, p50, p95 = match.groups()
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests": int(requests),
        "errors": int(errors) + (int(non_2xx.group(1)) if non_2xx else 0),
        "rps": int(requests) / (int(micros) / 1e6),
        "p50": float(p50),
        "p95": float(p95),
    }


def run_configuration(kind, size, duration, workdir, script):
    label = "seed" if size <= 24 else str(size)
    log(f"== {kind}, {label}: preparing")
    env = base_env(fresh_database(kind, label, workdir))
    prepare(env, size)
    probed = probe(env)
    log(f"== {kind}, {label}: serving")
    server, port = serve(env)
    results = {}
    try:
        for name, page in probed["pages"].items():
            cookie = probed["staff_cookie"] if page["staff"] else ""
            url = f"http://127.0.0.1:{port}{page['url']}"
            # Warm both workers as a running server is: statuses worked out once per
            # process after the data last changed, templates compiled.
            for _ in range(5):  # until a cold process's first builds are behind it
                warm = load(url, 3, cookie, script)
                if warm["requests"] >= 8 and warm["p95"] < 2000:
                    break
            results[name] = load(url, duration, cookie, script) | {"queries": page["queries"]}
            log(
                f"   {name}: {results[name]['rps']:.0f} req/s, p50 {results[name]['p50']:.1f} ms, "
                f"{results[name]['errors']} errors"
            )
    finally:
        stop(server)
    # A 500-recommendation report for the export timing, added after the pages were measured.
    manage(env, "shell", "-c", "from bench.fixtures import big_report; big_report(500)")
    exports = export_timings(env)
    return {
        "database": kind,
        "size": label,
        "recommendations": probed["recommendations"],
        "pages": results,
        "exports": exports,
    }


def ratio(part, whole):
    return f"{part / whole:.2f}" if whole else "n/a"


def table(runs):
    lines = [
        "| database | data | page | queries | req/s | p50 ms | p95 ms | errors "
        "| throughput / bare view | latency / admin changelist |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        bare = run["pages"]["bare view (/health/)"]
        admin = run["pages"]["admin changelist"]
        for name, page in run["pages"].items():
            lines.append(
                f"| {run['database']} | {run['size']} ({run['recommendations']} recs) | {name} "
                f"| {page['queries']} | {page['rps']:.0f} | {page['p50']:.1f} | {page['p95']:.1f} "
                f"| {page['errors']} | {ratio(page['rps'], bare['rps'])} "
                f"| {ratio(page['p50'], admin['p50'])} |"
            )
    lines += ["", "| database | data | export | seconds | target |", "|---|---|---|---:|---|"]
    for run in runs:
        for name, seconds in run["exports"].items():
            fmt = name.split()[-1]
            target = EXPORT_TARGETS.get(fmt) if "Report 4" in name else None
            verdict = f"≤ {target} s: {'met' if seconds <= target else 'NOT met'}" if target else ""
            lines.append(
                f"| {run['database']} | {run['size']} | {name} | {seconds:.3f} | {verdict} |"
            )
    return "\n".join(lines)


def machine():
    versions = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django, sqlite3; print(django.get_version(), sqlite3.sqlite_version)",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    postgres = subprocess.run(
        ["psql", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}\n"
        f"- Python {platform.python_version()}, Django {versions[0]}, SQLite {versions[1]}, "
        f"{postgres}\n"
        f"- Server: gunicorn, 2 sync workers, DEBUG off; load: wrk, 2 threads, 4 connections"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="24,10000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page")
    parser.add_argument("--output", default="docs/performance.md")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    runs = []
    with tempfile.TemporaryDirectory() as workdir:
        # Collected files of our own, so a run never touches the checkout's staticfiles/.
        os.environ["STATIC_ROOT"] = str(Path(workdir) / "static")
        script = Path(workdir) / "report.lua"
        script.write_text(WRK_SCRIPT)
        manage(
            base_env(f"sqlite:///{workdir}/static.sqlite3"),
            "collectstatic",
            "--noinput",
            "--verbosity",
            "0",
        )
        for kind in options.databases.split(","):
            for size in (int(s) for s in options.sizes.split(",")):
                runs.append(run_configuration(kind, size, options.duration, workdir, script))

    report = table(runs)
    print(report)
    if options.output:
        output = ROOT / options.output
        header = (
            output.read_text().split("<!-- results -->")[0]
            if output.exists()
            else "# Performance\n\n"
        )
        output.write_text(f"{header}<!-- results -->\n\n{machine()}\n\n{report}\n")
        log(f"written to {output}")


if __name__ == "__main__":
    main()
