"""Load the two source documents' data once; later runs leave edited data alone."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from recommendations.models import Recommendation
from strategy.models import Strategy

SEED_FIXTURES = ["drugs_strategy", "drugs_scrutiny", "glossary"]


class Command(BaseCommand):
    help = "Load the seed fixtures into an empty database (no-op when they are already there)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="Load again even if data exists, overwriting the seed rows with the fixtures.",
        )

    def handle(self, *args, force=False, **options):
        if not force and (Strategy.objects.exists() or Recommendation.objects.exists()):
            self.stdout.write("Seed data is already loaded; nothing changed.")
            return
        call_command("loaddata", *SEED_FIXTURES, verbosity=options["verbosity"])
        # Fixtures load without history; give every row its starting entry.
        call_command("populate_history", auto=True, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Seed data loaded."))
