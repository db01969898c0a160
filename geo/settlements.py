"""Settlements (``data/settlements.csv``, GeoNames) and who held each on a day (``data/settlement_control.csv``).

Rules
-----
* A settlement linked to a ``places.csv`` row (``place_id``) takes its control from that place's *own* timeline
  rows (``data/timeline.csv``); otherwise from its rows in ``settlement_control.csv``, keyed by GeoNames id.
* A settlement never inherits its district's control: without a dated source of its own it has no status on that
  day (``control`` is None), because a district's colour says nothing about where in it the line ran.
* ``settlement_control.csv`` has the columns and rules of the timeline (:mod:`geo.timeline`): one displayed row
  per claim, alternatives kept, sources per row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from geo import paths
from geo.places import Place
from geo.tables import DataError, parse_number, quote, read_rows
from geo.timeline import CONTROL_LABELS, Event, Status, load_timeline, own_status

SETTLEMENTS_CSV = paths.DATA / "settlements.csv"
SETTLEMENT_CONTROL_CSV = paths.DATA / "settlement_control.csv"
SETTLEMENT_COLUMNS = (
    "geonameid",
    "name",
    "name_az",
    "name_hy",
    "name_ru",
    "country",
    "lat",
    "lon",
    "population",
    "district",
    "place_id",
    "source",
    "licence",
    "note",
)
COUNTRIES = ("AZ", "AM")


@dataclass(frozen=True)
class Settlement:
    """One row of ``settlements.csv``: WGS84 (EPSG:4326) decimal degrees; names ``|``-separated per script."""

    geonameid: int
    name: str
    name_az: str
    name_hy: str
    name_ru: str
    country: str
    lat: float
    lon: float
    population: int
    district: str
    place_id: str
    source: str
    licence: str
    note: str

    def identity(self) -> dict:
        """What every JSON record of the settlement starts with: its GeoNames id, names, position and links."""
        return {
            "geonameid": self.geonameid,
            "name": self.name,
            "name_az": self.name_az,
            "name_hy": self.name_hy,
            "name_ru": self.name_ru,
            "lat": self.lat,
            "lon": self.lon,
            "population": self.population,
            "district": self.district or None,
            "place_id": self.place_id or None,
        }

    @property
    def key(self) -> str:
        """The settlement's id in ``settlement_control.csv``: its GeoNames id as text."""
        return str(self.geonameid)


def load_settlements(path: Path = SETTLEMENTS_CSV, places: Mapping[str, Place] | None = None) -> dict[str, Settlement]:
    """Load and validate the settlements, ``GeoNames id (text) -> Settlement`` in file order.

    Raises
    ------
    DataError
        Naming the file and row: a GeoNames id that is not a positive number or repeats, an empty name, a
        country other than AZ or AM, coordinates or population that are not numbers or out of range, an empty
        source or licence; with ``places``: a ``district`` or ``place_id`` that is not in ``places.csv``.
    """
    settlements: dict[str, Settlement] = {}
    for row_no, row in read_rows(path, SETTLEMENT_COLUMNS):
        gid = parse_number(row["geonameid"], int, 1, 10**10, path, row_no, "geonameid")
        if str(gid) in settlements:
            raise DataError(path, f"duplicate geonameid {gid}", row=row_no)
        if not row["name"]:
            raise DataError(path, "empty name", row=row_no)
        if row["country"] not in COUNTRIES:
            raise DataError(path, f"country {quote(row['country'])} is not one of {', '.join(COUNTRIES)}", row=row_no)
        if not row["source"] or not row["licence"]:
            raise DataError(path, f"{gid}: source and licence are required", row=row_no)
        if places is not None:
            for column in ("district", "place_id"):
                if row[column] and row[column] not in places:
                    raise DataError(path, f"{gid}: {column} {quote(row[column])} is not in places.csv", row=row_no)
        settlements[str(gid)] = Settlement(
            geonameid=gid,
            name=row["name"],
            name_az=row["name_az"],
            name_hy=row["name_hy"],
            name_ru=row["name_ru"],
            country=row["country"],
            lat=parse_number(row["lat"], float, -90, 90, path, row_no, "lat"),
            lon=parse_number(row["lon"], float, -180, 180, path, row_no, "lon"),
            population=parse_number(row["population"], int, 0, 10**9, path, row_no, "population"),
            district=row["district"],
            place_id=row["place_id"],
            source=row["source"],
            licence=row["licence"],
            note=row["note"],
        )
    if not settlements:
        raise DataError(path, "no rows: no settlements")
    return settlements


def load_settlement_control(
    path: Path = SETTLEMENT_CONTROL_CSV, settlements: Mapping[str, Settlement] | None = None
) -> list[Event]:
    """The dated control rows of settlements (the timeline's columns and checks), ``entity_id`` a GeoNames id.

    Raises
    ------
    DataError
        As :func:`geo.timeline.load_timeline`, and for an ``entity_id`` that is not a settlement's GeoNames id, or
        one that has a ``place_id`` (its control comes from the timeline: two tables would disagree).
    """
    events = load_timeline(path)
    if settlements is not None:
        for event in events:
            settlement = settlements.get(event.entity_id)
            if settlement is None:
                raise DataError(path, f"unknown entity_id {quote(event.entity_id)} (no such geonameid)", row=event.row)
            if settlement.place_id:
                raise DataError(
                    path,
                    f"{event.entity_id} is places.csv {settlement.place_id}: its rows belong in timeline.csv",
                    row=event.row,
                )
    return events


