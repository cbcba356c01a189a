"""The named people every view is tested with, and the seed data."""

import importlib
import sqlite3

import lxml.html
import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test import Client

from recommendations.paper.record import capture_missing_records

ROLES = importlib.import_module("recommendations.migrations.0002_roles").ROLES

SEED_FIXTURES = ["drugs_strategy", "drugs_scrutiny", "glossary"]
# The tables the seed fills, in the order they were found: filled once per session.
SEEDED_MODELS = []


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests run without collectstatic, so no manifest of hashed file names exists."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Each person's password costs the full hasher's 0.4 s otherwise; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Queued work runs at once, inside the request, unless a test is about the queue itself."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture(autouse=True)
def fresh_statuses(settings):
    """Rolled-back test data can repeat the ids a kept snapshot saw; work statuses out anew."""
    settings.STATUS_SNAPSHOTS = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the seed from the start: loaded once, not once per test.

    Each test runs in a transaction that rolls back to it. Tests that do not ask
    for `seed` have it taken away first (`without_seed_unless_asked`), so they
    start from the empty database they always saw.
    """
    with django_db_blocker.unblock():
        models = apps.get_models(include_auto_created=True)
        before = {model: model._base_manager.count() for model in models}
        load_seed()
        SEEDED_MODELS[:] = [m for m in models if m._base_manager.count() > before[m]]


def load_seed():
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    capture_missing_records()


def seed_is_loaded():
    """False only after a transactional test emptied the database (it flushes every table)."""
    return all(model._base_manager.exists() for model in SEEDED_MODELS[:1])


def remove_seed():
    """Empty the seed's tables; in one transaction, as foreign keys are checked at its end."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in reversed(SEEDED_MODELS):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


@pytest.fixture(autouse=True)
def without_seed_unless_asked(request):
    """A test that uses the database but not `seed` starts without the seed data."""
    uses_database = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if uses_database and "seed" not in request.fixturenames:
        request.getfixturevalue("db")
        if seed_is_loaded():
            remove_seed()


@pytest.fixture
def database_as_in_production(transactional_db, tmp_path):
    """The test data in a database that requests on several threads share as in production.

    PostgreSQL's test database already is one. SQLite's is in memory, shared
    between threads through one cache whose locks fail at once instead of
    waiting; so the data is copied to a file that every thread's connection
    opens with the settings' options (WAL, a busy timeout, writers locking at
    BEGIN). Each thread closes its own connection when done.
    """
    if connection.vendor != "sqlite":
        yield
        return
    in_memory = connections[DEFAULT_DB_ALIAS]
    in_memory.ensure_connection()
    file_settings = in_memory.settings_dict | {"NAME": str(tmp_path / "db.sqlite3")}
    copy = sqlite3.connect(file_settings["NAME"])
    in_memory.connection.backup(copy)
    copy.close()
    connections.settings[DEFAULT_DB_ALIAS] = file_settings
    connections[DEFAULT_DB_ALIAS] = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections.settings[DEFAULT_DB_ALIAS] = in_memory.settings_dict
        connections[DEFAULT_DB_ALIAS] = in_memory


@pytest.fixture
def seed(db):
    """The two source documents' data (fixtures/), as `manage.py load_seed_data` loads it:
    Report 4 is published, so it has its record."""
    if not seed_is_loaded():
        load_seed()


def page_text(response) -> str:
    """The words a reader sees on a page, entities decoded, whitespace collapsed to spaces."""
    return " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())


def make_role_groups():
    """What the roles migration gives a new database (a flush takes the groups with it)."""
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in (dotted.split(".") for dotted in codenames)
        )


def breadcrumbs(response) -> list[tuple[str, str]]:
    """A page's breadcrumb trail as (words, address) steps; a step that is not a link has ''."""
    trail = lxml.html.fromstring(response.content.decode()).xpath(
        '//nav[@class="govuk-breadcrumbs" or starts-with(@class, "govuk-breadcrumbs ")]//li'
    )
    return [
        (" ".join(step.text_content().split()), next(iter(step.xpath("a/@href")), ""))
        for step in trail
    ]


def person(username, group=None, **flags):
    """A user in a role group; the groups are made again after a transactional test's flush."""
    user = User.objects.create_user(username, f"{username}@example.org", "pw-not-used", **flags)
    if group:
        if not Group.objects.filter(name=group).exists():
            make_role_groups()
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def member(db):
    return person("member", "Committee members", is_staff=True)


@pytest.fixture
def staff(db):
    return person("staff", "Directorate staff", is_staff=True)


@pytest.fixture
def officer(db):
    return person("officer", "Committee officers", is_staff=True)


@pytest.fixture
def outsider(db):
    """Signed in, but in no group."""
    return person("outsider")


@pytest.fixture
def superuser(db):
    return person("root", is_staff=True, is_superuser=True)


@pytest.fixture
def get_with_queries(django_assert_num_queries):
    """GET a page in exactly `queries` SQL queries; the page must answer 200 OK."""

    def get(client, queries, url, *args, **kwargs):
        with django_assert_num_queries(queries):
            response = client.get(url, *args, **kwargs)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        return response

    return get


@pytest.fixture
def client_for():
    """A separate signed-in client per person, so several can act in one test."""

    def make(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
