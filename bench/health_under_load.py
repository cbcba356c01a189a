"""Whether /health/ keeps answering while two huge PDF exports are made.

    .venv/bin/python -m bench.health_under_load [--count 2000] [--limit 900]

Builds a throwaway SQLite database with a draft report of `count`
recommendations (bench/pdf.py's data) and two signed-in staff, starts gunicorn
(2 sync workers, DEBUG off) and one task worker (`manage.py db_worker`) on
127.0.0.1, then asks for the draft's PDF as both people at once. Throughout,
/health/ is asked every 0.2 s; each export's prepared-export page is followed
until the file is ready and the file is downloaded. It prints the worst
/health/ latency, how many checks failed, and whether both files were delivered.
A benchmark that prints figures, not a test: it stops by itself after `limit`
seconds whatever happens, and sends nothing anywhere but 127.0.0.1.
"""

import argparse
import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from bench.run import PYTHON, ROOT, base_env, free_port, last_json, manage, run_python

POLL_EVERY = 0.2
HEALTH_TIMEOUT = 10.0
PREPARED_PAGE = re.compile(r"^/exports/[0-9a-f-]+/$")
USERS = ("bench-officer-1", "bench-officer-2")
# Run in a child on the throwaway database: the draft, and a session for each person.
SETUP = """
import json
from bench.pdf import build  # sets Django up on the throwaway database
from django.contrib.auth.models import User
from django.test import Client
report_id = build({count})
cookies = []
for name in {users!r}:
    user = User.objects.create_user(name, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    cookies.append("sessionid=" + client.cookies["sessionid"].value)
print(json.dumps({{"report": report_id, "cookies": cookies}}))
"""


def setup(env, count: int) -> dict:
    code = SETUP.format(count=count, users=USERS)
    return last_json(run_python(env, ["-c", code], "building the data"))


def get(port: int, path: str, cookie: str = "", timeout: float = 30.0):
    """(status, headers, body) of one GET on 127.0.0.1, following no redirect."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class HealthWatch(threading.Thread):
    """/health/ every POLL_EVERY seconds until stopped: each latency, and the failures."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port, self.latencies, self.failures = port, [], 0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            started = time.perf_counter()
            try:
                status, _, _ = get(self.port, "/health/", timeout=HEALTH_TIMEOUT)
                ok = status == 200
            except OSError:
                ok = False
            self.latencies.append(time.perf_counter() - started)
            self.failures += not ok
            self.stopping.wait(max(0.0, POLL_EVERY - (time.perf_counter() - started)))


def ask(port: int, report_id: int, cookie: str) -> tuple[int, str]:
    """Ask for the draft's PDF: the answer's status, and the page it leads to if any."""
    status, headers, _ = get(port, f"/reports/{report_id}/export.pdf", cookie)
    return status, headers.get("Location", "")


def is_prepared(status: int, page: str) -> bool:
    """Whether an export's answer leads to a prepared-export page, rather than the file."""
    return status == 302 and bool(PREPARED_PAGE.match(page))


def follow(port: int, page: str, cookie: str, deadline: float) -> dict:
    """Follow a prepared-export page until the file is ready, then download it."""
    status = None
    while time.time() < deadline:
        status, _, body = get(port, page, cookie)
        text = body.decode("utf-8", "replace")
        if "could not be prepared" in text:
            return {"delivered": False, "why": "the export failed"}
        if f'href="{page}download"' in text:  # the ready page links the file
            status, _, content = get(port, page + "download", cookie, timeout=120)
            return {
                "delivered": status == 200 and content.startswith(b"%PDF"),
                "bytes": len(content),
            }
        time.sleep(1.0)
    return {"delivered": False, "why": f"not ready before the time limit (last {status})"}


def export(port: int, report_id: int, cookie: str, deadline: float, result: dict):
    """Ask for the PDF, follow its prepared-export page until ready, download it."""
    started = time.perf_counter()
    status, page = ask(port, report_id, cookie)
    if not is_prepared(status, page):
        result.update(delivered=False, why=f"export answered {status}, not a prepared export")
        return
    result.update(follow(port, page, cookie, deadline), seconds=time.perf_counter() - started)


def start(command, env, log):
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(port: int, server) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            if get(port, "/health/", timeout=1)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /health/")


SERVERS_LOG = "servers.log"


@contextmanager
def serving(env, workdir):
    """gunicorn (2 sync workers) and one task worker on the database; yields the port.

    Both are stopped on the way out, whatever happened; their output is in SERVERS_LOG.
    """
    port = free_port()
    log = open(Path(workdir) / SERVERS_LOG, "w")  # noqa: SIM115  (closed with the servers)
    server = start(
        [PYTHON, "-m", "gunicorn", "scrutiny.wsgi", "--workers", "2", "--timeout", "60"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env,
        log,
    )
    worker = start([PYTHON, "manage.py", "db_worker", "--queue-name", "*"], env, log)
    try:
        wait_for(port, server)
        yield port
    finally:
        stop(server)
        stop(worker)
        log.close()


def measure(env, data: dict, limit: float, workdir: str) -> dict:
    with serving(env, workdir) as port:
        watch = HealthWatch(port)
        watch.start()
        deadline = time.time() + limit
        results = [{} for _ in data["cookies"]]
        threads = [
            threading.Thread(target=export, args=(port, data["report"], cookie, deadline, result))
            for cookie, result in zip(data["cookies"], results, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        watch.stopping.set()
        watch.join()
    if not all(result.get("delivered") for result in results):
        print((Path(workdir) / SERVERS_LOG).read_text()[-3000:], file=sys.stderr)
    return {"watch": watch, "results": results}


def throwaway_env(workdir, **settings: str) -> dict:
    """The servers' environment: a throwaway SQLite database and static files in `workdir`.

    `settings` are more environment variables, such as PREPARE_REPORT_EXPORTS_ABOVE.
    """
    env = base_env(f"sqlite:///{database_path(workdir)}") | settings
    env.pop("TASKS_BACKEND", None)  # the database queue, as in production
    # With DEBUG off the pages name the collected, hashed static files: collect them here.
    env["STATIC_ROOT"] = str(Path(workdir) / "static")
    return env


def database_path(workdir) -> Path:
    return Path(workdir) / "bench-health.sqlite3"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="recommendations in the draft")
    parser.add_argument("--limit", type=float, default=900, help="seconds before giving up")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        env = throwaway_env(workdir)
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        data = setup(env, options.count)
        measured = measure(env, data, options.limit, workdir)
    watch, results = measured["watch"], measured["results"]
    print(f"Two concurrent PDF exports of a {options.count:,}-recommendation draft")
    print("gunicorn 2 sync workers, 1 db_worker, SQLite")
    print(
        f"/health/: {len(watch.latencies)} checks, worst {max(watch.latencies):.2f} s, "
        f"{watch.failures} failed or timed out (timeout {HEALTH_TIMEOUT:.0f} s)"
    )
    for number, result in enumerate(results, start=1):
        if result.get("delivered"):
            size, seconds = result["bytes"], result["seconds"]
            print(f"export {number}: delivered, {size:,} bytes in {seconds:.0f} s")
        else:
            print(f"export {number}: NOT delivered ({result.get('why', 'unknown')})")
    both = all(result.get("delivered") for result in results)
    print(f"both files delivered: {'yes' if both else 'no'}")
    sys.exit(0 if both else 1)


if __name__ == "__main__":
    main()
