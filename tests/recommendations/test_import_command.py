import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from recommendations.management.commands.import_recommendations import Command
from recommendations.models import ProgressUpdate, Recommendation

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.BASE_DIR) / "fixtures" / "example_import.csv"


def run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_recommendations", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "scrutiny,number,text\n"
        "MPA Drugs Scrutiny,1,Would change recommendation 1.\n"
        "MPA Drugs Scrutiny,two,A bad number.\n"
        "MPA Drugs Scrutiny,25,\n"
    )
    return path


def test_it_imports_and_prints_the_counts(seed):
    stdout, stderr = run(str(EXAMPLE))
    assert stdout.splitlines() == [
        "Scrutinies: 1 created, 0 updated.",
        "Recommendations: 7 created, 0 updated, 0 unchanged.",
        "Reports: 1 created, 0 updated.",
        "Progress updates: 7 created, 0 updated, 0 unchanged.",
        f"Imported {EXAMPLE}.",
    ]
    assert stderr == ""
    assert ProgressUpdate.objects.filter(report__scrutiny__title__startswith="Example").count() == 7


def test_a_second_run_says_nothing_changed(seed):
    run(str(EXAMPLE))
    stdout, _ = run(str(EXAMPLE))
    assert "Recommendations: 0 created, 0 updated, 7 unchanged." in stdout
    assert stdout.splitlines()[-1] == f"{EXAMPLE} matches the database; nothing changed."


def test_it_lists_every_problem_on_stderr_and_changes_nothing(seed, bad_file):
    stderr = io.StringIO()
    with pytest.raises(CommandError, match=r"Nothing was imported: 2 problems in .*bad\.csv\."):
        call_command("import_recommendations", str(bad_file), stderr=stderr)
    assert stderr.getvalue().splitlines() == [
        "Row 3, number: 'two' is not a whole number.",
        "Row 4, text: is empty; give the recommendation's text.",
    ]
    assert Recommendation.objects.count() == 24
    assert Recommendation.objects.get(number=1).text.startswith("As a priority")


def test_it_exits_non_zero_on_problems(seed, bad_file, capsys):
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["manage.py", "import_recommendations", str(bad_file)])
    assert exit_.value.code == 1
    stderr = capsys.readouterr().err
    assert "Row 3, number: 'two' is not a whole number." in stderr
    assert "CommandError: Nothing was imported" in stderr


def test_it_refuses_a_file_it_cannot_read(seed, tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.csv: No such file"):
        run(str(tmp_path / "missing.csv"))


def test_history_names_the_user_given(seed, officer):
    run(str(EXAMPLE), "--user", "officer")
    recommendation = Recommendation.objects.get(scrutiny__title__startswith="Example", number=1)
    assert recommendation.history.latest().history_user == officer


def test_the_user_given_is_held_to_their_permissions(seed, staff):
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_recommendations", str(EXAMPLE), "--user", "staff", stderr=stderr)
    assert "Row 2, report_number: you may not add reports" in stderr.getvalue()
    assert not Recommendation.objects.filter(scrutiny__title__startswith="Example").exists()


def test_it_refuses_an_unknown_user(seed):
    with pytest.raises(CommandError, match="There is no user called 'nobody'."):
        run(str(EXAMPLE), "--user", "nobody")
