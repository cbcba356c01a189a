"""Import recommendations, and optionally a report's updates, from a CSV spreadsheet."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from recommendations.imports import ImportFailed, import_recommendations


class Command(BaseCommand):
    help = (
        "Create or update recommendations (and report updates) from a UTF-8 CSV file. "
        "Any problem stops the whole import and is listed by row and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file to import.")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Name this user in the history, and refuse what their permissions do not allow.",
        )

    def handle(self, *args, file, user=None, **options):
        importer = None
        if user is not None:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"There is no user called {user!r}.")
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            result = import_recommendations(file=content, user=importer)
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(str(problem))
            count = len(failure.problems)
            raise CommandError(
                f"Nothing was imported: {count} problem{'s' * (count != 1)} in {file}."
            ) from None
        for line in result.summary_lines():
            self.stdout.write(line)
        if result.changed_anything:
            self.stdout.write(self.style.SUCCESS(f"Imported {file}."))
        else:
            self.stdout.write(f"{file} matches the database; nothing changed.")
