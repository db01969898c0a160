"""The handover table: validation and the status on the edge days."""

import datetime as dt
import shutil

import pytest

from geo import paths
from geo.tables import DataError
from geo.timeline import (
    TIMELINE_COLUMNS,
    changes_on,
    coverage_start,
    day_text,
    disputes,
    load_timeline,
    map_days,
    status_on,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "entity", "control", "since", "deadline"),
    [
        # Aghdam: due 20 Nov under the statement; the army entered that day.
        (D(2020, 11, 19), "aghdam", "mixed", D(1994, 5, 12), D(2020, 11, 20)),
        (D(2020, 11, 20), "aghdam", "azerbaijani", D(2020, 11, 20), None),
        # Kalbajar: due 15 Nov, extended on 15 Nov to 25 Nov (the seeds); entered 25 Nov.
        (D(2020, 11, 14), "kalbajar", "armenian", D(1994, 5, 12), D(2020, 11, 15)),
        (D(2020, 11, 15), "kalbajar", "armenian", D(1994, 5, 12), D(2020, 11, 25)),
        (D(2020, 11, 24), "kalbajar", "armenian", D(1994, 5, 12), D(2020, 11, 25)),
        (D(2020, 11, 25), "kalbajar", "azerbaijani", D(2020, 11, 25), None),
        # Lachin: due 1 Dec; the corridor stays under peacekeepers, so the district is divided after.
        (D(2020, 11, 30), "lachin", "armenian", D(1994, 5, 12), D(2020, 12, 1)),
        (D(2020, 12, 1), "lachin", "mixed", D(2020, 12, 1), None),
        # Charektar's fate differs from its district's: it stayed Armenian-held after 25 Nov.
        (D(2020, 11, 24), "charektar", "armenian", D(1994, 5, 12), None),
        (D(2020, 11, 25), "charektar", "armenian", D(2020, 11, 25), None),
        # Taken in the fighting before the ceasefire.
        (D(2020, 11, 7), "shusha-town", "armenian", D(1994, 5, 12), None),
        (D(2020, 11, 8), "shusha-town", "azerbaijani", D(2020, 11, 8), None),
        (D(2020, 10, 16), "fuzuli-town", "armenian", D(1994, 5, 12), None),
        (D(2020, 10, 17), "fuzuli-town", "azerbaijani", D(2020, 10, 17), None),
    ],
)
def test_status_on_edge_days(events, places, day, entity, control, since, deadline):
    status = status_on(events, places, day)[entity]
    assert (status.control, status.since) == (control, since)
    assert (status.deadline.date if status.deadline else None) == deadline
    assert status.source.source_url


def test_kalbajar_extension_keeps_the_original_deadline_on_record(events, places):
    status = status_on(events, places, D(2020, 11, 20))["kalbajar"]
    assert [e.date for e in status.replaced_deadlines] == [D(2020, 11, 15)]
    assert status.deadline.announced == D(2020, 11, 15)
    assert status.deadline.source_url.startswith("seed:")


def test_places_without_rows_follow_their_district(events, places):
    statuses = status_on(events, places, D(2020, 11, 20))
    rowless = [pid for pid, p in places.items() if p.district and pid not in {e.entity_id for e in events}]
    for place_id in rowless:
        assert statuses[place_id].inherited_from == places[place_id].district
        assert statuses[place_id].control == statuses[places[place_id].district].control


def test_every_district_has_a_status_on_every_day_of_the_war_and_handover(events, places):
    day = D(2020, 9, 27)
    while day <= D(2020, 12, 1):
        statuses = status_on(events, places, day)
        assert {pid for pid, p in places.items() if p.is_area} <= set(statuses)
        day += dt.timedelta(days=1)


def test_places_in_armenia_have_no_status(events, places):
    statuses = status_on(events, places, D(2020, 11, 20))
    assert "goris" not in statuses and "vardenis" not in statuses


def test_before_coverage_is_an_error(events, places):
    with pytest.raises(ValueError, match="before the timeline starts"):
        status_on(events, places, coverage_start(events) - dt.timedelta(days=1))


def test_disagreeing_sources_are_kept_with_one_displayed(events):
    groups = disputes(events)
    hadrut = [g for g in groups if g[0].entity_id == "hadrut"]
    assert hadrut, "the disputed capture date of Hadrut is kept"
    shown, *kept = hadrut[0]
    assert shown.displayed and kept and not any(e.displayed for e in kept)
    assert len({e.date for e in hadrut[0]}) > 1


