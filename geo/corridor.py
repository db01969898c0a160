"""The Lachin corridor, drawn as a schematic band.

Point 6 of the trilateral statement of 9/10 November 2020 places "the Lachin corridor (5 km wide), which will
provide a connection between Nagorno-Karabakh and Armenia", under Russian peacekeepers. The statement gives
no line; this module draws a 5 km band (2.5 km either side) along straight segments joining the gazetteer's
coordinates of Goris, Lachin / Berdzor and Stepanakert / Khankendi, clipped to the mapped districts so that it
starts at the border. It is schematic: the real road bends, and in 2020 it ran through the town of Lachin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, mapping

from geo.places import Place

STATEMENT_TITLE = "Statement by the President of the Republic of Azerbaijan, the Prime Minister of the Republic of Armenia and the President of the Russian Federation"  # noqa: E501
STATEMENT_URL = "http://en.kremlin.ru/events/president/news/64384"
# The statement took effect at 00:00 Moscow time on 10 November 2020 (its point 1).
IN_FORCE_FROM = dt.date(2020, 11, 10)
WIDTH_M = 5_000
ROUTE = ("goris", "lachin-town", "stepanakert")
# UTM zone 38N: metres, little distortion at 46-47°E.
METRIC_CRS = "EPSG:32638"


def corridor_polygon(places: Mapping[str, Place], districts_union: shapely.Geometry) -> shapely.Geometry:
    """The schematic band as a WGS84 (EPSG:4326) polygon, clipped to ``districts_union`` (also WGS84)."""
    line = LineString([(places[pid].lon, places[pid].lat) for pid in ROUTE])
    to_metric = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
    to_wgs84 = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)

    def project(geom: shapely.Geometry, transformer: Transformer) -> shapely.Geometry:
        return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))

    band = project(project(line, to_metric).buffer(WIDTH_M / 2, quad_segs=4), to_wgs84)
    clipped = band.intersection(districts_union)
    return shapely.set_precision(clipped, 1e-4)


def corridor_feature(places: Mapping[str, Place], districts_union: shapely.Geometry) -> dict:
    """The band as a GeoJSON Feature with its label and sources."""
    return {
        "type": "Feature",
        "properties": {
            "id": "lachin-corridor",
            "label": "Lachin corridor (schematic 5 km band)",
            "source_title": STATEMENT_TITLE,
            "source_url": STATEMENT_URL,
        },
        "geometry": mapping(corridor_polygon(places, districts_union)),
    }


def corridor_feature_in(places: Mapping[str, Place], districts_geojson: dict) -> dict:
    """The band clipped to the union of the districts of a GeoJSON FeatureCollection (WGS84)."""
    from shapely.geometry import shape
    from shapely.ops import unary_union

    union = unary_union([shape(feature["geometry"]) for feature in districts_geojson["features"]])
    return corridor_feature(places, union)