@dataclass(frozen=True)
class SettlementDay:
    """A settlement on a day: where it is, what it is called, and who held it (None where no source says)."""

    settlement: Settlement
    status: Status | None

    def as_record(self) -> dict:
        """The JSON record printed by ``python -m geo status`` and handed to the map."""
        s, status = self.settlement, self.status
        record = {
            **s.identity(),
            "control": status.control if status else None,
            "control_label": CONTROL_LABELS[status.control] if status else "No dated source",
            "status": status.status if status else None,
            "since": status.since.isoformat() if status else None,
            "period_start": status.period_start.iso() if status and status.period_start else None,
            "source": status.source.citation() if status else None,
            "source_title": status.source.source_title if status else None,
            "source_url": status.source.source_url if status else None,
            "alternatives": [e.citation() for e in status.alternatives] if status else [],
        }
        return record


def settlements_on(
    settlements: Mapping[str, Settlement], timeline: list[Event], control: list[Event], day: dt.date
) -> list[SettlementDay]:
    """Every settlement on ``day``, in file order, with its own status or None (see the module's rules)."""
    rows: dict[str, list[Event]] = defaultdict(list)
    for event in timeline:
        rows[event.entity_id].append(event)
    own: dict[str, list[Event]] = defaultdict(list)
    for event in control:
        own[event.entity_id].append(event)
    days = []
    for key, settlement in settlements.items():
        if settlement.place_id:
            status = own_status(settlement.place_id, rows.get(settlement.place_id, []), day)
        else:
            status = own_status(key, own.get(key, []), day)
        days.append(SettlementDay(settlement, status))
    return days


def load_settlement_days(day: dt.date, places: Mapping[str, Place]) -> list[SettlementDay]:
    """Load the three tables (``data/``) and return :func:`settlements_on` for ``day``: what the map takes."""
    settlements = load_settlements(places=places)
    timeline = load_timeline(places=places)
    return settlements_on(settlements, timeline, load_settlement_control(settlements=settlements), day)


def settlement_periods(
    settlements: Mapping[str, Settlement], timeline: list[Event], control: list[Event], start: dt.date, end: dt.date
) -> list[dict]:
    """Every settlement with the spans of its own control within ``[start, end]``, for a front end that draws any
    day without asking again (as the map does for districts).

    Each item has the settlement's ``geonameid``, ``name``, ``name_az``/``name_hy``/``name_ru``, ``lat``/``lon``,
    ``district``, ``place_id`` and ``periods``: ``start``/``end`` (ISO days, inclusive), ``control``, ``label``,
    ``status``, ``since`` (the row's date), ``source_title`` and ``source_url``. A day that no span covers has no
    status (no dated source of the settlement's own).
    """
    rows: dict[str, list[Event]] = defaultdict(list)
    for event in timeline:
        rows[event.entity_id].append(event)
    for event in control:
        rows[event.entity_id].append(event)
    items = []
    for key, s in settlements.items():
        own = rows.get(s.place_id or key, [])
        shown = sorted((e for e in own if e.kind == "control" and e.displayed), key=lambda e: (e.date, e.row))
        spans = []
        for current, following in zip(shown, [*shown[1:], None][: len(shown)], strict=True):
            last = following.date - dt.timedelta(days=1) if following else end
            if last < start or current.date > end:
                continue
            spans.append(
                {
                    "start": max(current.date, start).isoformat(),
                    "end": min(last, end).isoformat(),
                    "control": current.control,
                    "label": CONTROL_LABELS[current.control],
                    "status": current.status,
                    "since": current.date.isoformat(),
                    "source_title": current.source_title,
                    "source_url": current.source_url,
                }
            )
        items.append({**s.identity(), "periods": spans})
    return items


def first_name(names: str) -> str:
    """The first of ``|``-separated names (``settlements.csv``'s name columns), or ``""``."""
    return names.split("|")[0] if names else ""


def settlement_span_rows(periods: list[dict], places: Mapping[str, Place], end: dt.date) -> list[dict]:
    """The spans of :func:`settlement_periods` of the settlements that have rows of their own
    (``settlement_control.csv``), one row per span, for the timeline page's table.

    A settlement linked to ``places.csv`` is left out: its spans are its place's timeline rows, listed as the
    place. Each row has ``Settlement`` (its name, then its first Azerbaijani and Armenian names), ``District``
    (the gazetteer's name, or ``""`` outside the mapped districts), ``Since`` (the row's date, a ``datetime.date``),
    ``From`` and ``Until`` (the span's days within the map's, ``Until`` None when it runs to ``end``), ``Control``,
    ``Status``, ``Source`` and ``url`` (the source's address as written in the data).
    """
    rows = []
    for item in periods:
        if item["place_id"]:
            continue
        others = " · ".join(n for n in (first_name(item["name_az"]), first_name(item["name_hy"])) if n)
        name = item["name"] + (f" ({others})" if others and others != item["name"] else "")
        district = places[item["district"]].name if item["district"] in places else ""
        for span in item["periods"]:
            until = dt.date.fromisoformat(span["end"])
            rows.append(
                {
                    "Settlement": name,
                    "District": district,
                    "Since": dt.date.fromisoformat(span["since"]),
                    "From": dt.date.fromisoformat(span["start"]),
                    "Until": None if until >= end else until,
                    "Control": span["label"],
                    "Status": span["status"],
                    "Source": span["source_title"],
                    "url": span["source_url"],
                }
            )
    return rows
