"""The handover table: validation and the status on the edge days."""

import datetime as dt
import re
import shutil

import pytest

from geo import paths
from geo.map_style import CONTROL_STYLE
from geo.tables import DataError, PartialDate
from geo.timeline import (
    CEASEFIRE_1994,
    CONTROL_LABELS,
    MONTH_NAMES,
    TIMELINE_COLUMNS,
    changes_on,
    coverage_start,
    day_text,
    disputes,
    load_timeline,
    map_days,
    partial_date_text,
    period_start_text,
    since_lines,
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
        # Listed on 24 Nov among the settlements to hand over on 25 Nov (Caucasian Knot); not carried out.
        (D(2020, 11, 23), "charektar", "armenian", D(1994, 5, 12), None),
        (D(2020, 11, 24), "charektar", "armenian", D(1994, 5, 12), D(2020, 11, 25)),
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


HELD_1994 = "Held at the 12 May 1994 ceasefire"


@pytest.mark.parametrize(
    ("day", "entity", "period_start", "lines"),
    [
        # The case: taken in April 1993 (by 5 Apr), not on the 1994 ceasefire its baseline row is dated on.
        (D(2020, 11, 1), "kalbajar", "1993-04", ["Armenian control since April 1993", HELD_1994]),
        (D(2020, 11, 1), "lachin", "1992-05", ["Armenian control since May 1992", HELD_1994]),
        # No source dates when Stepanakert came under Armenian control: no start is claimed.
        (D(2020, 11, 1), "stepanakert", None, ["Armenian control since before the 12 May 1994 ceasefire"]),
        # Its 10 Nov row (peacekeepers arrive) goes on with the same control: still no start claimed, not 10 Nov.
        (D(2020, 11, 20), "stepanakert", None, ["Armenian control since before the 12 May 1994 ceasefire"]),
        # Never taken: held by Azerbaijan throughout; its 28 Sep 2020 row (shelled) does not start a period.
        (D(2020, 11, 1), "tartar-town", None, ["Azerbaijani control since before the 12 May 1994 ceasefire"]),
        # A town dated to the day; on 20 Nov its row in force is the 10 Nov corridor row, the period is 1992's.
        (D(2020, 11, 20), "lachin-town", "1992-05-18", ["Armenian control since 18 May 1992", HELD_1994]),
        # Khojaly: dated to the year the capture ended in its source.
        (D(2020, 11, 6), "khojaly", "1992", ["Armenian control since 1992", HELD_1994]),
        # Divided since 7 Nov 2020, though its row in force is the 10 Nov one (the division changed, not the control).
        (D(2020, 11, 20), "khojaly", "2020-11-07", ["Divided control since 7 Nov 2020"]),
        # Divided at the baseline without a dated start, and divided along another line from 10 Nov.
        (D(2020, 11, 20), "khojavend", None, ["Divided control since before the 12 May 1994 ceasefire"]),
        # A change in 2020 is its own start: no ceasefire line.
        (D(2020, 11, 25), "kalbajar", "2020-11-25", ["Azerbaijani control since 25 Nov 2020"]),
        # A place without rows takes its district's period.
        (D(2020, 11, 1), "kalbajar-town", "1993-04", ["Armenian control since April 1993", HELD_1994]),
    ],
)  # fmt: skip
def test_since_is_the_start_of_the_current_period_of_control(events, places, day, entity, period_start, lines):
    status = status_on(events, places, day)[entity]
    assert (status.period_start.iso() if status.period_start else None) == period_start
    assert since_lines(status) == lines


def test_since_keeps_the_date_of_the_row_in_force(events, places):
    # Status.since (the day table's, the CLI's) stays the row's date; the period start is beside it.
    status = status_on(events, places, D(2020, 11, 20))["lachin-town"]
    assert status.since == D(2020, 11, 10) and status.source.claim == "lachin-corridor"
    assert status.period_from.claim == "lachin-town-baseline"
    assert status.as_record()["since"] == "2020-11-10" and status.as_record()["period_start"] == "1992-05-18"


def test_every_baseline_status_that_names_a_start_agrees_with_held_since(events):
    # "since April 1993", "since 18 May 1992", "since 1992" in a baseline row's status: held_since must say the same.
    # A range ("since 1991-1992", Khojaly, captured over both years) is held in full from the year it ends.
    months = "|".join(MONTH_NAMES)
    pattern = re.compile(rf"since (?:(\d{{1,2}}) )?(?:({months}) )?(?:\d{{4}}-)?(\d{{4}})\b")
    checked = 0
    for event in events:
        found = pattern.search(event.status)
        if event.date != CEASEFIRE_1994 or not found:
            continue
        day, month, year = found.groups()
        assert event.held_since is not None, (event.row, event.status)
        assert event.held_since.first_day.year == int(year), (event.row, event.status)
        if month:
            assert MONTH_NAMES[event.held_since.first_day.month - 1] == month, (event.row, event.status)
        if day:
            assert event.held_since.first_day.day == int(day), (event.row, event.status)
        checked += 1
    assert checked >= 15


def test_every_held_since_is_before_its_row_and_only_on_control_rows(events):
    dated = [e for e in events if e.held_since]
    assert dated and all(e.kind == "control" and e.held_since.first_day < e.date for e in dated)


def test_control_labels_are_the_maps():
    assert {control: style["label"] for control, style in CONTROL_STYLE.items()} == CONTROL_LABELS


@pytest.mark.parametrize(
    ("start", "text"),
    [
        (PartialDate(D(1992, 5, 18), "day"), "18 May 1992"),
        (PartialDate(D(1993, 4, 1), "month"), "April 1993"),
        (PartialDate(D(1992, 1, 1), "year"), "1992"),
    ],
)
def test_partial_dates_are_written_as_precisely_as_they_are_known(start, text):
    assert partial_date_text(start) == text


def test_period_start_text_on_the_data_page(events, places):
    statuses = status_on(events, places, D(2020, 11, 1))
    assert period_start_text(statuses["zangilan"]) == "20 Oct 2020"
    assert period_start_text(statuses["zangilan-town"]) == "20 Oct 2020"
    assert period_start_text(statuses["qubadli-town"]) == "25 Oct 2020"
    assert period_start_text(statuses["aghdam-town"]) == "July 1993"
    assert period_start_text(statuses["charektar"]) == "before the 12 May 1994 ceasefire"


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
GOOD = "kalbajar,2020-11-25,control,azerbaijani,,Entered,k-entry,yes,,A title,https://example.org/a,"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (GOOD.replace("2020-11-25", "2020-11-31"), "date '2020-11-31' is not a date"),
        (GOOD.replace("kalbajar", "atlantis"), "unknown entity_id 'atlantis'"),
        (GOOD.replace("azerbaijani", "russian"), "control 'russian' is not one of"),
        (GOOD.replace(",control,", ",event,"), "kind 'event' is not one of"),
        (GOOD.replace(",yes,", ",maybe,"), "displayed 'maybe' must be yes or no"),
        (GOOD.replace("https://example.org/a", ""), "row without a source"),
        (GOOD.rsplit(",", 2)[0], "expected 12 fields, found 10"),
        (
            "kalbajar,2020-11-25,deadline,,,Due,k-due,yes,,T,https://example.org/a,",
            "needs the day it was announced",
        ),
        (GOOD.replace("azerbaijani,,", "azerbaijani,1993-00,"), "held_since '1993-00' is not a year, month or day"),
        (GOOD.replace("azerbaijani,,", "azerbaijani,2020-11-25,"), "held_since '2020-11-25' is not before the row's"),
        # A year that holds the row's date may still start before it; one that starts after it cannot.
        (GOOD.replace("azerbaijani,,", "azerbaijani,2021,"), "held_since '2021' is not before the row's date"),
        (
            "kalbajar,2020-11-25,deadline,,2020,Due,k-due,yes,2020-11-10,T,https://example.org/a,",
            "a deadline row has no held_since value",
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


ROW_1994 = "kalbajar,1994-05-12,control,armenian,1993-04,Held,k-base,yes,,A title,https://example.org/a,"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        # Armenian control again: the period began with the row above, which dates it.
        (
            "kalbajar,2020-11-10,control,armenian,2020-11,Stays,k-stay,yes,,T,https://example.org/a,",
            "kalbajar: held_since '2020-11' on a row that continues the armenian control of row 2",
        ),
        # Azerbaijani control cannot have begun in 1993, when the row above has it Armenian on 12 May 1994.
        (
            "kalbajar,2020-11-25,control,azerbaijani,1993,Entered,k-entry,yes,,T,https://example.org/a,",
            "kalbajar: held_since '1993' is not after the date of row 2 (1994-05-12), which gives armenian control",
        ),
    ],
)
def test_held_since_must_open_a_period(tmp_path, places, row, problem):
    path = tmp_path / "timeline.csv"
    path.write_text(f"{HEADER}\n{ROW_1994}\n{row}\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_timeline(path, places)
    assert str(err.value) == f"timeline.csv, row 3: {problem}"


def test_held_since_that_may_fall_after_the_row_before_is_accepted(tmp_path, places):
    # A year that ends after the row above (1994 holds days after 12 May): not certainly wrong, so accepted.
    later = "kalbajar,2020-11-25,control,azerbaijani,1994,Entered,k-entry,yes,,T,https://example.org/a,"
    path = tmp_path / "timeline.csv"
    path.write_text(f"{HEADER}\n{ROW_1994}\n{later}\n", encoding="utf-8")
    status = status_on(load_timeline(path, places), places, D(2020, 11, 26))["kalbajar"]
    assert status.period_start == PartialDate(D(1994, 1, 1), "year")
    assert since_lines(status) == ["Azerbaijani control since 1994"]


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


def test_divided_districts_show_where_the_line_runs(events, places):
    """Issue 12: on 1 Nov Hadrut is Azerbaijani-held and Martuni Armenian-held inside the divided Khojavend district;
    from 8 Nov the Shusha district is divided, not wholly Armenian, while its town is Azerbaijani-held."""
    first = status_on(events, places, D(2020, 11, 1))
    assert (first["hadrut"].control, first["khojavend-town"].control, first["khojavend"].control) == (
        "azerbaijani",
        "armenian",
        "mixed",
    )
    for day in (D(2020, 11, 8), D(2020, 11, 9), D(2020, 12, 1)):
        statuses = status_on(events, places, day)
        assert (statuses["shusha"].control, statuses["shusha-town"].control) == ("mixed", "azerbaijani"), day
    assert status_on(events, places, D(2020, 11, 7))["shusha"].control == "armenian"


def test_peacekeepers_never_change_control(events, places):
    """The one rule: Stepanakert and Lachin town stay Armenian-held with peacekeepers; Dadivank's post outside the
    zone leaves it with the Azerbaijani-held district from 25 Nov; the peacekeepers are named in the status."""
    statuses = status_on(events, places, D(2020, 11, 25))
    assert statuses["stepanakert"].control == "armenian" and "peacekeeping" in statuses["stepanakert"].status
    assert statuses["lachin-town"].control == "armenian" and "peacekeepers" in statuses["lachin-town"].status
    assert statuses["dadivank"].control == "azerbaijani" and "peacekeeping post" in statuses["dadivank"].status
    assert status_on(events, places, D(2020, 11, 24))["dadivank"].control == "armenian"
