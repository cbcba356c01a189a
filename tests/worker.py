"""The task worker, run in a test: tasks wait in the database, then one batch runs them."""

import signal
from unittest import mock

from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


def run_worker():
    """The worker, in the test's own transaction: it must not close the connection it shares.

    Between tasks db_worker closes connections not in autocommit, as the test's is;
    on PostgreSQL that would end the test's transaction. It also sets its own
    handlers for the stop signals, which exit quietly: they are put back after, so
    a later Ctrl-C or SIGTERM stops pytest with a failure, not a clean exit.
    """
    handlers = {number: signal.getsignal(number) for number in WORKER_SIGNALS}
    try:
        with mock.patch.object(db_worker, "close_old_connections"):
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
