"""The two source documents the seed fixtures transcribe, kept in the repository."""

from pathlib import Path

SOURCES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"

REPORT_4 = SOURCES / "report-4-2008-03-06-drugs-scrutiny-recommendations-update.txt"
STRATEGY = SOURCES / "mps-drugs-strategy-2007-10.txt"


def read_source(path: Path) -> str:
    """The document's text; a missing file fails the test rather than skipping it."""
    return path.read_text(encoding="utf-8")
