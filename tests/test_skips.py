"""tests/skips.py: a skip that no marker on the test declares fails instead."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EXAMPLES = """
import pytest


@pytest.fixture
def unfinished_page():
    pytest.skip("no route yet")


def test_a_fixture_skips(unfinished_page):
    pass


def test_the_body_skips():
    pytest.skip("not today")


@pytest.mark.skipif(True, reason="PostgreSQL only")
def test_a_declared_skip():
    pass
"""


def test_only_a_skip_the_test_declares_stays_a_skip(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_examples.py").write_text(EXAMPLES)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.skips", "-p", "no:cacheprovider", "-rs"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stdout
    assert "1 failed, 1 skipped, 1 error" in run.stdout
    assert "Skipped without a skip marker saying why: no route yet." in run.stdout
    assert "Skipped without a skip marker saying why: not today." in run.stdout
    assert "SKIPPED [1] test_examples.py:18: PostgreSQL only" in run.stdout
