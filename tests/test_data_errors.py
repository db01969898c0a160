"""Every kind of corruption of every file under data/ gives one located line: the file, the row or feature, what is
wrong. Each case corrupts a copy of data/ in tmp_path (the repository is never written) and loads it all the way the
app does; the message must be exactly the one expected, with no path of the machine in it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from geo import boundaries, paths
from geo.corpus import load_corpus, load_metadata
from geo.places import load_people, load_places
from geo.tables import DataError
from geo.timeline import load_timeline


@pytest.fixture
def data(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA, copy)
    return copy


def load_everything(data: Path) -> None:
    """What the app loads, in its order, from a copy of data/."""
    places = load_places(data / "places.csv")
    load_people(data / "people.csv")
    load_timeline(data / "timeline.csv", places=places)
    load_metadata(data / "articles" / "metadata.csv")
    load_corpus(data / "articles")
    geojson = boundaries.load_districts_geojson(data / "districts.geojson")
    boundaries.label_points(geojson)
    boundaries.boundary_report(places, data / "districts.geojson", data / "district_areas.csv")


def edit_line(name: str, starts: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace ``old`` by ``new`` in the first line of ``name`` that starts with ``starts``."""

    def corrupt(data: Path) -> None:
        path = data / name
        lines = path.read_text(encoding="utf-8").split("\n")
        index = next(i for i, line in enumerate(lines) if line.startswith(starts))
        assert old in lines[index], (name, starts, old)
        lines[index] = lines[index].replace(old, new, 1)
        path.write_text("\n".join(lines), encoding="utf-8")

    return corrupt


def drop_line(name: str, starts: str) -> Callable[[Path], None]:
    def corrupt(data: Path) -> None:
        path = data / name
        lines = path.read_text(encoding="utf-8").split("\n")
        path.write_text("\n".join(line for line in lines if not line.startswith(starts)), encoding="utf-8")

    return corrupt


