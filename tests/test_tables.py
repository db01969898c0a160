"""geo/tables.py: reading CSV tables, and the one-line DataError that names the file, the row and the problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo import paths
from geo.tables import (
    MAX_SHOWN_CHARS,
    DataError,
    PartialDate,
    parse_date,
    parse_partial_date,
    parse_url,
    quote,
    read_rows,
    shown_path,
    split_aliases,
)


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (paths.PLACES_CSV, "data/places.csv"),
        (paths.ARTICLE_METADATA_CSV, "data/articles/metadata.csv"),
        (Path("/srv/app/secret/places.csv"), "places.csv"),  # outside the repository: the name only
        (Path("no/such/file.txt"), "no/such/file.txt"),  # relative, as the user typed it
        ("upload.txt", "upload.txt"),  # an uploaded file's name
    ],
)
def test_shown_path_never_shows_a_server_path(path, shown):
    assert shown_path(path) == shown


def test_data_error_is_one_line_and_keeps_the_path_as_given():
    err = DataError(paths.TIMELINE_CSV, "bad\nthing", row=4, where="column 3")
    assert str(err) == "data/timeline.csv, row 4, column 3: bad thing"
    assert err.path == str(paths.TIMELINE_CSV) and err.row == 4 and err.problem == "bad thing"
    assert isinstance(err, ValueError)


def test_quote_cuts_long_values():
    assert quote("abc") == "'abc'"
    long = quote("x" * 1000)
    assert long == repr("x" * MAX_SHOWN_CHARS + "…")


def write(tmp_path: Path, content: bytes | str) -> Path:
    path = tmp_path / "table.csv"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    "content",
    [
        "id,name\na,Alpha\nb,Beta\n",
        "\ufeffid,name\na,Alpha\nb,Beta\n",  # saved with a byte-order mark: "id" is still a column
        "id,name\r\na,Alpha\r\nb,Beta\r\n",  # Windows line ends
        "\ufeffid,name\r\na,Alpha\r\n\r\nb,Beta",  # both, a blank line, no final newline
        " id , name \na, Alpha \nb,Beta\n",  # spaces around names and values
    ],
    ids=["plain", "bom", "crlf", "bom-crlf-blank", "spaces"],
)
def test_read_rows_accepts_the_ways_a_table_is_saved(tmp_path, content):
    rows = read_rows(write(tmp_path, content), ["id", "name"])
    assert [row for _, row in rows] == [{"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"}]


def test_line_numbers_count_file_lines_across_quoted_newlines_and_blank_lines(tmp_path):
    rows = read_rows(write(tmp_path, 'id,note\na,"two\nlines"\n\nb,x\n'), ["id"])
    assert [(line, row["id"]) for line, row in rows] == [(2, "a"), (5, "b")]
    assert rows[0][1]["note"] == "two\nlines"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "table.csv: empty file: no header row"),
        (b"\n\n", "table.csv: empty file: no header row"),
        (b"id\na\n", "table.csv, row 1: missing column(s): name"),
        (b"id,name,id\na,b,c\n", "table.csv, row 1: repeated column(s): id"),
        (b"id,,name\na,b,c\n", "table.csv, row 1: column 2 has no name"),
        (b"id,name\na\n", "table.csv, row 2: expected 2 fields, found 1"),
        (b"id,name\na,b,c\n", "table.csv, row 2: expected 2 fields, found 3"),
        (b"id,name\na,b\nc,d\x00\n", "table.csv, row 3: NUL character in the text (binary data or a damaged file)"),
        (b'id,name\na,"b"c\n', "table.csv, row 2: not valid CSV: ',' expected after '\"'"),
        (b'id,name\na,"never closed\n', "table.csv, row 2: not valid CSV: unexpected end of data"),
        (b"id,name\na,Caf\xe9\n", "table.csv, line 2: not UTF-8 text (byte 13)"),
        ("id,name\na,b\n".encode("utf-16"), "table.csv: saved as UTF-16; save it as UTF-8"),
    ],
    ids=[
        "empty",
        "blank-lines",
        "missing-column",
        "repeated-column",
        "unnamed-column",
        "short-row",
        "long-row",
        "nul",
        "bad-quote",
        "unclosed-quote",
        "latin-1",
        "utf-16",
    ],
)
def test_read_rows_errors_name_the_file_and_the_row(tmp_path, content, message):
    with pytest.raises(DataError) as err:
        read_rows(write(tmp_path, content), ["id", "name"])
    assert str(err.value) == message


def test_read_rows_refuses_a_file_too_large_to_be_a_table(tmp_path, monkeypatch):
    monkeypatch.setattr("geo.tables.MAX_TABLE_BYTES", 100)
    with pytest.raises(DataError, match=r"^table.csv: file is 1,008 bytes; the limit is 100$"):
        read_rows(write(tmp_path, "id,name\n" + "a,b\n" * 250), ["id"])


def test_read_rows_names_a_missing_file_or_a_folder(tmp_path):
    with pytest.raises(DataError, match="^gone.csv: file not found$"):
        read_rows(tmp_path / "gone.csv", ["id"])
    with pytest.raises(DataError, match="is a directory"):
        read_rows(tmp_path, ["id"])


@pytest.mark.parametrize("value", ["2020-11-31", "20201120", "2020-W47-5", "2020-11-1", "", "２０２０-11-20"])
def test_parse_date_takes_only_yyyy_mm_dd(value):
    with pytest.raises(DataError, match=r"t.csv, row 7: when .* is not a date \(YYYY-MM-DD\)"):
        parse_date(value, Path("t.csv"), 7, "when")


def test_parse_date_reads_an_iso_date():
    assert parse_date("2020-11-20", Path("t.csv"), 2) == dt.date(2020, 11, 20)


@pytest.mark.parametrize(
    ("value", "first_day", "last_day", "precision"),
    [
        ("1993", dt.date(1993, 1, 1), dt.date(1993, 12, 31), "year"),
        ("1993-04", dt.date(1993, 4, 1), dt.date(1993, 4, 30), "month"),
        ("1992-02", dt.date(1992, 2, 1), dt.date(1992, 2, 29), "month"),  # a leap year's February
        ("1993-12", dt.date(1993, 12, 1), dt.date(1993, 12, 31), "month"),  # the month after is next year's
        ("1992-05-18", dt.date(1992, 5, 18), dt.date(1992, 5, 18), "day"),
    ],
)
def test_parse_partial_date_keeps_the_precision_given(value, first_day, last_day, precision):
    start = parse_partial_date(value, Path("t.csv"), 4, "held_since")
    assert start == PartialDate(first_day, precision)
    assert start.last_day == last_day and start.iso() == value


@pytest.mark.parametrize(
    "value", ["93", "1993-4", "1993-13", "1993-00", "1993-02-29", "April 1993", "1993-04-02T00", ""]
)
def test_parse_partial_date_takes_only_a_year_a_month_or_a_day(value):
    with pytest.raises(DataError) as err:
        parse_partial_date(value, Path("t.csv"), 4, "held_since")
    assert str(err.value) == (
        f"t.csv, row 4: held_since {quote(value)} is not a year, month or day (YYYY, YYYY-MM or YYYY-MM-DD)"
    )


@pytest.mark.parametrize("value", ["javascript:alert(1)", "example.org", "https://a b", "ftp://x", ""])
def test_parse_url_refuses_what_is_not_a_web_address(value):
    with pytest.raises(DataError, match="t.csv, row 3: source_url .* does not start with https:// or http://"):
        parse_url(value, Path("t.csv"), 3)


def test_split_aliases():
    assert split_aliases(" a | b ||c|") == ["a", "b", "c"]
