"""The named people every view is tested with, and the seed data."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

SEED_FIXTURES = ["drugs_strategy", "drugs_scrutiny", "glossary"]


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


@pytest.fixture(autouse=True)
def fresh_statuses(settings):
    """Rolled-back test data can repeat the ids a kept snapshot saw; work statuses out anew."""
    settings.STATUS_SNAPSHOTS = False


@pytest.fixture
def seed(db):
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)


def person(username, group=None, **flags):
    user = User.objects.create_user(username, f"{username}@example.org", "pw-not-used", **flags)
    if group:
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
def client_for():
    """A separate signed-in client per person, so several can act in one test."""

    def make(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
