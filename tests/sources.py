"""The two source documents the seed fixtures transcribe, kept in the repository."""

from pathlib import Path

SOURCES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"

REPORT_4 = SOURCES / "report-4-2008-03-06-drugs-scrutiny-recommendations-update.txt"
STRATEGY = SOURCES / "mps-drugs-strategy-2007-10.txt"


def read_source(path: Path) -> str:
    """The document's text; a missing file fails the test rather than skipping it."""
    return path.read_text(encoding="utf-8")


def printed_abbreviations(path: Path) -> list[tuple[str, str]]:
    """A source document's own abbreviations list, (term, expansion) in its printed order.

    Report 4 prints "Abbreviations:" then each term and its expansion on lines
    of their own; the strategy prints "## Abbreviations" then tab-separated
    rows. Surrounding whitespace is not part of the words: three of Report
    4's expansions (MIB, NTA, PIB) start with a no-break space, the web page's
    cell padding.
    """
    text = read_source(path)
    if path == REPORT_4:
        listed = text.split("\nAbbreviations:\n", 1)[1].split("\nC. Race and equality", 1)[0]
        lines = [line.strip() for line in listed.splitlines() if line.strip()]
        return list(zip(lines[::2], lines[1::2], strict=True))
    listed = text.split("\n## Abbreviations\n", 1)[1].split("\nNotes\n", 1)[0]
    rows = [line.split("\t") for line in listed.splitlines() if line.strip()]
    return [(term.strip(), expansion.strip()) for term, expansion in rows]
