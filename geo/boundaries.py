"""District polygons at run time: load and validate ``data/districts.geojson``, label points, areas, joins.

All geometries are in WGS84 longitude/latitude (EPSG:4326), coordinates in decimal degrees, longitude first.
Areas are geodesic, on the WGS84 ellipsoid, in square kilometres. Points handed to the map are (lat, lon).

The file is built offline by ``python -m geo build-districts`` (``geo/build_districts.py``); nothing here
imports the build, downloads or writes anything.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping
from pathlib import Path

import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from geo import paths
from geo.places import Place
from geo.tables import DataError, parse_url, quote, read_rows, read_text

GEOD = Geod(ellps="WGS84")
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
PROPERTY_KEYS = ("id", "name_az", "name_hy", "area_km2")
AREA_COLUMNS = ("id", "official_area_km2", "source_title", "source_url")
AREA_DECIMALS = 1
# The committed file is ~15 KB; a file this large is not ours.
MAX_GEOJSON_BYTES = 1_000_000
# GeoJSON (RFC 7946) is always WGS84 lon/lat and has no ``crs`` member; older files name it. These names mean
# the same thing; the bounds check below catches a file whose axes are swapped.
WGS84_CRS_NAMES = (
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "CRS84",
    "EPSG:4326",
    "urn:ogc:def:crs:EPSG::4326",
)
# (lon_min, lat_min, lon_max, lat_max) in degrees: the South Caucasus around the districts (which lie within
# 45.5-47.6 E, 38.8-40.7 N). A coordinate outside is a wrong file, projected metres, or swapped axes.
REGION_BOUNDS = (44.0, 38.0, 49.0, 41.5)
# A polygon's area_km2 property may differ from its recomputed geodesic area by rounding (0.1 km²) only; allow a
# little more so a re-serialisation with other rounding still loads.
AREA_TOLERANCE_KM2 = 0.5
# Where each district's name is drawn, (lat, lon) in degrees: the build's interior point (the centre of the
# largest inscribed circle of its Natural Earth face, see geo/build_districts.py DISTRICTS; for Shusha, of the
# district's larger face). The build does not write them into the file, so they live here;
# ``label_lat``/``label_lon`` properties in the file, when present, take precedence.
LABEL_POINTS: dict[str, tuple[float, float]] = {
    "aghdam": (40.06, 46.95),
    "fuzuli": (39.57, 47.28),
    "jabrayil": (39.28, 46.93),
    "kalbajar": (40.10, 46.20),
    "khojaly": (39.88, 46.63),
    "khojavend": (39.75, 47.03),
    "lachin": (39.77, 46.34),
    "qubadli": (39.36, 46.60),
    "shusha": (39.71, 46.66),
    "stepanakert": (39.83, 46.76),
    "tartar": (40.27, 46.75),
    "zangilan": (39.07, 46.60),
}
DISTRICT_IDS = tuple(sorted(LABEL_POINTS))


# --- Loading and validating the file -------------------------------------------------------------------------
def load_districts_geojson(path: Path = paths.DISTRICTS_GEOJSON, district_ids: Collection[str] = DISTRICT_IDS) -> dict:
    """Read and validate the district polygons file.

    Parameters
    ----------
    path : Path
        A GeoJSON FeatureCollection as written by ``python -m geo build-districts``.
    district_ids : collection of str
        The districts the file must hold, each exactly once and nothing else.

    Returns
    -------
    dict
        The parsed GeoJSON: a FeatureCollection of Polygon/MultiPolygon features in WGS84 lon/lat degrees,
        each with properties ``id``, ``name_az``, ``name_hy`` and ``area_km2`` (geodesic, km²).

    Raises
    ------
    DataError
        One line naming the file, the feature (index and id) and the problem: invalid JSON (with its line and
        column), not a FeatureCollection, a CRS other than WGS84, a missing or non-string property, an unknown,
        duplicate or missing district id, a geometry that is not a Polygon or MultiPolygon, malformed
        coordinates (not numbers, an unclosed or short ring), a coordinate outside the region, an invalid
        polygon (self-intersection), or an ``area_km2`` that disagrees with the polygon.
    """
    path = Path(path)
    text = read_text(path, MAX_GEOJSON_BYTES)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(path, f"not valid JSON: {exc.msg}", where=f"line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise DataError(path, "not valid JSON: nested too deeply") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        found = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        raise DataError(path, f"not a GeoJSON FeatureCollection (type is {quote(found)})")
    _check_crs(doc.get("crs"), path)
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        raise DataError(path, "a FeatureCollection without features")
    expected = set(district_ids)
    seen: dict[str, int] = {}
    for index, feature in enumerate(features):
        district_id = _check_feature(feature, index, expected, seen, path)
        seen[district_id] = index
    missing = sorted(expected - set(seen))
    if missing:
        raise DataError(path, f"no feature for district(s) {', '.join(missing)}")
    return doc


def _check_crs(crs: object, path: Path) -> None:
    if crs is None:
        return
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not (isinstance(crs, dict) and crs.get("type") == "name" and name in WGS84_CRS_NAMES):
        shown = name if isinstance(name, str) else crs
        raise DataError(path, f"crs {quote(shown)} is not WGS84 longitude/latitude ({WGS84_CRS_NAMES[0]})")


def _check_feature(feature: object, index: int, expected: set[str], seen: dict[str, int], path: Path) -> str:
    """Validate one feature and return its district id."""
    where = f"feature {index}"
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise DataError(path, "not a GeoJSON Feature", where=where)
    props = feature.get("properties")
    if not isinstance(props, dict):
        raise DataError(path, "no properties", where=where)
    district_id = props.get("id")
    if not isinstance(district_id, str) or not district_id:
        raise DataError(path, f"property 'id' is {quote(district_id)}, expected a district id", where=where)
    if district_id not in expected:
        known = ", ".join(sorted(expected))
        raise DataError(path, f"unknown district id {quote(district_id)} (the districts: {known})", where=where)
    where = f"feature {index} ({district_id})"
    if district_id in seen:
        raise DataError(path, f"duplicate id {quote(district_id)} (first at feature {seen[district_id]})", where=where)
    for key in ("name_az", "name_hy"):
        if not isinstance(props.get(key), str) or not props[key]:
            raise DataError(path, f"missing property {key!r}", where=where)
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        raise DataError(path, "missing geometry", where=where)
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        shown = kind if isinstance(kind, str) and kind.isalnum() and len(kind) <= 30 else quote(kind)
        raise DataError(path, f"geometry is a {shown}; expected Polygon or MultiPolygon", where=where)
    polygons = [geometry.get("coordinates")] if geometry["type"] == "Polygon" else geometry.get("coordinates")
    problem = _coordinates_problem(polygons)
    if problem:
        raise DataError(path, problem, where=where)
    geom = shape(geometry)
    if not geom.is_valid:
        raise DataError(path, f"invalid geometry: {shapely.is_valid_reason(geom)}", where=where)
    area = props.get("area_km2")
    if isinstance(area, bool) or not isinstance(area, (int, float)) or not math.isfinite(area) or area <= 0:
        raise DataError(path, f"area_km2 {quote(area)} is not a positive number", where=where)
    computed = geodesic_area_km2(geom)
    if abs(area - computed) > AREA_TOLERANCE_KM2:
        raise DataError(path, f"area_km2 {area} differs from the polygon's area ({computed:.1f} km²)", where=where)
    for key, low, high in (("label_lat", REGION_BOUNDS[1], REGION_BOUNDS[3]), ("label_lon", *REGION_BOUNDS[::2])):
        value = props.get(key)
        if value is not None and not (_is_number(value) and low <= value <= high):
            raise DataError(path, f"{key} {quote(value)} is not a number in [{low}, {high}]", where=where)
    return district_id


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _coordinates_problem(polygons: object) -> str:
    """What is wrong with a list of polygons' coordinates (rings of [lon, lat] positions), or ""."""
    if not isinstance(polygons, list) or not polygons:
        return "coordinates are not a list of polygons"
    lon_min, lat_min, lon_max, lat_max = REGION_BOUNDS
    for polygon_no, rings in enumerate(polygons):
        if not isinstance(rings, list) or not rings:
            return f"polygon {polygon_no}: coordinates are not a list of rings"
        for ring_no, ring in enumerate(rings):
            at = f"polygon {polygon_no}, ring {ring_no}"
            if not isinstance(ring, list) or len(ring) < 4:
                return f"{at}: a ring needs at least 4 positions"
            for position in ring:
                if not isinstance(position, list) or len(position) not in (2, 3) or not all(map(_is_number, position)):
                    return f"{at}: position {quote(position)} is not [longitude, latitude] in numbers"
                lon, lat = position[:2]
                if not (lon_min <= lon <= lon_max and lat_min <= lat <= lat_max):
                    swapped = lon_min <= lat <= lon_max and lat_min <= lon <= lat_max
                    hint = "; longitude and latitude swapped?" if swapped else ""
                    return (
                        f"{at}: position [{lon}, {lat}] is outside the region (longitude {lon_min} to {lon_max}, "
                        f"latitude {lat_min} to {lat_max}){hint}"
                    )
            if ring[0][:2] != ring[-1][:2]:
                return f"{at}: ring is not closed (first position {ring[0]}, last {ring[-1]})"
    return ""


