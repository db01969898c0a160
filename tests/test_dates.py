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


WEDNESDAY = dt.date(2020, 11, 25)  # Kalbajar's handover


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        # Russian (ru.wikinews, 25 Nov 2020; nikvesti.com): genitive months, the accusative weekday, relative words
        ("подразделения азербайджанской армии 25 ноября вошли в Кельбаджарский район", WEDNESDAY, ["2020-11-25"]),
        ("Азербайджан заявил в среду, что его силы вошли", WEDNESDAY, ["2020-11-25"]),
        ("Об этом вчера сообщил Алиев", WEDNESDAY, ["2020-11-24"]),
        ("в пятницу и в воскресенье", WEDNESDAY, ["2020-11-20", "2020-11-22"]),
        ("до 15 ноября, однако ... до 25 ноября 2020 года", None, ["2020-11-25"]),  # only the one with a year
        # Azerbaijani (novator.az, 23 Nov 2020): the genitive month before the day, a year before its month
        (
            "1993-cü il iyulun 23-dən işğal altında olan Ağdam şəhəri 2020-ci il noyabrın 20-də azad edilib.",
            None,
            ["1993-07-23", "2020-11-20"],
        ),
        (
            "Ermənistan noyabrın 15-dək Kəlbəcər rayonunu, dekabrın 1-dək Laçın rayonunu",
            WEDNESDAY,
            ["2020-11-15", "2020-12-01"],
        ),
        ("Dünən, bazar günü Ağdamda", WEDNESDAY, ["2020-11-24", "2020-11-22"]),
        ("25 noyabr - Kəlbəcərin azad edildiyi gündür", WEDNESDAY, ["2020-11-25"]),
        # Armenian: the genitive month, the day with its ending, a year with թ.
        ("2020 թ. նոյեմբերի 25-ին Քարվաճառը հանձնվեց", None, ["2020-11-25"]),
        ("Դեկտեմբերի 1-ին Բերձորը", WEDNESDAY, ["2020-12-01"]),
        ("Երեկ, կիրակի օրը", WEDNESDAY, ["2020-11-24", "2020-11-22"]),
        # Turkish (samanyoluhaber.com, 25 Nov 2020): the ending after an apostrophe
        (
            "Ermenistan 15 Kasım'da vermesi gereken Kelbecer'i 25 Kasım'da vermeyi taahhüt etmişti.",
            WEDNESDAY,
            ["2020-11-15", "2020-11-25"],
        ),
        (
            "Laçın'ı da 1 Aralık'a kadar geri verecek; dün, pazar günü",
            WEDNESDAY,
            ["2020-12-01", "2020-11-24", "2020-11-22"],
        ),
        # German (DW; Sputnik Deutsch)
        ("Der Bezirk Latschin wird als letzter zum 1. Dezember an Aserbaidschan übergeben.", WEDNESDAY, ["2020-12-01"]),
        ("Das teilte das Ministerium am Sonntag mit; gestern hieß es", WEDNESDAY, ["2020-11-22", "2020-11-24"]),
        # French (Sputnik France)
        ("des détachements sont entrés le 1er décembre dans la région de Latchin", WEDNESDAY, ["2020-12-01"]),
        # not dates: a German "hier" (here), "heute Morgen" is today and no "tomorrow", Turkish "pazar" (market),
        # a year alone, a distance
        ("Ich bin hier und heute Morgen", WEDNESDAY, ["2020-11-25"]),
        ("pazar yerinde 1993'te", WEDNESDAY, []),
        ("8 km from Lachin, 10 000 people", WEDNESDAY, []),
    ],
)
def test_find_dates_in_other_languages(sentence, ref, expected):
    assert [d.iso() for d in find_dates(sentence, ref)] == expected


def test_other_language_spans_point_at_the_words():
    sentence = "Ermənistan noyabrın 15-dək Kəlbəcər rayonunu"
    (found,) = find_dates(sentence, WEDNESDAY)
    assert sentence[found.start : found.end] == "noyabrın 15-dək"
