"""The handover table (``data/timeline.csv``): validation, and the status of every district and place on a day.

Rules
-----
* A ``control`` row says who holds an entity from its ``date`` (inclusive) until the next displayed ``control``
  row of that entity.
* A place with no rows of its own follows its district (``Status.inherited_from`` says so).
* A ``deadline`` row is a handover due on its ``date``, known from its ``announced`` day. On a given day the
  deadline in force is the one announced last (an extension replaces the original date).
* Rows sharing a ``claim`` state one fact; when sources give different dates, exactly one row has
  ``displayed = yes`` and the others are kept as alternatives, shown beside it, never used for colouring.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from geo import paths
from geo.places import Place
from geo.tables import DataError, parse_date, parse_url, quote, read_rows

TIMELINE_COLUMNS = (
    "entity_id",
    "date",
    "kind",
    "control",
    "status",
    "claim",
    "displayed",
    "announced",
    "source_title",
    "source_url",
    "note",
)
ROW_KINDS = ("control", "deadline")
CONTROLS = ("armenian", "azerbaijani", "mixed")
# A source is a web address or ``seed:<file>``, a seed article (geo.corpus.source_href turns it into its URL).
SOURCE_PREFIXES = ("https://", "http://", "seed:")
# The days the dashboard shows: the war from 27 Sep 2020, the handover from the trilateral statement (in force
# 10 Nov) to the last deadline (Lachin, 1 Dec).
WAR_START = dt.date(2020, 9, 27)
HANDOVER_START = dt.date(2020, 11, 10)
HANDOVER_END = dt.date(2020, 12, 1)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


# How a day is written on screen: "25 Nov 2020", with the weekday ("Wed 25 Nov 2020") where one day is the
# subject. ISO (YYYY-MM-DD) only in files and URLs. Front ends that format dates themselves get the same format in
# their own notation: moment.js for Streamlit's date columns and slider, d3-time-format for the charts' axes.
MOMENT_DAY = "D MMM YYYY"
MOMENT_WEEKDAY = "ddd D MMM YYYY"
D3_DAY_MONTH = "%-d %b"  # axis ticks: the year is the same on every tick and stated in the tooltips


def day_text(day: dt.date, weekday: bool = False) -> str:
    """``day`` as the app writes it on screen: "25 Nov 2020", or "Wed 25 Nov 2020" with ``weekday``.

    English names whatever the server's locale (``%a``/``%b`` would follow it).
    """
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def map_days(first: dt.date = WAR_START, last: dt.date = HANDOVER_END) -> list[dt.date]:
    """Every day from ``first`` to ``last``, both included."""
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


@dataclass(frozen=True)
class Event:
    """One row of the timeline. ``row`` is its line number in the file, for messages and citations."""

    entity_id: str
    date: dt.date
    kind: str
    control: str
    status: str
    claim: str
    displayed: bool
    announced: dt.date | None
    source_title: str
    source_url: str
    note: str
    row: int

    def citation(self) -> str:
        """ "Title <URL>" as printed by the command line."""
        return f"{self.source_title} <{self.source_url}>"


@dataclass(frozen=True)
class Status:
    """Who held an entity on a day, since when, on whose word, and the handover deadline then in force."""

    entity_id: str
    control: str
    status: str
    since: dt.date
    source: Event
    deadline: Event | None = None
    replaced_deadlines: tuple[Event, ...] = ()
    inherited_from: str | None = None
    alternatives: tuple[Event, ...] = field(default=())

    def as_record(self) -> dict:
        """The JSON record printed by ``python -m geo status``."""
        record = {
            "status": self.status,
            "control": self.control,
            "since": self.since.isoformat(),
            "source": self.source.citation(),
        }
        if self.inherited_from:
            record["inherited_from"] = self.inherited_from
        if self.deadline:
            record["deadline"] = self.deadline.date.isoformat()
        return record


def load_timeline(path: Path = paths.TIMELINE_CSV, places: Mapping[str, Place] | None = None) -> list[Event]:
    """Load and validate the timeline; rows are returned sorted by entity, date and line.

    Raises
    ------
    DataError
        Naming the file and row: a missing column, a bad date, an empty or unknown entity id (unknown: when
        ``places`` is given), an unknown kind or control, a row without a source or with a source_url that is not an
        http(s) address, a deadline without its announcement day, a claim with several displayed dates or none, or
        a table without rows. Problems of the file itself (encoding, quoting, columns) as
        :func:`geo.tables.read_rows`.
    """
    events = []
    for row_no, row in read_rows(path, TIMELINE_COLUMNS):
        entity = row["entity_id"]
        if not entity:
            raise DataError(path, "empty entity_id", row=row_no)
        if places is not None and entity not in places:
            raise DataError(path, f"unknown entity_id {quote(entity)} (not in places.csv)", row=row_no)
        if row["kind"] not in ROW_KINDS:
            raise DataError(path, f"kind {quote(row['kind'])} is not one of {', '.join(ROW_KINDS)}", row=row_no)
        if row["kind"] == "control" and row["control"] not in CONTROLS:
            raise DataError(path, f"control {quote(row['control'])} is not one of {', '.join(CONTROLS)}", row=row_no)
        if row["kind"] == "deadline" and row["control"]:
            raise DataError(path, "a deadline row has no control value", row=row_no)
        if row["displayed"] not in ("yes", "no"):
            raise DataError(path, f"displayed {quote(row['displayed'])} must be yes or no", row=row_no)
        if not row["status"]:
            raise DataError(path, "empty status", row=row_no)
        if not row["claim"]:
            raise DataError(path, "empty claim key", row=row_no)
        if not row["source_title"] or not row["source_url"]:
            raise DataError(path, f"{entity}: row without a source (source_title and source_url)", row=row_no)
        parse_url(row["source_url"], path, row_no, prefixes=SOURCE_PREFIXES)
        announced = parse_date(row["announced"], path, row_no, "announced") if row["announced"] else None
        if row["kind"] == "deadline" and announced is None:
            raise DataError(path, f"{entity}: a deadline row needs the day it was announced", row=row_no)
        events.append(
            Event(
                entity_id=entity,
                date=parse_date(row["date"], path, row_no),
                kind=row["kind"],
                control=row["control"],
                status=row["status"],
                claim=row["claim"],
                displayed=row["displayed"] == "yes",
                announced=announced,
                source_title=row["source_title"],
                source_url=row["source_url"],
                note=row["note"],
                row=row_no,
            )
        )
    if not events:
        raise DataError(path, "no rows: the timeline is empty")
    _check_claims(events, path)
    return sorted(events, key=lambda e: (e.entity_id, e.date, e.row))


def _check_claims(events: Iterable[Event], path: Path) -> None:
    """Within one claim, rows with different dates disagree: exactly one date may be displayed."""
    by_claim: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        by_claim[(event.entity_id, event.claim)].append(event)
    for (entity, claim), rows in by_claim.items():
        shown_dates = {e.date for e in rows if e.displayed}
        if len(shown_dates) > 1:
            lines = ", ".join(str(e.row) for e in rows if e.displayed)
            raise DataError(
                path, f"{entity}: claim {quote(claim)} displays several dates (rows {lines})", row=rows[-1].row
            )
        if not shown_dates:
            raise DataError(path, f"{entity}: claim {quote(claim)} has no displayed row", row=rows[0].row)


def coverage_start(events: Iterable[Event]) -> dt.date:
    """The first day on which every entity with rows has a displayed control row."""
    firsts: dict[str, dt.date] = {}
    for event in events:
        if event.kind == "control" and event.displayed:
            firsts[event.entity_id] = min(firsts.get(event.entity_id, event.date), event.date)
    return max(firsts.values())


def status_on(events: list[Event], places: Mapping[str, Place], day: dt.date) -> dict[str, Status]:
    """The status of every district and place on ``day``.

    Places outside the mapped districts (no ``district`` and no rows, e.g. towns in Armenia) are left out.

    Raises
    ------
    ValueError
        If ``day`` is before the table's coverage starts (see :func:`coverage_start`).
    """
    start = coverage_start(events)
    if day < start:
        raise ValueError(f"{day.isoformat()} is before the timeline starts ({start.isoformat()})")
    rows_by_entity: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        rows_by_entity[event.entity_id].append(event)
    own: dict[str, Status] = {}
    for entity, rows in rows_by_entity.items():
        status = _own_status(entity, rows, day)
        if status is not None:
            own[entity] = status
    result: dict[str, Status] = {}
    for place_id, place in places.items():
        if place_id in own:
            result[place_id] = own[place_id]
        elif place.district in own:
            parent = own[place.district]
            result[place_id] = Status(
                entity_id=place_id,
                control=parent.control,
                status=parent.status,
                since=parent.since,
                source=parent.source,
                deadline=parent.deadline,
                replaced_deadlines=parent.replaced_deadlines,
                inherited_from=place.district,
                alternatives=parent.alternatives,
            )
    return result


def _own_status(entity: str, rows: list[Event], day: dt.date) -> Status | None:
    shown = [e for e in rows if e.kind == "control" and e.displayed and e.date <= day]
    if not shown:
        return None
    current = max(shown, key=lambda e: (e.date, e.row))
    alternatives = tuple(e for e in rows if e.claim == current.claim and not e.displayed and e.date != current.date)
    known = [e for e in rows if e.kind == "deadline" and e.announced is not None and e.announced <= day]
    known_shown = [e for e in known if e.displayed]
    deadline = max(known_shown, key=lambda e: (e.announced, e.row)) if known_shown else None
    # A change of control on or after the deadline's announcement settles it: the deadline is no longer pending.
    if deadline and current.date >= deadline.announced:
        deadline = None
    replaced = tuple(e for e in known_shown if deadline is not None and e is not deadline)
    return Status(
        entity_id=entity,
        control=current.control,
        status=current.status,
        since=current.date,
        source=current,
        deadline=deadline,
        replaced_deadlines=replaced,
        alternatives=alternatives,
    )


def changes_on(events: Iterable[Event], day: dt.date) -> list[Event]:
    """What changed on ``day``: control changes taking effect, deadlines falling due, deadlines announced."""
    changed = [e for e in events if e.displayed and (e.date == day or (e.kind == "deadline" and e.announced == day))]
    return sorted(changed, key=lambda e: (e.entity_id, e.kind, e.row))


def disputes(events: Iterable[Event]) -> list[list[Event]]:
    """Groups of rows that state the same claim with different dates (the displayed one first)."""
    by_claim: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        by_claim[(event.entity_id, event.claim)].append(event)
    groups = []
    for rows in by_claim.values():
        if len({e.date for e in rows}) > 1:
            groups.append(sorted(rows, key=lambda e: (not e.displayed, e.date, e.row)))
    return sorted(groups, key=lambda g: (g[0].entity_id, g[0].claim))


def periods(events: list[Event], places: Mapping[str, Place], start: dt.date, end: dt.date) -> list[dict]:
    """Spans of unchanged control per entity with rows of its own, clipped to ``[start, end]`` (inclusive).

    Each span is a dict with ``entity_id``, ``name``, ``start``, ``end`` (the last day, inclusive),
    ``control``, ``status`` and its ``source_title``/``source_url``; for the timeline chart and tables.
    """
    spans = []
    by_entity: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.kind == "control" and event.displayed:
            by_entity[event.entity_id].append(event)
    for entity, rows in by_entity.items():
        rows = sorted(rows, key=lambda e: (e.date, e.row))
        for current, following in zip(rows, [*rows[1:], None], strict=True):
            last = following.date - dt.timedelta(days=1) if following else end
            if last < start or current.date > end:
                continue
            spans.append(
                {
                    "entity_id": entity,
                    "name": places[entity].name if entity in places else entity,
                    "start": max(current.date, start),
                    "end": min(last, end),
                    "control": current.control,
                    "status": current.status,
                    "source_title": current.source_title,
                    "source_url": current.source_url,
                }
            )
    return sorted(spans, key=lambda s: (s["entity_id"], s["start"]))