def write_bytes(name: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def corrupt(data: Path) -> None:
        path = data / name
        path.write_bytes(change(path.read_bytes()))

    return corrupt


def edit_geojson(change: Callable[[dict], None]) -> Callable[[Path], None]:
    """Change the parsed districts file and write it back as the build does (one feature a line)."""

    def corrupt(data: Path) -> None:
        path = data / "districts.geojson"
        doc = json.loads(path.read_text(encoding="utf-8"))
        change(doc)
        path.write_text(json.dumps(doc, ensure_ascii=False).replace("}}, {", "}},\n{"), encoding="utf-8")

    return corrupt


def feature(district_id: str) -> Callable[[dict], dict]:
    return lambda doc: next(f for f in doc["features"] if f["properties"]["id"] == district_id)


KALBAJAR = feature("kalbajar")  # feature 3 of the file (features are sorted by id)


def set_geometry(geometry: dict) -> Callable[[dict], None]:
    return lambda doc: KALBAJAR(doc).update(geometry=geometry)


def set_first_position(position: list) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        ring = KALBAJAR(doc)["geometry"]["coordinates"][0]
        ring[0] = ring[-1] = position

    return change


def swap_axes(doc: dict) -> None:
    ring = KALBAJAR(doc)["geometry"]["coordinates"][0]
    ring[:] = [[lat, lon] for lon, lat in ring]


def open_ring(doc: dict) -> None:
    KALBAJAR(doc)["geometry"]["coordinates"][0].pop()


def set_property(key: str, value) -> Callable[[dict], None]:
    return lambda doc: KALBAJAR(doc)["properties"].update({key: value})


def append_feature_copy(doc: dict) -> None:
    doc["features"].append(json.loads(json.dumps(KALBAJAR(doc))))


def drop_feature(doc: dict) -> None:
    doc["features"].remove(KALBAJAR(doc))


def set_top(key: str, value) -> Callable[[dict], None]:
    return lambda doc: doc.update({key: value})


POINT = {"type": "Point", "coordinates": [46.2, 40.1]}
NUL_IN_ROW_3 = write_bytes(
    "places.csv", lambda raw: raw.replace(b"aghdam,district,Aghdam", b"aghdam,district,Agh\0dam")
)
CP1251 = write_bytes("places.csv", lambda raw: raw.decode("utf-8").encode("cp1251", errors="replace"))
UTF16 = write_bytes("people.csv", lambda raw: raw.decode("utf-8").encode("utf-16"))
TAG = "<script>alert(1)</script>"

# (file, how it is corrupted, the exact message). Rows are file lines (the header is row 1); features are counted
# from 0 in file order, as in the file's "features" list.
CASES = [
    # --- places.csv
    (
        "places.csv",
        edit_line("places.csv", "aghdam,", "aghdam,district", "aghdam,province"),
        "places.csv, row 3: kind 'province' is not one of district, city, town, village, monastery",
    ),
    (
        "places.csv",
        edit_line("places.csv", "goris,", "39.50778", "forty"),
        "places.csv, row 28: lat 'forty' is not a number",
    ),
    (
        "places.csv",
        edit_line("places.csv", "goris,", "39.50778", "139.5"),
        "places.csv, row 28: lat 139.5 is out of range [-90, 90]",
    ),
    (
        "places.csv",
        edit_line("places.csv", "goris,", "39.50778", "nan"),  # float() reads it; it is no coordinate
        "places.csv, row 28: lat nan is out of range [-90, 90]",
    ),
    (
        "places.csv",
        edit_line("places.csv", "hadrut,", ",khojavend,", ",atlantis,"),
        "places.csv, row 25: hadrut: district 'atlantis' is not a district id",
    ),
    (
        "places.csv",
        edit_line("places.csv", "hadrut,", ",khojavend,", ",hadrut,"),  # a town is not a district
        "places.csv, row 25: hadrut: district 'hadrut' is not a district id",
    ),
    (
        "places.csv",
        edit_line("places.csv", "aghdam,", "aghdam,AZ", "fuzuli,AZ"),
        "places.csv, row 3: aghdam: a district's district must be its own id, not 'fuzuli'",
    ),
    (
        "places.csv",
        edit_line("places.csv", "goris,", "goris,", "vardenis,"),
        "places.csv, row 29: duplicate id 'vardenis' (first at row 28)",
    ),
    (
        "places.csv",
        edit_line("places.csv", "goris,", "goris,", "Goris,"),
        "places.csv, row 28: id 'Goris' is not a lowercase id (a-z, 0-9, '-')",
    ),
    (
        "places.csv",  # an alias shared by two places of one rank: which one would an article mean?
        edit_line("places.csv", "aghdam,", ",Agdam|", ",Agdam|Füzuli|"),
        "places.csv, row 6: fuzuli: name 'Fuzuli' is also a name of aghdam ('Füzuli', row 3); "
        "a name must say which one it means",
    ),
    (
        "places.csv",
        edit_line("places.csv", "goris,", "goris,town,Goris,", "goris,town,,"),
        "places.csv, row 28: empty name",
    ),
    (
        "places.csv",
        edit_line("places.csv", "id,", ",coord_source,", ",source,"),
        "places.csv, row 1: missing column(s): coord_source",
    ),
    (
        "places.csv",
        edit_line("places.csv", "id,", ",aliases", ",lat"),
        "places.csv, row 1: repeated column(s): lat",
    ),
    (
        "places.csv",
        edit_line("places.csv", "goris,", "goris,town,", "goris,"),
        "places.csv, row 28: expected 12 fields, found 11",
    ),
    (
        "places.csv",
        edit_line("places.csv", "goris,", "goris,town,Goris,", 'goris,town,"Goris"x,'),
        "places.csv, row 28: not valid CSV: ',' expected after '\"'",
    ),
    ("places.csv", NUL_IN_ROW_3, "places.csv, row 3: NUL character in the text (binary data or a damaged file)"),
    ("places.csv", CP1251, "places.csv, line 2: not UTF-8 text (byte 140)"),
    ("places.csv", write_bytes("places.csv", lambda raw: b""), "places.csv: empty file: no header row"),
    (
        "places.csv",
        write_bytes("places.csv", lambda raw: raw.split(b"\n")[0]),
        "places.csv: no rows: the gazetteer is empty",
    ),
    # --- people.csv
    (
        "people.csv",
        edit_line("people.csv", "herve-bar,", "http://", "javascript:alert(1)//"),
        "people.csv, row 8: source_url 'javascript:alert(1)//www.mediaunautreregard.com/2013/06/03/d…' "
        "does not start with https:// or http://",
    ),
    (
        "people.csv",
        edit_line("people.csv", "alexander-ryumin,", "alexander-ryumin,Alexander Ryumin,", "alexander-ryumin,Putin,"),
        "people.csv, row 9: alexander-ryumin: name 'Putin' is also a name of vladimir-putin ('Putin', row 4); "
        "a name must say which one it means",
    ),
    ("people.csv", UTF16, "people.csv: saved as UTF-16; save it as UTF-8"),
    # --- timeline.csv
    (
        "timeline.csv",
        edit_line("timeline.csv", "aghdam,2020-11-20,control", "2020-11-20", "2020-11-31"),
        "timeline.csv, row 3: date '2020-11-31' is not a date (YYYY-MM-DD)",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "aghdam,2020-11-20,control", "2020-11-20", "20201120"),
        "timeline.csv, row 3: date '20201120' is not a date (YYYY-MM-DD)",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "aghdam,2020-11-20,control", "aghdam,", "atlantis,"),
        "timeline.csv, row 3: unknown entity_id 'atlantis' (not in places.csv)",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "aghdam,2020-11-20,control", "aghdam,", ","),
        "timeline.csv, row 3: empty entity_id",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "aghdam,2020-11-20,control", ",azerbaijani,", ",russian,"),
        "timeline.csv, row 3: control 'russian' is not one of armenian, azerbaijani, mixed",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "aghdam,2020-11-20,control", ",control,", ",event,"),
        "timeline.csv, row 3: kind 'event' is not one of control, deadline",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "aghdam,2020-11-20,control", ",yes,", ",Yes,"),
        "timeline.csv, row 3: displayed 'Yes' must be yes or no",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "aghdam,2020-11-20,control", ",https://", ",javascript:alert(1)//"),
        "timeline.csv, row 3: source_url 'javascript:alert(1)//www.rferl.org/a/nagorno-karabakh-azerba…' "
        "does not start with https:// or http:// or seed:",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "aghdam,2020-11-20,deadline", ",2020-11-10,", ",,"),
        "timeline.csv, row 4: aghdam: a deadline row needs the day it was announced",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "aghdam,2020-11-20,control", "aghdam-entry,", "aghdam-baseline,"),
        "timeline.csv, row 3: aghdam: claim 'aghdam-baseline' displays several dates (rows 2, 3)",
    ),
    (
        "timeline.csv",
        write_bytes("timeline.csv", lambda raw: raw.split(b"\n")[0] + b"\n"),
        "timeline.csv: no rows: the timeline is empty",
    ),
    # held_since: when a baseline row's control began (Kalbajar's row 27: 1993-04; Lachin town's row 48: 1992-05-18)
    (
        "timeline.csv",
        edit_line("timeline.csv", "entity_id,", "held_since,", ""),
        "timeline.csv, row 1: missing column(s): held_since",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "kalbajar,1994-05-12,control", ",1993-04,", ",1993-4,"),
        "timeline.csv, row 27: held_since '1993-4' is not a year, month or day (YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "kalbajar,1994-05-12,control", ",1993-04,", ",April 1993,"),
        "timeline.csv, row 27: held_since 'April 1993' is not a year, month or day (YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "lachin-town,1994-05-12,control", ",1992-05-18,", ",1992-05-32,"),
        "timeline.csv, row 48: held_since '1992-05-32' is not a year, month or day (YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    (
        # the same day as the row: the row's own date says it, held_since is for a start before it
        "timeline.csv",
        edit_line("timeline.csv", "lachin-town,1994-05-12,control", ",1992-05-18,", ",1994-05-12,"),
        "timeline.csv, row 48: lachin-town: held_since '1994-05-12' is not before the row's date 1994-05-12",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "kalbajar,1994-05-12,control", ",1993-04,", ",1995,"),
        "timeline.csv, row 27: kalbajar: held_since '1995' is not before the row's date 1994-05-12",
    ),
    (
        "timeline.csv",
        edit_line("timeline.csv", "aghdam,2020-11-20,deadline", ",deadline,,,", ",deadline,,1993,"),
        "timeline.csv, row 4: a deadline row has no held_since value",
    ),
    (
        # Stepanakert's 10 Nov row goes on with the Armenian control of its baseline row: no new period to date
        "timeline.csv",
        edit_line("timeline.csv", "stepanakert,2020-11-10,control", ",armenian,,", ",armenian,1992,"),
        "timeline.csv, row 65: stepanakert: held_since '1992' on a row that continues the armenian control of row 64",
    ),
    (
        # Aghdam's Azerbaijani control cannot have begun before the baseline row that gives it as divided
        "timeline.csv",
        edit_line("timeline.csv", "aghdam,2020-11-20,control", ",azerbaijani,,", ",azerbaijani,1993,"),
        "timeline.csv, row 3: aghdam: held_since '1993' is not after the date of row 2 (1994-05-12), which gives "
        "mixed control",
    ),
    # --- district_areas.csv
    (
        "district_areas.csv",
        edit_line("district_areas.csv", "kalbajar,", "kalbajar,", "atlantis,"),
        "district_areas.csv, row 5: unknown district id 'atlantis'",
    ),
    (
        "district_areas.csv",
        drop_line("district_areas.csv", "kalbajar,"),
        "district_areas.csv: no row for district(s) kalbajar",
    ),
    (
        "district_areas.csv",
        edit_line("district_areas.csv", "lachin,", "lachin,", "kalbajar,"),
        "district_areas.csv, row 8: duplicate id 'kalbajar' (first at row 5)",
    ),
    (
        "district_areas.csv",
        edit_line("district_areas.csv", "kalbajar,", "3050", "-3050"),
        "district_areas.csv, row 5: official_area_km2 '-3050' is not a positive number",
    ),
    (
        "district_areas.csv",
        edit_line("district_areas.csv", "kalbajar,", "3050", "inf"),
        "district_areas.csv, row 5: official_area_km2 'inf' is not a positive number",
    ),
    # --- districts.geojson
    (
        "districts.geojson",
        write_bytes("districts.geojson", lambda raw: raw[:-5]),
        "districts.geojson, line 13, column 1166: not valid JSON: Expecting ',' delimiter",
    ),
    (
        "districts.geojson",
        write_bytes("districts.geojson", lambda raw: b"[" * 100_000),  # deeper than the parser's recursion
        "districts.geojson: not valid JSON: nested too deeply",
    ),
    (
        "districts.geojson",
        edit_geojson(set_top("type", "GeometryCollection")),
        "districts.geojson: not a GeoJSON FeatureCollection (type is 'GeometryCollection')",
    ),
    (
        "districts.geojson",
        edit_geojson(set_top("crs", {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}})),
        "districts.geojson: crs 'urn:ogc:def:crs:EPSG::3857' is not WGS84 longitude/latitude "
        "(urn:ogc:def:crs:OGC:1.3:CRS84)",
    ),
    (
        "districts.geojson",
        edit_geojson(set_top("features", [])),
        "districts.geojson: a FeatureCollection without features",
    ),
    (
        "districts.geojson",
        edit_geojson(set_geometry(POINT)),
        "districts.geojson, feature 3 (kalbajar): geometry is a Point; expected Polygon or MultiPolygon",
    ),
    (
        "districts.geojson",
        edit_geojson(set_geometry({"type": TAG})),  # echoed quoted and cut, never as markup
        "districts.geojson, feature 3 (kalbajar): geometry is a '<script>alert(1)</script>'; "
        "expected Polygon or MultiPolygon",
    ),
    (
        "districts.geojson",
        edit_geojson(set_geometry(None)),
        "districts.geojson, feature 3 (kalbajar): missing geometry",
    ),
    (
        "districts.geojson",
        edit_geojson(set_first_position(["46.2", 40.1])),
        "districts.geojson, feature 3 (kalbajar): polygon 0, ring 0: position ['46.2', 40.1] is not "
        "[longitude, latitude] in numbers",
    ),
    (
        "districts.geojson",
        edit_geojson(set_first_position([46.2, float("nan")])),  # json writes NaN, and reads it back
        "districts.geojson, feature 3 (kalbajar): polygon 0, ring 0: position [46.2, nan] is not "
        "[longitude, latitude] in numbers",
    ),
    (
        "districts.geojson",
        edit_geojson(open_ring),
        "districts.geojson, feature 3 (kalbajar): polygon 0, ring 0: ring is not closed "
        "(first position [45.57627, 39.99389], last [45.63957, 40.02541])",
    ),
    (
        "districts.geojson",
        edit_geojson(swap_axes),
        "districts.geojson, feature 3 (kalbajar): polygon 0, ring 0: position [39.99389, 45.57627] is outside "
        "the region (longitude 44.0 to 49.0, latitude 38.0 to 41.5); longitude and latitude swapped?",
    ),
    (
        "districts.geojson",
        edit_geojson(set_first_position([5_123_000.0, 4_860_000.0])),  # metres of a projected CRS
        "districts.geojson, feature 3 (kalbajar): polygon 0, ring 0: position [5123000.0, 4860000.0] is outside "
        "the region (longitude 44.0 to 49.0, latitude 38.0 to 41.5)",
    ),
    (
        "districts.geojson",
        edit_geojson(set_property("id", "atlantis")),
        "districts.geojson, feature 3: unknown district id 'atlantis' (the districts: aghdam, fuzuli, jabrayil, "
        "kalbajar, khojaly, khojavend, lachin, qubadli, shusha, stepanakert, tartar, zangilan)",
    ),
    (
        "districts.geojson",
        edit_geojson(set_property("id", 7)),
        "districts.geojson, feature 3: property 'id' is 7, expected a district id",
    ),
    (
        "districts.geojson",
        edit_geojson(append_feature_copy),
        "districts.geojson, feature 12 (kalbajar): duplicate id 'kalbajar' (first at feature 3)",
    ),
    (
        "districts.geojson",
        edit_geojson(drop_feature),
        "districts.geojson: no feature for district(s) kalbajar",
    ),
    (
        "districts.geojson",
        edit_geojson(set_property("area_km2", "2771")),
        "districts.geojson, feature 3 (kalbajar): area_km2 '2771' is not a positive number",
    ),
    (
        "districts.geojson",
        edit_geojson(set_property("area_km2", 3050)),
        "districts.geojson, feature 3 (kalbajar): area_km2 3050 differs from the polygon's area (2771.0 km²)",
    ),
    (
        "districts.geojson",
        edit_geojson(set_property("label_lat", "north")),
        "districts.geojson, feature 3 (kalbajar): label_lat 'north' is not a number in [38.0, 41.5]",
    ),
    # --- articles/
    (
        "articles/metadata.csv",
        edit_line("articles/metadata.csv", "002_", "2020-11-16", "16 Nov 2020"),
        "metadata.csv, row 3: published '16 Nov 2020' is not a date",
    ),
    (
        "articles/metadata.csv",
        edit_line("articles/metadata.csv", "002_", ",no,", ",perhaps,"),
        "metadata.csv, row 3: machine_translated must be yes or no",
    ),
    (
        "articles/metadata.csv",
        edit_line("articles/metadata.csv", "002_", "002_", "009_"),
        "metadata.csv: rows for files that are not in the folder: 009_353686bb8fdbdf8e.txt",
    ),
    (
        "articles/002_353686bb8fdbdf8e.txt",
        write_bytes("articles/002_353686bb8fdbdf8e.txt", lambda raw: raw[:100] + b"\0" + raw[100:]),
        "002_353686bb8fdbdf8e.txt: binary file (contains NUL bytes); an article must be UTF-8 text (.txt or .md)",
    ),
    (
        "articles/002_353686bb8fdbdf8e.txt",
        write_bytes("articles/002_353686bb8fdbdf8e.txt", lambda raw: raw.replace(b"Azerbaijan", b"Azerbaij\xe1n", 1)),
        "002_353686bb8fdbdf8e.txt: not UTF-8 text (invalid byte at offset 35)",
    ),
    (
        "articles/002_353686bb8fdbdf8e.txt",
        write_bytes("articles/002_353686bb8fdbdf8e.txt", lambda raw: b"\n \n"),
        "002_353686bb8fdbdf8e.txt: empty article: no text",
    ),
]


