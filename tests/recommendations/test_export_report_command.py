"""manage.py export_report: a meeting's report to a file, with clear errors."""

import csv
import io
from datetime import date

import docx
import pytest
from django.core.management import CommandError, call_command

from recommendations.models import ProgressUpdate, Report
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("export_report", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_report_in_the_format_asked(seed, tmp_path):
    output = tmp_path / "paper.docx"
    message = run(
        "--meeting", "2008-03-06", "--report", "4", "--format", "docx", "--output", str(output)
    )
    assert f"to {output}" in message
    document = docx.Document(str(output))
    assert document.paragraphs[0].text == "Drugs scrutiny recommendations update"
    assert "That" in [p.text for p in document.paragraphs]


def test_the_format_defaults_to_the_files_extension(seed, tmp_path):
    output = tmp_path / "table.csv"
    run("--meeting", "2008-03-06", "--report", "4", "--output", str(output))
    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8-sig"))))
    assert [row[7] for row in rows[1:]] == list(
        ProgressUpdate.objects.order_by("recommendation__number").values_list("response", flat=True)
    )


def test_given_a_folder_it_names_the_file_itself(seed, tmp_path):
    run("--meeting", "2008-03-06", "--report", "4", "--format", "pdf", "--output", str(tmp_path))
    assert (tmp_path / "report-4-2008-03-06.pdf").read_bytes().startswith(b"%PDF")


def test_drafts_export_too(seed, tmp_path):
    make_report(Report.objects.get().scrutiny, date(2008, 6, 5), number=5, published=False)
    run("--meeting", "2008-06-05", "--report", "5", "--output", str(tmp_path / "d.html"))
    assert "Draft: not yet published" in (tmp_path / "d.html").read_text()


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--meeting", "6 March 2008", "--report", "4"],
            "--meeting must be a date like 2008-03-06, not '6 March 2008'.",
        ),
        (
            ["--meeting", "2008-02-30", "--report", "4"],
            "--meeting must be a date like 2008-03-06, not '2008-02-30'.",
        ),
        (["--meeting", "2008-03-07", "--report", "4"], "No report 4 at the 7 March 2008 meeting."),
        (["--meeting", "2008-03-06", "--report", "5"], "No report 5 at the 6 March 2008 meeting."),
        (
            ["--meeting", "2008-03-06", "--report", "4", "--committee", "Finance Committee"],
            "No report 4 at the 6 March 2008 meeting of the Finance Committee.",
        ),
    ],
)
def test_a_report_that_is_not_there_is_a_clear_error(seed, tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        run(*args, "--output", str(tmp_path / "out.pdf"))
    assert str(error.value) == message
    assert list(tmp_path.iterdir()) == []


def test_several_committees_that_day_need_committee(seed, tmp_path):
    make_report(
        Report.objects.get().scrutiny,
        date(2008, 3, 6),
        number=4,
        committee_name="Finance Committee",
    )
    with pytest.raises(CommandError) as error:
        run("--meeting", "2008-03-06", "--report", "4", "--output", str(tmp_path / "x.csv"))
    assert str(error.value) == (
        "Several committees met on 6 March 2008 with a report 4 (Co-ordination and Policing "
        "Committee, Finance Committee): say which with --committee."
    )
    run(
        "--meeting",
        "2008-03-06",
        "--report",
        "4",
        "--committee",
        "finance committee",
        "--output",
        str(tmp_path / "x.csv"),
    )
    assert (tmp_path / "x.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "Number,Recommendation,Proposed status,Effective status,Linked to,Timescale,"
        "Expected by,Response"
    ]


def test_an_unknown_extension_asks_for_format(seed, tmp_path):
    with pytest.raises(CommandError, match=r"Give --format \(csv, docx, html, pdf, xlsx\)"):
        run("--meeting", "2008-03-06", "--report", "4", "--output", str(tmp_path / "x.txt"))


def test_an_unknown_format_is_refused(seed, tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'rtf'"):
        run(
            "--meeting",
            "2008-03-06",
            "--report",
            "4",
            "--format",
            "rtf",
            "--output",
            str(tmp_path / "x.rtf"),
        )


def test_a_missing_folder_is_a_clear_error(seed, tmp_path):
    output = tmp_path / "nowhere" / "x.pdf"
    with pytest.raises(CommandError) as error:
        run("--meeting", "2008-03-06", "--report", "4", "--output", str(output))
    assert str(error.value) == f"There is no folder {output.parent} to write x.pdf in."
