"""Date expressions resolved against an article's date (table-driven)."""

import datetime as dt

import pytest

from geo.dates import find_dates, parse_loose_date

SUNDAY = dt.date(2020, 11, 15)  # the seeds' news day
MONDAY = dt.date(2020, 11, 16)  # 002's date


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        ("Azerbaijan said Sunday it had agreed", SUNDAY, "2020-11-15"),  # same day
        ("Azerbaijan said Sunday it had agreed", MONDAY, "2020-11-15"),  # the day before
        ("Azerbaijan said yesterday it had agreed", MONDAY, "2020-11-15"),
        ("Leaders met today", MONDAY, "2020-11-16"),
        ("Troops will leave on Friday", SUNDAY, "2020-11-20"),  # future tense looks forward
        ("arrested on Saturday on charges", SUNDAY, "2020-11-14"),
        ("delayed until November 25", SUNDAY, "2020-11-25"),
        ("by November 25", SUNDAY, "2020-11-25"),
        ("the Aghdam district by Nov 20", MONDAY, "2020-11-20"),
        ("the Lachin district by Dec 1", MONDAY, "2020-12-01"),
        ("on 1 December", SUNDAY, "2020-12-01"),
        ("November 15, 2020", None, "2020-11-15"),  # a year makes the reference unnecessary
        ("date 2020-11-16", None, "2020-11-16"),
        ("deployed this week", SUNDAY, "2020-11-09/2020-11-15"),
        ("agreed earlier this week", SUNDAY, "2020-11-09/2020-11-15"),
        ("end hostilities last week", MONDAY, "2020-11-09/2020-11-15"),
        ("leaving for Armenia on the weekend", MONDAY, "2020-11-14/2020-11-15"),
        ("fighting flared anew in late September", SUNDAY, "2020-09-21/2020-09-30"),
        ("in January", SUNDAY, None),  # a month alone is not a day
    ],
)
def test_find_dates(sentence, ref, expected):
    found = find_dates(sentence, ref)
    assert (found[0].iso() if found else None) == expected


def test_relative_dates_need_a_reference():
    assert find_dates("Azerbaijan said Sunday", None) == []
    assert find_dates("until November 25", None) == []


def test_spans_point_at_the_words():
    sentence = "delayed until Nov 25 following an appeal"
    (found,) = find_dates(sentence, SUNDAY)
    assert sentence[found.start : found.end] == "Nov 25"


def test_month_day_late_in_year_read_from_january_is_last_year():
    (found,) = find_dates("since December 28", dt.date(2021, 1, 3))
    assert found.first == dt.date(2020, 12, 28)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("November 15, 2020", dt.date(2020, 11, 15)),
        ("15 Nov 2020", dt.date(2020, 11, 15)),
        ("It happened on November 15, 2020 in Baku", None),
        ("Sunday", None),
    ],
)
def test_parse_loose_date(line, expected):
    assert parse_loose_date(line) == expected
