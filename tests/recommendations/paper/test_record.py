"""The paper of record: the read-only rule, and the paper frozen at publication."""

import dataclasses
import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recommendations.models import (
    Abbreviation,
    Committee,
    PaperRecord,
    ProgressUpdate,
    Recommendation,
    Report,
    ReportAbbreviation,
    Scrutiny,
)
from recommendations.paper import services
from recommendations.paper.content import REPORT_RELATED, build_report
from recommendations.paper.record import (
    from_json,
    is_read_only,
    lock_decidable,
    lock_meeting,
    lock_writable,
    paper_of,
    recorded_paper,
    render_record_files,
    report_file,
    to_json,
)
from recommendations.text import Glossary
from tests.factories import add_update, make_report, seed_report, start_report_5
from tests.sources import REPORT_4, printed_abbreviations

pytestmark = pytest.mark.django_db

PUBLISHED = "Report 4 was published on 6 March 2008; corrections go in the next report."


@pytest.fixture
def report_4(seed):
    return seed_report()


@pytest.fixture
def draft(report_4):
    return make_report(report_4.scrutiny, date(2008, 6, 5), number=5, published=False)


def every_file(report) -> dict:
    """Each download's bytes; the workbook's cells, as its file stamps the time it was made."""
    report = Report.objects.select_related(*REPORT_RELATED).get(pk=report.pk)
    files = {fmt: report_file(report, fmt).content for fmt in ("html", "pdf", "docx", "csv")}
    sheet = openpyxl.load_workbook(io.BytesIO(report_file(report, "xlsx").content)).active
    return files | {"xlsx": [[cell.value for cell in row] for row in sheet.iter_rows()]}


class TestTheReadOnlyRule:
    def test_it_holds_for_a_published_report_only(self, report_4, draft):
        assert is_read_only(report_4)
        assert not is_read_only(draft)
        assert not is_read_only(None)

    def test_a_write_to_a_published_report_is_refused(self, report_4):
        with pytest.raises(ValidationError) as error:
            lock_writable(report_4.pk)
        assert error.value.messages == [PUBLISHED]

    def test_the_stored_report_counts_not_the_callers_copy(self, draft):
        stale = Report.objects.get(pk=draft.pk)
        services.publish_report(report=draft)
        assert not is_read_only(stale)
        with pytest.raises(ValidationError):
            lock_writable(stale)

    def test_a_write_touching_only_drafts_passes(self, draft):
        lock_writable(draft, draft.pk, None)

    def test_a_decision_on_a_draft_is_refused(self, report_4, draft):
        lock_decidable(report_4)
        with pytest.raises(ValidationError) as error:
            lock_decidable(draft)
        assert error.value.messages == [
            "Report 5 is a draft: publish it before recording members' decisions on it."
        ]

    def test_a_meeting_with_a_published_report_is_part_of_its_record(self, report_4, draft):
        lock_meeting(draft.meeting)
        with pytest.raises(ValidationError) as error:
            lock_meeting(report_4.meeting)
        assert "received Report 4, which is published" in error.value.messages[0]


@dataclasses.dataclass(frozen=True)
class Later:
    """A part someone adds to the paper later, with dates, tuples and optional values."""

    day: date
    pairs: list[tuple[str, str]]
    maybe: int | None = None
    counts: dict[int, str] = dataclasses.field(default_factory=dict)


class TestSerialising:
    def test_the_whole_paper_comes_back_as_it_was(self, report_4):
        paper = build_report(report_4, Glossary.load())
        assert from_json(type(paper), to_json(paper)) == paper

    def test_any_dataclass_fields_come_back_field_by_field(self):
        later = Later(date(2008, 3, 6), [("MPA", "Metropolitan Police Authority")], 3, {24: "x"})
        assert from_json(Later, to_json(later)) == later

    def test_a_field_missing_from_an_older_record_takes_its_default(self):
        assert from_json(Later, {"day": "2008-03-06", "pairs": []}) == Later(date(2008, 3, 6), [])