@pytest.mark.parametrize(
    ("name", "corrupt", "message"),
    CASES,
    ids=[f"{name}:{message.split(': ', 1)[1][:40]}" for name, _, message in CASES],
)
def test_a_corrupted_file_gives_one_located_line(data, name, corrupt, message):
    corrupt(data)
    with pytest.raises(DataError) as err:
        load_everything(data)
    text = str(err.value)
    assert text == message
    assert "\n" not in text and str(data) not in text and Path(err.value.path).name == Path(name).name


def _bom_and_crlf(raw: bytes) -> bytes:
    return b"\xef\xbb\xbf" + raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@pytest.mark.parametrize(
    "name",
    ["places.csv", "people.csv", "timeline.csv", "district_areas.csv", "articles/metadata.csv", "districts.geojson"],
)
def test_a_file_saved_with_a_bom_and_crlf_loads_the_same(data, name):
    write_bytes(name, _bom_and_crlf)(data)
    load_everything(data)
    assert load_places(data / "places.csv") == load_places(paths.PLACES_CSV)


def test_the_real_data_loads():
    load_everything(paths.DATA)


def test_messages_name_the_repositorys_own_files_relative_to_it():
    with pytest.raises(DataError) as err:
        load_places(paths.DATA / "no-such.csv")
    assert str(err.value) == "data/no-such.csv: file not found"
