"""Two people's huge exports at once leave /health/ answering: the work is queued, not done
in the request.

The servers run as in production, in their own processes on 127.0.0.1: gunicorn
with 2 sync workers, DEBUG off, and one task worker (`manage.py db_worker`), on a
throwaway SQLite database of their own whatever database the suite runs on. The
pieces are bench/health_under_load.py's; the benchmark measures how fast, this
test only what happens. Its timeouts are hang guards, not measurements.
"""

import sqlite3
import threading
import time
from contextlib import closing

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from bench.health_under_load import (
    SERVERS_LOG,
    ask,
    database_path,
    follow,
    get,
    is_prepared,
    serving,
    setup,
    throwaway_env,
)
from bench.run import run_python
from recommendations.models import PreparedExport, QueuedWork

# The largest report docs/performance.md measures, far above PREPARE_REPORT_EXPORTS_ABOVE:
# the worker takes a few seconds over each one's PDF.
RECOMMENDATIONS = 2000
GIVE_UP_AFTER = 120  # seconds, from the two requests to both files
HEALTH_TIMEOUT = 10  # seconds: an answer later than this is a hang
# Run in a child on the throwaway database, before the benchmark's own set-up: its
# `migrate` then has nothing left to do. The static files are hashed, with their
# manifest, as collectstatic makes them for production, less the compressed copies;
# the tables are made from the models as Django makes a test database without
# migrations, and the migrations recorded as applied (they are tested elsewhere).
# Made so, each takes a second or two rather than ten.
QUICK_START = """
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from whitenoise.storage import CompressedManifestStaticFilesStorage
CompressedManifestStaticFilesStorage.compress_files = lambda self, paths: iter(())
call_command("collectstatic", interactive=False, verbosity=0)
settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
call_command("migrate", run_syncdb=True, verbosity=0)
settings.MIGRATION_MODULES = {}
call_command("migrate", fake=True, verbosity=0)
"""


def quick_start(env) -> None:
    """The throwaway database's tables, and the static files, made quickly (QUICK_START)."""
    run_python(env, ["-c", QUICK_START], "Making the throwaway database", timeout=GIVE_UP_AFTER)


@pytest.fixture
def site(tmp_path):
    """The servers on a draft of RECOMMENDATIONS, and two signed-in people's cookies.

    gunicorn and the worker are stopped however the test ends.
    """
    env = throwaway_env(tmp_path)
    quick_start(env)
    data = setup(env, RECOMMENDATIONS)
    with serving(env, tmp_path) as port:
        yield {"port": port, **data, "database": database_path(tmp_path), "workdir": tmp_path}


def both_at_once(port: int, report_id: int, cookies: list[str]) -> list[tuple[int, str]]:
    """Each person asks for the draft's PDF at the same moment; their answers in order."""
    answers: list[tuple[int, str]] = [(0, "")] * len(cookies)
    together = threading.Barrier(len(cookies))

    def one(index: int, cookie: str) -> None:
        together.wait(timeout=HEALTH_TIMEOUT)
        answers[index] = ask(port, report_id, cookie)

    threads = [threading.Thread(target=one, args=pair) for pair in enumerate(cookies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=GIVE_UP_AFTER)
    return answers


def queue_state(database) -> tuple[set[str], int]:
    """The tasks the worker is running now, and how many exports are still being prepared."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=HEALTH_TIMEOUT)
    with closing(connection) as db:
        running = db.execute(
            f"SELECT id FROM {DBTaskResult._meta.db_table} WHERE status = ?",
            [TaskResultStatus.RUNNING.value],
        ).fetchall()
        (preparing,) = db.execute(
            f"SELECT count(*) FROM {PreparedExport._meta.db_table} WHERE state = ?",
            [QueuedWork.PREPARING.value],
        ).fetchone()
    return {task for (task,) in running}, preparing


def health(port: int) -> int:
    try:
        return get(port, "/health/", timeout=HEALTH_TIMEOUT)[0]
    except OSError as error:
        pytest.fail(f"/health/ did not answer within {HEALTH_TIMEOUT} s while exporting: {error}")


def health_while_rendering(port: int, database, deadline: float) -> int:
    """Ask /health/ whenever the worker is rendering, until every export is made.

    Each answer must be 200 OK; returns how many came while the same render was still
    under way afterwards, so the site answered during the work, not between renders.
    """
    during = 0
    while time.time() < deadline:
        running, preparing = queue_state(database)
        if not preparing:
            return during
        if running:
            status = health(port)
            assert status == 200, f"/health/ answered {status} while the worker was rendering"
            during += bool(running & queue_state(database)[0])
        time.sleep(0.2)
    pytest.fail(f"The exports were still being prepared after {GIVE_UP_AFTER} s")


def servers_log(site) -> str:
    return (site["workdir"] / SERVERS_LOG).read_text()[-3000:]


def test_two_huge_exports_at_once_leave_health_answering(site):
    port, cookies = site["port"], site["cookies"]
    deadline = time.time() + GIVE_UP_AFTER
    answers = both_at_once(port, site["report"], cookies)
    assert all(is_prepared(*answer) for answer in answers), answers
    pages = [page for _, page in answers]
    assert pages[0] != pages[1]  # one for each person
    for page, cookie in zip(pages, cookies, strict=True):
        status, _, body = get(port, page, cookie)
        assert status == 200
        assert "is being prepared" in body.decode()  # the request did not make the file

    during = health_while_rendering(port, site["database"], deadline)
    assert during >= 1, "the worker's renders were never seen under way"
    for page, cookie in zip(pages, cookies, strict=True):
        delivered = follow(port, page, cookie, deadline)
        assert delivered["delivered"], f"{page}: {delivered}\n{servers_log(site)}"
