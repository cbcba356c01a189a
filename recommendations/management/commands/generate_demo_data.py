"""Generate made-up scrutinies for trying the app at scale and for the benchmark."""

import time

from django.core.management.base import BaseCommand, CommandError

from recommendations.demo_data import AlreadyGenerated, generate


class Command(BaseCommand):
    help = "Create realistic demo scrutinies, meetings, reports, updates and decisions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--recommendations",
            type=int,
            required=True,
            help="How many recommendations to create in all.",
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="Random seed: the same seed gives the same data."
        )

    def handle(self, *args, recommendations, seed, **options):
        if recommendations < 1:
            raise CommandError("--recommendations must be at least 1.")
        started = time.perf_counter()
        try:
            result = generate(recommendations=recommendations, seed=seed)
        except AlreadyGenerated as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.recommendations} recommendations in {result.scrutinies} "
                f"scrutinies, {result.reports} reports, {result.updates} updates and "
                f"{result.decisions} decisions in {time.perf_counter() - started:.1f} s."
            )
        )
