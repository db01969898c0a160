"""Reading the project's hand-curated CSV tables with errors that name the file, the row and the problem."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geo import paths

# The largest table we read. The biggest today (timeline.csv) is ~30 KB; anything this size is not a hand-curated
# table, and refusing it early keeps a wrong file from being parsed at length.
MAX_TABLE_BYTES = 5_000_000
# Longest cell value echoed back in a message; a longer one is cut, so a message stays one readable line.
MAX_SHOWN_CHARS = 60
# Byte-order marks of encodings a spreadsheet may save as instead of UTF-8 ("Unicode text" is UTF-16).
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
WEB_PREFIXES = ("https://", "http://")
# Exactly YYYY-MM-DD: date.fromisoformat alone also reads 20201120 and 2020-W47-5.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD.
PARTIAL_ISO_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
PRECISIONS = ("year", "month", "day")


def shown_path(path: Path | str) -> str:
    """How a file is named in messages: relative to the repository for its own files, never a server path.

    An absolute path inside the repository is shown relative to it (``data/places.csv``); any other absolute path
    by its name only; a relative path (as a user typed it, or an uploaded file's name) as given.
    """
    path = Path(path)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(paths.ROOT).as_posix()
    except ValueError:
        return path.name


def quote(value: object) -> str:
    """``repr`` of a value for a message; a string longer than ``MAX_SHOWN_CHARS`` is cut and ends in "…"."""
    if isinstance(value, str) and len(value) > MAX_SHOWN_CHARS:
        value = value[:MAX_SHOWN_CHARS] + "…"
    text = repr(value)
    return text if len(text) <= 2 * MAX_SHOWN_CHARS else text[: 2 * MAX_SHOWN_CHARS] + "…"


class DataError(ValueError):
    """A problem in an input file, located precisely, in one line.

    Parameters
    ----------
    path : Path or str
        The file that holds the problem. Kept as given in ``.path``; the message shows it by
        :func:`shown_path` (relative to the repository, never the server's absolute path).
    problem : str
        What is wrong, in words a user can act on. Line breaks are replaced by spaces.
    row : int, optional
        1-based line number in the file (the header is line 1), when the problem is in one row.
    where : str, optional
        Any other location, e.g. ``"feature 3 (kalbajar)"`` or ``"line 4, column 12"``.
    """

    def __init__(self, path: Path | str, problem: str, row: int | None = None, where: str | None = None):
        self.path = str(path)
        self.row = row
        self.where = where
        self.problem = " ".join(problem.splitlines())
        parts = [shown_path(path)]
        if row is not None:
            parts.append(f"row {row}")
        if where:
            parts.append(where)
        super().__init__(f"{', '.join(parts)}: {self.problem}")


def read_text(path: Path, max_bytes: int | None = None) -> str:
    """Read a UTF-8 text file (a leading byte-order mark is dropped; CRLF is kept for the caller's parser).

    Raises
    ------
    DataError
        When the file is missing, a directory, larger than ``max_bytes`` (default ``MAX_TABLE_BYTES``), UTF-16,
        or not UTF-8.
    """
    path = Path(path)
    max_bytes = MAX_TABLE_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DataError(path, f"file is {size:,} bytes; the limit is {max_bytes:,}")
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise DataError(path, "file not found") from None
    except IsADirectoryError:
        raise DataError(path, "is a directory, not a file") from None
    except PermissionError:
        raise DataError(path, "cannot be read (permission denied)") from None
    if raw.startswith(UTF16_BOMS):
        raise DataError(path, "saved as UTF-16; save it as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(path, f"not UTF-8 text (byte {exc.start})", where=f"line {line}") from None


def read_rows(path: Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Read a UTF-8 CSV file and return ``(line_number, row)`` pairs.

    A UTF-8 byte-order mark and CRLF line ends are accepted. Every required column must be in the header, header
    names must be distinct and non-empty, and every row must have as many fields as the header. Values are
    stripped of surrounding whitespace. Blank lines are skipped. ``line_number`` is the file line the row starts
    on (a quoted value may span lines).

    Raises
    ------
    DataError
        When the file is missing, too large, not UTF-8, not CSV (bad quoting), holds a NUL character, lacks a
        column, repeats a column, or a row has the wrong number of fields.
    """
    path = Path(path)
    text = read_text(path)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DataError(path, "NUL character in the text (binary data or a damaged file)", row=line)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for fields in reader:
            records.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(path, f"not valid CSV: {exc}", row=reader.line_num) from None
    if not records or not any(f.strip() for f in records[0][1]):
        raise DataError(path, "empty file: no header row")
    header = [h.strip() for h in records[0][1]]
    if "" in header:
        raise DataError(path, f"column {header.index('') + 1} has no name", row=1)
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise DataError(path, f"repeated column(s): {', '.join(repeated)}", row=1)
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(path, f"missing column(s): {', '.join(missing)}", row=1)
    rows = []
    for line_no, fields in records[1:]:
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raise DataError(path, f"expected {len(header)} fields, found {len(fields)}", row=line_no)
        rows.append((line_no, {h: f.strip() for h, f in zip(header, fields, strict=True)}))
    return rows


def parse_number(value: str, kind: type, low: float, high: float, path: Path, row: int, column: str):
    """``value`` as ``kind`` (``int`` or ``float``) within ``[low, high]``, or a :class:`DataError` naming the row and
    the column (``nan`` is out of every range)."""
    try:
        number = kind(value)
    except ValueError:
        raise DataError(path, f"{column} {quote(value)} is not a number", row=row) from None
    if not low <= number <= high:
        raise DataError(path, f"{column} {number} is out of range [{low}, {high}]", row=row)
    return number


def parse_date(value: str, path: Path, row: int, column: str = "date") -> dt.date:
    """Parse an ISO ``YYYY-MM-DD`` date from a table cell, or raise a located ``DataError``."""
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataError(path, f"{column} {quote(value)} is not a date (YYYY-MM-DD)", row=row) from None


@dataclass(frozen=True)
class PartialDate:
    """A day, a month or a year, as precisely as a source dates something (e.g. when a town was taken).

    ``first_day`` is the first day it covers (1 Apr 1993 for April 1993), ``precision`` one of ``PRECISIONS``.
    """

    first_day: dt.date
    precision: str

    @property
    def last_day(self) -> dt.date:
        """The last day it covers (30 Apr 1993 for April 1993)."""
        if self.precision == "day":
            return self.first_day
        if self.precision == "year":
            return self.first_day.replace(month=12, day=31)
        following = self.first_day.replace(day=28) + dt.timedelta(days=4)
        return following - dt.timedelta(days=following.day)

    def iso(self) -> str:
        """``1993``, ``1993-04`` or ``1993-04-02``: the form it is written in the tables and downloads."""
        return self.first_day.isoformat()[: {"year": 4, "month": 7, "day": 10}[self.precision]]


def parse_partial_date(value: str, path: Path, row: int, column: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from a table cell, or raise a located ``DataError``."""
    try:
        if not PARTIAL_ISO_DATE.fullmatch(value):
            raise ValueError(value)
        parts = [int(p) for p in value.split("-")]
        first_day = dt.date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        raise DataError(
            path, f"{column} {quote(value)} is not a year, month or day (YYYY, YYYY-MM or YYYY-MM-DD)", row=row
        ) from None
    return PartialDate(first_day, PRECISIONS[len(parts) - 1])


def parse_url(
    value: str, path: Path, row: int, column: str = "source_url", prefixes: tuple[str, ...] = WEB_PREFIXES
) -> str:
    """Check that a table cell is an address starting with one of ``prefixes`` (the app renders it as a link).

    Raises
    ------
    DataError
        Naming the file, the row and the column, for any other value (``javascript:``, a bare word, spaces).
    """
    if not value.startswith(prefixes) or any(ch.isspace() for ch in value):
        raise DataError(path, f"{column} {quote(value)} does not start with {' or '.join(prefixes)}", row=row)
    return value


def split_aliases(value: str) -> list[str]:
    """Split a ``|``-separated alias cell into its non-empty, stripped parts."""
    return [a.strip() for a in value.split("|") if a.strip()]
