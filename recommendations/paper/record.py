"""The paper of record: a published report is read-only, to every route that writes.

A published report is the public record of what members were told. Every
write that touches a report's parts (admin forms and inlines, history revert,
bulk deletes, the import, the services) calls `lock_writable` inside its
transaction: it locks the reports' rows (`select_for_update`), reads them
afresh and refuses if any is published. Publishing takes the same lock, so a
write and a publish never interleave: whichever comes second sees the other's
result.

Publishing also freezes the paper (`capture_record`): its whole content, the
MeetingReport that content.build_report makes, is serialised field by field
(so a field added to it later is captured too) with the glossary as it then
stood (the report's own abbreviations list taking precedence), into a
PaperRecord. Its HTML, PDF and Word files are rendered once from that
content and stored (`render_record_files`, which a task can run); a
published report's page and exports read the record, never the live rows.
"""

import dataclasses
import types
import typing
from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Meeting, PaperRecord, Report
from ..text import Glossary
from ..timescales import long_date
from .content import REPORT_RELATED, MeetingReport, build_decisions, build_report
from .exports import FORMATS, ExportedFile, export, with_decisions


def is_read_only(report: Report | None) -> bool:
    """A published report is read-only: corrections go in the next report."""
    return report is not None and report.published_at is not None


def published_message(report: Report) -> str:
    published = timezone.localtime(report.published_at)
    return (
        f"Report {report.number} was published on {long_date(published)}; "
        "corrections go in the next report."
    )


def locked_reports(report_ids: Iterable[int]) -> list[Report]:
    """The reports, read afresh and locked until the transaction ends (when there is one)."""
    rows = Report.objects.filter(pk__in=set(report_ids)).order_by("pk")
    if transaction.get_connection(rows.db).in_atomic_block:
        rows = rows.select_for_update()
    return list(rows)


def report_id(report: Report | int | None) -> int | None:
    return report.pk if isinstance(report, Report) else report


def lock_writable(*reports: Report | int | None) -> None:
    """Lock each report a write touches, and refuse the write if any is read-only.

    Call it inside the write's transaction, before writing: the stored rows
    are what count, not the caller's copies, and the lock keeps them so until
    the write commits.
    """
    ids = {report_id(report) for report in reports} - {None}
    for stored in locked_reports(ids):
        if is_read_only(stored):
            raise ValidationError(published_message(stored))


def lock_meeting(meeting: Meeting) -> None:
    """A meeting's date and committee are part of its published reports' record."""
    reports = locked_reports(meeting.reports.values_list("pk", flat=True))
    published = [report for report in reports if is_read_only(report)]
    if published:
        raise ValidationError(
            f"This meeting received Report {published[0].number}, which is published, so its "
            "date and committee are part of the public record and cannot change."
        )


def lock_decidable(report: Report | int) -> None:
    """Members decide on the published paper they had before them, so a draft is refused."""
    for stored in locked_reports([report_id(report)]):
        if not is_read_only(stored):
            raise ValidationError(
                f"Report {stored.number} is a draft: publish it before recording members' "
                "decisions on it."
            )


# --- The frozen paper


def to_json(value):
    """A dataclass (nested, with dates, lists and tuples) as plain JSON values, field by field."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: to_json(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    return value


def from_json(kind, value):
    """The value `to_json` made, back as `kind` (read from the dataclasses' annotations)."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        kinds = [arg for arg in args if arg is not type(None)]
        return from_json(kinds[0], value) if len(kinds) == 1 else value
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(
            **{
                field.name: from_json(hints[field.name], value[field.name])
                for field in dataclasses.fields(kind)
                if field.init and field.name in value
            }
        )
    if origin is list:
        return [from_json(args[0], item) for item in value]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_json(args[0], item) for item in value)
        return tuple(from_json(arg, item) for arg, item in zip(args, value, strict=True))
    if origin is dict:
        return {from_json(args[0], key): from_json(args[1], item) for key, item in value.items()}
    if kind is int and isinstance(value, str):  # a dict key, which JSON keeps as text
        return int(value)
    return value


