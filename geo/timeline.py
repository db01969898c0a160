"""The handover table (``data/timeline.csv``): validation, and the status of every district and place on a day.

Rules
-----
* A ``control`` row says who holds an entity from its ``date`` (inclusive) until the next displayed ``control``
  row of that entity; its ``held_since`` (a year, month or day), when that control began before the row's date.
  Baseline rows, dated on the 12 May 1994 ceasefire where the table starts, say who held it then, not since when:
  their ``held_since`` says that, where a source dates it.
* A period of control runs over consecutive displayed ``control`` rows with the same ``control`` value: a later row
  may change the status text (peacekeepers arrive, a divided district is divided along another line), not the
  control the map shows, so "since" stays the day that control began.
* A place with no rows of its own follows its district (``Status.inherited_from`` says so).
* A ``deadline`` row is a handover due on its ``date``, known from its ``announced`` day. On a given day the
  deadline in force is the one announced last (an extension replaces the original date).
* Rows sharing a ``claim`` state one fact; when sources give different dates, exactly one row has
  ``displayed = yes`` and the others are kept as alternatives, shown beside it, never used for colouring.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from geo import paths
from geo.places import Place
from geo.tables import DataError, PartialDate, parse_date, parse_partial_date, parse_url, quote, read_rows

TIMELINE_COLUMNS = (
    "entity_id",
    "date",
    "kind",
    "control",
    "held_since",
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
# The Bishkek ceasefire took effect on 12 May 1994; the baseline rows are dated on it, where the table starts.
CEASEFIRE_1994 = dt.date(1994, 5, 12)
# How each control is named on screen (geo.map_style.CONTROL_STYLE's labels; a test keeps the two the same).
CONTROL_LABELS = {"armenian": "Armenian control", "azerbaijani": "Azerbaijani control", "mixed": "Divided control"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
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


def partial_date_text(start: PartialDate) -> str:
    """A year, month or day as the app writes it on screen: "1993", "April 1993", or a day by :func:`day_text`."""
    if start.precision == "day":
        return day_text(start.first_day)
    if start.precision == "month":
        return f"{MONTH_NAMES[start.first_day.month - 1]} {start.first_day.year}"
    return str(start.first_day.year)


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
    held_since: PartialDate | None
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
    """Who held an entity on a day, since when, on whose word, and the handover deadline then in force.

    ``since`` is the date of the row in force (``source``); ``period_start`` is when the current period of control
    began (see the module's rules), as precisely as its source says: the opening row's ``held_since``, else its
    date, or None for a baseline row without ``held_since`` (Stepanakert: held at the 1994 ceasefire, since when is
    not dated). ``period_from`` is the row that opened the period (``source`` or an earlier row with the same
    control); None reads as ``source``.
    """

    entity_id: str
    control: str
    status: str
    since: dt.date
    source: Event
    deadline: Event | None = None
    replaced_deadlines: tuple[Event, ...] = ()
    inherited_from: str | None = None
    alternatives: tuple[Event, ...] = field(default=())
    period_start: PartialDate | None = None
    period_from: Event | None = None

    def as_record(self) -> dict:
        """The JSON record printed by ``python -m geo status`` (``period_start`` ISO, null where not known)."""
        record = {
            "status": self.status,
            "control": self.control,
            "since": self.since.isoformat(),
            "period_start": self.period_start.iso() if self.period_start else None,
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
        http(s) address, a deadline without its announcement day, a claim with several displayed dates or none, a
        ``held_since`` that is not a year, month or day, on a deadline row, not before its row's date, not after the
        previous displayed control row's date or on a row that continues the control of the one before, or a table
        without rows. Problems of the file itself (encoding, quoting, columns) as
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
        date = parse_date(row["date"], path, row_no)
        held_since = parse_partial_date(row["held_since"], path, row_no, "held_since") if row["held_since"] else None
        if held_since and row["kind"] == "deadline":
            raise DataError(path, "a deadline row has no held_since value", row=row_no)
        if held_since and held_since.first_day >= date:
            raise DataError(
                path, f"{entity}: held_since {quote(row['held_since'])} is not before the row's date {date}", row=row_no
            )
        events.append(
            Event(
                entity_id=entity,
                date=date,
                kind=row["kind"],
                control=row["control"],
                held_since=held_since,
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
    _check_held_since(events, path)
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


def _check_held_since(events: Iterable[Event], path: Path) -> None:
    """A displayed control row's ``held_since`` must open a period: after the row before it, with other control."""
    for rows in _shown_control_rows(events).values():
        for previous, current in zip(rows, rows[1:], strict=False):
            if current.held_since is None:
                continue
            text = quote(current.held_since.iso())
            if current.control == previous.control:
                raise DataError(
                    path,
                    f"{current.entity_id}: held_since {text} on a row that continues the {current.control} control "
                    f"of row {previous.row}",
                    row=current.row,
                )
            if current.held_since.last_day <= previous.date:
                raise DataError(
                    path,
                    f"{current.entity_id}: held_since {text} is not after the date of row {previous.row} "
                    f"({previous.date}), which gives {previous.control} control",
                    row=current.row,
                )


def _shown_control_rows(events: Iterable[Event]) -> dict[str, list[Event]]:
    """Each entity's displayed control rows, by date and line."""
    by_entity: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.kind == "control" and event.displayed:
            by_entity[event.entity_id].append(event)
    return {entity: sorted(rows, key=lambda e: (e.date, e.row)) for entity, rows in by_entity.items()}


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
        status = own_status(entity, rows, day)
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
                period_start=parent.period_start,
                period_from=parent.period_from,
            )
    return result


