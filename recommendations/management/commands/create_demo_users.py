"""Sign-ins for trying the app locally, one per role. Refused unless DEBUG is on."""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError

DEMO_USERS = [
    ("admin", None),
    ("member", "Committee members"),
    ("staff", "Directorate staff"),
    ("officer", "Committee officers"),
]


class Command(BaseCommand):
    help = "Create demo users (admin, member, staff, officer) and print their password once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Give the demo users a new password and print it."
        )

    def handle(self, *args, reset=False, **options):
        if not settings.DEBUG:
            raise CommandError("Demo users are for local use only: run with DEBUG=1.")
        existing = User.objects.filter(username__in=[name for name, _ in DEMO_USERS])
        if existing.exists() and not reset:
            self.stdout.write(
                "Demo users already exist. Run `make demo-password` "
                "(manage.py create_demo_users --reset) for a new password."
            )
            return

        password = secrets.token_urlsafe(12)
        for username, group_name in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = group_name is None
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])

        self.stdout.write(self.style.SUCCESS("Demo sign-in (shown once, for this machine only):"))
        for username, group_name in DEMO_USERS:
            self.stdout.write(f"  {username:<8} {group_name or 'superuser'}")
        self.stdout.write(f"  password: {password}")
