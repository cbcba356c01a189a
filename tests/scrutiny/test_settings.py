import subprocess
import sys

import pytest


def run_python(code, **env):
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "scrutiny.settings"}
    return subprocess.run(
        [sys.executable, "-c", code], env=base | env, capture_output=True, text=True
    )


def test_wsgi_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_python("import scrutiny.wsgi", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_wsgi_starts_with_a_secret_key():
    result = run_python("import scrutiny.wsgi", DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_wsgi_starts_in_debug_without_a_secret_key():
    assert run_python("import scrutiny.wsgi", DEBUG="true").returncode == 0


def test_a_bad_boolean_is_a_clear_error():
    result = run_python("import django; django.setup()", DEBUG="maybe")
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


@pytest.mark.parametrize(
    "url, engine",
    [
        ("sqlite:////tmp/x.sqlite3", "django.db.backends.sqlite3"),
        ("postgres://u:p@localhost:5432/db", "django.db.backends.postgresql"),
    ],
)
def test_database_url_chooses_the_database(url, engine):
    result = run_python(
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        DATABASE_URL=url,
    )
    assert result.stdout.strip() == engine


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-" + "k" * 40,
    "ALLOWED_HOSTS": "tracker.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
}


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": "/usr/bin:/bin"} | PRODUCTION,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_headers_and_cookies():
    result = run_python(
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY)",
        **PRODUCTION,
    )
    assert result.stdout.split() == ["True", "True", "31536000", "DENY", "same-origin"]


def test_collectstatic_succeeds_with_production_storage(tmp_path):
    """Hashed names are resolved for every file the CSS and JS refer to."""
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        env={"PATH": "/usr/bin:/bin", "STATIC_ROOT": str(tmp_path)} | PRODUCTION,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "build/app.css" in manifest
    assert "build/govuk-frontend/all.bundle.js" in manifest


# A view that fails, served with production settings, the way gunicorn would serve it.
SERVE_A_FAILING_VIEW = """
import django
django.setup()
from django.test import Client, override_settings
from django.urls import path

def broken(request):
    raise RuntimeError("the tracker broke")

urlpatterns = [path("broken/", broken)]
plain = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(ROOT_URLCONF="__main__", STORAGES=plain, ALLOWED_HOSTS=["testserver"]):
    print(Client(raise_request_exception=False).get("/broken/", secure=True).status_code)
"""


def test_a_server_error_in_production_logs_its_traceback_to_the_console():
    result = run_python(SERVE_A_FAILING_VIEW, **PRODUCTION)
    assert result.stdout.split() == ["500"], result.stderr
    assert "ERROR django.request: Internal Server Error: /broken/" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: the tracker broke" in result.stderr


def test_log_level_chooses_what_reaches_the_console():
    code = "import logging, django; django.setup(); logging.getLogger('x').info('hello')"
    assert "INFO x: hello" in run_python(code, **PRODUCTION).stderr
    assert run_python(code, **PRODUCTION, LOG_LEVEL="warning").stderr == ""


def test_start_up_logs_nothing_at_the_default_level():
    result = run_python("import django; django.setup()", **PRODUCTION)
    assert result.returncode == 0 and result.stderr == ""


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    """Readers never wait for a writer; a writer waits for another instead of failing."""
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    print(cursor.execute('PRAGMA journal_mode').fetchone()[0])\n"
        "    print(cursor.execute('PRAGMA busy_timeout').fetchone()[0])\n"
        "print(connection.transaction_mode)\n"
    )
    result = run_python(code, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"]