def recorded_paper(record: PaperRecord) -> tuple[MeetingReport, Glossary]:
    """What the record says: the paper's content and the glossary it was published with."""
    return from_json(MeetingReport, record.content), Glossary(dict(record.glossary))


def capture_record(report: Report) -> PaperRecord:
    """Freeze a published report's content as it stands now; call inside the publishing lock."""
    report = Report.objects.select_related(*REPORT_RELATED).get(pk=report.pk)
    paper, glossary = current_paper(report)
    return PaperRecord.objects.create(
        report=report, content=to_json(paper), glossary=to_json(glossary.expansions)
    )


RECORDED_FORMATS = ("html", "pdf", "docx")


def render_record_files(record_id: int) -> PaperRecord:
    """Render a record's HTML, PDF and Word from its frozen content and store them, once.

    Files already stored are left alone, so running it again (or from a task
    queue, after the publishing transaction) changes nothing.
    """
    record = PaperRecord.objects.get(pk=record_id)
    paper, glossary = recorded_paper(record)
    rendered = {}
    for fmt in RECORDED_FORMATS:
        if getattr(record, fmt) is None:
            content = export(paper, fmt, glossary).content
            rendered[fmt] = content
            setattr(record, fmt, content)
    if rendered:
        for fmt, content in rendered.items():
            PaperRecord.objects.filter(pk=record.pk, **{f"{fmt}__isnull": True}).update(
                **{fmt: content}
            )
        record.refresh_from_db(fields=list(RECORDED_FORMATS))
    return record


def record_of(report: Report) -> PaperRecord:
    """A published report's record; one published before records were kept is captured now."""
    record = PaperRecord.objects.filter(report_id=report.pk).defer(*RECORDED_FORMATS).first()
    if record is not None:
        return record
    try:
        with transaction.atomic():
            return capture_record(report)
    except IntegrityError:  # captured by a request alongside this one
        return PaperRecord.objects.defer(*RECORDED_FORMATS).get(report_id=report.pk)


def capture_missing_records() -> int:
    """Records for published reports that have none (loaded from fixtures, say); how many."""
    missing = Report.objects.published().filter(record__isnull=True)
    for report in missing:
        capture_record(report)
    return len(missing)


def paper_of(report: Report, glossary: Glossary | None = None) -> tuple[MeetingReport, Glossary]:
    """What a report's page and exports show: a published report's record, a draft as it is."""
    if is_read_only(report):
        return recorded_paper(record_of(report))
    return current_paper(report, glossary)


def current_paper(
    report: Report, glossary: Glossary | None = None
) -> tuple[MeetingReport, Glossary]:
    """The report as its rows stand, with the glossary its `<abbr>` read: its own list first."""
    glossary = glossary or Glossary.load()
    paper = build_report(report, glossary)
    return paper, glossary.preferring(paper.abbreviations)


def recorded_file(report: Report, fmt: str) -> bytes:
    """A published report's stored file in `fmt` (one of RECORDED_FORMATS), rendered if new."""
    record = record_of(report)
    stored = PaperRecord.objects.filter(pk=record.pk).values_list(fmt, flat=True).get()
    if stored is None:
        stored = getattr(render_record_files(record.pk), fmt)
    return bytes(stored)


def report_file(report: Report, fmt: str) -> ExportedFile:
    """The report in `fmt` as it is served: a published one from its record, a draft as it is.

    Once members' decisions are recorded on a published report, each file
    carries them after the paper: the stored file with a part appended, and
    the spreadsheets with a decision and minute on every row.
    """
    paper, glossary = paper_of(report)
    if not is_read_only(report):
        return export(paper, fmt, glossary)
    decisions = build_decisions(report)
    if fmt not in RECORDED_FORMATS:
        return export(paper, fmt, glossary, decisions=decisions)
    content = recorded_file(report, fmt)
    return ExportedFile(
        content=with_decisions(fmt, content, decisions) if decisions else content,
        content_type=FORMATS[fmt].content_type,
        filename=f"{paper.file_stem}.{fmt}",
    )
