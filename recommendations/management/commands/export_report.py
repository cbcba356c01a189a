"""Write a meeting's report to a file: the paper as HTML, PDF or Word, its table as CSV or XLSX."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.models import Report
from recommendations.paper.content import REPORT_RELATED
from recommendations.paper.exports import FORMATS
from recommendations.paper.record import report_file
from recommendations.timescales import long_date


def meeting_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--meeting must be a date like 2008-03-06, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Export a report, drafts included, e.g. "
        "export_report --meeting 2008-03-06 --report 4 --format pdf --output report-4.pdf"
    )

    def add_arguments(self, parser):
        parser.add_argument("--meeting", required=True, help="The meeting's date, YYYY-MM-DD.")
        parser.add_argument("--report", required=True, type=int, help="The report's number.")
        parser.add_argument(
            "--committee", help="The committee's name; needed when several met that day."
        )
        parser.add_argument(
            "--format",
            choices=sorted(FORMATS),
            dest="fmt",
            help="Defaults to the output file's extension.",
        )
        parser.add_argument(
            "--output",
            required=True,
            help="The file to write; given a directory, the report's own file name inside it.",
        )

    def handle(self, *args, meeting, report, committee, fmt, output, **options):
        found = self.find_report(meeting_date(meeting), report, committee)
        output = Path(output)
        fmt = fmt or output.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(
                f"Give --format ({', '.join(sorted(FORMATS))}); "
                f"the output's extension {output.suffix or '(none)'} does not say which."
            )
        exported = report_file(found, fmt)
        if output.is_dir():
            output = output / exported.filename
        if not output.parent.is_dir():
            raise CommandError(f"There is no folder {output.parent} to write {output.name} in.")
        output.write_bytes(exported.content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {found} ({fmt}) to {output}."))

    def find_report(self, day: date, number: int, committee: str | None) -> Report:
        reports = Report.objects.select_related(*REPORT_RELATED).filter(
            meeting__date=day, number=number
        )
        if committee:
            reports = reports.filter(meeting__committee__name__iexact=committee)
        found = list(reports[:10])
        if len(found) == 1:
            return found[0]
        when = long_date(day)
        if not found:
            at = f" of the {committee}" if committee else ""
            raise CommandError(f"No report {number} at the {when} meeting{at}.")
        names = ", ".join(sorted(report.meeting.committee.name for report in found))
        raise CommandError(
            f"Several committees met on {when} with a report {number} ({names}): "
            "say which with --committee."
        )
