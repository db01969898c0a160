"""Downloads: the status on a day as rows, CSV and GeoJSON, and the whole timeline as CSV.

Every export carries the source of each row, so a downloaded file keeps its provenance. Dates are ISO: ``since`` is
the date of the row in force, ``period_start`` when the current period of control began (``1993-04`` to the month,
``1993`` to the year; empty where a baseline row holds it and no source dates its start, see
``geo.timeline.Status``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping

from geo.places import Place
from geo.timeline import TIMELINE_COLUMNS, Event, Status

STATUS_COLUMNS = (
    "id",
    "name",
    "kind",
    "district",
    "control",
    "since",
    "period_start",
    "status",
    "deadline",
    "inherited_from",
    "source_title",
    "source_url",
)


def status_rows(statuses: Mapping[str, Status], places: Mapping[str, Place]) -> list[dict]:
    """One row per district or place with a status, districts first, in gazetteer order."""
    rows = []
    for place_id, place in places.items():
        status = statuses.get(place_id)
        if status is None:
            continue
        rows.append(
            {
                "id": place_id,
                "name": place.name,
                "kind": place.kind,
                "district": place.district,
                "control": status.control,
                "since": status.since.isoformat(),
                "period_start": status.period_start.iso() if status.period_start else "",
                "status": status.status,
                "deadline": status.deadline.date.isoformat() if status.deadline else "",
                "inherited_from": status.inherited_from or "",
                "source_title": status.source.source_title,
                "source_url": status.source.source_url,
            }
        )
    return sorted(rows, key=lambda r: (not places[r["id"]].is_area, list(places).index(r["id"])))


def to_csv(rows: Iterable[Mapping], columns: Iterable[str]) -> str:
    """CSV text (UTF-8, comma-separated, header first, ``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def status_csv(statuses: Mapping[str, Status], places: Mapping[str, Place]) -> str:
    """The status table on a day as CSV."""
    return to_csv(status_rows(statuses, places), STATUS_COLUMNS)


def status_geojson(statuses: Mapping[str, Status], places: Mapping[str, Place], districts: dict, day: dt.date) -> str:
    """District polygons (EPSG:4326) with the day's status as properties, and places as points."""
    rows = {row["id"]: row for row in status_rows(statuses, places)}
    features = []
    for feature in districts["features"]:
        district_id = feature["properties"]["id"]
        if district_id in rows:
            properties = {**feature["properties"], **rows[district_id], "date": day.isoformat()}
            features.append({"type": "Feature", "properties": properties, "geometry": feature["geometry"]})
    for place_id, row in rows.items():
        place = places[place_id]
        if not place.is_area:
            features.append(
                {
                    "type": "Feature",
                    "properties": {**row, "date": day.isoformat()},
                    "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                }
            )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)


def timeline_csv(events: Iterable[Event]) -> str:
    """The whole timeline (every row, displayed or kept as an alternative) in the file's own columns."""
    rows = [
        {
            "entity_id": e.entity_id,
            "date": e.date.isoformat(),
            "kind": e.kind,
            "control": e.control,
            "held_since": e.held_since.iso() if e.held_since else "",
            "status": e.status,
            "claim": e.claim,
            "displayed": "yes" if e.displayed else "no",
            "announced": e.announced.isoformat() if e.announced else "",
            "source_title": e.source_title,
            "source_url": e.source_url,
            "note": e.note,
        }
        for e in events
    ]
    return to_csv(rows, TIMELINE_COLUMNS)
