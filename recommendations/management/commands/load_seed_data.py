"""Load the two source documents' data once; later runs leave edited data alone."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from simple_history.models import registered_models

from recommendations.models import PaperRecord, Recommendation
from recommendations.paper.record import (
    RECORDED_FORMATS,
    capture_missing_records,
    render_record_files,
)
from strategy.models import Strategy

SEED_FIXTURES = ["drugs_strategy", "drugs_scrutiny", "glossary"]


class Command(BaseCommand):
    help = "Load the seed fixtures into an empty database (no-op when they are already there)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load again even if data exists, overwriting the seed rows with the fixtures.",
        )

    def handle(self, *args, force=False, **options):
        if not force and (Strategy.objects.exists() or Recommendation.objects.exists()):
            self.stdout.write("Seed data is already loaded; nothing changed.")
            return
        with transaction.atomic():
            # Loading sets many-to-many links, which would otherwise record
            # anonymous "changed" entries before the first one.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", *SEED_FIXTURES, verbosity=options["verbosity"])
            record_first_history()
            capture_missing_records()  # Report 4 is published: its record, as the seed has it
        # And its files, as publishing makes them, so no one waits for the first download.
        for record in PaperRecord.objects.filter(pdf__isnull=True).defer(*RECORDED_FORMATS):
            render_record_files(record.pk)
        self.stdout.write(self.style.SUCCESS("Seed data loaded."))


def record_first_history():
    """Fixtures load without history; give every row that has none its starting entry."""
    for model in registered_models.values():
        if not hasattr(model, "history"):
            continue  # history of a many-to-many table, kept by its owner's records
        recorded = model.history.values_list(model._meta.pk.attname, flat=True).distinct()
        missing = list(model.objects.exclude(pk__in=recorded))
        if missing:
            model.history.bulk_history_create(missing, default_change_reason="Seed data")
