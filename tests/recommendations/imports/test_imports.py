import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from recommendations.imports import (
    COLUMN_HELP,
    COLUMNS,
    ImportFailed,
    checking,
    import_recommendations,
    writing,
)
from recommendations.imports.columns import CHANGE_REASON
from recommendations.imports.reading import count_rows
from recommendations.models import (
    Committee,
    Meeting,
    ProgressUpdate,
    Recommendation,
    Report,
    Scrutiny,
    Status,
)
from recommendations.status import current_statuses

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.BASE_DIR) / "fixtures" / "example_import.csv"
EXAMPLE_TITLE = "Example Council Youth Services Scrutiny"
SEED_TITLE = "MPA Drugs Scrutiny"
SEED_REPORT = {
    "committee": "Co-ordination and Policing Committee",
    "meeting_date": "2008-03-06",
    "report_number": "4",
    "report_title": "Drugs scrutiny recommendations update",
}
DRAFT_REPORT = {
    "committee": "Co-ordination and Policing Committee",
    "meeting_date": "2008-06-05",
    "report_number": "7",
    "report_title": "Drugs scrutiny recommendations: second update",
}
MODELS = [Scrutiny, Recommendation, Committee, Meeting, Report, ProgressUpdate]


def make_csv(*rows: dict, columns=None) -> bytes:
    """A CSV file as a spreadsheet saves it: header, then one line per row, CRLF endings."""
    columns = columns or list(dict.fromkeys(name for row in rows for name in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def recommendation_row(number, text="A recommendation.", scrutiny=SEED_TITLE, **cells):
    return {"scrutiny": scrutiny, "number": str(number), "text": text, **cells}


def update_row(number, status="complete", report=DRAFT_REPORT, **cells):
    seed_text = Recommendation.objects.filter(scrutiny__title=SEED_TITLE, number=number)
    text = seed_text.values_list("text", flat=True).first() or "A new recommendation."
    cells = report | {"status": status, "response": "Done."} | cells
    return recommendation_row(number, text, **cells)


def problems_of(file, user=None) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        import_recommendations(file=file, user=user)
    return [str(problem) for problem in failure.value.problems]


def database_state():
    """Row and history counts of every model an import writes, and one recommendation's text."""
    state = {model.__name__: model.objects.count() for model in MODELS}
    state |= {f"{model.__name__} history": model.history.count() for model in MODELS}
    state["recommendation 1"] = (
        Recommendation.objects.filter(number=1).values_list("text", flat=True).first()
    )
    return state


def timescale_cell(update):
    """The dates an update promised, as the import's timescale column takes them."""
    if update.due_by is None:
        return ""
    if not update.due_from:
        return str(update.due_by)
    return f"{update.due_from} to {update.due_by}"


def seed_report_as_csv() -> bytes:
    """The seed's Report 4 written out in the import format, as an export would give it."""
    rows = []
    for update in ProgressUpdate.objects.select_related(
        "recommendation__scrutiny", "linked_to", "report__meeting__committee"
    ).order_by("recommendation__number"):
        recommendation = update.recommendation
        rows.append(
            {
                "scrutiny": recommendation.scrutiny.title,
                "number": recommendation.number,
                "text": recommendation.text,
                "note": recommendation.note,
                **SEED_REPORT,
                "status": update.proposed_status,
                "linked_to": update.linked_to.number if update.linked_to else "",
                "timescale": timescale_cell(update),
                "response": update.response,
            }
        )
    return make_csv(*rows)


class TestExampleFile:
    def test_it_imports_a_new_scrutiny_with_a_draft_report(self, seed):
        result = import_recommendations(file=EXAMPLE.read_bytes())

        assert (result.scrutinies_created, result.recommendations_created) == (1, 7)
        assert (result.reports_created, result.updates_created) == (1, 7)
        scrutiny = Scrutiny.objects.get(title=EXAMPLE_TITLE)
        assert scrutiny.body == "Example Council Overview and Scrutiny Board"
        report = Report.objects.get(scrutiny=scrutiny)
        assert not report.is_published
        assert (report.number, report.meeting.date) == (5, date(2024, 6, 12))
        assert report.meeting.committee.name.startswith("Example Council Children")
        assert Recommendation.objects.get(scrutiny=scrutiny, number=7).note.startswith("Added by")

    def test_its_links_and_timescales_follow_the_status_rules(self, seed):
        import_recommendations(file=EXAMPLE.read_bytes())

        updates = (
            ProgressUpdate.objects.filter(report__scrutiny__title=EXAMPLE_TITLE)
            .for_status()
            .select_related("recommendation")
        )
        by_number = {update.recommendation.number: update for update in updates}
        numbers = {update.recommendation_id: number for number, update in by_number.items()}
        statuses = {numbers[pk]: current for pk, current in current_statuses(updates).items()}
        assert {statuses[n].status for n in range(1, 8)} == set(Status.values)
        assert statuses[5].status == Status.COMPLETE and statuses[5].decided_by == by_number[1]
        assert statuses[6].status == Status.CONSIDERATION and statuses[6].decided_by == by_number[2]
        three_to_six, three = by_number[3], by_number[4]
        assert (three_to_six.timescale, three.timescale) == ((3, 6), (0, 3))
        assert statuses[4].due.ends == date(2024, 9, 12)

    def test_its_multi_line_response_keeps_its_markdown_list(self, seed):
        import_recommendations(file=EXAMPLE.read_bytes())
        response = ProgressUpdate.objects.get(
            report__scrutiny__title=EXAMPLE_TITLE, recommendation__number=1
        ).response
        assert "\n\n- 142 clubs" in response
        assert "\r" not in response

    def test_importing_it_again_changes_nothing(self, seed):
        import_recommendations(file=EXAMPLE.read_bytes())
        before = database_state()

        result = import_recommendations(file=EXAMPLE.read_bytes())

        assert not result.changed_anything
        assert (result.recommendations_unchanged, result.updates_unchanged) == (7, 7)
        assert database_state() == before

    def test_the_summary_gives_every_count(self, seed):
        result = import_recommendations(file=EXAMPLE.read_bytes())
        assert str(result) == (
            "Scrutinies: 1 created, 0 updated. "
            "Recommendations: 7 created, 0 updated, 0 unchanged. "
            "Reports: 1 created, 0 updated. "
            "Progress updates: 7 created, 0 updated, 0 unchanged."
        )


class TestReadingFiles:
    def test_it_accepts_excels_byte_order_mark(self, seed):
        file = "\ufeff".encode() + make_csv(recommendation_row(25, "Imported with a BOM."))
        result = import_recommendations(file=file)
        assert result.recommendations_created == 1
        assert Recommendation.objects.get(number=25).text == "Imported with a BOM."

    def test_it_accepts_an_open_text_file_with_a_byte_order_mark(self, seed):
        text = "\ufeffscrutiny,number,text\r\nMPA Drugs Scrutiny,25,From a text file.\r\n"
        import_recommendations(file=io.StringIO(text, newline=""))
        assert Recommendation.objects.get(number=25).text == "From a text file."

    def test_it_reads_headers_in_any_case_and_order_and_skips_blank_rows(self, seed):
        file = b"Text , NUMBER,Scrutiny\r\n,,\r\nFound.,25,MPA Drugs Scrutiny\r\n\r\n"
        assert import_recommendations(file=file).recommendations_created == 1
        assert Recommendation.objects.get(number=25).text == "Found."

    def test_it_refuses_a_file_that_is_not_utf8(self, seed):
        file = "scrutiny,number,text\nMPA Drugs Scrutiny,25,Caf\xe9\n".encode("cp1252")
        assert problems_of(file) == [
            "The file is not UTF-8 text. In your spreadsheet, save it as "
            '"CSV UTF-8 (comma delimited)" and import that.'
        ]

    def test_it_refuses_an_empty_file(self, seed):
        assert problems_of(b"") == ["The file is empty."]
        assert problems_of("\ufeff \r\n".encode()) == ["The file is empty."]

    def test_it_refuses_a_header_without_rows(self, seed):
        assert problems_of(b"scrutiny,number,text\r\n") == [
            "The file has a header row but no recommendations below it."
        ]

    def test_it_refuses_a_cell_too_long_for_csv(self, seed):
        file = make_csv(recommendation_row(25), recommendation_row(26, "x" * 200_000))
        assert problems_of(file) == [
            "Row 3: the file cannot be read as CSV (field larger than field limit (131072))."
        ]

    def test_it_refuses_a_quoted_cell_never_closed_naming_its_row(self, seed):
        """Read leniently, the open quote would swallow every later row into one cell."""
        file = (
            b"scrutiny,number,text\r\n"
            b"MPA Drugs Scrutiny,25,Fine.\r\n"
            b'MPA Drugs Scrutiny,26,"Opened and never closed.\r\n'
            b"MPA Drugs Scrutiny,27,Swallowed.\r\n"
        )
        before = database_state()
        assert problems_of(file) == [
            'Row 3: a cell opens with a quote (") that is never closed, so every row after '
            "it would be read into that cell; close the quote."
        ]
        assert database_state() == before

    @pytest.mark.parametrize("rows_before, row", [(0, 2), (2, 4)])
    def test_the_row_named_is_the_one_whose_quote_opens(self, seed, rows_before, row):
        good = b"".join(b"MPA Drugs Scrutiny,%d,Fine.\r\n" % (25 + n) for n in range(rows_before))
        file = b"scrutiny,number,text\r\n" + good + b'MPA Drugs Scrutiny,30,"Never closed.\r\n'
        assert problems_of(file)[0].startswith(f"Row {row}: a cell opens with a quote")

    def test_it_refuses_a_file_with_too_many_rows(self, seed, settings):
        settings.IMPORT_MAX_ROWS = 2
        file = make_csv(*(recommendation_row(number) for number in (25, 26, 27)))
        assert problems_of(file) == [
            "The file has more than 2 rows; import it in parts of 2 rows or fewer."
        ]

    def test_a_file_of_20000_rows_is_within_the_limit(self, settings):
        assert settings.IMPORT_MAX_ROWS >= 20_000
        file = make_csv(*(recommendation_row(number) for number in range(1, 20_001)))
        assert count_rows(file) == 20_000

    def test_rows_are_counted_without_blank_ones_and_refused_past_the_limit(self, settings):
        settings.IMPORT_MAX_ROWS = 3
        rows = [recommendation_row(number) for number in (25, 26, 27)]
        assert count_rows(make_csv(*rows) + b",,\r\n\r\n") == 3
        with pytest.raises(ImportFailed) as failure:
            count_rows(make_csv(*rows, recommendation_row(28)))
        assert str(failure.value) == (
            "The file has more than 3 rows; import it in parts of 3 rows or fewer."
        )

    def test_it_refuses_binary_data(self, seed):
        assert problems_of(b"scrutiny,number,text\n\x00\x01") == [
            "The file holds binary data; it is not a CSV text file."
        ]


class TestHeaderProblems:
    def test_unknown_and_missing_columns_are_each_listed(self, seed):
        problems = problems_of(b"scrutiny,Colour,text\r\nMPA Drugs Scrutiny,red,Text\r\n")
        assert problems[0].startswith("Row 1, Colour: is not a column this import knows;")
        assert problems[1] == (
            "Row 1, number: is missing from the header; every file needs the scrutiny, "
            "number and text columns."
        )
        assert len(problems) == 2

    def test_semicolon_files_get_a_hint(self, seed):
        problems = problems_of(b"scrutiny;number;text\r\nMPA Drugs Scrutiny;1;Text\r\n")
        assert "save it as CSV with commas" in problems[0]

    def test_a_column_given_twice_is_refused(self, seed):
        problems = problems_of(b"scrutiny,number,text,number\r\nMPA Drugs Scrutiny,1,T,1\r\n")
        assert problems == ["Row 1, number: appears more than once in the header."]

    def test_report_columns_come_as_a_set(self, seed):
        problems = problems_of(make_csv(recommendation_row(1, status="complete")))
        missing = [problem.split(":")[0] for problem in problems]
        assert missing == [
            "Row 1, committee",
            "Row 1, meeting_date",
            "Row 1, report_number",
            "Row 1, report_title",
            "Row 1, response",
        ]

    def test_the_admin_help_describes_every_column(self):
        assert sorted(column for column, _, _ in COLUMN_HELP) == sorted(COLUMNS)


class TestRowProblems:
    def test_an_unknown_status_names_the_row_and_column(self, seed):
        file = make_csv(update_row(1), update_row(2), update_row(3, status="done"))
        assert problems_of(file) == [
            "Row 4, status: 'done' is not one of complete, outstanding, consideration."
        ]

    @pytest.mark.parametrize(
        ("number", "problem"),
        [
            ("", "Row 2, number: is empty; give the recommendation's number."),
            ("seven", "Row 2, number: 'seven' is not a whole number."),
            ("2.5", "Row 2, number: '2.5' is not a whole number."),
            ("0", "Row 2, number: 0 is not between 1 and 2147483647."),
            ("99999999999", "Row 2, number: 99999999999 is not between 1 and 2147483647."),
        ],
    )
    def test_a_bad_number_is_refused(self, seed, number, problem):
        assert problems_of(make_csv(recommendation_row(number))) == [problem]

    def test_missing_text_and_scrutiny_are_refused(self, seed):
        assert problems_of(make_csv(recommendation_row(25, text="", scrutiny=""))) == [
            "Row 2, scrutiny: is empty; give the scrutiny's title.",
            "Row 2, text: is empty; give the recommendation's text.",
        ]

    def test_a_title_longer_than_the_model_allows_gets_the_models_message(self, seed):
        problems = problems_of(make_csv(recommendation_row(1, scrutiny="S" * 201)))
        assert problems == [
            "Row 2, scrutiny: Ensure this value has at most 200 characters (it has 201)."
        ]

    @pytest.mark.parametrize("day", ["6/3/2008", "2008-02-30", "6 March 2008", "20080306"])
    def test_a_bad_meeting_date_is_refused(self, seed, day):
        file = make_csv(update_row(1, report=DRAFT_REPORT | {"meeting_date": day}))
        assert problems_of(file) == [
            f"Row 2, meeting_date: '{day}' is not a date in the form YYYY-MM-DD, "
            "such as 2008-03-06."
        ]

    @pytest.mark.parametrize("day", ["9999-12-31", "3000-01-01", "1899-12-31", "0001-01-01"])
    def test_a_meeting_date_outside_1900_to_2999_is_refused(self, seed, day):
        row = update_row(1, "outstanding", report=DRAFT_REPORT | {"meeting_date": day})
        file = make_csv(row | {"timescale": "3"})
        assert problems_of(file) == [
            f"Row 2, meeting_date: '{day}' is not a meeting date from 1 January 1900 "
            "to 31 December 2999."
        ]

    @pytest.mark.parametrize("timescale", ["9999-12-31", "2008-06-06 to 9999-12-31"])
    def test_a_promised_date_past_the_longest_timescale_is_refused(self, seed, timescale):
        file = make_csv(update_row(1, "outstanding", timescale=timescale))
        assert problems_of(file) == [
            "Row 2, timescale: '9999-12-31' is not a date from 1 January 1900 to 31 December 3009."
        ]

    def test_half_filled_report_columns_are_refused(self, seed):
        row = recommendation_row(1, committee="Co-ordination and Policing Committee")
        problems = problems_of(
            make_csv(
                row,
                columns=[
                    *row,
                    "meeting_date",
                    "report_number",
                    "report_title",
                    "status",
                    "response",
                ],
            )
        )
        assert [problem.split(":")[0] for problem in problems] == [
            "Row 2, meeting_date",
            "Row 2, report_number",
            "Row 2, report_title",
            "Row 2, status",
            "Row 2, response",
        ]
        assert "must fill committee, meeting_date" in problems[0]

    def test_outstanding_work_needs_a_timescale(self, seed):
        assert problems_of(make_csv(update_row(1, status="outstanding", timescale=""))) == [
            "Row 2, timescale: is empty; outstanding work needs a timescale (3, 3-6 or a date "
            "like 2008-06-06)."
        ]

    def test_a_timescale_is_refused_on_other_statuses(self, seed):
        assert problems_of(make_csv(update_row(1, status="complete", timescale="3"))) == [
            "Row 2, timescale: is for outstanding work only, not complete."
        ]

    @pytest.mark.parametrize("timescale", ["soon", "6-3", "0", "3-121", "three"])
    def test_a_bad_timescale_is_refused(self, seed, timescale):
        problems = problems_of(make_csv(update_row(1, status="outstanding", timescale=timescale)))
        assert len(problems) == 1
        assert problems[0].startswith(f"Row 2, timescale: '{timescale}'")

    def test_a_link_to_itself_is_refused(self, seed):
        assert problems_of(make_csv(update_row(3, linked_to="3"))) == [
            "Row 2, linked_to: A recommendation cannot be linked to itself."
        ]

    def test_a_link_to_a_number_the_scrutiny_lacks_is_refused(self, seed):
        assert problems_of(make_csv(update_row(3, linked_to="99"))) == [
            "Row 2, linked_to: 'MPA Drugs Scrutiny' has no recommendation 99, "
            "in the database or in this file."
        ]

    def test_a_link_to_another_scrutinys_number_is_refused(self, seed):
        # Number 7 exists in the seed's scrutiny, not in the new one.
        row = update_row(
            1,
            scrutiny="New scrutiny",
            scrutiny_body="A body",
            linked_to="7",
            report=DRAFT_REPORT | {"report_number": "8"},
        )
        assert problems_of(make_csv(row)) == [
            "Row 2, linked_to: 'New scrutiny' has no recommendation 7, "
            "in the database or in this file."
        ]

    def test_a_link_may_point_further_down_the_file(self, seed):
        file = make_csv(update_row(25, linked_to="26"), update_row(26))
        result = import_recommendations(file=file)
        assert result.updates_created == 2
        update = ProgressUpdate.objects.get(recommendation__number=25, report__number=7)
        assert update.linked_to.number == 26

    def test_the_same_recommendation_twice_is_refused(self, seed):
        file = make_csv(recommendation_row(25), recommendation_row(26), recommendation_row(25))
        assert problems_of(file) == [
            "Row 4, number: recommendation 25 of 'MPA Drugs Scrutiny' is already on row 2."
        ]

    def test_a_cell_under_no_heading_is_refused(self, seed):
        file = b"scrutiny,number,text\r\nMPA Drugs Scrutiny,25,Text,stray\r\n"
        assert problems_of(file) == ["Row 2: column 4 has a value but no heading in row 1."]

    def test_a_new_scrutiny_needs_its_body(self, seed):
        assert problems_of(make_csv(recommendation_row(1, scrutiny="New scrutiny"))) == [
            "Row 2, scrutiny_body: is empty, and 'New scrutiny' is a new scrutiny: "
            "give the body that ran it."
        ]

    def test_one_report_cannot_have_two_titles_or_scrutinies(self, seed):
        other = DRAFT_REPORT | {"report_title": "Another title"}
        file = make_csv(
            update_row(1),
            update_row(2, report=other),
            update_row(1, scrutiny="New scrutiny", scrutiny_body="A body"),
        )
        assert problems_of(file) == [
            "Row 3, report_title: differs from row 2's title for Report 7 of 5 June 2008.",
            "Row 4, scrutiny: Report 7 of 5 June 2008 updates 'MPA Drugs Scrutiny' (row 2); "
            "a report updates one scrutiny.",
        ]

    def test_every_problem_is_listed_in_row_order(self, seed):
        file = make_csv(
            update_row(2, status="done"),
            update_row(3, linked_to="3", meeting_date="yesterday"),
            recommendation_row("x"),
            update_row(4, status="outstanding"),
        )
        assert [problem.split(":")[0] for problem in problems_of(file)] == [
            "Row 2, status",
            "Row 3, meeting_date",
            "Row 3, linked_to",
            "Row 4, number",
            "Row 5, timescale",
        ]


class TestPublishedReports:
    def test_repeating_a_published_report_exactly_changes_nothing(self, seed):
        before = database_state()
        result = import_recommendations(file=seed_report_as_csv())
        assert (result.recommendations_unchanged, result.updates_unchanged) == (24, 24)
        assert not result.changed_anything
        assert database_state() == before

    def test_changing_a_published_update_is_refused(self, seed):
        file = make_csv(update_row(1, report=SEED_REPORT, response="A rewritten response."))
        assert problems_of(file) == [
            "Row 2, response: Report 4 of 6 March 2008 is published; "
            "corrections go in the next report."
        ]

    def test_adding_an_update_to_a_published_report_is_refused(self, seed):
        file = make_csv(update_row(25, report=SEED_REPORT))
        assert problems_of(file) == [
            "Row 2, report_number: Report 4 of 6 March 2008 is published; "
            "corrections go in the next report."
        ]

    def test_renaming_a_published_report_is_refused(self, seed):
        rows = [
            row | {"report_title": "Renamed"}
            for row in csv.DictReader(io.StringIO(seed_report_as_csv().decode()))
        ]
        problems = problems_of(make_csv(*rows))
        assert len(problems) == 24
        assert problems[0].startswith("Row 2, report_title: Report 4 of 6 March 2008 is published")

    def test_a_report_of_another_scrutiny_is_refused(self, seed):
        file = make_csv(
            update_row(1, scrutiny="New scrutiny", scrutiny_body="A body", report=SEED_REPORT)
        )
        problems = problems_of(file)
        assert (
            "Row 2, scrutiny: Report 4 of 6 March 2008 updates 'MPA Drugs Scrutiny', "
            "not 'New scrutiny'." in problems
        )


class TestWriting:
    def test_it_updates_only_what_changed_and_history_names_the_user(self, seed, staff):
        first = Recommendation.objects.get(number=1)
        second = Recommendation.objects.get(number=2)
        history_before = Recommendation.history.count()

        result = import_recommendations(
            file=make_csv(recommendation_row(1, "New words."), recommendation_row(2, second.text)),
            user=staff,
        )

        assert (result.recommendations_updated, result.recommendations_unchanged) == (1, 1)
        first.refresh_from_db()
        assert first.text == "New words."
        assert Recommendation.history.count() == history_before + 1
        latest = first.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (staff, CHANGE_REASON)
        assert latest.prev_record is None or latest.prev_record.text != "New words."

    def test_a_draft_reports_update_is_created_then_updated(self, seed, officer):
        import_recommendations(file=make_csv(update_row(8, "outstanding", timescale="2008-06-06")))
        result = import_recommendations(
            file=make_csv(
                update_row(
                    8, "outstanding", timescale="6-12", timescale_reason="The pilot was extended."
                )
            ),
            user=officer,
        )
        assert (result.updates_updated, result.reports_created) == (1, 0)
        update = ProgressUpdate.objects.get(recommendation__number=8, report__number=7)
        assert update.timescale == (6, 12)
        assert update.timescale_change_reason == "The pilot was extended."
        assert update.history.latest().history_user == officer

    def test_a_draft_reports_title_may_change(self, seed):
        import_recommendations(file=make_csv(update_row(1)))
        renamed = DRAFT_REPORT | {"report_title": "Better title"}
        result = import_recommendations(file=make_csv(update_row(1, report=renamed)))
        assert result.reports_updated == 1
        assert Report.objects.get(number=7).title == "Better title"

    def test_notes_stay_unless_the_file_has_a_note_column(self, seed):
        twenty_four = Recommendation.objects.get(number=24)
        import_recommendations(file=make_csv(recommendation_row(24, twenty_four.text)))
        twenty_four.refresh_from_db()
        assert twenty_four.note == "This recommendation was not numbered in the main report"

        import_recommendations(file=make_csv(recommendation_row(24, twenty_four.text, note="")))
        twenty_four.refresh_from_db()
        assert twenty_four.note == ""

    def test_it_sets_an_existing_scrutinys_body(self, seed):
        result = import_recommendations(
            file=make_csv(
                recommendation_row(
                    1, Recommendation.objects.get(number=1).text, scrutiny_body="Renamed authority"
                )
            )
        )
        assert result.scrutinies_updated == 1
        assert Scrutiny.objects.get(title=SEED_TITLE).body == "Renamed authority"


class TestAllOrNothing:
    def test_one_bad_row_leaves_the_database_as_it_was(self, seed):
        before = database_state()
        file = make_csv(
            recommendation_row(1, "This good row would change recommendation 1."),
            update_row(25, status="outstanding", timescale="3"),
            update_row(26, status="done"),
        )
        assert problems_of(file) == [
            "Row 4, status: 'done' is not one of complete, outstanding, consideration."
        ]
        assert database_state() == before
        assert Recommendation.objects.get(number=1).text.startswith("As a priority")

    def test_a_model_rule_failing_while_writing_rolls_everything_back(self, seed, monkeypatch):
        def refuse_number_26(recommendation):
            if recommendation.number == 26:
                raise ValidationError({"text": "Refused by a model rule."})

        monkeypatch.setattr(Recommendation, "clean", refuse_number_26)
        before = database_state()
        file = make_csv(recommendation_row(1, "Saved, then rolled back."), recommendation_row(26))
        assert problems_of(file) == ["Row 3, text: Refused by a model rule."]
        assert database_state() == before

    def test_a_recommendation_added_meanwhile_by_someone_else_is_named_and_nothing_saved(
        self, seed, monkeypatch
    ):
        # Checked as new, then added by someone else before the import writes it: the
        # database's unique key refuses the second one.
        load = checking.Existing.load

        def added_meanwhile(rows):
            existing = load(rows)
            Recommendation.objects.create(
                scrutiny=Scrutiny.objects.get(), number=26, text="Theirs."
            )
            return existing

        monkeypatch.setattr(checking.Existing, "load", staticmethod(added_meanwhile))
        before = database_state()
        file = make_csv(recommendation_row(1, "Saved, then rolled back."), recommendation_row(26))
        assert problems_of(file) == [
            "Row 3: it clashes with data someone else saved while the file was being imported "
            "(the same recommendation, meeting or report, say), so nothing was imported. Import "
            "the file again to check it against their changes."
        ]
        assert database_state() == before  # theirs too: it was made in the import's transaction

    def test_the_models_own_rules_still_run_while_writing(self, seed):
        # Rules about the object alone are checked; only those about other rows are left out.
        assert writing.related_fields(ProgressUpdate) == ("report", "recommendation", "linked_to")
        with pytest.raises(ValidationError, match="Expected dates are for outstanding work only"):
            update = ProgressUpdate.objects.filter(proposed_status=Status.COMPLETE).first()
            update.due_by = date(2030, 1, 1)
            update.full_clean(exclude=writing.related_fields(ProgressUpdate))


class TestPermissions:
    def test_staff_may_update_recommendations(self, seed, staff):
        file = make_csv(recommendation_row(1, "Staff edit."))
        assert import_recommendations(file=file, user=staff).recommendations_updated == 1

    def test_staff_may_not_create_reports_or_scrutinies(self, seed, staff):
        before = database_state()
        problems = problems_of(EXAMPLE.read_bytes(), user=staff)
        assert problems == [
            f"Row 2, {column}: you may not add {things}; ask someone who may to import this file."
            for column, things in [
                ("scrutiny", "scrutinies"),
                ("committee", "committees"),
                ("meeting_date", "meetings"),
                ("report_number", "reports"),
            ]
        ]
        assert database_state() == before

    def test_members_may_change_nothing(self, seed, member):
        problems = problems_of(make_csv(recommendation_row(1, "Member edit.")), user=member)
        assert problems == [
            "Row 2, text: you may not change recommendations; "
            "ask someone who may to import this file."
        ]

    def test_officers_may_import_the_example(self, seed, officer):
        assert import_recommendations(file=EXAMPLE.read_bytes(), user=officer).updates_created == 7


class TestQueryCount:
    """Checking costs the same queries whatever the file's length."""

    @pytest.mark.parametrize("size", [24, 300])
    def test_checking_a_file_costs_a_constant_number_of_queries(
        self, seed, staff, size, django_assert_num_queries
    ):
        # Rows against the published seed report: every row is checked, none written.
        rows = [update_row(number, report=SEED_REPORT) for number in range(1, size + 1)]
        file = make_csv(*rows)
        staff.has_perm("recommendations.add_recommendation")  # warm the permission cache
        # Six reads, and the savepoint the checking runs in, rolled back and released.
        with django_assert_num_queries(9), pytest.raises(ImportFailed):
            import_recommendations(file=file, user=staff)
