from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(**options):
    out = StringIO()
    call_command("create_demo_users", stdout=out, **options)
    return out.getvalue()


def printed_password(output):
    return output.split("password: ")[1].strip()


def test_it_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        run()
    assert not User.objects.exists()


def test_it_creates_one_user_per_role_with_the_printed_password(settings):
    settings.DEBUG = True
    password = printed_password(run())
    users = {user.username: user for user in User.objects.all()}
    assert set(users) == {"admin", "member", "staff", "officer"}
    assert users["admin"].is_superuser
    assert [g.name for g in users["member"].groups.all()] == ["Committee members"]
    assert [g.name for g in users["staff"].groups.all()] == ["Directorate staff"]
    assert [g.name for g in users["officer"].groups.all()] == ["Committee officers"]
    assert all(user.check_password(password) for user in users.values())


def test_a_second_run_prints_no_password_and_changes_nothing(settings):
    settings.DEBUG = True
    password = printed_password(run())
    output = run()
    assert "password" not in output.split("Demo users already exist")[0]
    assert "already exist" in output
    assert User.objects.count() == 4
    assert User.objects.get(username="member").check_password(password)


def test_reset_prints_a_new_password(settings):
    settings.DEBUG = True
    first = printed_password(run())
    second = printed_password(run(reset=True))
    assert first != second
    assert User.objects.get(username="staff").check_password(second)
