"""The source documents live in the repository, and no test reaches outside it for files."""

import ast
import hashlib
from pathlib import Path

import pytest

from tests.sources import REPORT_4, SOURCES, STRATEGY, printed_abbreviations

TESTS = Path(__file__).resolve().parent

# Absolute paths under these roots are files on one machine, not in the repository.
# (/usr/bin/chromium and PATH=/usr/bin:/bin name installed programs, which is fine.)
MACHINE_ROOTS = ("/work", "/home", "/root", "/tmp", "/srv", "/mnt", "/opt", "/var", "/data")


def string_literals(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_test_names_a_path_outside_the_repository():
    found = [
        f"{path.relative_to(TESTS)}:{line}: {value}"
        for path in sorted(TESTS.rglob("*.py"))
        for line, value in string_literals(path)
        if value.startswith(tuple(root + "/" for root in MACHINE_ROOTS))
    ]
    assert found == []


def test_the_guard_catches_a_machine_path(tmp_path):
    planted = tmp_path / "test_planted.py"
    planted.write_text('SEED = "/work/shared/seeds/000.txt"\n', encoding="utf-8")
    values = [value for _, value in string_literals(planted)]
    assert any(value.startswith(MACHINE_ROOTS) for value in values)


@pytest.mark.parametrize(
    ("path", "sha256"),
    [
        (REPORT_4, "93bd13d66ccbe21bf8bbe5f5cc66e332180ffecc6cedb1c3f1c895b349c3ccc4"),
        (STRATEGY, "baf07de7408400d477d8a1008847629cd73ef4db024ae14fdeb558446ef1c7f8"),
    ],
)
def test_the_source_documents_are_in_the_repository_as_received(path, sha256):
    assert path.parent == SOURCES
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    assert sha256 in (SOURCES / "README.md").read_text(encoding="utf-8")


def test_each_documents_abbreviations_list_reads_as_printed():
    report = printed_abbreviations(REPORT_4)
    strategy = printed_abbreviations(STRATEGY)
    assert (len(report), len(strategy)) == (35, 18)
    assert report[0] == ("AC", "Assistant Commissioner")
    assert report[-1] == ("TP", "Territorial Policing")
    assert ("MIB", "Met Intelligence Bureau") in report  # "\xa0Met ..." in the source
    assert strategy[0] == ("AC/SC", "Assistant Commissioner Specialist Crime")
    assert strategy[-1] == ("TP", "Territorial Policing")
