"""Every source of data/timeline.csv and data/settlement_control.csv against the rules of issue 12, item 5
(geo.timeline.source_problems): no mirrors or machine translations, Wikipedia only as a revision (oldid), any other
source an official document or dated in its title within a year of the event."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.settlements import load_settlement_control
from geo.timeline import Event, load_timeline, source_date, source_problems

# Rows whose source still breaks a rule (see data/timeline_notes.md, "The source rules"). The test fails when a row
# here is fixed (take it off the list) or when a row not here breaks a rule, so the list can only shrink. Empty since
# 3 Dec 2026: every row keeps the rules.
NOT_YET_REPLACED: set[tuple[str, str]] = set()


def all_rows() -> list[Event]:
    return load_timeline() + load_settlement_control()


@pytest.mark.parametrize("event", all_rows(), ids=lambda e: f"{e.entity_id}-{e.date}-{e.row}")
def test_every_row_keeps_the_source_rules(event):
    problems = source_problems(event)
    if (event.entity_id, event.date.isoformat()) in NOT_YET_REPLACED:
        assert problems, f"{event.entity_id} {event.date}: its source now keeps the rules; take it off the list"
    else:
        assert problems == [], f"row {event.row} ({event.source_url}): {problems}"


def test_the_list_of_rows_to_replace_names_real_rows():
    keys = {(e.entity_id, e.date.isoformat()) for e in all_rows()}
    assert keys >= NOT_YET_REPLACED


def row(url: str, title: str, date=dt.date(2020, 11, 10), held_since=None) -> Event:
    return Event("x", date, "control", "armenian", held_since, "s", "c", True, None, title, url, "", 2)


@pytest.mark.parametrize(
    ("url", "title", "problem"),
    [
        ("https://wikimili.com/en/Stepanakert", "Stepanakert (10 Nov 2020)", "wikimili.com is a copy"),
        ("https://it.xcv.wiki/wiki/Khojavend_District", "Khojavend (Nov 2020)", "it.xcv.wiki is a copy"),
        ("https://iiab.me/kiwix/content/x", "Charektar (Kiwix, 2023)", "iiab.me is a copy"),
        ("https://en.wikipedia.org/wiki/Hadrut", "Hadrut (Wikipedia, 1 Dec 2020)", "without a revision"),
        ("https://example.org/a", "An undated page", "gives no date"),
        ("https://example.org/a", "A look back (Outlet, 16 Nov 2021)", "more than a year"),
    ],
)
def test_the_rules_refuse(url, title, problem):
    assert any(problem in p for p in source_problems(row(url, title)))


@pytest.mark.parametrize(
    ("url", "title", "held_since"),
    [
        ("seed:004_f0ae970b1b167635.txt", "A seed", None),
        ("https://undocs.org/S/RES/822(1993)", "Resolution 822 (1993)", None),  # official, any date
        (
            "https://en.wikipedia.org/w/index.php?title=X&oldid=988367244",
            "X (Wikipedia, revision of 12 Nov 2020)",
            None,
        ),
        ("https://armenian.usc.edu/x", "War Update for November 23, 2020 (USC)", None),
        ("https://example.org/a", "A report (Outlet, Dec 2020)", None),
    ],
)
def test_the_rules_accept(url, title, held_since):
    assert source_problems(row(url, title, held_since=held_since)) == []


def test_a_baseline_source_may_be_dated_from_the_capture_it_reports():
    from geo.tables import PartialDate

    baseline = row("https://example.org/a", "Report (AP, 7 Jan 1993)", dt.date(1994, 5, 12))
    assert source_problems(baseline)  # 16 months before the ceasefire
    dated = row(
        "https://example.org/a",
        "Report (AP, 7 Jan 1993)",
        dt.date(1994, 5, 12),
        PartialDate(dt.date(1993, 1, 1), "month"),
    )
    assert source_problems(dated) == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Azerbaijani army enters Agdam (RFE/RL, 20 Nov 2020)", (dt.date(2020, 11, 20),) * 2),
        ("War Update for November 23, 2020", (dt.date(2020, 11, 23),) * 2),
        ("Dadivank (Asbarez, Nov 2020)", (dt.date(2020, 11, 1), dt.date(2020, 11, 30))),
        ("Resolution 822 (1993)", None),
    ],
)
def test_source_date(title, expected):
    assert source_date(title) == expected