def district_shapes(geojson: Mapping) -> dict[str, BaseGeometry]:
    """District id -> shapely Polygon or MultiPolygon (EPSG:4326 degrees), in file order, from a validated file."""
    return {f["properties"]["id"]: shape(f["geometry"]) for f in geojson["features"]}


def label_points(geojson: Mapping) -> dict[str, tuple[float, float]]:
    """Where each district's name is drawn, ``id -> (lat, lon)`` in degrees.

    From the feature's ``label_lat``/``label_lon`` properties when the file has them, else ``LABEL_POINTS``, else
    a point on the polygon's surface (for a district the table does not know).
    """
    points = {}
    for feature in geojson["features"]:
        props = feature["properties"]
        district_id = props["id"]
        if "label_lat" in props and "label_lon" in props:
            points[district_id] = (float(props["label_lat"]), float(props["label_lon"]))
        elif district_id in LABEL_POINTS:
            points[district_id] = LABEL_POINTS[district_id]
        else:
            inside = shape(feature["geometry"]).representative_point()
            points[district_id] = (round(inside.y, 2), round(inside.x, 2))
    return points


def geodesic_area_km2(geom: BaseGeometry) -> float:
    """Geodesic area of an EPSG:4326 polygon on the WGS84 ellipsoid, in km² (unrounded)."""
    area_m2, _ = GEOD.geometry_area_perimeter(geom)
    return abs(area_m2) / 1e6


