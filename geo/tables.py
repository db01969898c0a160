"""Reading the project's hand-curated CSV tables with errors that name the file, the row and the problem."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path


class DataError(ValueError):
    """A problem in an input file, located precisely.

    Parameters
    ----------
    path : Path or str
        The file that holds the problem.
    problem : str
        What is wrong, in words a user can act on.
    row : int, optional
        1-based line number in the file (the header is line 1), when the problem is in one row.
    """

    def __init__(self, path: Path | str, problem: str, row: int | None = None):
        self.path = str(path)
        self.row = row
        self.problem = problem
        where = f"{self.path}, row {row}" if row is not None else self.path
        super().__init__(f"{where}: {problem}")


def read_rows(path: Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Read a UTF-8 CSV file and return ``(line_number, row)`` pairs.

    Every required column must be in the header and every row must have as many fields as the header.
    Values are stripped of surrounding whitespace. Blank lines are skipped.

    Raises
    ------
    DataError
        When the file is missing, not UTF-8, lacks a column, or a row has the wrong number of fields.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8 text (byte {exc.start})") from None
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DataError(path, "empty file: no header row") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(path, f"missing column(s): {', '.join(missing)}", row=1)
    rows = []
    for line_no, fields in enumerate(reader, start=2):
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raise DataError(path, f"expected {len(header)} fields, found {len(fields)}", row=line_no)
        rows.append((line_no, {h: f.strip() for h, f in zip(header, fields, strict=True)}))
    return rows


def parse_date(value: str, path: Path, row: int, column: str = "date") -> dt.date:
    """Parse an ISO ``YYYY-MM-DD`` date from a table cell, or raise a located ``DataError``."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataError(path, f"{column} {value!r} is not a date (YYYY-MM-DD)", row=row) from None


def split_aliases(value: str) -> list[str]:
    """Split a ``|``-separated alias cell into its non-empty, stripped parts."""
    return [a.strip() for a in value.split("|") if a.strip()]