class TestTheRecord:
    def test_publishing_captures_the_paper_and_renders_its_files(
        self, draft, django_capture_on_commit_callbacks
    ):
        recommendation = Recommendation.objects.get(number=8)
        add_update(draft, recommendation, "complete", response="Done in June.")
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_report(report=draft)
        record = PaperRecord.objects.get(report=draft)
        paper, _ = recorded_paper(record)
        assert [entry.response for entry in paper.supporting] == ["Done in June."]
        assert paper.is_published
        assert bytes(record.html).startswith(b"<!DOCTYPE html>")
        assert bytes(record.pdf).startswith(b"%PDF")
        assert bytes(record.docx).startswith(b"PK")

    def test_files_are_rendered_once(self, report_4):
        record = render_record_files(report_4.record.pk)
        PaperRecord.objects.filter(pk=record.pk).update(html=b"stored")
        render_record_files(record.pk)
        assert bytes(PaperRecord.objects.get(pk=record.pk).html) == b"stored"

    def test_edits_to_shared_rows_leave_every_output_of_the_paper_alone(self, report_4):
        before = every_file(report_4)
        page_before = paper_of(report_4)[0]
        Recommendation.objects.filter(number=1).update(text="Reworded since.")
        Recommendation.objects.filter(number=2).update(number=99)
        Abbreviation.objects.filter(term="MPA").update(expansion="Renamed authority")
        Committee.objects.update(name="Renamed committee")
        Scrutiny.objects.update(title="Renamed scrutiny")
        ProgressUpdate.objects.filter(recommendation__number=8).update(response="Rewritten.")

        assert every_file(report_4) == before
        assert paper_of(report_4)[0] == page_before
        assert paper_of(report_4)[1].expansions["MPA"] == "Metropolitan Police Authority"

    def test_report_4s_record_prints_its_own_list_and_its_abbr_read_it(self, report_4):
        paper, glossary = paper_of(report_4)
        assert paper.abbreviations == printed_abbreviations(REPORT_4)
        assert glossary.expansions["DIP"] == "Drugs Interventions Programme"
        assert glossary.expansions["AC/TP"] == "Assistant Commissioner Territorial Policing"
        before = every_file(report_4)
        ReportAbbreviation.objects.filter(report=report_4, term="DIP").update(expansion="Edited")
        ReportAbbreviation.objects.filter(report=report_4, term="AC").delete()
        assert every_file(report_4) == before
        assert paper_of(report_4)[0].abbreviations == printed_abbreviations(REPORT_4)

    def test_publishing_freezes_the_drafts_own_list(
        self, report_4, django_capture_on_commit_callbacks
    ):
        draft = start_report_5()
        draft.abbreviations.filter(term="DIP").update(expansion="Drug Interventions Programme")
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_report(report=draft)
        draft.abbreviations.filter(term="DIP").update(expansion="Changed after publishing")
        paper, glossary = paper_of(Report.objects.get(pk=draft.pk))
        assert dict(paper.abbreviations)["DIP"] == "Drug Interventions Programme"
        assert glossary.expansions["DIP"] == "Drug Interventions Programme"
        html = bytes(PaperRecord.objects.get(report=draft).html).decode()
        assert '<td class="govuk-table__cell">Drug Interventions Programme</td>' in html

    def test_the_page_reads_the_record(self, report_4, client):
        Recommendation.objects.filter(number=1).update(text="Reworded since.")
        response = client.get(reverse("recommendations:report", args=[report_4.pk]))
        assert "Reworded since." not in response.text
        assert "Recommendation 1 – As a priority" in response.text

    def test_current_views_and_later_papers_take_the_edit(self, report_4, draft, client):
        recommendation = Recommendation.objects.get(number=1)
        Recommendation.objects.filter(pk=recommendation.pk).update(text="Reworded since.")
        add_update(draft, recommendation, "complete")
        detail = client.get(reverse("recommendations:detail", args=[recommendation.pk]))
        assert "Reworded since." in detail.text
        later, _ = paper_of(Report.objects.select_related(*REPORT_RELATED).get(pk=draft.pk))
        assert later.supporting[0].text == "Reworded since."

    def test_a_published_report_without_a_record_gets_one_on_first_read(self, report_4):
        PaperRecord.objects.all().delete()
        paper, _ = paper_of(report_4)
        assert paper.number == 4
        assert PaperRecord.objects.filter(report=report_4).exists()

    def test_the_seed_loader_records_report_4(self, db):
        from django.core.management import call_command

        call_command("load_seed_data", verbosity=0)
        assert PaperRecord.objects.get().report.number == 4