# --- Places and official areas against the polygons ----------------------------------------------------------
def join_places(places: pd.DataFrame, districts: Mapping[str, BaseGeometry]) -> pd.DataFrame:
    """Find the district polygon each place lies in and flag places outside their own district.

    Parameters
    ----------
    places : pandas.DataFrame
        Columns ``id``, ``lat``, ``lon`` (EPSG:4326 degrees) and ``district`` (a district id, or empty/NaN).
    districts : mapping
        District id -> polygon (EPSG:4326 degrees), as returned by :func:`district_shapes`.

    Returns
    -------
    pandas.DataFrame
        ``places`` (same index, same columns) plus ``polygon_district`` (the id of the polygon that covers the
        point, "" when none does or the coordinates are missing; on a shared border, the first id in
        alphabetical order) and ``outside_own_district`` (True when ``district`` is non-empty and differs from
        ``polygon_district``). Nothing is dropped: the caller lists the flagged places.
    """
    missing = [c for c in ("id", "lat", "lon", "district") if c not in places.columns]
    if missing:
        raise ValueError(f"places table lacks column(s): {', '.join(missing)}")
    lat = pd.to_numeric(places["lat"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(places["lon"], errors="coerce").to_numpy(dtype=float)
    ids = list(districts)
    tree = shapely.STRtree(list(districts.values()))
    found = [""] * len(places)
    for row in range(len(places)):
        if math.isnan(lat[row]) or math.isnan(lon[row]):
            continue
        hits = tree.query(Point(lon[row], lat[row]), predicate="intersects")
        if len(hits):
            found[row] = min(ids[int(i)] for i in hits)
    own = places["district"].fillna("").astype(str).str.strip()
    out = places.copy()
    out["polygon_district"] = found
    out["outside_own_district"] = (own != "") & (own != out["polygon_district"])
    return out


def official_areas(
    path: Path = paths.DISTRICT_AREAS_CSV, district_ids: Collection[str] | None = DISTRICT_IDS
) -> pd.DataFrame:
    """Read the official district areas table.

    Parameters
    ----------
    path : Path
        ``district_areas.csv``.
    district_ids : collection of str or None
        The districts the table must cover, each once and nothing else; ``None`` checks only the rows.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``official_area_km2`` (float, km²), ``source_title``, ``source_url``.

    Raises
    ------
    DataError (a ValueError)
        Naming the file and row: a missing column, an empty, unknown or duplicate id, an area that is not a
        positive number, an empty source or a source_url that is not an http(s) address; or the districts
        without a row.
    """
    rows = []
    seen: dict[str, int] = {}
    for line_no, row in read_rows(Path(path), AREA_COLUMNS):
        district_id = row["id"]
        if not district_id:
            raise DataError(path, "empty id", row=line_no)
        if district_ids is not None and district_id not in district_ids:
            raise DataError(path, f"unknown district id {quote(district_id)}", row=line_no)
        if district_id in seen:
            raise DataError(path, f"duplicate id {quote(district_id)} (first at row {seen[district_id]})", row=line_no)
        seen[district_id] = line_no
        try:
            area = float(row["official_area_km2"])
        except ValueError:
            area = float("nan")
        if not 0 < area < math.inf:
            raise DataError(
                path, f"official_area_km2 {quote(row['official_area_km2'])} is not a positive number", row=line_no
            )
        if not row["source_title"] or not row["source_url"]:
            raise DataError(path, f"{district_id}: source_title and source_url are required", row=line_no)
        parse_url(row["source_url"], path, line_no)
        rows.append(
            {
                "id": district_id,
                "official_area_km2": area,
                "source_title": row["source_title"],
                "source_url": row["source_url"],
            }
        )
    missing = sorted(set(district_ids or ()) - set(seen))
    if missing:
        raise DataError(path, f"no row for district(s) {', '.join(missing)}")
    return pd.DataFrame(rows, columns=list(AREA_COLUMNS))


def area_table(districts: Mapping[str, BaseGeometry], areas: pd.DataFrame) -> pd.DataFrame:
    """Compare each polygon's geodesic area with its official area.

    Returns
    -------
    pandas.DataFrame
        One row per district, sorted by id: ``id``, ``polygon_area_km2`` (geodesic, from the geometry, rounded
        to 0.1 km²), ``official_area_km2`` (km²) and ``ratio`` (polygon / official, rounded to 0.01).

    Raises
    ------
    ValueError
        When a district has no official area.
    """
    official = dict(zip(areas["id"], areas["official_area_km2"], strict=True))
    rows = []
    for district_id, geom in sorted(districts.items()):
        if district_id not in official:
            raise ValueError(f"district {district_id}: no row in the official areas table")
        poly = round(geodesic_area_km2(geom), AREA_DECIMALS)
        rows.append(
            {
                "id": district_id,
                "polygon_area_km2": poly,
                "official_area_km2": float(official[district_id]),
                "ratio": round(poly / float(official[district_id]), 2),
            }
        )
    return pd.DataFrame(rows, columns=["id", "polygon_area_km2", "official_area_km2", "ratio"])


def boundary_report(
    places: Mapping[str, Place],
    path: Path = paths.DISTRICTS_GEOJSON,
    areas_path: Path = paths.DISTRICT_AREAS_CSV,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The polygon-versus-official area table and the places outside their own district's polygon.

    The polygons file and the areas table are checked against the districts of ``places`` (its area units).

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        :func:`area_table`'s table, and the rows of :func:`join_places` flagged ``outside_own_district``
        (columns ``id``, ``lat``, ``lon``, ``district``, ``polygon_district``, ``outside_own_district``).

    Raises
    ------
    DataError
        As :func:`load_districts_geojson` and :func:`official_areas`.
    """
    district_ids = sorted(p.id for p in places.values() if p.is_area)
    shapes = district_shapes(load_districts_geojson(path, district_ids))
    points = pd.DataFrame(
        [{"id": p.id, "lat": p.lat, "lon": p.lon, "district": p.district} for p in places.values()],
        columns=["id", "lat", "lon", "district"],
    )
    joined = join_places(points, shapes)
    areas = area_table(shapes, official_areas(areas_path, district_ids))
    return areas, joined[joined["outside_own_district"]].reset_index(drop=True)