def own_status(entity: str, rows: list[Event], day: dt.date) -> Status | None:
    """The status of ``entity`` on ``day`` from its own ``rows`` only (no district inherited), or None where none
    of its displayed control rows has started by then."""
    shown = sorted(
        (e for e in rows if e.kind == "control" and e.displayed and e.date <= day), key=lambda e: (e.date, e.row)
    )
    if not shown:
        return None
    current = shown[-1]
    opening = len(shown) - 1
    while opening > 0 and shown[opening - 1].control == current.control:
        opening -= 1
    period_from = shown[opening]
    if period_from.held_since is not None:
        period_start = period_from.held_since
    elif period_from.date == CEASEFIRE_1994:
        period_start = None  # a baseline row says who held it at the ceasefire, not since when
    else:
        period_start = PartialDate(period_from.date, "day")
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
        period_start=period_start,
        period_from=period_from,
    )


def period_start_text(status: Status) -> str:
    """When the current period of control began, as the app writes it: "18 May 1992", "April 1993", "1993", or
    "before the 12 May 1994 ceasefire" where a baseline row opened it and no source dates its start."""
    if status.period_start is None:
        return f"before the {day_text(CEASEFIRE_1994)} ceasefire"
    return partial_date_text(status.period_start)


def since_lines(status: Status) -> list[str]:
    """The "since" lines of a status, plain text for the screen (the caller escapes them for HTML).

    The first names the control and when its current period began ("Armenian control since April 1993"). A period
    that began before the 1994 ceasefire and opens on a baseline row gets a second line, "Held at the 12 May 1994
    ceasefire" ("Divided at …" for divided control), as that row states the position on that day.
    """
    lines = [f"{CONTROL_LABELS[status.control]} since {period_start_text(status)}"]
    opened = status.period_from or status.source
    if opened.date == CEASEFIRE_1994 and opened.held_since is not None:
        verb = "Divided" if status.control == "mixed" else "Held"
        lines.append(f"{verb} at the {day_text(CEASEFIRE_1994)} ceasefire")
    return lines


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


# Item 5 of issue 12, the rules every row's source must keep (tests/test_sources_rules.py holds the table to them):
# no copies of Wikipedia or of other sites (mirrors, machine translations, offline Kiwix copies, aggregators); a
# Wikipedia page only as a revision (``oldid=``), with its revision day in the title; any other source either an
# official document (OFFICIAL_DOMAINS, the statement's text) or dated in its title within SOURCE_MAX_DAYS of the
# event. The seeds are the corpus's own articles of 15-16 Nov 2020.
MIRROR_DOMAINS = (
    "wikimili.com",
    "xcv.wiki",
    "primidi.com",
    "cryer.org.uk",
    "iiab.me",
    "datana.cloud",
    "wikisum.wiki",
    "theinfolist.com",
    "5.180.24.3",
    "whoispopulartoday.com",
    "ria24.today",
    "osmarks.net",
    "enwikipedia.net",
    "explained.today",
    "qwe.wiki",
    "wikiclassic.com",
)
OFFICIAL_DOMAINS = (
    "undocs.org",
    "un.org",
    "primeminister.am",
    "president.az",
    "mod.gov.az",
    "mfa.gov.az",
    "kremlin.ru",
)
SOURCE_MAX_DAYS = 366
_MONTHS_IN_TITLES = {name.lower(): n for n, name in enumerate(MONTHS, 1)} | {
    name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)
}
# "20 Nov 2020", "20 November 2020", "November 23, 2020" or "Dec 2020" inside a title's last brackets; bounded
# repetitions on our own data, never on user text.
_TITLE_DAY = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]{2,8}) (\d{4})\b|\b([A-Z][a-z]{2,8}) (\d{1,2}), (\d{4})\b")
_TITLE_MONTH = re.compile(r"\b([A-Z][a-z]{2,8}) (\d{4})\b")


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()


def _on(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def source_date(title: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day the date in a source title can mean ("20 Nov 2020", "Dec 2020"), or None."""
    for day, month, year, month2, day2, year2 in _TITLE_DAY.findall(title):
        number = _MONTHS_IN_TITLES.get((month or month2).lower())
        if number:
            found = dt.date(int(year or year2), number, int(day or day2))
            return found, found
    for month, year in _TITLE_MONTH.findall(title):
        number = _MONTHS_IN_TITLES.get(month.lower())
        if number:
            partial = PartialDate(dt.date(int(year), number, 1), "month")
            return partial.first_day, partial.last_day
    return None


def source_problems(event: Event) -> list[str]:
    """What is wrong with a row's source under the rules above; empty when it keeps them."""
    url = event.source_url
    if url.startswith("seed:"):
        return []
    host = _host(url)
    if _on(host, MIRROR_DOMAINS):
        return [f"{host} is a copy of another site, not a source"]
    problems = []
    if _on(host, ("wikipedia.org",)) and "oldid=" not in url:
        problems.append("a Wikipedia page without a revision (oldid=)")
    if _on(host, OFFICIAL_DOMAINS):
        return problems
    dated = source_date(event.source_title)
    if dated is None:
        return [*problems, "the title gives no date of the source"]
    events = [event.date] + ([event.held_since.first_day] if event.held_since else [])
    events += [event.announced] if event.announced else []
    first, last = dated
    if not any((first - day).days <= SOURCE_MAX_DAYS and (day - last).days <= SOURCE_MAX_DAYS for day in events):
        problems.append(f"dated {first.isoformat()}, more than a year from the event ({event.date.isoformat()})")
    return problems
