"""Importing recommendations, and optionally one report's updates, from a CSV spreadsheet.

The whole rule lives here so the admin page and the management command behave
alike. An import is all or nothing: every row is first checked against the rest
of the file and against the database, and every problem is reported with its
row (the header is row 1) and column. Only a file without problems is written,
inside one transaction, and `full_clean()` runs on each object before it is
saved so the models' own rules apply too (those about other rows, unique keys
and foreign keys, are the checks' and the database's). Objects are compared
before saving and only changed ones are saved, so importing the same file twice
changes nothing and adds no history.
"""

from typing import TextIO

from django.db import IntegrityError, transaction

from .checking import Existing, check_rows
from .columns import COLUMN_HELP, COLUMNS, ImportFailed, ImportResult, Problem
from .reading import read_rows
from .writing import CLASHED, write_rows

__all__ = [
    "COLUMNS",
    "COLUMN_HELP",
    "ImportFailed",
    "ImportResult",
    "Problem",
    "import_recommendations",
]


def import_recommendations(*, file: TextIO | bytes, user=None) -> ImportResult:
    """Create or update recommendations, and reports' updates, from a CSV file.

    Raises ImportFailed listing every problem, with the database unchanged. When
    `user` is given, history names them and the file may only do what their
    permissions allow; without one (the management command) nothing is refused.
    """
    rows, problems = read_rows(file)
    # One transaction from reading the database to the last write: the reports
    # the file names are locked as they are read (see Existing.load), so a
    # publish waits for the import, and an import behind a publish sees it.
    try:
        with transaction.atomic():
            existing = Existing.load(rows)
            problems += check_rows(rows, existing, user)
            if problems:
                raise ImportFailed(problems)
            return write_rows(rows, existing, user)
    except IntegrityError:  # SQLite checks foreign keys when the transaction commits
        raise ImportFailed([Problem(CLASHED[0].upper() + CLASHED[1:])]) from None
