"""Settings for the scrutiny recommendations tracker.

Everything comes from environment variables, with defaults that run at once on
an embedded SQLite database. Production sets DATABASE_URL, SECRET_KEY and
ALLOWED_HOSTS; see the README's deployment section.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# Used only when DEBUG is on or under the test runner; production refuses it
# (see require_production_secret_key, called by wsgi.py and asgi.py).
INSECURE_DEVELOPMENT_KEY = "insecure-development-key-do-not-use-in-production"


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "false")
SECRET_KEY = os.getenv("SECRET_KEY") or INSECURE_DEVELOPMENT_KEY
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")


def require_production_secret_key() -> None:
    """Refuse to serve with the development key: sessions would be forgeable."""
    if not DEBUG and SECRET_KEY == INSECURE_DEVELOPMENT_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value before serving "
            "with DEBUG off (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )


INSTALLED_APPS = [
    "scrutiny.apps.ScrutinyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_tables2",
    "simple_history",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "strategy",
    "recommendations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "scrutiny.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "recommendations.audience.audience",
            ],
        },
    },
]

WSGI_APPLICATION = "scrutiny.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.getenv("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never wait for a writer (WAL); a writer waits up to 20 s for another, and
    # takes its lock when its transaction begins, so none fails with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The most rows one CSV import takes; a larger file is refused, whole. A file uploaded in
# the admin with more than IMPORT_QUEUE_ABOVE rows is checked and imported by the task
# worker (recommendations/imports/queued.py): 300 rows, each with an update, take about
# 5 s, and 20,000 about 5 minutes (docs/performance.md).
IMPORT_MAX_ROWS = int(os.getenv("IMPORT_MAX_ROWS", "20000"))
IMPORT_QUEUE_ABOVE = int(os.getenv("IMPORT_QUEUE_ABOVE", "300"))

AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins and locks out the username from that address after five.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.getenv("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "scrutiny.sign_in.attempted_username"
# Behind a reverse proxy every request comes from the proxy's address; PROXY_COUNT
# (the proxies in front, usually 1) makes lockouts use the client's address from
# X-Forwarded-For, read from the right, where the proxies appended it. The last
# proxy is the connection itself, so X-Forwarded-For holds one proxy fewer.
PROXY_COUNT = int(os.getenv("PROXY_COUNT", "0"))
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# A form refused for its missing security token gets a page in the service's design.
CSRF_FAILURE_VIEW = "scrutiny.views.csrf_failure"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").exists() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "scrutiny.storage.StaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Keep worked-out statuses per process until the data changes (recommendations/snapshot.py).
STATUS_SNAPSHOTS = envbool("STATUS_SNAPSHOTS", "true")

# Heavy work (long exports, large imports) runs on a task queue kept in the database, on
# SQLite and PostgreSQL alike: `manage.py db_worker` runs its tasks (see the README).
# TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs each task at once,
# inside the request, as the tests do.
TASKS = {
    "default": {"BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")},
}
# Above these sizes an export is prepared by the queue and the page offers it when ready:
# a draft report's PDF or Word file of more recommendations, a table export of more rows.
PREPARE_REPORT_EXPORTS_ABOVE = int(os.getenv("PREPARE_REPORT_EXPORTS_ABOVE", "100"))
PREPARE_TABLE_EXPORTS_ABOVE = int(os.getenv("PREPARE_TABLE_EXPORTS_ABOVE", "2000"))
# Prepared files are dropped this many days after they were made; asked for again, they are remade.
PREPARED_EXPORTS_KEPT_DAYS = int(os.getenv("PREPARED_EXPORTS_KEPT_DAYS", "7"))
# Files one person may have being prepared at once; visitors not signed in share one allowance.
PREPARED_EXPORTS_UNDERWAY_MOST = int(os.getenv("PREPARED_EXPORTS_UNDERWAY_MOST", "5"))

# The folders of the fonts the PDF is set in (Liberation Sans, DejaVu Sans and their
# monospaced kin), comma-separated: Debian's fonts-liberation and fonts-dejavu-core.
PDF_FONT_FOLDERS = envlist(
    "PDF_FONT_FOLDERS", "/usr/share/fonts/truetype/liberation,/usr/share/fonts/truetype/dejavu"
)

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

# Security headers. The pages use no inline scripts or styles, so the policy
# allows only this site's own files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Everything logged goes to the console (stderr), where gunicorn, systemd or a container
# keeps it: with DEBUG off, Django's own defaults would only email a 500's traceback to
# ADMINS, and this app sends no mail. A server error logs its request and traceback.
LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "console": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "console"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Chatty at INFO: a line per start-up (axes) and per font read (fontTools).
        **{name: {"level": "WARNING"} for name in ("axes", "fontTools")},
        # A line per task started and finished, as the worker's own log says.
        "django_tasks": {"level": LOG_LEVEL},
    },
}

SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "true")
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # HSTS is only sent on HTTPS responses, so it is harmless behind plain HTTP in tests.
    SECURE_HSTS_SECONDS = int(os.getenv("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
    # The reverse proxy usually redirects to HTTPS itself; set this where it does not.
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
    if envbool("BEHIND_HTTPS_PROXY", "true"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