def test_status_lists_the_alternatives_of_its_claim(events, places):
    status = status_on(events, places, D(2020, 10, 20))["hadrut"]
    assert status.alternatives and status.alternatives[0].date != status.since


def test_changes_on_the_aghdam_handover_day(events):
    changed = changes_on(events, D(2020, 11, 20))
    assert ("aghdam", "control") in {(e.entity_id, e.kind) for e in changed}
    assert ("aghdam", "deadline") in {(e.entity_id, e.kind) for e in changed}


def test_extension_announced_on_the_15th_is_a_change_that_day(events):
    changed = changes_on(events, D(2020, 11, 15))
    assert any(e.entity_id == "kalbajar" and e.kind == "deadline" and e.date == D(2020, 11, 25) for e in changed)


def test_every_row_cites_a_source(events, corpus):
    for event in events:
        assert event.source_title and event.source_url
        if event.source_url.startswith("seed:"):
            assert event.source_url.removeprefix("seed:") in corpus


# --- bad input: each case edits one cell of a real row and expects the file, row and problem named ----------

HEADER = ",".join(TIMELINE_COLUMNS)
GOOD = "kalbajar,2020-11-25,control,azerbaijani,Entered,k-entry,yes,,A title,https://example.org/a,"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (GOOD.replace("2020-11-25", "2020-11-31"), "date '2020-11-31' is not a date"),
        (GOOD.replace("kalbajar", "atlantis"), "unknown entity_id 'atlantis'"),
        (GOOD.replace("azerbaijani", "russian"), "control 'russian' is not one of"),
        (GOOD.replace(",control,", ",event,"), "kind 'event' is not one of"),
        (GOOD.replace(",yes,", ",maybe,"), "displayed 'maybe' must be yes or no"),
        (GOOD.replace("https://example.org/a", ""), "row without a source"),
        (GOOD.rsplit(",", 2)[0], "expected 11 fields, found 9"),
        (
            "kalbajar,2020-11-25,deadline,,Due,k-due,yes,,T,https://example.org/a,",
            "needs the day it was announced",
        ),
    ],
)
def test_bad_rows_are_named(tmp_path, places, row, problem):
    path = tmp_path / "timeline.csv"
    path.write_text(f"{HEADER}\n{GOOD.replace('k-entry', 'k-other')}\n{row}\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_timeline(path, places)
    message = str(err.value)
    assert message.startswith("timeline.csv, row 3: ") and problem in message


def test_missing_column_is_named(tmp_path, places):
    path = tmp_path / "timeline.csv"
    path.write_text(HEADER.replace(",announced", "") + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column.*announced"):
        load_timeline(path, places)


def test_two_displayed_dates_for_one_claim_is_an_error(tmp_path, places):
    path = tmp_path / "timeline.csv"
    other = GOOD.replace("2020-11-25", "2020-11-26")
    path.write_text(f"{HEADER}\n{GOOD}\n{other}\n", encoding="utf-8")
    with pytest.raises(DataError, match="displays several dates"):
        load_timeline(path, places)


def test_real_table_loads_from_a_copy(tmp_path, places):
    copy = tmp_path / "timeline.csv"
    shutil.copy(paths.TIMELINE_CSV, copy)
    assert len(load_timeline(copy, places)) == len(load_timeline(paths.TIMELINE_CSV, places))


@pytest.mark.parametrize(
    ("day", "plain", "with_weekday"),
    [
        (D(2020, 11, 25), "25 Nov 2020", "Wed 25 Nov 2020"),  # Kalbajar's extended deadline, a Wednesday
        (D(2020, 12, 1), "1 Dec 2020", "Tue 1 Dec 2020"),  # one digit: no leading zero, no padding
        (D(2020, 9, 27), "27 Sep 2020", "Sun 27 Sep 2020"),  # the war's first day
        (D(1994, 5, 12), "12 May 1994", "Thu 12 May 1994"),  # the Bishkek ceasefire
    ],
)
def test_day_text_writes_a_day_as_the_reader_reads_it(day, plain, with_weekday):
    assert day_text(day) == plain
    assert day_text(day, weekday=True) == with_weekday


def test_day_text_gives_every_day_of_the_map_its_own_text():
    texts = [day_text(day, weekday=True) for day in map_days()]
    assert len(set(texts)) == len(texts) == 66
    assert texts[0] == "Sun 27 Sep 2020" and texts[-1] == "Tue 1 Dec 2020"
