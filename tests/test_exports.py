"""Downloads keep every row's source; the GeoJSON carries the day's status on the polygons."""

import csv
import datetime as dt
import io
import json
from dataclasses import replace

from geo import paths
from geo.exports import STATUS_COLUMNS, status_csv, status_geojson, timeline_csv
from geo.timeline import TIMELINE_COLUMNS, load_timeline, status_on

DAY = dt.date(2020, 11, 20)


def test_status_csv_has_a_sourced_row_per_district_and_place(places, events):
    statuses = status_on(events, places, DAY)
    rows = list(csv.DictReader(io.StringIO(status_csv(statuses, places))))
    assert tuple(rows[0]) == STATUS_COLUMNS
    assert {r["id"] for r in rows} == set(statuses)
    assert all(r["source_title"] and r["source_url"] for r in rows)
    aghdam = next(r for r in rows if r["id"] == "aghdam")
    assert (aghdam["control"], aghdam["since"], aghdam["period_start"]) == ("azerbaijani", "2020-11-20", "2020-11-20")


def test_status_csv_gives_when_the_period_of_control_began(places, events):
    # since: the row in force (the 1994 baseline); period_start: when that control began, as precisely as known.
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(status_csv(status_on(events, places, DAY), places)))}
    assert (rows["kalbajar"]["since"], rows["kalbajar"]["period_start"]) == ("1994-05-12", "1993-04")
    assert (rows["lachin-town"]["since"], rows["lachin-town"]["period_start"]) == ("2020-11-10", "1992-05-18")
    # Stepanakert: the row in force is the peacekeepers' command centre (15 Nov); its period's start is not dated.
    assert (rows["stepanakert"]["since"], rows["stepanakert"]["period_start"]) == ("2020-11-15", "")


def test_status_geojson_puts_the_status_on_each_polygon(places, events):
    districts = json.loads(paths.DISTRICTS_GEOJSON.read_text(encoding="utf-8"))
    collection = json.loads(status_geojson(status_on(events, places, DAY), places, districts, DAY))
    polygons = {f["properties"]["id"]: f for f in collection["features"] if f["geometry"]["type"] != "Point"}
    assert set(polygons) == {f["properties"]["id"] for f in districts["features"]}
    assert polygons["kalbajar"]["properties"]["deadline"] == "2020-11-25"
    assert polygons["kalbajar"]["properties"]["period_start"] == "1993-04"
    assert all(f["properties"]["date"] == "2020-11-20" for f in collection["features"])
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    assert {"charektar", "dadivank", "hadrut"} <= {f["properties"]["id"] for f in points}


def test_timeline_csv_round_trips(tmp_path, places, events):
    path = tmp_path / "timeline.csv"
    path.write_text(timeline_csv(events), encoding="utf-8")
    assert next(csv.reader(io.StringIO(path.read_text(encoding="utf-8")))) == list(TIMELINE_COLUMNS)
    assert [replace(e, row=0) for e in load_timeline(path, places)] == [replace(e, row=0) for e in events]
    assert any(e.held_since for e in events)  # the round trip carries the baseline rows' held_since
